"""A choice by group size (KEUZE … BIJ …): the check of its numbers, and its time for each number.

The numbers after BIJ are written as 'deelnemers:' is; the cases below write every form of the guide
('maximaal 12', '13 tot 40', '13 of meer', 'vanaf 13', '12') for a few numbers, two ways at a time."""

from __future__ import annotations

import itertools
import tomllib
from fractions import Fraction

import pytest

from conftest import ROOT
from werkvorm_dsl import check, parse
from werkvorm_dsl.analysis.choices import decided
from werkvorm_dsl.analysis.timing import compute
from werkvorm_dsl.language.nodes import Count

PARTICIPANTS = (4, 10)  # 'deelnemers: 4 tot 10' above every case
# (the words after BIJ, the numbers they hold up to 99)
FORMS = [
    ("maximaal {a}", lambda a, b: range(1, a + 1)),
    ("{a} tot {b}", lambda a, b: range(a, b + 1)),
    ("{a} of meer", lambda a, b: range(a, 100)),
    ("vanaf {a}", lambda a, b: range(a, 100)),
    ("{a}", lambda a, b: range(a, a + 1)),
]
NUMBERS = [(3, 5), (6, 8), (9, 12), (11, 30)]
WAYS = [(form.format(a=a, b=b), set(held(a, b))) for form, held in FORMS for a, b in NUMBERS]


def text_of(first: str, second: str) -> str:
    return (
        f"WERKVORM Keuze\nduur: 1 uur\ndeelnemers: {PARTICIPANTS[0]} tot {PARTICIPANTS[1]}\n\nSESSIE\n"
        f"KEUZE naar het aantal deelnemers\nBIJ {first} deelnemers\nstap Een.\n    duur: 10 min\n"
        f"BIJ {second} deelnemers\nstap Twee.\n    duur: 20 min\nEINDE KEUZE\n"
    )


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(WAYS, 2)), ids=lambda way: way[0])
def test_two_ways_get_e228_e229_and_w230_exactly_when_their_numbers_say_so(first, second):
    (one, held_one), (two, held_two) = first, second
    codes = {d.code for d in check(parse(text_of(one, two)))}
    wanted = set(range(PARTICIPANTS[0], PARTICIPANTS[1] + 1))
    assert ("E228" in codes) == bool(held_one & held_two), codes
    assert ("E229" in codes) == bool(wanted - held_one - held_two), codes
    assert ("W230" in codes) == (not held_one & wanted or not held_two & wanted), codes


def test_a_way_is_timed_with_the_numbers_it_is_for():
    werkvorm = parse(text_of("maximaal 6", "7 of meer"))
    timing = compute(werkvorm)
    assert (timing.shortest, timing.longest) == (10, 20)
    assert [(count.low, count.high) for count, _ in timing.by_size] == [(4, 6), (7, 10)]


SHAPES = tomllib.loads((ROOT / "tests/data/timing-shapes.toml").read_text(encoding="utf-8"))["shape"]
CHOICES = [shape for shape in SHAPES if "KEUZE" in shape["text"] and "shortest" in shape]


def shape_werkvorm(shape: dict):
    from test_timing_shapes import werkvorm_text

    return parse(werkvorm_text(shape), f"{shape['id']}.werkvorm")


def test_the_table_has_choices_with_and_without_participants():
    assert len(CHOICES) >= 5
    assert any("deelnemers" not in shape for shape in CHOICES)


@pytest.mark.parametrize("shape", CHOICES, ids=lambda shape: shape["id"])
def test_the_session_decided_for_a_number_takes_as_long_as_the_check_says_for_that_number(shape):
    """The documents for '--deelnemers N' are made from the session with each KEUZE decided for N:
    it must take what the check computes for N, and the check's figures are the extremes over N."""
    werkvorm = shape_werkvorm(shape)
    persons = werkvorm.participants
    numbers = range(persons.low, persons.high + 1) if persons is not None else range(1, 21)
    shortest, longest = [], []
    for number in numbers:
        alone = Count(number, number)
        expected = compute(werkvorm, alone)
        held = compute(decided(werkvorm, number), alone)
        assert (held.shortest, held.longest) == (expected.shortest, expected.longest), number
        if expected.by_size and expected.by_size[0][0].low <= number:  # a number some way is for
            shortest.append(expected.shortest)
            longest.append(expected.longest)
    assert (min(shortest), max(longest)) == (Fraction(str(shape["shortest"])), Fraction(str(shape["longest"])))


def test_a_length_shared_by_many_sizes_is_said_once():
    """W402 names the longest way of the sizes that do not fit: '(65 min)', not '(65, 65, … of 65 min)'."""
    text = (
        "WERKVORM Keuze\nduur: 30 min\ndeelnemers: 4 tot 20\n\nSESSIE\n\nKEUZE naar het aantal deelnemers\n"
        "BIJ 4 tot 10 deelnemers: samen\n    stap Gesprek\n        duur: 20 min\n"
        "BIJ 11 tot 20 deelnemers: in groepjes\n    stap Gesprek in groepjes\n        duur: 60 min\nEINDE KEUZE\n"
        "\nstap Afsluiting\n    duur: 5 min\n"
    )
    (w402,) = [d for d in check(parse(text, "k.werkvorm")) if d.code == "W402"]
    assert "bij 11 tot en met 20 niet (65 min)." in w402.message
