"""The PDFs' structure as checkers read it: every PDF that claims PDF/UA or PDF/A has what the claim
needs; tables are Table > TR > TH/TD with /Scope on header cells; nothing tagged is drawn inside an
untagged drawing; headings hold text. Read with pypdf from the built files, for formats/ (ordinary,
--pdf-a) and for generated werkvormen; and, once installed, with the independent `pdfua` checker."""

import importlib.util
import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject

from conftest import FORMATS, ROOT, _build
from strategies import context_for, quick_share, werkvormen
from werkvorm_dsl import parse
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.output import registry
from werkvorm_dsl.output.formats.pdf import SHEET_UNTAGGED

# Werkvormen with the richest tables and cards: a facts table, a schedule with rounds, a
# follow-on card, a logo-free QR link.
ARCHIVED = [ROOT / "formats/troika-consulting.werkvorm", ROOT / "formats/intervisie-participatie.werkvorm"]


@pytest.fixture(scope="module")
def archived(tmp_path_factory) -> Path:
    """Two werkvormen built with --pdf-a, PDFs only."""
    return _build(
        tmp_path_factory.mktemp("pdf-a"), "--pdf-a", "--formaten", "pdf", "--start", "14:00", sources=ARCHIVED
    )


def pdfs_in(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pdf"))


def resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def kids(element) -> list:
    found = resolved(element.get("/K"))
    if found is None:
        return []
    return [resolved(kid) for kid in (found if isinstance(found, ArrayObject) else [found])]


def struct_elems(reader: PdfReader) -> list[tuple[DictionaryObject, DictionaryObject | None]]:
    """Every structure element with its parent element (None at the top), depth first."""
    root = resolved(reader.trailer["/Root"].get("/StructTreeRoot"))
    found, stack = [], [(kid, None) for kid in kids(root)] if root is not None else []
    while stack:
        element, parent = stack.pop()
        if isinstance(element, DictionaryObject) and "/S" in element:
            found.append((element, parent))
            stack.extend((kid, element) for kid in kids(element))
    return found


def has_content(element) -> bool:
    """Whether marked content (an MCID, an MCR or an object reference) lies somewhere below."""
    for kid in kids(element):
        if isinstance(kid, int) or (isinstance(kid, DictionaryObject) and "/S" not in kid):
            return True
        if isinstance(kid, DictionaryObject) and has_content(kid):
            return True
    return False


def xmp(reader: PdfReader) -> str:
    metadata = resolved(reader.trailer["/Root"].get("/Metadata"))
    return metadata.get_data().decode("utf-8") if metadata is not None else ""


def conformance(reader: PdfReader) -> str:
    """The PDF/A level claimed: 'A' (archival and tagged), 'B' (archival), or '' for no claim."""
    found = re.search(r"pdfaid:conformance(?:=\"|>)([ABU])", xmp(reader))
    return found.group(1) if found else ""


def claims(reader: PdfReader) -> set[str]:
    packet = xmp(reader)
    said = set()
    if re.search(r"pdfuaid:part(=\"|>)1", packet):
        said.add("ua")
    if re.search(r"pdfaid:part(=\"|>)2", packet):
        said.add("a")
    return said


# --- the checks -------------------------------------------------------------------------------------


def table_problems(reader: PdfReader) -> list[str]:
    allowed = {
        "/Table": {"/Caption", "/THead", "/TBody", "/TFoot", "/TR"},
        "/THead": {"/TR"},
        "/TBody": {"/TR"},
        "/TFoot": {"/TR"},
        "/TR": {"/TH", "/TD"},
    }
    problems = []
    for element, parent in struct_elems(reader):
        kind = element["/S"]
        if kind in allowed:
            inside = {kid["/S"] for kid in kids(element) if isinstance(kid, DictionaryObject) and "/S" in kid}
            if inside - allowed[kind]:
                problems.append(f"{kind} holds {sorted(inside - allowed[kind])}")
            if kind in ("/THead", "/TBody", "/TFoot") and "/TR" not in inside:
                problems.append(f"{kind} without rows")
        if kind == "/TH":
            scope = resolved(element.get("/A", DictionaryObject())).get("/Scope")
            group = resolved(parent.get("/P")) if parent is not None else None
            expected = "/Column" if group is not None and group.get("/S") == "/THead" else "/Row"
            if scope != expected:
                problems.append(f"/TH with /Scope {scope}, not {expected}")
        if kind in ("/TH", "/TD") and (parent is None or parent["/S"] != "/TR"):
            problems.append(f"{kind} outside a row")
    return problems


def marked_forms(xobject, seen=None) -> bool:
    """Whether a form XObject (or one it draws) holds tagged marked content."""
    seen = seen if seen is not None else set()
    if id(xobject) in seen:
        return False
    seen.add(id(xobject))
    if b"/MCID" in xobject.get_data():
        return True
    inner = resolved(resolved(xobject.get("/Resources", DictionaryObject())).get("/XObject", DictionaryObject()))
    return any(marked_forms(resolved(form), seen) for form in inner.values() if resolved(form)["/Subtype"] == "/Form")


def untagged_drawings(reader: PdfReader) -> list[str]:
    """Forms drawn outside marked content that carry tagged content inside: orphans to a reader."""
    problems = []
    for number, page in enumerate(reader.pages, 1):
        forms = resolved(resolved(page.get("/Resources", DictionaryObject())).get("/XObject", DictionaryObject()))
        depth = 0
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator in (b"BDC", b"BMC"):
                depth += 1
            elif operator == b"EMC":
                depth -= 1
            elif operator == b"Do" and depth == 0:
                form = resolved(forms[operands[0]])
                if form["/Subtype"] == "/Form" and marked_forms(form):
                    problems.append(f"page {number}: {operands[0]} drawn untagged, with tagged content inside")
    return problems


def claim_problems(reader: PdfReader) -> list[str]:
    """What a PDF/UA or PDF/A claim needs, as far as reading the file can tell."""
    root, said, problems = reader.trailer["/Root"], claims(reader), []
    if "ua" in said or ("a" in said and conformance(reader) != "B"):  # level B asks for no tags
        if resolved(root.get("/MarkInfo", DictionaryObject())).get("/Marked") != True:  # noqa: E712 (pypdf's BooleanObject)
            problems.append("not marked as tagged")
        if "/StructTreeRoot" not in root:
            problems.append("no structure tree")
        if not str(root.get("/Lang", "")).startswith("nl"):
            problems.append("no Dutch /Lang")
    if "ua" in said:
        if resolved(root.get("/ViewerPreferences", DictionaryObject())).get("/DisplayDocTitle") != True:  # noqa: E712
            problems.append("no DisplayDocTitle")
        if not (reader.metadata and reader.metadata.title):
            problems.append("no title")
        headings = [e for e, _ in struct_elems(reader) if re.fullmatch(r"/H[1-6]", e["/S"])]
        problems += [f"empty {h['/S']}" for h in headings if not has_content(h)]
    if "a" in said:
        if reader.pdf_header < "%PDF-1.7" and not reader.pdf_header.startswith("%PDF-2"):
            problems.append(f"{reader.pdf_header} for PDF/A-2")
        intents = resolved(root.get("/OutputIntents")) or []
        if not any("/DestOutputProfile" in resolved(intent) for intent in intents):
            problems.append("no output intent with a colour profile")
        if "/ID" not in reader.trailer:
            problems.append("no file identifier")
        if "ua" in said and "pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/" not in xmp(reader):
            problems.append("pdfuaid without its PDF/A extension schema")
        problems += unembedded_fonts(reader)
    return problems


def unembedded_fonts(reader: PdfReader) -> list[str]:
    missing = set()
    for page in reader.pages:
        fonts = resolved(resolved(page.get("/Resources", DictionaryObject())).get("/Font", DictionaryObject()))
        for font in map(resolved, fonts.values()):
            descendants = [resolved(d) for d in resolved(font.get("/DescendantFonts", ArrayObject()))] or [font]
            for part in descendants:
                descriptor = resolved(part.get("/FontDescriptor", DictionaryObject()))
                if font.get("/Subtype") != "/Type3" and not {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor):
                    missing.add(f"font {font.get('/BaseFont')} not embedded")
    return sorted(missing)


def all_problems(path) -> list[str]:
    reader = PdfReader(path)
    return table_problems(reader) + untagged_drawings(reader) + claim_problems(reader)


# --- formats/, as every test run builds it (tagged, PDF/UA-1) ---------------------------------------


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.stem)
def test_every_tagged_pdf_of_the_formats_has_the_structure_it_claims(built_formats, path):
    files = pdfs_in(built_formats / path.stem)
    assert {f.name for f in files} >= {"draaiboek.pdf", "deelnemers.pdf", "overzicht.pdf", "kaarten-a6.pdf"}
    for pdf in files:
        reader = PdfReader(pdf)
        if pdf.name == "kaarten.pdf":  # the print sheet: drawings of the cards, and it claims nothing
            assert claims(reader) == set() and "/StructTreeRoot" not in reader.trailer["/Root"]
            assert untagged_drawings(reader) == []  # no marks that point into a tree it does not have
            continue
        assert claims(reader) == {"ua"}, pdf.name
        assert all_problems(pdf) == [], pdf.name


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.stem)
def test_header_cells_in_the_html_have_the_scope_the_pdf_gives_them(built_formats, path):
    for html in (built_formats / path.stem).glob("*.html"):
        text = html.read_text(encoding="utf-8")
        for head in re.findall(r"<thead>(.*?)</thead>", text, re.S):
            assert all('scope="col"' in th for th in re.findall(r"<th\b[^>]*>", head)), html.name
        for body_row in re.findall(
            r"<tr>(?:(?!</tr>).)*</tr>", re.sub(r"<thead>.*?</thead>", "", text, flags=re.S), re.S
        ):
            assert all('scope="row"' in th for th in re.findall(r"<th\b[^>]*>", body_row)), html.name


# --- --pdf-a ----------------------------------------------------------------------------------------


@pytest.mark.pdf
def test_with_pdf_a_every_claim_is_kept_and_the_print_sheet_is_pdf_a_2b(archived):
    for folder in (archived / p.stem for p in ARCHIVED):
        for pdf in pdfs_in(folder):
            reader = PdfReader(pdf)
            if pdf.name == "kaarten.pdf":  # untagged drawings of the cards: archival, level B, no PDF/UA
                assert claims(reader) == {"a"} and conformance(reader) == "B", pdf.name
                assert "/StructTreeRoot" not in reader.trailer["/Root"] and "pdfua" not in xmp(reader)
                assert reader.metadata.title and reader.metadata.producer in xmp(reader)
                assert all_problems(pdf) == [], pdf.name
                continue
            assert claims(reader) == {"a", "ua"}, pdf.name  # PDF/A-2a keeps the PDF/UA-1 marker
            assert 'pdfaid:conformance="A"' in xmp(reader) or "pdfaid:conformance>A<" in xmp(reader)
            assert all_problems(pdf) == [], pdf.name


@pytest.mark.pdf
def test_the_build_with_pdf_a_names_the_file_to_archive_for_the_cards(tmp_path, capsys):
    seed = ROOT / "formats/kennismaken-in-tweetallen.werkvorm"
    args = ["build", "--to", str(tmp_path), "--only", "kaarten", "--formaten", "pdf", str(seed)]
    assert main([*args, "--pdf-a"]) == 0
    said = capsys.readouterr()
    assert SHEET_UNTAGGED in said.out + said.err
    assert "kaarten-a6.pdf" in SHEET_UNTAGGED and " u " in SHEET_UNTAGGED
    assert main([*args]) == 0  # without --pdf-a nothing is claimed, and nothing needs saying
    said = capsys.readouterr()
    assert SHEET_UNTAGGED not in said.out + said.err


# --- generated werkvormen ---------------------------------------------------------------------------


@pytest.mark.pdf
@settings(max_examples=quick_share(6), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(werkvormen)
def test_a_generated_werkvorms_pdfs_have_the_structure_they_claim(text):
    context = context_for(parse(text, "gegenereerd.werkvorm"))
    for document in ("draaiboek", "deelnemers", "overzicht", "kaarten"):
        for name, content in registry.get("pdf").render(context, document).files.items():
            problems = all_problems(io.BytesIO(content))  # the print sheet too: it claims nothing, hides nothing
            assert problems == [], (document, name, problems)


# --- the independent checker ------------------------------------------------------------------------


@pytest.mark.pdf
def test_the_checks_above_catch_what_weasyprint_did_before():
    """The readers find the defects issue 22 measured: a table nested in a table without rows, a
    header cell without scope, a tagged text inside an untagged group."""
    import weasyprint

    page = (
        '<html lang="nl"><head><title>t</title><style>.vh{position:absolute;width:1px;height:1px;overflow:hidden}'
        "h1{opacity:0.5}</style></head><body><h1>Kop</h1><table><caption class=vh>Uitleg</caption>"
        '<thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td>b</td></tr></tbody></table></body></html>'
    )
    reader = PdfReader(io.BytesIO(weasyprint.HTML(string=page).write_pdf(pdf_variant="pdf/ua-1")))
    problems = table_problems(reader) + untagged_drawings(reader)
    assert any("/Table holds ['/Table']" in p for p in problems)
    assert any("/TH with /Scope None" in p for p in problems)
    assert any("drawn untagged" in p for p in problems)


PDFUA = importlib.util.find_spec("pdfua") is not None


@pytest.mark.pdf
@pytest.mark.skipif(not PDFUA, reason="pdfua ontbreekt in de venv: het staat in de extra 'test' van pyproject.toml")
def test_the_pdfua_checker_finds_nothing_in_a_pdf_that_claims_pdf_ua(built_formats, archived):
    from pdfua import validate

    checked = 0
    for pdf in pdfs_in(built_formats) + pdfs_in(archived):
        if "ua" not in claims(PdfReader(pdf)):
            continue
        report = validate(str(pdf))
        assert [(f.rule_id, f.message) for f in report.findings] == [], pdf
        checked += 1
    assert checked >= 4 * len(FORMATS)
