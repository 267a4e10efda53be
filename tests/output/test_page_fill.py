"""No A4 document ends on a page under a quarter full, in normal or large print: measured in the
pixels of the last page, since a hand-out's lines for notes are drawn, not written."""

from __future__ import annotations

import io
import shutil
import subprocess

from conftest import FORMATS
from layout import margins

A4_DOCUMENTS = ("deelnemers", "draaiboek", "overzicht")
LEAST_SHARE = 0.25
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


def used_share(pdf, number: int) -> float:
    """How far down the page's text area something is drawn, as a share of that area."""
    from PIL import Image

    area = margins("print.css")
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


def _short_last_pages(folder) -> list[str]:
    short = []
    for werkvorm in FORMATS:
        for document in A4_DOCUMENTS:
            pdf = folder / werkvorm.stem / f"{document}.pdf"
            if not pdf.exists():
                continue
            pages = page_count(pdf)
            if pages > 1 and (share := used_share(pdf, pages)) < LEAST_SHARE:
                short.append(f"{werkvorm.stem}/{document}.pdf: {pages} pages, the last {share:.0%} used")
    return short


def test_no_last_page_under_a_quarter_full(built_formats):
    assert _short_last_pages(built_formats) == []


def test_no_last_page_under_a_quarter_full_in_large_print(large_print_handouts):
    assert list(large_print_handouts.glob("*/deelnemers.pdf"))
    assert _short_last_pages(large_print_handouts) == []


def test_the_measure_sees_a_full_page_and_an_empty_one(built_formats, tmp_path):
    from pypdf import PdfWriter

    pdf = built_formats / FORMATS[0].stem / "draaiboek.pdf"
    assert page_count(pdf) > 1 and used_share(pdf, 1) > 0.8  # a first page of a longer document is full
    blank = PdfWriter()
    blank.add_blank_page(595.28, 841.89)
    blank.write(tmp_path / "leeg.pdf")
    assert used_share(tmp_path / "leeg.pdf", 1) == 0


def test_notes_lines_beyond_four_stay_hidden_on_screen(built_formats):
    html = (built_formats / FORMATS[0].stem / "deelnemers.html").read_text(encoding="utf-8")
    assert html.count('class="line more') == 16 and ".notes-area .line.more { display: none; }" in html
