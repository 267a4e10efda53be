"""The room's screen: what participants see of the step that runs now, led from the live view on the same computer.

Everything in this file comes from the participants' side of the werkvorm: a step's 'voor deelnemers:'
text (or its title), a break's description, and the names and descriptions of rounds and subgroups, as
the hand-out prints them. No facilitator text, note or question list is read here, so none can travel.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, assert_never

from werkvorm_dsl.analysis.schedule import Plan, RowKind, Slot, groups_name
from werkvorm_dsl.language.nodes import Choice, Groups, Pause, Round, TimeBox, Way
from werkvorm_dsl.output.documents import common
from werkvorm_dsl.output.registry import Backend, BuildContext, Document, register

# Inside <script type="application/json"> only '</script' (and '<!--') could end or bend the element:
# with every '<' written as \u003c no author text can, and JSON.parse reads it back unchanged.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


@register
class Zaal(Backend):
    name = "zaal"
    title = "Scherm voor de zaal"
    formats = ("html",)

    def render(self, context: BuildContext, document: str | None = None) -> Document:
        from werkvorm_dsl.output.render import render

        return Document(
            self.name,
            self.title,
            {
                "html": render(
                    "zaal.html",
                    w=context.werkvorm,
                    doctype=self.title,
                    plan_json=script_json(screen_data(context)),
                    huisstijl=context.huisstijl,
                )
            },
        )


def script_json(data: dict[str, Any]) -> str:
    """The plan as JSON that is safe inside a <script> element, whatever the author wrote."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def screen_data(context: BuildContext) -> dict[str, Any]:
    """The room's rows, one for each row of the live view (the same rows, in the same order), and the
    channel the live view talks to it on: a name made from this data alone."""
    from werkvorm_dsl.output.render import plain

    plan = context.plan
    data: dict[str, Any] = {
        "titel": plain(context.werkvorm.title.text) if context.werkvorm.title else "",
        "variant": plain(context.variant.name) if context.variant else None,  # its name, as on the cards
        "stappen": [_row(slot, heads) for slot, heads in timed_rows(plan)],
    }
    data["kanaal"] = "werkvorm-zaal:" + hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
    return data


def timed_rows(plan: Plan) -> list[tuple[Slot, list[Slot]]]:
    """Each row that takes time (or may: a skipped optional part), with the heads of the blocks it is
    inside, outermost first: the rows the live view steps through."""
    heads: list[Slot] = []
    found = []
    for slot in plan.slots:
        del heads[slot.depth :]
        if slot.kind is RowKind.BLOCK:
            heads.append(slot)
        elif slot.kind is not RowKind.SLACK or slot.minutes > 0:
            found.append((slot, list(heads)))
    return found


def _row(slot: Slot, heads: list[Slot]) -> dict[str, Any]:
    from werkvorm_dsl.output.render import plain

    return {
        "tekst": plain(_participant_line(slot)),
        "waar": [line for head in heads for line in [plain(_where(head))] if line],
    }


def _participant_line(slot: Slot) -> str:
    """What participants read for a row: the hand-out's words."""
    match slot.kind:
        case RowKind.STEP:
            return common.participant_text(slot.step)
        case RowKind.PAUSE:
            pause = slot.part
            return f"Pauze: {pause.description}" if isinstance(pause, Pause) and pause.description else "Pauze"
        case RowKind.SUMMARY:
            return f"Nog {slot.repetitions} {'ronde' if slot.repetitions == 1 else 'rondes'}"
        case RowKind.SLACK:
            return "Even tijd over"
        case RowKind.BLOCK:
            return ""
        case _:
            assert_never(slot.kind)


def _where(head: Slot) -> str:
    """Where in the session a row stands, as participants may read it: the round and its count, the
    subgroups, and the description the author gave the block (the hand-out prints it too)."""
    block = common.block_of(head)
    described = f": {block.description}" if block.description else ""
    match block:
        case Round():
            count = f"Ronde {head.round_number} van {head.round_total}" if head.round_total != "1" else "Ronde"
            return count + described
        case Groups():
            return f"{groups_name(block.size)}, tegelijk{described}"
        case TimeBox():
            return block.description
        case Choice() | Way():  # as the hand-out names it: 'Bij maximaal 12 deelnemers: de hele groep'
            return common.block_title(block)
        case _:
            assert_never(block)
