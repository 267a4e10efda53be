"""Every piece of the author's text in reading order, for checks and for the faithfulness tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import assert_never

from werkvorm_dsl.language.nodes import (
    Block,
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
        match section:
            case Section():
                yield from _blocks(section.intro)
                for part in section.parts:
                    yield from _part(part)
            case ListSection() | QuestionList():
                yield from _blocks(section.items)
            case _:
                assert_never(section)


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
        case Round() | Groups():
            yield _labeled(part.heading)
            if part.box_text is not None:
                yield _labeled(part.box_text)
            yield from _blocks(part.intro)
            for inner in part.parts:
                yield from _part(inner)
        case TimeBox():
            yield _labeled(part.heading)  # its box is written in its heading
            yield from _blocks(part.intro)
            for inner in part.parts:
                yield from _part(inner)
        case _:
            assert_never(part)


def _blocks(blocks: tuple[Block, ...]) -> Iterator[tuple[str, str, Span]]:
    for block in blocks:
        match block:
            case Labeled():  # a keyword and its text: Example, Note, Link, …
                yield _labeled(block)
            case Text():  # Paragraph, BulletItem
                yield "", block.text, block.span
            case _:
                assert_never(block)


def _labeled(node: Labeled) -> tuple[str, str, Span]:
    return node.label, node.text, node.span


def plain_text(werkvorm: Werkvorm) -> str:
    """All pieces as one text, each label before its text as the author wrote it."""
    return "\n".join(f"{label} {text}".strip() for label, text, _ in pieces(werkvorm))
