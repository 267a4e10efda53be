"""The uitnodiging: the invitation, from the preparation steps, as Markdown, plain text and .ics."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date
from typing import TYPE_CHECKING

from werkvorm_dsl.analysis import invitation
from werkvorm_dsl.analysis.schedule import Plan, RowKind
from werkvorm_dsl.analysis.timing import Timing
from werkvorm_dsl.language.nodes import Block, Example, Fact, Section, SectionKind, Teaser, Werkvorm
from werkvorm_dsl.output.documents import common
from werkvorm_dsl.output.registry import Backend, BuildContext, Document, register

if TYPE_CHECKING:
    from markupsafe import Markup


@register
class Uitnodiging(Backend):
    name = "uitnodiging"
    title = "Uitnodiging"
    formats = ("md", "txt", "html", "ics")

    def render(self, context: BuildContext, document: str | None = None) -> Document:
        from werkvorm_dsl.output.render import render

        data = view(context)
        files: dict[str, str | bytes] = {
            "md": render("uitnodiging.md", **data),
            "txt": render("uitnodiging.txt", **data),
            "html": render("uitnodiging.html", **data),
        }
        day = occurrence_date(context)
        if day and context.plan.start_clock:
            files["ics"] = calendar_event(context, render("uitnodiging.txt", typography=False, **data))
        return Document(self.name, self.title, files)


# In HTML a placeholder is marked; '<' and '>' stay out, so a mark never crosses a tag.
_PLACEHOLDER_IN_HTML = re.compile(r"\[\s*invullen\b[^\]\n<>]{0,200}\]", re.IGNORECASE)


def marked(text: str) -> Markup:
    """Author text as safe inline HTML, with every '[invullen: …]' highlighted for the sender."""
    from markupsafe import Markup

    from werkvorm_dsl.output.render import inline

    html = str(inline(text))
    return Markup(
        _PLACEHOLDER_IN_HTML.sub(
            lambda found: f'<mark style="background:#fff3b0;color:#1a1a1a;font-weight:bold">{found.group(0)}</mark>',
            html,
        )
    )


def view(context: BuildContext) -> dict:
    """What the invitation says, for every format of it (text, Markdown, the e-mail's HTML, .docx, .odt)."""
    return {"w": context.werkvorm, "letter": letter(context), "marked": marked}


class Fill(str):
    """A visible '[invullen: …]' where the invitation lacks a fact: the adviser fills it in before sending."""

    placeholder = True

    def __new__(cls, what: str) -> Fill:
        return super().__new__(cls, invitation.placeholder(what))


@dataclass(frozen=True)
class Attached:
    label: str
    text: str
    file: str | Fill | None  # the file beside the werkvorm, or what to fill in


@dataclass(frozen=True)
class Letter:
    """Everything the invitation says, decided once for its text, Markdown and HTML forms."""

    title: str
    when: str  # may hold '[invullen: datum]' and '[invullen: begintijd]'
    place: str | Fill
    place_url: str | None  # an online meeting's address, shown as a link
    length: str  # 'een uur, met een pauze van 10 min'
    goals: list[str]
    examples: list[str]
    questions: list[str]
    facts: list[tuple[str, str]]
    attachments: list[Attached]
    reply: str | Fill
    reply_url: str | None
    sender: str | Fill


def occurrence_date(context: BuildContext) -> date | None:
    """`--datum` overrides 'datum:', as `--start` overrides 'begintijd:'."""
    return context.datum or context.werkvorm.date


def letter(context: BuildContext) -> Letter:
    from werkvorm_dsl.language.links import usable_url

    werkvorm, plan = context.werkvorm, context.plan
    day = occurrence_date(context)
    when = common.spoken_date(day) if day is not None else invitation.placeholder("datum")
    if plan.start_clock:
        until = ("uiterlijk " if may_end_sooner(plan.timing) else "") + plan.clock(plan.booked_end)
        when += f", van {plan.start_clock} tot {until} uur"
    else:
        when += f", {invitation.placeholder('begintijd')}"
    place_fact, reply_fact, sender_fact = (werkvorm.fact(key) for key in ("plaats", "aanmelden", "afzender"))
    place = _given(place_fact, "plaats of link")
    reply = _given(reply_fact, "waar deelnemers zich aan- of afmelden")
    folder = invitation.folder_of(werkvorm)
    return Letter(
        title=werkvorm.title.text if werkvorm.title else context.slug,
        when=when,
        place=place,
        place_url=_url_of(place),
        length=_length(werkvorm, plan),
        goals=[fact.text for fact in werkvorm.facts_of("doel")],
        examples=[invitation.unquoted(block.text) for block in blocks_of(werkvorm, Example)],
        questions=[invitation.unquoted(block.text) for block in blocks_of(werkvorm, Teaser)]
        + [q.text for q in werkvorm.facts_of("startvraag")],
        facts=[
            (fact.label[:1].upper() + fact.label[1:], invitation.shown_fact(fact))
            for key in LETTER_FACTS
            for fact in werkvorm.facts_of(key)
        ],
        attachments=[
            Attached(
                a.label[:1].upper() + a.label[1:],
                a.text,
                invitation.attached_file(a, folder) or Fill("het bestand bij deze bijlage"),
            )
            for a in invitation.attachments(werkvorm)
        ],
        reply=reply,
        reply_url=_url_of(reply) or (usable_url(f"mailto:{reply}") if _is_address(reply) else None),
        sender=_given(sender_fact, "naam en functie van de afzender"),
    )


LETTER_FACTS = ("soort", "deelnemers", "vorm", "begeleiding")  # the date, time, place and length stand above


def _given(fact: Fact | None, what: str) -> str | Fill:
    return fact.text.strip() if fact is not None and fact.text.strip() else Fill(what)


def _url_of(value: str) -> str | None:
    from werkvorm_dsl.language.links import usable_url

    if isinstance(value, Fill) or not value.lower().startswith(("https://", "http://", "www.", "mailto:")):
        return None
    return usable_url(value.split()[0])


def _is_address(value: str) -> bool:
    import re

    return (
        not isinstance(value, Fill)
        and re.fullmatch(r"[^\s@<>()\[\]]+@[^\s@<>()\[\]]+\.[a-z]{2,}", value, re.I) is not None
    )


def _length(werkvorm: Werkvorm, plan: Plan) -> str:
    parts = []
    duration = werkvorm.fact("duur")
    late = common.overrun(plan)
    if late is not None:
        parts.append(late)  # in the words of every other document
    elif duration is not None:
        parts.append(duration.text.strip())
    breaks = breaks_text(plan)
    if breaks:
        parts.append(f"met {breaks}")
    return ", ".join(parts)


def may_end_sooner(timing: Timing) -> bool:
    """Whether the invitation says 'tot uiterlijk': the author booked a range ('duur: 75 tot 90
    min'), or no length at all and the steps may take less. 'duur: 1 uur' books the hour."""
    if timing.stated_high is None:
        return timing.shortest < timing.longest
    return timing.stated_low is not None and timing.stated_low < timing.stated_high


NUMBER_WORDS = {1: "een", 2: "twee", 3: "drie", 4: "vier", 5: "vijf"}


def breaks_text(plan: Plan) -> str:
    """The breaks as the plan holds them: 'een pauze van 10 min', 'twee pauzes van 5 min',
    'drie pauzes (5, 5 en 10 min)'; empty without breaks."""
    from werkvorm_dsl.language.values import format_minutes

    lengths = [slot.minutes for slot in plan.slots if slot.kind is RowKind.PAUSE]
    if not lengths:
        return ""
    count = NUMBER_WORDS.get(len(lengths), str(len(lengths)))
    noun = "pauze" if len(lengths) == 1 else "pauzes"
    if len(set(lengths)) == 1:
        return f"{count} {noun} van {format_minutes(lengths[0])} min"
    shown = [format_minutes(length) for length in lengths]
    return f"{count} {noun} ({', '.join(shown[:-1])} en {shown[-1]} min)"


def blocks_of(werkvorm: Werkvorm, node_type: type[Block]) -> list[Block]:
    preparation = werkvorm.section(SectionKind.PREPARATION)
    if not isinstance(preparation, Section):
        return []
    return [b for step in preparation.steps() for b in step.body if isinstance(b, node_type)]


def calendar_event(context: BuildContext, description: str) -> str:
    """An .ics event; its UID and time stamp come from the werkvorm, so builds stay reproducible."""
    import hashlib
    import time
    from datetime import datetime, timedelta
    from fractions import Fraction
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event

    AMSTERDAM = ZoneInfo("Europe/Amsterdam")

    from werkvorm_dsl.system.safe_text import one_line, plain_lines

    plan, day = context.plan, occurrence_date(context)
    if day is None or plan.start_clock is None:  # the backend asks for an event only with both
        raise ValueError("an appointment needs a date and a start time")
    hours, minutes = map(int, plan.start_clock.split(":"))
    # Local time in the Netherlands, with its VTIMEZONE below: a floating time would move with
    # the reader's own time zone.
    start = datetime(day.year, day.month, day.day, hours, minutes, tzinfo=AMSTERDAM)
    try:
        # the planned end, as the invitation's text says it ('tot 15:00')
        end = start + timedelta(minutes=int(plan.booked_end + Fraction(1, 2)))
    except OverflowError:  # a long session that starts near the end of the year 9999
        from werkvorm_dsl.system.files import FileFault

        raise FileFault(
            f"--datum: een sessie op {day.isoformat()} zou na het jaar 9999 eindigen.",
            "E507",
            hint="Kies een eerdere datum.",
        ) from None
    calendar = Calendar()
    calendar.add("prodid", "-//werkvorm-dsl//NL")
    calendar.add("version", "2.0")
    event = Event()
    title = context.werkvorm.title.text if context.werkvorm.title else context.slug
    event.add("summary", one_line(title))  # RFC 5545 TEXT allows no control characters
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("description", plain_lines(_without_subject(description)))
    said = letter(context)
    if not isinstance(said.place, Fill):
        event.add("location", one_line(said.place))
    if said.reply_url and said.reply_url.startswith("mailto:"):
        # ORGANIZER is an address that receives the replies; the sender's name goes with it when known
        from icalendar import vCalAddress

        organizer = vCalAddress(said.reply_url)
        if not isinstance(said.sender, Fill):
            organizer.params["cn"] = one_line(said.sender)
        event.add("organizer", organizer)
    # One appointment per werkvorm: its identity, not its date or time, makes the UID, so a
    # moved session moves the appointment instead of adding a second one; SEQUENCE grows with
    # every later build (minutes since 2024), so calendars take the newest.
    uid = hashlib.sha256(f"{context.slug}|{title}".encode("utf-8", "surrogatepass")).hexdigest()[:24]
    event.add("uid", f"{uid}@werkvorm-dsl")
    stamp = context.epoch or int(time.time())
    event.add("dtstamp", datetime.fromtimestamp(stamp, tz=UTC))
    event.add("sequence", max(0, (stamp - SEQUENCE_EPOCH) // 60))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")


SEQUENCE_EPOCH = 1704067200  # 2024-01-01 00:00 UTC


def _without_subject(text: str) -> str:
    """The invitation's text without its 'Onderwerp:' line: the appointment's title says it already."""
    first, _, rest = text.partition("\n")
    return rest.lstrip("\n") if first.startswith("Onderwerp:") else text
