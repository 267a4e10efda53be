"""The timing check: the shortest and longest way through a session tree, each with its arithmetic.

A part costs a shortest and a longest time (`Cost`). Rounds multiply, a time box replaces what is
inside it, subgroups count once (they work at the same time), optional parts count only in the
longest way, and a step without a duration counts at least the floor (`minimum per stap:`). The
plan with clock times (schedule.py) is laid out from the same costs.

Every limit is checked by one rule, the session's `duur:` and each time box alike: an error when
even the shortest way through what it holds does not fit, a warning when the longest does not, and
a warning when the steps without a duration it holds keep less than MIN_SHARE each.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field, replace
from fractions import Fraction
from typing import assert_never

from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
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
    Section,
    SectionKind,
    Span,
    Step,
    TimeBox,
    Werkvorm,
    holds,
    is_optional,
    walk,
)
from werkvorm_dsl.language.values import format_minutes, split_optional
from werkvorm_dsl.system.records import mutable_record, record

MIN_SHARE = Fraction(3)  # below this, a step without a duration cannot really be done
DEFAULT_FLOOR = Fraction(1)  # what a step without a duration counts at least, unless 'minimum per stap:' says
SHOWN_TERMS = 12  # longer sums are shortened in messages, so 100,000 steps stay one line
MOST_SIZES_TRIED = 40  # 'past bij 4 deelnemers; bij 5 of 6 niet' is worked out for at most this many sizes
MOST_PARTS_FOR_SIZES = 2000  # … and only for sessions of at most this many parts, so the check stays linear


@record
class Cost:
    """What a part costs in the shortest and the longest way, with the sums that say why."""

    low: Fraction
    high: Fraction
    low_text: str
    high_text: str
    free_low: int = 0  # steps without a duration, outside any time box: they share the stated time
    free_high: int = 0
    rests: tuple = ()  # the steps 'duur: de rest' whose limit this stretch is: they fill it up


ZERO = Cost(Fraction(0), Fraction(0), "", "")


@record
class Scope:
    """What the parts inside a block count with."""

    persons: Count | None  # deelnemers, or the size of one subgroup inside GROEPJES
    persons_word: str  # "deelnemers" or "per groepje"
    floor: Fraction
    fits: dict  # id(round) -> repetitions that fit, for 'zo vaak als de tijd toelaat'
    multiplier: int  # how often the enclosing rounds repeat this, in the longest way
    sizes: dict = field(default_factory=dict)  # id(groups) -> a size to try instead of the written one
    group: Count | None = None  # the whole group's size that picks each KEUZE's way (one stretch of sizes)


@record
class BoxFinding:
    """A time box and what one time through it holds, for the check of the box as a limit."""

    block: Container
    box: Duration
    inner: Cost  # one time through the box: its free counts are the steps without a duration that share it
    scope: Scope  # what the box is counted with, to try other sizes of the group or the session


@mutable_record
class Findings:
    """What the walk notices on its way: time boxes, rounds that repeat as time allows."""

    boxes: list[BoxFinding] = field(default_factory=list)  # innermost first
    open_ended: list = field(default_factory=list)  # (round, one repetition's longest, multiplier)
    fits_in_boxes: dict = field(default_factory=dict)  # id(round) -> repetitions that fit in its time box
    costs: dict = field(default_factory=dict)  # id(part) -> its Cost, for one time through (an editor's hover)
    rests_in_rounds: list = field(default_factory=list)  # steps 'duur: de rest' in a round without a box (E413)


@record
class Timing:
    """What `werkvorm check`, the draaiboek and the tijdschema all report, computed once."""

    stated_low: Fraction | None
    stated_high: Fraction | None
    stated_span: Span | None
    floor: Fraction
    parts: tuple[tuple[Part, Cost], ...]  # the session's own parts, with their cost
    total: Cost
    fits: dict  # id(round) -> repetitions that fit, for 'zo vaak als de tijd toelaat'
    boxes: tuple[BoxFinding, ...] = ()
    fits_in_boxes: frozenset = frozenset()  # the ids of those rounds that fill a time box, not the session
    costs: dict = field(default_factory=dict)  # id(part) -> its Cost, every part of the session tree
    rests_in_rounds: tuple = ()  # steps 'duur: de rest' in a round without a time box of its own (E413)
    # With a KEUZE: each stretch of group sizes that takes the same ways, with its shortest and longest
    by_size: tuple[tuple[Count, Cost], ...] = ()
    stretch_rests: tuple[tuple, ...] = ()  # with a KEUZE: the session's steps 'duur: de rest' in each stretch

    @property
    def shortest(self) -> Fraction:
        return self.total.low

    @property
    def longest(self) -> Fraction:
        return self.total.high

    @property
    def untimed_high(self) -> int:
        return self.total.free_high

    @property
    def untimed_low(self) -> int:
        return self.total.free_low

    @property
    def fixed_longest(self) -> Fraction:
        """The longest way without the steps that have no duration."""
        return self.total.high - self.floor * self.total.free_high

    @property
    def leftover(self) -> Fraction | None:
        """Time the steps without a duration share, in the longest way through."""
        if self.stated_high is None:
            return None
        return self.stated_high - self.fixed_longest

    @property
    def share(self) -> Fraction | None:
        """The estimate for each step without a duration (outside time boxes)."""
        if self.leftover is None or not self.total.free_high:
            return None
        return max(Fraction(0), self.leftover) / self.total.free_high

    @property
    def planned_share(self) -> Fraction:
        """What the plan gives each step without a duration: its share, but never under the floor."""
        return max(self.share if self.share is not None else Fraction(0), self.floor)

    @property
    def planned_total(self) -> Fraction:
        """The plan's length: the longest way, with the shares in place of the floors."""
        return self.fixed_longest + self.planned_share * self.total.free_high

    def sum_text(self, longest: bool = False) -> str:
        text = self.total.high_text if longest else self.total.low_text
        total = self.longest if longest else self.shortest
        if not text or text == format_minutes(total):
            return f"{format_minutes(total)} min"
        return f"{text} = {format_minutes(total)} min"


def session_of(werkvorm: Werkvorm) -> Section | None:
    section = werkvorm.section(SectionKind.SESSION)
    return section if isinstance(section, Section) else None


def floor_of(werkvorm: Werkvorm) -> Fraction:
    return werkvorm.floor.low if werkvorm.floor is not None else DEFAULT_FLOOR


def compute(werkvorm: Werkvorm, participants: Count | None = None, sizes: dict | None = None) -> Timing:
    """The costs of the whole session. `participants` replaces `deelnemers:` and `sizes` the size of
    some GROEPJES (by identity), to try other group sizes. With a KEUZE, each stretch of sizes that
    takes the same ways is computed on its own: the shortest way is the shortest of them all, the
    longest the longest."""
    session = session_of(werkvorm)
    choices = [part for part in walk(session.parts) if isinstance(part, Choice)] if session else []
    if not choices:
        return _compute(werkvorm, participants, sizes)
    stretches = size_stretches(choices, participants or werkvorm.participants)
    if not stretches:
        return _compute(werkvorm, participants, sizes)
    timings = [(stretch, _compute(werkvorm, stretch, sizes, group=stretch)) for stretch in stretches]
    return _widest(timings)


def size_stretches(choices: list[Choice], persons: Count | None) -> list[Count]:
    """The stretches of group sizes in which every KEUZE takes one way: cut at each BIJ's first and
    last number, within `persons` (or, without it, within the numbers the ways are for)."""
    ranges = [way.sizes for choice in choices for way in choice.ways if way.sizes is not None]
    if not ranges:
        return []
    if persons is not None:
        start, end = persons.low, None if persons.no_maximum else persons.high
    else:
        start = min(r.low for r in ranges)
        end = None if any(r.no_maximum for r in ranges) else max(r.high for r in ranges)
    cuts = {start} | {r.low for r in ranges} | {r.high + 1 for r in ranges if not r.no_maximum}
    points = sorted(cut for cut in cuts if cut >= start and (end is None or cut <= end))
    stretches = []
    for low, following in zip(points, [*points[1:], None]):
        high = end if following is None else following - 1
        stretch = Count(low, low, no_maximum=True) if high is None else Count(low, high)
        if persons is not None or any(holds(r, low) for r in ranges):
            stretches.append(stretch)
    return stretches


def _widest(timings: list[tuple[Count, Timing]]) -> Timing:
    """One timing for all stretches of sizes: the longest stretch's plan, the shortest way of the
    shortest stretch, and what every stretch found."""
    shortest = min((timing for _, timing in timings), key=lambda timing: timing.total.low)
    longest = max((timing for _, timing in timings), key=lambda timing: timing.total.high)
    total = replace(
        longest.total,
        low=shortest.total.low,
        low_text=shortest.total.low_text,
        free_low=shortest.total.free_low,
    )
    costs: dict = {}
    for _, timing in timings:
        costs.update(timing.costs)
    costs.update(longest.costs)
    return replace(
        longest,
        total=total,
        boxes=tuple(box for _, timing in timings for box in timing.boxes),
        costs=costs,
        rests_in_rounds=tuple(step for _, timing in timings for step in timing.rests_in_rounds),
        by_size=tuple((stretch, timing.total) for stretch, timing in timings),
        stretch_rests=tuple(timing.total.rests for _, timing in timings),
    )


def _compute(
    werkvorm: Werkvorm, participants: Count | None = None, sizes: dict | None = None, group: Count | None = None
) -> Timing:
    stated = werkvorm.total_duration
    fact = werkvorm.fact("duur")
    session = session_of(werkvorm)
    parts = session.parts if session else ()
    persons = participants or werkvorm.participants
    scope = Scope(persons, "deelnemers", floor_of(werkvorm), {}, 1, sizes or {}, group or persons)
    findings = Findings()
    costs = [cost_of(part, scope, findings) for part in parts]
    fits: dict = {}
    if findings.open_ended and stated is not None:
        fits = _repetitions_that_fit(findings.open_ended, stated.high - _sum(costs).high)
        findings = Findings()
        costs = [cost_of(part, replace(scope, fits=fits), findings) for part in parts]
    total = _sum(costs)
    if stated is not None:
        total = filled_by_the_rest(total, stated, scope.floor, findings.costs)
        costs = [
            findings.costs[id(part)] if isinstance(part, Step) and part.rest else c for part, c in zip(parts, costs)
        ]
    return Timing(
        stated.low if stated else None,
        stated.high if stated else None,
        fact.span if fact else None,
        scope.floor,
        tuple(zip(parts, costs)),
        total,
        {**fits, **findings.fits_in_boxes},
        tuple(findings.boxes),
        frozenset(findings.fits_in_boxes),
        findings.costs,
        tuple(findings.rests_in_rounds),
    )


def filled_by_the_rest(cost: Cost, limit: Duration, floor: Fraction, costs: dict) -> Cost:
    """A limit with one step 'duur: de rest' in it: that step, counted so far at the floor, takes
    what is left, so the shortest way through the limit is at least its start and the longest at
    least its end. The step's own cost in `costs` becomes what it takes. With two such steps
    (E412) nothing is filled: the guide does not say who gets what."""
    if len(cost.rests) != 1:
        return cost
    more_low, more_high = max(Fraction(0), limit.low - cost.low), max(Fraction(0), limit.high - cost.high)
    low, high = floor + more_low, floor + more_high
    costs[id(cost.rests[0])] = Cost(low, high, REST_TERM, REST_TERM, rests=cost.rests)
    return replace(cost, low=cost.low + more_low, high=cost.high + more_high)


REST_TERM = "de rest"  # how a step 'duur: de rest' stands in a sum: '10 + de rest + 5 = 60 min'


def _repetitions_that_fit(open_ended: list, leftover: Fraction) -> dict:
    """'zo vaak als de tijd toelaat': each such round, in order, takes as many more repetitions
    as the time left allows; at least one."""
    fits = {}
    for round_, one, multiplier in open_ended:
        more = int(leftover // (one * multiplier)) if one > 0 and leftover > 0 else 0
        fits[id(round_)] = 1 + more
        leftover -= more * one * multiplier
    return fits


def cost_of(part: Part, scope: Scope, findings: Findings) -> Cost:
    """The one place that knows how each kind of part counts; noted in `findings.costs` too."""
    cost = _cost_of(part, scope, findings)
    findings.costs[id(part)] = cost
    return cost


def _cost_of(part: Part, scope: Scope, findings: Findings) -> Cost:
    match part:
        case Step():
            cost = _step_cost(part, scope)
            return _optional(cost) if part.optional else cost
        case Pause():
            duration = part.duration
            if duration is None:
                return ZERO
            return Cost(duration.low, duration.high, format_minutes(duration.low), format_minutes(duration.high))
        case Round():
            return (
                _optional(_round_cost(part, scope, findings)) if part.optional else _round_cost(part, scope, findings)
            )
        case Groups():
            inner_scope = replace(scope, persons=scope.sizes.get(id(part), part.size), persons_word="per groepje")
            cost = _boxed(part.box, part, inner_scope, findings, times=Count(1, 1))
            return _optional(cost) if part.optional else cost
        case TimeBox():
            cost = _boxed(part.box, part, scope, findings, times=Count(1, 1))
            return _optional(cost) if part.optional else cost
        case Choice():
            return _choice_cost(part, scope, findings)
        case _:
            assert_never(part)


def _choice_cost(choice: Choice, scope: Scope, findings: Findings) -> Cost:
    """The way the group's size takes; the ways of other sizes cost nothing here (their stretch of
    sizes is computed on its own). Without a size, or with none that has a way (E229), nothing."""
    group = scope.group
    way = choice.way_for(group.low) if group is not None else None
    if way is None or group is None:
        return ZERO
    inner_scope = replace(scope, persons=group) if scope.persons_word == "deelnemers" else scope
    return _sum([cost_of(part, inner_scope, findings) for part in way.parts])


def _step_cost(step: Step, scope: Scope) -> Cost:
    duration = step.duration
    if step.rest:  # at the floor until its limit is known: see `filled_by_the_rest`
        return Cost(scope.floor, scope.floor, REST_TERM, REST_TERM, rests=(step,))
    if duration is None:
        floor = format_minutes(scope.floor)
        return Cost(scope.floor, scope.floor, floor, floor, 1, 1)  # free: it shares the time of its limit
    low = min(scope.floor, duration.low) if duration.bound is Bound.AT_MOST else duration.low
    high = duration.high
    if not duration.per_participant:
        return Cost(low, high, format_minutes(low), format_minutes(high))
    if scope.persons is None:
        return ZERO  # reported by the check as E208
    few, many = scope.persons.low, scope.persons.high
    return Cost(
        low * few,
        high * many,
        f"({format_minutes(low)} × {few} {_people(scope, few)})",
        f"({format_minutes(high)} × {many} {_people(scope, many)})",
    )


def _people(scope: Scope, count: int) -> str:
    if scope.persons_word == "deelnemers":
        return "deelnemer" if count == 1 else "deelnemers"
    return "personen per groepje"


def _optional(cost: Cost) -> Cost:
    """Held only when there is time: nothing in the shortest way."""
    return Cost(Fraction(0), cost.high, "", cost.high_text, 0, cost.free_high, cost.rests)


def repeat_count(round_: Round, persons: Count | None, fits: dict | None = None) -> Count:
    """How often a round is held: its count, once per person, or as often as the time allows."""
    repeat = round_.repeat
    if repeat is None:
        return Count(1, 1)
    match repeat.kind:
        case RepeatKind.TIMES:
            return repeat.times or Count(1, 1)
        case RepeatKind.PER_PERSON:  # 'per deelnemer', or 'per deelnemer' that many times each
            each = persons or Count(1, 1)
            return each if repeat.times is None else each.times(repeat.times)
        case RepeatKind.AS_TIME_ALLOWS:
            return Count(1, (fits or {}).get(id(round_), 1))
        case _:
            assert_never(repeat.kind)


def _round_cost(round_: Round, scope: Scope, findings: Findings) -> Cost:
    times = repeat_count(round_, scope.persons, scope.fits)
    as_time_allows = round_.repeat is not None and round_.repeat.kind is RepeatKind.AS_TIME_ALLOWS
    if round_.box is not None:
        if as_time_allows:  # each time takes the box: as often as boxes fit in the time around it
            findings.open_ended.append((round_, round_.box.high, scope.multiplier))
        return _boxed(round_.box, round_, scope, findings, times)
    inner_scope = replace(scope, multiplier=scope.multiplier * times.high)
    inner = _sum([cost_of(part, inner_scope, findings) for part in round_.parts])
    findings.rests_in_rounds.extend(inner.rests)  # the rest of one time through a round is not defined
    if as_time_allows:
        findings.open_ended.append((round_, inner.high, scope.multiplier))
    return Cost(
        inner.low * times.low,
        inner.high * times.high,
        _times(inner.low_text, times.low),
        _times(inner.high_text, times.high),
        inner.free_low * times.low,
        inner.free_high * times.high,
    )


def _boxed(box: Duration | None, block: Container, scope: Scope, findings: Findings, times: Count) -> Cost:
    """A block whose every repetition takes its box, whatever its parts add up to; GROEPJES and
    a RONDE without a box count their parts (once for GROEPJES: the subgroups work side by side)."""
    if box is not None:
        return _in_time_box(box, block, scope, findings, times)
    inner_scope = replace(scope, multiplier=scope.multiplier * times.high)
    inner = _sum([cost_of(part, inner_scope, findings) for part in block.parts])
    return Cost(
        inner.low * times.low,
        inner.high * times.high,
        _times(inner.low_text, times.low),
        _times(inner.high_text, times.high),
        inner.free_low * times.low,
        inner.free_high * times.high,
        inner.rests,  # GROEPJES without a box pass the limit around them on
    )


def _in_time_box(box: Duration, block: Container, scope: Scope, findings: Findings, times: Count) -> Cost:
    """Each repetition takes the box, whatever its parts add up to; what they add up to is kept for
    the check of the box as a limit."""
    inner, inside, inner_scope = box_inside(box, block, scope)
    findings.fits_in_boxes.update({key: inner_scope.fits[key] for key in inner_scope.fits if key not in scope.fits})
    findings.boxes.extend(inside.boxes)
    findings.costs.update(inside.costs)
    findings.fits_in_boxes.update(inside.fits_in_boxes)
    findings.rests_in_rounds.extend(inside.rests_in_rounds)
    findings.boxes.append(BoxFinding(block, box, inner, scope))
    low, high = format_minutes(box.low), format_minutes(box.high)
    return Cost(box.low * times.low, box.high * times.high, _times(low, times.low), _times(high, times.high))


def box_inside(box: Duration, block: Container, scope: Scope) -> tuple[Cost, Findings, Scope]:
    """One time through a box: the cost of its parts, what the walk found there, and the scope they
    were counted with. The steps without a duration inside share the box, not the session; a round
    inside that repeats 'zo vaak als de tijd toelaat' fills the box, from what the box leaves."""
    inside = Findings()
    inner_scope = replace(scope, multiplier=1)
    inner = _sum([cost_of(part, inner_scope, inside) for part in block.parts])
    if inside.open_ended:
        inner_scope = replace(
            inner_scope, fits={**scope.fits, **_repetitions_that_fit(inside.open_ended, box.high - inner.high)}
        )
        inside = Findings()
        inner = _sum([cost_of(part, inner_scope, inside) for part in block.parts])
    filled_by_the_rest(inner, box, scope.floor, inside.costs)  # the box counts its own time, whatever is inside
    return inner, inside, inner_scope


def _times(text: str, times: int) -> str:
    if not text or times == 1:
        return text
    inner = f"({text})" if (" + " in text or (" × " in text and not text.startswith("("))) else text
    return f"{inner} × {times} rondes"


def _sum(costs: list[Cost]) -> Cost:
    low_terms = [c.low_text for c in costs if c.low_text and c.low]
    high_terms = [c.high_text for c in costs if c.high_text and c.high]
    return Cost(
        sum((c.low for c in costs), Fraction(0)),
        sum((c.high for c in costs), Fraction(0)),
        _joined(low_terms),
        _joined(high_terms),
        sum(c.free_low for c in costs),
        sum(c.free_high for c in costs),
        tuple(step for c in costs for step in c.rests),
    )


def _joined(terms: list[str]) -> str:
    if len(terms) > SHOWN_TERMS:
        terms = terms[: SHOWN_TERMS // 2] + [f"… ({len(terms) - SHOWN_TERMS} meer) …"] + terms[-SHOWN_TERMS // 2 :]
    return " + ".join(terms)


# --- the check ---------------------------------------------------------------------------------


@record
class _Stated:
    """The duration a werkvorm states ('duur: 75 tot 90 min'), once it is known to state one."""

    low: Fraction
    high: Fraction
    span: Span

    @property
    def text(self) -> str:
        """'75 tot 90 min', or '60 min'."""
        if self.low != self.high:
            return f"{format_minutes(self.low)} tot {format_minutes(self.high)} min"
        return f"{format_minutes(self.high)} min"


def _stated_of(timing: Timing) -> _Stated | None:
    if timing.stated_low is None or timing.stated_high is None or timing.stated_span is None:
        return None
    return _Stated(timing.stated_low, timing.stated_high, timing.stated_span)


def problems(werkvorm: Werkvorm, timing: Timing) -> list[Diagnostic]:
    """E401, W402, W403, W404, E406, W407, W408, I409, W410 and W411, each showing its arithmetic."""
    session = session_of(werkvorm)
    if session is None:
        return []
    found = [problem for box in timing.boxes for problem in _box_problems(werkvorm, box, timing.floor)]
    found += _nothing_timed(werkvorm, session, timing.floor)
    found += _open_ended_notes(werkvorm, timing, session)
    found += _rest_problems(werkvorm, timing)
    stated = _stated_of(timing)
    if stated is None:
        if werkvorm.fact("duur") is not None:
            return found  # the unreadable duration itself is already reported
        found += _rest_without_a_limit(werkvorm, timing)
        place = werkvorm.title.span if werkvorm.title else Span(1, 1, 1, 2)
        found.append(
            Diagnostic(
                "W404",
                Severity.WARNING,
                werkvorm.filename,
                place,
                f"De werkvorm zegt niet hoe lang hij duurt, dus ik kan de tijd niet controleren. {_ways(timing)}",
                "Zet bovenaan bijvoorbeeld 'duur: 1 uur'.",
            )
        )
        return found
    found += _total_problems(werkvorm, timing, stated, session)
    # With a KEUZE, each stretch of sizes keeps its own steps without a duration: the first that keeps
    # them too little says so.
    stretches = [replace(timing, total=cost) for _, cost in timing.by_size] or [timing]
    share_problem = next(
        (problem for each in stretches if (problem := _share_problem(werkvorm, each, stated, session))), None
    )
    if share_problem:
        found.append(share_problem)
    return list(dict.fromkeys(found))  # a time box outside a KEUZE is found in every stretch of sizes


def _total_problems(werkvorm: Werkvorm, timing: Timing, stated: _Stated, session: Section) -> list[Diagnostic]:
    filename, related = werkvorm.filename, _timed_parts(timing)
    if timing.shortest > stated.high:
        return [
            Diagnostic(
                "E401",
                Severity.ERROR,
                filename,
                stated.span,
                f"De stappen passen niet in de tijd: ook de kortste weg duurt {timing.sum_text()}, "
                f"en dat is meer dan de {stated.text} die er staat.{_floor_note(timing)}",
                f"Maak stappen korter, of maak de totale duur minstens {format_minutes(timing.shortest)} min.",
                related,
            )
        ]
    if timing.longest > stated.high:
        return [
            Diagnostic(
                "W402",
                Severity.WARNING,
                filename,
                stated.span,
                f"De stappen passen misschien niet in de tijd: de langste weg duurt {timing.sum_text(longest=True)}, "
                f"meer dan de {stated.text} die er staat (de kortste weg: {timing.sum_text()})."
                f"{_sizes_note(werkvorm, timing, stated, session)}",
                f"{_what_to_shorten(session.parts)}, of maak de totale duur langer.",
                related,
            )
        ]
    if stated.low < stated.high and timing.longest < stated.low and not timing.untimed_high:
        return [
            Diagnostic(
                "W407",
                Severity.WARNING,
                filename,
                stated.span,
                f"De werkvorm is korter dan er staat: de langste weg duurt {timing.sum_text(longest=True)}, minder dan "
                f"de {format_minutes(stated.low)} min waar de duur begint.",
                f"Maak de duur korter (bijvoorbeeld 'duur: {format_minutes(timing.longest)} min'), of plan meer tijd "
                "voor de stappen.",
                related,
            )
        ]
    return []


def _what_to_shorten(parts: tuple[Part, ...]) -> str:
    """The W402/W408 tip's first half, naming only what makes the longest way longer here: a range
    ('1 tot 2 min'), rounds, time per person, or parts held 'als er tijd is'; 'rondes' only where
    there are rounds."""
    inside = list(walk(parts))
    ranged = next((p for p in inside if isinstance(p, Step) and _is_range(p.duration)), None)
    ways = []
    if ranged is not None and ranged.duration_text is not None:
        written = ranged.duration_text.text.strip()
        ways.append(f"maak een reeks kleiner (zoals '{written}' bij '{_short(_label(ranged))}')")
    rounds = [p for p in inside if isinstance(p, Round)]
    if any(r.repeat is None or r.repeat.kind is not RepeatKind.PER_PERSON for r in rounds):
        ways.append("neem minder rondes")
    per_person = any(r.repeat is not None and r.repeat.kind is RepeatKind.PER_PERSON for r in rounds)
    if per_person or any(isinstance(p, Step) and p.duration is not None and p.duration.per_participant for p in inside):
        ways.append("maak de groep kleiner")
    if any(is_optional(p) for p in inside):
        ways.append("laat een onderdeel 'als er tijd is' weg")
    if not ways:
        ways.append("maak de stappen korter")
    said = ", ".join(ways[:-1]) + (" of " if len(ways) > 1 else "") + ways[-1]
    return said[:1].upper() + said[1:]


def _is_range(duration: Duration | None) -> bool:
    return duration is not None and duration.low < duration.high


def _ways(timing: Timing) -> str:
    if timing.shortest == timing.longest:
        return f"De stappen duren samen {timing.sum_text()}."
    return f"De kortste weg duurt {timing.sum_text()}, de langste {timing.sum_text(longest=True)}."


def _floor_note(timing: Timing) -> str:
    rest = f" De stap met de rest van de tijd telt daarin als {format_minutes(timing.floor)} min." * bool(
        timing.total.rests
    )
    if not timing.untimed_low:
        return rest
    return (
        f" Elke stap zonder duur telt daarin als {format_minutes(timing.floor)} min ({timing.untimed_low} keer)." + rest
    )


def _rest_problems(werkvorm: Werkvorm, timing: Timing) -> list[Diagnostic]:
    """E412 for a second step 'duur: de rest' in one limit, E413 for one in a round without a box."""
    found: list[Diagnostic] = []
    limits = [timing.total.rests, *timing.stretch_rests, *(box.inner.rests for box in timing.boxes)]
    for rests in dict.fromkeys(limits):  # the same limit in several stretches of sizes: said once
        first, *others = rests or (None,)
        found += [
            Diagnostic(
                "E412",
                Severity.ERROR,
                werkvorm.filename,
                _duration_place(step),
                "Er staan twee stappen met de rest van de tijd in hetzelfde deel: dan is niet te zeggen wie "
                "hoeveel krijgt.",
                "Geef één van beide een eigen duur, of zet ze elk in een eigen BLOK met een vaste tijd.",
                ((first.span, f"'{_short(first.title.text)}' krijgt al de rest"),) if first else (),
            )
            for step in dict.fromkeys(others)
        ]
    found += [
        Diagnostic(
            "E413",
            Severity.ERROR,
            werkvorm.filename,
            _duration_place(step),
            "Deze stap neemt de rest van de tijd, maar staat in een ronde zonder tijdvak: wat de rest van één "
            "keer is, valt dan niet te zeggen.",
            "Geef de ronde een regel 'tijdvak:' (zoals 'tijdvak: 10 min'): dan krijgt de stap elke keer de rest "
            "van dat tijdvak. Of geef de stap een eigen duur.",
        )
        for step in dict.fromkeys(timing.rests_in_rounds)
    ]
    return found


def _rest_without_a_limit(werkvorm: Werkvorm, timing: Timing) -> list[Diagnostic]:
    """W414: a step 'duur: de rest' outside any time box, and no 'duur:' on top to take the rest of."""
    return [
        Diagnostic(
            "W414",
            Severity.WARNING,
            werkvorm.filename,
            _duration_place(step),
            "Deze stap neemt de rest van de tijd, maar er staat bovenaan geen duur: ik weet niet wat de rest "
            f"is, en tel de stap als {format_minutes(timing.floor)} min.",
            "Zet bovenaan hoe lang de sessie duurt, bijvoorbeeld 'duur: 1 uur', of zet de stap in een BLOK met "
            "een vaste tijd.",
        )
        for step in dict.fromkeys(step for rests in (timing.total.rests, *timing.stretch_rests) for step in rests)
    ]


def _duration_place(step: Step) -> Span:
    return step.duration_text.span if step.duration_text is not None else step.span


def _sizes_note(werkvorm: Werkvorm, timing: Timing, stated: _Stated, session: Section) -> str:
    """'Past bij 4 deelnemers; bij 5 of 6 niet (75 of 90 min).' when the time depends on the number
    of participants, or else 'Met groepjes van 2 of 3 past het; …' when it depends on a subgroup's size."""
    if _more_parts_than(session.parts, MOST_PARTS_FOR_SIZES):
        return ""
    return _participants_note(werkvorm, stated) or _group_size_note(werkvorm, stated, session)


def _group_size_note(werkvorm: Werkvorm, stated: _Stated, session: Section) -> str:
    found = next(
        (
            (part, part.size)
            for part in walk(session.parts)
            if isinstance(part, Groups) and part.size is not None and part.size.low != part.size.high
        ),
        None,
    )
    if found is None:
        return ""
    groups, sizes = found
    if sizes.high - sizes.low >= MOST_SIZES_TRIED:
        return ""
    longest = {
        size: compute(werkvorm, sizes={id(groups): Count(size, size)}).longest
        for size in range(sizes.low, sizes.high + 1)
    }
    fitting = [size for size, minutes in longest.items() if minutes <= stated.high]
    too_long = [size for size, minutes in longest.items() if minutes > stated.high]
    if not fitting or not too_long:
        return ""
    return (
        f" Met groepjes van {_sizes(fitting)} past het; met groepjes van {_sizes(too_long)} niet "
        f"({_minutes_for(too_long, longest)} min)."
    )


def _participants_note(werkvorm: Werkvorm, stated: _Stated) -> str:
    persons = werkvorm.participants
    if persons is None or persons.low == persons.high or persons.high - persons.low >= MOST_SIZES_TRIED:
        return ""
    longest = {size: compute(werkvorm, Count(size, size)).longest for size in range(persons.low, persons.high + 1)}
    if len(set(longest.values())) == 1:
        return ""  # the time does not depend on the number of participants
    fitting = [size for size, minutes in longest.items() if minutes <= stated.high]
    too_long = [size for size, minutes in longest.items() if minutes > stated.high]
    if not fitting:
        return ""
    return (
        f" Het past bij {_sizes(fitting)} deelnemers; bij {_sizes(too_long)} niet "
        f"({_minutes_for(too_long, longest)} min)."
    )


def _more_parts_than(parts: tuple[Part, ...], most: int) -> bool:
    return any(count > most for count, _ in enumerate(walk(parts), start=1))


def _minutes_for(sizes: list[int], longest: dict[int, Fraction]) -> str:
    """'75 of 90': the longest way for these sizes, each length once ('65', not '65, 65, … of 65'
    when a KEUZE or a fixed block makes it the same for all of them)."""
    return _or(list(dict.fromkeys(format_minutes(longest[size]) for size in sizes)))


def _sizes(sizes: list[int]) -> str:
    """'4', '5 of 6', '3 tot en met 8': consecutive sizes as a range when there are more than two."""
    if len(sizes) > 2 and sizes[-1] - sizes[0] == len(sizes) - 1:
        return f"{sizes[0]} tot en met {sizes[-1]}"
    return _or(sizes)


def _or(items: list) -> str:
    words = [str(item) for item in items]
    if len(words) > 2 * SHOWN_TERMS:
        words = words[:SHOWN_TERMS] + ["…"] + words[-SHOWN_TERMS:]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " of " + words[-1]


def _share_problem(werkvorm: Werkvorm, timing: Timing, stated: _Stated, session: Section) -> Diagnostic | None:
    """W403 for the session: the same rule as for a time box (see `_box_problems`)."""
    share = _share(stated.high, timing.total, timing.floor)
    if share is None or share >= MIN_SHARE or timing.total.rests:  # the rest goes to the step 'duur: de rest'
        return None
    untimed = list(_untimed_steps(session.parts))
    left = max(Fraction(0), stated.high - timing.fixed_longest)
    return Diagnostic(
        "W403",
        Severity.WARNING,
        werkvorm.filename,
        stated.span,
        f"Er blijft weinig tijd over voor de stappen zonder duur: de langste weg duurt "
        f"{timing.sum_text(longest=True)}, met {format_minutes(timing.floor)} min voor elke stap zonder duur; "
        f"de stappen met een duur nemen dus {format_minutes(timing.fixed_longest)} van de {stated.text}. "
        f"{untimed_share_text(len(untimed), timing.untimed_high, left, share)}",
        _SHARE_HINT,
        _untimed_related(untimed),
    )


_SHARE_HINT = (
    f"Geef deze stappen een eigen duur, of maak andere stappen korter. Reken op minstens "
    f"{format_minutes(MIN_SHARE)} min per stap."
)


def untimed_share_text(count: int, held: int, left: Fraction, share: Fraction) -> str:
    """'2 stappen zonder duur delen 5 min, dat is 2,5 min per keer.'"""
    repeats = f" (door de rondes samen {held} keer)" if held != count else ""
    steps_word = f"stap zonder duur{repeats} houdt" if count == 1 else f"stappen zonder duur{repeats} delen"
    return f"{count} {steps_word} {format_minutes(left)} min, dat is {format_minutes(_round(share))} min per keer."


def _untimed_related(untimed: list[Step]) -> tuple:
    return tuple((step.span, f"'{_short(step.title.text)}' heeft geen duur") for step in untimed[:SHOWN_TERMS])


def _untimed_steps(parts: tuple[Part, ...]) -> Iterator[Step]:
    """The steps without a duration that share one limit: those inside a time box share the box."""
    for part in parts:
        match part:
            case Step():
                if part.duration is None and not part.rest:
                    yield part
            case Pause():
                pass
            case Round() | Groups() | TimeBox():
                if part.box is None:
                    yield from _untimed_steps(part.parts)
            case Choice():
                for way in part.ways:
                    yield from _untimed_steps(way.parts)
            case _:
                assert_never(part)


def _box_problems(werkvorm: Werkvorm, found: BoxFinding, floor: Fraction) -> list[Diagnostic]:
    """The session's rule for a time box: E406 when even the shortest way through it does not fit,
    W408 when the longest does not, W403 when its steps without a duration keep too little."""
    block, box, inner = found.block, found.box, found.inner
    place = _box_place(block)
    box_text = format_minutes(box.high)
    problems_here = []
    if inner.low > box.high:
        related = tuple((part.span, f"'{_short(_label(part))}'") for part in block.parts[:SHOWN_TERMS])
        problems_here.append(
            Diagnostic(
                "E406",
                Severity.ERROR,
                werkvorm.filename,
                place,
                f"De stappen passen niet in dit tijdvak van {box_text} min: ook de kortste weg erbinnen "
                f"duurt {_sum_text(inner.low_text, inner.low)}.",
                f"Maak het tijdvak minstens {format_minutes(inner.low)} min, of maak de stappen erin korter.",
                related,
            )
        )
    elif inner.high > box.high:
        problems_here.append(
            Diagnostic(
                "W408",
                Severity.WARNING,
                werkvorm.filename,
                place,
                f"De stappen passen misschien niet in dit tijdvak van {box_text} min: de langste weg erbinnen duurt "
                f"{_sum_text(inner.high_text, inner.high)} (de kortste: {format_minutes(inner.low)} min)."
                f"{_box_sizes_note(found)} Het draaiboek geeft de stappen hun langste tijd zolang het tijdvak dat "
                "toelaat; wat daarna komt, wordt korter.",
                f"{_what_to_shorten(block.parts)}, of maak het tijdvak {format_minutes(inner.high)} min.",
                _timed_inside(block),
            )
        )
    share = _share(box.high, inner, floor)
    if share is not None and share < MIN_SHARE and not inner.rests:
        untimed = list(_untimed_steps(block.parts))
        fixed = inner.high - floor * inner.free_high
        problems_here.append(
            Diagnostic(
                "W403",
                Severity.WARNING,
                werkvorm.filename,
                place,
                f"Er blijft in dit tijdvak weinig tijd over voor de stappen zonder duur: de stappen met een duur "
                f"nemen {format_minutes(fixed)} van de {box_text} min. "
                f"{untimed_share_text(len(untimed), inner.free_high, max(Fraction(0), box.high - fixed), share)}",
                _SHARE_HINT.replace("andere stappen korter", "andere stappen korter of het tijdvak langer"),
                _untimed_related(untimed),
            )
        )
    return problems_here


def _has_duration(step: Step) -> bool:
    """A step with a duration, or with a 'duur:' whose time cannot be read ('duur: als er tijd is'
    says on purpose that there is none)."""
    if step.duration is not None:
        return True
    return step.duration_text is not None and bool(split_optional(step.duration_text.text)[0].strip())


def _has_box(part: Part) -> bool:
    """A BLOK, or a round or GROEPJES with a 'tijdvak:' line, whether or not its time can be read."""
    match part:
        case TimeBox():
            return True
        case Round() | Groups():
            return part.box is not None or part.box_text is not None
        case Step() | Pause() | Choice():
            return False
        case _:
            assert_never(part)


def _share(limit: Fraction, cost: Cost, floor: Fraction) -> Fraction | None:
    """What each step without a duration gets of a limit, in the longest way; None without such steps."""
    if not cost.free_high:
        return None
    fixed = cost.high - floor * cost.free_high
    return max(Fraction(0), limit - fixed) / cost.free_high


def _sum_text(text: str, total: Fraction) -> str:
    if not text or text == format_minutes(total):
        return f"{format_minutes(total)} min"
    return f"{text} = {format_minutes(total)} min"


def _timed_inside(block: Container) -> tuple:
    return tuple(
        (part.span, f"'{_short(_label(part))}'")
        for part in block.parts[:SHOWN_TERMS]
        if not isinstance(part, Step) or part.duration is not None
    )


def _box_sizes_note(found: BoxFinding) -> str:
    """'Met groepjes van 2 past het; met groepjes van 3 tot en met 6 niet (30 tot 60 min).' when the
    inside of a box depends on the size of a subgroup, or 'Het past bij …' on the number of participants."""
    persons = found.scope.persons
    if (
        persons is None
        or persons.low == persons.high
        or persons.high - persons.low >= MOST_SIZES_TRIED
        or _more_parts_than(found.block.parts, MOST_PARTS_FOR_SIZES)
    ):
        return ""
    longest = {
        size: box_inside(found.box, found.block, replace(found.scope, persons=Count(size, size)))[0].high
        for size in range(persons.low, persons.high + 1)
    }
    fitting = [size for size, minutes in longest.items() if minutes <= found.box.high]
    too_long = [size for size, minutes in longest.items() if minutes > found.box.high]
    if not fitting or not too_long:
        return ""
    minutes = _minutes_for(too_long, longest)
    if found.scope.persons_word == "deelnemers":
        return f" Het past bij {_sizes(fitting)} deelnemers; bij {_sizes(too_long)} niet ({minutes} min)."
    return f" Met groepjes van {_sizes(fitting)} past het; met groepjes van {_sizes(too_long)} niet ({minutes} min)."


def _nothing_timed(werkvorm: Werkvorm, session: Section, floor: Fraction) -> list[Diagnostic]:
    """W411: no step of the session has a duration and none stands in a time box, so no limit says
    anything about the steps: each counts only the floor. A duration or box that was written but
    cannot be read counts as written: its own error says what is wrong with it."""
    steps = session.steps()
    if not steps or any(_has_duration(step) for step in steps):
        return []
    if any(_has_box(part) for part in walk(session.parts)):
        return []
    return [
        Diagnostic(
            "W411",
            Severity.WARNING,
            werkvorm.filename,
            session.heading.span,
            "Geen enkele stap in de SESSIE heeft een duur, dus ik kan niet controleren of de werkvorm in de tijd "
            f"past: elke stap telt nu alleen voor het minimum van {format_minutes(floor)} min.",
            "Geef de stappen een regel 'duur:', zoals 'duur: 10 min', of zet ze samen in een blok met een vaste "
            "tijd, zoals 'BLOK 20 min'.",
        )
    ]


def _box_place(block: Container) -> Span:
    """Where a block's fixed time is written: its 'tijdvak:' line, or BLOK's own heading."""
    match block:
        case Round() | Groups():
            return block.box_text.span if block.box_text is not None else block.heading.span
        case TimeBox():
            return block.heading.span
        case _:
            assert_never(block)


def _open_ended_notes(werkvorm: Werkvorm, timing: Timing, session: Section) -> list[Diagnostic]:
    notes = []
    stated = _stated_of(timing)
    for part in walk(session.parts):
        if not (isinstance(part, Round) and part.repeat and part.repeat.kind is RepeatKind.AS_TIME_ALLOWS):
            continue
        if id(part) in timing.fits_in_boxes:
            notes.append(
                Diagnostic(
                    "I409",
                    Severity.INFO,
                    werkvorm.filename,
                    part.heading.span,
                    f"Deze ronde past {timing.fits[id(part)]} keer in het tijdvak eromheen.",
                    "Zo staat hij ook in het draaiboek; ik reken met dit aantal.",
                )
            )
            continue
        if stated is None:
            notes.append(
                Diagnostic(
                    "W410",
                    Severity.WARNING,
                    werkvorm.filename,
                    part.heading.span,
                    "Deze ronde gaat door zo vaak als de tijd toelaat, maar er staat geen totale duur; "
                    "ik reken met één keer.",
                    "Zet bovenaan bijvoorbeeld 'duur: 1 uur'.",
                )
            )
            continue
        times = timing.fits.get(id(part), 1)
        if times == 1 and timing.longest > stated.high:
            message = (
                f"Deze ronde past geen enkele keer meer: zonder herhaling duurt de werkvorm al "
                f"{format_minutes(timing.longest)} min, langer dan de {stated.text}. Ik reken met één keer."
            )
        else:
            message = f"Deze ronde past {times} keer in de {stated.text}."
        notes.append(
            Diagnostic(
                "I409",
                Severity.INFO,
                werkvorm.filename,
                part.heading.span,
                message,
                "Zo staat hij ook in het draaiboek; ik reken de langste weg met dit aantal.",
            )
        )
    return notes


def _timed_parts(timing: Timing) -> tuple:
    timed = [
        (part.span, f"'{_short(_label(part))}': {_minutes_range(cost.low, cost.high)}")
        for part, cost in timing.parts
        if cost.high
    ]
    return tuple(timed[:SHOWN_TERMS])


def _label(part: Part) -> str:
    match part:
        case Step():
            return part.title.text
        case Pause() | Round() | Groups() | TimeBox() | Choice():
            return f"{part.heading.label} {part.heading.text}".strip()
        case _:
            assert_never(part)


def _minutes_range(low: Fraction, high: Fraction) -> str:
    if low == high:
        return f"{format_minutes(low)} min"
    return f"{format_minutes(low)} tot {format_minutes(high)} min"


def _short(text: str, width: int = 50) -> str:
    first = text.split("\n", 1)[0]
    return first if len(first) <= width else first[: width - 1] + "…"


def _round(minutes: Fraction) -> Fraction:
    return Fraction(round(minutes * 10), 10)
