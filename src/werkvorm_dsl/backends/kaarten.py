"""Kaarten: one A6 card per session step and per question list, four to an A4 sheet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from ..registry import Backend, Document, register
from ..schedule import RowKind
from ..values import format_duration
from . import common


@dataclass(frozen=True)
class Card:
    kind: str  # "stap" or "vragen"
    number: str
    title: str
    minutes: str
    roles: tuple[str, ...]
    chips: tuple[str, ...]  # where the step stands: in a round, in groups, only when there is time
    blocks: tuple
    absent: str = ""  # 'casusinbrenger (verlaat de ruimte)'
    anchor: str = ""  # a question list's card: the id other cards point to
    questions: tuple[tuple[str, str], ...] = ()  # (anchor, title) of the question lists a step uses



@register
class Kaarten(Backend):
    name = "kaarten"
    title = "Kaarten"
    formats = ("html", "md")

    def render(self, context, document=None) -> Document:
        from ..render import render

        data = {"w": context.werkvorm, "doctype": self.title, "cards": cards(context),
                "for_participants": True, "large": context.large, "concept": context.concept,
                "huisstijl": context.huisstijl}
        return Document(self.name, self.title, {"html": render("kaarten.html", **data),
                                                 "md": render("kaarten.md", **data)})


def cards(context) -> list[Card]:
    plan = context.plan
    held = times_held(context.werkvorm, plan)
    lists = common.question_lists(context.werkvorm)
    anchors = {questions.name.lower(): (f"kaart-vragen-{index}", questions.title)
               for index, questions in enumerate(lists, 1)}
    found: list[Card] = []
    seen: set[int] = set()
    for slot in plan.slots:
        step = slot.step
        if step is None or slot.kind is not RowKind.STEP or id(step) in seen:
            continue
        seen.add(id(step))
        # A step that uses a question list ('vragen: doorvragen') names that list's card.
        used = tuple(dict.fromkeys(anchors[ref.text.lower()] for ref in step.question_refs
                                   if ref.text.lower() in anchors))
        found.append(Card("stap", slot.number, step.title.text, _minutes(step, slot), step.roles, _where(slot, held),
                          tuple(step.body), step.absent_text.text if step.absent_text is not None else "",
                          questions=used))
    for questions in lists:
        found.append(Card("vragen", "", questions.title, "", (), (), tuple(questions.items),
                          anchor=anchors[questions.name.lower()][0]))
    return found


def _minutes(step, slot) -> str:
    """The time on the card as the author wrote it ('1 tot 2 min', '1 min per deelnemer'), as the
    draaiboek's step text says it: the plan's number is one pick from that range (in a time box
    the shortest), so a card saying '1 min' would contradict the draaiboek. 'als er tijd is' is
    left to its own chip."""
    if step.duration is not None:
        return format_duration(step.duration)  # as the draaiboek says it, with one unit word
    return ""  # no duration: an estimate on a participant's card would read as a plan


def times_held(werkvorm, plan) -> dict[int, tuple[int, int]]:
    """How often each step inside rounds is held, every enclosing round counted: a step in a round
    of 2 inside a round of 3 is held 6 times."""
    from ..nodes import Groups, Pause, Round, SectionKind, Step, TimeBox
    from ..timing import repeat_count

    found: dict[int, tuple[int, int]] = {}

    def visit(parts, persons, low: int, high: int) -> None:
        for part in parts:
            match part:
                case Step():
                    if high > 1 or low != 1:
                        found[id(part)] = (low, high)
                case Pause():
                    pass
                case Round():
                    times = repeat_count(part, persons, plan.timing.fits)
                    visit(part.parts, persons, low * times.low, high * times.high)
                case Groups():
                    visit(part.parts, part.size, low, high)
                case TimeBox():
                    visit(part.parts, persons, low, high)
                case _:
                    assert_never(part)

    session = werkvorm.section(SectionKind.SESSION)
    if session is not None and hasattr(session, "parts"):
        visit(session.parts, werkvorm.participants, 1, 1)
    return found


def _where(slot, held: dict) -> tuple[str, ...]:
    """Chips on the card: how often it is held, in subgroups, only when there is time."""
    found = []
    if id(slot.step) in held:
        low, high = held[id(slot.step)]
        found.append(f"ronde, {low} keer" if low == high else f"ronde, {low} tot {high} keer")
    if slot.parallel:
        found.append("in groepjes, tegelijk")
    if slot.extra:
        found.append("als er tijd is")
    return tuple(found)
