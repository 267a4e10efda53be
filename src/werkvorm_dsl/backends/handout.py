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
                "for_participants": True,
        }
        return Document(self.name, self.title, {"html": render("deelnemers.html", **data),
                                                 "md": render("deelnemers.md", **data)})
