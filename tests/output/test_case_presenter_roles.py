"""One table decides who brings a case; the invitation asks for one for each role in it, and the guide lists it."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from werkvorm_dsl.language.keywords import CASE_PRESENTER_ROLES, ROLES
from werkvorm_dsl.language.source import Source
from werkvorm_dsl.output.documents.uitnodiging import BRING_A_CASE
from werkvorm_dsl.pipeline import BuildOptions, build, check_source


def invitation_of(text: str) -> str:
    checked = check_source(Source("rollen.werkvorm", text, ()))
    files = build(checked, BuildOptions(only=("uitnodiging",), formats=frozenset({"md"}))).files
    return " ".join(files["uitnodiging.md"].decode("utf-8").split())


def werkvorm_with(role: str, field: str) -> str:
    declared = "" if role in ROLES else f"rollen: {role}, adviseurs\n"
    return (
        f"WERKVORM Rollen\nduur: 20 min\ndoel: Leren van elkaar.\n{declared}\nSESSIE\n"
        f"stap Vertellen\n    duur: 10 min\n    {field}: {role}\n    voor deelnemers: Iemand vertelt.\n"
        "stap Adviseren\n    duur: 10 min\n    wie: deelnemers\n    voor deelnemers: De anderen adviseren.\n"
    )


@pytest.mark.parametrize("field", ["wie", "afwezig"])
@pytest.mark.parametrize("role", CASE_PRESENTER_ROLES)
def test_every_case_presenter_role_makes_the_invitation_ask_for_a_case(role, field):
    assert " ".join(BRING_A_CASE.split()) in invitation_of(werkvorm_with(role, field))


@pytest.mark.parametrize("role", ["adviseurs", "tijdbewaker", "begeleider", "deelnemers"])
def test_a_role_outside_the_table_asks_for_no_case(role):
    assert " ".join(BRING_A_CASE.split()) not in invitation_of(werkvorm_with(role, "wie"))


def test_the_guide_lists_exactly_the_table():
    guide = (ROOT / "docs" / "taalgids.md").read_text(encoding="utf-8")
    table = guide.split("**Wie brengt een casus in?**", 1)[1].split("\n\n", 2)[1]
    assert tuple(re.findall(r"^\| `([^`]+)` \|", table, re.MULTILINE)) == CASE_PRESENTER_ROLES
