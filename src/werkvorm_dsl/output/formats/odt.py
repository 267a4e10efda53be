""".odt (OpenDocument): the draaiboek, hand-out and invitation with real headings, lists and tables (odfpy)."""

from __future__ import annotations

import io
from typing import assert_never

from werkvorm_dsl.output.formats import office
from werkvorm_dsl.output.palette import palette_for
from werkvorm_dsl.output.registry import Backend, BuildContext, Document, register

CODE_FONT = "DejaVu Sans Mono"
# Lato goes into the .odt, so LibreOffice and Word show the PDF's font on a machine without it.
EMBEDDED_FACES = ("Lato-Regular.ttf", "Lato-Bold.ttf", "Lato-Italic.ttf", "Lato-BoldItalic.ttf")

# odfpy writes into every file the namespaces that any document of this process used so far (a
# class-level dict that only grows), so the first .odt a process made differed from the same one
# made later, alone or beside others. Each document starts from the list a warmed-up process has.
ODF_NAMESPACES = tuple("office text meta style svg fo dc table manifest chart draw presentation".split())


@register
class Odt(Backend):
    name = "odt"
    title = "OpenDocument (.odt)"
    formats = ("odt",)
    documents = office.OFFICE_DOCUMENTS

    def render(self, context: BuildContext, document: str | None = None) -> Document:
        from odf.opendocument import OpenDocumentText

        document = self.converted(document)
        _same_namespaces_every_time()
        shape = office.outline(context, document)
        odt = OpenDocumentText()
        styles = _Styles(odt, context.huisstijl, context.concept)
        _set_properties(odt, shape, context)
        writer = _Writer(odt, styles)
        writer.house_header(context.huisstijl)
        tail = office.kept_tail(shape.blocks)
        for index, block in enumerate(shape.blocks):
            writer.kept = index >= tail  # the last lines on one page (office.kept_tail)
            writer.write(block)
        out = io.BytesIO()
        odt.write(out)
        return Document(document, shape.subject, {"odt": office.fixed_zip(out.getvalue(), context.epoch)})


def _same_namespaces_every_time() -> None:
    from odf.element import Element
    from odf.namespaces import nsdict

    url_of = {prefix: url for url, prefix in nsdict.items()}
    Element.namespaces.clear()
    Element.namespaces.update((url_of[prefix], prefix) for prefix in ODF_NAMESPACES)


class _Styles:
    """Every style the document uses, by the names LibreOffice and Word know ('Heading 1'), A4
    pages with 'pagina 2 van 4' in the footer, and Dutch as the language."""

    def __init__(self, odt, house, concept: str = ""):
        from odf.style import (
            DefaultStyle,
            Footer,
            MasterPage,
            PageLayout,
            PageLayoutProperties,
            ParagraphProperties,
            Style,
            TextProperties,
        )
        from odf.text import P, PageCount, PageNumber

        font = office.body_font(house)
        palette = palette_for(house)
        self._declare_font(odt, font, "swiss", "variable", embedded=font == office.BODY_FONT)
        self._declare_font(odt, CODE_FONT, "modern", "fixed")
        heading_colour, text_colour = palette.accent, palette.ink
        default = DefaultStyle(family="paragraph")
        default.addElement(
            TextProperties(
                language="nl",
                country="NL",
                fontname=font,
                fontfamily=_quoted(font),
                fontsize="10.5pt",
                color=text_colour,
            )
        )
        odt.styles.addElement(default)
        self.body = self._paragraph(odt, "Standard", "Standaard", {}, {"margintop": "0cm", "marginbottom": "0.2cm"})
        # A cell's text without the paragraph's space below: rows as compact as Word's and the PDF's.
        self.cell_text = self._paragraph(odt, "Tabelinhoud", "Table Contents", {}, {"marginbottom": "0cm"})
        self.headings = {}
        for level in range(1, 7):
            heading = Style(
                name=f"Heading_20_{level}",
                displayname=f"Heading {level}",
                family="paragraph",
                parentstylename="Standard",
                defaultoutlinelevel=str(level),
            )
            heading.addElement(
                TextProperties(
                    fontsize=f"{office.HEADING_SIZES_PT[level]}pt",
                    fontweight="bold",
                    color=heading_colour,
                    fontname=font,
                    fontfamily=_quoted(font),
                )
            )
            heading.addElement(ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm", keepwithnext="always"))
            odt.styles.addElement(heading)
            self.headings[level] = heading
        self.named = {
            office.FACILITATOR_STYLE: self._paragraph(
                odt,
                office.FACILITATOR_STYLE,
                office.FACILITATOR_STYLE,
                {"fontstyle": "italic", "color": palette.warn},
                {"marginleft": "0.4cm", "borderleft": f"0.06pt dashed {palette.warn}", "padding": "0.1cm"},
            ),
            office.QUOTE_STYLE: self._paragraph(
                odt, office.QUOTE_STYLE, office.QUOTE_STYLE, {"fontstyle": "italic"}, {"marginleft": "0.6cm"}
            ),
            office.NOTE_STYLE: self._paragraph(odt, office.NOTE_STYLE, office.NOTE_STYLE, {}, {"marginleft": "0.3cm"}),
            office.META_STYLE: self._paragraph(  # a step's time line heads the step: it never ends a page
                odt,
                office.META_STYLE,
                office.META_STYLE,
                {"fontsize": "9pt", "color": palette.muted},
                {"keepwithnext": "always"},
            ),
            office.STEP_TITLE_STYLE: self._paragraph(
                odt,
                office.STEP_TITLE_STYLE,
                office.STEP_TITLE_STYLE,
                {"fontweight": "bold", "fontsize": f"{office.STEP_TITLE_SIZE_PT}pt"},
                {"keepwithnext": "always"},
            ),
            office.CONCEPT_STYLE: self._paragraph(
                odt, office.CONCEPT_STYLE, office.CONCEPT_STYLE, {"fontweight": "bold", "color": palette.concept}, {}
            ),
        }
        self.bold = self._text(odt, "Vet", {"fontweight": "bold"})
        self.italic = self._text(odt, "Cursief", {"fontstyle": "italic"})
        self.bold_italic = self._text(odt, "Vet_20_cursief", {"fontweight": "bold", "fontstyle": "italic"})
        self.code = self._text(odt, "Code", {"fontname": CODE_FONT, "fontfamily": _quoted(CODE_FONT)})
        # To fill in before printing: a yellow background, as in the e-mail and the .docx.
        self.placeholder = self._text(odt, "Invullen", {"fontweight": "bold", "backgroundcolor": palette.placeholder})
        self.concept_mark = self._text(odt, "Conceptmerk", {"fontweight": "bold", "color": palette.concept})
        self.lists = self._lists(odt)
        self.table_cell = Style(name="Tabelcel", family="table-cell")
        from odf.style import TableCellProperties

        cell_room = {
            "paddingtop": "0.05cm",
            "paddingbottom": "0.05cm",
            "paddingleft": "0.15cm",
            "paddingright": "0.15cm",
        }
        self.table_cell.addElement(TableCellProperties(border=f"0.5pt solid {palette.line}", **cell_room))
        odt.automaticstyles.addElement(self.table_cell)
        self.header_cell = Style(name="Tabelkop", family="table-cell")  # shaded as the PDF's table heads
        self.header_cell.addElement(
            TableCellProperties(border=f"0.5pt solid {palette.line}", backgroundcolor=palette.soft, **cell_room)
        )
        odt.automaticstyles.addElement(self.header_cell)
        layout = PageLayout(name="A4")
        layout.addElement(
            PageLayoutProperties(
                pagewidth="21cm",
                pageheight="29.7cm",
                printorientation="portrait",
                margintop="2cm",
                marginbottom="2cm",
                marginleft="2cm",
                marginright="2cm",
            )
        )
        odt.automaticstyles.addElement(layout)
        footer_style = self._paragraph(
            odt, "Voettekst", "Voettekst", {"fontsize": "8.5pt", "color": palette.muted}, {"textalign": "end"}
        )
        master = MasterPage(name="Standard", pagelayoutname=layout)
        footer = Footer()
        line = P(stylename=footer_style)
        if concept:  # a draft says so on every page, as the PDF does
            from odf.text import Span

            line.addElement(Span(stylename=self.concept_mark, text="CONCEPT"))
            line.addText(" · ")
        line.addText("pagina ")
        line.addElement(PageNumber(selectpage="current", text="1"))
        line.addText(" van ")
        line.addElement(PageCount(text="1"))
        footer.addElement(line)
        master.addElement(footer)
        odt.masterstyles.addElement(master)

    @staticmethod
    def _declare_font(odt, font: str, kind: str, pitch: str, embedded: bool = False) -> None:
        """The font's face declaration with its kind ('swiss' is a sans-serif): what LibreOffice and
        Word fall back on when the font is not on the machine; with `embedded`, the bundled Lato's
        files go into the package and the declaration points at them (the OFL allows it)."""
        from odf.style import FontFace

        face = FontFace(name=font, fontfamily=_quoted(font), fontfamilygeneric=kind, fontpitch=pitch)
        if embedded:
            from odf.svg import FontFaceFormat, FontFaceSrc, FontFaceUri

            from werkvorm_dsl.output.render import html_asset

            sources = FontFaceSrc()
            for file_name in EMBEDDED_FACES:
                href = odt.addPicture(f"Fonts/{file_name}", "application/x-font-ttf", html_asset(file_name) or b"")
                uri = FontFaceUri(href=href, type="simple")
                uri.addElement(FontFaceFormat(string="truetype"))
                sources.addElement(uri)
            face.addElement(sources)
        odt.fontfacedecls.addElement(face)

    @staticmethod
    def _paragraph(odt, name, display, text, paragraph):
        from odf.style import ParagraphProperties, Style, TextProperties

        style = Style(
            name=name.replace(" ", "_20_"),
            displayname=display,
            family="paragraph",
            **({} if name == "Standard" else {"parentstylename": "Standard"}),
        )
        if text:
            style.addElement(TextProperties(**text))
        if paragraph:
            style.addElement(ParagraphProperties(**paragraph))
        odt.styles.addElement(style)
        return style

    @staticmethod
    def _text(odt, name, text):
        from odf.style import Style, TextProperties

        style = Style(name=name, family="text")
        style.addElement(TextProperties(**text))
        odt.styles.addElement(style)
        return style

    @staticmethod
    def _lists(odt):
        from odf.style import ListLevelProperties
        from odf.text import ListLevelStyleBullet, ListLevelStyleNumber, ListStyle

        bullets = ListStyle(name="Opsomming", displayname="List Bullet")
        level = ListLevelStyleBullet(level="1", bulletchar="•")
        level.addElement(ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.5cm"))
        bullets.addElement(level)
        numbers = ListStyle(name="Nummering", displayname="List Number")
        level = ListLevelStyleNumber(level="1", numformat="1", numsuffix=".")
        level.addElement(ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.6cm"))
        numbers.addElement(level)
        odt.styles.addElement(bullets)
        odt.styles.addElement(numbers)
        return {False: bullets, True: numbers}


def _quoted(font: str) -> str:
    # A family name with a space is quoted, as in CSS; the house style allows no quote in a name.
    return f"'{font}'" if " " in font else font


def _set_properties(odt, shape, context) -> None:
    from odf import dc, meta

    from werkvorm_dsl.system.safe_text import one_line

    moment = office.build_datetime(context.epoch).strftime("%Y-%m-%dT%H:%M:%S")
    odt.meta.addElement(dc.Title(text=one_line(shape.title)[:250]))
    odt.meta.addElement(dc.Subject(text=shape.subject))
    odt.meta.addElement(dc.Language(text="nl-NL"))
    odt.meta.addElement(meta.CreationDate(text=moment))
    odt.meta.addElement(dc.Date(text=moment))
    if context.huisstijl is not None and context.huisstijl.organisation:
        odt.meta.addElement(meta.InitialCreator(text=one_line(context.huisstijl.organisation)))


class _Writer:
    def __init__(self, odt, styles: _Styles):
        self.odt, self.styles = odt, styles
        self.tables = 0
        self.kept = False  # whether what is written now stays with what follows, on one page
        self._kept_styles: dict[str, object] = {}

    def house_header(self, house) -> None:
        """The logo and the organisation's name at the top of the first page, as in the HTML."""
        if house is None or not (house.logo or house.organisation):
            return
        from odf.draw import Frame, Image
        from odf.text import P, Span

        line = P(stylename=self.styles.body)
        if house.logo:
            logo = house.logo.raster()  # as the .docx has it
            width, height = office.logo_size_mm(logo)
            name = self.odt.addPicture(f"Pictures/logo.{logo.suffix}", f"image/{logo.kind}", logo.data)
            frame = Frame(width=f"{width:.1f}mm", height=f"{height:.1f}mm", anchortype="as-char", name="Logo")
            frame.addElement(Image(href=name))
            line.addElement(frame)
            line.addText("  ")
        if house.organisation:
            line.addElement(Span(stylename=self.styles.bold, text=house.organisation))
        self.odt.text.addElement(line)

    def write(self, block: office.Block) -> None:
        from odf.text import H, P

        match block:
            case office.Heading():
                level = min(block.level, 6)
                element = H(outlinelevel=str(level), stylename=self._style(self.styles.headings[level]))
                self._runs(element, block.runs)
            case office.Paragraph():
                element = P(stylename=self._style(self.styles.named.get(block.style, self.styles.body)))
                self._runs(element, block.runs)
            case office.ListBlock():
                element = self._list(block)
            case office.Table():
                element = self._table(block)
            case _:
                assert_never(block)
        self.odt.text.addElement(element)

    def _style(self, style):
        """The style as it is, or, while `kept`, a variant of it kept whole and with the next paragraph."""
        if not self.kept:
            return style
        from odf.style import ParagraphProperties, Style

        name = style.getAttribute("name")
        if name not in self._kept_styles:
            kept = Style(name=f"Bewaard_{len(self._kept_styles) + 1}", family="paragraph", parentstylename=name)
            kept.addElement(ParagraphProperties(keepwithnext="always", keeptogether="always"))
            self.odt.automaticstyles.addElement(kept)
            self._kept_styles[name] = kept
        return self._kept_styles[name]

    def _list(self, block: office.ListBlock):
        from odf.text import List, ListItem, P

        # Each text:list starts its own numbering; the author's first number is kept.
        listing = List(stylename=self.styles.lists[block.numbered])
        for index, runs in enumerate(block.items):
            item = (
                ListItem(startvalue=str(block.start))
                if index == 0 and block.numbered and block.start != 1
                else ListItem()
            )
            paragraph = P(stylename=self._style(self.styles.body))
            self._runs(paragraph, runs)
            item.addElement(paragraph)
            listing.addElement(item)
        return listing

    def _table(self, block: office.Table):
        """A real table; its header row is in table:table-header-rows, which repeats on every page."""
        from odf.table import Table, TableColumn, TableHeaderRows

        self.tables += 1
        rows = ([block.header] if block.header else []) + list(block.rows)
        columns = max(len(row) for row in rows)
        name = f"Tabel{self.tables}"
        widths = office.column_widths(block)
        table = Table(name=name, stylename=self._table_style(name, sum(widths) or office.TEXT_WIDTH_CM))
        for index, width in enumerate(widths):
            table.addElement(TableColumn(stylename=self._column_style(f"{name}.{index + 1}", width)))
        if block.header:
            header = TableHeaderRows()
            header.addElement(self._row(block.header, columns, header=True))
            table.addElement(header)
        for cells in block.rows:
            table.addElement(self._row(cells, columns))
        return table

    def _table_style(self, name: str, width_cm: float):
        from odf.style import Style, TableProperties

        style = Style(name=name, family="table")
        style.addElement(TableProperties(width=f"{width_cm:.2f}cm", align="margins"))
        self.odt.automaticstyles.addElement(style)
        return style

    def _column_style(self, name: str, width_cm: float):
        """A column's width as a style of its own: LibreOffice and Word read it from there, and the
        relative width keeps the proportions when the page's margins change."""
        from odf.style import Style, TableColumnProperties

        style = Style(name=name, family="table-column")
        style.addElement(
            TableColumnProperties(columnwidth=f"{width_cm:.2f}cm", relcolumnwidth=f"{round(width_cm * 1000)}*")
        )
        self.odt.automaticstyles.addElement(style)
        return style

    def _row(self, cells, columns: int, header: bool = False):
        from odf.table import CoveredTableCell, TableCell, TableRow
        from odf.text import P

        row = TableRow()
        for index, runs in enumerate(cells):
            last = index == len(cells) - 1
            span = columns - index if last and len(cells) < columns else 1  # 'colspan': the rest of the row
            cell = TableCell(
                stylename=self.styles.header_cell if header else self.styles.table_cell,
                valuetype="string",
                **({"numbercolumnsspanned": str(span)} if span > 1 else {}),
            )
            paragraph = P(stylename=self.styles.cell_text)
            self._runs(paragraph, runs)
            cell.addElement(paragraph)
            row.addElement(cell)
            for _ in range(span - 1):
                row.addElement(CoveredTableCell())
        return row

    def _runs(self, element, runs: tuple[office.Run, ...]) -> None:
        from odf import teletype
        from odf.text import A, LineBreak, Span

        for run in runs:
            if run.line_break:
                element.addElement(LineBreak())
            style = self._style_of(run)
            target = element
            if run.link:  # only an address links.py allows: http, https or mailto
                target = A(type="simple", href=run.link)
                element.addElement(target)
            if style is not None:
                span = Span(stylename=style)
                teletype.addTextToElement(span, run.text)
                target.addElement(span)
            else:
                teletype.addTextToElement(target, run.text)

    def _style_of(self, run: office.Run):
        if run.placeholder:
            return self.styles.placeholder
        if run.code:
            return self.styles.code
        if run.bold and run.italic:
            return self.styles.bold_italic
        if run.bold:
            return self.styles.bold
        if run.italic:
            return self.styles.italic
        return None
