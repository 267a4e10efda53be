"""Hostile werkvormen (tests/hostile): their text is shown as written and never becomes markup or a
live link in any output, and facilitator text in the author's own words never reaches participants."""

import re

import pytest
from pypdf import PdfReader

from conftest import ROOT
from samples import HOSTILE, INJECTED
from werkvorm_dsl.app.cli import main


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


@pytest.mark.pdf
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
