"""`werkvorm nieuw` teaches the newer parts of the language: 'voor deelnemers:' at the steps and the
invitation's facts, as comments an author can switch on by removing the '#'."""

import re

from werkvorm_dsl import check, parse
from werkvorm_dsl.analysis import invitation
from werkvorm_dsl.app.nieuw import text_for
from werkvorm_dsl.language.nodes import SectionKind

INVITATION_FACTS = ("plaats", "afzender", "aanmelden", "datum", "begintijd")
COMMENTED_FACT = re.compile(rf"^# ((?:{'|'.join(INVITATION_FACTS)}): )", re.MULTILINE)


def starter() -> str:
    return text_for("intervisie-over-feedback.werkvorm", "Intervisie over feedback")


def test_every_session_step_of_the_starter_has_text_for_participants():
    werkvorm = parse(starter())
    steps = werkvorm.section(SectionKind.SESSION).steps()
    assert steps and all(step.for_participants is not None and step.for_participants.text.strip() for step in steps)
    assert check(werkvorm) == []  # and so no I703 either


def test_the_starter_explains_voor_deelnemers_in_a_comment():
    comments = "\n".join(line for line in starter().splitlines() if line.startswith("#"))
    assert "'voor deelnemers:'" in comments and "hand-out" in comments


def test_the_starter_shows_each_invitation_fact_as_a_comment_to_switch_on():
    text = starter()
    assert sorted(found.rstrip(": ") for found in COMMENTED_FACT.findall(text)) == sorted(INVITATION_FACTS)
    werkvorm = parse(text)
    assert all(werkvorm.fact(key) is None for key in INVITATION_FACTS)  # off until the author says so
    assert "[invullen: …]" in text  # says what the invitation shows for what is left out


def test_switched_on_the_invitation_facts_make_a_complete_planned_invitation():
    werkvorm = parse(COMMENTED_FACT.sub(r"\1", starter()))
    assert all(werkvorm.fact(key) is not None for key in INVITATION_FACTS)
    assert invitation.is_planned(werkvorm) and invitation.missing_facts(werkvorm) == []
    problems = check(werkvorm)
    assert not any(d.is_error for d in problems)
    # what is left is what the comment promises: check names the choices a planned session must make
    assert {d.code for d in problems} == {"W702"}
    assert {d.span.line for d in problems} == {werkvorm.fact("vorm").span.line, werkvorm.fact("begeleiding").span.line}
