"""`werkvorm build -j N`: the same files as one at a time, and every message in the files' order."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

from werkvorm_dsl.cli import main

ROOT = Path(__file__).resolve().parent.parent
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

    monkeypatch.setattr(os, "replace", full)  # the forked workers inherit it
    code = main(["build", "-j", "2", "--to", str(tmp_path / "uit"), "--formaten", "md", str(tmp_path / "bib")])
    err = capsys.readouterr().err
    assert code == 2
    assert "de schijf is vol" in err and "Traceback" not in err
    assert not [p for p in (tmp_path / "uit").rglob("*.md")]


def test_a_bad_job_count_is_a_dutch_usage_error(tmp_path, capsys):
    assert main(["build", "-j", "nul", "--to", str(tmp_path), str(ROOT / "formats")]) == 2
    assert "-j: 'nul' is geen aantal" in capsys.readouterr().err
