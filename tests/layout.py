"""The text of a PDF and where its words stand, read with poppler's `pdftotext`, and the page's text area
as the style sheets set it: for the layout tests, which look at a page as a print room does."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from werkvorm_dsl.output.render import ASSETS

TEMPLATES = Path(ASSETS).parent / "output" / "templates"
MM = 72 / 25.4
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: tuple[Word, ...]


@dataclass(frozen=True)
class Margins:
    """The @page margins of a style sheet, in points: top, right, bottom, left."""

    top: float
    right: float
    bottom: float
    left: float


def pdf_text(path) -> str:
    """Text as a reader's PDF viewer finds it (poppler's pdftotext; `make` installs poppler-utils).

    pypdf's own extraction drops text on pages merged from several pages, such as card sheets.
    """
    assert shutil.which("pdftotext"), "pdftotext ontbreekt: installeer poppler-utils (make doet dat als root)"
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pages(pdf: Path) -> list[Page]:
    assert shutil.which("pdftotext"), "pdftotext ontbreekt: installeer poppler-utils (make doet dat als root)"
    # UTF-8 asked for, and a glyph poppler cannot name (an emoji without a font) read as '\ufffd'.
    xml = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8", "replace")
    return [
        Page(
            float(w),
            float(h),
            tuple(Word(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in WORD.findall(body)),
        )
        for w, h, body in PAGE.findall(xml)
    ]


def margins(stylesheet: str, page: str | None = None) -> Margins:
    """The first '@page { … margin: …mm … }' of a template's style sheet; with `page`, as the named
    page '@page <page> { margin-bottom: …mm; … }' changes it (large-print cards have a deeper foot)."""
    css = (TEMPLATES / stylesheet).read_text(encoding="utf-8")
    found = re.search(r"@page\s*\{[^}]*?\bmargin:\s*([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm", css)
    assert found, f"no @page margin in {stylesheet}"
    sides = dict(zip(("top", "right", "bottom", "left"), (float(value) * MM for value in found.groups())))
    if page is not None:
        named = re.search(rf"@page\s+{re.escape(page)}\s*\{{([^@}}]*)", css)
        assert named, f"no @page {page} in {stylesheet}"
        for side, value in re.findall(r"\bmargin-(top|right|bottom|left):\s*([\d.]+)mm", named.group(1)):
            sides[side] = float(value) * MM
    return Margins(**sides)


def outside_text_area(
    page: Page,
    area: Margins,
    edge: float,
    head_size: float,
    offset: tuple[float, float] = (0, 0),
    size: tuple[float, float] | None = None,
) -> list[str]:
    """Words a print room would object to: left or right of the text area; above or below it
    unless they are a running head or foot (small, and at least `edge` from the paper's edge).
    `offset` and `size` pick one card out of a sheet of four."""
    width, height = size or (page.width, page.height)
    found = []
    for word in page.words:
        x0, x1 = word.x0 - offset[0], word.x1 - offset[0]
        y0, y1 = word.y0 - offset[1], word.y1 - offset[1]
        tolerance = 0.75  # a glyph's side bearing
        sideways = x0 < area.left - tolerance or x1 > width - area.right + tolerance
        in_body = y0 >= area.top - tolerance and y1 <= height - area.bottom + tolerance
        running = (
            y1 - y0 <= head_size
            and y0 >= edge
            and y1 <= height - edge
            and (y1 <= area.top + tolerance or y0 >= height - area.bottom - tolerance)
        )
        if sideways or not (in_body or running):
            found.append(f"{word.text!r} at x {x0:.0f}–{x1:.0f}, y {y0:.0f}–{y1:.0f}")
    return found


def body_lines(page: Page, area: Margins) -> int:
    """Lines of text inside the text area (running heads and feet not counted): words whose tops
    lie within a few points of each other stand on one line."""
    tops = sorted(w.y0 for w in page.words if w.y0 >= area.top - 1 and w.y1 <= page.height - area.bottom + 1)
    lines, last = 0, None
    for top in tops:
        if last is None or top - last > 3:
            lines += 1
        last = top
    return lines


# --- how full a page is, in its pixels (a hand-out's lines for notes are drawn, not written) ---------

LEAST_SHARE = 0.25  # no A4 document ends on a page used less than this
DPI = 60
INK_BELOW = 235  # a pixel darker than this in any channel is text or a drawn line


def _page_png(pdf, number: int) -> bytes:
    assert shutil.which("pdftoppm"), "pdftoppm ontbreekt: installeer poppler-utils"
    return subprocess.run(
        ["pdftoppm", "-png", "-r", str(DPI), "-f", str(number), "-l", str(number), str(pdf)],
        capture_output=True,
        check=True,
    ).stdout


def page_count(pdf) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def used_share(pdf, number: int, area: Margins | None = None) -> float:
    """How far down the page's text area (print.css's, unless given) something is drawn, as a share of that area."""
    from PIL import Image

    area = area or margins("print.css")
    with Image.open(io.BytesIO(_page_png(pdf, number))) as opened:
        picture = opened.convert("L")
    width, height = picture.size
    scale = DPI / 72
    top, bottom = round(area.top * scale), height - round(area.bottom * scale)
    data = picture.tobytes()
    lowest = top
    for row in range(top, bottom):
        if min(data[row * width : (row + 1) * width]) < INK_BELOW:
            lowest = row
    return (lowest - top) / (bottom - top)
