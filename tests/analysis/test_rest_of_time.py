"""'duur: de rest' (issue 24): the plan gives the step what its limit leaves, as the guide says."""

from __future__ import annotations

from fractions import Fraction

import pytest

from werkvorm_dsl.analysis.checks import check
from werkvorm_dsl.analysis.schedule import REST_NOTE, plan
from werkvorm_dsl.language.nodes import SectionKind
from werkvorm_dsl.language.parser import parse
from werkvorm_dsl.language.values import REST_OF_TIME

GUIDE_EXAMPLE = """WERKVORM Gesprek met een rest
duur: {duur}

SESSIE
stap Opening
    duur: 10 min
stap Het gesprek
    duur: {rest}
stap Afsluiting
    duur: 5 min
"""


def minutes_of(text: str) -> dict[str, Fraction]:
    return {slot.title: slot.minutes for slot in plan(parse(text)).leaves}


@pytest.mark.parametrize("rest", sorted(REST_OF_TIME))
def test_every_spelling_of_the_rest_takes_what_the_session_leaves(rest):
    text = GUIDE_EXAMPLE.format(duur="1 uur", rest=rest)
    assert minutes_of(text)["Het gesprek"] == 45
    assert [d.code for d in check(parse(text)) if d.is_error] == []


def test_the_rest_is_noted_in_the_plan_and_the_plan_fills_the_session():
    agenda = plan(parse(GUIDE_EXAMPLE.format(duur="45 tot 60 min", rest="de rest")))
    rest = next(slot for slot in agenda.leaves if slot.title == "Het gesprek")
    assert (rest.minutes, rest.note, rest.estimated) == (45, REST_NOTE, False)
    assert agenda.end == 60


def test_a_rest_that_has_no_room_gets_the_floor_and_the_check_says_e401():
    text = GUIDE_EXAMPLE.format(duur="15 min", rest="de rest")
    assert minutes_of(text)["Het gesprek"] == 1
    assert "E401" in {d.code for d in check(parse(text))}


def test_in_a_blok_the_rest_is_what_the_blok_leaves_and_untimed_steps_keep_their_floor():
    text = """WERKVORM Blok
duur: 1 uur
minimum per stap: 2 min

SESSIE
BLOK 20 min
stap Welkom.
stap Uitleg.
    duur: 5 min
stap Oefenen.
    duur: de rest
EINDE BLOK
"""
    assert minutes_of(text) == {"Welkom.": 2, "Uitleg.": 5, "Oefenen.": 13}
    assert "W403" not in {d.code for d in check(parse(text))}


def test_the_rest_cannot_be_only_when_there_is_time():
    text = GUIDE_EXAMPLE.format(duur="1 uur", rest="de rest, als er tijd is")
    assert [d.code for d in check(parse(text)) if d.is_error] == ["E201"]


def test_a_step_whose_duration_only_starts_with_rest_is_no_rest():
    text = GUIDE_EXAMPLE.format(duur="1 uur", rest="de rest plus 5 min")
    werkvorm = parse(text)
    assert [d.code for d in check(werkvorm) if d.is_error] == ["E201"]
    steps = werkvorm.section(SectionKind.SESSION).steps()
    assert len(steps) == 3 and not any(step.rest for step in steps)
