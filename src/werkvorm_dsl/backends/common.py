"""What several outputs show alike: the facts, numbered steps, grouped lists and the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..nodes import BulletItem, FacilitatorOnly, ListSection, Note, QuestionList, Round, Step, Werkvorm
from ..timing import Plan
from ..values import format_minutes

FACT_ORDER = ("soort", "duur", "deelnemers", "vorm", "begeleiding", "begintijd")


@dataclass(frozen=True)
class BulletList:
    """Consecutive list items, grouped so templates can wrap them in one <ul> or <ol>."""

    items: tuple[BulletItem, ...]
    numbered: bool


def grouped(blocks, for_participants: bool = False) -> list:
    """Blocks in order, consecutive bullets as one BulletList; facilitator text left out on request."""
    found: list = []
    for block in blocks:
        if for_participants and isinstance(block, (FacilitatorOnly, Note)):
            continue
        if isinstance(block, BulletItem):
            if found and isinstance(found[-1], BulletList):
                last = found[-1]
                found[-1] = BulletList(last.items + (block,), last.numbered)
            else:
                found.append(BulletList((block,), block.number is not None))
        else:
            found.append(block)
    return found


def facts(werkvorm: Werkvorm) -> list[tuple[str, str]]:
    """(label as the author wrote it, value), in a fixed order, start questions and goal apart."""
    shown = []
    for key in FACT_ORDER:
        for fact in werkvorm.facts_of(key):
            shown.append((fact.label[:1].upper() + fact.label[1:], fact.text))
    return shown


def list_sections(werkvorm: Werkvorm) -> list[ListSection]:
    return [s for s in werkvorm.sections if isinstance(s, ListSection)]


def question_lists(werkvorm: Werkvorm) -> list[QuestionList]:
    return [s for s in werkvorm.sections if isinstance(s, QuestionList)]


def step_numbers(plan: Plan) -> dict[int, str]:
    """The number each step carries in the agenda, by the step's identity."""
    numbers: dict[int, str] = {}
    for slot in plan.slots:
        if slot.step is not None:
            numbers.setdefault(id(slot.step), slot.number)
    return numbers


def slot_times(plan: Plan) -> dict[int, tuple[str, str]]:
    """For each step, the clock times of its first occurrence."""
    times: dict[int, tuple[str, str]] = {}
    for slot in plan.slots:
        if slot.step is not None and id(slot.step) not in times:
            times[id(slot.step)] = (plan.clock(slot.start), plan.clock(slot.start + slot.minutes))
    return times


def step_meta(step: Step, times: dict, plan: Plan) -> str:
    """'0:05–0:25 · 20 min · wie: deelnemers', or 'duur: geschat' for a step without one."""
    parts = []
    if id(step) in times:
        parts.append("–".join(times[id(step)]))
    if step.duration_text is not None:
        parts.append(step.duration_text.text)
    else:
        share = plan.timing.share
        parts.append(f"ca. {format_minutes(_tenth(share))} min (schatting)" if share is not None else "geen duur")
    if step.roles:
        parts.append("wie: " + ", ".join(step.roles))
    return " · ".join(parts)


def summary(plan: Plan) -> str:
    """The total set against the stated duration, in one Dutch sentence."""
    timing = plan.timing
    total = format_minutes(_tenth(plan.end))
    stated = f" van de {format_minutes(timing.stated_high)} min" if timing.stated_high is not None else ""
    verdict = "" if timing.stated_high is None else (" (past)" if plan.end <= timing.stated_high else " (past niet)")
    missing = "" if timing.stated_high is not None else " Er staat geen totale duur."
    steps = "stap" if timing.untimed_high == 1 else "stappen"
    share = format_minutes(_tenth(timing.share or Fraction(0)))
    if not timing.untimed_high:
        return f"Gepland: {format_minutes(timing.longest)} min met een vaste duur{stated}{verdict}.{missing}"
    if not timing.longest:
        return (f"Geen stap heeft een eigen duur: {timing.untimed_high} {steps} delen samen {total} min{stated}, "
                f"geschat ca. {share} min per stap{verdict}.{missing}")
    estimated = format_minutes(_tenth((timing.share or Fraction(0)) * timing.untimed_high))
    return (f"Gepland: {format_minutes(timing.longest)} min met een vaste duur en {estimated} min geschat voor "
            f"{timing.untimed_high} {steps} zonder duur; samen {total} min{stated}{verdict}.{missing}")


def _tenth(value: Fraction) -> Fraction:
    return Fraction(round(value * 10), 10)


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    label: str
    estimated: bool
    extra: bool


def timeline(plan: Plan, width: float = 600.0) -> dict:
    """Geometry for the timeline picture; the template draws it, the agenda says it in words."""
    total = max(plan.end, plan.timing.stated_high or Fraction(0), Fraction(1))
    scale = width / float(total)
    segments = [Segment(float(s.start) * scale, max(float(s.minutes) * scale, 0.0), s.number, s.estimated, s.extra)
                for s in plan.slots]
    step = 10 if total <= 60 else 15 if total <= 120 else 30 if total <= 240 else 60
    ticks = [(float(m) * scale, plan.clock(Fraction(m))) for m in range(0, int(total) + 1, step)]
    stated = float(plan.timing.stated_high) * scale if plan.timing.stated_high else None
    return {"segments": segments, "ticks": ticks, "stated_x": stated, "width": width, "alt": timeline_alt(plan)}


def timeline_alt(plan: Plan, most: int = 24) -> str:
    """The picture's meaning in words: the agenda, for screen readers and the tagged PDF."""
    rows = [f"{s.number}. {plan.clock(s.start)}–{plan.clock(s.start + s.minutes)}, {s.minutes_text} min"
            f"{' (schatting)' if s.estimated else ''}{' (extra ronde)' if s.extra else ''}"
            for s in plan.slots[:most]]
    more = f"; en nog {len(plan.slots) - most} stappen" if len(plan.slots) > most else ""
    return f"Tijdlijn van de sessie. {summary(plan)} " + "; ".join(rows) + more + "."


def is_round(part) -> bool:
    return isinstance(part, Round)
