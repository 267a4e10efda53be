"""The overzicht: the session at a glance on one page, for the facilitator's table during the session."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import assert_never

from werkvorm_dsl.analysis.schedule import Plan, RowKind, Slot
from werkvorm_dsl.language.nodes import Groups, Pause, Round, Step, TimeBox
from werkvorm_dsl.output.documents import common
from werkvorm_dsl.output.registry import Backend, BuildContext, Document, register


@register
class Overzicht(Backend):
    name = "overzicht"
    title = "Overzicht voor de begeleider"
    formats = ("html", "md")

    def render(self, context: BuildContext, document: str | None = None) -> Document:
        from werkvorm_dsl.output.render import render

        data = view(context)
        return Document(
            self.name, self.title, {"html": render("overzicht.html", **data), "md": render("overzicht.md", **data)}
        )


@dataclass(frozen=True)
class GlanceRow:
    """One line of the overzicht: a step, a break, or a whole block with how often it is held."""

    start: str
    end: str
    minutes: str
    what: str
    extra: bool  # only when there is time
    estimated: bool  # a share of the minutes left for steps without a duration


@dataclass(frozen=True)
class Closing:
    """When the closing must start at the latest, so the session ends on time."""

    number: str
    latest: str
    ends: str


def view(context: BuildContext) -> dict:
    werkvorm, plan = context.werkvorm, context.plan
    return {
        "w": werkvorm,
        "doctype": Overzicht.title,
        "plan": plan,
        "facts": [
            *common.variant_fact(context.variant, for_participants=False),
            *common.facts(werkvorm, plan, context.datum),
        ],
        "version": common.version(werkvorm),
        "rows": glance_rows(plan),
        "closing": closing(plan),
        "summary": common.summary(plan),
        "concept": context.concept,
        "large": False,
        "huisstijl": context.huisstijl,
    }


def glance_rows(plan: Plan) -> list[GlanceRow]:
    """The top level of the plan: a block's repetitions as one row, those held only when there is
    time as a second row ('Ronde 3: alleen als er tijd is')."""
    rows: list[GlanceRow] = []
    top = [slot for slot in plan.slots if slot.depth == 0]  # a time box's spare minutes are never at the top
    index = 0
    while index < len(top):
        slot = top[index]
        match slot.kind:
            case RowKind.STEP | RowKind.PAUSE:
                rows.append(_row(plan, [slot], _part_text(slot), slot.extra, slot.estimated))
                index += 1
                continue
            case RowKind.SLACK:
                index += 1  # the facilitator's spare minutes: no row of their own at a glance
                continue
            case RowKind.BLOCK | RowKind.SUMMARY:
                pass  # a block's repetitions, read as one run below
            case _:
                assert_never(slot.kind)
        run = [slot]
        while (
            index + len(run) < len(top)
            and top[index + len(run)].part is slot.part
            and top[index + len(run)].kind in (RowKind.BLOCK, RowKind.SUMMARY)
        ):
            run.append(top[index + len(run)])
        index += len(run)
        held = [s for s in run if not s.extra]
        extra = [s for s in run if s.extra]
        if held:
            rows.append(_row(plan, held, _block_text(slot, held) + _round_starts(plan, held), False, False))
        if extra:
            text = _extra_text(slot, held, extra) if held else _block_text(slot, extra)
            rows.append(_row(plan, extra, text, True, False))
    return rows


def _row(plan: Plan, slots: list[Slot], what: str, extra: bool, estimated: bool) -> GlanceRow:
    start, end = slots[0].start, slots[-1].end
    minutes = plan_minutes(plan, start, end)
    return GlanceRow(plan.clock(start), plan.clock(end), minutes, what, extra, estimated)


def plan_minutes(plan: Plan, start: Fraction, end: Fraction) -> str:
    """Whole minutes as the clock shows them, so a row's end minus its start is its minutes."""
    return str(_on_clock(end) - _on_clock(start))


def _on_clock(minutes: Fraction) -> int:
    return int(minutes + Fraction(1, 2))  # as Plan.clock rounds: halves up


def _part_text(slot: Slot) -> str:
    part = slot.part
    match part:
        case Step():
            return f"{slot.label} {part.title.text}"
        case Pause():
            return slot.title
        case Round() | Groups() | TimeBox():
            raise TypeError("a block is shown as a run of rows")
        case None:
            raise TypeError(f"a row of kind {slot.kind.value!r} without its part")
        case _:
            assert_never(part)


def _block_text(first: Slot, held: list[Slot]) -> str:
    block = common.block_of(first)
    match block:
        case Round():
            title = f"Ronde, {_count(held)} keer" + (" (als er tijd is)" if block.optional else "")
        case Groups() | TimeBox():
            title = common.block_title(block)
        case _:
            assert_never(block)
    description = f": {block.description}" if block.description else ""
    return f"{first.label} {title}{description}"


MOST_START_TIMES = 8  # a round held more often is summed up in the plan after its eighth time, too


def _round_starts(plan: Plan, run: list[Slot]) -> str:
    """When each time of the outermost round in a run of rows begins ('; rondes om 14:06, 14:16 en
    14:26'): the facilitator at the table sees when to call the next round. Said in the run's own
    row when the run is a round, and for the round inside a block of subgroups as well."""
    begin, end = run[0].start, run[-1].end
    heads = [
        slot
        for slot in plan.slots
        if slot.kind is RowKind.BLOCK
        and isinstance(slot.part, Round)
        and not slot.extra
        and begin <= slot.start < end
        and slot.depth >= run[0].depth
    ]
    if not heads:
        return ""
    outermost = min(head.depth for head in heads)
    starts = list(dict.fromkeys(plan.clock(head.start) for head in heads if head.depth == outermost))
    if len(starts) < 2 or not plan.start_clock:
        return ""  # one time is the row's own start; without a clock, '0:10' would read as a time of day
    shown = starts[:MOST_START_TIMES]
    more = ", …" if len(starts) > MOST_START_TIMES or any(s.kind is RowKind.SUMMARY for s in run) else ""
    return f"; rondes om {', '.join(shown[:-1])} en {shown[-1]}{more}"


def _extra_text(first: Slot, held: list[Slot], extra: list[Slot]) -> str:
    """The repetitions of a round beyond those always held: 'Ronde 3: alleen als er tijd is'."""
    begin = len(held) + 1
    end = len(held) + _count(extra)
    numbers = f"Ronde {begin}" if begin == end else f"Ronde {begin} tot {end}"
    return f"{numbers}: alleen als er tijd is"


def _count(slots: list[Slot]) -> int:
    """Repetitions in a run; a summary row stands for several ('nog 8 rondes')."""
    return sum(slot.repetitions for slot in slots)


def closing(plan: Plan) -> Closing | None:
    """The last step of the session, when the session ends with one: at the latest it starts so
    much before the planned end as it lasts."""
    top = [slot for slot in plan.slots if slot.depth == 0]
    if not top or top[-1].kind is not RowKind.STEP:
        return None
    last = top[-1]
    end = plan.booked_end
    latest = end - Fraction(_on_clock(last.end) - _on_clock(last.start))
    return Closing(last.number, _moment(plan, latest), _moment(plan, end))


def _moment(plan: Plan, minutes: Fraction) -> str:
    """'om 14:58' on the clock; without a start time '87 min na het begin', never a bare '1:27'."""
    if plan.start_clock:
        return f"om {plan.clock(minutes)}"
    return f"{_on_clock(minutes)} min na het begin"
