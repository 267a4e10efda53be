"""A keyword line shaped like a sentence is named (W119), with or without its full stop.

'Tweetallen bedenken ideeën en bouwen voort op elkaars werk' under a step opens a block of pairs
unless the author says otherwise; issue 20 found it silent when the sentence had no full stop. The
cases are generated from the keyword table's spellings and the table of words that look like a verb
but are none, so a new spelling or such word is covered without a new test."""

from __future__ import annotations

import pytest

from werkvorm_dsl import check, parse
from werkvorm_dsl.language.keywords import KEYWORDS
from werkvorm_dsl.language.sentence_lines import NOT_VERBS, SHORT_VERBS
from werkvorm_dsl.language.values import implies_group_size

HEAD = "WERKVORM Proef\nduur: 1 uur\ndeelnemers: 4 tot 8\n\nSESSIE\nstap Ideeën\n    duur: 10 min\n    wie: iedereen\n"
LINE = HEAD.count("\n") + 1  # the line under test, right after HEAD
TAIL = "stap Delen\n    duur: 5 min\n"
VERBS = ("bedenken", "bespreken", "wisselen", *sorted(SHORT_VERBS))
PAIR_WORDS = [
    spelling.capitalize()
    for keyword in KEYWORDS
    if keyword.terminal == "GROUPS"
    for spelling in keyword.words["nl"]
    if implies_group_size(spelling)
]


def codes_on_the_line(line: str) -> set[str]:
    return {d.code for d in check(parse(HEAD + f"    {line}\n" + TAIL)) if d.span.line == LINE}


@pytest.mark.parametrize("word", PAIR_WORDS)
@pytest.mark.parametrize("verb", VERBS)
def test_a_pair_word_and_a_verb_without_a_full_stop_is_named(word: str, verb: str) -> None:
    assert "W119" in codes_on_the_line(f"{word} {verb} samen de casus en vatten die samen")


@pytest.mark.parametrize("word", PAIR_WORDS)
@pytest.mark.parametrize("not_a_verb", sorted(NOT_VERBS))
def test_a_pair_word_and_a_description_stays_a_heading_without_a_word(word: str, not_a_verb: str) -> None:
    assert "W119" not in codes_on_the_line(f"{word} {not_a_verb} het eigen team")


@pytest.mark.parametrize("word", PAIR_WORDS)
def test_capitals_or_a_colon_say_structure_and_silence_it(word: str) -> None:
    assert "W119" not in codes_on_the_line(f"{word.upper()} bedenken samen ideeën")
    assert "W119" not in codes_on_the_line(f"{word}: bedenken samen ideeën")


def test_the_measured_case_without_its_full_stop() -> None:
    assert "W119" in codes_on_the_line("Tweetallen bedenken ideeën en bouwen voort op elkaars werk")
