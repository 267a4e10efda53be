""".docx for Word: the draaiboek, hand-out and invitation with real headings, lists and tables (python-docx)."""

from __future__ import annotations

import io
from typing import assert_never

from werkvorm_dsl.output.formats import office
from werkvorm_dsl.output.registry import Backend, BuildContext, Document, register

LANGUAGE = "nl-NL"
BODY_SIZE_PT = 10.5  # as the PDF and the .odt


@register
class Docx(Backend):
    name = "docx"
    title = "Word (.docx)"
    formats = ("docx",)
    documents = office.OFFICE_DOCUMENTS

    def render(self, context: BuildContext, document: str | None = None) -> Document:
        document = self.converted(document)
        shape = office.outline(context, document)
        word = _new_document(context.huisstijl)
        _set_page(word)
        _set_styles(word, context.huisstijl)
        _set_properties(word, shape, context)
        _house_header(word, context.huisstijl)
        for block in shape.blocks:
            _write(word, block)
        out = io.BytesIO()
        word.save(out)
        return Document(document, shape.subject, {"docx": office.fixed_zip(out.getvalue(), context.epoch)})


def _new_document(style):
    """python-docx's own template, or the municipality's Word template without its body text: the
    .docx then takes that template's styles, page and header. The house style holds the template
    already cleaned and made a .docx (output/word_template.py), once for the whole build."""
    import docx

    if style is None or style.word_template is None:
        return docx.Document()
    word = docx.Document(io.BytesIO(style.word_template))
    body = word.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return word


def _set_page(word) -> None:
    """A4 with margins of 20 mm, and 'pagina 2 van 4' in the footer as fields Word fills in."""
    from docx.shared import Mm, Pt

    for section in word.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(20)
        footer = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
        footer.add_run("pagina ")
        _field(footer, "PAGE")
        footer.add_run(" van ")
        _field(footer, "NUMPAGES")
        for run in footer.runs:
            run.font.size = Pt(8.5)


def _field(paragraph, instruction: str) -> None:
    # python-docx has no API for fields; a simple field is one element with its instruction.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _set_styles(word, style) -> None:
    """Dutch for spelling and hyphenation, the house font and colours, and the named styles for
    facilitator text, examples, notes and the step's times."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    defaults = word.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        properties = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if properties is not None:
            language = properties.find(qn("w:lang"))
            if language is None:
                language = OxmlElement("w:lang")
                properties.append(language)
            language.set(qn("w:val"), LANGUAGE)
    styles = word.styles
    names = {s.name for s in styles}
    normal = styles["Normal"]
    if style is None or style.word_template is None:
        normal.font.size = Pt(BODY_SIZE_PT)
    if style is not None and style.text_colour:
        normal.font.color.rgb = RGBColor.from_string(style.text_colour[1:])
    for level in range(1, 7):
        name = f"Heading {level}"
        if name not in names:
            styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH).base_style = normal
        if style is not None and style.heading_colour:
            styles[name].font.color.rgb = RGBColor.from_string(style.heading_colour[1:])
    if style is None or style.word_template is None or style.font:  # a Word template's own font wins over ours
        _set_font(word, office.body_font(style))
    for name in ("List Bullet", "List Number", "Table Grid"):
        if name not in names:
            styles.add_style(name, WD_STYLE_TYPE.TABLE if name == "Table Grid" else WD_STYLE_TYPE.PARAGRAPH)
    own = {
        office.FACILITATOR_STYLE: (True, "7A4B00"),
        office.QUOTE_STYLE: (True, None),
        office.NOTE_STYLE: (False, None),
        office.META_STYLE: (False, "4A4A4A"),
    }
    for name, (italic, colour) in own.items():
        if name in names:
            continue  # the template's own look for it wins
        added = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        added.base_style = normal
        added.font.italic = italic
        if colour:
            added.font.color.rgb = RGBColor.from_string(colour)
        if name == office.META_STYLE:
            added.font.size = Pt(9)


def _set_font(word, font: str) -> None:
    """One font for the whole document: the defaults, the body and heading styles, and every style
    that named a theme font (a theme font overrules a named one, and python-docx's theme has the
    serif Cambria as body font); and an entry in the font table that tells Word, when the font is
    missing, to take a sans-serif of its kind (LibreOffice takes fontconfig's sans-serif)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for name in ("Normal", *(f"Heading {level}" for level in range(1, 7))):
        word.styles[name].font.name = font  # so a template's own font in these styles yields too
    styles = word.styles.element
    properties = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if properties is not None and properties.find(qn("w:rFonts")) is None:
        properties.insert(0, OxmlElement("w:rFonts"))
    for fonts in styles.iter(qn("w:rFonts")):
        if (
            fonts.getparent() is properties
            or fonts.get(qn("w:ascii")) == font
            or any(name.lower().endswith("theme") for name in map(_local_name, fonts.attrib))
        ):
            for name in list(fonts.attrib):
                del fonts.attrib[name]
            for script in ("ascii", "hAnsi", "eastAsia", "cs"):
                fonts.set(qn(f"w:{script}"), font)
    _declare_font(word, font)


def _local_name(attribute: str) -> str:
    return attribute.rsplit("}", 1)[-1]


def _declare_font(word, font: str) -> None:
    # python-docx has no API for the font table: an entry is the font's name, its kind (swiss: a
    # sans-serif) and a look-alike for a machine without it.
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn
    from lxml import etree

    try:
        table = word.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    except KeyError:
        return
    fonts = parse_xml(table.blob)
    for entry in fonts.findall(qn("w:font")):
        if entry.get(qn("w:name")) == font:
            fonts.remove(entry)
    entry = OxmlElement("w:font")
    entry.set(qn("w:name"), font)
    for tag, value in (("w:altName", office.FALLBACK_FONTS[0]), ("w:family", "swiss"), ("w:pitch", "variable")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        entry.append(element)
    fonts.insert(0, entry)
    table._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_properties(word, shape, context) -> None:
    from werkvorm_dsl.system.safe_text import one_line

    properties = word.core_properties
    moment = office.build_datetime(context.epoch).replace(tzinfo=None)
    properties.title = one_line(shape.title)[:250]
    properties.subject = shape.subject
    properties.language = LANGUAGE
    properties.author = one_line(context.huisstijl.organisation) if context.huisstijl else "werkvorm-dsl"
    properties.last_modified_by = "werkvorm-dsl"
    properties.comments = ""
    properties.keywords = "werkvorm"
    properties.revision = 1
    properties.created = properties.modified = properties.last_printed = moment


def _house_header(word, style) -> None:
    """The logo and the organisation's name at the top of the first page, as in the HTML."""
    if style is None or not (style.logo or style.organisation):
        return
    from docx.shared import Mm

    paragraph = word.add_paragraph()
    if style.logo:
        logo = style.logo.raster()  # Word takes an SVG only with a PNG beside it: the PNG alone does
        width, height = office.logo_size_mm(logo)
        paragraph.add_run().add_picture(io.BytesIO(logo.data), width=Mm(width), height=Mm(height))
        paragraph.add_run("  ")
    if style.organisation:
        paragraph.add_run(style.organisation).bold = True


def _write(word, block: office.Block) -> None:
    match block:
        case office.Heading():
            paragraph = word.add_paragraph(style=f"Heading {min(block.level, 6)}")
            _runs(paragraph, block.runs)
        case office.Paragraph():
            paragraph = word.add_paragraph(style=block.style or None)
            _runs(paragraph, block.runs)
        case office.ListBlock():
            _list(word, block)
        case office.Table():
            _table(word, block)
        case _:
            assert_never(block)


def _list(word, block: office.ListBlock) -> None:
    """Items in Word's list styles; a numbered list starts at its own first number, not where
    the previous numbered list ended."""
    style = "List Number" if block.numbered else "List Bullet"
    number_id = _restarted_numbering(word, block.start) if block.numbered else None
    for runs in block.items:
        paragraph = word.add_paragraph(style=style)
        if number_id is not None:
            _use_numbering(paragraph, number_id)
        _runs(paragraph, runs)


def _restarted_numbering(word, start: int) -> int | None:
    # python-docx has no API to restart a list: a new w:num on the style's abstract numbering,
    # with a start override, does it the way Word does.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    try:
        numbering = word.part.numbering_part.element
        style_number = word.styles["List Number"].element.pPr.numPr.numId.val
    except (AttributeError, KeyError, NotImplementedError):
        return None
    abstract = next(
        (
            num.find(qn("w:abstractNumId")).get(qn("w:val"))
            for num in numbering.findall(qn("w:num"))
            if num.get(qn("w:numId")) == str(style_number)
        ),
        None,
    )
    if abstract is None:
        return None
    number_id = max(int(num.get(qn("w:numId"))) for num in numbering.findall(qn("w:num"))) + 1
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(number_id))
    reference = OxmlElement("w:abstractNumId")
    reference.set(qn("w:val"), abstract)
    num.append(reference)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start_override = OxmlElement("w:startOverride")
    start_override.set(qn("w:val"), str(start))
    override.append(start_override)
    num.append(override)
    numbering.append(num)
    return number_id


def _use_numbering(paragraph, number_id: int) -> None:
    properties = paragraph._p.get_or_add_pPr()
    numbering = properties.get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = number_id


def _table(word, block: office.Table) -> None:
    """A real table; its header row is marked to repeat at the top of every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rows = ([block.header] if block.header else []) + list(block.rows)
    columns = max(len(row) for row in rows)
    table = word.add_table(rows=0, cols=columns)
    table.style = word.styles["Table Grid"]
    _set_widths(table, office.column_widths(block))
    for index, cells in enumerate(rows):
        row = table.add_row()
        for cell, runs in zip(row.cells, cells):
            _runs(cell.paragraphs[0], runs)
        if len(cells) < columns and cells:  # 'colspan': the last cell takes the rest of the row
            row.cells[len(cells) - 1].merge(row.cells[columns - 1])
        if index == 0 and block.header:
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            row._tr.get_or_add_trPr().append(header)


def _set_widths(table, widths: tuple[float, ...]) -> None:
    """Fixed column widths in the table grid (what LibreOffice reads); each row added after this
    gives its cells the same widths (what Word reads), and a merged cell the sum of its columns."""
    from docx.shared import Cm

    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)


def _runs(paragraph, runs: tuple[office.Run, ...]) -> None:
    for run in runs:
        if run.line_break:
            paragraph.add_run().add_break()
        if run.link:
            _hyperlink(paragraph, run)
            continue
        written = paragraph.add_run(run.text)
        written.bold, written.italic = run.bold or None, run.italic or None
        if run.code:
            written.font.name = "Courier New"


def _hyperlink(paragraph, run: office.Run) -> None:
    """A link Word follows, only to an address links.py allows (http, https, mailto): the text
    stays the author's text, the address is an external relationship, never a field."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    relation = paragraph.part.relate_to(run.link, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    inner = paragraph.add_run(run.text)
    inner.bold, inner.italic = run.bold or None, run.italic or None
    inner.font.underline = True
    link.append(inner._r)
    paragraph._p.append(link)
