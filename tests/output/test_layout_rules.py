"""Layout rules a print room checks, read from where the words stand (`pdftotext -bbox`) in every A4
document, in normal and large print: no table header alone at the foot of a page, no number parted
from its unit, and an address that stays beside its QR code instead of running under it."""

from __future__ import annotations

import itertools
import re

import pytest

from conftest import ROOT
from layout import MM, Page, Word, margins, pages
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.output.typography import NUMBER_AND_UNIT

A4_DOCUMENTS = ("deelnemers", "draaiboek", "overzicht")
# The words of the schedule tables' header rows (draaiboek, deelnemers, overzicht).
HEADER_WORDS = {"Tijd", "Vanaf", "Min.", "Stap", "Wat", "Wie"}
# The units the no-break rule names, read from its own pattern: the test follows the rule's table.
UNITS = re.search(r"\(\?:([^)]*)\)", NUMBER_AND_UNIT.pattern).group(1).split("|")
LONG_ADDRESS = (
    "https://www.voorbeeldgemeente.nl/werken-bij-ons/leren-en-ontwikkelen/intervisie/handleiding-voor-begeleiders-2026"
)
QR_AND_GAP = 30 * MM  # print.css: the code's 26 mm and its 4 mm gap


def _a4_pdfs(*folders):
    found = [pdf for folder in folders for pdf in sorted(folder.glob("*/*.pdf")) if pdf.stem in A4_DOCUMENTS]
    assert found
    return found


def _body(page: Page) -> list[Word]:
    area = margins("print.css")
    return [w for w in page.words if w.y0 >= area.top - 1 and w.y1 <= page.height - area.bottom + 1]


def ends_with_a_table_header(page: Page) -> bool:
    """The lowest line of the page's text is a schedule table's header row."""
    body = _body(page)
    if not body:
        return False
    lowest = max(word.y1 for word in body)
    last_line = {word.text for word in body if abs(word.y1 - lowest) <= 2}
    return len(last_line & HEADER_WORDS) >= 3


def split_units(page: Page) -> list[str]:
    """A number at the end of a line whose unit starts the next one."""
    words = page.words
    return [
        f"{a.text} / {b.text}"
        for a, b in itertools.pairwise(words)
        if re.fullmatch(r"\d+", a.text) and b.text.rstrip(".,;:)").lower() in UNITS and b.y0 > a.y1 - 1
    ]


def test_no_page_ends_with_a_table_header(built_formats, large_print_handouts):
    found = [
        f"{pdf.parent.name}/{pdf.name} page {number}"
        for pdf in _a4_pdfs(built_formats, large_print_handouts)
        for number, page in enumerate(pages(pdf)[:-1], start=1)
        if ends_with_a_table_header(page)
    ]
    assert found == []


def test_no_number_is_parted_from_its_unit(built_formats, large_print_handouts):
    found = [
        f"{pdf.parent.name}/{pdf.name} page {number}: {split}"
        for pdf in _a4_pdfs(built_formats, large_print_handouts)
        for number, page in enumerate(pages(pdf), start=1)
        for split in split_units(page)
    ]
    assert found == []


def test_the_checks_see_what_they_look_for():
    """Made-up pages: a header row as the page's last line, and '3' at a line's end with 'min.' below."""
    top = margins("print.css").top + 10
    header = Page(595.28, 841.89, (Word(60, top, 90, top + 10, "Gewoon"), *(
        Word(60 + 40 * i, 700, 90 + 40 * i, 710, text) for i, text in enumerate(("Tijd", "Min.", "Stap", "Wie")))))  # fmt: skip
    assert ends_with_a_table_header(header)
    parted = Page(595.28, 841.89, (Word(500, top, 510, top + 10, "3"), Word(60, top + 14, 80, top + 24, "min.")))
    assert split_units(parted) == ["3 / min."]
    assert "min" in UNITS and "uur" in UNITS


@pytest.mark.pdf
@pytest.mark.parametrize("large", [False, True], ids=["normal", "groot"])
def test_a_long_address_stays_beside_its_qr_code(tmp_path, large):
    source = (ROOT / "formats" / "troika-consulting.werkvorm").read_text(encoding="utf-8")
    title_line = source.splitlines()[0]
    source = source.replace(
        title_line,
        f"{title_line}\nlink: [Wise Crowds op de site van een voorbeeldgemeente met een lange titel]({LONG_ADDRESS})",
        1,
    )
    (tmp_path / "qr.werkvorm").write_text(source, encoding="utf-8")
    options = ["--groot"] if large else []
    assert main(["build", "--to", str(tmp_path / "uit"), *options, "--only", "deelnemers", "--formaten", "pdf",
                 str(tmp_path / "qr.werkvorm")]) == 0  # fmt: skip
    left = margins("print.css").left
    pieces = [
        word
        for page in pages(tmp_path / "uit" / "qr" / "deelnemers.pdf")
        for word in page.words
        if len(word.text) >= 6 and word.text.strip(".,:") in LONG_ADDRESS and any(c in word.text for c in "/.-")
    ]
    assert pieces, "the address is not in the hand-out"
    under = [f"{w.text!r} at x {w.x0:.0f}" for w in pieces if w.x0 < left + QR_AND_GAP - 1]
    assert under == []
