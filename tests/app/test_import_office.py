"""Word and OpenDocument files built as an office writer would (headings, list numbering, a table of
times), from generated steps: the import gives back the same steps and durations."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from importing import minutes, session_steps
from werkvorm_dsl.app.importeer import draft_of
from werkvorm_dsl.language.parser import parse
from werkvorm_dsl.language.source import decode
from werkvorm_dsl.pipeline import check_source

VERBS = ("Vraag", "Bespreek", "Noteer", "Verzamel", "Kies", "Vertel", "Luister")
WORDS = ("de", "ervaring", "groep", "samen", "kort", "eerst", "verhaal", "iedere", "collega", "vragen", "punten")
steps_strategy = st.lists(
    st.tuples(
        st.builds(
            lambda verb, rest: " ".join((verb, *rest)) + ".",
            st.sampled_from(VERBS),
            st.lists(st.sampled_from(WORDS), min_size=1, max_size=6),
        ),
        st.integers(min_value=1, max_value=45),
    ),
    min_size=1,
    max_size=8,
)


def word_file(path: Path, steps: list[tuple[str, int]], as_table: bool) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Samen leren van een casus", level=0)
    document.add_paragraph(f"Duur: {sum(time for _, time in steps)} minuten")
    document.add_heading("Uitvoering", level=1)
    if as_table:
        table = document.add_table(rows=1, cols=3)
        for cell, text in zip(table.rows[0].cells, ("Nr", "Stap", "Tijd"), strict=True):
            cell.text = text
        for number, (title, time) in enumerate(steps, start=1):
            row = table.add_row().cells
            row[0].text, row[1].text, row[2].text = str(number), title, f"{time} min"
    else:
        for title, time in steps:
            document.add_paragraph(f"{title} ({time} min)", style="List Number")
    document.save(path)
    return path


def open_document_file(path: Path, steps: list[tuple[str, int]], as_table: bool) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.style import ListLevelProperties, Style
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, ListLevelStyleNumber, ListStyle, P

    document = OpenDocumentText()
    numbered = ListStyle(name="Genummerd")
    level = ListLevelStyleNumber(level=1, numformat="1", numsuffix=".")
    level.addElement(ListLevelProperties())
    numbered.addElement(level)
    document.automaticstyles.addElement(numbered)
    document.automaticstyles.addElement(Style(name="Gewoon", family="paragraph"))
    document.text.addElement(H(outlinelevel=1, text="Samen leren van een casus"))
    document.text.addElement(P(text=f"Duur: {sum(time for _, time in steps)} minuten"))
    document.text.addElement(H(outlinelevel=2, text="Uitvoering"))
    if as_table:
        table = Table(name="Stappen")
        table.addElement(TableColumn(numbercolumnsrepeated=3))
        for cells in [("Nr", "Stap", "Tijd"), *((str(n), t, f"{m} min") for n, (t, m) in enumerate(steps, 1))]:
            row = TableRow()
            for text in cells:
                cell = TableCell()
                cell.addElement(P(text=text))
                row.addElement(cell)
            table.addElement(row)
        document.text.addElement(table)
    else:
        listing = List(stylename="Genummerd")
        for title, time in steps:
            item = ListItem()
            item.addElement(P(text=f"{title} ({time} min)"))
            listing.addElement(item)
        document.text.addElement(listing)
    document.save(str(path))
    return path


def assert_same_steps(path: Path, steps: list[tuple[str, int]]) -> None:
    draft = draft_of(str(path)).text
    checked = check_source(decode(draft.encode("utf-8"), "concept.werkvorm"))
    assert [d.message for d in checked.diagnostics if d.is_error] == []
    found = session_steps(parse(draft))
    assert [(step.title.text, minutes(step)) for step in found] == list(steps)
    werkvorm = parse(draft)
    assert werkvorm.title is not None and werkvorm.title.text == "Samen leren van een casus"
    assert werkvorm.total_duration is not None and werkvorm.total_duration.low == sum(time for _, time in steps)


@given(steps=steps_strategy, as_table=st.booleans())
def test_a_word_file_gives_back_its_steps_and_times(tmp_path_factory, steps, as_table):
    path = word_file(tmp_path_factory.mktemp("word") / "casus.docx", steps, as_table)
    assert_same_steps(path, steps)


@given(steps=steps_strategy, as_table=st.booleans())
def test_an_open_document_file_gives_back_its_steps_and_times(tmp_path_factory, steps, as_table):
    path = open_document_file(tmp_path_factory.mktemp("odt") / "casus.odt", steps, as_table)
    assert_same_steps(path, steps)
