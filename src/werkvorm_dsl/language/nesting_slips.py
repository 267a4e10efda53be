"""Nesting slips: a block opener that was not indented under the block its EINDE lines put it in."""

from __future__ import annotations

import bisect

from werkvorm_dsl.language.keywords import KEYWORDS
from werkvorm_dsl.language.lexer import LineToken
from werkvorm_dsl.system.records import mutable_record, record

# How many trial readings one session may cost: a slip costs one or two, and a file with thousands
# of stray EINDE lines must not cost thousands of readings of the whole session.
MAX_TRIALS = 16
# Of the blocks an opener closed by its indentation, the most recent few are the likely slips.
CANDIDATES_PER_MISFIT = 4
LOOKED_AT_PER_MISFIT = 64

END = "BLOCK_END"
# The kind of block an EINDE line names by the words after EINDE: any spelling of its opener, in
# any language of the keyword table ('EINDE TWEETALLEN', 'END ROUND'). A bare EINDE closes any.
NAMED_BY = {
    word: keyword.terminal
    for keyword in KEYWORDS
    if keyword.opens_block
    for spellings in keyword.words.values()
    for word in spellings
}


@record
class Slip:
    """An opener that the indentation puts beside a block, while the EINDE lines put it inside."""

    opener: LineToken  # the line to indent
    outer: LineToken  # the opener of the block it belongs in
    end_of_outer: LineToken  # the EINDE line that closes that block
    end_of_opener: LineToken | None  # the EINDE line that closes the opener, if one does


@mutable_record
class _Reading:
    """The block lines read once, with some blocks held open against the indentation of later openers."""

    misfits: list[int]  # EINDE lines (by index) that close nothing, or name another kind than they close
    closures: list[tuple[int, int]]  # (opener, block): the opener closed that open block by its indentation
    closed_by: dict[int, int]  # opener -> the EINDE line that closed it
    parent: dict[int, int]  # opener -> the open block it went in


def closed_kind(end: LineToken) -> str | None:
    """The kind of block an EINDE line names; None for a bare EINDE, which closes any."""
    return NAMED_BY.get(" ".join(end.label.lower().split()[1:]))


def find_slips(lines: list[LineToken]) -> list[Slip]:
    """The slips that explain EINDE lines which otherwise do not fit, given a session's openers and
    EINDE lines in order. A block is held open (closed by its EINDE only, not by a later opener as
    far in) when that makes fewer EINDE lines misfit, none before the one it explains; each opener
    that then stands in it without being indented further is a slip."""
    held: set[int] = set()
    reading = _read(lines, held)
    trials, position = 0, 0
    while position < min(len(reading.misfits), MAX_TRIALS) and trials < MAX_TRIALS:
        misfit = reading.misfits[position]
        accepted = None
        for block in _candidates(reading, misfit, lines)[: MAX_TRIALS - trials]:
            trials += 1
            trial = _read(lines, held | {block})
            earlier_unchanged = trial.misfits[:position] == reading.misfits[:position]
            if len(trial.misfits) < len(reading.misfits) and earlier_unchanged and misfit not in trial.misfits:
                accepted = (block, trial)
                break
        if accepted is None:
            position += 1  # a misfit no slip explains: E104 or E218 stays
            continue
        held.add(accepted[0])
        reading = accepted[1]
    return [
        Slip(lines[opener], lines[block], lines[reading.closed_by[block]], _line(lines, reading.closed_by.get(opener)))
        for opener, block in sorted(reading.parent.items())
        if block in held and block in reading.closed_by and lines[opener].indent <= lines[block].indent
    ]


def _line(lines: list[LineToken], index: int | None) -> LineToken | None:
    return None if index is None else lines[index]


def _candidates(reading: _Reading, misfit: int, lines: list[LineToken]) -> list[int]:
    """Blocks closed by indentation before the misfit, most recent first, of a kind the misfit may name."""
    named = closed_kind(lines[misfit])
    before = bisect.bisect_left(reading.closures, (misfit, -1))  # closures come in the order of their openers
    nearest = reading.closures[max(0, before - LOOKED_AT_PER_MISFIT) : before]
    blocks = [block for _, block in reversed(nearest) if named in (None, lines[block].terminal)]
    return list(dict.fromkeys(blocks))[:CANDIDATES_PER_MISFIT]


def _read(lines: list[LineToken], held: set[int]) -> _Reading:
    """The builder's rules over the block lines alone: an opener closes the open blocks indented as
    far or further, down to a held block; an EINDE closes the innermost."""
    stack: list[int] = []
    reading = _Reading([], [], {}, {})
    for index, line in enumerate(lines):
        if line.terminal == END:
            if not stack:
                reading.misfits.append(index)
                continue
            named = closed_kind(line)
            if named is not None and named != lines[stack[-1]].terminal:
                reading.misfits.append(index)
            reading.closed_by[stack.pop()] = index
            continue
        while stack and stack[-1] not in held and lines[stack[-1]].indent >= line.indent:
            reading.closures.append((index, stack.pop()))
        if stack:
            reading.parent[index] = stack[-1]
        stack.append(index)
    return reading
