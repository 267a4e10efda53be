"""What an attack on the session model (issue 10) found, kept as tests: nested, parallel, boxed and
optional blocks written as a hurried author or a hostile file would, and generated session trees
whose check, plan, tijdschema and fmt must agree."""

from __future__ import annotations

import json
import time

from hypothesis import given, settings, strategies as st

from test_generated import context_for
from test_structure import PLACES, keyword_line_holds
from werkvorm_dsl import check, parse, registry
from werkvorm_dsl.export import to_data
from werkvorm_dsl.fmt import format_text
from werkvorm_dsl.keywords import KEYWORDS, Shape
from werkvorm_dsl.lexer import BLOCK_TERMINALS
from werkvorm_dsl.schedule import plan
from werkvorm_dsl.timing import compute

HEADER = "WERKVORM Proef\nduur: 60 min\ndeelnemers: 4 tot 6\n\nSESSIE\n"


def codes(text: str) -> list[str]:
    return [d.code for d in check(parse(text))]


def without_spans(data):
    if isinstance(data, dict):
        return {k: without_spans(v) for k, v in data.items() if k not in ("span", "value_span", "filename")}
    if isinstance(data, list):
        return [without_spans(item) for item in data]
    return data


# --- keyword words of the session model as the first word of a wrapped line -------------------

SESSION_WORDS = sorted({w for kw in KEYWORDS if kw.terminal in BLOCK_TERMINALS | {"TIME_BOX"}
                        for words in kw.words.values() for w in words})


def test_block_openers_in_capitals_under_a_steps_running_text_are_announced():
    # Found: 'voorbeeld: Ik vraag de groep en' / 'RONDE 2 keer' silently ended the example and
    # opened a round (the silence meant for 'begeleiding: HR' / 'SESSIE' covered it too).
    for word in SESSION_WORDS:
        for before in ("en", "klaar."):
            keyword_line_holds("veld", before, word.upper(), "2 keer: samen")


def test_session_words_with_a_value_that_looks_like_structure_keep_the_structure_or_say_so():
    # The property of test_structure writes every keyword before 'stellen, of …', which never
    # reads as an opener; here the rest is what an opener holds, in every spelling and case.
    for place in PLACES:
        for word in SESSION_WORDS:
            for written in (word, word.capitalize(), word.upper()):
                for rest in ("2 keer: samen", "10 min", "van 3"):
                    keyword_line_holds(place, "en", written, rest)


# --- nesting written badly ----------------------------------------------------------------------

def nested_openers(count: int) -> str:
    return HEADER + "".join(" " * i + "RONDE 2 keer\n" for i in range(count)) + "stap A\n    duur: 1 min\n"


def test_ten_thousand_nested_openers_stay_linear_and_say_where():
    # Found: each E217 listed the lines of every block around it, 10,000 nested openers took
    # minutes. The text grows with the square of the count (each line is indented one more),
    # so the time may too, but not more.
    def seconds(count):
        text = nested_openers(count)
        start = time.perf_counter()
        diagnostics = check(parse(text))
        return time.perf_counter() - start, diagnostics, len(text)

    small, _, small_size = seconds(500)
    large, diagnostics, large_size = seconds(2000)
    assert large / small < 2 * large_size / small_size
    deep = [d for d in diagnostics if d.code == "E217"]
    assert len(deep) == 2000 - 3
    assert all(d.message.endswith("(regels 6, 7, 8); dieper dan 3 gaat niet.") for d in deep)


def test_ten_thousand_einde_lines_are_one_e104_each():
    text = HEADER + "stap A\n    duur: 1 min\n" + "EINDE\n" * 10_000
    assert codes(text) == ["E104"] * 10_000


def test_block_messages_speak_correct_dutch():
    # Found: 'Deze blok heeft geen stappen', 'Dit is een groepjes in 3 blokken'.
    empty_box = codes_and_messages(HEADER + "BLOK 5 min\nEINDE\nstap A\n    duur: 1 min\n")
    assert ("W212", "Dit blok heeft geen stappen.") in empty_box
    deep = codes_and_messages(HEADER + "RONDE 2 keer\n    RONDE 2 keer\n        RONDE 2 keer\n"
                              "            GROEPJES van 3\n            stap A\n                duur: 1 min\n")
    assert any(code == "E217" and message.startswith("Dit is een blok groepjes in 3 blokken")
               for code, message in deep)


def codes_and_messages(text: str) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in check(parse(text))]
