"""A choice by group size (KEUZE … BIJ …): its check, and the session with each KEUZE decided."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import assert_never

from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
from werkvorm_dsl.language.nodes import (
    Choice,
    Count,
    Groups,
    ListSection,
    Part,
    Pause,
    QuestionList,
    Round,
    Section,
    Span,
    Step,
    TimeBox,
    Way,
    Werkvorm,
    walk,
)

# A size range without a most ('13 of meer') reaches this far when sizes are compared: far beyond any group.
NO_MOST = 10**9


def count_text(count: Count) -> str:
    """'12', '13 tot 40', '13 of meer': numbers of participants as the guide writes them after BIJ."""
    if count.no_maximum:
        return f"{count.low} of meer"
    if count.low == count.high:
        return str(count.low)
    return f"{count.low} tot {count.high}"


def way_title(way: Way) -> str:
    """'Bij maximaal 12 deelnemers: de hele groep': a way as the documents head it."""
    return f"Bij {way.heading.text.strip()}"


def _top(count: Count) -> int:
    return NO_MOST if count.no_maximum else count.high


def _overlap(a: Count, b: Count) -> Count | None:
    low, high = max(a.low, b.low), min(_top(a), _top(b))
    if low > high:
        return None
    return Count(low, low, no_maximum=True) if high == NO_MOST else Count(low, high)


def choice_problems(werkvorm: Werkvorm) -> Iterator[Diagnostic]:
    """E228 when two ways of a KEUZE are for one number, E229 when a number of 'deelnemers:' has
    no way, W230 when a way is for numbers that 'deelnemers:' does not have."""
    section = werkvorm.section("sessie")
    if not isinstance(section, Section):
        return
    for part in walk(section.parts):
        if isinstance(part, Choice):
            yield from _overlaps(werkvorm, part)
            yield from _gaps(werkvorm, part)
            yield from _ways_for_nobody(werkvorm, part)


def _problem(werkvorm: Werkvorm, code: str, span: Span, message: str, hint: str) -> Diagnostic:
    severity = Severity.WARNING if code.startswith("W") else Severity.ERROR
    return Diagnostic(code, severity, werkvorm.filename, span, message, hint)


def _overlaps(werkvorm: Werkvorm, choice: Choice) -> Iterator[Diagnostic]:
    ways = [way for way in choice.ways if way.sizes is not None]
    for index, later in enumerate(ways):
        for earlier in ways[:index]:
            assert earlier.sizes is not None and later.sizes is not None
            both = _overlap(earlier.sizes, later.sizes)
            if both is not None:
                yield _problem(
                    werkvorm,
                    "E228",
                    later.heading.span,
                    f"Bij {count_text(both)} deelnemers passen twee manieren: deze en die van regel "
                    f"{earlier.heading.span.line}.",
                    "Laat de aantallen van de BIJ-regels niet overlappen, bijvoorbeeld 'BIJ maximaal 12 deelnemers' "
                    "en 'BIJ 13 tot 40 deelnemers'.",
                )
                break


def _gaps(werkvorm: Werkvorm, choice: Choice) -> Iterator[Diagnostic]:
    persons = werkvorm.participants
    if persons is None or any(way.sizes is None for way in choice.ways):
        return
    missing: list[Count] = []
    number, top = persons.low, _top(persons)
    for sizes in sorted((way.sizes for way in choice.ways if way.sizes is not None), key=lambda c: c.low):
        if sizes.low > number and number <= top:
            missing.append(Count(number, min(sizes.low - 1, top)))
        number = max(number, _top(sizes) + 1)
    if number <= top:
        missing.append(Count(number, number, no_maximum=True) if top == NO_MOST else Count(number, top))
    if missing:
        numbers = " en ".join(count_text(count) for count in missing)
        yield _problem(
            werkvorm,
            "E229",
            choice.heading.span,
            f"Deze keuze heeft geen manier voor {numbers} deelnemers, terwijl bovenaan "
            f"'deelnemers: {count_text(persons)}' staat.",
            f"Zet een BIJ-regel voor {numbers} deelnemers, of laat een BIJ-regel die aantallen ook tellen.",
        )


def _ways_for_nobody(werkvorm: Werkvorm, choice: Choice) -> Iterator[Diagnostic]:
    persons = werkvorm.participants
    if persons is None:
        return
    for way in choice.ways:
        if way.sizes is not None and _overlap(way.sizes, persons) is None:
            yield _problem(
                werkvorm,
                "W230",
                way.heading.span,
                f"Deze manier is voor {count_text(way.sizes)} deelnemers, maar bovenaan staat "
                f"'deelnemers: {count_text(persons)}'; hij telt dus nooit mee.",
                "Pas de aantallen aan, of haal deze manier weg.",
            )


# --- the session with every KEUZE decided ------------------------------------------------------------


def decided(werkvorm: Werkvorm, participants: int) -> Werkvorm:
    """The werkvorm as held with this many participants: each KEUZE replaced by the parts of its way
    for that number (kept whole when it has none), and that number as its participants."""
    sections = tuple(_decided_section(section, participants) for section in werkvorm.sections)
    return replace(werkvorm, sections=sections, participants=Count(participants, participants))


def has_choices(werkvorm: Werkvorm) -> bool:
    section = werkvorm.section("sessie")
    return isinstance(section, Section) and any(isinstance(part, Choice) for part in walk(section.parts))


def _decided_section(
    section: Section | ListSection | QuestionList, participants: int
) -> Section | ListSection | QuestionList:
    match section:
        case Section():
            return replace(section, parts=_decided_parts(section.parts, participants))
        case ListSection() | QuestionList():
            return section
        case _:
            assert_never(section)


def _decided_parts(parts: tuple[Part, ...], participants: int) -> tuple[Part, ...]:
    kept: list[Part] = []
    for part in parts:
        match part:
            case Step() | Pause():
                kept.append(part)
            case Round() | Groups() | TimeBox():
                kept.append(replace(part, parts=_decided_parts(part.parts, participants)))
            case Choice():
                way = part.way_for(participants)
                if way is None:  # no way for that number (E229 in the check): every way stays shown
                    kept.append(part)
                else:
                    kept.extend(_decided_parts(way.parts, participants))
            case _:
                assert_never(part)
    return tuple(kept)
