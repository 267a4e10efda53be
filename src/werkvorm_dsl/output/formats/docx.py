""".docx for Word: the draaiboek, hand-out and invitation with real headings, lists and tables (python-docx)."""

from __future__ import annotations

import io
from functools import lru_cache
from typing import assert_never

from werkvorm_dsl.output.formats import office
from werkvorm_dsl.output.palette import Palette, palette_for
from werkvorm_dsl.output.registry import Backend, BuildContext, Document, register
from werkvorm_dsl.output.safe_xml import safe_parser

LANGUAGE = "nl-NL"
BODY_SIZE_PT = 10.5  # as the PDF and the .odt
FOOTER_SIZE_PT = 8.5


@register
class Docx(Backend):
    name = "docx"
    title = "Word (.docx)"
    formats = ("docx",)
    documents = office.OFFICE_DOCUMENTS

    def render(self, context: BuildContext, document: str | None = None) -> Document:
        document = self.converted(document)
        shape = office.outline(context, document)
        palette = palette_for(context.huisstijl)
        word = _styled_document(context.huisstijl, palette)
        _set_page(word, palette, context.concept)
        _set_properties(word, shape, context)
        _house_header(word, context.huisstijl)
        tail, kept_from = office.kept_tail(shape.blocks), None
        for index, block in enumerate(shape.blocks):
            if index == tail:
                kept_from = len(word.paragraphs)
            _write(word, block, palette)
        if kept_from is not None:
            _keep_together(word.paragraphs[kept_from:])
        if office.body_font(context.huisstijl) == office.BODY_FONT:
            _embed_lato(word)
        out = io.BytesIO()
        word.save(out)
        return Document(document, shape.subject, {"docx": office.fixed_zip(out.getvalue(), context.epoch)})


def _styled_document(style, palette: Palette):
    """A new document with the house style's styles and colours, and nothing written in it yet."""
    import docx

    return docx.Document(io.BytesIO(_styled_template(style, palette)))


@lru_cache(maxsize=8)
def _styled_template(style, palette: Palette) -> bytes:
    """The .docx every document of this house style starts from, made once per process: setting the
    styles and recolouring Word's blues took a third of the time of a document."""
    word = _new_document(style)
    _set_styles(word, style, palette)
    if style is None or style.word_template is None:
        _recolour_theme_blues(word, palette)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


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


def _set_page(word, palette: Palette, concept: str) -> None:
    """A4 with margins of 20 mm, and 'pagina 2 van 4' in the footer as fields Word fills in; a
    draft's footer starts with a red CONCEPT, on every page as in the PDF."""
    from docx.shared import Mm, Pt, RGBColor

    for section in word.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(20)
        footer = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
        if concept:
            mark = footer.add_run("CONCEPT")
            mark.bold = True
            mark.font.color.rgb = RGBColor.from_string(palette.concept[1:])
            footer.add_run("\t")
        footer.add_run("pagina ")
        _field(footer, "PAGE")
        footer.add_run(" van ")
        _field(footer, "NUMPAGES")
        for run in footer.runs:
            run.font.size = Pt(FOOTER_SIZE_PT)


def _field(paragraph, instruction: str) -> None:
    # python-docx has no API for fields; a simple field is one element with its instruction.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    properties, size = OxmlElement("w:rPr"), OxmlElement("w:sz")
    size.set(qn("w:val"), str(round(FOOTER_SIZE_PT * 2)))  # half-points: the number as small as its words
    properties.append(size)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _set_styles(word, style, palette: Palette) -> None:
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
    own_look = style is None or style.word_template is None  # a Word template's own headings win over ours
    for level in range(1, 7):
        name = f"Heading {level}"
        if name not in names:
            styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH).base_style = normal
        if own_look:
            styles[name].font.size = Pt(office.HEADING_SIZES_PT[level])
            styles[name].font.bold = True
            styles[name].font.italic = False  # python-docx's Heading 4 is italic; the PDF's is not
        if own_look or (style is not None and style.heading_colour):
            # The accent, never Word's default blue (a theme colour, which a colour of our own replaces).
            styles[name].font.color.rgb = RGBColor.from_string(palette.accent[1:])
    if style is None or style.word_template is None or style.font:  # a Word template's own font wins over ours
        _set_font(word, office.body_font(style))
    for name in ("List Bullet", "List Number", "Table Grid"):
        if name not in names:
            styles.add_style(name, WD_STYLE_TYPE.TABLE if name == "Table Grid" else WD_STYLE_TYPE.PARAGRAPH)
    own = {
        office.FACILITATOR_STYLE: (False, True, palette.warn),
        office.QUOTE_STYLE: (False, True, None),
        office.NOTE_STYLE: (False, False, None),
        office.META_STYLE: (False, False, palette.muted),
        office.STEP_TITLE_STYLE: (True, False, None),
        office.CONCEPT_STYLE: (True, False, palette.concept),
    }
    for name, (bold, italic, colour) in own.items():
        if name in names:
            continue  # the template's own look for it wins
        added = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        added.base_style = normal
        added.font.bold, added.font.italic = bold or None, italic
        if colour:
            added.font.color.rgb = RGBColor.from_string(colour[1:])
        if name == office.META_STYLE:  # a step's time line heads the step: it never ends a page
            added.font.size = Pt(9)
            added.paragraph_format.keep_with_next = True
        if name == office.STEP_TITLE_STYLE:
            added.font.size = Pt(office.STEP_TITLE_SIZE_PT)
            added.paragraph_format.keep_with_next = True


# The theme colours of python-docx's template that are Word's blues: the accent used by its heading,
# title, caption and table styles, the dark blue of its title text, a light blue and the link colour.
THEME_BLUES = {"accent1": "accent", "text2": "accent", "accent5": "mid", "hyperlink": "accent"}
SCHEME_BLUES = {"accent1": "accent", "dk2": "accent", "accent5": "mid", "hlink": "accent"}  # theme1.xml's names


def _recolour_theme_blues(word, palette: Palette) -> None:
    """Every style that would still draw in Word's blue (Title, the headings' character styles, the
    table styles a reader may pick) draws in the palette's colours; the theme's scheme too, so a
    style a reader adds later follows."""
    from lxml import etree

    _recolour_styles(word.styles.element, palette)
    # python-docx's template keeps a second copy of the styles for Word 2010 (stylesWithEffects.xml).
    for part in word.part.package.iter_parts():
        if str(part.partname).endswith("/stylesWithEffects.xml"):
            root = etree.fromstring(part.blob, safe_parser())
            _recolour_styles(root, palette)
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    _recolour_scheme(word, palette)


def _recolour_styles(root, palette: Palette) -> None:
    themed, colour_tag, on_colour, on_other, on_fill = _theme_attributes()
    for element in themed(root):
        for theme, tint_name, shade_name, value in (on_colour if element.tag == colour_tag else on_other, on_fill):
            role = THEME_BLUES.get(element.get(theme, ""))
            if role is None or element.get(value) is None:
                continue
            colour = _theme_adjusted(getattr(palette, role), element.get(tint_name), element.get(shade_name))
            element.set(value, colour[1:].upper())
            for name in (theme, tint_name, shade_name):
                element.attrib.pop(name, None)


@lru_cache(maxsize=1)
def _theme_attributes():
    """What _recolour_styles looks for, in lxml's {namespace}name form: the query for the elements that
    name a theme colour or fill (the template's styles hold thousands of others), w:color's tag, and
    the attributes of a theme colour (on w:color, its value is w:val; elsewhere w:color) and fill."""
    from docx.oxml.ns import nsmap, qn
    from lxml import etree

    themed = etree.XPath(".//*[@w:themeColor or @w:themeFill]", namespaces={"w": nsmap["w"]})
    colour = tuple(qn(f"w:{name}") for name in ("themeColor", "themeTint", "themeShade"))
    fill = tuple(qn(f"w:{name}") for name in ("themeFill", "themeFillTint", "themeFillShade", "fill"))
    return themed, qn("w:color"), (*colour, qn("w:val")), (*colour, qn("w:color")), fill


def _theme_adjusted(colour: str, tint: str | None, shade: str | None) -> str:
    """A colour with Word's theme tint (towards white) or shade (towards black), given as hex 00-FF."""
    from werkvorm_dsl.output.palette import tint as towards_white

    if tint:
        colour = towards_white(colour, 1 - int(tint, 16) / 255)
    if shade:
        factor = int(shade, 16) / 255
        colour = "#" + "".join(f"{round(int(colour[i : i + 2], 16) * factor):02x}" for i in (1, 3, 5))
    return colour


def _recolour_scheme(word, palette: Palette) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from lxml import etree

    try:
        theme = word.part.part_related_by(RELATIONSHIP_TYPE.THEME)
    except KeyError:
        return
    drawing = "http://schemas.openxmlformats.org/drawingml/2006/main"
    root = etree.fromstring(theme.blob, safe_parser())
    for name, role in SCHEME_BLUES.items():
        for colour in root.iterfind(f".//{{{drawing}}}clrScheme/{{{drawing}}}{name}/{{{drawing}}}srgbClr"):
            colour.set("val", getattr(palette, role)[1:].upper())
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


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


def _write(word, block: office.Block, palette: Palette) -> None:
    match block:
        case office.Heading():
            paragraph = word.add_paragraph(style=f"Heading {min(block.level, 6)}")
            _runs(paragraph, block.runs, palette)
        case office.Paragraph():
            paragraph = word.add_paragraph(style=block.style or None)
            _runs(paragraph, block.runs, palette)
        case office.ListBlock():
            _list(word, block, palette)
        case office.Table():
            _table(word, block, palette)
        case _:
            assert_never(block)


def _keep_together(paragraphs) -> None:
    """The document's last lines on one page (office.kept_tail): each kept whole and with the next."""
    for paragraph in paragraphs:
        paragraph.paragraph_format.keep_together = True
        paragraph.paragraph_format.keep_with_next = paragraph is not paragraphs[-1]


def _list(word, block: office.ListBlock, palette: Palette) -> None:
    """Items in Word's list styles; a numbered list starts at its own first number, not where
    the previous numbered list ended."""
    style = "List Number" if block.numbered else "List Bullet"
    number_id = _restarted_numbering(word, block.start) if block.numbered else None
    for runs in block.items:
        paragraph = word.add_paragraph(style=style)
        if number_id is not None:
            _use_numbering(paragraph, number_id)
        _runs(paragraph, runs, palette)


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


def _table(word, block: office.Table, palette: Palette) -> None:
    """A real table; its header row is marked to repeat at the top of every page, and shaded in a
    tint of the accent as in the PDF."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rows = ([block.header] if block.header else []) + list(block.rows)
    columns = max(len(row) for row in rows)
    table = word.add_table(rows=0, cols=columns)
    table.style = word.styles["Table Grid"]
    _set_widths(table, office.column_widths(block))
    _set_table_look(table, palette)
    for index, cells in enumerate(rows):
        row = table.add_row()
        for cell, runs in zip(row.cells, cells):
            _runs(cell.paragraphs[0], runs, palette)
            if index == 0 and block.header:
                cell._tc.get_or_add_tcPr().append(_shading(palette.soft))
        if len(cells) < columns and cells:  # 'colspan': the last cell takes the rest of the row
            row.cells[len(cells) - 1].merge(row.cells[columns - 1])
        if index == 0 and block.header:
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            row._tr.get_or_add_trPr().append(header)


# tblPr's children in the order the schema gives them (ECMA-376 17.4.60), as far as they matter here.
TABLE_PROPERTY_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
)
CELL_MARGINS_TWIPS = {"top": 28, "bottom": 28, "left": 85, "right": 85}  # 0.05 cm and 0.15 cm, as the .odt's


def _set_table_look(table, palette: Palette) -> None:
    """Thin lines in the palette's grey (not Table Grid's black) and a little room in each cell, as
    in the PDF and the .odt; the .docx and the .odt then take about as many pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        for name, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", palette.line[1:].upper())):
            line.set(qn(f"w:{name}"), value)
        borders.append(line)
    margins = OxmlElement("w:tblCellMar")
    for side, twips in CELL_MARGINS_TWIPS.items():
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    for element in (borders, margins):
        _insert_in_order(properties, element)


def _insert_in_order(properties, element) -> None:
    name = _local_name(element.tag)
    later = TABLE_PROPERTY_ORDER[TABLE_PROPERTY_ORDER.index(name) + 1 :]
    following = next((child for child in properties if _local_name(child.tag) in later), None)
    if following is None:
        properties.append(element)
    else:
        following.addprevious(element)


def _set_widths(table, widths: tuple[float, ...]) -> None:
    """Fixed column widths in the table grid (what LibreOffice reads); each row added after this
    gives its cells the same widths (what Word reads), and a merged cell the sum of its columns."""
    from docx.shared import Cm

    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)


def _runs(paragraph, runs: tuple[office.Run, ...], palette: Palette) -> None:
    for run in runs:
        if run.line_break:
            paragraph.add_run().add_break()
        if run.link:
            _hyperlink(paragraph, run)
            continue
        written = paragraph.add_run(run.text)
        written.bold, written.italic = run.bold or run.placeholder or None, run.italic or None
        if run.code:
            written.font.name = "Courier New"
        if run.placeholder:  # to fill in before printing: a yellow background, as in the e-mail
            written._r.get_or_add_rPr().append(_shading(palette.placeholder))


def _shading(colour: str):
    """A background of one colour for a run or a cell (w:shd; Word's highlight knows only 16 colours)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour[1:].upper())
    return shading


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


# Lato goes into the .docx, so Word and LibreOffice show the PDF's font on a machine without it.
EMBEDDED_FACES = {
    "Regular": "Lato-Regular.ttf",
    "Bold": "Lato-Bold.ttf",
    "Italic": "Lato-Italic.ttf",
    "BoldItalic": "Lato-BoldItalic.ttf",
}
FONT_KEYS = {  # fixed, so the same werkvorm gives the same file
    "Regular": "{6C6174F0-0000-4000-8000-000000000001}",
    "Bold": "{6C6174F0-0000-4000-8000-000000000002}",
    "Italic": "{6C6174F0-0000-4000-8000-000000000003}",
    "BoldItalic": "{6C6174F0-0000-4000-8000-000000000004}",
}


SETTINGS_BEFORE_EMBEDDING = {
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
}


def _embed_lato(word) -> None:
    """The four Lato faces as obfuscated fonts (ECMA-376 part 1, 17.8.1) in the font table, and
    the setting that tells Word the document carries its fonts. The OFL allows embedding."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn
    from lxml import etree

    from werkvorm_dsl.output.render import html_asset

    try:
        table = word.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    except KeyError:
        return
    fonts = parse_xml(table.blob)
    entry = next((e for e in fonts.findall(qn("w:font")) if e.get(qn("w:name")) == office.BODY_FONT), None)
    if entry is None:
        return
    for number, (face, file_name) in enumerate(EMBEDDED_FACES.items(), start=1):
        key = FONT_KEYS[face]
        part = Part(
            PackURI(f"/word/fonts/font{number}.odttf"),
            "application/vnd.openxmlformats-officedocument.obfuscatedFont",
            _obfuscated(html_asset(file_name) or b"", key),
            word.part.package,
        )
        embedded = OxmlElement(f"w:embed{face}")
        embedded.set(qn("r:id"), table.relate_to(part, RELATIONSHIP_TYPE.FONT))
        embedded.set(qn("w:fontKey"), key)
        entry.append(embedded)
    table._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)
    settings = word.settings.element
    if settings.find(qn("w:embedTrueTypeFonts")) is None:
        # Word reads the settings in the schema's order: this one after the few that may come first.
        before = [child for child in settings if _local_name(child.tag) in SETTINGS_BEFORE_EMBEDDING]
        settings.insert(settings.index(before[-1]) + 1 if before else 0, OxmlElement("w:embedTrueTypeFonts"))


def _obfuscated(font: bytes, key: str) -> bytes:
    """The font with its first 32 bytes XORed with the key's 16 bytes, read from the end of the GUID."""
    digits = key.strip("{}").replace("-", "")
    secret = bytes.fromhex(digits)[::-1]
    head = bytes(byte ^ secret[index % 16] for index, byte in enumerate(font[:32]))
    return head + font[32:]
