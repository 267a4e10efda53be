"""What facilitators and participants hold in their hands holds what the author wrote: every seed sentence,
facilitator text only for the facilitator, the check's numbers, titles, links and the invitation."""

import html as html_module
import json
import re

import pytest
from pypdf import PdfReader

from conftest import ROOT
from layout import pdf_text
from samples import facilitator_texts, markup_of
from seedtext import load_deviations, normalize, sentences
from werkvorm_dsl import parse
from werkvorm_dsl.analysis.timing import compute
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.output.typography import fold

FORMATS = sorted((ROOT / "formats").glob("*.werkvorm"))
SEEDS = sorted((ROOT / "tests/data/seeds").glob("*.seed.txt"))
A4 = (595.28, 841.89)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_every_seed_sentence_is_in_the_draaiboek_pdf(built_formats, seed):
    name = seed.name.removesuffix(".seed.txt")
    text = " " + normalize(pdf_text(built_formats / name / "draaiboek.pdf")) + " "
    deviations = load_deviations(seed.with_name(f"{name}.deviations"))
    missing = [
        s
        for s in sentences(seed.read_text(encoding="utf-8"))
        if s not in deviations and f" {normalize(s)} " not in text
    ]
    assert missing == []
    for sentence in deviations:
        assert f" {normalize(sentence)} " not in text, f"no longer a deviation: {sentence!r}"
        words = [w for w in normalize(sentence).split() if len(w) >= 4 and w != "vorbereiding"]
        assert all(f" {w} " in text for w in words), sentence


def test_formats_hold_facilitator_only_text_so_the_next_test_means_something():
    assert any(facilitator_texts(path) for path in FORMATS)


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.name)
def test_handout_and_cards_never_contain_facilitator_only_text(built_formats, path):
    folder = built_formats / path.stem
    outputs = {
        name: (folder / name).read_text(encoding="utf-8")
        for name in ("deelnemers.html", "deelnemers.md", "kaarten.html", "kaarten.md")
    }
    outputs["deelnemers.pdf"] = pdf_text(folder / "deelnemers.pdf")
    outputs["kaarten.pdf"] = pdf_text(folder / "kaarten.pdf")
    for secret in facilitator_texts(path):
        for name, text in outputs.items():
            assert normalize(secret) not in normalize(text), f"{name} shows facilitator text: {secret!r}"
    draaiboek = normalize((folder / "draaiboek.html").read_text(encoding="utf-8"))
    assert all(normalize(secret) in draaiboek for secret in facilitator_texts(path))


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.name)
def test_pdf_pages_are_a4_with_title_and_language(built_formats, path):
    werkvorm = parse(path.read_text(encoding="utf-8"))
    for name in ("draaiboek", "deelnemers", "kaarten"):
        reader = PdfReader(built_formats / path.stem / f"{name}.pdf")
        for page in reader.pages:
            assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (595.3, 841.9)
        # Titles are set in Dutch typography ("collega's" prints as "collega’s"): compared folded
        # back to straight quotes and hyphens, every other character as written.
        if name != "kaarten":
            assert fold(werkvorm.title.text) in fold(reader.metadata.title)
            assert reader.trailer["/Root"].get("/Lang") == "nl"
        html = (built_formats / path.stem / f"{name}.html").read_text(encoding="utf-8")
        assert '<html lang="nl">' in html
        shown_title = re.search(r"<title>([^<]*)</title>", html)
        # Compared unescaped: a title like "advies van twee collega's" is escaped in the HTML.
        assert shown_title and fold(werkvorm.title.text) in fold(html_module.unescape(shown_title.group(1)))


def test_author_text_never_becomes_markup(tmp_path):
    source = tmp_path / "vijandig.werkvorm"
    source.write_text(
        "WERKVORM <script>alert(1)</script> Titel\nduur: 30 min\n\nSESSIE\n"
        "stap Klik [hier](javascript:alert(2)) of <img src=x onerror=alert(3)>\n    duur: 5 min\n"
        '    <b>vet</b> & "quotes"\n',
        encoding="utf-8",
    )
    assert main(["build", "--to", str(tmp_path / "out"), "--formaten", "html,md", str(source)]) == 0
    for output in (tmp_path / "out" / "vijandig").glob("*.html"):
        html = markup_of(output.read_text(encoding="utf-8"))
        body = html.split("</head>", 1)[1]
        assert (
            "<script" not in body.replace('<script type="application/json" id="plan"></script>', "")
            and "<img" not in body
            and "<b>" not in body
        )
        assert "javascript:" not in body.replace("javascript:alert(2)", "")  # shown as words, never as href
        assert 'href="javascript' not in body
    for output in (tmp_path / "out" / "vijandig").glob("*.md"):
        assert "<script" not in output.read_text(encoding="utf-8")


@pytest.mark.pdf
def test_builds_are_byte_for_byte_reproducible(tmp_path):
    path = ROOT / "formats" / "iedereen-aan-de-beurt.werkvorm"
    for run in ("a", "b"):
        assert main(["build", "--to", str(tmp_path / run), str(path)]) == 0
    first = sorted((tmp_path / "a").rglob("*.*"))
    assert len(first) >= 12
    for file in first:
        twin = tmp_path / "b" / file.relative_to(tmp_path / "a")
        assert file.read_bytes() == twin.read_bytes(), file.name


def test_tijdschema_has_the_numbers_of_the_check(built_formats):
    for path in FORMATS:
        data = json.loads((built_formats / path.stem / "tijdschema.json").read_text(encoding="utf-8"))
        timing = compute(parse(path.read_text(encoding="utf-8")))
        assert data["kortste_weg"] == float(timing.shortest)
        assert data["langste_weg"] == float(timing.longest)
        assert data["stappen_zonder_duur"]["maximaal"] == timing.untimed_high
        assert data["agenda"][0]["begin"] == "14:00"


def test_invitation_has_teasers_and_a_calendar_event(built_formats):
    folder = built_formats / "liefdevol-roddelen"
    text = (folder / "uitnodiging.txt").read_text(encoding="utf-8")
    assert "Wanneer is iemand echt eerlijk tegen je geweest?" in text
    assert "Wanneer: donderdag 3 december 2026, van 14:00 tot 15:00 uur" in text
    ics = (folder / "uitnodiging.ics").read_text(encoding="utf-8")
    assert "DTSTART;TZID=Europe/Amsterdam:20261203T140000" in ics and "SUMMARY:Liefdevol roddelen" in ics


@pytest.mark.pdf
def test_links_become_clickable_links_and_qr_codes(tmp_path):
    source = tmp_path / "link.werkvorm"
    source.write_text(
        "WERKVORM Met link\nduur: 10 min\nlink: [Meer over DI](https://www.example.org/di)\n\n"
        "SESSIE\nstap Welkom\n    duur: 10 min\n",
        encoding="utf-8",
    )
    assert main(["build", "--to", str(tmp_path / "out"), "--only", "draaiboek", str(source)]) == 0
    html = (tmp_path / "out" / "link" / "draaiboek.html").read_text(encoding="utf-8")
    assert '<a href="https://www.example.org/di">Meer over DI</a>' in html
    assert "<svg" in html and 'aria-label="QR-code voor https://www.example.org/di"' in html
    reader = PdfReader(tmp_path / "out" / "link" / "draaiboek.pdf")
    uris = [a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots", [])]
    assert "https://www.example.org/di" in uris


def test_www_addresses_are_read_as_web_links_by_check_and_build_alike(tmp_path):
    from werkvorm_dsl import check

    text = (
        "WERKVORM Met www\nduur: 10 min\nlink: [Site](www.example.org/a)\n\nSESSIE\n"
        "stap Kijk op [de site](www.example.org/b)\n    duur: 10 min\n"
    )
    assert [d.code for d in check(parse(text))] == ["I704", "I703"]  # only remarks: no goal; the title stands
    source = tmp_path / "www.werkvorm"
    source.write_text(text, encoding="utf-8")
    assert main(["build", "--to", str(tmp_path / "out"), "--formaten", "html", "--only", "draaiboek", str(source)]) == 0
    html = (tmp_path / "out" / "www" / "draaiboek.html").read_text(encoding="utf-8")
    assert 'href="https://www.example.org/a"' in html and 'href="https://www.example.org/b"' in html


def test_the_authors_list_numbers_survive_into_the_pdf(built_formats):
    """The seed's question list goes on at 6 after 'Voor extra focus:'; the PDF must say 6 too."""
    import subprocess

    layout = subprocess.run(
        ["pdftotext", "-layout", str(built_formats / "intervisie-participatie" / "draaiboek.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert re.search(r"^\s*6\. Als je 1 ding mag noemen", layout, re.M)
