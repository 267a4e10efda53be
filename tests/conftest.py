"""The tests' shared fixtures, markers and settings.

The tests live in folders that mirror src/werkvorm_dsl (system/, language/, analysis/, taal/, output/,
app/; test_pipeline.py beside them, as pipeline.py is) and project/ for the repository as a whole. The
helper modules beside this file (strategies, samples, serving, browsing, layout, seedtext, corpus,
lsp_client, logos, reference_timing) can be imported from every test file.

Three markers name what is slow: `pdf` (WeasyPrint makes a PDF), `browser` (headless Chromium) and
`office` (LibreOffice). A test gets them from the fixtures it uses (FIXTURE_MARKS) or from its own
mark; a fourth, `slow`, is set on the few tests whose point is a large input, a time bound or a run of
mypy.
`make quick` leaves all four out, and then refuses a PDF made by a test without the `pdf` mark.
"""

import fcntl
import gc
import os
import shutil
import signal
import stat
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
# A test process holds a few hundred thousand objects that live all run (the collected tests, Hypothesis,
# fixtures), and the tests make millions that die young (WeasyPrint's boxes, lxml trees, tokens). At
# Python's default the youngest generation is collected every 700 new objects, and the older ones, which
# scan the long-lived heap, follow from it. Every 10,000 saves CPU time: tests/language, analysis and
# taal on two workers took 78.8 and 77.3 s against 81.2 and 83.2 s; one worker on tests/analysis and two
# PDF test files, 50.4 s against 56.5 s.
gc.set_threshold(10_000, 10, 10)
sys.path.insert(0, str(Path(__file__).resolve().parent))
# Test files share a few helpers with each other across the stage folders (test_serve's GOOD,
# test_taal_live's serve_client): every folder of tests is importable, whichever ran first.
for _folder in sorted(Path(__file__).resolve().parent.glob("*/")):
    if _folder.is_dir() and any(_folder.glob("test_*.py")):
        sys.path.append(str(_folder))
# The date `make` fixes for every build (Word and OpenDocument files carry it); pytest run on its
# own gets the same, so a test of reproducible files holds outside make too.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
# `werkvorm schrijven` opens the author's browser; a test never does (test_schrijven.py uses a fake one).
os.environ["WERKVORM_GEEN_BROWSER"] = "1"

# `make test` draws the same examples every run, so a red CI is a fact about the code, not about
# luck; `make fuzz` draws new ones every run, to find what the fixed ones miss.
settings.register_profile(
    "ci", max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("fuzz", max_examples=20000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# `make quick`, the edit-test loop: fixed draws as in `make test`, fewer of them (a test's own max_examples still holds).
settings.register_profile(
    "quick", max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FORMATS = sorted((ROOT / "formats").glob("*.werkvorm"))

# The fixtures that make PDFs, start Chromium, run LibreOffice or take seconds by design, and the
# marker each gives every test that uses it (directly or through another fixture).
FIXTURE_MARKS = {
    "built_formats": "pdf",
    "large_print_pdfs": "pdf",
    "large_print_handouts": "pdf",
    "chromium": "browser",  # behind the browser fixture
    # fixtures of one test file
    "untimed_draaiboeks": "pdf",  # output/test_accessibility.py
    "hostile_build": "pdf",  # output/test_hostile_text.py
    "house_built": "pdf",  # output/test_office.py
    "office_built": "office",  # output/test_office.py
    "untold": "pdf",  # output/test_document_text.py
    "checked_copy": "slow",  # project/test_closed_types.py: mypy over a copy of the package
}


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        for fixture, marker in FIXTURE_MARKS.items():
            if fixture in item.fixturenames:
                item.add_marker(marker)


def pytest_configure(config):
    if "not pdf" in (config.option.markexpr or ""):
        _refuse_pdfs()


def _refuse_pdfs():
    """Without the pdf tests, a test that makes a PDF all the same lacks its mark: it fails and says so,
    instead of making `make quick` slow."""
    from werkvorm_dsl.output.formats import pdf

    def refuse(context):
        raise AssertionError("deze test maakt een PDF: geef hem @pytest.mark.pdf (zie tests/conftest.py)")

    pdf.renderer_for = refuse


def _build(target: Path, *options: str, sources=FORMATS) -> Path:
    """`werkvorm build` into `target`; then every file and folder there read-only, since test files share it."""
    from werkvorm_dsl.app.cli import main

    assert main(["build", "--to", str(target), *options, *map(str, sources)]) == 0
    for path in sorted(target.rglob("*"), reverse=True):
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return target


def _once(tmp_path_factory, name: str, make) -> Path:
    """`make(folder)` once for the whole run, also when pytest-xdist runs it in several workers: the
    first worker makes the folder under a lock, the others wait for it and read the same one. Every
    caller makes the same thing, and no test writes into it, so sharing changes no outcome."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    shared = tmp_path_factory.getbasetemp().parent / f"gedeeld-{name}"
    with open(f"{shared}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / ".klaar").exists():
            if shared.exists():
                pytest.fail(f"{shared} is half made: another worker failed while making it (see its error)")
            shared.mkdir()
            make(shared)
            (shared / ".klaar").touch()
    return shared


@pytest.fixture(scope="session")
def built_formats(tmp_path_factory) -> Path:
    """formats/ built once for the whole run: every document in HTML, Markdown and PDF (and the text,
    JSON and calendar files that always come along; no Word or OpenDocument, which no reader of this
    folder needs), starting at 14:00 on 3 December 2026. One folder per werkvorm, named after its
    file. Read it, never write into it."""
    return _once(
        tmp_path_factory,
        "formats",
        lambda folder: _build(folder, "--formaten", "html,md,pdf", "--start", "14:00", "--datum", "2026-12-03"),
    )


@pytest.fixture(scope="session")
def built_formats_large(tmp_path_factory) -> Path:
    """formats/ in large print (--groot), every document in HTML and Markdown, without a start time:
    no PDFs, so it costs little."""
    return _once(tmp_path_factory, "formats-groot", lambda folder: _build(folder, "--groot", "--formaten", "html,md"))


@pytest.fixture(scope="session")
def large_print_pdfs(tmp_path_factory) -> Path:
    """The participatie werkvorm's hand-out and cards in large print, PDFs included: it has warnings (a
    CONCEPT), long text that goes on to follow-on cards, and a question list longer than one card.
    Gives the werkvorm's own folder."""
    seed = ROOT / "formats/intervisie-participatie.werkvorm"
    options = ("--groot", "--only", "deelnemers,kaarten", "--formaten", "html,md,pdf")
    return (
        _once(tmp_path_factory, "participatie-groot", lambda folder: _build(folder, *options, sources=[seed]))
        / seed.stem
    )


# --- the office files, opened by LibreOffice once for every test that reads them -------------

SEEDS = sorted((ROOT / "tests/data/seeds").glob("*.seed.txt"))
# The two seeds, and one with facilitator-only text (the seeds have none)
FACILITATED = ROOT / "formats" / "iedereen-aan-de-beurt.werkvorm"
WERKVORMEN = [ROOT / "formats" / seed.name.replace(".seed.txt", ".werkvorm") for seed in SEEDS] + [FACILITATED]
DOCUMENTS = ("draaiboek", "deelnemers", "uitnodiging")
OFFICE = ("docx", "odt")


@pytest.fixture(scope="session")
def office_built(tmp_path_factory):
    """Both seed werkvormen built in every format once, then every .docx and .odt opened by
    LibreOffice in two calls (one to PDF, one to text): soffice starts slowly."""

    return _once(tmp_path_factory, "office", _office_files)


def _office_files(target: Path) -> None:
    from werkvorm_dsl.app.cli import main

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice ontbreekt: installeer libreoffice-writer-nogui (make doet dat als root)"
    assert (
        main(
            [
                "build",
                "--to",
                str(target / "uit"),
                "--start",
                "14:00",
                "--formaten",
                "html,md,docx,odt",
                *map(str, WERKVORMEN),
            ]
        )
        == 0
    )
    flat = target / "plat"
    flat.mkdir()
    for werkvorm in WERKVORMEN:
        for document in DOCUMENTS:
            for suffix in OFFICE:
                shutil.copy(
                    target / "uit" / werkvorm.stem / f"{document}.{suffix}",
                    flat / f"{werkvorm.stem}-{document}-{suffix}.{suffix}",
                )
    files = sorted(str(path) for path in flat.iterdir())
    profile = f"-env:UserInstallation=file://{target / 'lo-profiel'}"
    for conversion in ("pdf", "txt:Text (encoded):UTF8"):
        subprocess.run(
            [
                soffice,
                profile,
                "--headless",
                "--norestore",
                "--convert-to",
                conversion,
                "--outdir",
                str(target / "lo"),
                *files,
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )


def lo_text(built: Path, werkvorm: Path, document: str, suffix: str) -> str:
    return (built / "lo" / f"{werkvorm.stem}-{document}-{suffix}.txt").read_text(encoding="utf-8-sig")


@pytest.fixture(scope="session")
def large_print_handouts(tmp_path_factory) -> Path:
    """formats/ in large print, every hand-out as PDF (the draaiboek and overzicht have no large
    print): for the layout tests that look at every A4 document."""
    options = ("--groot", "--only", "deelnemers", "--formaten", "pdf")
    return _once(tmp_path_factory, "groot-hand-outs", lambda folder: _build(folder, *options))


# --- one Chromium for every browser test ----------------------------------------------------


@pytest.fixture(scope="session")
def chromium(tmp_path_factory):
    from browsing import CHROMEDRIVER, CHROMIUM, SharedChromium

    # Never skipped: without a browser the browser tests fail and say what to install.
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
    assert not missing, (
        f"Chromium ontbreekt ({', '.join(missing)}): installeer chromium, chromium-headless-shell en chromium-driver (make doet dat als root)"
    )
    shared = SharedChromium(tmp_path_factory.mktemp("chromium-profiel"))
    yield shared
    shared.quit()


@pytest.fixture
def browser(chromium):
    """Headless Chromium, as new for this test (see SharedChromium)."""
    return chromium.fresh()


@contextmanager
def time_limit(seconds: int, why: str = ""):
    """Fails the code under it when it uses more than `seconds` of this process's CPU time (quadratic
    time), or blocks for far longer on the wall clock (a hang). CPU time, because the suite runs on
    every core at once and other processes' load must not fail a test of our own speed."""

    def give_up(signum, frame):
        raise TimeoutError(f"took longer than {seconds} s{why}")

    previous_cpu = signal.signal(signal.SIGPROF, give_up)
    previous_wall = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.alarm(seconds * HANG_FACTOR)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.alarm(0)
        signal.signal(signal.SIGPROF, previous_cpu)
        signal.signal(signal.SIGALRM, previous_wall)


# How much longer than its CPU bound a piece of code may take on the wall clock before it counts as
# hung: generous, since a busy machine may give it a fraction of a core.
HANG_FACTOR = 8
