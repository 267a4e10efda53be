"""Accessible and archivable outputs: tagged PDF/UA-1 by default, PDF/A-2a on request, large print."""

import itertools
import re
from collections import Counter

import pytest
from pypdf import PdfReader

from conftest import ROOT
from werkvorm_dsl import parse
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.output.typography import fold

FORMATS = sorted((ROOT / "formats").glob("*.werkvorm"))
TAGGED = ("draaiboek", "deelnemers", "kaarten-a6")


@pytest.fixture(scope="module")
def untimed_draaiboeks(tmp_path_factory):
    """Two untimed_draaiboeks without a start time (the timeline's alternative text says 0:05, not 14:05): the
    participatie werkvorm's, and one with a link (a QR code). Every format's PDFs come from built_formats."""
    target = tmp_path_factory.mktemp("tagged")
    link = target / "met-link.werkvorm"
    link.write_text(
        "WERKVORM Met link\nduur: 30 min\nlink: [Meer over DI](https://www.example.org/di)\n\n"
        "SESSIE\nstap Welkom\n    duur: 10 min\nstap Ronde\n",
        encoding="utf-8",
    )
    participatie = ROOT / "formats/intervisie-participatie.werkvorm"
    assert (
        main(
            [
                "build",
                "--to",
                str(target / "out"),
                "--only",
                "draaiboek",
                "--formaten",
                "pdf",
                str(participatie),
                str(link),
            ]
        )
        == 0
    )
    return target / "out"


def structure(reader: PdfReader) -> list[tuple[str, object]]:
    """The structure tree depth first: (role, element)."""
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list) or (hasattr(node, "__iter__") and not hasattr(node, "get")):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get"):
            return
        if "/S" in node:
            found.append((str(node["/S"]), node))
        kids = node.get("/K")
        if kids is not None:
            walk(kids)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.name)
@pytest.mark.parametrize("name", TAGGED)
def test_pdf_is_tagged_with_title_language_and_structure(built_formats, path, name):
    reader = PdfReader(built_formats / path.stem / f"{name}.pdf")
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert root["/Lang"] == "nl"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    title = parse(path.read_text(encoding="utf-8")).title.text
    assert fold(title) in fold(reader.metadata.title)  # the title is typeset: "collega's" prints "collega’s"
    html_title = re.search(
        r"<title>([^<]*)</title>",
        (built_formats / path.stem / f"{name.split('-')[0]}.html").read_text(encoding="utf-8"),
    ).group(1)
    assert reader.metadata.title == html_title.replace("&#39;", "'").replace("&amp;", "&")
    roles = [role for role, _ in structure(reader)]
    headings = [int(r[2:]) for r in roles if re.fullmatch(r"/H\d", r)]
    assert headings[0] == 1 and headings.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(headings)), headings  # no level skipped
    if name != "kaarten-a6":
        assert {"/Table", "/TR", "/TH", "/TD"} <= set(roles)


def test_draaiboek_has_lists_and_a_timeline_with_its_agenda_as_text(untimed_draaiboeks):
    reader = PdfReader(untimed_draaiboeks / "intervisie-participatie" / "draaiboek.pdf")
    elements = structure(reader)
    roles = {role for role, _ in elements}
    assert {"/L", "/LI"} <= roles
    figures = [str(node.get("/Alt", "")) for role, node in elements if role == "/Figure"]
    timeline = [alt for alt in figures if alt.startswith("Tijdlijn van de sessie")]
    assert timeline and "2. 0:05–0:25, 20 min" in timeline[0] and "(schatting)" in timeline[0]


def test_qr_code_has_its_address_as_alternative_text(untimed_draaiboeks):
    reader = PdfReader(untimed_draaiboeks / "met-link" / "draaiboek.pdf")
    figures = [str(node.get("/Alt", "")) for role, node in structure(reader) if role == "/Figure"]
    assert "QR-code voor https://www.example.org/di" in figures


def test_reading_order_follows_the_content(untimed_draaiboeks):
    """The structure tree meets the sections in the order the document shows them."""
    reader = PdfReader(untimed_draaiboeks / "intervisie-participatie" / "draaiboek.pdf")
    order = [role for role, _ in structure(reader) if role in ("/H1", "/H2", "/Table", "/Figure")]
    assert order[0] == "/H1"
    after_first_section = order[order.index("/H2") + 1 :]
    assert after_first_section[:2] == ["/Figure", "/Table"]  # "Tijdschema": the timeline, then the agenda


@pytest.mark.pdf
def test_pdf_a_is_archival_and_still_tagged(tmp_path):
    assert main(["build", "--to", str(tmp_path), "--pdf-a", "--only", "draaiboek", str(FORMATS[0])]) == 0
    reader = PdfReader(tmp_path / FORMATS[0].stem / "draaiboek.pdf")
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(>|=\")2", xmp) and re.search(r"pdfaid:conformance(>|=\")A", xmp)
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    assert "/StructTreeRoot" in root and root["/Lang"] == "nl"


FURNITURE = re.compile(r"^(pagina \d+ van \d+|(CONCEPT )?\d+|CONCEPT|vervolg:.*|Hand-out voor deelnemers|Kaarten:.*)$")


@pytest.mark.parametrize("name", ["deelnemers", "kaarten-a6"])
def test_large_print_is_at_least_16_pt(large_print_pdfs, name):
    path = ROOT / "formats" / "intervisie-participatie.werkvorm"
    title = parse(path.read_text(encoding="utf-8")).title.text
    reader = PdfReader(large_print_pdfs / f"{name}.pdf")
    small, sizes = [], Counter()

    def visit(text, cm, tm, font, size):
        size = round(size * (tm[3] or 1) * (cm[3] or 1), 1)
        if text.strip():
            sizes[size] += len(text.strip())
            if size < 16 and not FURNITURE.match(text.strip()) and text.strip() not in title:
                small.append((size, text.strip()))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert sizes.most_common(1)[0][0] >= 16
    assert small == []
