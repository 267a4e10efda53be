"""PDF output through WeasyPrint: a fetcher that reads only allowed folders, and card imposition."""

from __future__ import annotations

import io
import logging
import os
from dataclasses import dataclass, field

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSETS = os.path.join(os.path.dirname(os.path.realpath(__file__)), "assets")
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
    return {".css": "text/css", ".ttf": "font/ttf", ".svg": "image/svg+xml", ".png": "image/png",
            ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".html": "text/html"}.get(os.path.splitext(path)[1].lower(),
                                                                                      "application/octet-stream")


@dataclass
class Renderer:
    """One per build: one font configuration and one fetcher for every PDF it makes."""

    source_folder: str
    fonts: FontConfiguration = field(default_factory=FontConfiguration)

    def __post_init__(self):
        self.fetcher = FolderFetcher([ASSETS, self.source_folder])
        self.problems: list[str] = []
        self._cut_lines: bytes | None = None

    def document(self, html: str, stylesheet: str) -> bytes:
        with _captured_warnings(self.problems):
            css = weasyprint.CSS(filename=os.path.join(ASSETS, stylesheet), url_fetcher=self.fetcher,
                                 font_config=self.fonts)
            document = weasyprint.HTML(string=html, base_url=self.source_folder + os.sep,
                                       url_fetcher=self.fetcher).render(stylesheets=[css], font_config=self.fonts)
            return document.write_pdf(**_metadata_options())

    def a4(self, html: str) -> bytes:
        return self.document(html, "print.css")

    def cards(self, html: str) -> bytes:
        """A6 cards, four to an A4 sheet, with dashed cut lines between them."""
        return impose(self.document(html, "kaarten.css"), self.cut_lines())

    def cut_lines(self) -> bytes:
        if self._cut_lines is None:
            self._cut_lines = self._render_cut_lines()
        return self._cut_lines

    def _render_cut_lines(self) -> bytes:
        with open(os.path.join(ASSETS, "snijlijnen.html"), encoding="utf-8") as handle:
            return weasyprint.HTML(string=handle.read(), base_url=ASSETS + os.sep, url_fetcher=self.fetcher).write_pdf(
                font_config=self.fonts, **_metadata_options())


def _metadata_options() -> dict:
    # No creation date unless SOURCE_DATE_EPOCH gives one: the same werkvorm gives the same bytes.
    return {"uncompressed_pdf": False}


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
        self.sink.append(record.getMessage())


def impose(cards_pdf: bytes, cut_lines_pdf: bytes) -> bytes:
    """Four A6 pages to each A4 sheet, reading order left to right, top to bottom."""
    from pypdf import PdfReader, PdfWriter, Transformation

    cards = PdfReader(io.BytesIO(cards_pdf))
    lines = PdfReader(io.BytesIO(cut_lines_pdf)).pages[0]
    writer = PdfWriter()
    places = [(0, A6[1]), (A6[0], A6[1]), (0, 0), (A6[0], 0)]
    pages = list(cards.pages)
    for first in range(0, len(pages), 4):
        sheet = writer.add_blank_page(*A4)
        sheet.merge_page(lines)
        for page, (x, y) in zip(pages[first:first + 4], places):
            sheet.merge_transformed_page(page, Transformation().translate(x, y))
    if cards.metadata:
        writer.add_metadata({key: value for key, value in cards.metadata.items() if key in ("/Title", "/Author")})
    writer.add_metadata({"/Producer": "werkvorm-dsl"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
