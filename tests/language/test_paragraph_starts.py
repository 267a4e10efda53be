"""Paragraph starts are covered like continuation lines (issue 20, item 5).

1. Every keyword word and alias of the table, in lower case and capitalised, followed by ordinary
   prose, at every place where a paragraph can start (after a blank line, directly under every
   one-line field, under a step, under a heading, under a block's opening line at each nesting
   depth, in the introduction): the structure equals that with a neutral word there, or a
   diagnostic points at the line.
2. Every field word as the first word of a sentence with a colon (`Rollen: één casusinbrenger …`)
   is prose, or a field with every word of it shown in the draaiboek, or a diagnostic points at the
   line: never a field whose text no output shows.

The places and the words are generated from the keyword table (a new keyword, a new one-line field
or a new block is covered without a new test). `make test` runs a derandomised sample and a sweep in
which every spelling and every place comes once; `make fuzz` runs the sample much longer.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from werkvorm_dsl import check, parse
from werkvorm_dsl.analysis.schedule import plan
from werkvorm_dsl.language.export import to_data
from werkvorm_dsl.language.keywords import KEYWORDS, Shape
from werkvorm_dsl.output import registry
from werkvorm_dsl.output.registry import BuildContext

SPELLINGS = sorted({w for kw in KEYWORDS for words in kw.words.values() for w in words})
NEUTRAL = "tekst"
RESTS = (
    "bedenken ideeën en bouwen voort op elkaars ideeën.",
    "voor stap lopen we de casus door.",
    "en de overige groepsleden luisteren mee.",
    "is voor iedereen een goed moment om te stoppen.",
    ", daarna bespreekt de hele groep de casus.",
)
SENTENCE = "één casusinbrenger en de overige groepsleden. Een aparte gespreksleider wordt niet genoemd."

# A value for each one-line field, so that a line can stand directly under it. Fields that take any
# text get 'tekst'; a test keeps this a cover of the table's one-line fields.
VALUES = {
    "DURATION": "10 min",
    "PARTICIPANTS": "4 tot 8",
    "START_TIME": "14:00",
    "FLOOR": "2 min",
    "DATE": "3 december 2026",
    "TIME_BOX": "8 min",
    "WHO": "deelnemers",
    "ABSENT": "casusinbrenger",
    "QUESTIONS_REF": "doorvragen",
    "LINK": "https://example.org",
}
ONE_LINE_FIELDS = [kw for kw in KEYWORDS if kw.shape is Shape.FIELD and not kw.continues and kw.terminal != "TITLE"]
QUESTIONS = "\nVRAGEN doorvragen: Zo vraag je door\n- Wat deed je?\n"


def field_line(keyword, indent: str = "") -> str:
    return f"{indent}{keyword.canonical}: {VALUES.get(keyword.terminal, 'tekst')}\n"


# --- the places where a paragraph starts ---------------------------------------------------------

HEAD = "WERKVORM Proef\nduur: 2 uur\ndeelnemers: 4 tot 8\n"
STEP = "stap Opening\n    duur: 10 min\n"
BLOCKS = ("RONDE 2 keer", "GROEPJES van 3", "BLOK 30 min")
ENDS = {"RONDE 2 keer": "EINDE RONDE", "GROEPJES van 3": "EINDE GROEPJES", "BLOK 30 min": "EINDE BLOK"}


def _nested(depth: int, inner: str) -> str:
    """`inner` inside `depth` blocks, each opener indented four further than the one around it."""
    for level in range(depth, 0, -1):
        pad = "    " * (level - 1)
        opener = BLOCKS[(level - 1) % len(BLOCKS)]
        inner = f"{pad}{opener}\n{inner}{pad}{ENDS[opener]}\n"
    return inner


def _session(body: str) -> str:
    return f"{HEAD}\nSESSIE\n{body}stap Slot\n    duur: 5 min\n{QUESTIONS}"


@lru_cache(maxsize=1)
def places() -> dict[str, str]:
    """Every place a paragraph can start, as a werkvorm with {line} where it starts."""
    found = {
        "inleiding na een lege regel": f"{HEAD}\n{{line}}\n\nSESSIE\n{STEP}{QUESTIONS}",
        "direct onder de titel": f"WERKVORM Proef\n{{line}}\n\nSESSIE\n{STEP}{QUESTIONS}",
        "onder SESSIE": f"{HEAD}\nSESSIE\n{{line}}\n\n{STEP}{QUESTIONS}",
        "onder VOORBEREIDING": f"{HEAD}\nVOORBEREIDING\n{{line}}\n\nstap Nodig uit.\n\nSESSIE\n{STEP}{QUESTIONS}",
        "onder een stap": _session("stap Opening\n    {line}\n    duur: 10 min\n"),
        "in een stap na een lege regel": _session(f"{STEP}    Uitleg.\n\n    {{line}}\n"),
        "onder een stap in VOORBEREIDING": f"{HEAD}\nVOORBEREIDING\nstap Nodig uit.\n    {{line}}\n\nSESSIE\n{STEP}",
        "onder PAUZE": _session(f"{STEP}PAUZE 10 min\n{{line}}\n\n"),
        "onder SUGGESTIES": f"{HEAD}\nSESSIE\n{STEP}\nSUGGESTIES\n{{line}}\n- Herhaal het.\n",
    }
    for keyword in ONE_LINE_FIELDS:
        name = keyword.canonical
        found[f"bovenaan direct onder {name}:"] = f"{HEAD}{field_line(keyword)}{{line}}\n\nSESSIE\n{STEP}{QUESTIONS}"
        found[f"in een stap direct onder {name}:"] = _session(
            f"stap Opening\n{field_line(keyword, '    ')}    {{line}}\n"
        )
    for depth in (1, 2, 3):
        pad = "    " * depth
        found[f"onder een blok op diepte {depth}"] = _session(_nested(depth, f"{pad}{{line}}\n{pad}{STEP}"))
        found[f"onder een stap op diepte {depth}"] = _session(
            _nested(depth, f"{pad}stap Opening\n{pad}    {{line}}\n{pad}    duur: 2 min\n")
        )
        found[f"in een stap op diepte {depth} na een lege regel"] = _session(
            _nested(depth, f"{pad}stap Opening\n{pad}    duur: 2 min\n{pad}    Uitleg.\n\n{pad}    {{line}}\n")
        )
        found[f"onder tijdvak: op diepte {depth}"] = _session(
            _nested(
                depth - 1,
                f"{pad[4:]}RONDE 2 keer\n{pad}tijdvak: 8 min\n{pad}{{line}}\n{pad}{STEP}{pad[4:]}EINDE RONDE\n",
            )
        )
    return found


def fill(place: str, line: str) -> str:
    return places()[place].replace("{line}", line)


def line_number(place: str) -> int:
    return places()[place].split("{line}")[0].count("\n") + 1


# --- what a werkvorm is made of ------------------------------------------------------------------


def _ast(text: str):
    def strip(data):
        if isinstance(data, dict):
            return {k: strip(v) for k, v in data.items() if not k.endswith("span") and k != "filename"}
        if isinstance(data, list):
            return [strip(item) for item in data]
        return "str" if isinstance(data, str) else data

    return strip(to_data(parse(text)))


def shape(text: str):
    """The structure: node types and keys, none of the author's text."""
    return _ast(text)


def lines_with_diagnostics(text: str) -> set[int]:
    return {d.span.line for d in check(parse(text))}


def draaiboek(text: str) -> str:
    werkvorm = parse(text)
    context = BuildContext(werkvorm, plan(werkvorm, "09:00"), "proef", datetime.date(2026, 12, 3), ".", 0)
    return registry.get("draaiboek").render(context).files["md"]


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


# --- 1. keyword words followed by prose ----------------------------------------------------------


FIELD_WORDS = frozenset(w for kw in KEYWORDS if kw.shape is Shape.FIELD for words in kw.words.values() for w in words)


def said_on(text: str, neutral: str, line: int) -> bool:
    """Whether a diagnostic points at the line that the neutral word there does not bring."""
    return bool(codes_on(text, line) - codes_on(neutral, line))


def codes_on(text: str, line: int) -> set[str]:
    return {d.code for d in check(parse(text)) if d.span.line == line}


def neutral_for(word: str) -> str:
    return NEUTRAL.capitalize() if word[:1].isupper() else NEUTRAL


def keyword_start_holds(place: str, word: str, rest: str) -> None:
    joiner = "" if rest[:1] in ",." else " "
    text, neutral = fill(place, f"{word}{joiner}{rest}"), fill(place, f"{neutral_for(word)}{joiner}{rest}")
    if shape(text) == shape(neutral) or said_on(text, neutral, line_number(place)):
        return
    # 'N.b. de groep …' is a note, as the guide has it: a field, so every word of it must be shown
    assert word.lower() in FIELD_WORDS, f"silent structure change {place}:\n{text}"
    assert_shown(text, rest, f"'{word}' at {place}")


def assert_shown(text: str, sentence: str, where: str) -> None:
    """Every word of `sentence` is in the draaiboek of `text` (unless an error keeps it from being made)."""
    if any(d.is_error for d in check(parse(text))):
        return  # nothing is built: the error says what to fix
    shown = set(words(draaiboek(text)))
    missing = [w for w in words(sentence) if w not in shown]
    assert not missing, f"{where} hides {missing}:\n{text}"


def test_the_neutral_word_leaves_every_place_without_a_diagnostic_there():
    """The places are sound: a sentence there is just text. (In lower case right under a step it
    reads as the tail of the title, W115; the property compares with the neutral word's own codes.)"""
    for place in places():
        text = fill(place, f"{NEUTRAL.capitalize()} {RESTS[0]}")
        assert line_number(place) not in lines_with_diagnostics(text), (place, text)


def test_every_one_line_field_has_a_place():
    assert set(VALUES) <= {kw.terminal for kw in ONE_LINE_FIELDS}
    assert all(f"in een stap direct onder {kw.canonical}:" in places() for kw in ONE_LINE_FIELDS)


def sweep() -> list[tuple[str, str, str]]:
    """Every spelling, lower case and capitalised, once; every place and every prose start, round robin."""
    names = list(places())
    cases = []
    for index, spelling in enumerate(SPELLINGS):
        for case, word in enumerate((spelling, spelling[:1].upper() + spelling[1:])):
            n = 2 * index + case
            cases.append((names[n % len(names)], word, RESTS[n % len(RESTS)]))
    return cases


def test_every_keyword_word_at_a_paragraph_start_keeps_the_structure_or_says_so():
    for place, word, rest in sweep():
        keyword_start_holds(place, word, rest)


@given(
    st.sampled_from(sorted(places())),
    st.sampled_from(SPELLINGS),
    st.booleans(),
    st.sampled_from(RESTS),
)
def test_keyword_words_at_any_paragraph_start_keep_the_structure_or_say_so(place, spelling, capital, rest):
    word = spelling[:1].upper() + spelling[1:] if capital else spelling
    keyword_start_holds(place, word, rest)


def test_the_paragraph_start_property_can_fail():
    """A keyword line that is structure, and says nothing, fails it: the property tests something."""
    with pytest.raises(AssertionError):
        keyword_start_holds("in een stap na een lege regel", "stap", "Casus kiezen")


# --- the cases of the issue ------------------------------------------------------------------------


def test_tweetallen_as_the_start_of_a_sentence_under_wie_is_named():
    text = _session(
        "stap Ideeën\n    duur: 10 min\n    wie: deelnemers\n    Tweetallen bedenken ideeën en bouwen voort.\n"
    )
    line = text.split("\n").index("    Tweetallen bedenken ideeën en bouwen voort.") + 1
    assert line in lines_with_diagnostics(text)


# --- 2. field words with a colon as the start of a sentence ----------------------------------------

FIELD_SPELLINGS = sorted(
    {(kw.terminal, w) for kw in KEYWORDS if kw.shape is Shape.FIELD for words in kw.words.values() for w in words}
)


def field_start_holds(place: str, word: str) -> None:
    text, neutral = fill(place, f"{word}: {SENTENCE}"), fill(place, f"{neutral_for(word)}: {SENTENCE}")
    if shape(text) == shape(neutral) or said_on(text, neutral, line_number(place)):
        return
    assert_shown(text, SENTENCE, f"'{word}:' at {place}")


def field_sweep() -> list[tuple[str, str]]:
    names = list(places())
    return [
        (names[(3 * index + case) % len(names)], word)
        for index, (_, spelling) in enumerate(FIELD_SPELLINGS)
        for case, word in enumerate((spelling, spelling[:1].upper() + spelling[1:]))
    ]


def test_every_field_word_with_a_colon_starting_a_sentence_is_shown_or_said():
    for place, word in field_sweep():
        field_start_holds(place, word)


@given(st.sampled_from(sorted(places())), st.sampled_from(FIELD_SPELLINGS), st.booleans())
def test_field_words_with_a_colon_anywhere_are_shown_or_said(place, field, capital):
    _, spelling = field
    field_start_holds(place, spelling[:1].upper() + spelling[1:] if capital else spelling)


def test_the_field_start_property_can_fail(monkeypatch):
    """A field whose words the draaiboek leaves out fails it: the property tests something."""
    import sys

    monkeypatch.setattr(sys.modules[__name__], "draaiboek", lambda text: "")
    with pytest.raises(AssertionError):
        field_start_holds("inleiding na een lege regel", "Rollen")
