"""Control characters and odd file names in what the tool prints and writes: escaped in text, GitHub and
JSON output, and never raw in calendar files or PDF metadata."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from pypdf import PdfReader

from werkvorm_dsl.app.cli import main
from werkvorm_dsl.system.safe_text import CONTROL

MESSY = "werkvorm:   Rommelig\nDUUR:10 min\n\n\n\nsessie:\n  Stap   Geïnteresseerd welkom\nDuur:10 min\n"

ODD_NAME = "x\n::error title=gehackt::overgenomen\x1b]8;;evil.example\x07\u202e.werkvorm"


ODD_LINE = "duur: \x1b[2J\x1b]0;titel\x07 vijf\u2028\x85 min"


@pytest.fixture
def odd_file(tmp_path):
    path = tmp_path / ODD_NAME
    path.write_text(f"WERKVORM Vreemd\n{ODD_LINE}\n\nSESSIE\nstap Welkom\n    duur: 5 min\n", encoding="utf-8")
    return path


def raw_controls(text: str) -> list[str]:
    return [c for c in CONTROL.findall(text) if c != "\n"]


def test_text_output_shows_control_characters_escaped(odd_file, capsys):
    main(["check", str(odd_file)])
    out = capsys.readouterr().out
    assert not raw_controls(out), raw_controls(out)
    assert not [line for line in out.splitlines() if line.lstrip().startswith("::")]
    assert "\\x1b" in out and "\\x0a::error" in out


def test_caret_stands_under_the_right_character_after_escapes(tmp_path, capsys):
    path = tmp_path / "caret.werkvorm"
    path.write_text("WERKVORM Caret\nduur: 30 min\n\nSESSIE\nstap \x1b\x1b Welkom\n    duur: vijf\n", encoding="utf-8")
    main(["check", str(path)])
    lines = capsys.readouterr().out.splitlines()
    shown_line = next(line for line in lines if line.startswith("    6 | "))
    caret = lines[lines.index(shown_line) + 1].index("^")
    assert shown_line[caret] == "v"


def test_github_output_is_one_workflow_command_per_problem(odd_file, capsys):
    main(["check", "--format", "github", str(odd_file)])
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines), lines
    assert not raw_controls(out)
    file_property = re.search(r"file=([^,]*),", lines[0]).group(1)
    unescaped = file_property.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",")
    assert unescaped.replace("%25", "%").startswith(str(odd_file.parent) + "/x\n::error title=gehackt::")


def test_json_output_carries_no_raw_controls_and_the_exact_name(odd_file, capsys):
    main(["check", "--format", "json", str(odd_file)])
    out = capsys.readouterr().out
    assert not raw_controls(out.replace("\n", ""))
    assert json.loads(out)[0]["bestand"] == str(odd_file)


def test_fmt_check_shows_odd_names_escaped(tmp_path, capsys):
    path = tmp_path / "\n::error::nep\x1b[31m.werkvorm"
    path.write_text(MESSY, encoding="utf-8")
    assert main(["fmt", "--check", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    for output in (captured.out, captured.err):
        assert not raw_controls(output) and not [line for line in output.splitlines() if line.startswith("::")]


@pytest.mark.pdf
def test_ics_and_pdf_metadata_carry_no_control_characters(tmp_path):
    source = tmp_path / "stuur.werkvorm"
    source.write_text(
        "WERKVORM Stuur\x1b]8;;x\x07tekens\x7f \u202eomgekeerd\nduur: 30 min\n"
        "doel: Een\x1b[2J doel\x7f.\n\nVOORBEREIDING\nstap Nodig uit\x1b[31m rood\n\n"
        "SESSIE\nstap Welkom\n    duur: 10 min\n",
        encoding="utf-8",
    )
    assert (
        main(
            [
                "build",
                "--to",
                str(tmp_path / "uit"),
                "--pdf-a",
                "--only",
                "draaiboek,uitnodiging",
                "--datum",
                "2026-12-03",
                "--start",
                "14:00",
                str(source),
            ]
        )
        == 0
    )
    folder = tmp_path / "uit" / "stuur"
    ics = (folder / "uitnodiging.ics").read_text(encoding="utf-8")
    assert not raw_controls(ics.replace("\n", "")) and "SUMMARY:Stuur]8\\;\\;xtekens omgekeerd" in ics
    reader = PdfReader(folder / "draaiboek.pdf")
    assert not raw_controls(reader.metadata["/Title"])
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    ET.fromstring(xmp[xmp.index("<x:xmpmeta") : xmp.rindex("</x:xmpmeta>") + len("</x:xmpmeta>")])  # well-formed
    assert "Stuur]8;;xtekens omgekeerd" in xmp
