"""What the .docx and .odt backends share: the document's HTML read back as an outline, and fixed zip entries.

The office files are made from the very HTML the draaiboek and hand-out templates render (the
invitation from its Markdown), so a change to a document's content reaches every format. That
HTML is our own, escaped output: author text in it is only ever text, and a link in it was
already allowed by links.py; each link is checked again here all the same.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from datetime import UTC
from html.parser import HTMLParser
from typing import TYPE_CHECKING, assert_never

if TYPE_CHECKING:
    from werkvorm_dsl.output.logo import Logo

OFFICE_DOCUMENTS = ("draaiboek", "deelnemers", "uitnodiging")
FACILITATOR_STYLE = "Begeleider"  # the named paragraph style of facilitator-only text
QUOTE_STYLE = "Voorbeeld"
NOTE_STYLE = "NB"
META_STYLE = "Toelichting"
HEADING_SIZES_PT = {1: 20, 2: 15, 3: 13, 4: 12, 5: 11, 6: 11}  # as the PDF's, about
STEP_TITLE_SIZE_PT = 11.5
STEP_TITLE_STYLE = "Staptitel"  # what a step is about, under its number: emphasised as in the PDF
CONCEPT_STYLE = "Concept"  # the draft's notice: red, as in the PDF
# A '[invullen: …]' the sender still has to fill in: highlighted in Word and OpenDocument, as in the e-mail.
PLACEHOLDER = re.compile(r"\[\s*invullen\b[^\]\n]{0,200}\]", re.IGNORECASE)


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str = ""  # an allowed http, https or mailto address
    line_break: bool = False  # a line break before this run's text
    placeholder: bool = False  # '[invullen: …]': highlighted


@dataclass(frozen=True)
class Heading:
    """A heading of a Word or OpenDocument file."""

    level: int  # 1 to 6, as in the HTML
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a Word or OpenDocument file."""

    runs: tuple[Run, ...]
    style: str = ""  # "" is the body text; else one of the named styles above


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list."""

    items: tuple[tuple[Run, ...], ...]
    numbered: bool
    start: int = 1


@dataclass(frozen=True)
class Table:
    """A table, with a header row that repeats on every page."""

    header: tuple[tuple[Run, ...], ...] | None  # a header row repeats on every page
    rows: tuple[tuple[tuple[Run, ...], ...], ...]


Block = Heading | Paragraph | ListBlock | Table

# The PDF's body font, and sans-serif fonts of about its width for a machine without it (Carlito
# has Calibri's metrics, Liberation Sans Arial's); Word and LibreOffice would otherwise pick a serif.
BODY_FONT = "Lato"
FALLBACK_FONTS = ("Carlito", "Liberation Sans", "Arial")


def body_font(house) -> str:
    """The house style's font when it names one, else the PDF's."""
    return house.font if house is not None and house.font else BODY_FONT


@dataclass
class Outline:
    """A document as Word and OpenDocument files are written from it."""

    title: str
    subject: str
    blocks: list[Block] = field(default_factory=list)


def outline(context, document: str) -> Outline:
    """The document as headings, paragraphs, lists and tables, from the HTML its backend made
    (the invitation has no HTML: its Markdown, read by markdown-it with raw HTML off)."""
    made = context.document(document)
    html = made.files.get("html")
    if html is None:
        html = _markdown_as_html(made.files["md"])
    reader = _Reader()
    reader.feed(html)
    reader.close()
    title = context.werkvorm.title.text if context.werkvorm.title else context.slug
    from werkvorm_dsl.output.render import plain

    return Outline(plain(title), made.title, reader.blocks)


def _markdown_as_html(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).render(text)


SKIPPED = {"svg", "figure", "style", "script", "title", "head", "caption"}
HIDDEN_CLASSES = {"visually-hidden", "huisstijl"}  # the house style's logo line is the writer's own
PHRASING = {"a", "span", "strong", "b", "em", "i", "code", "small", "sub", "sup", "abbr", "time"}
INLINE_CONTAINERS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd"}


class _Reader(HTMLParser):
    """Our HTML as an outline, in one pass: a stack of open elements and the runs of the
    paragraph, item or cell being read."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.stack: list[tuple[str, set[str]]] = []
        self.skip_depth = 0
        self.runs: list[Run] = []
        self.link = ""
        self.pending_break = False
        self.list_items: list[list[tuple[Run, ...]]] = []
        self.list_kinds: list[tuple[bool, int]] = []
        self.table: list | None = None  # [header or None, rows]
        self.row: list | None = None
        self.in_head = False

    # The state of the open elements decides how a piece of text looks.
    def _open(self, tag: str) -> bool:
        return any(name == tag for name, _ in self.stack)

    def _has_class(self, wanted: str) -> bool:
        return any(wanted in classes for _, classes in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        if tag in ("br", "img", "meta", "link", "hr", "input"):
            if tag == "br" and not self.skip_depth:
                self.pending_break = True
            return
        self.stack.append((tag, classes))
        if self.skip_depth or tag in SKIPPED or classes & HIDDEN_CLASSES:
            self.skip_depth += 1
            return
        if tag not in PHRASING:
            self._flush_loose(classes)
        match tag:
            case "a":
                from werkvorm_dsl.language.links import usable_url

                self.link = usable_url(attributes.get("href") or "") or ""
            case "ul" | "ol":
                start = attributes.get("start") or "1"
                self.list_kinds.append((tag == "ol", int(start) if start.isdigit() else 1))
                self.list_items.append([])
            case "table":
                self.table = [None, []]
            case "thead":
                self.in_head = True
            case "tr":
                self.row = []
            case _ if tag in INLINE_CONTAINERS:
                self.runs = []
                self.pending_break = False
            case _:
                pass  # any other tag starts nothing of its own

    def handle_endtag(self, tag):
        if not self.stack or tag not in (name for name, _ in self.stack):
            return  # a stray end tag: our templates make none, and a reader should not fail on one
        while self.stack:
            name, classes = self.stack.pop()
            if self.skip_depth:
                self.skip_depth -= 1
            else:
                self._close(name, classes)
            if name == tag:
                break

    def _flush_loose(self, classes: set[str]) -> None:
        """Text that stands in no paragraph of its own (a step's times in a <span> beside its
        heading) becomes one, before the next block starts or its container ends."""
        if (
            self.runs
            and not any(name in INLINE_CONTAINERS for name, _ in self.stack[:-1] or ())
            and not self.list_items
            and self.table is None
        ):
            runs = tuple(_trimmed(self.runs))
            if runs:
                self.blocks.append(Paragraph(runs, self._paragraph_style(classes)))
            self.runs = []

    def _close(self, tag: str, classes: set[str]) -> None:
        if tag not in PHRASING and tag not in INLINE_CONTAINERS:
            self.stack.append((tag, classes))  # the container is still open for its loose text's style
            self._flush_loose(classes)
            self.stack.pop()
        runs = tuple(_trimmed(self.runs))
        match tag:
            case "a":
                self.link = ""
            case "h1" | "h2" | "h3" | "h4" | "h5" | "h6":
                if runs:
                    self.blocks.append(Heading(int(tag[1]), runs))
            case "p" | "dt" | "dd":
                if self.list_items:  # a paragraph inside a list item joins the item
                    return
                if runs:
                    self.blocks.append(Paragraph(runs, self._paragraph_style(classes)))
            case "li":
                if self.list_items:
                    self.list_items[-1].append(runs)
            case "ul" | "ol":
                items, (numbered, start) = self.list_items.pop(), self.list_kinds.pop()
                if items:
                    self.blocks.append(ListBlock(tuple(items), numbered, start))
            case "td" | "th":
                if self.row is not None:
                    self.row.append(runs)
            case "tr":
                if self.table is not None and self.row is not None:
                    if self.in_head:
                        self.table[0] = tuple(self.row)
                    else:
                        self.table[1].append(tuple(self.row))
                self.row = None
            case "thead":
                self.in_head = False
            case "table":
                if self.table is not None and (self.table[0] or self.table[1]):
                    self.blocks.append(Table(self.table[0], tuple(self.table[1])))
                self.table = None
            case _:
                pass
        if tag in INLINE_CONTAINERS:
            self.runs = []

    def _paragraph_style(self, classes: set[str]) -> str:
        if "concept-mark" in classes:
            return CONCEPT_STYLE
        if "step-title" in classes:
            return STEP_TITLE_STYLE
        if self._has_class("facilitator") or "facilitator" in classes:
            return FACILITATOR_STYLE
        if self._has_class("note"):
            return NOTE_STYLE
        if self._open("blockquote"):
            return QUOTE_STYLE
        if "meta" in classes or "summary" in classes:
            return META_STYLE
        return ""

    def handle_data(self, data):
        if self.skip_depth or not self.stack:
            return
        text = " ".join(_xml_text(data).split())
        if data[:1].isspace() and text:
            text = " " + text
        if data[-1:].isspace() and text and not text.endswith(" "):
            text += " "
        if not text and data and self.runs and not self.pending_break and not self.runs[-1].text.endswith(" "):
            text = " "  # the space between two marked-up words ("<strong>Waar:</strong> <mark>…"): a word gap
        if not text:
            return
        if text.startswith(" ") and self.runs and self.runs[-1].text.endswith(" "):
            text = text[1:]
        bold = self._open("strong") or self._open("b") or self._open("th") or self._has_class("label")
        italic, code = self._open("em") or self._open("i"), self._open("code")
        for index, (piece, placeholder) in enumerate(_placeholder_pieces(text)):
            self.runs.append(
                Run(piece, bold, italic, code, self.link, self.pending_break and index == 0, placeholder=placeholder)
            )
        self.pending_break = False


def _placeholder_pieces(text: str) -> list[tuple[str, bool]]:
    """The text in pieces, each '[invullen: …]' a piece of its own (True), in the order written."""
    pieces, at = [], 0
    for found in PLACEHOLDER.finditer(text):
        if found.start() > at:
            pieces.append((text[at : found.start()], False))
        pieces.append((found.group(0), True))
        at = found.end()
    if at < len(text) or not pieces:
        pieces.append((text[at:], False))
    return pieces


# What XML 1.0 cannot hold at all: shown as a visible escape (as on a terminal), so nothing is lost.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(text: str) -> str:
    return NOT_IN_XML.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text
    )


def _trimmed(runs: list[Run]) -> list[Run]:
    """Runs without the spaces that only the HTML's layout put at the start and end; a space
    between two words stays, even as a run of its own."""
    kept = list(runs)
    while kept and not kept[0].text.strip() and not kept[0].line_break:
        kept.pop(0)
    while kept and not kept[-1].text.strip() and not kept[-1].line_break:
        kept.pop()
    if not kept:
        return []
    first, last = kept[0], kept[-1]
    kept[0] = replace(first, text=first.text.lstrip())
    last = kept[-1]
    kept[-1] = replace(last, text=last.text.rstrip())
    return [run for run in kept if run.text or run.line_break]


def plain_text(runs: tuple[Run, ...]) -> str:
    return "".join(run.text for run in runs)


TEXT_WIDTH_CM = 17.0  # A4 less the margins of 2 cm that both writers set
# Columns of the schedule tables that hold only a short, known kind of text (our templates' words):
# '14:00–14:04' is 2.1 cm in 10.5pt Lato and 2.3 cm in DejaVu Sans (Linux's stand-in), plus Word's
# cell margins of 2 × 0.19 cm; it should never wrap.
NAMED_COLUMNS_CM = {"Tijd": 2.8, "Vanaf": 2.8, "Min.": 1.4, "Wie": 3.5}
# ... but minutes may be a range ('5 tot 10'), which should not wrap either
NAMED_COLUMNS_GROW_TO_CM = {"Min.": 2.1}
CHARACTER_CM = 0.25  # a character of 10.5pt bold DejaVu Sans, the widest stand-in for Lato
CELL_PADDING_CM = 0.5
NARROWEST_CM = 0.8
LONGEST_WORD_SHARE = 0.4  # one very long word (an address) may not claim more of the row


def column_widths(table: Table, width_cm: float = TEXT_WIDTH_CM) -> tuple[float, ...]:
    """Widths in cm that follow the content and fill the text width, as a browser lays out a table:
    the schedule's time, minutes and who columns get their fixed width, every other column at
    least its longest word and, where there is room, its longest cell; the column with the most
    text takes what is left. Word and LibreOffice otherwise make every column equally wide."""
    rows = ([table.header] if table.header else []) + list(table.rows)
    columns = max((len(row) for row in rows), default=0)
    if not columns:
        return ()
    names = [plain_text(cell).strip() for cell in table.header] if table.header and len(table.header) == columns else []
    least, wanted = _content_widths(rows, columns, width_cm * LONGEST_WORD_SHARE)
    widths = [NAMED_COLUMNS_CM.get(name, 0.0) for name in names] or [0.0] * columns
    for index, name in enumerate(names):
        if name in NAMED_COLUMNS_GROW_TO_CM:
            widths[index] = max(widths[index], min(wanted[index], NAMED_COLUMNS_GROW_TO_CM[name]))
    free = [index for index in range(columns) if not widths[index]]
    room = width_cm - sum(widths)
    want, need = sum(wanted[index] for index in free), sum(least[index] for index in free)
    if free and want <= room:
        for index in free:
            widths[index] = wanted[index]
        widths[max(free, key=lambda index: (wanted[index], -index))] += room - want
    elif free and need < room:
        share = (room - need) / (want - need)
        for index in free:
            widths[index] = least[index] + (wanted[index] - least[index]) * share
    else:
        for index in free:
            widths[index] = least[index]
    scale = width_cm / sum(widths)  # only when the fixed columns alone are too wide, or the words are
    return tuple(round(width * scale, 2) for width in widths)


def _content_widths(rows, columns: int, longest_word_cm: float) -> tuple[list[float], list[float]]:
    """Per column: the width of its longest word (the least it needs) and of its longest cell (what
    it would like); a cell that spans to the end of its row says nothing about one column."""
    least, wanted = [NARROWEST_CM] * columns, [NARROWEST_CM] * columns
    for row in rows:
        if len(row) != columns:
            continue
        for index, cell in enumerate(row):
            text = plain_text(cell)
            longest_word = max((len(word) for word in text.split()), default=0)
            least[index] = max(least[index], min(_text_cm(longest_word), longest_word_cm))
            wanted[index] = max(wanted[index], least[index], _text_cm(len(text)))
    return least, wanted


def _text_cm(characters: int) -> float:
    return characters * CHARACTER_CM + CELL_PADDING_CM


def fixed_zip(data: bytes, epoch: int) -> bytes:
    """The same zip with every entry's time set to SOURCE_DATE_EPOCH (1980-01-01, the first time
    a zip can hold, without it), in the same order and with the same compression: the
    'mimetype' of an .odt stays first and stored."""
    import time

    stamp = time.gmtime(max(epoch, 315532800))[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, stamp)
            info.compress_type = entry.compress_type
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()


def build_datetime(epoch: int):
    """The moment the properties give as created and modified: SOURCE_DATE_EPOCH, or now."""
    import time
    from datetime import datetime

    return datetime.fromtimestamp(epoch or int(time.time()), tz=UTC).replace(microsecond=0)


LOGO_HEIGHT_MM = 15.0
LOGO_MOST_WIDTH_MM = 80.0


def logo_size_mm(logo: Logo) -> tuple[float, float]:
    """Width and height for the logo in its own shape (read when it was checked): 15 mm high, or
    less when that would make it wider than 80 mm, as a long word mark is."""
    ratio = logo.width / logo.height if logo.width > 0 and logo.height > 0 else 1.0
    width = LOGO_HEIGHT_MM * ratio
    if width <= LOGO_MOST_WIDTH_MM:
        return width, LOGO_HEIGHT_MM
    return LOGO_MOST_WIDTH_MM, LOGO_MOST_WIDTH_MM / ratio


# --- the last page: not a few stray lines ------------------------------------------------------------

# Word and LibreOffice lay out the pages when the file is opened, so the build cannot measure the last
# page as it does for the PDF. What it can do: keep the document's last lines together ('keep with
# next'), so that the page they start on, if it is a new one, is at least about a quarter full (an A4
# text area holds about 58 lines of 10.5 pt). The page before may end a little earlier instead.
KEPT_TAIL_LINES = 16
BODY_CHARACTER_CM = 0.19  # an average character of 10.5 pt Lato, spaces included
LINE_CHARACTERS = round(TEXT_WIDTH_CM / BODY_CHARACTER_CM)  # characters on a full line of body text


def kept_tail(blocks: list[Block] | tuple[Block, ...]) -> int:
    """The index of the first block kept together with the end of the document: as few blocks from
    the end as make KEPT_TAIL_LINES, never a table (a long one would leave a page half empty)."""
    lines = 0.0
    for index in range(len(blocks) - 1, -1, -1):
        size = estimated_lines(blocks[index])
        if size is None:
            return index + 1
        lines += size
        if lines >= KEPT_TAIL_LINES:
            return index
    return 0


def estimated_lines(block: Block) -> float | None:
    """About how many body lines a block takes, with its spacing; None for a table, which is not kept."""
    match block:
        case Heading():
            return 2.0
        case Paragraph():
            return _wrapped_lines(plain_text(block.runs)) + 0.4
        case ListBlock():
            return sum(_wrapped_lines(plain_text(item)) for item in block.items) + 0.4
        case Table():
            return None
        case _:
            assert_never(block)


def _wrapped_lines(text: str) -> int:
    return max(1, -(-len(text) // LINE_CHARACTERS))
