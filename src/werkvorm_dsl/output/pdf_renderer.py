"""PDF output through WeasyPrint: a fetcher that reads only allowed folders, and card imposition."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
from dataclasses import dataclass, field

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from werkvorm_dsl.output.pdf_structure import finisher

ASSETS = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "assets")
A4 = (595.28, 841.89)
A6 = (A4[0] / 2, A4[1] / 2)


class FolderFetcher(URLFetcher):
    """Serves data: URLs and files inside the allowed folders, resolved; refuses everything else.

    WeasyPrint would otherwise read any local file and any web address a document names. Here
    an author's werkvorm can only reach the packaged assets and its own folder, never the network.
    """

    def __init__(self, folders: list[str]):
        super().__init__(allowed_protocols={"file", "data"})
        self.folders = [os.path.realpath(folder) for folder in folders]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self._allowed_path(url)
        if path is None:
            self.refused.append(url)
            raise ValueError(f"werkvorm-dsl leest dit adres niet: {url[:80]}")
        with open(path, "rb") as handle:
            return URLFetcherResponse(url, handle.read(), {"Content-Type": _content_type(path)})

    def _allowed_path(self, url: str) -> str | None:
        from urllib.parse import unquote, urlsplit

        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = os.path.realpath(unquote(parts.path))  # follows symlinks: a link out of the folder is refused
        inside = any(os.path.commonpath([path, folder]) == folder for folder in self.folders)
        return path if inside and os.path.isfile(path) else None


def _content_type(path: str) -> str:
    return {
        ".css": "text/css",
        ".ttf": "font/ttf",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".html": "text/html",
    }.get(os.path.splitext(path)[1].lower(), "application/octet-stream")


TAGGED = "pdf/ua-1"  # accessible by default: tagged, with language, title and alternative texts
ARCHIVAL = "pdf/a-2a"  # PDF/A-2 level A is archival and tagged at once


@dataclass
class Renderer:
    """One per build: one font configuration and one fetcher for every PDF it makes."""

    source_folder: str
    fonts: FontConfiguration = field(default_factory=FontConfiguration)
    archival: bool = False

    def __post_init__(self):
        self.fetcher = FolderFetcher([ASSETS, self.source_folder])
        self.problems: list[str] = []
        self.ahead = None  # backends.pdf_pages.Ahead: PDFs of the current build being rendered in a child process

    def serve_folder(self, folder: str) -> None:
        """The next werkvorm's own folder replaces the previous one; the assets stay."""
        self.fetcher.folders = [self.fetcher.folders[0], os.path.realpath(folder)]

    def take_problems(self) -> list[str]:
        """What WeasyPrint logged (a refused or broken resource) since the last call."""
        problems, self.problems = self.problems, []
        return problems

    def document(self, html: str, fit_last_page: bool = False) -> bytes:
        with _captured_warnings(self.problems):
            document = self._laid_out(html)
            if fit_last_page and _has_short_last_page(document) and _tighter_may_fit(document):
                # A last page with a few lines: the same text a little tighter (print.css,
                # html[data-fit="tight"]) usually brings them onto the page before.
                tighter = self._laid_out(html.replace("<html ", '<html data-fit="tight" ', 1))
                if len(tighter.pages) < len(document.pages) or not _has_short_last_page(tighter):
                    document, html = tighter, html.replace("<html ", '<html data-fit="tight" ', 1)
            if fit_last_page and _last_page_share(document) < LEAST_LAST_PAGE_SHARE:
                # Nothing moved up: a hand-out's notes fill the page; other documents spread out a little.
                document = self._notes_filled(html, document) if NOTES_AREA in html else self._loosened(html, document)
            _clean_metadata(document.metadata)
            # No dates unless SOURCE_DATE_EPOCH gives them (see render.source_date): same input, same bytes.
            return document.write_pdf(
                pdf_variant=ARCHIVAL if self.archival else TAGGED, finisher=finisher(self.archival)
            )

    def _notes_filled(self, html: str, document):
        """The same document with more lines for notes, as many as keep its page count."""
        for lines in NOTES_LINES_MORE:
            fuller = self._laid_out(html.replace("<html ", f'<html data-notes="{lines}" ', 1))
            if len(fuller.pages) == len(document.pages):
                return fuller
        return document

    def _loosened(self, html: str, document):
        """The same document a little looser (print.css, html[data-fit]), the least loose that keeps
        its page count and fills its last page past a quarter; else as it was."""
        plain = html.replace('<html data-fit="tight" ', "<html ", 1)  # looser than as written, not than tight
        for fit in LOOSER_FITS:
            looser = self._laid_out(plain.replace("<html ", f'<html data-fit="{fit}" ', 1))
            if len(looser.pages) == len(document.pages) and _last_page_share(looser) >= LEAST_LAST_PAGE_SHARE:
                return looser
        return document

    def _laid_out(self, html: str):
        css = weasyprint.CSS(
            filename=os.path.join(ASSETS, "fonts.css"), url_fetcher=self.fetcher, font_config=self.fonts
        )
        return weasyprint.HTML(string=html, base_url=self.source_folder + os.sep, url_fetcher=self.fetcher).render(
            stylesheets=[css], font_config=self.fonts
        )

    def a4(self, html: str) -> bytes:
        return self.document(html, fit_last_page=True)

    def cards(self, html: str) -> tuple[bytes, bytes]:
        """The cards as tagged A6 pages (to read on screen or with a screen reader), and as a
        print sheet: four to an A4, with dashed cut lines. Imposing drops the tags, so both; with
        --pdf-a the sheet is PDF/A-2b (archival, untagged) where the A6 pages are PDF/A-2a."""
        pages = self.document(html)
        return pages, impose(pages, archival=self.archival)


# A last page with fewer lines looks like a printing mistake (the layout test holds 5); a few
# lines more are still worth one tighter layout, when that brings them onto the page before.
FEWEST_LINES_ON_LAST_PAGE = 8


# A last page under a quarter full looks left over; a hand-out's notes can fill it (deelnemers.html).
LEAST_LAST_PAGE_SHARE = 0.25
NOTES_AREA = 'class="notes-area"'
NOTES_LINES_MORE = (20, 12)  # lines of notes to try, most first (print.css: html[data-notes])
LOOSER_FITS = ("loose", "looser")  # print.css: a little more room between lines and blocks, least first


def _last_page_share(document) -> float:
    """How much of the last page's text area holds text; 1 for a document of one page."""
    if len(document.pages) < 2:
        return 1.0
    page = document.pages[-1]._page_box
    return (_bottom(page) - page.content_box_y()) / page.height


def _has_short_last_page(document) -> bool:
    return _last_page_is_short(document) or _last_page_share(document) < LEAST_LAST_PAGE_SHARE


def _last_page_is_short(document) -> bool:
    """More than one page, and the last holds fewer than FEWEST_LINES_ON_LAST_PAGE lines of text
    (its header and footer not counted): lines are the distinct heights at which text stands."""
    if len(document.pages) < 2:
        return False
    return len(_line_heights(document.pages[-1]._page_box)) < FEWEST_LINES_ON_LAST_PAGE


# How much height the tighter layout saves at most, as a share of the text's height (line
# height 1.42 to 1.34, smaller gaps): a last page fuller than that saving plus the room left on
# the page before cannot move up, and is not laid out a second time for nothing.
TIGHTER_SAVES = 0.08


def _tighter_may_fit(document) -> bool:
    pages = [page._page_box for page in document.pages]
    used = [_bottom(page) - page.content_box_y() for page in pages]
    room_before = pages[-2].content_box_y() + pages[-2].height - _bottom(pages[-2])
    return used[-1] <= room_before + TIGHTER_SAVES * sum(used)


def _bottom(page_box) -> float:
    """Where the lowest box of the page's text ends (its header and footer not counted)."""
    from weasyprint.formatting_structure import boxes

    lowest = page_box.content_box_y()
    stack = list(page_box.children)
    while stack:
        box = stack.pop()
        if isinstance(box, boxes.MarginBox):
            continue
        children = getattr(box, "children", ())
        if children and not isinstance(box, boxes.LineBox):
            stack.extend(children)
        else:
            lowest = max(lowest, box.position_y + box.margin_height())
    return lowest


def _line_heights(page_box) -> set[int]:
    from weasyprint.formatting_structure import boxes

    heights: set[int] = set()
    stack = list(page_box.children)
    while stack:
        box = stack.pop()
        if isinstance(box, boxes.MarginBox):
            continue
        if isinstance(box, boxes.LineBox):
            if any(isinstance(child, (boxes.TextBox, boxes.InlineBox)) for child in box.children):
                heights.add(round(box.position_y))
            continue
        stack.extend(getattr(box, "children", ()))
    return heights


def _clean_metadata(metadata) -> None:
    """Title, subject and keywords go into the PDF info and the XMP packet (XML): a form feed or
    an escape there makes the PDF/A metadata malformed, so they carry no control characters."""
    from werkvorm_dsl.system.safe_text import one_line

    for name in ("title", "description", "generator"):
        if getattr(metadata, name, None):
            setattr(metadata, name, one_line(getattr(metadata, name)))
    metadata.authors = [one_line(author) for author in metadata.authors or []]
    metadata.keywords = [one_line(keyword) for keyword in metadata.keywords or []]


class _captured_warnings:
    """WeasyPrint logs a refused or broken resource instead of failing; we keep those lines."""

    def __init__(self, sink: list[str]):
        self.sink = sink
        self.handler = _ListHandler(sink)

    def __enter__(self):
        logging.getLogger("weasyprint").addHandler(self.handler)
        return self

    def __exit__(self, *exc):
        logging.getLogger("weasyprint").removeHandler(self.handler)
        return False


class _ListHandler(logging.Handler):
    def __init__(self, sink: list[str]):
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record):
        self.sink.append(without_data_addresses(record.getMessage()))


# A data: address (an image inside the document, the logo) can be half a megabyte on one line.
DATA_ADDRESS = re.compile(r"data:([\w.+-]+/[\w.+-]+)?[;,][^\s'\"()<>]*")


def without_data_addresses(message: str) -> str:
    """WeasyPrint's remark with every data: address shortened to its kind: an author reads which
    image, never its bytes."""
    return DATA_ADDRESS.sub(lambda found: f"data:{found.group(1) or ''}…", message)


def impose(cards_pdf: bytes, archival: bool = False) -> bytes:
    """Four A6 pages to each A4 sheet, left to right, top to bottom, with dashed cut lines.

    Each card page becomes a Form XObject that the sheet places with one matrix: no content
    stream is parsed or rewritten, so imposing costs little beside WeasyPrint's own work.
    Archival: the sheet is PDF/A-2b, with the colour profile and metadata of the A6 file.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

    reader = PdfReader(io.BytesIO(cards_pdf))
    writer = PdfWriter()
    places = [(0, A6[1]), (A6[0], A6[1]), (0, 0), (A6[0], 0)]
    pages = list(reader.pages)
    for first in range(0, len(pages), 4):
        sheet = writer.add_blank_page(*A4)
        forms = DictionaryObject()
        drawing = [CUT_LINES]
        for index, (page, (x, y)) in enumerate(zip(pages[first : first + 4], places)):
            form = DecodedStreamObject()
            contents = page.get_contents()  # None for a page that draws nothing
            form.set_data(_untagged(contents.get_data()) if contents is not None else b"")
            form.update(
                {
                    NameObject("/Type"): NameObject("/XObject"),
                    NameObject("/Subtype"): NameObject("/Form"),
                    NameObject("/BBox"): ArrayObject(
                        [FloatObject(0), FloatObject(0), FloatObject(A6[0]), FloatObject(A6[1])]
                    ),
                    NameObject("/Resources"): _resources(page, writer),
                }
            )
            forms[NameObject(f"/Kaart{index}")] = writer._add_object(form)
            drawing.append(f"q 1 0 0 1 {x:.2f} {y:.2f} cm /Kaart{index} Do Q")
        sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): forms})
        content = DecodedStreamObject()
        content.set_data("\n".join(drawing).encode("ascii"))
        sheet[NameObject("/Contents")] = writer._add_object(content)
    kept = ("/Title", "/CreationDate", "/ModDate")
    writer.add_metadata({key: value for key, value in (reader.metadata or {}).items() if key in kept})
    writer.add_metadata({"/Producer": SHEET_PRODUCER})
    if archival:
        _archival(writer, reader)
    writer.compress_identical_objects()  # the four cards share their fonts
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


SHEET_PRODUCER = "werkvorm-dsl"
# The A6 file's XMP claims PDF/A-2a and PDF/UA-1, both of which need tags. The sheet has none, so it
# claims level B and no PDF/UA: the description of the pdfuaid schema and the marker itself go.
_PDFUA_DESCRIPTIONS = re.compile(
    rb"<rdf:Description\b(?:(?!</?rdf:Description\b).)*?http://www\.aiim\.org/pdfua/ns/id/.*?(?:/>|</rdf:Description>)",
    re.S,
)


def _archival(writer, reader) -> None:
    """PDF/A-2b for the sheet: version 1.7, a file identifier, and the A6 file's output intent (its
    sRGB profile) and XMP, with level B claimed and the producer the sheet's own. The fonts are the
    A6 file's, embedded; the sheet draws no annotations, and PDF/A-2 admits its transparency."""
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject, StreamObject

    root = reader.trailer["/Root"]
    writer.pdf_header = "%PDF-1.7"
    for key in ("/OutputIntents", "/Lang"):
        if key in root:
            writer.root_object[NameObject(key)] = root[key].clone(writer)
    metadata = StreamObject()
    metadata.set_data(_sheet_xmp(root["/Metadata"].get_object().get_data() if "/Metadata" in root else b""))
    metadata.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    writer.root_object[NameObject("/Metadata")] = writer._add_object(metadata)
    if "/Creator" in (reader.metadata or {}):
        writer.add_metadata({"/Creator": reader.metadata["/Creator"]})
    # Same cards, same identifier: derived from the A6 file's, so the sheet stays reproducible.
    found = reader.trailer["/ID"][0] if "/ID" in reader.trailer else None
    first = getattr(found, "original_bytes", found) if found is not None else b"werkvorm-dsl"
    identifier = ByteStringObject(hashlib.md5(first + b"sheet", usedforsecurity=False).digest())
    writer._ID = ArrayObject([identifier, identifier])


def _sheet_xmp(packet: bytes) -> bytes:
    """The A6 file's XMP as the sheet's: level B, no PDF/UA, and the sheet's producer (as its Info says)."""
    packet = _PDFUA_DESCRIPTIONS.sub(b"", packet).replace(b'pdfaid:conformance="A"', b'pdfaid:conformance="B"')
    return re.sub(rb'pdf:Producer="[^"]*"', b'pdf:Producer="' + SHEET_PRODUCER.encode() + b'"', packet)


# '/Span <</MCID 3>> BDC': marked content that points into the card's structure tree. The sheet has
# none (imposing drops it), so the mark keeps its tag and loses the pointer: '/Span BMC'.
TAGGED_CONTENT = re.compile(rb"<<\s*/MCID\s+\d+\s*>>\s*BDC")


def _untagged(content: bytes) -> bytes:
    return TAGGED_CONTENT.sub(b"BMC", content)


def _resources(page, writer):
    """A card page's fonts and pictures, copied for the sheet; none for a page that uses none."""
    from pypdf.generic import DictionaryObject

    found = page.get("/Resources")
    resolved = found.get_object() if found is not None else None
    return resolved.clone(writer) if resolved is not None else DictionaryObject()


# Dashed grey lines through the middle of the sheet, where the four cards are cut apart.
CUT_LINES = (
    f"q 0.55 G 0.4 w [4 3] 0 d {A6[0]:.2f} 0 m {A6[0]:.2f} {A4[1]:.2f} l S "
    f"0 {A6[1]:.2f} m {A4[0]:.2f} {A6[1]:.2f} l S Q"
)
