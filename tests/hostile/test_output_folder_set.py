"""A werkvorm's output folder is one set: after a fault at any file write, Ctrl-C or a killed
worker it holds the whole old set or the whole new one, never a mix."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from werkvorm_dsl.app import build_command
from werkvorm_dsl.app.cli import EXIT_INTERRUPTED, main
from werkvorm_dsl.system import files, parallel

WERKVORM = ROOT / "formats" / "intervisie-participatie.werkvorm"
FORMATS = "html,md"  # enough files for a set (and fonts/ beside the HTML), quick to build
OLD_TITLE, NEW_TITLE = "Oude titel van de sessie", "Nieuwe titel van de sessie"


def snapshot(folder) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def titled(source: str, title: str) -> str:
    lines = source.splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.startswith("WERKVORM"):
            lines[number] = f"WERKVORM: {title}\n"
            return "".join(lines)
    raise AssertionError("the sample has a WERKVORM line")


def build(tmp_path, *extra: str) -> int:
    return main(
        ["build", *extra, "--to", str(tmp_path / "uit"), "--formaten", FORMATS, str(tmp_path / "sessie.werkvorm")]
    )


@pytest.fixture
def sets(tmp_path, capsys):
    """The old set and the new set of one werkvorm, built without faults, and the old one in place."""
    source = WERKVORM.read_text(encoding="utf-8")
    made = {}
    for title in (NEW_TITLE, OLD_TITLE):
        (tmp_path / "sessie.werkvorm").write_text(titled(source, title), encoding="utf-8")
        build(tmp_path)
        made[title] = snapshot(tmp_path / "uit" / "sessie")
    (tmp_path / "uit" / "sessie" / "eigen-aantekening.txt").write_text("van de auteur\n", encoding="utf-8")
    made[OLD_TITLE]["eigen-aantekening.txt"] = made[NEW_TITLE]["eigen-aantekening.txt"] = b"van de auteur\n"
    (tmp_path / "sessie.werkvorm").write_text(titled(source, NEW_TITLE), encoding="utf-8")
    capsys.readouterr()
    return made


def writes_of_one_build(tmp_path, monkeypatch) -> int:
    count = []
    real = files._write_all
    monkeypatch.setattr(files, "_write_all", lambda descriptor, data: count.append(1) or real(descriptor, data))
    shutil.copytree(tmp_path / "uit", tmp_path / "probe")
    main(["build", "--to", str(tmp_path / "probe"), "--formaten", FORMATS, str(tmp_path / "sessie.werkvorm")])
    monkeypatch.setattr(files, "_write_all", real)
    return len(count)


@pytest.mark.parametrize("fault", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_a_fault_at_every_file_write_leaves_the_old_set_whole(tmp_path, sets, capsys, monkeypatch, fault):
    writes = writes_of_one_build(tmp_path, monkeypatch)
    assert writes > len(sets[OLD_TITLE]) - 2, "every file of the set (and the manifest) is one write"
    real = files._write_all
    for failing in range(writes):
        calls = []

        def write_all(descriptor, data, failing=failing, calls=calls):
            calls.append(1)
            if len(calls) - 1 == failing:
                raise fault
            real(descriptor, data)

        monkeypatch.setattr(files, "_write_all", write_all)
        code = build(tmp_path)
        err = capsys.readouterr().err
        said = "afgebroken" if isinstance(fault, KeyboardInterrupt) else "de schijf is vol"
        assert code == (EXIT_INTERRUPTED if isinstance(fault, KeyboardInterrupt) else 2), err
        assert said in err and "Traceback" not in err
        assert snapshot(tmp_path / "uit" / "sessie") == sets[OLD_TITLE], f"after a fault at write {failing}"
        monkeypatch.setattr(files, "_write_all", real)
    assert build(tmp_path) in (0, 1)
    assert snapshot(tmp_path / "uit" / "sessie") == sets[NEW_TITLE]
    assert not [name for name in os.listdir(tmp_path / "uit") if name.startswith(".tmp-")], "leftovers cleared"


def test_a_file_in_the_way_of_the_set_changes_nothing_and_says_so_honestly(tmp_path, sets, capsys, monkeypatch):
    """The issue's case: a folder where uitnodiging.txt should go. The set is written aside, so the
    old folder stays whole and 'er is niets half geschreven' is true."""
    real = files.write_new

    def blocked(path, data, shown_as=""):
        if path.endswith("uitnodiging.txt"):
            os.mkdir(path)
        real(path, data, shown_as)

    monkeypatch.setattr("werkvorm_dsl.system.folders.write_new", blocked)
    assert build(tmp_path) == 2
    err = capsys.readouterr().err
    assert "uitnodiging.txt" in err and "niets half geschreven" in err
    assert snapshot(tmp_path / "uit" / "sessie") == sets[OLD_TITLE]


def test_a_link_in_place_of_the_folder_is_replaced_never_followed(tmp_path, capsys):
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (elsewhere / "draaiboek.html").write_text("niet van ons", encoding="utf-8")
    shutil.copy(WERKVORM, tmp_path / "sessie.werkvorm")
    (tmp_path / "uit").mkdir()
    (tmp_path / "uit" / "sessie").symlink_to(elsewhere)
    build(tmp_path)
    assert not (tmp_path / "uit" / "sessie").is_symlink()
    assert (elsewhere / "draaiboek.html").read_text(encoding="utf-8") == "niet van ons"
    assert os.listdir(elsewhere) == ["draaiboek.html"]


def test_a_dead_worker_is_one_line_for_its_werkvorm_and_the_others_go_on(tmp_path):
    def work(path: str) -> str:
        if path == "b":
            os.kill(os.getpid(), signal.SIGKILL)
        return path.upper()

    started = time.monotonic()
    seen: list[str] = []
    results = parallel.run_all(
        ["a", "b", "c", "d"], work, 2, seen.append, lambda result: False, lost=lambda p: f"lost {p}"
    )
    assert results == seen == ["A", "lost b", "C", "D"]
    assert time.monotonic() - started < 30


def test_every_worker_dying_still_ends(tmp_path):
    def work(path: str) -> str:
        os.kill(os.getpid(), signal.SIGKILL)
        return path

    results = parallel.run_all(list("abcde"), work, 3, lambda r: None, lambda r: False, lost=lambda p: f"lost {p}")
    assert results == [f"lost {p}" for p in "abcde"]


def test_a_worker_killed_in_a_build_says_e514_exits_2_and_leaves_its_folder_whole(tmp_path, sets, capsys, monkeypatch):
    shutil.copy(WERKVORM, tmp_path / "ander.werkvorm")
    real = build_command.build_one

    def dies_on_sessie(checked, *args, **kwargs):
        if checked.path.endswith("sessie.werkvorm"):
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
        return real(checked, *args, **kwargs)

    monkeypatch.setattr(build_command, "build_one", dies_on_sessie)  # the forked workers inherit it
    paths = [str(tmp_path / "sessie.werkvorm"), str(tmp_path / "ander.werkvorm")]
    code = main(["build", "-j", "2", "--to", str(tmp_path / "uit"), "--formaten", FORMATS, *paths])
    err = capsys.readouterr().err
    lost = [line for line in err.splitlines() if "E514" in line]
    assert code == 2 and len(lost) == 1 and "sessie.werkvorm" in lost[0] and "Traceback" not in err
    assert snapshot(tmp_path / "uit" / "sessie") == sets[OLD_TITLE]
    assert (tmp_path / "uit" / "ander" / "draaiboek.html").is_file()


def children_of(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(child) for child in handle.read().split()]
    except OSError:
        return []


@pytest.mark.slow  # a build killed from outside, by design
@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs Linux's /proc to find the workers")
def test_kill_9_of_a_worker_from_outside_ends_the_build_with_exit_2(tmp_path):
    """The issue's measurement: `kill -9` of one worker of `werkvorm build -j 2` over the formats;
    the parent used to wait for ever. Now it ends, says E514 once, and every folder is a whole set."""
    command = [sys.executable, "-m", "werkvorm_dsl.app.cli", "build", "-j", "2", "--to", str(tmp_path / "uit")]
    command += ["--formaten", "html,md", str(ROOT / "formats")]
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    build = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    deadline = time.monotonic() + 60
    while len(children_of(build.pid)) < 2 and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.05)
    workers = children_of(build.pid)
    assert workers, "the build started its workers"
    os.kill(workers[0], signal.SIGKILL)
    _, err = build.communicate(timeout=300)
    said = err.decode("utf-8")
    assert build.returncode == 2 and said.count("E514") == 1 and "Traceback" not in said, said
    for folder in (tmp_path / "uit").iterdir():
        if folder.is_dir() and not folder.name.startswith("."):
            assert (folder / ".werkvorm-uitvoer").is_file() and (folder / "draaiboek.html").is_file(), folder


@pytest.mark.pdf
@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs Linux's /proc to find the workers")
def test_ctrl_c_of_a_parallel_build_ends_it_with_130_and_every_folder_whole(tmp_path):
    command = [sys.executable, "-m", "werkvorm_dsl.app.cli", "build", "-j", "2", "--to", str(tmp_path / "uit")]
    command += ["--formaten", "html,md", str(ROOT / "formats")]
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    build = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    deadline = time.monotonic() + 60
    while len(children_of(build.pid)) < 2 and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.05)
    time.sleep(0.5)  # the workers are writing
    build.send_signal(signal.SIGINT)
    _, err = build.communicate(timeout=60)
    said = err.decode("utf-8")
    assert build.returncode in (EXIT_INTERRUPTED, 0), said  # 0 only if it finished before the signal came
    assert "Traceback" not in said
    for folder in (tmp_path / "uit").iterdir():
        assert not folder.name.startswith(".tmp-"), "what the ended workers left half-made is cleared"
        if folder.is_dir():
            assert (folder / ".werkvorm-uitvoer").is_file() and (folder / "draaiboek.html").is_file(), folder


@pytest.mark.slow  # build processes racing by design
def test_concurrent_builds_of_one_werkvorm_leave_one_whole_set(tmp_path, capsys):
    """Four builds at once into one output folder, each of another version of the same werkvorm:
    the folder ends as exactly one of the four sets, and nothing half-made is left beside it."""
    source = WERKVORM.read_text(encoding="utf-8")
    expected = []
    commands = []
    for number in range(4):
        folder = tmp_path / f"bron-{number}"
        folder.mkdir()
        (folder / "sessie.werkvorm").write_text(titled(source, f"Versie {number}"), encoding="utf-8")
        alone = tmp_path / f"alleen-{number}"
        main(["build", "--to", str(alone), "--formaten", FORMATS, str(folder / "sessie.werkvorm")])
        expected.append(snapshot(alone / "sessie"))
        commands.append(
            [sys.executable, "-m", "werkvorm_dsl.app.cli", "build", "-j", "1", "--to", str(tmp_path / "uit")]
            + ["--formaten", FORMATS, str(folder / "sessie.werkvorm")]
        )
    capsys.readouterr()
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    running = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
        for command in commands
    ]
    said = [process.communicate(timeout=300)[1].decode("utf-8") for process in running]
    assert all(process.returncode in (0, 1) for process in running), said
    assert snapshot(tmp_path / "uit" / "sessie") in expected
    assert sorted(os.listdir(tmp_path / "uit")) == ["sessie"]
