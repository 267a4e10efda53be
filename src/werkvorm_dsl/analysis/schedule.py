"""The plan: the session tree laid out on a clock, row by row, from the same costs as the check.

The plan takes the longest way (the largest group, the most rounds, optional parts included and
marked), and gives each step without a duration its share of the time that is left (or of its
time box), never less than the floor. The draaiboek, the hand-out, the kaarten, the tijdschema and
the timeline all read these rows.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from enum import StrEnum
from fractions import Fraction
from typing import assert_never

from werkvorm_dsl.analysis.checks import per_participant_parts
from werkvorm_dsl.analysis.choices import way_title
from werkvorm_dsl.analysis.timing import Cost, Findings, Scope, Timing, compute, cost_of, repeat_count, session_of
from werkvorm_dsl.language.nodes import (
    Bound,
    Choice,
    Container,
    Count,
    Duration,
    Groups,
    Part,
    Pause,
    RepeatKind,
    Round,
    Step,
    TimeBox,
    Way,
    Werkvorm,
    is_optional,
    walk,
)
from werkvorm_dsl.language.values import format_minutes
from werkvorm_dsl.system.records import record

MAX_EXPANDED_ROUNDS = 8  # more repetitions than this are summed up in one row, so 1,000,000 rounds stay one page
MOST_ROWS = 400  # beyond this many rows (and four per part) repetitions are summed up too: nested rounds stay linear
NO_TIME_LEFT = "geen tijd meer in het tijdvak"  # the note of a part a full time box leaves no time for
REST_NOTE = "de rest van de tijd"  # the note of a step 'duur: de rest': its minutes are what its limit leaves


class RowKind(StrEnum):
    STEP = "stap"
    PAUSE = "pauze"
    BLOCK = "blok"  # the head of a round's repetition, of the subgroups, or of a time box
    SUMMARY = "samenvatting"  # repetitions summed up in one row
    SLACK = "speling"  # what a time box leaves after its parts: the facilitator's spare minutes


@record
class Slot:
    """One row of the agenda: a step or a break as held at a moment, a block's head, or a summary."""

    number: str  # "3", or "3.2" for the second part of block 3
    title: str
    step: Step | None  # the step of a STEP row
    round_number: int | None  # 1-based, within the innermost round
    round_total: str  # "2 tot 3" for display, empty outside rounds
    start: Fraction  # minutes from the beginning
    minutes: Fraction
    minutes_text: str  # "20" (the row's own minutes, a range at its longest), "ca. 2,5" for an estimate
    estimated: bool
    extra: bool  # held only when there is time: a round beyond the smallest count, or an optional part
    kind: RowKind = RowKind.STEP
    part: Part | Way | None = None  # the node this row shows (a Way: the head of one way of a KEUZE)
    depth: int = 0  # how many blocks this row is inside
    parallel: bool = False  # inside GROEPJES: every subgroup does this at the same time
    boxed: bool = False  # a block head whose time is fixed by its box
    repetitions: int = 1  # how many times of a round this row stands for: a summary row, several
    note: str = ""  # why a full time box gives this row less than the author wrote: 'ingekort: er staat …'

    @property
    def end(self) -> Fraction:
        return self.start + self.minutes

    @property
    def label(self) -> str:
        """The number as the agenda prints it before the title: '3.2.', or '3.…' for a summary."""
        return self.number if self.number.endswith("…") else f"{self.number}."

    @property
    def is_leaf(self) -> bool:
        """A row that takes time of its own on the timeline (not a block's head)."""
        return self.kind is not RowKind.BLOCK


@record
class Plan:
    """The session laid out on a clock: the timing it follows and one slot per row."""

    timing: Timing
    slots: tuple[Slot, ...]
    start_clock: str | None  # "14:00", or None for elapsed time from 0:00
    # 'deelnemers: minimaal 5' with parts per participant: laid out for 5, and there is no longest
    # way (W222); None otherwise
    open_least: int | None = None

    @property
    def end(self) -> Fraction:
        return max((slot.end for slot in self.slots), default=Fraction(0))

    @property
    def booked_end(self) -> Fraction:
        """When the session ends for the people in it: at the stated duration ('duur: anderhalf
        uur' books 90 min, even if the steps take 87), or later if the steps take longer. The
        invitation, its calendar event and the overzicht's closing all say this one time."""
        stated = self.timing.stated_high
        return self.end if stated is None else max(stated, self.end)

    @property
    def leaves(self) -> tuple[Slot, ...]:
        return tuple(slot for slot in self.slots if slot.is_leaf)

    def clock(self, minutes: Fraction) -> str:
        """A moment as a clock time, rounded to the minute."""
        base = 0
        if self.start_clock:
            hours, mins = self.start_clock.split(":")
            base = int(hours) * 60 + int(mins)
        total = base + int(minutes + Fraction(1, 2)) if minutes >= 0 else base + round(minutes)  # halves round up
        if self.start_clock:
            total %= 24 * 60
        if self.start_clock:
            return f"{total // 60:02d}:{total % 60:02d}"  # a time of day, written as everywhere: 09:30
        return f"{total // 60}:{total % 60:02d}"  # time since the start: 0:05


class Shares:
    """The minutes of the steps without a duration in one stretch of time (the session, or one
    repetition of a time box), dealt out in whole minutes when they add up to whole minutes: 5
    minutes over 2 steps are 3 and 2, so every clock time is whole and no row's clock range
    contradicts its minutes."""

    def __init__(self, each: Fraction, count: int):
        total = each * count
        if count and total.denominator == 1 and each >= 1:
            self.base = Fraction(total.numerator // count)
            self.extra = int(total) - int(self.base) * count
        else:
            self.base, self.extra = each, 0
        self.taken = 0
        self.given = Fraction(0)

    def take(self, count: int = 1) -> Fraction:
        """The minutes of the next `count` steps without a duration, together."""
        start, self.taken = self.taken, self.taken + count
        minutes = self.base * count + max(0, min(self.extra, self.taken) - min(self.extra, start))
        self.given += minutes
        return minutes


@dataclass
class _Layout:
    """Where the layout is: the rows so far and how many it may still write in full."""

    timing: Timing
    rows: list
    most_rows: int


def plan(werkvorm: Werkvorm, start_clock: str | None = None, timing: Timing | None = None) -> Plan:
    """The agenda for the largest group and the most rounds; steps without a duration share what is left.
    Give the werkvorm's `timing` when the caller has it (the checks computed it), so it is computed once."""
    timing = timing if timing is not None else compute(werkvorm)
    session = session_of(werkvorm)
    parts = session.parts if session else ()
    layout = _Layout(timing, [], max(MOST_ROWS, 4 * sum(1 for _ in walk(parts))))
    scope = _Scope(werkvorm.participants, Shares(timing.planned_share, timing.untimed_high), False, False)
    scope = replace(scope, rest_extra=_rest_extra(timing))
    _lay(parts, scope, Fraction(0), "", 0, layout)
    persons = werkvorm.participants
    open_least = persons.low if persons and persons.no_maximum and per_participant_parts(werkvorm) else None
    return Plan(timing, tuple(layout.rows), start_clock or werkvorm.start_time, open_least)


@record
class _Scope:
    """What the parts inside a block are laid out with."""

    persons: Count | None
    shares: Shares  # deals out the minutes of the steps without a duration here
    parallel: bool
    extra: bool  # inside something that is held only when there is time
    round_number: int | None = None
    round_total: str = ""
    rest_extra: Fraction = Fraction(0)  # what a step 'duur: de rest' here gets on top of the floor


def _rest_extra(timing: Timing) -> Fraction:
    """What the session's step 'duur: de rest' takes beyond its floor in the longest way (its cost
    as the timing filled it in); 0 without one."""
    if len(timing.total.rests) != 1:
        return Fraction(0)
    return timing.costs[id(timing.total.rests[0])].high - timing.floor


def _lay(
    parts: tuple[Part, ...],
    scope: _Scope,
    cursor: Fraction,
    prefix: str,
    depth: int,
    layout: _Layout,
    allowance: Fraction | None = None,
) -> Fraction:
    """Lay out parts one after the other from `cursor`; returns where they end. Without an
    allowance every part takes its longest time. With one (a time box its parts do not fit at
    their longest), each part takes its longest time as far as the parts after it still fit at
    their shortest; the last ones get what is left, so the box ends when its time is up."""
    if allowance is None:
        for position, part in enumerate(parts, start=1):
            cursor = _lay_part(part, scope, cursor, f"{prefix}{position}", depth, layout, None)
        return cursor
    end = cursor + allowance
    costs = [_plan_cost(part, scope, layout) for part in parts]
    later = list(itertools.accumulate(reversed([cost.low for cost in costs[1:]]), initial=Fraction(0)))[::-1]
    for position, (part, cost, low_after) in enumerate(zip(parts, costs, later), start=1):
        given = _within(cost.low, cost.high, end - cursor - low_after, end - cursor)
        cursor = _lay_part(part, scope, cursor, f"{prefix}{position}", depth, layout, given)
    return cursor


def _within(low: Fraction, high: Fraction, spare: Fraction, left: Fraction) -> Fraction:
    """A part's time in a full box: its longest as far as `spare` allows, at least its shortest, at
    most what is `left` of the box."""
    return max(Fraction(0), min(high, max(low, spare), left))


def _plan_cost(part: Part, scope: _Scope, layout: _Layout) -> Cost:
    """A part's shortest and longest time for the group the plan is made for: the largest number of
    participants, and the largest size of every GROEPJES in it."""
    sizes = {id(g): _largest(g.size) for g in walk((part,)) if isinstance(g, Groups) and g.size is not None}
    timing = layout.timing
    largest = _largest(scope.persons)
    return cost_of(part, Scope(largest, "", timing.floor, timing.fits, 1, sizes, largest), Findings())


def _largest(persons: Count | None) -> Count | None:
    return None if persons is None else Count(persons.high, persons.high)


def _lay_part(
    part: Part, scope: _Scope, cursor: Fraction, number: str, depth: int, layout: _Layout, given: Fraction | None
) -> Fraction:
    """One part at `cursor`, in its longest time or, in a full box, in the time `given` it."""
    if given is not None and not isinstance(part, Pause | Choice) and is_optional(part):
        held = _plan_cost(replace(part, optional=False), scope, layout)
        if given < held.low:
            _skip(part, scope, cursor, number, depth, layout)  # no time for it in this box: 0 min
            return cursor
    match part:
        case Step():
            return _lay_step(part, scope, cursor, number, depth, layout, given)
        case Pause():
            return _lay_pause(part, scope, cursor, number, depth, layout, given)
        case Round():
            return _lay_round(part, scope, cursor, number, depth, layout, given)
        case Groups():
            return _lay_groups(part, scope, cursor, number, depth, layout, given)
        case TimeBox():
            extra = scope.extra or part.optional
            inner = replace(scope, extra=extra)
            head = _head(layout, part, number, _box_title(part), inner, cursor, depth, extra, boxed=True)
            return _lay_block(part, part.box, inner, cursor, number, depth, layout, head, given)
        case Choice():
            return _lay_choice(part, scope, cursor, number, depth, layout, given)
        case _:
            assert_never(part)


def _lay_choice(
    choice: Choice, scope: _Scope, cursor: Fraction, number: str, depth: int, layout: _Layout, given: Fraction | None
) -> Fraction:
    """A KEUZE still open (no number of participants was given): every way from the same moment,
    each under its own head with its numbers; what follows starts when the longest way ends."""
    head = _head(layout, choice, number, choice_title(choice), scope, cursor, depth, scope.extra, boxed=False)
    end = cursor
    for position, way in enumerate(choice.ways, start=1):
        persons = way_persons(way, scope.persons)
        if persons is None:
            continue  # a way for numbers the werkvorm does not have (W230)
        inner = replace(scope, persons=persons)
        way_number = f"{number}.{position}"
        way_head = _head(layout, way, way_number, way_title(way), inner, cursor, depth + 1, scope.extra, boxed=False)
        way_end = _lay(way.parts, inner, cursor, f"{way_number}.", depth + 2, layout, given)
        _close_head(layout, way_head, way_end)
        end = max(end, way_end)
    _close_head(layout, head, end)
    return end


def choice_title(choice: Choice) -> str:
    """'Keuze naar het aantal deelnemers': the head of a KEUZE in the agenda."""
    return f"Keuze {choice.description}".strip() if choice.description else "Keuze naar het aantal deelnemers"


def way_persons(way: Way, persons: Count | None) -> Count | None:
    """The numbers of participants a way is laid out for: its own, within those of the werkvorm."""
    if way.sizes is None:
        return persons
    if persons is None:
        return way.sizes
    low = max(way.sizes.low, persons.low)
    high = min(
        persons.high if way.sizes.no_maximum else way.sizes.high,
        way.sizes.high if persons.no_maximum else persons.high,
    )
    if way.sizes.no_maximum and persons.no_maximum:
        return Count(low, low, no_maximum=True)
    return Count(low, high) if low <= high else None


def _skip(part: Part, scope: _Scope, cursor: Fraction, number: str, depth: int, layout: _Layout) -> None:
    """An optional part in a full box, with no time left for it: shown, with no time."""
    step: Step | None
    match part:
        case Step():
            title, step, kind = part.title.text, part, RowKind.STEP
        case Pause() | Round() | Groups() | TimeBox() | Choice():
            title, step, kind = f"{part.heading.label} {part.heading.text}".strip(), None, RowKind.SUMMARY
        case _:
            assert_never(part)
    layout.rows.append(
        Slot(
            number,
            title,
            step,
            scope.round_number,
            scope.round_total,
            cursor,
            Fraction(0),
            "0",
            False,
            True,
            kind,
            part,
            depth,
            scope.parallel,
            note=NO_TIME_LEFT,
        )
    )


def _squeezed(minutes: Fraction, longest: Fraction, written: str) -> tuple[str, str]:
    """The minutes the row takes, the number its clock times span ('7 tot 10' beside a 10-minute
    row said two durations; the step's own text keeps the range), with a note when a full time
    box leaves fewer than written."""
    if minutes >= longest:
        return format_minutes(minutes), ""
    if not minutes:
        return "0", NO_TIME_LEFT
    return format_minutes(minutes), f"ingekort: er staat {written} min, maar het tijdvak is vol"


def _lay_step(
    step: Step, scope: _Scope, cursor: Fraction, number: str, depth: int, layout: _Layout, given: Fraction | None
) -> Fraction:
    duration = step.duration
    extra = scope.extra or step.optional
    if step.rest:
        minutes = layout.timing.floor + scope.rest_extra if given is None else given
        text, estimated, note = format_minutes(minutes), False, REST_NOTE
        note = NO_TIME_LEFT if given == 0 else note
    elif duration is None:
        minutes = scope.shares.take() if given is None else given  # in a full box: the floor, or what is left
        text, estimated = f"ca. {format_minutes(_tenth(minutes))}", True
        note = "" if given is None or given >= layout.timing.floor else "ingekort: het tijdvak is vol"
        note = NO_TIME_LEFT if given == 0 else note
    else:
        factor = (scope.persons.high if scope.persons else 0) if duration.per_participant else 1
        low, high = duration.low * factor, duration.high * factor
        written = format_minutes(high) if low == high else f"{format_minutes(low)} tot {format_minutes(high)}"
        if duration.bound in (Bound.AT_MOST, Bound.AT_LEAST):
            written = f"{duration.bound.value} {written}"
        minutes = high if given is None else given
        (text, note), estimated = _squeezed(minutes, high, written), False
    layout.rows.append(
        Slot(
            number,
            step.title.text,
            step,
            scope.round_number,
            scope.round_total,
            cursor,
            minutes,
            text,
            estimated,
            extra,
            RowKind.STEP,
            step,
            depth,
            scope.parallel,
            note=note,
        )
    )
    return cursor + minutes


def _lay_pause(
    pause: Pause, scope: _Scope, cursor: Fraction, number: str, depth: int, layout: _Layout, given: Fraction | None
) -> Fraction:
    duration = pause.duration
    high = Fraction(0) if duration is None else duration.high
    minutes = high if given is None else given
    text, note = _squeezed(minutes, high, format_minutes(high))
    layout.rows.append(
        Slot(
            number,
            f"Pauze: {pause.description}" if pause.description else "Pauze",
            None,
            scope.round_number,
            scope.round_total,
            cursor,
            minutes,
            text,
            False,
            scope.extra,
            RowKind.PAUSE,
            pause,
            depth,
            scope.parallel,
            note=note,
        )
    )
    return cursor + minutes


def _lay_round(
    round_: Round, scope: _Scope, cursor: Fraction, number: str, depth: int, layout: _Layout, given: Fraction | None
) -> Fraction:
    if given is not None:
        return _lay_round_within(round_, scope, cursor, number, depth, layout, given)
    times = repeat_count(round_, scope.persons, layout.timing.fits)
    total = _times_text(round_, times)
    held = times.high
    extra = scope.extra or round_.optional
    first_rows, one = len(layout.rows), Fraction(0)
    shares, fixed_one, shares_one = scope.shares, Fraction(0), 0
    for index in range(1, held + 1):
        rows_of_one = len(layout.rows) - first_rows if index > 1 else 0
        if index > MAX_EXPANDED_ROUNDS or (
            index > 1 and len(layout.rows) + rows_of_one // (index - 1) > layout.most_rows
        ):
            rest = held - index + 1
            # the same parts again, and the next shares of the steps without a duration
            minutes = fixed_one * rest + shares.take(shares_one * rest)
            _summary(
                layout, round_, number, scope, index, total, cursor, depth, minutes, rest, extra or index > times.low
            )
            return cursor + minutes
        inner = replace(scope, extra=extra or index > times.low, round_number=index, round_total=total)
        head = _round_head(layout, round_, number, index, times, total, inner, cursor, depth)
        start, taken, given_before = cursor, shares.taken, shares.given
        cursor = _lay_block(round_, round_.box, inner, cursor, number, depth, layout, head, None)
        one = cursor - start
        if index == 1:
            fixed_one, shares_one = one - (shares.given - given_before), shares.taken - taken
    return cursor


def _lay_round_within(
    round_: Round, scope: _Scope, cursor: Fraction, number: str, depth: int, layout: _Layout, given: Fraction
) -> Fraction:
    """A round in a full box: one time after the other, each at its longest as far as the times it
    must still be held fit at their shortest. The times there is no room for are one row of 0 min."""
    times = repeat_count(round_, scope.persons, layout.timing.fits)
    total = _times_text(round_, times)
    extra = scope.extra or round_.optional
    needed = repeat_count(round_, _largest(scope.persons), layout.timing.fits)  # for the plan's group
    one = _one_time(round_, scope, layout)
    end, index, first_rows = cursor + given, 0, len(layout.rows)
    while index < needed.high:
        left = end - cursor
        if (left <= 0 < one.low) or (index >= needed.low and left < one.low):
            break
        rows_of_one = (len(layout.rows) - first_rows) // index if index else 0
        if index >= MAX_EXPANDED_ROUNDS or len(layout.rows) + rows_of_one > layout.most_rows:
            rest = needed.high - index
            minutes = min(left, one.high * rest)
            _summary(
                layout,
                round_,
                number,
                scope,
                index + 1,
                total,
                cursor,
                depth,
                minutes,
                rest,
                extra or index >= times.low,
            )
            return cursor + minutes
        index += 1
        mine = _within(one.low, one.high, left - max(0, needed.low - index) * one.low, left)
        inner = replace(scope, extra=extra or index > times.low, round_number=index, round_total=total)
        head = _round_head(layout, round_, number, index, times, total, inner, cursor, depth)
        cursor = _lay_block(round_, round_.box, inner, cursor, number, depth, layout, head, mine)
    if index < needed.high:
        rest = needed.high - index
        _summary(layout, round_, number, scope, index + 1, total, cursor, depth, Fraction(0), rest, True, NO_TIME_LEFT)
    return cursor


def _one_time(round_: Round, scope: _Scope, layout: _Layout) -> Cost:
    """The shortest and longest time of one time through a round, for the plan's group."""
    if round_.box is not None:
        box = round_.box
        return Cost(box.low, box.high, "", "")
    costs = [_plan_cost(part, scope, layout) for part in round_.parts]
    return Cost(sum((c.low for c in costs), Fraction(0)), sum((c.high for c in costs), Fraction(0)), "", "")


def _round_head(
    layout: _Layout,
    round_: Round,
    number: str,
    index: int,
    times: Count,
    total: str,
    inner: _Scope,
    cursor: Fraction,
    depth: int,
) -> int:
    title = _round_title(index, times, total)
    prompt = round_.prompt_for(index)
    if prompt is not None and prompt.title:
        title = f"{title}: {prompt.title}"  # 'Ronde 2 van 3: Wat dan?'
    return _head(layout, round_, number, title, inner, cursor, depth, inner.extra, boxed=round_.box is not None)


def _summary(
    layout: _Layout,
    round_: Round,
    number: str,
    scope: _Scope,
    index: int,
    total: str,
    cursor: Fraction,
    depth: int,
    minutes: Fraction,
    rest: int,
    extra: bool,
    why: str = "",
) -> None:
    """One row for the last `rest` times of a round: too many to write out, or no time left for them."""
    layout.rows.append(
        Slot(
            f"{number}.…",
            f"nog {rest} {'ronde' if rest == 1 else 'rondes'}",
            None,
            index,
            total,
            cursor,
            minutes,
            format_minutes(minutes),
            False,
            extra,
            RowKind.SUMMARY,
            round_,
            depth,
            scope.parallel,
            repetitions=rest,
            note=why,
        )
    )


def _lay_groups(
    groups: Groups, scope: _Scope, cursor: Fraction, number: str, depth: int, layout: _Layout, given: Fraction | None
) -> Fraction:
    extra = scope.extra or groups.optional
    inner = replace(scope, persons=groups.size, parallel=True, extra=extra)
    head = _head(
        layout, groups, number, _groups_title(groups), inner, cursor, depth, extra, boxed=groups.box is not None
    )
    return _lay_block(groups, groups.box, inner, cursor, number, depth, layout, head, given)


def _lay_block(
    block: Container,
    box: Duration | None,
    scope: _Scope,
    cursor: Fraction,
    number: str,
    depth: int,
    layout: _Layout,
    head: int,
    given: Fraction | None,
) -> Fraction:
    """A block's parts under its head row: in its box when it has one, else one after the other."""
    if box is not None:
        return _lay_boxed(block, box.high if given is None else given, scope, cursor, number, depth, layout, head)
    end = _lay(block.parts, scope, cursor, f"{number}.", depth + 1, layout, given)
    _close_head(layout, head, end)
    return end


def _lay_boxed(
    block: Container,
    minutes: Fraction,
    scope: _Scope,
    cursor: Fraction,
    number: str,
    depth: int,
    layout: _Layout,
    head: int,
) -> Fraction:
    """One time through a box of `minutes`. When its parts fit at their longest, steps without a
    duration share what the box leaves; when they do not, the box is full: see `_lay`. What the
    parts leave over is a row of spare time. The box ends at its time, whatever happens inside."""
    costs = [_plan_cost(part, scope, layout) for part in block.parts]
    longest = sum((cost.high for cost in costs), Fraction(0))
    if longest <= minutes:
        free = sum(cost.free_high for cost in costs)
        if any(cost.rests for cost in costs):  # the step 'duur: de rest' takes what is left, the others the floor
            inner = replace(scope, shares=Shares(layout.timing.floor, free), rest_extra=minutes - longest)
        else:
            share = layout.timing.floor + (minutes - longest) / free if free else layout.timing.floor
            inner = replace(scope, shares=Shares(share, free))
        end = _lay(block.parts, inner, cursor, f"{number}.", depth + 1, layout)
    else:
        end = _lay(block.parts, scope, cursor, f"{number}.", depth + 1, layout, allowance=minutes)
    if end < cursor + minutes:
        spare = cursor + minutes - end
        layout.rows.append(
            Slot(
                f"{number}.…",
                "Rest van het tijdvak (speling)",
                None,
                scope.round_number,
                scope.round_total,
                end,
                spare,
                format_minutes(spare),
                False,
                scope.extra,
                RowKind.SLACK,
                block,
                depth + 1,
                scope.parallel,
            )
        )
    _close_head(layout, head, cursor + minutes)
    return cursor + minutes


def _head(
    layout: _Layout,
    block: Container | Choice | Way,
    number: str,
    title: str,
    scope: _Scope,
    cursor: Fraction,
    depth: int,
    extra: bool,
    boxed: bool,
) -> int:
    """Write a block's head row now (its length is known when the block is laid out); its index."""
    layout_rows = layout.rows
    layout_rows.append(
        Slot(
            number,
            title,
            None,
            scope.round_number,
            scope.round_total,
            cursor,
            Fraction(0),
            "",
            False,
            extra,
            RowKind.BLOCK,
            block,
            depth,
            scope.parallel,
            boxed,
        )
    )
    return len(layout_rows) - 1


def _close_head(layout: _Layout, head: int, end: Fraction) -> None:
    row = layout.rows[head]
    minutes = end - row.start
    layout.rows[head] = Slot(
        row.number,
        row.title,
        None,
        row.round_number,
        row.round_total,
        row.start,
        minutes,
        format_minutes(minutes),
        False,
        row.extra,
        RowKind.BLOCK,
        row.part,
        row.depth,
        row.parallel,
        row.boxed,
    )


def _times_text(round_: Round, times: Count) -> str:
    """How often a round is held, as the agenda says it: '3', '2 tot 3', or 'hooguit 16' for a
    round held as often as the time allows (once for sure, more only when there is time)."""
    if round_.repeat is not None and round_.repeat.kind is RepeatKind.AS_TIME_ALLOWS and times.high > 1:
        return f"hooguit {times.high}"
    return str(times.low) if times.low == times.high else f"{times.low} tot {times.high}"


def _round_title(index: int, times: Count, total: str) -> str:
    return "Ronde (1 keer)" if times.high == 1 else f"Ronde {index} van {total}"


def _box_title(box: TimeBox) -> str:
    return f"Blok van {format_minutes(box.box.high)} min" if box.box else "Blok"


def _groups_title(groups: Groups) -> str:
    return f"{groups_name(groups.size)}, tegelijk"


def groups_name(size: Count | None) -> str:
    """'In tweetallen', 'In groepjes van 4 tot 6': how the agenda and the draaiboek name a split."""
    if size is None:
        return "In groepjes"
    if size.low == size.high:
        return {2: "In tweetallen", 3: "In drietallen", 4: "In viertallen"}.get(size.low, f"In groepjes van {size.low}")
    return f"In groepjes van {size.low} tot {size.high}"


def _tenth(value: Fraction) -> Fraction:
    return Fraction(round(value * 10), 10)
