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
    formats = ("md", "txt", "ics")

    def render(self, context, document=None) -> Document:
        from ..render import render

        data = view(context)
        files = {"md": render("uitnodiging.md", **data), "txt": render("uitnodiging.txt", **data)}
        if context.datum and context.plan.start_clock:
            files["ics"] = calendar_event(context, render("uitnodiging.txt", **data))
        return Document(self.name, self.title, files)


def view(context) -> dict:
    """What the invitation says, for every format of it (Markdown, text, .docx, .odt)."""
    werkvorm = context.werkvorm
    data = {"w": werkvorm, "facts": common.facts(werkvorm, context.plan), "teasers": blocks_of(werkvorm, Teaser),
            "examples": blocks_of(werkvorm, Example),
            "attachments": blocks_of(werkvorm, Attachment), "datum": context.datum, "start": context.plan.start_clock,
            "end": context.plan.clock(context.plan.end) if context.plan.start_clock else None,
            "at_most": may_end_sooner(context.plan.timing),
            "breaks": breaks_text(context.plan), "huisstijl": context.huisstijl}
    return data


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
    import time
    from datetime import datetime, timedelta, timezone
    from fractions import Fraction
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event

    AMSTERDAM = ZoneInfo("Europe/Amsterdam")

    from ..safe_text import one_line, plain_lines

    plan = context.plan
    hours, minutes = map(int, plan.start_clock.split(":"))
    # Local time in the Netherlands, with its VTIMEZONE below: a floating time would move with
    # the reader's own time zone.
    start = datetime(context.datum.year, context.datum.month, context.datum.day, hours, minutes, tzinfo=AMSTERDAM)
    try:
        # the planned end, as the invitation's text says it ('tot 15:00')
        end = start + timedelta(minutes=int(plan.end + Fraction(1, 2)))
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
    event.add("description", plain_lines(_without_subject(description)))
    # One appointment per werkvorm: its identity, not its date or time, makes the UID, so a
    # moved session moves the appointment instead of adding a second one; SEQUENCE grows with
    # every later build (minutes since 2024), so calendars take the newest.
    uid = hashlib.sha256(f"{context.slug}|{title}".encode("utf-8", "surrogatepass")).hexdigest()[:24]
    event.add("uid", f"{uid}@werkvorm-dsl")
    stamp = context.epoch or int(time.time())
    event.add("dtstamp", datetime.fromtimestamp(stamp, tz=timezone.utc))
    event.add("sequence", max(0, (stamp - SEQUENCE_EPOCH) // 60))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")


SEQUENCE_EPOCH = 1704067200  # 2024-01-01 00:00 UTC


def _without_subject(text: str) -> str:
    """The invitation's text without its 'Onderwerp:' line: the appointment's title says it already."""
    first, _, rest = text.partition("\n")
    return rest.lstrip("\n") if first.startswith("Onderwerp:") else text
