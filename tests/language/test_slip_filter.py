"""The quick look for a slip at a line's first word (slips.may_start_a_keyword) finds exactly what
measuring the word against every keyword's first word finds: only the candidates that share a form
with two letters dropped are measured, and no slip lies outside them. Words are generated from the
keyword table's own first words, with letters dropped, added, changed and swapped."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from werkvorm_dsl.language import slips

FIRST_WORDS = sorted(slips._first_words())
LETTERS = "abcdeijklmnoprstuvz"


def measured_against_every_first_word(word: str) -> bool:
    return any(
        word == first or slips.within_reach(word, first) or (field and slips.edits(word, first, 1) <= 1)
        for first, field in slips._first_words().items()
    )


@st.composite
def near_words(draw) -> str:
    letters = list(draw(st.sampled_from(FIRST_WORDS)))
    for _ in range(draw(st.integers(0, 3))):
        place = draw(st.integers(0, len(letters)))
        match draw(st.sampled_from(["drop", "add", "change", "swap"])):
            case "drop" if letters:
                del letters[min(place, len(letters) - 1)]
            case "add":
                letters.insert(place, draw(st.sampled_from(LETTERS)))
            case "change" if letters:
                letters[min(place, len(letters) - 1)] = draw(st.sampled_from(LETTERS))
            case "swap" if len(letters) > 1:
                at = min(place, len(letters) - 2)
                letters[at], letters[at + 1] = letters[at + 1], letters[at]
            case _:
                pass
    return "".join(letters)


@given(near_words() | st.text(LETTERS, max_size=12))
@example("stpa")
@example("duru")
@example("voorbereidnig")
@example("vorbereidnig")
@example("stop")
@example("door")
def test_the_quick_look_finds_what_measuring_every_first_word_finds(word):
    assert slips.may_start_a_keyword(word) == measured_against_every_first_word(word)


def test_the_quick_look_can_fail(monkeypatch):
    """The control: with forms of one dropped letter only, a slip two edits away ('vorbereidnig':
    a letter dropped and two swapped) is missed, and the comparison above says so."""
    word = "vorbereidnig"
    assert measured_against_every_first_word(word)
    slips.may_start_a_keyword.cache_clear()
    slips._deletion_index.cache_clear()
    shallow = slips._deletions
    monkeypatch.setattr(slips, "_deletions", lambda text, depth=2: shallow(text, 1))
    try:
        assert not slips.may_start_a_keyword(word)
    finally:
        slips.may_start_a_keyword.cache_clear()
        slips._deletion_index.cache_clear()
