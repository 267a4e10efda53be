"""`werkvorm build` as a command: its options, output names that cannot escape the output folder, writes
that a failure or a kill never leaves half done, and one Dutch line for a folder it cannot write."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT
from werkvorm_dsl.app.build_command import MANIFEST, slug_for
from werkvorm_dsl.app.cli import main

SEED = ROOT / "formats" / "intervisie-participatie.werkvorm"


def build(*argv) -> int:
    return main(["build", *map(str, argv)])


@pytest.mark.parametrize(
    "name, expected",
    [
        ("formats/Liefdevol roddelen.werkvorm", "liefdevol-roddelen"),
        ("../../etc/passwd.werkvorm", "passwd"),
        ("a/b/..werkvorm", "werkvorm"),
        ("CON.werkvorm", "con-werkvorm"),
        ("lpt1.werkvorm", "lpt1-werkvorm"),
        ("🎉 feest ☕.werkvorm", "feest"),
        ("Geïnteresseerd – één.werkvorm", "geinteresseerd-een"),
        ("x" * 300 + ".werkvorm", "x" * 80),
    ],
)
def test_output_names_cannot_escape_the_output_folder(name, expected):
    slug = slug_for(name)
    assert slug == expected
    assert "/" not in slug and "\\" not in slug and slug not in (".", "..")


@pytest.fixture(scope="module")
def built_seed(tmp_path_factory) -> Path:
    """The participatie werkvorm built as `werkvorm build` does by default, once for the tests below that
    start from a whole set of outputs: each gets its own copy (a build is reproducible, and the manifest
    names files, not places, so a copy is what a build into that folder writes)."""
    target = tmp_path_factory.mktemp("gebouwd")
    assert build("--to", target, SEED) == 0
    return target / "intervisie-participatie"


def previous_outputs(built_seed: Path, target: Path) -> Path:
    """A copy of the whole set into `target`, where a build of SEED writes."""
    folder = target / "intervisie-participatie"
    shutil.copytree(built_seed, folder)
    return folder


@pytest.mark.pdf
def test_a_failing_build_leaves_the_previous_outputs_whole(tmp_path, monkeypatch, built_seed):
    folder = previous_outputs(built_seed, tmp_path)
    before = {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    from werkvorm_dsl.output import pdf_renderer as pdf

    def broken(self, html):
        raise RuntimeError("stroomstoring halverwege")

    monkeypatch.setattr(pdf.Renderer, "cards", broken)
    changed = tmp_path / "gewijzigd.werkvorm"
    with pytest.raises(RuntimeError):
        build("--to", tmp_path, SEED)
    after = {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in folder.iterdir() if p.name.startswith(".tmp-")]
    assert not changed.exists()


@pytest.mark.pdf
def test_a_killed_build_never_leaves_a_half_written_file(tmp_path, built_seed):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    folder = previous_outputs(built_seed, tmp_path)
    complete = sorted(p.name for p in folder.glob("*.*") if p.name != MANIFEST)
    assert len(complete) == 26  # every document in every format a build makes by default (leiden.html, zaal.html too)
    for delay in (0.6, 0.9, 1.2):
        process = subprocess.Popen(
            [sys.executable, "-m", "werkvorm_dsl.app.cli", "build", "--to", str(tmp_path), str(SEED)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for pdf_file in folder.glob("*.pdf"):
            assert len(PdfReader(pdf_file).pages) >= 1, (delay, pdf_file.name)  # a truncated PDF would not open
        # The manifest is bookkeeping; a hidden .tmp- file is a write the kill cut short, never an
        # output (outputs are renamed into place whole), and the next build clears it (below).
        names = sorted(p.name for p in folder.glob("*.*") if p.name != MANIFEST and not p.name.startswith(".tmp-"))
        assert names == complete, delay
    assert build("--to", tmp_path, SEED) == 0
    assert not list(folder.glob(".tmp-*"))  # what a killed build left behind is cleared by the next one


def test_unwritable_output_folder_is_one_dutch_line(tmp_path, capsys):
    if os.geteuid() == 0:
        target = "/proc/werkvorm-kan-hier-niet"  # root may write anywhere else
    else:
        target = str(tmp_path / "alleen-lezen")
        os.mkdir(target, 0o500)
    code = build("--to", target, SEED)
    err = capsys.readouterr().err
    assert code == 2 and "kan ik niet schrijven" in err and len(err.strip().splitlines()) == 1


def test_an_unreadable_file_is_one_dutch_line(tmp_path, capsys):
    folder = tmp_path / "map.werkvorm"
    folder.mkdir()
    code = main(["check", str(tmp_path / "weg.werkvorm")])
    err = capsys.readouterr().err
    assert code == 2 and "bestaat niet" in err


def test_the_fonts_beside_the_html_are_never_written_through_a_link(tmp_path):
    """outputs/x/fonts planted as a link to another folder, and a font file planted as a link to a
    file elsewhere: the build replaces the links and writes nothing outside the output folder."""
    from werkvorm_dsl.output.render import ASSETS

    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    keep = elsewhere / "Lato-Bold.ttf"
    keep.write_bytes(b"niet overschrijven")
    folder = tmp_path / "uit" / SEED.stem
    folder.mkdir(parents=True)
    (folder / "fonts").symlink_to(elsewhere, target_is_directory=True)
    assert build("--to", tmp_path / "uit", "--formaten", "html", SEED) == 0
    assert (
        sorted(p.name for p in elsewhere.iterdir()) == ["Lato-Bold.ttf"] and keep.read_bytes() == b"niet overschrijven"
    )
    fonts = folder / "fonts"
    assert fonts.is_dir() and not fonts.is_symlink()
    (fonts / "Lato-Bold.ttf").unlink()
    (fonts / "Lato-Bold.ttf").symlink_to(keep)
    assert build("--to", tmp_path / "uit", "--formaten", "html", SEED) == 0
    assert keep.read_bytes() == b"niet overschrijven" and not (fonts / "Lato-Bold.ttf").is_symlink()
    assert (fonts / "Lato-Bold.ttf").read_bytes() == (Path(ASSETS) / "fonts/Lato-Bold.ttf").read_bytes()


def test_build_refuses_a_werkvorm_with_errors(tmp_path, capsys):
    code = main(["build", "--to", str(tmp_path), str(ROOT / "tests/data/bad/e401-past-niet.werkvorm")])
    err = capsys.readouterr().err
    assert code == 1
    assert "niet gebouwd" in err
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    "argv, says",
    [
        (["--only", "boek"], "onbekende uitvoer"),
        (["--start", "25:00"], "--start"),
        (["--datum", "3-12-2026"], "--datum"),
    ],
)
def test_bad_build_options_exit_2_with_a_dutch_line(tmp_path, capsys, argv, says):
    code = main(["build", "--to", str(tmp_path), *argv, str(ROOT / "formats")])
    err = capsys.readouterr().err
    assert code == 2 and says in err and len(err.strip().splitlines()) == 1
