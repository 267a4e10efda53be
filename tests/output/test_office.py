"""The .docx and .odt outputs: LibreOffice opens them, the words are the PDF's, the structure is real."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import DOCUMENTS, FACILITATED, OFFICE, ROOT, SEEDS, WERKVORMEN, lo_text
from samples import facilitator_texts
from seedtext import load_deviations, normalize, sentences
from werkvorm_dsl.app.cli import main

EPOCH = "1767225600"


@pytest.mark.parametrize("suffix", OFFICE)
def test_libreoffice_opens_every_office_file_and_prints_it_on_a4(office_built, suffix):
    from pypdf import PdfReader

    for werkvorm in WERKVORMEN:
        for document in DOCUMENTS:
            pdf = office_built / "lo" / f"{werkvorm.stem}-{document}-{suffix}.pdf"
            assert pdf.stat().st_size > 1000, pdf.name
            box = PdfReader(pdf).pages[0].mediabox
            assert (round(float(box.width)), round(float(box.height))) == (595, 842), pdf.name
            assert lo_text(office_built, werkvorm, document, suffix).strip()


@pytest.mark.parametrize("suffix", OFFICE)
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_every_seed_sentence_is_in_the_office_draaiboek(office_built, seed, suffix):
    name = seed.name.removesuffix(".seed.txt")
    text = " " + normalize(lo_text(office_built, ROOT / "formats" / f"{name}.werkvorm", "draaiboek", suffix)) + " "
    deviations = load_deviations(seed.with_name(f"{name}.deviations"))
    missing = [
        s
        for s in sentences(seed.read_text(encoding="utf-8"))
        if s not in deviations and f" {normalize(s)} " not in text
    ]
    assert missing == []


@pytest.mark.parametrize("suffix", OFFICE)
def test_the_office_handout_holds_no_facilitator_text(office_built, suffix):
    checked = 0
    for werkvorm in WERKVORMEN:
        handout = normalize(lo_text(office_built, werkvorm, "deelnemers", suffix))
        draaiboek = normalize(lo_text(office_built, werkvorm, "draaiboek", suffix))
        for secret in facilitator_texts(werkvorm):
            assert normalize(secret) not in handout, secret
            assert normalize(secret) in draaiboek, secret  # so the line above can fail
            checked += 1
    assert checked


def html_outline(html: str) -> list[tuple[int, str]]:
    found = []
    for level, inner in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", html, re.S):
        text = re.sub(r"<[^>]+>", "", inner)
        import html as markup

        found.append((int(level), " ".join(markup.unescape(text).split())))
    return found


def docx_outline(path: Path) -> list[tuple[int, str]]:
    import docx

    return [
        (int(p.style.name.removeprefix("Heading ")), " ".join(p.text.split()))
        for p in docx.Document(str(path)).paragraphs
        if p.style.name.startswith("Heading ")
    ]


def odt_outline(path: Path) -> list[tuple[int, str]]:
    from odf import teletype, text
    from odf.opendocument import load

    return [
        (int(h.getAttribute("outlinelevel")), " ".join(teletype.extractText(h).split()))
        for h in load(str(path)).getElementsByType(text.H)
    ]


@pytest.mark.parametrize("document", ("draaiboek", "deelnemers"))
def test_the_heading_outline_is_the_htmls(office_built, document):
    for werkvorm in WERKVORMEN:
        folder = office_built / "uit" / werkvorm.stem
        expected = html_outline((folder / f"{document}.html").read_text(encoding="utf-8"))
        assert len(expected) >= 3
        assert docx_outline(folder / f"{document}.docx") == expected
        assert odt_outline(folder / f"{document}.odt") == expected


def test_docx_structure_is_real(office_built):
    import docx
    from docx.oxml.ns import qn

    word = docx.Document(str(office_built / "uit" / FACILITATED.stem / "draaiboek.docx"))
    styles = {p.style.name for p in word.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3", "Begeleider"} <= styles
    assert any(name in styles for name in ("List Bullet", "List Number"))
    schedule = next(t for t in word.tables if t.rows[0].cells[0].text == "Tijd")
    header = schedule.rows[0]._tr.trPr
    assert header is not None and header.find(qn("w:tblHeader")) is not None
    properties = word.core_properties
    assert properties.language == "nl-NL" and properties.subject == "Draaiboek voor de begeleider"
    assert properties.title == FACILITATED.read_text(encoding="utf-8").splitlines()[0].removeprefix("WERKVORM ")
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert 'w:val="nl-NL"' in word.styles.element.xml


def test_odt_structure_is_real(office_built):
    from odf import dc, table, text
    from odf.opendocument import load

    odt = load(str(office_built / "uit" / FACILITATED.stem / "draaiboek.odt"))
    assert odt.getElementsByType(table.TableHeaderRows)
    assert odt.getElementsByType(text.List)
    used = {p.getAttribute("stylename") for p in odt.getElementsByType(text.P)}
    assert "Begeleider" in used
    assert odt.getElementsByType(text.PageNumber) and odt.getElementsByType(text.PageCount)
    assert str(odt.getElementsByType(dc.Language)[0]) == "nl-NL"
    assert str(odt.getElementsByType(dc.Subject)[0]) == "Draaiboek voor de begeleider"
    styles = odt.stylesxml()
    assert 'fo:page-width="21cm"' in styles and 'fo:page-height="29.7cm"' in styles
    assert 'fo:language="nl"' in styles and 'fo:country="NL"' in styles


def test_office_files_are_byte_for_byte_reproducible(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    for run in ("a", "b"):
        assert main(["build", "--to", str(tmp_path / run), "--formaten", "docx,odt", str(WERKVORMEN[0])]) == 0
    files = sorted(path for path in (tmp_path / "a").rglob("*.*") if path.suffix in (".docx", ".odt"))
    assert len(files) == 6
    for file in files:
        assert file.read_bytes() == (tmp_path / "b" / file.relative_to(tmp_path / "a")).read_bytes(), file.name
        with zipfile.ZipFile(file) as archive:
            assert {entry.date_time for entry in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
    with zipfile.ZipFile(files[0]) as archive:
        core = archive.read("docProps/core.xml").decode()
        assert "2026-01-01T00:00:00Z" in core and "2013" not in core


HOSTILE = """WERKVORM Vijandig <b>vet</b> {{ 7*7 }}
duur: 10 min

SESSIE
stap Klik [hier](javascript:alert(1)) of [daar](file:///etc/passwd) of [goed](https://example.org/a?b=1)
    duur: 5 min
    begeleider: Alleen voor mij: <script>alert(1)</script> en \x01 stuurteken
stap Veld { PAGE } en =SUM(A1) en DDEAUTO c:\\\\windows
    duur: 5 min
"""


def test_author_text_stays_text_in_office_files(tmp_path):
    path = tmp_path / "vijandig.werkvorm"
    path.write_text(HOSTILE, encoding="utf-8")
    assert main(["build", "--to", str(tmp_path / "uit"), "--formaten", "docx,odt", str(path)]) == 0
    for suffix in OFFICE:
        with zipfile.ZipFile(tmp_path / "uit" / "vijandig" / f"draaiboek.{suffix}") as archive:
            everything = "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
        assert re.search(r'(Target|xlink:href)="(javascript|file):', everything) is None
        assert re.search(r'(Target|xlink:href)="https://example.org/a\?b=1"', everything)
        assert "<script>" not in everything and "&lt;script&gt;" in everything
        assert "DDEAUTO" in everything and "instrText" not in everything


def test_author_text_never_becomes_a_field_in_the_docx(tmp_path):
    path = tmp_path / "vijandig.werkvorm"
    path.write_text(HOSTILE, encoding="utf-8")
    assert main(["build", "--to", str(tmp_path / "uit"), "--formaten", "docx", str(path)]) == 0
    with zipfile.ZipFile(tmp_path / "uit" / "vijandig" / "draaiboek.docx") as archive:
        body = archive.read("word/document.xml").decode()
    assert "fldSimple" not in body and "instrText" not in body and "fldChar" not in body
    assert "DDEAUTO" in body and "{ PAGE }" in body and "=SUM(A1)" in body


HUISSTIJL = """organisatie = "Gemeente Bloemendaal aan Zee"
logo = "logo.png"
lettertype = "DejaVu Serif"

[kleuren]
koppen = "#6b1f5c"
tekst = "#202020"
"""


def tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x6b\x1f\x5c" * 8 for _ in range(4))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 4, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def house_built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bloemendaal")
    shutil.copy(WERKVORMEN[0], folder / "sessie.werkvorm")
    (folder / "huisstijl.toml").write_text(HUISSTIJL, encoding="utf-8")
    (folder / "logo.png").write_bytes(tiny_png())
    assert (
        main(
            [
                "build",
                "--to",
                str(folder / "uit"),
                "--formaten",
                "html,pdf,docx,odt",
                "--only",
                "draaiboek",
                str(folder / "sessie.werkvorm"),
            ]
        )
        == 0
    )
    return folder / "uit" / "sessie"


def test_house_style_reaches_the_html(house_built):
    html = (house_built / "draaiboek.html").read_text(encoding="utf-8")
    assert "--accent: #6b1f5c;" in html and '"DejaVu Serif"' in html
    assert 'src="data:image/png;base64,' in html and "Gemeente Bloemendaal aan Zee" in html


def test_house_style_reaches_the_pdf(house_built):
    from pypdf import PdfReader

    page = PdfReader(house_built / "draaiboek.pdf").pages[0]
    fonts = {str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    assert any("DejaVu-Serif" in font for font in fonts), fonts
    assert page["/Resources"].get("/XObject"), "the logo is an image on page 1"
    assert "0.42 0.122 0.361 rg" in page.get_contents().get_data().decode("latin-1") or re.search(
        rb"0\.4196?\d* 0\.1215?\d* 0\.3607?\d* rg", page.get_contents().get_data()
    )


def test_house_style_reaches_the_docx(house_built):
    import docx

    word = docx.Document(str(house_built / "draaiboek.docx"))
    assert word.styles["Normal"].font.name == "DejaVu Serif"
    assert str(word.styles["Heading 1"].font.color.rgb) == "6B1F5C"
    assert word.inline_shapes and "Gemeente Bloemendaal aan Zee" in word.paragraphs[0].text
    assert word.core_properties.author == "Gemeente Bloemendaal aan Zee"


def test_house_style_reaches_the_odt(house_built):
    with zipfile.ZipFile(house_built / "draaiboek.odt") as archive:
        styles = archive.read("styles.xml").decode()
        content = archive.read("content.xml").decode()
        names = archive.namelist()
    assert 'fo:color="#6b1f5c"' in styles and 'style:font-name="DejaVu Serif"' in styles
    assert "Pictures/logo.png" in names and "Gemeente Bloemendaal aan Zee" in content


def test_the_default_look_stays_without_a_house_style(office_built):
    html = (office_built / "uit" / WERKVORMEN[0].stem / "draaiboek.html").read_text(encoding="utf-8")
    assert 'class="huisstijl"' not in html and "--accent: #1d4f91;" in html


@pytest.mark.parametrize(
    "colours, code", [('koppen = "#ffcc00"', "E604"), ('tekst = "#999999"', "E604"), ('koppen = "geel"', "E602")]
)
def test_a_hard_to_read_colour_is_refused_in_dutch(tmp_path, capsys, colours, code):
    shutil.copy(WERKVORMEN[0], tmp_path / "sessie.werkvorm")
    (tmp_path / "huisstijl.toml").write_text(f"[kleuren]\n{colours}\n", encoding="utf-8")
    assert main(["build", "--to", str(tmp_path / "uit"), str(tmp_path / "sessie.werkvorm")]) == 2
    err = capsys.readouterr().err
    assert f"fout[{code}]" in err and "huisstijl.toml" in err and "Tip:" in err
    assert not (tmp_path / "uit" / "sessie").exists()


def test_every_problem_of_a_house_style_is_reported_at_once(tmp_path, capsys):
    (tmp_path / "huisstijl.toml").write_text(
        'kleur = "rood"\nlogo = "../buiten.png"\n[kleuren]\nkoppen = "#eeeeee"\n', encoding="utf-8"
    )
    (tmp_path / "buiten.png").write_bytes(tiny_png())
    shutil.copy(WERKVORMEN[0], tmp_path / "sessie.werkvorm")
    assert (
        main(
            [
                "build",
                "--huisstijl",
                str(tmp_path / "huisstijl.toml"),
                "--to",
                str(tmp_path / "uit"),
                str(tmp_path / "sessie.werkvorm"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "fout[E602]" in err and "fout[E603]" in err and "fout[E604]" in err
    assert "Traceback" not in err


def test_a_logo_outside_the_folder_is_never_read(tmp_path, capsys):
    inner = tmp_path / "werkvormen"
    inner.mkdir()
    (tmp_path / "geheim.png").write_bytes(tiny_png())
    (inner / "logo.png").symlink_to(tmp_path / "geheim.png")
    (inner / "huisstijl.toml").write_text('logo = "logo.png"\n', encoding="utf-8")
    shutil.copy(WERKVORMEN[0], inner / "sessie.werkvorm")
    assert main(["build", "--to", str(tmp_path / "uit"), "--formaten", "html", str(inner / "sessie.werkvorm")]) == 2
    assert "fout[E603]" in capsys.readouterr().err


def test_contrast_is_computed_as_wcag_says():
    from werkvorm_dsl.output.house_style import contrast

    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # the lightest grey that passes AA
    assert contrast("#777777", "#ffffff") < 4.5


@pytest.mark.parametrize("suffix", OFFICE)
def test_a_space_between_two_marked_up_words_stays_in_office_files(office_built, suffix):
    """'<strong>Waar:</strong> <mark>[invullen: …]</mark>' in the HTML: the space between the two
    elements was dropped, and Word printed 'Waar:[invullen: plaats of link]' and
    '(schatting)(als er tijd is)'. LibreOffice reads every file back with the gap."""
    for werkvorm in WERKVORMEN:
        for document in DOCUMENTS:
            text = lo_text(office_built, werkvorm, document, suffix)
            assert not re.search(r"\S\[invullen", text), (werkvorm.stem, document)
            assert ")(" not in text, (werkvorm.stem, document)
    invitation = lo_text(office_built, WERKVORMEN[0], "uitnodiging", suffix)
    assert "Waar: [invullen: plaats of link]" in invitation


def test_the_office_reader_keeps_word_gaps_and_drops_layout_space():
    from werkvorm_dsl.output.formats.office import _Reader, plain_text

    def paragraphs(html: str) -> list[str]:
        reader = _Reader()
        reader.feed(html)
        reader.close()
        return [plain_text(block.runs) for block in reader.blocks]

    assert paragraphs("<p><strong>Waar:</strong> <mark>[invullen: plaats]</mark></p>") == ["Waar: [invullen: plaats]"]
    assert paragraphs("<p><em>(schatting)</em>\n  <em>(als er tijd is)</em></p>") == ["(schatting) (als er tijd is)"]
    assert paragraphs("<p>\n  <strong>Stap 1</strong> \n</p>") == ["Stap 1"]
    assert paragraphs("<p><strong>a </strong> <em>b</em></p>") == ["a b"]
    # after a line break the next line starts with its word, not with the break's newline as a space
    assert paragraphs("<p>eerste regel<br>\n<strong>tweede</strong></p>") == ["eerste regeltweede"]


LIEFDEVOL = ROOT / "formats" / "liefdevol-roddelen.werkvorm"
TEXT_WIDTH_CM = 17.0  # A4 less two margins of 2 cm


def docx_tables(path: Path):
    import docx

    tables = docx.Document(str(path)).tables
    schedule = next(t for t in tables if t.rows[0].cells[0].text == "Tijd")
    facts = next(t for t in tables if len(t.columns) == 2 and t.rows[0].cells[0].text == "Soort")
    return schedule, facts


def test_docx_columns_follow_the_content_in_grid_and_cells(office_built):
    """Word and LibreOffice made every column equally wide: the step's text had a quarter of the
    page and rows were five to eight lines tall (a 5-page draaiboek against the PDF's 4)."""
    schedule, facts = docx_tables(office_built / "uit" / LIEFDEVOL.stem / "draaiboek.docx")
    header = [cell.text for cell in schedule.rows[0].cells]
    assert header == ["Tijd", "Min.", "Stap", "Wie"]
    grid = [column.width.cm for column in schedule.columns]
    assert grid[2] == max(grid) and grid[2] > 2 * grid[3] > 4 * grid[1] / 2
    assert grid[1] < grid[0] < grid[3]
    assert abs(sum(grid) - TEXT_WIDTH_CM) < 0.05
    assert (
        schedule._tbl.tblPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblLayout") is not None
    )  # fixed: Word keeps the widths instead of fitting the columns to the text
    for row in list(schedule.rows) + list(facts.rows):  # Word reads the cells' widths, LibreOffice the grid
        columns = [column.width.cm for column in row.table.columns]
        index = 0
        for cell in row._tr.tc_lst:
            assert cell.width is not None
            assert abs(cell.width.cm - sum(columns[index : index + cell.grid_span])) < 0.01, row.cells[0].text
            index += cell.grid_span
        assert index == len(columns)
    label, value = (column.width.cm for column in facts.columns)
    assert 2.0 < label < 5.0 < value


def test_odt_columns_follow_the_content(office_built):
    from odf import style, table
    from odf.opendocument import load

    odt = load(str(office_built / "uit" / LIEFDEVOL.stem / "draaiboek.odt"))
    widths = {}
    for named in odt.automaticstyles.getElementsByType(style.Style):
        for properties in named.getElementsByType(style.TableColumnProperties):
            widths[named.getAttribute("name")] = float(properties.getAttribute("columnwidth").removesuffix("cm"))
    tables = odt.getElementsByType(table.Table)
    assert tables

    def columns(of) -> list[float]:
        return [widths[column.getAttribute("stylename")] for column in of.getElementsByType(table.TableColumn)]

    def first_cells(of) -> list[str]:
        from odf import teletype

        return [teletype.extractText(cell) for cell in of.getElementsByType(table.TableRow)[0].childNodes]

    schedule = next(t for t in tables if first_cells(t)[:1] == ["Tijd"])
    assert first_cells(schedule) == ["Tijd", "Min.", "Stap", "Wie"]
    grid = columns(schedule)
    assert grid[2] == max(grid) and grid[1] < grid[0] < grid[3]
    assert abs(sum(grid) - TEXT_WIDTH_CM) < 0.05
    facts = next(t for t in tables if first_cells(t)[:1] == ["Soort"])
    label, value = columns(facts)
    assert 2.0 < label < 5.0 < value
    for each in tables:  # every table, not only these two, has a width per column
        assert len(columns(each)) == max(len(row.childNodes) for row in each.getElementsByType(table.TableRow))


@pytest.mark.parametrize("suffix", OFFICE)
def test_libreoffice_prints_office_files_in_a_sans_serif(office_built, suffix):
    """The .docx fell back to the theme's serif body font (Cambria, DejaVu Serif on Linux); the
    PDF's font is Lato, and on a machine without it a sans-serif stands in."""
    from pypdf import PdfReader

    for werkvorm in WERKVORMEN:
        for document in DOCUMENTS:
            fonts = set()
            for page in PdfReader(office_built / "lo" / f"{werkvorm.stem}-{document}-{suffix}.pdf").pages:
                fonts |= {str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
            assert fonts and not any("Serif" in font or "Times" in font for font in fonts), (document, fonts)


def test_the_office_files_name_lato_as_a_sans_serif(office_built):
    folder = office_built / "uit" / LIEFDEVOL.stem
    with zipfile.ZipFile(folder / "draaiboek.docx") as archive:
        styles = archive.read("word/styles.xml").decode()
        font_table = archive.read("word/fontTable.xml").decode()
    assert "Theme=" not in styles and "theme=" not in styles  # a theme font would overrule the named one
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S).group()
    assert 'w:ascii="Lato"' in defaults and 'w:hAnsi="Lato"' in defaults
    assert re.search(r'<w:font w:name="Lato">.*?<w:family w:val="swiss"/>', font_table, re.S)
    with zipfile.ZipFile(folder / "draaiboek.odt") as archive:
        odf_styles = archive.read("styles.xml").decode()
    assert re.search(
        r'<style:font-face style:name="Lato" svg:font-family="Lato" '
        r'style:font-family-generic="swiss"',
        odf_styles,
    )
    assert 'style:font-name="Lato"' in odf_styles


@pytest.mark.pdf
def test_the_office_draaiboek_is_at_most_a_page_longer_than_the_pdf(office_built, tmp_path):
    from pypdf import PdfReader

    assert (
        main(
            [
                "build",
                "--to",
                str(tmp_path),
                "--start",
                "14:00",
                "--formaten",
                "pdf",
                "--only",
                "draaiboek",
                *map(str, WERKVORMEN),
            ]
        )
        == 0
    )
    for werkvorm in WERKVORMEN:
        printed = len(PdfReader(tmp_path / werkvorm.stem / "draaiboek.pdf").pages)
        for suffix in OFFICE:
            pages = len(PdfReader(office_built / "lo" / f"{werkvorm.stem}-draaiboek-{suffix}.pdf").pages)
            assert pages <= printed + 1, (werkvorm.stem, suffix, pages, printed)


def test_the_house_font_wins_over_lato_in_every_style(house_built):
    with zipfile.ZipFile(house_built / "draaiboek.docx") as archive:
        styles = archive.read("word/styles.xml").decode()
    named = set(re.findall(r'w:ascii="([^"]+)"', styles))
    assert "DejaVu Serif" in named and "Lato" not in named


def office_table(header, rows):
    from werkvorm_dsl.output.formats.office import Run, Table

    def cells(texts):
        return tuple((Run(text),) if text else () for text in texts)

    return Table(cells(header) if header else None, tuple(cells(row) for row in rows))


@pytest.mark.parametrize(
    "header, rows",
    [
        (("Tijd", "Min.", "Stap", "Wie"), [("14:00–14:05", "5", "Een stap " * 40, "iedereen")]),
        (("Tijd", "Min.", "Wat"), [("14:00", "ca. 4", "https://example.org/" + "a" * 5000)]),
        (None, [("Groepsgrootte", "6 tot 12"), ("Duur", "1 uur")]),
        (None, [("x" * 3000, "y" * 3000, "z\u200b" * 2000)]),
        (("Tijd", "Vanaf", "Min.", "Wie") * 3, [("1",) * 12]),  # fixed widths wider than the page
        (("Stap", "Wie"), [("één",), ("lang " * 100,)]),  # every row spans: nothing to measure
        (None, [(), ()]),
        (("\u202e\u0000", "Tijd"), [("\U0001f600" * 50, "😀")]),
    ],
)
def test_column_widths_always_fill_the_page_with_room_for_every_column(header, rows):
    from werkvorm_dsl.output.formats.office import column_widths

    widths = column_widths(office_table(header, rows))
    columns = max([len(header or ())] + [len(row) for row in rows])
    assert len(widths) == columns
    if columns:
        assert abs(sum(widths) - TEXT_WIDTH_CM) < 0.05 and min(widths) > 0.3


def test_the_column_with_the_most_text_takes_the_rest_of_the_row():
    from werkvorm_dsl.output.formats.office import column_widths

    tijd, minuten, wat, wie = column_widths(
        office_table(("Tijd", "Min.", "Wat", "Wie"), [("14:00", "5", "Kort", "iedereen")])
    )
    assert (tijd, wie) == (2.8, 3.5) and 1.4 <= minuten < 2.0
    assert wat == pytest.approx(TEXT_WIDTH_CM - tijd - minuten - wie, abs=0.02)
    single, _ = column_widths(office_table(("Min.", "Wat"), [("ca. 4", "Kort")]))
    ranged, _ = column_widths(office_table(("Min.", "Wat"), [("5 tot 10", "Kort")]))
    assert single < ranged <= 2.1  # a range of minutes ('5 tot 10') does not wrap
    label, value = column_widths(office_table(None, [("Begeleiding", "door HR of externe intervisiebegeleider " * 3)]))
    assert label < 4 and value > 12
    short, long = column_widths(office_table(None, [("a b c d e f g h", "x" * 200)]))
    assert short >= 0.8 and long > short  # a long word gets room, but not all of it
