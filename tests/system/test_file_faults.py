"""Faults of files and systems: safe writes, one Dutch line per fault, output folders."""

import errno
import os
import shutil
import stat
import subprocess
import sys

import pytest

from conftest import ROOT
from werkvorm_dsl.app.build_command import MANIFEST
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.language.fmt import format_text

SEED = ROOT / "formats" / "intervisie-participatie.werkvorm"
MESSY = "werkvorm:   Rommelig\nDUUR:10 min\n\n\n\nsessie:\n  Stap   Geïnteresseerd welkom\nDuur:10 min\n"
TIDY = format_text(MESSY)
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def one_dutch_line(err: str, code: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert f"fout[{code}]" in lines[0] and "Traceback" not in err and "Tip:" in lines[0], err


def temporaries(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".tmp-")]


def no_space(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


# fmt: the file stays what it was, apart from its layout


def test_fmt_refuses_a_file_that_is_not_clean_utf8(tmp_path, capsys):
    path = tmp_path / "gemengd.werkvorm"
    data = MESSY.encode("utf-8") + "stap Dit is \u201dgoed\u201d\n".encode("cp1252")
    path.write_bytes(data)
    assert main(["fmt", str(path)]) == 2
    one_dutch_line(capsys.readouterr().err, "E504")
    assert path.read_bytes() == data  # no mojibake written back


def test_fmt_keeps_a_byte_order_mark_and_windows_line_endings(tmp_path):
    path = tmp_path / "windows.werkvorm"
    path.write_bytes(b"\xef\xbb\xbf" + MESSY.replace("\n", "\r\n").encode("utf-8"))
    assert main(["fmt", str(path)]) == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\n") == data.count(b"\r\n") > 0
    assert data[3:].decode("utf-8").replace("\r\n", "\n") == TIDY
    assert main(["fmt", "--check", str(path)]) == 0  # and now it counts as formatted


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_fmt_keeps_the_mode(tmp_path, mode):
    path = tmp_path / "modus.werkvorm"
    path.write_text(MESSY, encoding="utf-8")
    path.chmod(mode)
    assert main(["fmt", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == TIDY and stat.S_IMODE(path.stat().st_mode) == mode


def test_fmt_refuses_a_read_only_file(tmp_path, capsys):
    path = tmp_path / "alleen-lezen.werkvorm"
    path.write_text(MESSY, encoding="utf-8")
    path.chmod(0o444)
    assert main(["fmt", str(path)]) == 2
    one_dutch_line(capsys.readouterr().err, "E502")
    assert path.read_text(encoding="utf-8") == MESSY and stat.S_IMODE(path.stat().st_mode) == 0o444


def test_fmt_writes_through_a_symlink_and_keeps_the_link(tmp_path):
    target = tmp_path / "echt" / "doel.werkvorm"
    target.parent.mkdir()
    target.write_text(MESSY, encoding="utf-8")
    link = tmp_path / "link.werkvorm"
    link.symlink_to(target)
    assert main(["fmt", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == TIDY
    assert not temporaries(tmp_path) and not temporaries(target.parent)


def test_fmt_keeps_hard_links(tmp_path):
    first = tmp_path / "een.werkvorm"
    first.write_text(MESSY, encoding="utf-8")
    second = tmp_path / "twee.werkvorm"
    os.link(first, second)
    assert main(["fmt", str(first)]) == 0
    assert first.stat().st_ino == second.stat().st_ino and first.stat().st_nlink == 2
    assert second.read_text(encoding="utf-8") == TIDY


def test_fmt_with_hard_links_on_a_full_disk_keeps_the_old_text(tmp_path, monkeypatch, capsys):
    first = tmp_path / "een.werkvorm"
    first.write_text(MESSY, encoding="utf-8")
    os.link(first, tmp_path / "twee.werkvorm")
    monkeypatch.setattr(os, "posix_fallocate", no_space)
    assert main(["fmt", str(first)]) == 2
    one_dutch_line(capsys.readouterr().err, "E501")
    assert first.read_text(encoding="utf-8") == MESSY


def test_fmt_never_overwrites_a_save_made_while_it_worked(tmp_path, monkeypatch, capsys):
    path = tmp_path / "bewerkt.werkvorm"
    path.write_text(MESSY, encoding="utf-8")
    saved_meanwhile = MESSY + "\n# net opgeslagen in de editor\n"
    from werkvorm_dsl.language import fmt

    def format_while_an_editor_saves(text):
        path.write_text(saved_meanwhile, encoding="utf-8")
        return format_text(text)

    monkeypatch.setattr(fmt, "format_text", format_while_an_editor_saves)
    assert main(["fmt", str(path)]) == 2
    one_dutch_line(capsys.readouterr().err, "E503")
    assert path.read_text(encoding="utf-8") == saved_meanwhile
    assert not temporaries(tmp_path)


@pytest.mark.parametrize("failing", ["write", "replace"])
def test_fmt_on_a_full_disk_or_read_only_folder_is_one_dutch_line(tmp_path, monkeypatch, capsys, failing):
    path = tmp_path / "vol.werkvorm"
    path.write_text(MESSY, encoding="utf-8")
    (tmp_path / "netjes.werkvorm").write_text(TIDY, encoding="utf-8")  # several files: the run goes on
    if failing == "write":
        monkeypatch.setattr(os, "write", no_space)
    else:

        def read_only(*_args):
            raise OSError(errno.EROFS, "Read-only file system")

        monkeypatch.setattr(os, "replace", read_only)
    assert main(["fmt", str(tmp_path)]) == 2
    one_dutch_line(capsys.readouterr().err, "E501")
    assert path.read_text(encoding="utf-8") == MESSY and not temporaries(tmp_path)


# nieuw and build: whole files or none, and one line


def test_nieuw_on_a_full_disk_leaves_nothing_that_blocks_a_retry(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with monkeypatch.context() as patched:
        patched.setattr(os, "write", no_space)
        assert main(["nieuw", "feedback"]) == 2
    one_dutch_line(capsys.readouterr().err, "E501")
    assert list(tmp_path.iterdir()) == []
    assert main(["nieuw", "feedback"]) == 0
    assert main(["check", "feedback.werkvorm"]) == 0


def test_build_on_a_full_disk_keeps_the_previous_outputs(tmp_path, monkeypatch, capsys):
    assert main(["build", "--to", str(tmp_path), "--formaten", "html,md", str(SEED)]) == 0
    folder = tmp_path / SEED.stem
    before = {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    capsys.readouterr()
    monkeypatch.setattr(os, "write", no_space)
    assert main(["build", "--to", str(tmp_path), "--formaten", "html,md", str(SEED)]) == 2
    one_dutch_line(capsys.readouterr().err, "E501")
    assert {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_a_date_at_the_end_of_the_calendar_is_one_dutch_line(tmp_path, capsys):
    code = main(
        ["build", "--to", str(tmp_path), "--formaten", "md", "--datum", "9999-12-31", "--start", "23:00", str(SEED)]
    )
    assert code == 2
    one_dutch_line(capsys.readouterr().err, "E507")


def test_a_temporary_file_of_a_running_build_is_left_alone(tmp_path):
    assert main(["build", "--to", str(tmp_path), "--only", "tijdschema", str(SEED)]) == 0
    folder = tmp_path / SEED.stem
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        running = folder / f".tmp-werkvorm-{other.pid}-abc"
        running.write_bytes(b"half")
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
        killed = folder / f".tmp-werkvorm-{dead.stdout.strip()}-def"
        killed.write_bytes(b"half")
        assert main(["build", "--to", str(tmp_path), "--only", "tijdschema", str(SEED)]) == 0
        assert running.exists() and not killed.exists()
    finally:
        other.kill()
        other.wait()


@pytest.mark.slow  # several build processes at once
def test_parallel_builds_into_one_folder_all_succeed(tmp_path):
    command = [
        sys.executable,
        "-m",
        "werkvorm_dsl.app.cli",
        "build",
        "--to",
        str(tmp_path),
        "--formaten",
        "html,md",
        str(SEED),
    ]
    builds = [subprocess.Popen(command, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    results = [(b.wait(), b.stderr.read().decode()) for b in builds]
    assert all(code == 0 and not err for code, err in results), results
    assert not temporaries(tmp_path / SEED.stem)


def test_a_thousand_nested_folders_are_searched(tmp_path, capsys):
    deepest = str(tmp_path / "diep")
    os.mkdir(deepest)
    for _ in range(1100):
        deepest += "/a"
        os.mkdir(deepest)  # os.makedirs itself recurses too deep
    shutil.copy(SEED, deepest + "/diep.werkvorm")
    try:
        assert main(["check", str(tmp_path)]) == 0
        assert "1 bestand gecontroleerd" in capsys.readouterr().out
    finally:
        subprocess.run(["rm", "-rf", str(tmp_path / "diep")], check=True)  # shutil.rmtree recurses as well


@pytest.mark.parametrize(
    "while_importing", ["werkvorm_dsl.language.diagnostics", "werkvorm_dsl.language.parser_tables"]
)
def test_ctrl_c_while_loading_ends_quietly(while_importing):
    interrupt = (
        "import os, signal, sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name == {while_importing!r}:\n"
        "            os.kill(os.getpid(), signal.SIGINT)\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        f"sys.argv = ['werkvorm', 'check', {str(SEED)!r}]\n"
        "from werkvorm_dsl.__main__ import main\n"
        "sys.exit(main())\n"
    )
    result = subprocess.run([sys.executable, "-c", interrupt], env=ENV, capture_output=True, text=True, timeout=60)
    assert result.returncode == 130 and "afgebroken" in result.stderr and "Traceback" not in result.stderr, result


# Output folders


@pytest.mark.parametrize(
    "names",
    [
        ("a/intervisie.werkvorm", "b/intervisie.werkvorm"),
        ("Café.werkvorm", "cafe.werkvorm"),
        ("Intervisie.werkvorm", "intervisie!.werkvorm"),
    ],
)
def test_two_werkvormen_for_one_output_folder_build_nothing(tmp_path, capsys, names):
    sources = []
    for name in names:
        path = tmp_path / "bron" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SEED, path)
        sources.append(str(path))
    target = tmp_path / "uit"
    assert main(["build", "--to", str(target), *sources]) == 2
    one_dutch_line(capsys.readouterr().err, "E505")
    assert not target.exists()


@pytest.mark.slow  # build processes racing by design
def test_the_same_file_twice_is_no_collision(tmp_path):
    link = tmp_path / "ook.werkvorm"
    shutil.copy(SEED, tmp_path / SEED.name)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / SEED.name).symlink_to(tmp_path / SEED.name)
    assert (
        main(
            [
                "build",
                "--to",
                str(tmp_path / "uit"),
                "--only",
                "tijdschema",
                str(tmp_path / SEED.name),
                str(tmp_path / "sub" / SEED.name),
            ]
        )
        == 0
    )
    assert not link.exists()


def test_outputs_no_longer_made_are_removed_and_nothing_else(tmp_path):
    source = tmp_path / "plan.werkvorm"
    shutil.copy(SEED, source)
    target = tmp_path / "uit"
    folder = target / "plan"
    assert (
        main(
            [
                "build",
                "--to",
                str(target),
                "--formaten",
                "html,md",
                "--datum",
                "2026-12-03",
                "--start",
                "14:00",
                str(source),
            ]
        )
        == 0
    )
    assert (folder / "uitnodiging.ics").exists()
    (folder / "eigen-notities.txt").write_text("van de schrijver", encoding="utf-8")
    (folder / "uitnodiging.ics.bak").write_text("kopie", encoding="utf-8")
    assert main(["build", "--to", str(target), "--formaten", "html", "--datum", "2026-12-03", str(source)]) == 0
    assert not (folder / "uitnodiging.ics").exists()  # no start time: no calendar event any more
    assert (folder / "draaiboek.md").exists()  # Markdown was not asked for this time: it stays
    assert (folder / "eigen-notities.txt").exists() and (folder / "uitnodiging.ics.bak").exists()
    assert "uitnodiging.ics" not in (folder / MANIFEST).read_text(encoding="utf-8")


def test_a_planted_manifest_removes_nothing_outside_the_outputs(tmp_path):
    folder = tmp_path / "uit" / SEED.stem
    folder.mkdir(parents=True)
    precious = tmp_path / "kostbaar.txt"
    precious.write_text("blijft", encoding="utf-8")
    (folder / "eigen.md").write_text("blijft", encoding="utf-8")
    (folder / MANIFEST).write_text(f"../../kostbaar.txt\n{precious}\neigen.md\n", encoding="utf-8")
    assert main(["build", "--to", str(tmp_path / "uit"), "--formaten", "md", str(SEED)]) == 0
    assert precious.exists() and (folder / "eigen.md").exists()


# Escaping what is printed
