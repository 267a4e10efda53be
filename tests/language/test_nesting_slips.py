"""Nesting slips (issue 21, item 8): a block opener that was not indented under the block whose EINDE
comes after its own gets one message, E108, that names the fix, and is read as the author meant it.

The cases come from the keyword table: every block keyword inside every other, written at the same
indentation as the block around it, or less far in (the reverse), with and without a step before it,
closed by named and by bare EINDE lines. A new block keyword is covered without a new test."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from werkvorm_dsl import check, parse
from werkvorm_dsl.analysis.timing import compute
from werkvorm_dsl.language.keywords import KEYWORDS, by_terminal
from werkvorm_dsl.language.nodes import Groups, Round, Section, SectionKind, TimeBox

BLOCKS = [keyword for keyword in KEYWORDS if keyword.opens_block]
# What the nesting rules alone said about such a slip: all three misled the author.
MISLEADING = {"W212", "E104", "E218"}
HEADER = "WERKVORM Proef\nduur: 3 uur\ndeelnemers: 6\n\nSESSIE\nstap Opening\n    duur: 5 min\n\n"
FOOTER = "\nstap Afsluiting\n    duur: 5 min\n"


def problems(text: str) -> list:
    """What the check says about the structure: without the remarks I703 and I704, which these
    steps (none has 'voor deelnemers:') and this header (no 'doel:') bring, and which say nothing
    about nesting."""
    return [d for d in check(parse(text)) if d.code not in ("I703", "I704")]


NODE_OF = {"ROUND": Round, "GROUPS": Groups, "BOX": TimeBox}


def end_line(keyword, named: bool) -> str:
    """EINDE RONDE (or EINDE GROEPJES, EINDE BLOK) from the table, or a bare EINDE."""
    if not named:
        return "EINDE"
    spelling = f"einde {keyword.canonical}"
    assert spelling in by_terminal()["BLOCK_END"].words["nl"], f"no EINDE line for {keyword.canonical}"
    return spelling.upper()


@dataclass(frozen=True)
class Case:
    outer: object
    inner: object
    placement: str  # "even ver": as far in as the outer opener; "minder ver": the outer is indented, the inner not
    step_before: bool  # a step of the outer block before the inner opener
    named_ends: bool

    @property
    def id(self) -> str:
        ends = "EINDE-met-naam" if self.named_ends else "kaal-EINDE"
        before = "stap-ervoor" if self.step_before else "direct"
        return f"{self.inner.canonical}-in-{self.outer.canonical}-{self.placement.replace(' ', '-')}-{before}-{ends}"

    def text(self, slipped: bool) -> str:
        outer_indent = "    " if self.placement == "minder ver" else ""
        inner_indent = ("" if self.placement == "minder ver" else outer_indent) if slipped else outer_indent + "    "
        lines = [outer_indent + self.outer.block_example]
        if self.step_before:
            lines += [outer_indent + "stap Eerst", outer_indent + "    duur: 1 min"]
        lines += [
            inner_indent + self.inner.block_example,
            inner_indent + "stap Binnen",
            inner_indent + "    duur: 2 min",
            inner_indent + end_line(self.inner, self.named_ends),
            outer_indent + end_line(self.outer, self.named_ends),
        ]
        return HEADER + "\n".join(lines) + "\n" + FOOTER

    @property
    def inner_line(self) -> int:
        return HEADER.count("\n") + 2 + (2 if self.step_before else 0)


CASES = [
    Case(outer, inner, placement, step_before, named)
    for outer in BLOCKS
    for inner in BLOCKS
    for placement in ("even ver", "minder ver")
    for step_before in (False, True)
    for named in (True, False)
]


def test_the_table_has_blocks_and_each_has_an_example_that_reads_cleanly():
    assert {keyword.terminal for keyword in BLOCKS} >= {"ROUND", "GROUPS", "BOX"}
    for keyword in BLOCKS:
        text = HEADER + f"{keyword.block_example}\nstap A\n    duur: 1 min\n{end_line(keyword, True)}\n" + FOOTER
        assert [d.code for d in problems(text)] == [], keyword.block_example


def test_every_einde_spelling_is_bare_or_names_a_block_of_the_table():
    from types import SimpleNamespace

    from werkvorm_dsl.language.nesting_slips import closed_kind

    end = by_terminal()["BLOCK_END"]
    kinds = {keyword.terminal for keyword in BLOCKS}
    for spelling in (word for words in end.words.values() for word in words):
        named = closed_kind(SimpleNamespace(label=spelling.upper()))
        bare = len(spelling.split()) == 1
        assert (named is None) if bare else (named in kinds), spelling


def by_place(diagnostics, leave_out=()):
    return [(d.code, d.span.line, d.message, d.hint) for d in diagnostics if d.code not in leave_out]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_a_slip_gets_one_message_that_names_the_fix(case):
    intended = check(parse(case.text(slipped=False)))
    assert not {d.code for d in intended} & (MISLEADING | {"E108"}), by_place(intended)

    slipped = check(parse(case.text(slipped=True)))
    slips = [d for d in slipped if d.code == "E108"]
    assert len(slips) == 1, by_place(slipped)
    slip = slips[0]
    assert slip.is_error and slip.span.line == case.inner_line
    outer_word, inner_word = case.outer.canonical.upper(), case.inner.canonical.upper()
    assert f" {inner_word} in onder " in slip.hint and outer_word in slip.hint.split(":")[0], slip.hint
    assert f"zet regel {case.inner_line} tot en met {case.inner_line + 3} verder in" in slip.hint, slip.hint
    assert not {d.code for d in slipped} & MISLEADING, by_place(slipped)
    # Everything else is what the indented version gets: read as meant, timing included.
    assert by_place(slipped, {"E108"}) == by_place(intended)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_a_slip_is_read_as_the_indented_version(case):
    intended, slipped = parse(case.text(slipped=False)), parse(case.text(slipped=True))
    assert _shape(slipped) == _shape(intended)
    assert isinstance(_shape_root(slipped), NODE_OF[case.outer.terminal])
    timing, meant = compute(slipped), compute(intended)
    assert (timing.shortest, timing.longest) == (meant.shortest, meant.longest)


def _session(werkvorm) -> Section:
    return next(s for s in werkvorm.sections if isinstance(s, Section) and s.kind is SectionKind.SESSION)


def _shape_root(werkvorm):
    return _session(werkvorm).parts[1]


def _shape(werkvorm):
    """The kinds of the session's parts, blocks with their parts inside: where every part ended up."""

    def shape(part):
        parts = getattr(part, "parts", None)
        return type(part).__name__ if parts is None else (type(part).__name__, tuple(shape(p) for p in parts))

    return tuple(shape(part) for part in _session(werkvorm).parts)


@pytest.mark.parametrize("outer", BLOCKS, ids=lambda keyword: keyword.canonical)
@pytest.mark.parametrize("inner", BLOCKS, ids=lambda keyword: keyword.canonical)
def test_blocks_one_after_the_other_are_no_slip(outer, inner):
    text = HEADER + (
        f"{outer.block_example}\nstap A\n    duur: 1 min\n{end_line(outer, True)}\n"
        f"{inner.block_example}\nstap B\n    duur: 1 min\n{end_line(inner, True)}\n"
    )
    assert [d.code for d in problems(text + FOOTER)] == []


@pytest.mark.parametrize("keyword", BLOCKS, ids=lambda keyword: keyword.canonical)
def test_a_stray_einde_that_no_slip_explains_stays_e104(keyword):
    text = HEADER + f"{keyword.block_example}\nstap A\n    duur: 1 min\n{end_line(keyword, True)}\nEINDE\n" + FOOTER
    assert [d.code for d in problems(text)] == ["E104"]


def test_two_blocks_both_not_indented_get_a_message_each():
    text = HEADER + (
        "GROEPJES van 3\nRONDE 2 keer\nstap A\n    duur: 1 min\nEINDE RONDE\n"
        "BLOK 5 min\nstap B\n    duur: 1 min\nEINDE BLOK\nEINDE GROEPJES\n" + FOOTER
    )
    slips = [d for d in check(parse(text)) if d.code == "E108"]
    assert [d.span.line for d in slips] == [10, 14]
    assert [d.code for d in problems(text) if d.code != "E108"] == []


def test_the_measured_case_gives_one_message_not_three():
    # From the issue: GROEPJES around a RONDE that was not indented gave W212, E104 and an E401
    # that counted the ronde per lid for all 8 deelnemers, 8 × 8.
    text = (
        "WERKVORM Intervisie in groepjes\nduur: 90 min\ndeelnemers: 8\n\nSESSIE\nstap Opening\n    duur: 10 min\n\n"
        "GROEPJES van 4: ieder groepje zoekt een plek\nRONDE per lid: ieder lid brengt een vraag in\n"
        "stap Vertel uw vraag.\n    duur: 2 min per persoon\nstap Krijg advies.\n    duur: 5 min\n"
        "EINDE RONDE\nEINDE GROEPJES\n\nstap Afsluiting\n    duur: 10 min\n"
    )
    diagnostics = problems(text)
    assert [(d.code, d.span.line) for d in diagnostics] == [("E108", 10)]
    assert diagnostics[0].hint.startswith("Spring de RONDE in onder GROEPJES: zet regel 10 tot en met 15 verder in")


def test_many_misfits_cost_no_more_than_their_share():
    # Thousands of sibling openers and EINDE lines that name another kind: the search for slips
    # tries a bounded number of readings, so the time grows with the file, not with its square.
    def seconds(count):
        text = HEADER + "RONDE 2 keer\nstap A\n    duur: 1 min\n" * count + "EINDE BLOK\n" * count
        start = time.process_time()
        check(parse(text))
        return time.process_time() - start

    small, large = min(seconds(500) for _ in range(2)), min(seconds(2000) for _ in range(2))
    assert large / small < 2 * 4
