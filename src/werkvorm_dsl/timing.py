"""The timing check: the shortest and longest way through a session, and a plan with clock times."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .diagnostics import Diagnostic, Severity
from .nodes import Count, Round, Section, Span, Step, Werkvorm
from .values import format_minutes

MIN_SHARE = Fraction(3)  # below this, a step without a duration cannot really be done
SHOWN_TERMS = 12  # longer sums are shortened in messages, so 100,000 steps stay one line


@dataclass(frozen=True, slots=True)
class Part:
    """A step or a round as the timing sees it: its minutes and its steps without a duration."""

    span: Span
    label: str
    low: Fraction
    high: Fraction
    untimed_low: int
    untimed_high: int
    low_term: str
    high_term: str


@dataclass(frozen=True, slots=True)
class Timing:
    """What `werkvorm check`, the draaiboek and the tijdschema all report, computed once."""

    stated_low: Fraction | None
    stated_high: Fraction | None
    stated_span: Span | None
    parts: tuple[Part, ...]
    shortest: Fraction  # with rounds and groups at their smallest; steps without duration count 0
    longest: Fraction
    untimed_low: int
    untimed_high: int

    @property
    def leftover(self) -> Fraction | None:
        """Time the steps without a duration share, in the longest way through."""
        if self.stated_high is None:
            return None
        return self.stated_high - self.longest

    @property
    def share(self) -> Fraction | None:
        """The estimate for each step without a duration."""
        if self.leftover is None or not self.untimed_high:
            return None
        return max(Fraction(0), self.leftover) / self.untimed_high

    def sum_text(self, longest: bool = False) -> str:
        terms = [p.high_term if longest else p.low_term for p in self.parts if (p.high if longest else p.low)]
        total = self.longest if longest else self.shortest
        if not terms:
            return "0 min"
        if len(terms) > SHOWN_TERMS:
            terms = terms[:SHOWN_TERMS // 2] + [f"… ({len(terms) - SHOWN_TERMS} meer) …"] + terms[-SHOWN_TERMS // 2:]
        if len(terms) == 1 and terms[0] == format_minutes(total):
            return f"{terms[0]} min"
        return f"{' + '.join(terms)} = {format_minutes(total)} min"


def session_of(werkvorm: Werkvorm) -> Section | None:
    section = werkvorm.section("sessie")
    return section if isinstance(section, Section) else None


def compute(werkvorm: Werkvorm) -> Timing:
    stated = werkvorm.total_duration
    fact = werkvorm.fact("duur")
    session = session_of(werkvorm)
    parts = tuple(_part(item, werkvorm.participants) for item in (session.parts if session else ()))
    return Timing(
        stated.low if stated else None,
        stated.high if stated else None,
        fact.span if fact else None,
        parts,
        sum((p.low for p in parts), Fraction(0)),
        sum((p.high for p in parts), Fraction(0)),
        sum(p.untimed_low for p in parts),
        sum(p.untimed_high for p in parts),
    )


def _step_minutes(step: Step, participants: Count | None) -> tuple[Fraction, Fraction, str, str]:
    duration = step.duration
    if duration is None:
        return Fraction(0), Fraction(0), "", ""
    if not duration.per_participant:
        return duration.low, duration.high, format_minutes(duration.low), format_minutes(duration.high)
    if participants is None:
        return Fraction(0), Fraction(0), "", ""  # reported by the check as E208
    low, high = duration.low * participants.low, duration.high * participants.high
    return (low, high, f"({format_minutes(duration.low)} × {participants.low} deelnemers)",
            f"({format_minutes(duration.high)} × {participants.high} deelnemers)")


def repeat_count(round_: Round, participants: Count | None) -> Count:
    """How often a round is held; once per participant needs the group size."""
    if round_.repeat is None:
        return Count(1, 1)
    if round_.repeat.times is None:
        return participants or Count(1, 1)
    return round_.repeat.times


def _part(item: Step | Round, participants: Count | None) -> Part:
    if isinstance(item, Step):
        low, high, low_term, high_term = _step_minutes(item, participants)
        untimed = int(item.duration is None)
        return Part(item.span, item.title.text, low, high, untimed, untimed, low_term, high_term)
    times = repeat_count(item, participants)
    inner = [_step_minutes(step, participants) for step in item.steps]
    untimed = sum(step.duration is None for step in item.steps)
    low_sum, high_sum = sum((m[0] for m in inner), Fraction(0)), sum((m[1] for m in inner), Fraction(0))
    low_terms = [m[2] for m in inner if m[0]]
    high_terms = [m[3] for m in inner if m[1]]
    return Part(item.span, f"ronde {item.heading.text}", low_sum * times.low, high_sum * times.high,
                untimed * times.low, untimed * times.high,
                _times_term(low_terms, times.low), _times_term(high_terms, times.high))


def _times_term(terms: list[str], times: int) -> str:
    if not terms:
        return ""
    inner = terms[0] if len(terms) == 1 else f"({' + '.join(terms)})"
    return inner if times == 1 else f"{inner} × {times} rondes"


def problems(werkvorm: Werkvorm, timing: Timing) -> list[Diagnostic]:
    """E401, W402, W403 and W404, each showing its arithmetic."""
    if session_of(werkvorm) is None:
        return []
    filename = werkvorm.filename
    if timing.stated_high is None:
        if werkvorm.fact("duur") is not None:
            return []  # the unreadable duration itself is already reported
        place = werkvorm.title.span if werkvorm.title else Span(1, 1, 1, 2)
        return [Diagnostic("W404", Severity.WARNING, filename, place,
                           "De werkvorm zegt niet hoe lang hij duurt, dus ik kan de tijd niet controleren.",
                           "Zet bovenaan bijvoorbeeld 'duur: 1 uur'.")]
    stated = f"{format_minutes(timing.stated_high)} min"
    found: list[Diagnostic] = []
    related = _timed_parts(timing)
    if timing.shortest > timing.stated_high:
        found.append(Diagnostic(
            "E401", Severity.ERROR, filename, timing.stated_span,
            f"De stappen passen niet in de tijd: ook de kortste weg duurt {timing.sum_text()}, "
            f"en dat is meer dan de {stated} die er staat.",
            f"Maak stappen korter, of maak de totale duur minstens {format_minutes(timing.shortest)} min.", related))
    elif timing.longest > timing.stated_high:
        found.append(Diagnostic(
            "W402", Severity.WARNING, filename, timing.stated_span,
            f"De stappen passen misschien niet in de tijd: de langste weg duurt {timing.sum_text(longest=True)}, "
            f"meer dan de {stated} die er staat (de kortste weg: {timing.sum_text()}).",
            "Maak een reeks of het aantal rondes kleiner, of maak de totale duur langer.", related))
    share_problem = _share_problem(werkvorm, timing, stated, related)
    if share_problem:
        found.append(share_problem)
    return found


def _share_problem(werkvorm: Werkvorm, timing: Timing, stated: str, related) -> Diagnostic | None:
    if not timing.untimed_high or timing.share is None or timing.share >= MIN_SHARE:
        return None
    untimed = [(p.span, f"'{_short(p.label)}' heeft geen duur") for p in timing.parts if p.untimed_high]
    count = timing.untimed_high
    left = max(Fraction(0), timing.leftover)
    steps_word = "stap zonder duur houdt" if count == 1 else "stappen zonder duur delen"
    return Diagnostic(
        "W403", Severity.WARNING, werkvorm.filename, timing.stated_span,
        f"Er blijft weinig tijd over voor de stappen zonder duur: {timing.sum_text(longest=True)} van de {stated}; "
        f"{count} {steps_word} {format_minutes(left)} min, "
        f"dat is {format_minutes(_round(timing.share))} min per stap.",
        f"Geef deze stappen een eigen duur, of maak andere stappen korter. Reken op minstens "
        f"{format_minutes(MIN_SHARE)} min per stap.", tuple(untimed[:SHOWN_TERMS]))


def _timed_parts(timing: Timing) -> tuple:
    timed = [(p.span, f"'{_short(p.label)}': {_minutes_range(p.low, p.high)}") for p in timing.parts if p.high]
    return tuple(timed[:SHOWN_TERMS])


def _minutes_range(low: Fraction, high: Fraction) -> str:
    if low == high:
        return f"{format_minutes(low)} min"
    return f"{format_minutes(low)} tot {format_minutes(high)} min"


def _short(text: str, width: int = 50) -> str:
    first = text.split("\n", 1)[0]
    return first if len(first) <= width else first[: width - 1] + "…"


def _round(minutes: Fraction) -> Fraction:
    return Fraction(round(minutes * 10), 10)


# --- the plan: what the draaiboek, the handout and the tijdschema show -------------------------

MAX_EXPANDED_ROUNDS = 8  # more rounds than this are summed up in one row, so 1,000,000 rounds stay one page


@dataclass(frozen=True, slots=True)
class Slot:
    """One row of the agenda: a step as held at a moment, or a summary of many rounds."""

    number: str  # "3", or "3.2" for the second step of a round
    title: str
    step: Step | None  # None for a summary row
    round_number: int | None  # 1-based, within its round
    round_total: str  # "2 tot 3" for display, empty outside rounds
    start: Fraction  # minutes from the beginning
    minutes: Fraction
    minutes_text: str  # "15 tot 20", "ca. 2,5" for an estimate
    estimated: bool
    extra: bool  # a round beyond the smallest count: held only when there is time


@dataclass(frozen=True, slots=True)
class Plan:
    timing: Timing
    slots: tuple[Slot, ...]
    start_clock: str | None  # "14:00", or None for elapsed time from 0:00

    @property
    def end(self) -> Fraction:
        return self.slots[-1].start + self.slots[-1].minutes if self.slots else Fraction(0)

    def clock(self, minutes: Fraction) -> str:
        """A moment as a clock time, rounded to the minute."""
        base = 0
        if self.start_clock:
            hours, mins = self.start_clock.split(":")
            base = int(hours) * 60 + int(mins)
        total = base + int(round(minutes))
        if self.start_clock:
            total %= 24 * 60
        return f"{total // 60}:{total % 60:02d}"


def plan(werkvorm: Werkvorm, start_clock: str | None = None) -> Plan:
    """The agenda for the largest group and the most rounds; steps without a duration share what is left."""
    timing = compute(werkvorm)
    session = session_of(werkvorm)
    share = timing.share if timing.share is not None else Fraction(0)
    slots: list[Slot] = []
    cursor = Fraction(0)
    number = 0
    for part in session.parts if session else ():
        number += 1
        if isinstance(part, Step):
            slot = _slot(str(number), part, None, "", cursor, werkvorm.participants, share, extra=False)
            slots.append(slot)
            cursor += slot.minutes
            continue
        cursor = _round_slots(part, number, werkvorm.participants, share, cursor, slots)
    return Plan(timing, tuple(slots), start_clock or werkvorm.start_time)


def _round_slots(round_: Round, number: int, participants: Count | None, share: Fraction,
                 cursor: Fraction, slots: list[Slot]) -> Fraction:
    times = repeat_count(round_, participants)
    total = str(times.low) if times.low == times.high else f"{times.low} tot {times.high}"
    shown = min(times.high, MAX_EXPANDED_ROUNDS)
    for index in range(1, shown + 1):
        for position, step in enumerate(round_.steps, start=1):
            slot = _slot(f"{number}.{position}", step, index, total, cursor, participants, share, extra=index > times.low)
            slots.append(slot)
            cursor += slot.minutes
    if times.high > shown:
        rest = times.high - shown
        one_round = sum((_slot("", s, 1, total, cursor, participants, share, False).minutes for s in round_.steps),
                        Fraction(0))
        minutes = one_round * rest
        slots.append(Slot(f"{number}.…", f"nog {rest} rondes", None, shown + 1, total, cursor, minutes,
                          format_minutes(minutes), False, shown + 1 > times.low))
        cursor += minutes
    return cursor


def _slot(number: str, step: Step, round_number: int | None, round_total: str, start: Fraction,
          participants: Count | None, share: Fraction, extra: bool) -> Slot:
    duration = step.duration
    if duration is None:
        return Slot(number, step.title.text, step, round_number, round_total, start, share,
                    f"ca. {format_minutes(_round(share))}", True, extra)
    factor = (participants.high if participants else 0) if duration.per_participant else 1
    low, high = duration.low * factor, duration.high * factor
    text = format_minutes(high) if low == high else f"{format_minutes(low)} tot {format_minutes(high)}"
    return Slot(number, step.title.text, step, round_number, round_total, start, high, text, False, extra)
