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
    bullets: list[BulletItem] = []  # the run being collected; a list, so adding an item costs O(1)
    for block in blocks:
        if for_participants and isinstance(block, (FacilitatorOnly, Note)):
            continue
        if isinstance(block, BulletItem):
            if bullets and (bullets[-1].number is None) != (block.number is None):
                _close_bullets(found, bullets)  # '- punt' after '2. punt' starts a list of its own
            bullets.append(block)
            continue
        _close_bullets(found, bullets)
        found.append(block)
    _close_bullets(found, bullets)
    return found


def _close_bullets(found: list, bullets: list[BulletItem]) -> None:
    if bullets:
        found.append(BulletList(tuple(bullets), bullets[0].number is not None))
        bullets.clear()


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


@dataclass(frozen=True)
class QuestionsAtStep:
    """A question list as the draaiboek shows it at a step: in full, or as a pointer to where it was."""

    questions: QuestionList
    printed_at: Step | None  # None: in full here; else the first step that has it in full


def questions_at_steps(werkvorm: Werkvorm) -> dict[int, list[QuestionsAtStep]]:
    """For each session step (by identity), its question lists: each once per step, in full the
    first QUESTION_LIST_FULL_PRINTS times a list is named, after that a pointer (W215, W216)."""
    from ..checks import QUESTION_LIST_FULL_PRINTS

    lists = werkvorm.question_lists()
    session = werkvorm.section("sessie")
    printed: dict[str, list[Step]] = {}
    found: dict[int, list[QuestionsAtStep]] = {}
    for step in session.steps() if session is not None and hasattr(session, "steps") else ():
        here = found.setdefault(id(step), [])
        for key in dict.fromkeys(ref.text.lower() for ref in step.question_refs):
            if key not in lists:
                continue
            earlier = printed.setdefault(key, [])
            full = len(earlier) < QUESTION_LIST_FULL_PRINTS
            here.append(QuestionsAtStep(lists[key], None if full else earlier[0]))
            if full:
                earlier.append(step)
    return found


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
