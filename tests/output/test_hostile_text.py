"""Hostile werkvormen (tests/hostile): their text is shown as written and never becomes markup or a
live link in any output, and facilitator text in the author's own words never reaches participants."""

import re

import pytest
from pypdf import PdfReader

from conftest import ROOT
from samples import HOSTILE, INJECTED, markup_of
from werkvorm_dsl.app.cli import main

SEED = ROOT / "formats" / "intervisie-participatie.werkvorm"


def build(*argv) -> int:
    return main(["build", *map(str, argv)])


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """The hostile werkvormen and the participatie werkvorm built once, PDFs included, with a spy on the
    PDF fetcher: the output folder, and every address the fetcher was asked for."""
    target = tmp_path_factory.mktemp("hostile")
    with pytest.MonkeyPatch.context() as monkeypatch:
        spy = Spy(monkeypatch, target / "gevraagd.txt")
        assert build("--to", target / "uit", *HOSTILE, SEED) == 0
    return target / "uit", spy.asked()


@pytest.fixture(scope="module")
def hostile_outputs(hostile_build):
    return hostile_build[0]


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.name)
def test_hostile_text_never_becomes_markup(hostile_outputs, path):
    outputs = list((hostile_outputs / path.stem).glob("*.html"))
    assert len(outputs) == 7  # draaiboek, overzicht, deelnemers, kaarten, the invitation's e-mail body, leiden, zaal
    for output in outputs:
        html = markup_of(output.read_text(encoding="utf-8")).lower()
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


def office_text(path) -> str:
    """Every word in a .docx or .odt: the text of all its XML parts, tags left out."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as archive:
        xml = " ".join(archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml"))
    return re.sub(r"<[^>]+>", "", xml)


@pytest.mark.pdf
def test_facilitator_text_in_authors_own_words_never_reaches_participants(tmp_path):
    assert build("--to", tmp_path, "--datum", "2026-12-03", ROOT / "tests/hostile/begeleider-vermomd.werkvorm") == 0
    folder = tmp_path / "begeleider-vermomd"
    participant = [p for p in folder.iterdir() if p.name.startswith(("deelnemers", "kaarten", "uitnodiging"))]
    assert {p.suffix for p in participant} >= {".html", ".md", ".pdf", ".txt", ".ics", ".docx", ".odt"}
    for path in participant:
        if path.suffix == ".pdf":
            text = " ".join(page.extract_text() for page in PdfReader(path).pages)
        elif path.suffix in (".docx", ".odt"):
            text = office_text(path)
        else:
            text = path.read_text(encoding="utf-8")
        assert "Zqvx" not in text, path.name
    draaiboek = " ".join(page.extract_text() for page in PdfReader(folder / "draaiboek.pdf").pages)
    assert draaiboek.count("Zqvx") == 8  # the facilitator has every one of them
    assert "Zqvx" in office_text(folder / "draaiboek.docx")  # the office reader sees what is there
    assert "onveilig" in draaiboek  # the NB under prose that starts with 'vragen' is kept
    assert "stellen, of als" not in (folder / "deelnemers.html").read_text(encoding="utf-8").split("<main")[0]


class Spy:
    """Records every address WeasyPrint asks the fetcher for during a real build, in a file: the build's
    forked workers ask for their own PDFs, and a list in this process would not see those."""

    def __init__(self, monkeypatch, log):
        from werkvorm_dsl.output import pdf_renderer as pdf

        self.log = log
        original = pdf.FolderFetcher.fetch

        def fetch(fetcher, url, headers=None):
            with open(log, "a", encoding="utf-8") as out:
                out.write(url + "\n")
            return original(fetcher, url, headers)

        monkeypatch.setattr(pdf.FolderFetcher, "fetch", fetch)

    def asked(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []


def test_a_real_build_fetches_only_packaged_assets(hostile_build):
    from werkvorm_dsl.output.pdf_renderer import ASSETS

    _, asked = hostile_build
    assert asked, "the spy saw nothing: is the fetcher still used?"
    for url in asked:
        assert url.startswith("file://" + ASSETS) or url.startswith("data:"), url
