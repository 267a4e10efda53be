"""Readers for `werkvorm importeer`: Word, OpenDocument, HTML, PDF and plain text, as blocks, structure first."""

from __future__ import annotations

import os
import re
import textwrap
import zipfile
from html.parser import HTMLParser
from typing import Any

from werkvorm_dsl.language.import_blocks import Block, BlockKind, blocks_from_text, unwrapped, without_running_lines
from werkvorm_dsl.language.import_cues import folded
from werkvorm_dsl.system.files import FileFault

MAX_FILE_BYTES = 50 * 1024 * 1024  # a booklet of werkvormen with pictures; more is no werkvorm
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # what a Word or OpenDocument file may unpack to (a zip bomb unpacks to more)
MAX_ZIP_ENTRIES = 5000
MAX_PDF_PAGES = 300
TIME_HEADERS = frozenset({"tijd", "duur", "minuten", "min", "tijdsduur", "hoe lang"})
NUMBER_HEADERS = frozenset({"nr", "nr.", "nummer", "#", "stap"})
TEXT_SUFFIXES = {".txt": False, ".text": False, ".md": True, ".markdown": True}


def read_blocks(path: str) -> list[Block]:
    """The blocks of the file at `path`, by its kind; one Dutch line with a code when it cannot be read."""
    suffix = os.path.splitext(path)[1].lower()
    _refuse_huge(path)
    if suffix in TEXT_SUFFIXES:
        return blocks_from_text(_read_text(path), markdown=TEXT_SUFFIXES[suffix])
    readers = {".docx": _docx_blocks, ".odt": _odt_blocks, ".html": _html_blocks, ".htm": _html_blocks}
    if suffix in readers:
        return readers[suffix](path)
    if suffix == ".pdf":
        return _pdf_blocks(path)
    raise FileFault(
        "Dit soort bestand kan ik niet importeren.",
        "E530",
        path,
        "Importeren kan uit .docx (Word), .odt (LibreOffice), .md, .txt, .html en .pdf. Sla het bestand "
        "in een van die vormen op, bijvoorbeeld in Word met 'Opslaan als' en dan 'Word-document (.docx)'.",
    )


def _refuse_huge(path: str) -> None:
    if os.path.getsize(path) > MAX_FILE_BYTES:
        raise _broken(path, f"het is groter dan {MAX_FILE_BYTES // (1024 * 1024)} MB")


def _broken(path: str, why: str) -> FileFault:
    return FileFault(
        f"Dit bestand kan ik niet lezen: {why}.",
        "E531",
        path,
        "Open het in Word of LibreOffice en sla het opnieuw op, of kopieer de tekst naar een .txt-bestand.",
    )


def _read_text(path: str) -> str:
    data = open(path, "rb").read()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _broken(path, "het is geen tekst")


def _check_zip(path: str) -> None:
    """Refuse a zip bomb before anything unpacks it: count the entries and add up their sizes."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise _broken(path, "het is geen Word- of OpenDocument-bestand, of het is beschadigd") from None
    if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise _broken(path, "uitgepakt zou het veel te groot worden")


# --- Word ------------------------------------------------------------------------------------------


def _docx_blocks(path: str) -> list[Block]:
    _check_zip(path)
    import docx  # python-docx: only for this command, never for `werkvorm check`
    from docx.opc.exceptions import OpcError
    from lxml.etree import LxmlError

    try:
        document = docx.Document(path)
        return list(_docx_body(document))
    except (OpcError, LxmlError, KeyError, ValueError, zipfile.BadZipFile):
        raise _broken(path, "de inhoud is beschadigd") from None


def _docx_body(document: Any):
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    counters: dict[tuple[str, int], int] = {}
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            block = _docx_paragraph(item, document, counters)
            if block is not None:
                yield block
        elif isinstance(item, Table):
            yield from _table_blocks([[cell.text for cell in row.cells] for row in item.rows])


def _docx_paragraph(paragraph: Any, document: Any, counters: dict[tuple[str, int], int]) -> Block | None:
    text = _docx_text(paragraph).strip()
    if not text:
        return None
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    level = _heading_level(style)
    if level:
        return Block(BlockKind.HEADING, text, level=level)
    numbering = _docx_numbering(paragraph)
    if numbering is None and not style.lower().startswith(("list", "lijst")):
        return Block(BlockKind.PARAGRAPH, text)
    num_id, depth = numbering or ("style", 0)
    if _docx_is_bullet(document, num_id, depth) or "bullet" in style.lower() or "opsomming" in style.lower():
        return Block(BlockKind.ITEM, text, level=depth)
    counters[(num_id, depth)] = counters.get((num_id, depth), 0) + 1
    return Block(BlockKind.ITEM, text, level=depth, number=str(counters[(num_id, depth)]))


def _heading_level(style: str) -> int:
    match = re.match(r"(?:heading|kop)\s*(\d)$", style.strip(), re.IGNORECASE)
    if match:
        return int(match.group(1))
    return 1 if style.strip().lower() in ("title", "titel") else 0


def _docx_text(paragraph: Any) -> str:
    """The paragraph's text, with a link written as [text](address) so the address is kept."""
    from docx.text.hyperlink import Hyperlink

    parts = []
    for inner in paragraph.iter_inner_content():
        if isinstance(inner, Hyperlink) and inner.address:
            parts.append(f"[{inner.text}]({inner.address})")
        else:
            parts.append(inner.text)
    return "".join(parts)


def _docx_numbering(paragraph: Any) -> tuple[str, int] | None:
    """Word's own numbering of a paragraph (w:numPr): its list and its depth, or None."""
    properties = paragraph._p.pPr
    num = properties.numPr if properties is not None else None
    if num is None or num.numId is None:
        return None
    depth = num.ilvl.val if num.ilvl is not None else 0
    return str(num.numId.val), int(depth)


def _docx_is_bullet(document: Any, num_id: str, depth: int) -> bool:
    """Whether Word draws this list level with a bullet rather than a number."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return False
    if not num_id.isdigit():
        return False
    abstract = numbering.xpath(f'w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
    if not abstract:
        return False
    formats = numbering.xpath(
        f'w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl[@w:ilvl="{depth}"]/w:numFmt/@w:val'
    )
    return bool(formats) and formats[0] == "bullet"


# --- tables ------------------------------------------------------------------------------------------


def _table_blocks(rows: list[list[str]]):
    """A table of steps: a 'Tijd' column gives each row's duration, a 'Nr' column its number; a table
    without a time column is kept row by row as text."""
    if not rows:
        return
    header = [folded(cell) for cell in rows[0]]
    time_at = next((i for i, cell in enumerate(header) if cell in TIME_HEADERS), None)
    if time_at is None:
        for row in rows:
            for line in " | ".join(_unique(cell.strip() for cell in row if cell.strip())).split("\n"):
                if line.strip():
                    yield Block(BlockKind.PARAGRAPH, line.strip())
        return
    number_at = next((i for i, cell in enumerate(header) if cell in NUMBER_HEADERS), None)
    for count, row in enumerate(rows[1:], start=1):
        text = " ".join(_unique(c.strip() for i, c in enumerate(row) if i not in (time_at, number_at) and c.strip()))
        lines = [line.strip() for line in text.split("\n") if line.strip()]  # a cell may hold paragraphs
        if lines:
            yield Block(
                BlockKind.ITEM, lines[0], number=str(count), more=tuple(lines[1:]), duration=_time_cell(row, time_at)
            )


def _time_cell(row: list[str], at: int) -> str:
    cell = row[at].strip() if at < len(row) else ""
    return f"{cell} min" if cell.isdigit() else cell


def _unique(cells) -> list[str]:
    """Cells in order, a merged cell (which python-docx repeats) once."""
    seen: list[str] = []
    for cell in cells:
        if not seen or seen[-1] != cell:
            seen.append(cell)
    return seen


# --- OpenDocument -------------------------------------------------------------------------------


def _odt_blocks(path: str) -> list[Block]:
    _check_zip(path)
    from xml.sax import SAXException

    from odf.opendocument import load  # odfpy: only for this command

    try:
        document = load(path)
    except (SAXException, KeyError, ValueError, zipfile.BadZipFile):
        raise _broken(path, "de inhoud is beschadigd") from None
    bullets = _odt_bullet_styles(document)
    return list(_odt_children(document.text, bullets, depth=-1))


def _odt_bullet_styles(document: Any) -> set[str]:
    names = set()
    for styles in (document.automaticstyles, document.styles):
        for style in styles.childNodes:
            if style.qname[1] == "list-style" and style.childNodes and style.childNodes[0].qname[1].endswith("bullet"):
                names.add(style.getAttribute("name"))
    return names


def _odt_children(element: Any, bullets: set[str], depth: int, bullet: bool = False):
    counter = 0
    for child in element.childNodes:
        kind = child.qname[1] if hasattr(child, "qname") else ""
        if kind == "h":
            text = _odt_text(child).strip()
            if text:
                yield Block(BlockKind.HEADING, text, level=int(child.getAttribute("outlinelevel") or 1))
        elif kind == "p" and (text := _odt_text(child).strip()):
            yield Block(BlockKind.PARAGRAPH, text)
        elif kind == "list":
            style = child.getAttribute("stylename") or ""
            yield from _odt_children(child, bullets, depth + 1, style in bullets or (bullet and not style))
        elif kind == "list-item":
            counter += 1
            yield from _odt_list_item(child, bullets, depth, "" if bullet else str(counter), bullet)
        elif kind == "table":
            yield from _table_blocks(_odt_rows(child))
        elif kind in ("section", "body", "text"):
            yield from _odt_children(child, bullets, depth, bullet)


def _odt_list_item(item: Any, bullets: set[str], depth: int, number: str, bullet: bool):
    first = True
    for block in _odt_children(item, bullets, depth, bullet):
        if first and block.kind is BlockKind.PARAGRAPH:
            yield Block(BlockKind.ITEM, block.text, level=depth, number=number)
        else:
            yield block
        first = False


def _odt_rows(table: Any) -> list[list[str]]:
    rows = []
    for row in table.getElementsByType(_odt_type("TableRow")):
        rows.append([_odt_text(cell).strip() for cell in row.getElementsByType(_odt_type("TableCell"))])
    return rows


def _odt_type(name: str) -> Any:
    from odf import table

    return getattr(table, name)


def _odt_text(element: Any) -> str:
    """The text of a paragraph, with spaces, tabs and line breaks as written and links as [text](address)."""
    parts = []
    for node in element.childNodes:
        if node.nodeType == node.TEXT_NODE:
            parts.append(str(node.data))
            continue
        kind = node.qname[1]
        if kind == "s":
            parts.append(" " * int(node.getAttribute("c") or 1))
        elif kind in ("tab", "line-break"):
            parts.append(" ")
        elif kind == "a" and node.getAttribute("href"):
            parts.append(f"[{_odt_text(node)}]({node.getAttribute('href')})")
        elif kind not in ("note", "annotation"):
            parts.append(_odt_text(node))
    return "".join(parts)


# --- HTML -----------------------------------------------------------------------------------------


class _HtmlBlocks(HTMLParser):
    """Headings, paragraphs and list items of an HTML page; scripts and styles are not text."""

    BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "section", "article"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.kind = BlockKind.PARAGRAPH
        self.level = 0
        self.lists: list[list[int]] = []  # per open list: [is numbered, items so far]
        self.skip = 0
        self.href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self.skip += 1
        elif tag in ("ol", "ul"):
            self.flush()
            self.lists.append([tag == "ol", 0])
        elif tag in self.BLOCKS:
            self.flush()
            self._start_block(tag)
        elif tag == "a":
            self.href = dict(attrs).get("href") or ""
            self.text.append("[" if self.href else "")

    def _start_block(self, tag: str) -> None:
        if tag == "li" and self.lists:
            self.lists[-1][1] += 1
            self.kind, self.level = BlockKind.ITEM, len(self.lists) - 1
        elif tag[0] == "h" and tag[1:].isdigit():
            self.kind, self.level = BlockKind.HEADING, int(tag[1:])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self.skip = max(0, self.skip - 1)
        elif tag == "a" and self.href:
            self.text.append(f"]({self.href})")
            self.href = ""
        elif tag in ("ol", "ul"):
            self.flush()
            if self.lists:
                self.lists.pop()
        elif tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.text.append(data)

    def flush(self) -> None:
        text = " ".join("".join(self.text).split())
        if text:
            number = ""
            if self.kind is BlockKind.ITEM and self.lists and self.lists[-1][0]:
                number = str(self.lists[-1][1])
            self.blocks.append(Block(self.kind, text, level=self.level, number=number))
        self.text, self.kind, self.level = [], BlockKind.PARAGRAPH, 0


def _html_blocks(path: str) -> list[Block]:
    reader = _HtmlBlocks()
    reader.feed(_read_text(path))
    reader.close()
    reader.flush()
    return reader.blocks


# --- PDF --------------------------------------------------------------------------------------------


def _pdf_blocks(path: str) -> list[Block]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        if len(reader.pages) > MAX_PDF_PAGES:
            raise _broken(path, f"het heeft meer dan {MAX_PDF_PAGES} pagina's")
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
        # Each page from its own left margin: the layout text of a page starts where its leftmost
        # line does, so a list would otherwise nest deeper on a page that holds only list items.
        text = "\n\n".join(textwrap.dedent(page) for page in without_running_lines(pages))
    except (PyPdfError, ValueError, KeyError, OSError):
        raise _broken(path, "de PDF is beschadigd of versleuteld") from None
    if not text.strip():
        raise FileFault(
            "In deze PDF staat geen tekst, alleen afbeeldingen: hij is waarschijnlijk gescand.",
            "E532",
            path,
            "Zoek het oorspronkelijke Word-bestand op, of laat de PDF eerst herkennen (OCR), "
            "bijvoorbeeld in Word met 'Openen'.",
        )
    return blocks_from_text(unwrapped(text, _stands_alone))


def _stands_alone(line: str) -> bool:
    """A line a PDF's wrapping never continues: a section heading or a labelled fact."""
    from werkvorm_dsl.language.import_cues import fact_of, section_of

    return (len(line.split()) <= 4 and section_of(line) is not None) or fact_of(line) is not None
