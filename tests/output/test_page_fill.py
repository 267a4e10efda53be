"""No A4 document ends on a page under a quarter full, in normal or large print: measured in the
pixels of the last page, since a hand-out's lines for notes are drawn, not written."""

from __future__ import annotations

from conftest import FORMATS
from layout import LEAST_SHARE, page_count, used_share

A4_DOCUMENTS = ("deelnemers", "draaiboek", "overzicht")


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
