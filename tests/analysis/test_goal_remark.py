"""I704: a werkvorm without 'doel:' is named, as a remark that never fails `--strict`."""

from __future__ import annotations

import pytest

from conftest import ROOT
from werkvorm_dsl import parse
from werkvorm_dsl.analysis import invitation
from werkvorm_dsl.analysis.checks import check
from werkvorm_dsl.language.diagnostics import Severity

SESSION = "\nSESSIE\nstap Open.\n    duur: 30 min\n    voor deelnemers: We beginnen.\n"
EXAMPLE = "\nVOORBEREIDING\nstap Stuur de uitnodiging.\n    voorbeeld: 'We praten over samenwerken.'\n"
PLANNED = (
    "datum: 3 december 2026\nbegintijd: 14:00\nplaats: Stadhuis\nafzender: Els, secretaris\naanmelden: hr@gemeente.nl\n"
)


def found(text: str, code: str):
    return [d for d in check(parse(text, "p.werkvorm")) if d.code == code]


def test_without_goal_or_example_the_remark_names_the_invitations_placeholder():
    (remark,) = found("WERKVORM Zonder doel\nduur: 30 min\n" + SESSION, "I704")
    assert remark.severity is Severity.INFO and (remark.span.line, remark.span.column) == (1, 1)
    assert invitation.placeholder(invitation.MISSING_ABOUT.what) in remark.message
    assert f"'{invitation.MISSING_ABOUT.how}'" in remark.hint


def test_with_an_example_the_remark_says_the_invitation_uses_it():
    (remark,) = found("WERKVORM Met voorbeeld\nduur: 30 min\n" + EXAMPLE + SESSION, "I704")
    assert "voorbeeld" in remark.message and "[invullen" not in remark.message


@pytest.mark.parametrize("goal", ["doel: Leren van elkaar.", "goal: Learn from each other."])
def test_a_goal_in_either_language_silences_it(goal):
    assert found(f"WERKVORM Met doel\nduur: 30 min\n{goal}\n" + SESSION, "I704") == []


def test_a_planned_session_without_anything_about_it_is_w702_and_not_also_i704():
    text = "WERKVORM Gepland\nduur: 30 min\n" + PLANNED + SESSION
    assert found(text, "I704") == []
    (warning,) = found(text, "W702")
    assert invitation.MISSING_ABOUT.what in warning.message and invitation.MISSING_ABOUT.how in warning.hint
    # with an example the invitation is complete; only the hand-out misses the goal
    with_example = "WERKVORM Gepland\nduur: 30 min\n" + PLANNED + EXAMPLE + SESSION
    assert found(with_example, "W702") == [] and len(found(with_example, "I704")) == 1


def test_no_werkvorm_of_formats_or_the_good_corpus_gets_more_than_a_remark_for_it_even_when_strict():
    paths = sorted((ROOT / "formats").glob("*.werkvorm")) + sorted((ROOT / "tests/data/good").glob("*.werkvorm"))
    remarks = [d for p in paths for d in check(parse(p.read_text(encoding="utf-8"), str(p)), True) if d.code == "I704"]
    assert remarks, "the corpus has werkvormen without a goal: they are named"
    assert {d.severity for d in remarks} == {Severity.INFO}
