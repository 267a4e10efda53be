"""Every piece of the author's text in reading order, for checks and for the faithfulness tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import assert_never

from werkvorm_dsl.language.nodes import (
    Groups,
    Labeled,
    ListSection,
    Part,
    Pause,
    QuestionList,
    Round,
    Section,
    Span,
    Step,
    Text,
    TimeBox,
    Werkvorm,
)


def pieces(werkvorm: Werkvorm) -> Iterator[tuple[str, str, Span]]:
    """(label as written, text, span) for everything an author wrote, headings and facts included."""
    if werkvorm.title:
        yield _labeled(werkvorm.title)
    for fact in werkvorm.facts:
        yield fact.label, fact.text, fact.span
    yield from _blocks(werkvorm.intro)
    for section in werkvorm.sections:
        yield _labeled(section.heading)
        if isinstance(section, Section):
            yield from _blocks(section.intro)
            for part in section.parts:
                yield from _part(part)
        elif isinstance(section, (ListSection, QuestionList)):
            yield from _blocks(section.items)


def _part(part: Part) -> Iterator[tuple[str, str, Span]]:
    match part:
        case Step():
            yield "", part.title.text, part.title.span
            for extra in (
                part.duration_text,
                part.roles_text,
                part.absent_text,
                part.for_participants,
                *part.question_refs,
            ):
                if extra is not None:
                    yield _labeled(extra)
            yield from _blocks(part.body)
        case Pause():
            yield _labeled(part.heading)
            yield from _blocks(part.intro)
        case Round() | Groups() | TimeBox():
            yield _labeled(part.heading)
            box_text = getattr(part, "box_text", None)
            if box_text is not None:
                yield _labeled(box_text)
            yield from _blocks(part.intro)
            for inner in part.parts:
                yield from _part(inner)
        case _:
            assert_never(part)


def _blocks(blocks) -> Iterator[tuple[str, str, Span]]:
    for block in blocks:
        if isinstance(block, Labeled):
            yield _labeled(block)
        elif isinstance(block, Text):
            yield "", block.text, block.span


def _labeled(node: Labeled) -> tuple[str, str, Span]:
    return node.label, node.text, node.span


def plain_text(werkvorm: Werkvorm) -> str:
    """All pieces as one text, each label before its text as the author wrote it."""
    return "\n".join(f"{label} {text}".strip() for label, text, _ in pieces(werkvorm))
