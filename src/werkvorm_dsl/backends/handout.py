"""The deelnemershand-out: what participants may see, and room for their notes."""

from __future__ import annotations

from ..registry import Backend, Document, register
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
    """The agenda for participants: each round once, then one line that says how often it repeats."""
    session = werkvorm.section("sessie")
    round_of = {id(step): part for part in (session.parts if session else ()) if common.is_round(part)
                for step in part.steps}
    rows: list[dict] = []
    for index, slot in enumerate(plan.slots):
        if slot.round_number is None or slot.round_number == 1 and slot.step is not None:
            rows.append({"slot": slot, "repeat": None})
        following = plan.slots[index + 1] if index + 1 < len(plan.slots) else None
        round_ends = slot.round_number is not None and (following is None or following.round_number is None
                                                        or following.number.split(".")[0] != slot.number.split(".")[0])
        if round_ends:
            round_ = round_of.get(id(slot.step))
            rows.append({"slot": slot, "repeat": slot.round_total, "until": plan.clock(slot.start + slot.minutes),
                         "description": round_.description if round_ else ""})
    return rows
