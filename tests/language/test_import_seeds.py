"""The seed texts imported as they are: drafts that pass check, keep every word, and have the seed's steps."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from importing import minutes, missing_words, session_steps
from werkvorm_dsl.language.import_blocks import blocks_from_text
from werkvorm_dsl.language.import_draft import draft_from_blocks
from werkvorm_dsl.language.parser import parse
from werkvorm_dsl.language.source import decode
from werkvorm_dsl.pipeline import check_source

SEEDS = sorted((ROOT / "tests/data/seeds").glob("*.seed.txt"))  # the texts of ../shared/seeds, as they are
SESSION_HEADING = re.compile(r"^\s*sessie\b", re.IGNORECASE)
NUMBERED = re.compile(r"^\s*(?:-\s+)?\d{1,2}[.)]?\s+(?P<text>.+)$")
TIME = re.compile(r"\((\d+) min")


def seed_session(text: str) -> list[str]:
    """The numbered lines under the seed's session heading, read without the importer."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if SESSION_HEADING.match(line))
    steps = []
    for line in lines[start + 1 :]:
        match = NUMBERED.match(line)
        if match:
            steps.append(match.group("text"))
        elif (line.strip() and line.strip().upper() == line.strip()) or re.match(r"^[A-Z][a-z]+$", line.strip()):
            break
    return steps


def as_pasted(text: str) -> str:
    """The text as Word puts it on the clipboard into a plain editor: no blank lines between paragraphs."""
    return "\n".join(line for line in text.split("\n") if line.strip()) + "\n"


def draft_of(path, pasted: bool = False):
    text = path.read_text("utf-8")
    return draft_from_blocks(blocks_from_text(as_pasted(text) if pasted else text), path.stem).text


PASTED = pytest.mark.parametrize("pasted", [False, True], ids=["als-bestand", "geplakt"])


@PASTED
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_the_draft_of_a_seed_passes_the_check(seed, pasted):
    checked = check_source(decode(draft_of(seed, pasted).encode("utf-8"), "concept.werkvorm"))
    assert [d.message for d in checked.diagnostics if d.is_error] == []


@PASTED
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_the_draft_of_a_seed_keeps_every_word(seed, pasted):
    assert missing_words(seed.read_text("utf-8"), draft_of(seed, pasted)) == []


@PASTED
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_the_draft_has_the_seeds_session_steps_and_their_durations(seed, pasted):
    text = seed.read_text("utf-8")
    written = seed_session(text)
    steps = session_steps(parse(draft_of(seed, pasted)))
    # A step that only asks to repeat the others ('Ga zo nog 1 of 2 collega's af') becomes a round.
    kept = [line for line in written if not re.search(r"\bga zo nog\b", line, re.IGNORECASE)]
    titles = [step.title.text.split()[:3] for step in steps]
    assert titles == [line.split()[: len(title)] for line, title in zip(kept, titles, strict=False)]
    assert len(steps) == len(kept)
    assert [minutes(step) for step in steps] == [int(m[0]) if (m := TIME.findall(line)) else None for line in kept]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_the_draft_has_the_seeds_total_duration(seed):
    stated = re.search(r"^Duur:\s*(.+)$", seed.read_text("utf-8"), re.MULTILINE | re.IGNORECASE)
    werkvorm = parse(draft_of(seed))
    assert werkvorm.total_duration is not None and werkvorm.total_duration.low == 60
    assert stated is not None and stated.group(1).split(",")[0].strip() in draft_of(seed)
