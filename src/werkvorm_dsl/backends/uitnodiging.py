"""The uitnodiging: the invitation, from the preparation steps, as Markdown, plain text and .ics."""

from __future__ import annotations

from ..nodes import Attachment, Example, Section, SectionKind, Teaser
from ..registry import Backend, Document, register
from ..schedule import RowKind
from . import common


@register
class Uitnodiging(Backend):
    name = "uitnodiging"
    title = "Uitnodiging"
    suffixes = ("md", "txt", "ics")

    def render(self, context) -> Document:
        from ..render import render

        werkvorm = context.werkvorm
        data = {"w": werkvorm, "facts": common.facts(werkvorm), "teasers": blocks_of(werkvorm, Teaser),
                "examples": blocks_of(werkvorm, Example),
                "attachments": blocks_of(werkvorm, Attachment), "datum": context.datum, "start": context.plan.start_clock,
                "end": context.plan.clock(context.plan.end) if context.plan.start_clock else None,
                "at_most": may_end_sooner(context.plan.timing),
                "breaks": breaks_text(context.plan)}
        files = {"md": render("uitnodiging.md", **data), "txt": render("uitnodiging.txt", **data)}
        if context.datum and context.plan.start_clock:
            files["ics"] = calendar_event(context, render("uitnodiging.txt", **data))
        return Document(self.name, self.title, files, pdf_from_html=False)


def may_end_sooner(timing) -> bool:
    """Whether the invitation says 'tot uiterlijk': the session may be shorter, and the author did
    not book one fixed length ('duur: 1 uur' fills the hour; 'duur: 75 tot 90 min' may not)."""
    fixed = timing.stated_high is not None and timing.stated_low in (None, timing.stated_high)
    return timing.shortest < timing.longest and not fixed


NUMBER_WORDS = {1: "een", 2: "twee", 3: "drie", 4: "vier", 5: "vijf"}


def breaks_text(plan) -> str:
    """The breaks as the plan holds them: 'een pauze van 10 min', 'twee pauzes van 5 min',
    'drie pauzes (5, 5 en 10 min)'; empty without breaks."""
    from ..values import format_minutes

    lengths = [slot.minutes for slot in plan.slots if slot.kind is RowKind.PAUSE]
    if not lengths:
        return ""
    count = NUMBER_WORDS.get(len(lengths), str(len(lengths)))
    noun = "pauze" if len(lengths) == 1 else "pauzes"
    if len(set(lengths)) == 1:
        return f"{count} {noun} van {format_minutes(lengths[0])} min"
    shown = [format_minutes(length) for length in lengths]
    return f"{count} {noun} ({', '.join(shown[:-1])} en {shown[-1]} min)"


def blocks_of(werkvorm, node_type) -> list:
    preparation = werkvorm.section(SectionKind.PREPARATION)
    if not isinstance(preparation, Section):
        return []
    return [b for step in preparation.steps() for b in step.body if isinstance(b, node_type)]


def calendar_event(context, description: str) -> str:
    """An .ics event; its UID and time stamp come from the werkvorm, so builds stay reproducible."""
    import hashlib
    from datetime import datetime, timedelta, timezone

    from icalendar import Calendar, Event

    from ..safe_text import one_line, plain_lines

    plan = context.plan
    hours, minutes = map(int, plan.start_clock.split(":"))
    start = datetime(context.datum.year, context.datum.month, context.datum.day, hours, minutes)
    try:
        end = start + timedelta(minutes=float(max(plan.end, plan.timing.stated_high or 0)))
    except OverflowError:  # a long session that starts near the end of the year 9999
        from ..files import FileFault

        raise FileFault(f"--datum: een sessie op {context.datum.isoformat()} zou na het jaar 9999 eindigen.",
                        "E507", hint="Kies een eerdere datum.") from None
    calendar = Calendar()
    calendar.add("prodid", "-//werkvorm-dsl//NL")
    calendar.add("version", "2.0")
    event = Event()
    title = context.werkvorm.title.text if context.werkvorm.title else context.slug
    event.add("summary", one_line(title))  # RFC 5545 TEXT allows no control characters
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("description", plain_lines(description))
    uid = hashlib.sha256(f"{context.slug}|{start.isoformat()}".encode()).hexdigest()[:24]
    event.add("uid", f"{uid}@werkvorm-dsl")
    event.add("dtstamp", datetime.fromtimestamp(context.epoch, tz=timezone.utc))
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
