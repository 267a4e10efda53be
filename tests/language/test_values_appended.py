"""Text appended to a value never silently changes it (issue 20, item 2).

For every place a value stands and every documented spelling in the forms tables (values.py), the
spelling with something appended (a word, a '+', a second number, punctuation) is read as the
value the guide documents for it, or gives a diagnostic about the value on that line, whose tip's
examples are valid there. The few appended words the guide gives a meaning are in MEANINGS; every
other addition leaves the value as it was, or is refused."""

from __future__ import annotations

import re
import string
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_values_whole import PLACES, Place, bad_tips, documented_forms, value_problems

from werkvorm_dsl import parse
from werkvorm_dsl.language import ast_builder, values
from werkvorm_dsl.language.nodes import Count, RepeatKind


def _at_least(count):
    """'6' + '+' is 'at least 6' (the guide, Tijden); a range or a bound gets no '+'."""
    if isinstance(count, Count) and count.low == count.high and not count.no_maximum:
        return Count(count.low, count.low, True)
    return None


def _per_participant(step):
    duration, optional = step
    return None if duration.per_participant else (replace(duration, per_participant=True), optional)


def _per_person_round(round_):
    kind, times, optional = round_
    if kind is not RepeatKind.TIMES or times is None:
        return None
    return RepeatKind.PER_PERSON, None if times == Count(1, 1) else times, optional


def _optional(read):
    return (*read[:-1], True)


# The appended words the guide gives a meaning, by place: what they make of the documented value
# (None: no meaning there, so the value stays or is refused).
MEANINGS = {
    "+": {"deelnemers": _at_least},
    " of meer": {"deelnemers": _at_least},
    " pp": {"stap": _per_participant, "RONDE": _per_person_round},
    " optioneel": {"stap": _optional, "RONDE": _optional, "GROEPJES": _optional, "BLOK": _optional},
}
KNOWN_WORDS = sorted(
    set(values.NUMBER_WORDS)
    | set(values.UNITS)
    | set(values.TIME_WORDS)
    | set(values.HALVES)
    | values.FILLER
    | values.CONNECTORS
    | values.RANGE_WORDS
    | values.PER_WORDS
    | values.PERSON_NOUNS
    | values.AT_LEAST_WORDS
    | values.AT_MOST_WORDS
    | values.TIMES_WORDS
    | values.GROUP_WORDS
    | set(values.PARTICIPANT_NOUNS)
    | set(values.GROUP_NOUNS)
    | {word for words in values.BOUND_WORDS.values() for word in words}
    | {"van", "in", "zo", "vaak", "als", "de", "tijd", "toelaat", "uur", "u"}
)
MEANINGFUL = {suffix.strip() for suffix in MEANINGS} | {"meer", "optional", "p"}

word = st.text(string.ascii_lowercase + "ëé'", min_size=1, max_size=9)
unknown_word = word.filter(lambda w: w not in KNOWN_WORDS and w.strip("'") not in MEANINGFUL)
known_word = st.sampled_from([w for w in KNOWN_WORDS if w not in MEANINGFUL])
punctuation = st.sampled_from(list("!?.,;:()-/*=<>≥≤~±…'\"&%#[]") + ["..", " -", " (", " )", " .", " ,"])
number = st.one_of(
    st.integers(0, 120).map(lambda n: f" {n}"),
    st.sampled_from([",5", " 1.000", " 2,500", " 3,5", " vijf", " zestien", " twenty-one"]),
)
piece = st.one_of(unknown_word.map(" ".__add__), known_word.map(" ".__add__), number, punctuation, st.just("+"))
# One piece, then perhaps punctuation: two words or numbers may rightly make another value ('6' and
# ' tot 8'), which is no longer text appended to a value but another value.
appended = st.tuples(piece, st.one_of(st.just(""), punctuation)).map("".join)
cases = st.sampled_from(documented_forms())


def with_suffix(form: str, suffix: str) -> str:
    """The form with the text appended. A form that is only a keyword ('TWEETALLEN') has its value
    after a space: glued on ('TWEETALLEN!') it makes another first word, which is whether a line is
    structure at all (a near miss of a keyword), not how a value is read."""
    return form + suffix if " " in form or not form.isupper() else f"{form} {suffix.lstrip()}"


def verdict(place: Place, form: str, documented: object, suffix: str) -> str | None:
    """None when the form with `suffix` is read as documented or refused on its line with valid
    tips; otherwise what went wrong."""
    written = with_suffix(form, suffix)
    text = place.text(written)
    problems = value_problems(text, place.line)
    if problems:
        wrong = bad_tips(place, written)
        return f"tips that do not help: {wrong}" if wrong else None
    # a full stop after the appended word ends the sentence, and changes nothing (the guide)
    meaning = MEANINGS.get(suffix.removesuffix("."), {}).get(place.name)
    expected = meaning(documented) if meaning else documented
    read = place.read(parse(text))
    if read != expected:
        return f"{place.name}: {written!r} was read silently as {read!r}, documented {expected!r}"
    return None


@given(cases, appended)
def test_appended_text_is_read_as_documented_or_refused_on_its_line(case, suffix):
    place, form, documented = case
    assert verdict(place, form, documented, suffix) is None


@pytest.mark.parametrize("suffix", sorted(MEANINGS))
def test_every_appended_meaning_is_read_where_the_guide_gives_it(suffix):
    for place, form, documented in documented_forms():
        assert verdict(place, form, documented, suffix) is None


@pytest.mark.parametrize("suffix", ["+", "!", " 3", " extra", ".", " ongeveer", " 1.000", " kwartier"])
def test_the_measured_appendings_in_every_place(suffix):
    """The measured kinds of appended text, for every documented form: not a sample, all of them."""
    wrong = [verdict(place, form, documented, suffix) for place, form, documented in documented_forms()]
    assert [w for w in wrong if w] == []


# --- the control: readers that drop a part they do not know are caught -------------------------


def dropping(read, pattern: str):
    """A reader as they were: a part of the value dropped before reading ('4+' read as 4, '2 keer per
    deelnemer' as 'per deelnemer', '5 min pp' as 5 min)."""

    def lenient(text: str):
        return read(re.sub(pattern, "", text))

    return lenient


@pytest.mark.parametrize(
    "name, place, pattern, form, suffix",
    [
        ("parse_participants", "deelnemers", r"[^\w\s,.-]", "6", "+"),
        ("parse_step_duration", "stap", r"\s*\bpp$", "5 min", " pp"),
        ("parse_repeat", "RONDE", r"^.*?\b(?=pp$|per\b)", "3 keer", " pp"),
    ],
)
def test_the_property_catches_a_reader_that_drops_part_of_a_value(monkeypatch, name, place, pattern, form, suffix):
    documented = next(d for p, f, d in documented_forms() if p.name == place and f == form)
    assert verdict(PLACES[place], form, documented, suffix) is None
    monkeypatch.setattr(ast_builder, name, dropping(getattr(values, name), pattern))
    assert "read silently" in (verdict(PLACES[place], form, documented, suffix) or "")


# --- any text at all: a reader answers with a value or a ValueProblem, never with a crash ----------

READERS = [
    values.parse_duration,
    values.parse_step_duration,
    values.parse_session_duration,
    values.parse_fixed_duration,
    values.parse_floor,
    values.parse_participants,
    values.parse_repeat,
    values.group_line,
    values.parse_clock,
    values.parse_date,
]
value_like = st.lists(
    st.one_of(st.sampled_from(KNOWN_WORDS + sorted(MEANINGFUL)), st.integers(0, 2000).map(str), punctuation, word),
    max_size=8,
).map(" ".join)


@given(st.sampled_from(READERS), st.one_of(st.text(max_size=40), value_like))
def test_a_reader_answers_any_text_with_a_value_or_a_value_problem(reader, text):
    try:
        reader(text)
    except values.ValueProblem as problem:
        assert str(problem)
