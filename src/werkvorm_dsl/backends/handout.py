"""The deelnemershand-out: what participants may see, and room for their notes."""

from __future__ import annotations

from ..registry import Backend, Document, register
from ..nodes import Round
from . import common


@register
class Handout(Backend):
    name = "deelnemers"
    title = "Hand-out voor deelnemers"
    suffixes = ("html", "md", "pdf")

    def render(self, context) -> Document:
        from ..render import render

        werkvorm, plan = context.werkvorm, context.plan
        data = {
            "w": werkvorm,
            "doctype": self.title,
            "plan": plan,
            "facts": common.facts(werkvorm),
            "question_lists": common.question_lists(werkvorm),
            "programme": programme(plan, werkvorm),
                "for_participants": True,
            "large": context.large,
        }
        return Document(self.name, self.title, {"html": render("deelnemers.html", **data),
                                                 "md": render("deelnemers.md", **data)})


def programme(plan, werkvorm) -> list[dict]:
    """The agenda for participants: each block's first repetition, with a line that says how
    often it is held and until when; later repetitions and summaries are left out."""
    last_end: dict[int, object] = {}
    for slot in plan.slots:
        if slot.part is not None and slot.kind in ("blok", "samenvatting"):
            last_end[id(slot.part)] = slot.end
    rows: list[dict] = []
    skip_below: int | None = None  # the depth of a later repetition whose rows are left out
    for slot in plan.slots:
        if skip_below is not None and slot.depth > skip_below:
            continue
        skip_below = None
        if slot.kind == "samenvatting":
            continue
        if slot.kind == "blok" and slot.round_number is not None and slot.round_number > 1 \
                and isinstance(slot.part, Round):
            skip_below = slot.depth
            continue
        if slot.kind == "blok":
            rows.append({"slot": slot, "head": _head_text(slot, plan, last_end), "description": slot.part.description})
        else:
            rows.append({"slot": slot, "head": None, "description": ""})
    return rows


def _head_text(slot, plan, last_end) -> str:
    block = slot.part
    until = plan.clock(last_end.get(id(block), slot.end))
    optional = ", als er tijd is" if slot.extra else ""
    if isinstance(block, Round):
        return f"Deze ronde gebeurt {slot.round_total} keer{optional}, tot {until}"
    return f"{common.block_title(block)}, tot {until}"
