"""The live view for leading the session: one self-contained HTML file that follows the plan on the real clock."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, assert_never

from werkvorm_dsl.analysis.schedule import Plan, RowKind, Slot
from werkvorm_dsl.language.nodes import (
    Attachment,
    Block,
    BulletItem,
    Choice,
    Example,
    FacilitatorOnly,
    Groups,
    Link,
    Materials,
    Note,
    Paragraph,
    Part,
    Pause,
    Round,
    Step,
    Teaser,
    TimeBox,
    Way,
)
from werkvorm_dsl.output.documents import common
from werkvorm_dsl.output.registry import Backend, BuildContext, Document, register

# Inside <script type="application/json"> only '</script' (and '<!--') could end or bend the element:
# with every '<' written as \u003c no author text can, and JSON.parse reads it back unchanged.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


@register
class Leiden(Backend):
    name = "leiden"
    title = "Sessie leiden"
    formats = ("html",)

    def render(self, context: BuildContext, document: str | None = None) -> Document:
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


def script_json(data: dict[str, Any]) -> str:
    """The plan as JSON that is safe inside a <script> element, whatever the author wrote."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def plan_data(context: BuildContext) -> dict[str, Any]:
    """What the live view needs, from the same plan as tijdschema.json: every row that takes time, in order."""
    from werkvorm_dsl.output.render import plain

    plan = context.plan
    questions = common.questions_at_steps(context.werkvorm)
    steps = [
        _row(slot, heads, plan, questions)
        for slot, heads in _rows_with_their_blocks(plan)
        if slot.kind is not RowKind.SLACK or slot.minutes > 0
    ]
    data = {
        "titel": plain(context.werkvorm.title.text) if context.werkvorm.title else "",
        "variant": plain(context.variant.name) if context.variant else None,  # issue 24: which one is led
        "begintijd": plan.start_clock,
        "einde": float(plan.end),
        "einde_klok": plan.clock(plan.end) if plan.start_clock else None,
        "stappen": steps,
    }
    # The saved state belongs to this plan: another werkvorm, or this one changed, starts afresh.
    data["sleutel"] = "werkvorm-leiden:" + hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
    return data


def _rows_with_their_blocks(plan: Plan) -> list[tuple[Slot, list[Slot]]]:
    """Each row that takes time, with the heads of the blocks it is inside, outermost first."""
    heads: list[Slot] = []
    found = []
    for slot in plan.slots:
        del heads[slot.depth :]
        if slot.kind is RowKind.BLOCK:
            heads.append(slot)
        else:
            found.append((slot, list(heads)))
    return found


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
