"""The language features an editor asks for (assist.py), called directly: places, completion, hover, outline."""

from __future__ import annotations

import pytest

from samples import ROUNDS
from werkvorm_dsl.app import editor_services as assist
from werkvorm_dsl.app.editor_services import Analysis, LineMap, Place, character_at, client_units
from werkvorm_dsl.language.keywords import KEYWORDS
from werkvorm_dsl.language.lexer import lex
from werkvorm_dsl.language.values import parse_duration, parse_repeat, split_optional


@pytest.mark.parametrize(
    "line, column, expected",
    [
        ("stap Welkom", 6, 5),  # plain ASCII: the same column
        ("stap Cafe\u0301 x", 11, 11),  # 'é' written as e + accent: the lexer reads one letter, the editor has two
        ("\ufeffstap x", 1, 1),  # a byte-order mark the lexer drops
        ("a\u200bb\u200bc", 3, 4),  # zero-width spaces between the letters
        ("x\x07y", 2, 2),  # past a control character, which the lexer drops too
        ("e\u200b\u0301z", 3, 3),  # an accent kept apart from its letter by a zero-width space
        ("abc", 99, 3),  # beyond the end: the end of the line
    ],
)
def test_a_lexer_column_maps_back_to_the_character_as_written(line, column, expected):
    assert LineMap(line).character(column) == expected


def test_a_control_character_itself_is_found_where_it_stands():
    # W114 names the control character's own column, counted before it is dropped.
    assert LineMap("😀\x07x", drop_controls=False).character(2) == 1


def test_client_units_count_utf16_unless_the_client_asks_otherwise():
    assert client_units("a😀é", "utf-16") == 4
    assert client_units("a😀é", "utf-8") == 1 + 4 + 2
    assert client_units("a😀é", "utf-32") == 3
    assert character_at("a😀é", 3, "utf-16") == 2 and character_at("a😀é", 99, "utf-16") == 3


def test_every_column_of_every_line_maps_inside_its_line():
    text = "WERKVORM Ca\u0301fe\u0301 \U0001f600\u200b\x07 \ufeff\n\u2028duur: 5\u00a0min\n"
    analysis = Analysis(text, "x")
    for number, line in enumerate(analysis.lines, start=1):
        for column in range(1, len(line) + 3):
            place = analysis.place(number, column)
            assert place.line == number - 1 and 0 <= place.character <= len(line)


def test_the_language_is_the_one_the_keywords_are_written_in():
    assert assist.language_of(ROUNDS) == "nl"
    assert assist.language_of("FORMAT x\nduration: 5 min\n\nSESSION\nstep Hello\n    duration: 5 min\n") == "en"
    assert assist.language_of("gewone tekst\n") == "nl"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_keyword_is_offered_and_each_offer_is_read_as_that_keyword(language):
    # Completion offers what fits where the cursor is (issue 23): each keyword at a place it fits,
    # at the top of a file, under a step, in a round and right under a round's opening line.
    offered: set[str] = set()
    for above in ("", "WERKVORM x\n\nSESSIE\nstap x\n", "WERKVORM x\n\nSESSIE\nRONDE 2 keer\nstap x\n"):
        for text in (above, above.removesuffix("stap x\n")):
            analysis = Analysis(text + "\n", "x")
            analysis.language = language
            offered |= {item.label for item in assist.complete(analysis, Place(text.count("\n"), 0))}
    assert len(offered) >= len({k.words[language][0] for k in KEYWORDS}) - 2
    for keyword in KEYWORDS:
        label = assist.keyword_as_typed(keyword, language)
        assert label in offered
        line = f"{label} tekst" if keyword.terminal != "BLOCK_END" and keyword.shape.name != "SECTION" else label
        if keyword.terminal == "VARIANT_CHANGE":
            line = f"{label} lang: 15 min"  # a name, a colon and a value, or it is a sentence
        if keyword.terminal == "WAY":
            line = f"{label} maximaal 12 deelnemers"  # a number of participants, or it is a sentence
        if keyword.terminal in ("QUESTIONS", "QUESTIONS_REF", "BLOCK_END"):
            continue  # these read as one or the other by their place, which a line on its own does not have
        tokens = lex(("SESSIE\nstap x\n\n" if keyword.shape.name == "FIELD" else "") + line + "\n").tokens
        assert tokens[-1].terminal == keyword.terminal, (label, tokens[-1])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_duration_and_repeat_offered_is_read(language):
    for form in assist.DURATION_FORMS[language]:
        text, _ = split_optional(form)
        assert parse_duration(text).high > 0, form
    for form in assist.REPEAT_FORMS[language]:
        parse_repeat(form)


def test_completion_finds_the_context_by_the_line_so_far():
    analysis = Analysis(ROUNDS, "x")
    assert [c.label for c in assist.complete(analysis, Place(15, 12))] == ["verdieping"]
    roles = assist.complete(Analysis(ROUNDS.replace("wie: begeleider", "wie: begeleider, ca"), "x"), Place(9, 23))
    assert [c.label for c in roles] == ["casusinbrenger"]
    assert roles[0].replaces == assist.Stretch(Place(9, 21), Place(9, 23))
    repeats = [c.label for c in assist.complete(Analysis("SESSIE\nRONDE \n", "x"), Place(1, 6))]
    assert "zo vaak als de tijd toelaat" in repeats
    assert assist.complete(Analysis("stap Een hele lange zin die gewoon doorloopt\n", "x"), Place(0, 40)) == []


def test_hover_on_each_kind_of_part():
    analysis = Analysis(ROUNDS.replace("begintijd: 14:00\n", ""), "x")
    text, stretch = assist.hover(analysis, Place(10, 0))  # one line up without begintijd
    assert "(5 + 4) × 3 rondes = 27 min" in text and "Begint na 0:05, 0:14 en 0:23" in text
    assert stretch.start == Place(10, 0) and stretch.end.line == 18
    total, _ = assist.hover(analysis, Place(1, 3))
    assert "42 min" in total


def test_hover_on_steps_without_a_duration_and_optional_ones():
    text = (
        "WERKVORM x\nduur: 30 min\nbegintijd: 9:00\n\nSESSIE\nstap Praten\n\nstap Extra\n"
        "    duur: 10 min, als er tijd is\n"
    )
    analysis = Analysis(text, "x")
    untimed, _ = assist.hover(analysis, Place(5, 0))
    assert "Geen eigen duur" in untimed and "ca. 20 min" in untimed and "Begint om 09:00" in untimed
    optional, _ = assist.hover(analysis, Place(7, 0))
    assert "10 min, alleen als er tijd is" in optional
    untimed_optional, _ = assist.hover(
        Analysis(text.replace("10 min, als er tijd is", "als er tijd is"), "x"), Place(7, 0)
    )
    assert "Alleen als er tijd is" in untimed_optional and "niet te lezen" not in untimed_optional


def test_author_text_in_a_hover_stays_text():
    text = "WERKVORM x\nduur: 10 min\n\nSESSIE\nstap [klik](javascript:alert(1)) <b>*vet*</b>\n    duur: 5 min\n"
    shown, _ = assist.hover(Analysis(text, "x"), Place(4, 0))
    assert "\\[klik\\](javascript:alert(1)) \\<b\\>\\*vet\\*\\</b\\>" in shown


def test_definition_only_from_a_known_list():
    analysis = Analysis(ROUNDS.replace("vragen: verdieping", "vragen: onbekend"), "x")
    assert assist.definition(analysis, Place(15, 12)) is None
    assert assist.definition(Analysis(ROUNDS, "x"), Place(15, 12)).start == Place(24, 0)


def test_an_outline_symbol_always_has_a_name_and_a_selection_inside_it():
    text = "WERKVORM \nduur: 5 min\n\nSESSIE\nRONDE 2 keer\nstap \\\n    duur: 1 min\nEINDE\nPAUZE\n"
    for symbol in _all(assist.outline(Analysis(text, "x"))):
        assert symbol.name.strip()
        assert (symbol.stretch.start.line, symbol.stretch.start.character) <= (
            symbol.selection.start.line,
            symbol.selection.start.character,
        )
        assert (symbol.selection.end.line, symbol.selection.end.character) <= (
            symbol.stretch.end.line,
            symbol.stretch.end.character,
        )


def _all(symbols):
    for symbol in symbols:
        yield symbol
        yield from _all(symbol.children)


def test_formatting_keeps_the_files_line_endings_and_refuses_errors():
    messy = "WERKVORM x\r\nduur:  5 min\r\n\r\nSESSIE\r\nstap Welkom\r\n  duur: 5 min\r\n"
    laid_out = assist.formatted(Analysis(messy, "x"))
    assert laid_out == "WERKVORM x\r\nduur: 5 min\r\n\r\nSESSIE\r\nstap Welkom\r\n    duur: 5 min\r\n"
    assert assist.formatted(Analysis(laid_out, "x")) is None
    with pytest.raises(assist.NotFormatted):  # a step above SESSIE (E102): an error in the structure
        assist.formatted(Analysis("WERKVORM x\nduur: 10 min\nstap a\n  duur: 5 min\n\nSESSIE\n", "x"))


def test_a_document_over_the_size_limit_gets_one_diagnostic_and_no_check(monkeypatch):
    monkeypatch.setattr(assist, "MAX_BYTES", 100)
    analysis = Analysis("WERKVORM x\n" + "tekst\n" * 50, "x")
    found = assist.problems(analysis)
    assert [p.diagnostic.code for p in found] == ["E511"]
    assert assist.hover(analysis, Place(3, 0)) is None and assist.outline(analysis) == []
