"""`werkvorm build -j N`: the same files as one at a time, and every message in the files' order."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from werkvorm_dsl.app.cli import main

BROKEN = "WERKVORM Kapot {n}\nduur: 10 min\n\nSESSIE\nstap Welkom\n    duur: blauw\n"


def library(folder: Path) -> list[Path]:
    folder.mkdir()
    for source in sorted((ROOT / "formats").glob("*.werkvorm"))[:4]:
        shutil.copy(source, folder / source.name)
    for n in (1, 2):
        (folder / f"kapot-{n}.werkvorm").write_text(BROKEN.format(n=n), encoding="utf-8")
    return sorted(folder.glob("*.werkvorm"))


def test_parallel_build_writes_what_one_at_a_time_writes_in_the_same_order(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    library(tmp_path / "bib")
    said = {}
    for jobs in ("1", "3"):
        code = main(["build", "-j", jobs, "--to", str(tmp_path / jobs), "--formaten", "html,md", str(tmp_path / "bib")])
        out, err = capsys.readouterr()
        said[jobs] = (code, out.replace(str(tmp_path / jobs), "UIT"), err.replace(str(tmp_path / jobs), "UIT"))
    assert said["1"] == said["3"]
    code, out, err = said["3"]
    assert code == 1 and err.index("kapot-1.werkvorm: niet gebouwd") < err.index("kapot-2.werkvorm: niet gebouwd")
    assert out.count("bestanden in UIT") == 4
    one = sorted(p.relative_to(tmp_path / "1") for p in (tmp_path / "1").rglob("*") if p.is_file())
    assert one and one == sorted(p.relative_to(tmp_path / "3") for p in (tmp_path / "3").rglob("*") if p.is_file())
    for name in one:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "3" / name).read_bytes(), name


def test_a_full_disk_in_a_worker_stops_the_build_with_one_dutch_line(tmp_path, capsys, monkeypatch):
    import os

    library(tmp_path / "bib")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)  # the forked workers inherit it (a folder is now swapped in, not replaced)
    code = main(["build", "-j", "2", "--to", str(tmp_path / "uit"), "--formaten", "md", str(tmp_path / "bib")])
    err = capsys.readouterr().err
    assert code == 2
    assert "de schijf is vol" in err and "Traceback" not in err
    assert not [p for p in (tmp_path / "uit").rglob("*.md")]


def test_a_bad_job_count_is_a_dutch_usage_error(tmp_path, capsys):
    assert main(["build", "-j", "nul", "--to", str(tmp_path), str(ROOT / "formats")]) == 2
    assert "-j: 'nul' is geen aantal" in capsys.readouterr().err


# --- work beside the build, in a forked child (the taal note while PDFs render) ---------------


def test_aside_work_runs_in_another_process_and_gives_its_result():
    import os

    from werkvorm_dsl.system.parallel import Aside

    parent = os.getpid()
    aside = Aside(lambda: ("klaar", os.getpid()))
    assert aside.pid  # a child was started
    said, where = aside.result()
    assert said == "klaar" and where != parent
    _assert_no_children()


def test_aside_work_whose_child_dies_or_fails_is_done_here_with_the_same_outcome():
    import os
    import signal

    import pytest

    from werkvorm_dsl.system.parallel import Aside

    parent = os.getpid()

    def dies_in_the_child():
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # killed by the system: no answer in the pipe
        return "hier gedaan"

    assert Aside(dies_in_the_child).result() == "hier gedaan"

    def fails():
        raise ValueError("kapot")

    with pytest.raises(ValueError, match="kapot"):  # as it would inline, not a silent empty answer
        Aside(fails).result()
    _assert_no_children()


def test_aside_work_that_is_cancelled_leaves_no_child_behind():
    import time

    from werkvorm_dsl.system.parallel import Aside

    aside = Aside(lambda: time.sleep(30))
    aside.cancel()
    _assert_no_children()


def idle_two_cores(monkeypatch) -> None:
    """A machine with two cores and nothing else to do: the build may work aside."""
    import os

    from werkvorm_dsl.system import parallel

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(parallel, "busy_cores", lambda: 0)


def test_work_aside_only_with_fewer_werkvormen_than_jobs_on_a_machine_that_is_not_busy(monkeypatch):
    from werkvorm_dsl.system import parallel

    idle_two_cores(monkeypatch)
    assert parallel.core_to_spare(2, 1) and not parallel.core_to_spare(2, 2) and not parallel.core_to_spare(1, 1)
    monkeypatch.setattr(parallel, "busy_cores", lambda: 1)  # another program runs on the other core
    assert not parallel.core_to_spare(2, 1)


def test_busy_cores_counts_the_other_running_tasks_or_says_busy_when_it_cannot_tell(monkeypatch):
    import builtins
    import io
    import os

    from werkvorm_dsl.system import parallel

    real_open = builtins.open

    def loadavg(text):
        return lambda path, *args, **kwargs: (
            io.StringIO(text) if path == "/proc/loadavg" else real_open(path, *args, **kwargs)
        )

    monkeypatch.setattr(builtins, "open", loadavg("3.10 2.00 1.00 3/467 1234\n"))
    assert parallel.busy_cores() == 2  # three running, this one among them
    monkeypatch.setattr(builtins, "open", loadavg("onleesbaar"))
    monkeypatch.setattr(os, "getloadavg", lambda: (0.25, 0.5, 0.5))
    assert parallel.busy_cores() == 0.25

    def no_load_average():
        raise OSError("not on this system")

    monkeypatch.setattr(os, "getloadavg", no_load_average)
    assert parallel.busy_cores() == float("inf") and not parallel.core_to_spare(8, 1)


@pytest.mark.pdf
def test_a_full_disk_while_working_aside_stops_with_one_dutch_line_and_leaves_no_child(tmp_path, capsys, monkeypatch):
    import os

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    idle_two_cores(monkeypatch)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)  # every file is written with os.write; it is the disk that is full
    # One werkvorm and two jobs: its taal note and half of its PDFs are made in child processes.
    code = main(
        [
            "build",
            "-j",
            "2",
            "--to",
            str(tmp_path / "uit"),
            "--formaten",
            "html,pdf",
            str(ROOT / "formats" / "intervisie-participatie.werkvorm"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "de schijf is vol" in err and "Traceback" not in err
    _assert_no_children()


@pytest.mark.pdf
def test_a_werkvorm_built_with_a_core_to_spare_is_the_same_byte_for_byte(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    idle_two_cores(monkeypatch)
    source = ROOT / "formats" / "intervisie-participatie.werkvorm"
    said = {}
    for jobs in ("1", "2"):
        code = main(["build", "-j", jobs, "--to", str(tmp_path / jobs), "--formaten", "html,md,pdf", str(source)])
        out, err = capsys.readouterr()
        said[jobs] = (code, out.replace(str(tmp_path / jobs), "UIT"), err)
    assert said["1"] == said["2"]
    assert "taalwaarschuwingen" in said["2"][1]  # the note made aside reached the summary line
    files = sorted(p.relative_to(tmp_path / "1") for p in (tmp_path / "1").rglob("*") if p.is_file())
    assert any(name.name == "kaarten.pdf" for name in files)  # rendered aside: the later half of the PDFs
    assert files == sorted(p.relative_to(tmp_path / "2") for p in (tmp_path / "2").rglob("*") if p.is_file())
    for name in files:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name
    _assert_no_children()


@pytest.mark.pdf
def test_weasyprints_remarks_on_pdfs_rendered_aside_reach_the_author_in_their_order(tmp_path, capsys, monkeypatch):
    import os

    from werkvorm_dsl.output.formats import pdf as pdf_pages

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    idle_two_cores(monkeypatch)

    def remarked(renderer, document, html):  # the forked child inherits this stand-in
        renderer.problems.append(f"plaatje in {document} niet gevonden")
        return {"pdf": str(os.getpid()).encode()}  # which process rendered it

    monkeypatch.setattr(pdf_pages, "pdf_files", remarked)
    said = {}
    for jobs in ("1", "2"):
        main(
            [
                "build",
                "-j",
                jobs,
                "--to",
                str(tmp_path / jobs),
                "--formaten",
                "pdf",
                str(ROOT / "formats" / "intervisie-participatie.werkvorm"),
            ]
        )
        said[jobs] = capsys.readouterr().err
    assert said["1"] == said["2"]
    remarks = [line for line in said["2"].splitlines() if "niet gevonden" in line]
    assert [line.split("plaatje in ")[1].split()[0] for line in remarks] == list(pdf_pages.Pdf.documents)
    here = str(os.getpid()).encode()
    made_by = {
        jobs: {
            document: (tmp_path / jobs / "intervisie-participatie" / f"{document}.pdf").read_bytes()
            for document in pdf_pages.Pdf.documents
        }
        for jobs in ("1", "2")
    }
    assert set(made_by["1"].values()) == {here}
    assert made_by["2"]["draaiboek"] == here and made_by["2"]["kaarten"] != here  # the later half aside
    _assert_no_children()


def _assert_no_children():
    import os

    import pytest

    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child running, and none left as a zombie


def test_what_a_parallel_build_prepares_is_loaded_once_before_the_workers_fork():
    from werkvorm_dsl.system import parallel

    prepared = []

    def work(path):
        return path, len(prepared)  # in a forked worker: what the parent had prepared by then

    seen = []
    parallel.run_all(["a", "b", "c"], work, 2, seen.append, lambda result: False, prepare=lambda: prepared.append(1))
    assert seen == [("a", 1), ("b", 1), ("c", 1)] and prepared == [1]
    prepared.clear()
    parallel.run_all(["a"], work, 2, seen.append, lambda result: False, prepare=lambda: prepared.append(1))
    assert prepared == []  # one werkvorm: no workers, nothing to prepare for them
