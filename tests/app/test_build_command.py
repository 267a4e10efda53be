"""Hostile input, the PDF fetcher, output names, atomic writes and reproducible builds."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT
from samples import HOSTILE, INJECTED
from werkvorm_dsl.app.build_command import MANIFEST, slug_for
from werkvorm_dsl.app.cli import main

SEED = ROOT / "formats" / "intervisie-participatie.werkvorm"


def build(*argv) -> int:
    return main(["build", *map(str, argv)])


@pytest.fixture(scope="module")
def hostile_outputs(tmp_path_factory):
    target = tmp_path_factory.mktemp("hostile")
    assert build("--to", target, *HOSTILE) == 0
    return target


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.name)
def test_hostile_text_never_becomes_markup(hostile_outputs, path):
    outputs = list((hostile_outputs / path.stem).glob("*.html"))
    assert len(outputs) == 5  # draaiboek, overzicht, deelnemers, kaarten and the invitation as an e-mail body
    for output in outputs:
        html = output.read_text(encoding="utf-8").lower()
        for injected in INJECTED:
            assert injected not in html, (output.name, injected)
        hrefs = re.findall(r'href="([^"]*)"', html)
        assert all(h.startswith(("https://", "http://", "mailto:")) for h in hrefs), hrefs
    for output in (hostile_outputs / path.stem).glob("*.md"):
        text = output.read_text(encoding="utf-8").lower()
        assert "<script" not in text and "<iframe" not in text and "](javascript" not in text


def test_author_text_is_shown_as_written(hostile_outputs):
    title = (hostile_outputs / "html-en-script" / "draaiboek.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;titel&#39;)&lt;/script&gt;" in title
    draaiboek = (hostile_outputs / "css-injectie" / "draaiboek.html").read_text(encoding="utf-8")
    assert "{{ 7" in draaiboek and "{% raw %}" in draaiboek and "49" not in draaiboek  # template syntax stays text


def test_only_http_https_and_mailto_become_links(hostile_outputs):
    html = (hostile_outputs / "links" / "draaiboek.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert sorted(hrefs) == ["https://www.example.org/pad?a=1&amp;b=&lt;2&gt;", "mailto:hr@example.org"]
    reader = PdfReader(hostile_outputs / "links" / "draaiboek.pdf")
    uris = sorted(a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots", []))
    assert all(uri.startswith(("https://", "mailto:")) for uri in uris) and uris


class Spy:
    """Records every address WeasyPrint asks the fetcher for during a real build."""

    def __init__(self, monkeypatch):
        from werkvorm_dsl.output import pdf_renderer as pdf

        self.asked: list[str] = []
        original = pdf.FolderFetcher.fetch
        spy = self

        def fetch(fetcher, url, headers=None):
            spy.asked.append(url)
            return original(fetcher, url, headers)

        monkeypatch.setattr(pdf.FolderFetcher, "fetch", fetch)


def test_a_real_build_fetches_only_packaged_assets(tmp_path, monkeypatch):
    from werkvorm_dsl.output.pdf_renderer import ASSETS

    spy = Spy(monkeypatch)
    # -j 1: the spy's list lives in this process; a forked worker would fill its own copy
    assert build("-j", "1", "--to", tmp_path, SEED, *HOSTILE) == 0
    assert spy.asked, "the spy saw nothing: is the fetcher still used?"
    for url in spy.asked:
        assert url.startswith("file://" + ASSETS) or url.startswith("data:"), url


@pytest.fixture
def fetcher(tmp_path):
    from werkvorm_dsl.output.pdf_renderer import ASSETS, FolderFetcher

    own = tmp_path / "werkvormen"
    own.mkdir()
    (own / "plaatje.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    secret = tmp_path / "geheim.txt"
    secret.write_text("geheim", encoding="utf-8")
    (own / "link-naar-geheim.txt").symlink_to(secret)
    return FolderFetcher([ASSETS, str(own)]), own, secret


def test_fetcher_serves_the_werkvorm_folder_and_the_assets(fetcher):
    from werkvorm_dsl.output.pdf_renderer import ASSETS

    fetch, own, _ = fetcher
    assert fetch.fetch(f"file://{own}/plaatje.svg").read().startswith(b"<svg")
    assert fetch.fetch(f"file://{ASSETS}/fonts.css").read().startswith(b"/*")


@pytest.mark.parametrize(
    "address",
    [
        "file:///etc/passwd",
        "file://{own}/../geheim.txt",
        "file://{own}/link-naar-geheim.txt",
        "file://{own}/%2e%2e/geheim.txt",
        "file://otherhost/{own}/plaatje.svg",
        "http://127.0.0.1:9/x.css",
        "https://example.org/font.ttf",
        "ftp://example.org/x",
    ],
)
def test_fetcher_refuses_everything_else(fetcher, address):
    fetch, own, _ = fetcher
    url = address.format(own=own)
    with pytest.raises(ValueError):
        fetch.fetch(url)
    assert fetch.refused == [url]


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


def test_a_failing_build_leaves_the_previous_outputs_whole(tmp_path, monkeypatch):
    assert build("--to", tmp_path, SEED) == 0
    folder = tmp_path / "intervisie-participatie"
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


def test_a_killed_build_never_leaves_a_half_written_file(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    assert build("--to", tmp_path, SEED) == 0
    folder = tmp_path / "intervisie-participatie"
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
        assert len(names) == 18, (delay, names)
    assert build("--to", tmp_path, SEED) == 0
    assert not list(folder.glob(".tmp-*"))  # what a killed build left behind is cleared by the next one


def test_source_date_epoch_sets_the_pdf_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    assert build("--to", tmp_path, "--only", "draaiboek", SEED) == 0
    metadata = PdfReader(tmp_path / "intervisie-participatie" / "draaiboek.pdf").metadata
    assert metadata["/CreationDate"].startswith("D:20260101")
    assert metadata["/ModDate"].startswith("D:20260101")


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


def test_facilitator_text_in_authors_own_words_never_reaches_participants(tmp_path):
    assert build("--to", tmp_path, "--datum", "2026-12-03", ROOT / "tests/hostile/begeleider-vermomd.werkvorm") == 0
    folder = tmp_path / "begeleider-vermomd"
    participant = [p for p in folder.iterdir() if p.name.startswith(("deelnemers", "kaarten", "uitnodiging"))]
    assert {p.suffix for p in participant} >= {".html", ".md", ".pdf", ".txt", ".ics"}
    for path in participant:
        text = (
            " ".join(page.extract_text() for page in PdfReader(path).pages)
            if path.suffix == ".pdf"
            else path.read_text(encoding="utf-8")
        )
        assert "Zqvx" not in text, path.name
    draaiboek = " ".join(page.extract_text() for page in PdfReader(folder / "draaiboek.pdf").pages)
    assert draaiboek.count("Zqvx") == 8  # the facilitator has every one of them
    assert "onveilig" in draaiboek  # the NB under prose that starts with 'vragen' is kept
    assert "stellen, of als" not in (folder / "deelnemers.html").read_text(encoding="utf-8").split("<main")[0]


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
