"""The examples in docs/taalgids.md are werkvorm text an author can copy: each passes `werkvorm check`."""

import re

import pytest

from conftest import ROOT
from werkvorm_dsl import check, parse

GUIDE = ROOT / "docs" / "taalgids.md"
FENCED = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
# A fragment of a session ('stap …', 'RONDE …') is checked inside a minimal werkvorm, with the group
# size the guide's text around it assumes ('1 min per deelnemer'); a block of shell commands or of
# check's output starts otherwise and is no werkvorm text.
FRAGMENT_HEAD = "WERKVORM Voorbeeld\ndeelnemers: 5 tot 8\n\n"
WHOLE = re.compile(r"WERKVORM\b")
SESSION = re.compile(r"SESSIE\b")
SESSION_PART = re.compile(r"(?:stap|RONDE|BLOK|PAUZE|GROEPJES|TWEETALLEN|DRIETALLEN|VIERTALLEN)\b")


def examples() -> list[str]:
    found = []
    for block in FENCED.findall(GUIDE.read_text(encoding="utf-8")):
        if WHOLE.match(block):
            found.append(block)
        elif SESSION.match(block):
            found.append(FRAGMENT_HEAD + block)
        elif SESSION_PART.match(block):
            found.append(FRAGMENT_HEAD + "SESSIE\n" + block)
    return found


def test_the_guide_has_werkvorm_examples_of_the_invitation_and_the_participants_text():
    found = examples()
    assert len(found) >= 10
    assert any("voor deelnemers:" in text for text in found)
    assert any(re.search(r"^datum: ", text, re.M) and re.search(r"^aanmelden: ", text, re.M) for text in found)


@pytest.mark.parametrize("text", examples(), ids=lambda text: text.splitlines()[-1].strip()[:40])
def test_every_werkvorm_example_in_the_guide_passes_the_check(text):
    problems = [f"{d.code} {d.message}" for d in check(parse(text)) if d.is_error]
    assert problems == []


def test_a_planned_example_is_complete_so_its_invitation_can_be_sent():
    """The guide's example with a date shows what a finished invitation needs: check has no W702."""
    planned = [text for text in examples() if re.search(r"^datum: ", text, re.M)]
    assert planned
    for text in planned:
        assert [d.code for d in check(parse(text)) if d.code.startswith("W70")] == []


def test_the_example_check_can_fail():
    broken = examples()[0].replace("duur: 5 min", "duur: vijf minuutjes", 1)
    assert any(d.is_error for d in check(parse(broken)))
