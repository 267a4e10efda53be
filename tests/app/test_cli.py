"""`werkvorm check` and `werkvorm export` as an author and a CI job meet them."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT
from werkvorm_dsl.app.cli import main

GOOD = ROOT / "tests/data/good/ronde-per-deelnemer.werkvorm"
OVERRUN = ROOT / "tests/data/bad/e401-past-niet.werkvorm"
MAYBE = ROOT / "tests/data/bad/w402-past-misschien-niet.werkvorm"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_file_exits_0(capsys):
    code, out, _ = run(capsys, "check", str(GOOD))
    assert code == 0
    assert "alles in orde" in out


def test_overrun_exits_1_and_points_at_the_duration_line(capsys):
    code, out, _ = run(capsys, "check", str(OVERRUN))
    assert code == 1
    assert "e401-past-niet.werkvorm:2:1: fout[E401]" in out
    assert "73 min" in out


def test_warnings_pass_unless_strict(capsys):
    assert run(capsys, "check", str(MAYBE))[0] == 0
    code, out, _ = run(capsys, "check", "--strict", str(MAYBE))
    assert code == 1
    assert "fout[W402]" in out


def test_folder_is_searched(capsys):
    code, out, _ = run(capsys, "check", str(ROOT / "formats"))
    assert code == 0
    count = len(list((ROOT / "formats").glob("*.werkvorm")))
    assert f"{count} bestanden gecontroleerd" in out


def test_json_format(capsys):
    code, out, _ = run(capsys, "check", "--format", "json", str(OVERRUN))
    data = json.loads(out)
    assert code == 1
    assert [d["code"] for d in data] == ["I704", "E401", "I703"]
    assert data[1]["regel"] == 2 and data[1]["ernst"] == "fout"
    assert data[0]["ernst"] == "opmerking"


def test_github_format_annotates_the_line(capsys):
    code, out, _ = run(capsys, "check", "--format", "github", str(OVERRUN))
    assert code == 1
    assert [line.split(" ", 1)[0] for line in out.splitlines()] == ["::notice", "::error", "::notice"]
    assert ",line=2,col=1," in out and "title=E401::" in out


def test_export_json(capsys):
    code, out, _ = run(capsys, "export", "--format", "json", str(GOOD))
    data = json.loads(out)
    assert code == 0
    assert data["schema"] == "werkvorm-dsl/3"
    assert data["title"]["text"] == "Iedereen komt aan de beurt"


def test_export_refuses_a_file_with_errors(capsys):
    code, out, err = run(capsys, "export", str(OVERRUN))
    assert code == 1
    assert "E401" in out
    # one line naming the file, as build and fmt say it ('x.werkvorm: niet gebouwd, want …')
    assert err.strip().endswith(f"{OVERRUN.name}: niet geëxporteerd, want er staan fouten in. Los die eerst op.")


@pytest.mark.parametrize(
    "argv, says",
    [
        (["check", "bestaat-niet.werkvorm"], "bestaat niet"),
        (["check", "--format", "xml", "x"], "onbekende keuze"),
        (["check"], "ontbreekt"),
        (["wat"], "onbekende keuze"),
    ],
)
def test_usage_errors_exit_2_with_one_dutch_line(capsys, argv, says):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert says in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_folder_without_werkvormen_exits_2(capsys, tmp_path):
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 2
    assert "geen .werkvorm-bestanden" in err


@pytest.mark.parametrize(
    "content, code_",
    [
        (b"", "E003"),
        (b"   \n\n", "E003"),
        (b"\x00\x01\x02PK\x03\x04 binary", "E001"),
    ],
)
def test_empty_and_binary_files_are_diagnostics(capsys, tmp_path, content, code_):
    path = tmp_path / "x.werkvorm"
    path.write_bytes(content)
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert f"fout[{code_}]" in out


def test_byte_order_mark_and_windows_line_ends(capsys, tmp_path):
    path = tmp_path / "bom.werkvorm"
    path.write_bytes(
        "\ufeffWERKVORM Met BOM\r\nduur: 10 min\r\n\r\nSESSIE\r\nstap Welkom\r\n    duur: 10 min\r\n".encode()
    )
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0, out


def test_windows_1252_is_read_with_a_warning(capsys, tmp_path):
    path = tmp_path / "cp.werkvorm"
    path.write_bytes(
        "WERKVORM Geïnteresseerd\nduur: 10 min\n\nSESSIE\nstap Welkom\n    duur: 10 min\n".encode("cp1252")
    )
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0
    assert "waarschuwing[W002]" in out


def test_check_does_not_import_jinja2_or_weasyprint():
    probe = (
        "import sys; from werkvorm_dsl.app.cli import main; "
        f"code = main(['check', {str(ROOT / 'formats')!r}]); "
        "heavy = [m for m in ('jinja2', 'weasyprint', 'markdown_it', 'pypdf', 'lark', 'werkvorm_dsl.output.documents', 'werkvorm_dsl.output.formats', 'pygls', 'lsprotocol', 'werkvorm_dsl.app.lsp', 'werkvorm_dsl.app.editor_services', 'enchant', 'pyphen', 'werkvorm_dsl.taal.check', 'docx', 'odf', 'tomllib', 'werkvorm_dsl.output.house_style', 'multiprocessing') if m in sys.modules]; "
        "print('HEAVY', heavy); sys.exit(code)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout


def test_console_script_runs():
    result = subprocess.run(
        [sys.executable, "-m", "werkvorm_dsl.app.cli", "check", str(GOOD)], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "alles in orde" in result.stdout


def test_notepad_unicode_is_read_with_a_warning(capsys, tmp_path):
    path = tmp_path / "utf16.werkvorm"
    path.write_bytes(
        "WERKVORM Geïnteresseerd\r\nduur: 10 min\r\n\r\nSESSIE\r\nstap Welkom\r\n    duur: 10 min\r\n".encode("utf-16")
    )
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0
    assert "waarschuwing[W002]" in out and "UTF-16" in out
