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


def test_both_formats_keep_the_last_lines_and_every_steps_time_line_with_what_follows():
    import io
    import zipfile

    from docx import Document

    from conftest import ROOT
    from werkvorm_dsl.language.source import Source
    from werkvorm_dsl.pipeline import BuildOptions, build, check_source

    path = ROOT / "formats" / "iedereen-aan-de-beurt.werkvorm"
    checked = check_source(Source(str(path), path.read_text(encoding="utf-8"), ()))
    files = build(checked, BuildOptions(only=("draaiboek",), formats=frozenset({"docx", "odt"}))).files
    word = Document(io.BytesIO(files["draaiboek.docx"]))
    assert word.styles[office.META_STYLE].paragraph_format.keep_with_next
    body = [p for p in word.paragraphs if p.text.strip()]
    kept = [p.paragraph_format.keep_with_next for p in body]
    assert kept[-1] is not True and kept[-4:-1] == [True] * 3  # the tail, up to its last line
    assert None in kept[:-8] or False in kept[:-8]  # and not the whole document
    with zipfile.ZipFile(io.BytesIO(files["draaiboek.odt"])) as odt:
        styles, content = odt.read("styles.xml").decode(), odt.read("content.xml").decode()
    meta = styles.split(f'style:name="{office.META_STYLE}"', 1)[1].split("</style:style>", 1)[0]
    assert 'fo:keep-with-next="always"' in meta
    last = content.rsplit("<text:p ", 1)[1]
    assert 'text:style-name="Bewaard_' in last and 'style:name="Bewaard_1"' in content
