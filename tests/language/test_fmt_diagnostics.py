"""`werkvorm fmt` adds nothing to complain about: the diagnostics of fmt(x) are those of x.

The same codes, on the same lines once the lines of fmt(x) are mapped back to where they stood in
x (fmt adds and removes blank lines only), over formats/, the good and bad corpus, the hostile
files, and generated werkvormen: from the grammar, mutated formats, re-wrapped paragraphs, and
every keyword spelling of the table in every place a paragraph can run on. The only diagnostics
fmt may take away are those it is there to clean up (FIXED_BY_FMT, as the guide says).
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_structure_rule import PLACES, SPELLINGS, lex_normalised, paragraphs, rewrap

from conftest import ROOT
from strategies import mutated_format, werkvormen
from werkvorm_dsl import check, parse
from werkvorm_dsl.language.fmt import UnsafeLayout, errors_that_stop_fmt, format_text
from werkvorm_dsl.language.folding import CONTROLS, ODD_BREAKS, normalise, physical_pieces
from werkvorm_dsl.language.keywords import KEYWORDS, Shape
from werkvorm_dsl.language.nodes import Span

CORPUS = [
    *sorted((ROOT / "formats").glob("*.werkvorm")),
    *sorted((ROOT / "tests/data/good").glob("*.werkvorm")),
    *sorted((ROOT / "tests/data/bad").glob("*.werkvorm")),
    *sorted((ROOT / "tests/hostile").rglob("*.werkvorm")),
]
# What fmt is there to clean up (docs/taalgids.md, "Netjes opmaken"): an odd line break becomes a
# plain one (W112), and a control character goes (W114).
FIXED_BY_FMT = {"W112", "W114"}
WHOLE_FILE = Span(1, 1, 1, 2)  # where a diagnostic about the file as a whole stands (W211, E210 …)


def fmt(text: str, guard: bool = True) -> str:
    """What `werkvorm fmt` makes of `text`: nothing when it has an error in its structure, or
    when no layout keeps what the lexer read and said (the last guard, UnsafeLayout). Without
    `guard`, the layout must never need that guard: UnsafeLayout fails the test."""
    if errors_that_stop_fmt(check(parse(text))):
        return text
    try:
        return format_text(text)
    except UnsafeLayout:
        if not guard:
            raise
        return text


def source_lines(text: str) -> list[int]:
    """The line number in `text` of each line that is not blank, in order, as the lexer counts
    them: a line with an odd line break in it counts once for each piece, on its own number."""
    return [
        number
        for number, line in enumerate(normalise(text).split("\n"), start=1)
        for _, piece, _ in physical_pieces(line)
        if CONTROLS.sub("", piece).strip()
    ]


def diagnostics(text: str, place_of=lambda line: line) -> Counter:
    found: Counter = Counter()
    for diagnostic in check(parse(text)):
        place = "file" if diagnostic.span == WHOLE_FILE else place_of(diagnostic.span.line)
        found[(diagnostic.code, place)] += 1
    return found


def same_diagnostics(text: str, formatted: str) -> None:
    """The diagnostics of `formatted` are those of `text`, each on the line it came from."""
    if formatted == text:
        return  # fmt left it alone (or had nothing to do)
    before, after = source_lines(text), source_lines(formatted)
    assert len(before) == len(after), "fmt may add or remove blank lines, never other lines"
    came_from = dict(zip(after, before))
    expected = Counter({key: n for key, n in diagnostics(text).items() if key[0] not in FIXED_BY_FMT})
    found = diagnostics(formatted, lambda line: came_from.get(line, line))
    assert found == expected, (
        f"fmt took away {dict(expected - found)} and added {dict(found - expected)}\n--- before:\n{text}\n"
        f"--- after:\n{formatted}"
    )


def holds(text: str, guard: bool = True) -> None:
    formatted = fmt(text, guard)
    if formatted != text:
        # Compared with the text as the lexer reads it, each odd line break (W112) a plain one: the
        # check places a diagnostic after such a break inside a paragraph a line too low (counting
        # the pieces of a line as lines), and that is no fault of fmt, which only makes them plain.
        same_diagnostics(ODD_BREAKS.sub("\n", text), formatted)
    assert fmt(formatted) == formatted, "formatting again changes nothing"


# The one file of the corpus for which no layout keeps the author's question open: fmt leaves it alone.
NEEDS_THE_GUARD = {"fmt-vraag-niet-te-bewaren.werkvorm"}


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_fmt_adds_no_diagnostic_to_any_file_of_the_corpus(path):
    holds(path.read_text(encoding="utf-8", errors="replace"), guard=path.name in NEEDS_THE_GUARD)


@given(werkvormen)
def test_fmt_adds_no_diagnostic_to_generated_werkvormen(text):
    holds(text)


@given(mutated_format())
def test_fmt_adds_no_diagnostic_to_mutated_formats(text):
    holds(text)


@given(st.sampled_from(CORPUS), st.data())
def test_fmt_adds_no_diagnostic_to_rewrapped_paragraphs(path, data):
    """An editor's hard wrap puts any word at the start of a line: keywords too, under any text."""
    text = lex_normalised(path.read_text(encoding="utf-8", errors="replace"))
    runs = paragraphs(text)
    if runs:
        first, last, label = data.draw(st.sampled_from(runs))
        text = rewrap(text, first, last, data.draw(st.integers(20, 120)), label)
    holds(text)


# Every keyword spelling of the table, in each case, with and without a colon, as the first word
# of a line that runs on under a sentence (finished or not) in every place of test_structure.
CASES = {"lower": str.lower, "capital": lambda w: w[:1].upper() + w[1:], "upper": str.upper}
BEFORE = ("en", "klaar.", "zo:", "(zie bijlage)")


def keyword_under_text(place: str, spelling: str, case: str, colon: str, before: str) -> str:
    line = f"{CASES[case](spelling)}{colon} Laat iedereen kort iets zeggen."
    return PLACES[place].format(before=before, line=line)


@given(
    st.sampled_from(sorted(PLACES)),
    st.sampled_from(SPELLINGS),
    st.sampled_from(sorted(CASES)),
    st.sampled_from(["", ":"]),
    st.sampled_from(BEFORE),
)
def test_fmt_adds_no_diagnostic_under_a_running_paragraph(place, spelling, case, colon, before):
    holds(keyword_under_text(place, spelling, case, colon, before), guard=False)


FIELD_SPELLINGS = sorted(
    {w for kw in KEYWORDS if kw.shape is Shape.FIELD for words in kw.words.values() for w in words}
)


def test_every_field_word_under_a_finished_sentence_keeps_its_diagnostics():
    """The class of the `nb:` find, whole: each field word of the table, each case, each place."""
    for place in PLACES:
        for spelling in FIELD_SPELLINGS:
            for case in CASES:
                holds(keyword_under_text(place, spelling, case, ":", "klaar."), guard=False)


# --- the property can fail ----------------------------------------------------------------------

NB_UNDER_A_SENTENCE = (
    "WERKVORM Proef\nduur: 30 min\n\nSESSIE\nstap Opening\n    duur: 10 min\n"
    "    Vertel wat we gaan doen.\n    nb: Houd het kort.\n"
)


def test_the_property_fails_for_a_fmt_that_writes_nb_in_capitals_under_a_sentence():
    old_fmt = NB_UNDER_A_SENTENCE.replace("nb:", "NB:")  # what fmt did before: it then gave W111
    with pytest.raises(AssertionError, match="added"):
        same_diagnostics(NB_UNDER_A_SENTENCE, old_fmt)


def test_the_property_fails_for_a_fmt_that_answers_the_author_s_question():
    text = (ROOT / "tests/hostile/gevonden/structuur-stap-in-doorlopend-voorbeeld.werkvorm").read_text(encoding="utf-8")
    unindented = text.replace("\n    stap 3 tot", "\nstap 3 tot")  # what fmt did before: the W111 was gone
    with pytest.raises(AssertionError, match="took away"):
        same_diagnostics(text, unindented)


def test_the_property_maps_lines_and_fails_when_a_diagnostic_moves():
    text = NB_UNDER_A_SENTENCE.replace("nb:", "NB:")  # W111 on line 8
    lines = text.split("\n")
    moved = "\n".join([*lines[:5], *lines[6:8], lines[5], *lines[8:]])  # 'duur:' moved below: W111 on line 7
    with pytest.raises(AssertionError, match=r"took away \{\('W111', 8\)"):
        same_diagnostics(text, moved)
    same_diagnostics(text, text.replace("SESSIE", "\n\nSESSIE"))  # blank lines are mapped away
