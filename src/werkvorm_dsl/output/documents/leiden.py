"""The live view for leading the session: one self-contained HTML file that follows the plan on the real clock."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, assert_never

from werkvorm_dsl.analysis.schedule import Plan, RowKind, Slot
from werkvorm_dsl.analysis.timing import repeat_count
from werkvorm_dsl.language.nodes import (
    Attachment,
    Block,
    BulletItem,
    Choice,
    Count,
    Example,
    FacilitatorOnly,
    Groups,
    Link,
    Materials,
    Note,
    Paragraph,
    Part,
    Pause,
    RepeatKind,
    Round,
    Step,
    Teaser,
    TimeBox,
    Way,
    is_optional,
)
from werkvorm_dsl.output.documents import common
from werkvorm_dsl.output.registry import Backend, BuildContext, Document, register


@register
class Leiden(Backend):
    name = "leiden"
    title = "Sessie leiden"
    formats = ("html",)

    def render(self, context: BuildContext, document: str | None = None) -> Document:
        from werkvorm_dsl.output.documents.zaal import script_json
        from werkvorm_dsl.output.render import render

        data = plan_data(context)
        return Document(
            self.name,
            self.title,
            {
                "html": render(
                    "leiden.html",
                    w=context.werkvorm,
                    doctype=self.title,
                    variant=context.variant,
                    plan_json=script_json(data),
                    huisstijl=context.huisstijl,  # its colours: the palette the other documents draw with
                )
            },
        )


def plan_data(context: BuildContext) -> dict[str, Any]:
    """What the live view needs, from the same plan as tijdschema.json: every row that takes time, in order."""
    # Imported here, not above: the room's screen registers after the live view (the build's order).
    from werkvorm_dsl.output.documents.zaal import screen_data, timed_rows
    from werkvorm_dsl.output.render import plain

    plan = context.plan
    questions = common.questions_at_steps(context.werkvorm)
    rounds = _round_runs(plan, context.werkvorm.participants)
    steps = [_row(slot, heads, plan, questions) | _choices(slot, heads, rounds) for slot, heads in timed_rows(plan)]
    data = {
        "titel": plain(context.werkvorm.title.text) if context.werkvorm.title else "",
        "variant": plain(context.variant.name) if context.variant else None,  # issue 24: which one is led
        "begintijd": plan.start_clock,
        "einde": float(plan.end),
        "einde_klok": plan.clock(plan.end) if plan.start_clock else None,
        # When the session ends as booked ('duur: 1 uur' books 60 min): what the re-planned rest is held to.
        "geboekt": float(plan.booked_end),
        "stappen": steps,
        "zaal": screen_data(context)["kanaal"],
    }
    # The saved state belongs to this plan: another werkvorm, or this one changed, starts afresh.
    data["sleutel"] = "werkvorm-leiden:" + hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
    return data


@dataclass(frozen=True)
class _RoundRun:
    """One run of a round's repetitions (a round inside a round runs anew in each outer repetition)."""

    key: str  # unique in the plan: the number of its first row
    least: int  # how often it is held for sure: the rest only when there is time
    as_time_allows: bool


def _round_runs(plan: Plan, participants: Count | None) -> dict[int, _RoundRun]:
    """For each round head and summary row (by id), the run of repetitions it belongs to."""
    runs: dict[int, _RoundRun] = {}
    current: dict[int, _RoundRun] = {}  # id(round) -> its run now
    heads: list[Slot] = []
    for position, slot in enumerate(plan.slots):
        del heads[slot.depth :]
        if isinstance(slot.part, Round) and slot.kind in (RowKind.BLOCK, RowKind.SUMMARY):
            run = current.get(id(slot.part))
            if run is None or slot.round_number == 1:
                run = _new_run(f"r{position}", slot.part, _persons_at(heads, participants), plan)
                current[id(slot.part)] = run
            runs[id(slot)] = run
        if slot.kind is RowKind.BLOCK:
            heads.append(slot)
    return runs


def _persons_at(heads: list[Slot], participants: Count | None) -> Count | None:
    """Who a round is held for, as the plan counts them: the members of the subgroups it is in, or everyone."""
    groups = [head.part for head in heads if isinstance(head.part, Groups)]
    return groups[-1].size if groups else participants


def _new_run(key: str, round_: Round, persons: Count | None, plan: Plan) -> _RoundRun:
    times = repeat_count(round_, persons, plan.timing.fits)
    as_time_allows = round_.repeat is not None and round_.repeat.kind is RepeatKind.AS_TIME_ALLOWS
    return _RoundRun(key, times.low, as_time_allows)


def _choices(slot: Slot, heads: list[Slot], runs: dict[int, _RoundRun]) -> dict[str, Any]:
    """What the facilitator may change about a row while leading: skip the optional part it is in, end
    its round after this repetition; and the line of the werkvorm it was written on, to go back to."""
    optional = [head for head in heads if head.part is not None and is_optional(head.part)]
    if slot.kind is RowKind.STEP and slot.step is not None and slot.step.optional:
        optional.append(slot)
    unit = optional[0] if optional else None
    return {
        "regel": slot.part.span.line if slot.part is not None else None,
        "optioneel": None if unit is None else {"id": f"{unit.number}@{float(unit.start)}", "titel": _unit_title(unit)},
        "rondes": _rounds_of(slot, heads, runs),
    }


def _rounds_of(slot: Slot, heads: list[Slot], runs: dict[int, _RoundRun]) -> list[dict[str, Any]]:
    """The rounds a row is held in, outermost first: which run, which time of it, and how many times the row
    stands for (a summary row, the last times of its round together; else 1)."""
    found = [(head, 1) for head in heads if id(head) in runs]
    if id(slot) in runs:
        found.append((slot, slot.repetitions))
    return [
        {
            "id": runs[id(head)].key,
            "nr": head.round_number,
            "herhalingen": repetitions,
            "zeker": runs[id(head)].least,
            "zo_vaak": runs[id(head)].as_time_allows,
        }
        for head, repetitions in found
    ]


def _unit_title(unit: Slot) -> str:
    from werkvorm_dsl.output.render import plain

    return plain(unit.title) if unit.kind is not RowKind.BLOCK else _where(unit)


def _row(slot: Slot, heads: list[Slot], plan: Plan, questions: dict) -> dict[str, Any]:
    from werkvorm_dsl.output.render import plain

    step = slot.step
    return {
        "nummer": slot.number,
        "soort": slot.kind.value,
        "titel": plain(slot.title),
        "begin": float(slot.start),
        "minuten": float(slot.minutes),
        "begin_klok": plan.clock(slot.start),
        "wie": list(step.roles) if step else [],
        "tekst": _texts(own_blocks(slot.part)) + _tasks(step),
        "vragen": [
            {"titel": plain(found.questions.title or found.questions.name), "items": _texts(found.questions.items)}
            for found in (questions.get(id(step), []) if step else [])
        ],
        "waar": [_where(head) for head in heads] + ([_round_text(slot, heads)] if slot.round_number else []),
        "tegelijk": slot.parallel,
        "als_er_tijd_is": slot.extra,
    }


def _tasks(step: Step | None) -> list[dict[str, str]]:
    """What each role does in the step's minutes ('tegelijk:'), as lines with the role as their label."""
    from werkvorm_dsl.output.render import plain

    return [{"label": plain(task.written), "tekst": plain(task.task)} for task in (step.at_once if step else ())]


def own_blocks(part: Part | Way | None) -> tuple[Block, ...]:
    """What the author wrote for the row itself: a step's text, a break's intro; a block's intro is its head's."""
    match part:
        case Step():
            return part.body
        case Pause():
            return part.intro
        case Round() | Groups() | TimeBox() | Choice() | Way() | None:
            return ()
        case _:
            assert_never(part)


def _where(head: Slot) -> str:
    from werkvorm_dsl.output.render import plain

    return plain(common.block_title(common.block_of(head)))


def _round_text(slot: Slot, heads: list[Slot]) -> str:
    """'Ronde 2 van 3', with what that time asks when the round says so: 'Ronde 2 van 3: Wat dan?'."""
    from werkvorm_dsl.output.render import plain

    text = f"Ronde {slot.round_number} van {slot.round_total}" if slot.round_total else f"Ronde {slot.round_number}"
    round_ = next((head.part for head in reversed(heads) if isinstance(head.part, Round)), None)
    prompt = round_.prompt_for(slot.round_number) if round_ is not None and slot.round_number else None
    return f"{text}: {plain(prompt.title)}" if prompt is not None and prompt.title else text


@dataclass(frozen=True)
class _Line:
    """One line of the author's text in the live view, with its keyword as a label."""

    label: str
    text: str


def _texts(blocks: tuple[Block, ...]) -> list[dict[str, str]]:
    """The author's blocks as plain lines: every word kept, the keyword as a label ('NB', 'voorbeeld')."""
    from werkvorm_dsl.output.render import plain

    return [{"label": line.label, "tekst": plain(line.text)} for line in map(_line, blocks)]


def _line(block: Block) -> _Line:
    match block:
        case Paragraph():
            return _Line("", block.text)
        case BulletItem():
            return _Line(f"{block.number}." if block.number is not None else "•", block.text)
        case Link():
            return _Line(block.label, f"{block.text} {block.url}".strip())
        case Example() | Teaser() | Note() | FacilitatorOnly() | Attachment() | Materials():
            return _Line(block.label, block.text)
        case _:
            assert_never(block)
