"""The W402/W408 tip names only what makes the longest way longer in this werkvorm ('rondes' only with rounds)."""

from __future__ import annotations

import pytest

from werkvorm_dsl import parse
from werkvorm_dsl.analysis.checks import check

# What makes a longest way longer than the shortest, each as a session that overruns 10 min by it
# alone, with the words the tip must use for it.
CAUSES = {
    "reeks": ("stap Praten\n    duur: 5 tot 15 min\n", "reeks kleiner (zoals '5 tot 15 min' bij 'praten')"),
    "rondes": ("RONDE 1 tot 3 keer\nstap Praten\n    duur: 5 min\nEINDE RONDE\n", "neem minder rondes"),
    "groep": ("stap Praten\n    duur: 1 min per deelnemer\n", "maak de groep kleiner"),
    "als er tijd is": ("stap Praten\n    duur: 5 min\nstap Meer\n    duur: 10 min, als er tijd is\n", "als er tijd is"),
}
WORDS = {"reeks": "reeks", "rondes": "rondes", "groep": "groep", "als er tijd is": "'als er tijd is'"}
HEADER = "WERKVORM Proef\nduur: 10 min\ndoel: Oefenen.\ndeelnemers: 4 tot 12\n\nSESSIE\n"


def tip(code: str, text: str) -> str:
    (found,) = [d for d in check(parse(text, "p.werkvorm")) if d.code == code]
    return found.hint


@pytest.mark.parametrize("cause", CAUSES)
def test_the_session_tip_names_the_cause_and_no_other(cause):
    session, said = CAUSES[cause]
    hint = tip("W402", HEADER + session)
    assert said in hint.lower() and hint.endswith(", of maak de totale duur langer.")
    for other, word in WORDS.items():
        if other != cause:
            assert word not in hint, (cause, other, hint)


@pytest.mark.parametrize("cause", CAUSES)
def test_the_time_box_tip_names_the_cause_inside_it_and_no_other(cause):
    session, said = CAUSES[cause]
    boxed = "BLOK 10 min\n" + "".join(f"    {line}\n" if line else "\n" for line in session.splitlines()) + "EINDE\n"
    hint = tip("W408", HEADER.replace("duur: 10 min", "duur: 1 uur") + boxed)
    assert said in hint.lower() and ", of maak het tijdvak " in hint
    for other, word in WORDS.items():
        if other != cause:
            assert word not in hint, (cause, other, hint)


def test_several_causes_are_named_together():
    hint = tip("W402", HEADER + CAUSES["reeks"][0] + CAUSES["rondes"][0])
    assert "reeks kleiner" in hint and "neem minder rondes" in hint
