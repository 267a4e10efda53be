"""The uitnodiging: the invitation, from the preparation steps, as Markdown, plain text and .ics."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date
from typing import TYPE_CHECKING

from werkvorm_dsl.analysis import invitation
from werkvorm_dsl.analysis.schedule import Plan, RowKind
from werkvorm_dsl.analysis.timing import Timing
from werkvorm_dsl.language.keywords import is_case_presenter
from werkvorm_dsl.language.nodes import Block, Fact, Section, SectionKind, Teaser, Werkvorm
from werkvorm_dsl.output.documents import common
from werkvorm_dsl.output.palette import Palette
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
# The same yellow in the e-mail as in Word and OpenDocument.
_PLACEHOLDER_STYLE = f"background:{Palette.placeholder};color:#1a1a1a;font-weight:bold"
_PLACEHOLDER_IN_HTML = re.compile(r"\[\s*invullen\b[^\]\n<>]{0,200}\]", re.IGNORECASE)


def marked(text: str) -> Markup:
    """Author text as safe inline HTML, with every '[invullen: …]' highlighted for the sender."""
    from markupsafe import Markup

    from werkvorm_dsl.output.render import inline

    html = str(inline(text))
    return Markup(
        _PLACEHOLDER_IN_HTML.sub(
            lambda found: f'<mark style="{_PLACEHOLDER_STYLE}">{found.group(0)}</mark>',
            html,
        )
    )


def view(context: BuildContext) -> dict:
    """What the invitation says, for every format of it (text, Markdown, the e-mail's HTML, .docx, .odt)."""
    return {"w": context.werkvorm, "letter": letter(context), "marked": marked, "huisstijl": context.huisstijl}


class Fill(str):
    """A visible '[invullen: …]' where the invitation lacks a fact: the adviser fills it in before sending."""

    placeholder = True

    def __new__(cls, what: str) -> Fill:
        return super().__new__(cls, invitation.placeholder(what))


@dataclass(frozen=True)
class Attached:
    """An attachment the invitation sends along: its label, its text and its file."""

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
    goals: list[str]  # or one placeholder, asking what the meeting is about
    examples: list[str]
    bring: str  # what to bring along ('een situatie uit uw eigen werk'), or ""
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
    goals = [fact.text for fact in werkvorm.facts_of("doel")]
    examples = [invitation.unquoted(block.text) for block in invitation.examples(werkvorm)]
    if not invitation.says_what_about(werkvorm):  # the sender writes what the meeting is about: nothing else says it
        goals = [Fill(ABOUT)]
    return Letter(
        title=werkvorm.title.text if werkvorm.title else context.slug,
        when=when,
        place=place,
        place_url=_url_of(place),
        length=_length(werkvorm, plan),
        goals=goals,
        examples=examples,
        bring=BRING_A_CASE if has_case_presenter(werkvorm) and not asks_to_bring(goals + examples) else "",
        questions=[invitation.unquoted(block.text) for block in blocks_of(werkvorm, Teaser)]
        + [q.text for q in werkvorm.facts_of("startvraag")],
        facts=[
            (LETTER_FACTS[key], readers_words(key, invitation.shown_fact(fact))) for key, fact in letter_facts(werkvorm)
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


# The facts a participant reads, by the label the letter gives them; the date, time, place and length
# stand above. 'soort' (intervisie, Liberating Structure) is the adviser's word, not the reader's.
LETTER_FACTS = {"deelnemers": "Aantal deelnemers", "vorm": "Bijeenkomst", "begeleiding": "Begeleiding"}
# 'vorm: offline' as a participant says it; whole words only, in the author's case.
FORM_WORDS = {"offline": "op locatie", "fysiek": "op locatie", "hybride": "op locatie en online"}
ABOUT = invitation.MISSING_ABOUT.what
# A werkvorm with a case presenter needs someone to bring a case: the letter asks every reader.
BRING_A_CASE = "Neem een situatie uit uw eigen werk mee die u zou willen inbrengen: een vraag of iets wat u bezighoudt."


def letter_facts(werkvorm: Werkvorm) -> list[tuple[str, Fact]]:
    return [(key, fact) for key in LETTER_FACTS for fact in werkvorm.facts_of(key)]


def readers_words(key: str, value: str) -> str:
    """A fact in the participant's words: 'vorm: offline' reads 'op locatie'. A placeholder keeps
    the author's words, for the sender who chooses."""
    if key != "vorm" or isinstance(value, Fill) or "[invullen" in value:
        return value
    return _FORM_WORD.sub(lambda found: FORM_WORDS[found.group(0).lower()], value)


_FORM_WORD = re.compile(r"\b(?:" + "|".join(FORM_WORDS) + r")\b", re.IGNORECASE)


def has_case_presenter(werkvorm: Werkvorm) -> bool:
    """Whether a step of the session has a case presenter ('wie: casusinbrenger', or a declared
    'opdrachtgever'), or sends one away; keywords.CASE_PRESENTER_ROLES decides which roles are one."""
    session = werkvorm.section(SectionKind.SESSION)
    if not isinstance(session, Section):
        return False
    return any(is_case_presenter(role) for step in session.steps() for role in step.roles + step.absent)


def asks_to_bring(paragraphs: list[str]) -> bool:
    """Whether the author's own words already ask the reader to bring something ('Neem een situatie mee')."""
    return any(_ASKS_TO_BRING.search(text) for text in paragraphs)


_ASKS_TO_BRING = re.compile(r"\bneem\w*\b[^.?!]*\bmee\b|\bmeenemen\b|\binbreng", re.IGNORECASE)


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

    from werkvorm_dsl.output.calendar_zone import amsterdam_zone

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
    event.add("description", plain_lines(calendar_description(_without_subject(description))))
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
    calendar.add_component(amsterdam_zone())
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


SEQUENCE_EPOCH = 1704067200  # 2024-01-01 00:00 UTC


def _without_subject(text: str) -> str:
    """The invitation's text without its 'Onderwerp:' line: the appointment's title says it already."""
    first, _, rest = text.partition("\n")
    return rest.lstrip("\n") if first.startswith("Onderwerp:") else text


# A placeholder in the plain text, '[invullen: plaats of link]'; what is to be filled in is group 1.
_PLACEHOLDER = re.compile(r"\[\s*invullen\b:?\s*([^\]\n]{0,200})\]", re.IGNORECASE)
_LABELLED_LINE = re.compile(r"^(?:- )?([^:\n]{1,40}):\s")


def calendar_description(text: str) -> str:
    """The invitation's text as a calendar shows it to participants: a line still holding
    '[invullen: …]' is left out, and one sentence before the closing greeting says what is still to come."""
    kept: list[str] = []
    unfilled: list[str] = []
    for line in text.split("\n"):
        found = _PLACEHOLDER.findall(line)
        if found:
            unfilled += [_unfilled_item(line, what) for what in found if what.strip() not in FOR_THE_SENDER]
        else:
            kept.append(line)
    if len(kept) == len(text.split("\n")):
        return text
    if not unfilled:
        return BLANK_LINES.sub("\n\n", "\n".join(_without_empty_headings(kept)))
    closing = kept.index(CLOSING) if CLOSING in kept else len(kept)
    kept[closing:closing] = [still_to_come(unfilled), ""]
    return BLANK_LINES.sub("\n\n", "\n".join(_without_empty_headings(kept)))


CLOSING = "We zien u graag!"  # as uitnodiging.txt closes
# Placeholders that ask the sender for words of the letter itself: a participant misses no fact there.
FOR_THE_SENDER = (ABOUT, invitation.MISSING_SENDER.what)
BLANK_LINES = re.compile(r"\n{3,}")


def _unfilled_item(line: str, what: str) -> str:
    """What a placeholder asks for, as a participant reads it: 'de plaats of link'; a choice
    ('kies: online of offline') by the fact of its line ('of de bijeenkomst op locatie of online is')."""
    what = what.strip()
    label = _LABELLED_LINE.match(line)
    if (not what or what.lower().startswith("kies")) and label:
        what = label.group(1).strip().lower()
    return STILL_TO_COME_WORDS.get(what, what.removeprefix("kies:").strip() or "een gegeven")


# The placeholders' words and the letter's labels, as the participant's calendar says what is to come.
STILL_TO_COME_WORDS = {
    invitation.MISSING_PLACE.what: "de plaats of link",
    invitation.MISSING_REPLY.what: "waar u zich aan- of afmeldt",
    "bijeenkomst": "of de bijeenkomst op locatie of online is",
    "begeleiding": "wie de bijeenkomst begeleidt",
    "aantal deelnemers": "het aantal deelnemers",
}


def still_to_come(items: list[str]) -> str:
    """'Nog niet bekend: plaats of link, vorm en begeleiding.'"""
    unique = list(dict.fromkeys(items))
    listed = unique[0] if len(unique) == 1 else f"{', '.join(unique[:-1])} en {unique[-1]}"
    return f"Nog niet bekend: {listed}."


def _without_empty_headings(lines: list[str]) -> list[str]:
    """A heading line ('Praktisch:') whose every item was left out goes too."""
    kept: list[str] = []
    for at, line in enumerate(lines):
        following = lines[at + 1] if at + 1 < len(lines) else ""
        if line.endswith(":") and not line.startswith("- ") and not following.startswith("- "):
            continue
        kept.append(line)
    return kept
