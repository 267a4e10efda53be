"""Rounds whose every time asks something else ('1e keer: …'): which times a round reaches, and its check."""

from __future__ import annotations

from collections.abc import Iterator
from typing import assert_never

from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
from werkvorm_dsl.language.nodes import (
    Choice,
    Count,
    Groups,
    Part,
    Pause,
    RepeatKind,
    Round,
    Section,
    Step,
    TimeBox,
    Werkvorm,
)


def most_times(round_: Round, persons: Count | None) -> int | None:
    """How often a round is held at most; None when nothing says (as often as the time allows, or
    once per person without a largest number of persons)."""
    repeat = round_.repeat
    if repeat is None:
        return 1
    match repeat.kind:
        case RepeatKind.TIMES:
            return repeat.times.high if repeat.times is not None else 1
        case RepeatKind.PER_PERSON:
            if persons is None or persons.no_maximum:
                return None
            return persons.high * (repeat.times.high if repeat.times is not None else 1)
        case RepeatKind.AS_TIME_ALLOWS:
            return None
        case _:
            assert_never(repeat.kind)


def prompt_problems(werkvorm: Werkvorm) -> Iterator[Diagnostic]:
    """E226 for a time the round never reaches ('4e keer:' in a round of 3), W227 when some times
    have a line of their own and others none, without 'de andere keren:'."""
    section = werkvorm.section("sessie")
    if isinstance(section, Section):
        yield from _in_parts(werkvorm, section.parts, werkvorm.participants)


def _in_parts(werkvorm: Werkvorm, parts: tuple[Part, ...], persons: Count | None) -> Iterator[Diagnostic]:
    for part in parts:
        match part:
            case Step() | Pause():
                pass
            case Round():
                yield from _of_round(werkvorm, part, persons)
                yield from _in_parts(werkvorm, part.parts, persons)
            case Groups():
                yield from _in_parts(werkvorm, part.parts, part.size)
            case TimeBox():
                yield from _in_parts(werkvorm, part.parts, persons)
            case Choice():
                for way in part.ways:
                    yield from _in_parts(werkvorm, way.parts, way.sizes or persons)
            case _:
                assert_never(part)


def _of_round(werkvorm: Werkvorm, round_: Round, persons: Count | None) -> Iterator[Diagnostic]:
    if not round_.prompts:
        return
    most = most_times(round_, persons)
    numbered = [prompt for prompt in round_.prompts if prompt.number is not None]
    if most is not None:
        for prompt in numbered:
            if prompt.number is not None and prompt.number > most:
                yield Diagnostic(
                    "E226",
                    Severity.ERROR,
                    werkvorm.filename,
                    prompt.heading.span,
                    f"'{prompt.heading.label}:' komt nooit: deze ronde wordt hooguit {most} keer gehouden.",
                    "Haal deze keer weg, of laat de ronde vaker gaan.",
                )
    if most is None or any(prompt.number is None for prompt in round_.prompts):
        return
    missing = [time for time in range(1, most + 1) if round_.prompt_for(time) is None]
    if missing and numbered:
        times = ", ".join(f"{time}e" for time in missing)
        yield Diagnostic(
            "W227",
            Severity.WARNING,
            werkvorm.filename,
            round_.heading.span,
            f"Deze ronde zegt niet wat de {times} keer vraagt; daar staat in de stukken alleen het nummer van de "
            "ronde.",
            "Zet er een regel voor, zoals '2e keer: …', of 'de andere keren: …' voor elke keer zonder eigen regel.",
        )
