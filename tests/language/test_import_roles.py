"""The import guesses who does a step written as an instruction ('Vraag de inbrenger …', 'Laat
iedereen …'): the facilitator, as a visible '# importeer:' guess; cases generated from the verb table."""

from __future__ import annotations

import pytest

from werkvorm_dsl.language.import_blocks import blocks_from_text
from werkvorm_dsl.language.import_cues import FACILITATOR_VERBS
from werkvorm_dsl.language.import_draft import draft_from_blocks
from werkvorm_dsl.language.parser import parse

HEAD = "Een werkvorm\n\nDuur: 30 minuten\n\nUitvoering\n\n"


def imported_step(line: str):
    draft = draft_from_blocks(blocks_from_text(HEAD + f"1. {line} (10 min)\n"), "Een werkvorm")
    werkvorm = parse(draft.text)
    (session,) = [section for section in werkvorm.sections if getattr(section, "parts", None)]
    return draft, session.parts[0]


@pytest.mark.parametrize("verb", sorted(FACILITATOR_VERBS))
def test_an_instruction_to_the_facilitator_gets_the_facilitator_as_a_visible_guess(verb):
    draft, step = imported_step(f"{verb.capitalize()} de groep wat er nu nodig is.")
    assert step.roles == ("begeleider",)
    guess = f"# importeer: 'wie: begeleider' heb ik geraden, omdat de stap begint met '{verb.capitalize()}'"
    assert guess in draft.text and any("geraden" in note for note in draft.notes)


@pytest.mark.parametrize(
    "line",
    [
        "Vraag 1 gaat over de casus.",  # a noun, no instruction
        "Noteer de punten op een geeltje.",  # a participant may be told this too
        "Vertel elkaar wat u meeneemt.",
        "Laat.",
    ],
)
def test_other_openings_get_no_guessed_role(line):
    draft, step = imported_step(line)
    assert step.roles == () and "geraden" not in draft.text


def test_a_named_subject_still_wins_over_the_verb():
    _, step = imported_step("De deelnemers vragen door.")
    assert step.roles == ("deelnemers",)
