"""What check says of pasted text (one E004, not a wall of warnings) and of an import's notes (W130)."""

from __future__ import annotations

import pytest

from conftest import ROOT
from werkvorm_dsl.language.import_blocks import blocks_from_text
from werkvorm_dsl.language.import_draft import NOTE_PREFIX, draft_from_blocks
from werkvorm_dsl.language.keywords import KEYWORDS
from werkvorm_dsl.language.source import decode
from werkvorm_dsl.pipeline import check_source

SEEDS = sorted((ROOT / "tests/data/seeds").glob("*.seed.txt"))


def checked(text: str):
    return check_source(decode(text.encode("utf-8"), "geplakt.werkvorm"))


def as_pasted(text: str) -> str:
    """The text as Word puts it on the clipboard into a plain editor: no blank lines between paragraphs."""
    return "\n".join(line for line in text.split("\n") if line.strip()) + "\n"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_pasted_text_without_blank_lines_gets_one_message_naming_the_import(seed):
    diagnostics = checked(as_pasted(seed.read_text("utf-8"))).diagnostics
    assert [d.code for d in diagnostics] == ["E004"]
    assert "werkvorm importeer" in diagnostics[0].hint


TITLE_WORDS = sorted(word for kw in KEYWORDS if kw.terminal == "TITLE" for word in kw.words["nl"])


@pytest.mark.parametrize("title", TITLE_WORDS)
def test_text_with_a_title_line_is_checked_as_a_werkvorm(title):
    text = f"{title.upper()} Een middag leren\nduur: 1 uur\nSESSIE\n1. Vertel iets.\n"
    assert "E004" not in [d.code for d in checked(text).diagnostics]


def test_text_with_a_title_line_or_blank_lines_is_checked_as_a_werkvorm():
    lines = ["Een middag leren", "Duur: 1 uur", "Vertel iets.", "Luister goed."]
    assert "E004" not in [d.code for d in checked("\n".join(["WERKVORM Leren", *lines])).diagnostics]
    assert "E004" not in [d.code for d in checked("\n\n".join(lines)).diagnostics]
    assert [d.code for d in checked("\n".join(lines)).diagnostics] == ["E004"]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_every_note_of_an_import_is_one_w130_on_its_line(seed):
    draft = draft_from_blocks(blocks_from_text(seed.read_text("utf-8")), seed.stem)
    note_lines = [n for n, line in enumerate(draft.text.split("\n"), 1) if line.startswith(NOTE_PREFIX)]
    diagnostics = checked(draft.text).diagnostics
    assert note_lines and [d.span.line for d in diagnostics if d.code == "W130"] == note_lines
    assert len(draft.notes) == len(note_lines)
    without_notes = "\n".join(line for line in draft.text.split("\n") if not line.startswith(NOTE_PREFIX))
    assert "W130" not in [d.code for d in checked(without_notes).diagnostics]
