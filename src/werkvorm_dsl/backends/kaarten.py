"""Kaarten: one A6 card per session step and per question list, four to an A4 sheet."""

from __future__ import annotations

from dataclasses import dataclass

from ..registry import Backend, Document, register
from . import common


@dataclass(frozen=True)
class Card:
    kind: str  # "stap" or "vragen"
    number: str
    title: str
    minutes: str
    roles: tuple[str, ...]
    round_text: str
    blocks: tuple


@register
class Kaarten(Backend):
    name = "kaarten"
    title = "Kaarten"
    suffixes = ("html", "md", "pdf")

    def render(self, context) -> Document:
        from ..render import render

        data = {"w": context.werkvorm, "doctype": self.title, "cards": cards(context),
                "for_participants": True, "large": context.large}
        return Document(self.name, self.title, {"html": render("kaarten.html", **data),
                                                 "md": render("kaarten.md", **data)}, cards=True)


def cards(context) -> list[Card]:
    plan = context.plan
    found: list[Card] = []
    seen: set[int] = set()
    for slot in plan.slots:
        step = slot.step
        if step is None or slot.kind != "stap" or id(step) in seen:
            continue
        seen.add(id(step))
        round_text = _where(slot)
        found.append(Card("stap", slot.number, step.title.text, slot.minutes_text, step.roles, round_text,
                          tuple(step.body)))
    for questions in common.question_lists(context.werkvorm):
        found.append(Card("vragen", "", questions.title, "", (), "", tuple(questions.items)))
    return found


def _where(slot) -> str:
    """A chip on the card: in a round, in subgroups, only when there is time."""
    found = []
    if slot.round_number:
        found.append(f"ronde, {slot.round_total} keer")
    if slot.parallel:
        found.append("in groepjes")
    if slot.extra:
        found.append("als er tijd is")
    return " · ".join(found)
