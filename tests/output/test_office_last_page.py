"""Word and LibreOffice lay out the pages themselves, so the build keeps the last lines of a document
together (office.kept_tail) and no draaiboek ends on a page of a few stray lines: measured in the
PDFs LibreOffice makes of the .docx and .odt."""

from __future__ import annotations

import pytest

from conftest import DOCUMENTS, OFFICE, WERKVORMEN
from layout import LEAST_SHARE, MM, Margins, page_count, used_share
from werkvorm_dsl.output.formats import office

# Both writers set margins of 20 mm; LibreOffice puts the footer ('pagina 3 van 3') inside the
# lowest 12 mm of the .odt's text area, so that strip is not counted as text.
OFFICE_AREA = Margins(20 * MM, 20 * MM, 32 * MM, 20 * MM)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_no_office_document_ends_on_a_page_under_a_quarter_full(office_built, document):
    short = []
    for werkvorm in WERKVORMEN:
        for suffix in OFFICE:
            pdf = office_built / "lo" / f"{werkvorm.stem}-{document}-{suffix}.pdf"
            count = page_count(pdf)
            if count > 1 and (share := used_share(pdf, count, OFFICE_AREA)) < LEAST_SHARE:
                short.append(f"{pdf.name}: {count} pages, the last {share:.0%} used")
    assert short == []


def words(count: int) -> tuple[office.Run, ...]:
    return (office.Run(" ".join(["woord"] * count)),)


def test_the_kept_tail_makes_about_a_quarter_page_and_never_takes_a_table():
    line = office.LINE_CHARACTERS // 6  # 'woord ' is six characters: one full line of body text
    paragraphs = [office.Paragraph(words(line)) for _ in range(30)]
    tail = office.kept_tail(paragraphs)
    kept = sum(office.estimated_lines(block) for block in paragraphs[tail:])
    assert office.KEPT_TAIL_LINES <= kept < office.KEPT_TAIL_LINES + 2
    table = office.Table(None, ((words(1),),))
    assert office.kept_tail([*paragraphs, table]) == 31  # a table at the end: nothing after it to keep
    assert office.kept_tail([table, *paragraphs[:3]]) == 1  # a short tail stops at the table before it
    assert office.kept_tail(paragraphs[:3]) == 0  # a short document: all of it, on its one page
