"""The lexer's short ways read every line as its long way does, for every spelling in the keyword table."""

from __future__ import annotations

import re

from hypothesis import settings

from werkvorm_dsl.language import lexer
from werkvorm_dsl.language.keywords import KEYWORDS

SPELLINGS = sorted({word for kw in KEYWORDS for words in kw.words.values() for word in words})
SEPARATORS = ["", ":", ": ", " :", " : ", ".", ". ", "  ", "\t", ":\t", "\u00a0:", "\uff1a", ",", " (", "s:", "x: "]
TAILS = ["", "x", "Opening", "3. Casus", "2 keer", ": nog", "10 min", "begeleider: geheim", "(5 min)"]


def endings(turn: int) -> list[tuple[str, str]]:
    """What follows a spelling: under `make fuzz` every separator with every tail. In `make test`, every
    separator (each with a tail) and every tail (each after a separator), the partners shifting with
    `turn`, so that across the spellings every separator meets every tail: a sixth of the lines."""
    if settings().max_examples > 150:  # make fuzz
        return [(separator, tail) for separator in SEPARATORS for tail in TAILS]
    with_tails = [(separator, TAILS[(i + turn) % len(TAILS)]) for i, separator in enumerate(SEPARATORS)]
    with_separators = [(SEPARATORS[(i + turn) % len(SEPARATORS)], tail) for i, tail in enumerate(TAILS)]
    return list(dict.fromkeys(with_tails + with_separators))


def texts() -> list[str]:
    """Each spelling in three cases with each separator and tail, alone and under a line of prose."""
    found = []
    for turn, word in enumerate(SPELLINGS):
        for case in (str.lower, str.upper, str.capitalize):
            lines = [case(word) + separator + tail for separator, tail in endings(turn)]
            found.append("\n".join(lines))
            found.append("\n".join(f"Een zin die doorloopt\n    {line}" for line in lines))
    return found


def test_across_the_spellings_every_separator_meets_every_tail():
    met = {pair for turn in range(len(SPELLINGS)) for pair in endings(turn)}
    assert met == {(separator, tail) for separator in SEPARATORS for tail in TAILS}


def read(text: str) -> str:
    result = lexer.lex(text, keep_lines=True)
    return repr((result.tokens, result.notices, result.near_misses, result.lines))


def test_a_field_read_in_one_look_reads_as_by_its_first_word(monkeypatch):
    quick = [read(text) for text in texts()]
    monkeypatch.setattr(lexer, "FIELD_LINE", re.compile("(?!)"))  # no line takes the short way now
    assert [read(text) for text in texts()] == quick


def test_every_field_spelling_takes_the_short_way():
    fields = [word for word, _ in lexer.FIELD_SPELLINGS.items()]
    assert fields and all(lexer.FIELD_LINE.fullmatch(f"{word}: ") for word in fields)
