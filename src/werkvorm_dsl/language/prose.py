"""Every piece of the author's text in reading order, for checks and for the faithfulness tests."""

from __future__ import annotations

from typing import assert_never

from werkvorm_dsl.language.nodes import (
    Block,
    Choice,
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

LabeledText = tuple[str, str, Span]  # (label as written, text, span)


# The werkvorm asked for last and its pieces: the checks ask twice in a row for the same one (links
# and placeholders). A werkvorm is frozen, so its pieces cannot change; one pair, replaced whole.
_last: tuple[Werkvorm | None, tuple[LabeledText, ...]] = (None, ())


def pieces(werkvorm: Werkvorm) -> tuple[LabeledText, ...]:
    """(label as written, text, span) for everything an author wrote, headings and facts included."""
    global _last
    asked, found = _last
    if asked is not werkvorm:
        found = _pieces(werkvorm)
        _last = (werkvorm, found)
    return found


def _pieces(werkvorm: Werkvorm) -> tuple[LabeledText, ...]:
    # A list made by appending: generators nested as deep as the parts would hand each piece up
    # through every level.
    found: list[LabeledText] = []
    if werkvorm.title:
        found.append((werkvorm.title.label, werkvorm.title.text, werkvorm.title.span))
    found.extend((fact.label, fact.text, fact.span) for fact in werkvorm.facts)
    _add_blocks(werkvorm.intro, found)
    for variant in werkvorm.variants:
        found.append((variant.heading.label, variant.heading.text, variant.heading.span))
        found.extend((fact.label, fact.text, fact.span) for fact in variant.facts)
        _add_blocks(variant.intro, found)
    for section in werkvorm.sections:
        found.append((section.heading.label, section.heading.text, section.heading.span))
        match section:
            case Section():
                _add_blocks(section.intro, found)
                for part in section.parts:
                    _add_part(part, found)
            case ListSection() | QuestionList():
                _add_blocks(section.items, found)
            case _:
                assert_never(section)
    return tuple(_with_changes(found, werkvorm))


def _with_changes(found: list[LabeledText], werkvorm: Werkvorm) -> list[LabeledText]:
    """The lines 'bij variant …:' among the pieces, each after the last piece that starts above it."""
    if not werkvorm.variant_changes:
        return found
    merged: list[LabeledText] = []
    changes = list(werkvorm.variant_changes)
    for piece in found:
        while changes and changes[0].span.line < piece[2].line:
            change = changes.pop(0)
            merged.append(("bij variant", f"{change.name}: {change.value}", change.span))
        merged.append(piece)
    merged.extend(("bij variant", f"{c.name}: {c.value}", c.span) for c in changes)
    return merged


def _add_part(part: Part, found: list[LabeledText]) -> None:
    match part:
        case Step():
            found.append(("", part.title.text, part.title.span))
            for extra in (
                part.duration_text,
                part.roles_text,
                part.absent_text,
                part.for_participants,
                part.at_once_text,
                *part.question_refs,
            ):
                if extra is not None:
                    found.append((extra.label, extra.text, extra.span))
            found.extend((task.written, task.task, task.span) for task in part.at_once)
            _add_blocks(part.body, found)
        case Pause():
            found.append((part.heading.label, part.heading.text, part.heading.span))
            _add_blocks(part.intro, found)
        case Round() | Groups():
            found.append((part.heading.label, part.heading.text, part.heading.span))
            if part.box_text is not None:
                found.append((part.box_text.label, part.box_text.text, part.box_text.span))
            for prompt in part.prompts if isinstance(part, Round) else ():  # '2e keer: Wat dan?'
                found.append((prompt.heading.label, prompt.heading.text, prompt.span))
                found.extend((ref.label, ref.text, ref.span) for ref in prompt.question_refs)
            _add_blocks(part.intro, found)
            for inner in part.parts:
                _add_part(inner, found)
        case TimeBox():
            found.append((part.heading.label, part.heading.text, part.heading.span))  # its box is in its heading
            _add_blocks(part.intro, found)
            for inner in part.parts:
                _add_part(inner, found)
        case Choice():
            found.append((part.heading.label, part.heading.text, part.heading.span))
            _add_blocks(part.intro, found)
            for way in part.ways:
                found.append((way.heading.label, way.heading.text, way.heading.span))
                _add_blocks(way.intro, found)
                for inner in way.parts:
                    _add_part(inner, found)
        case _:
            assert_never(part)


def _add_blocks(blocks: tuple[Block, ...], found: list[LabeledText]) -> None:
    for block in blocks:
        match block:
            case Labeled():  # a keyword and its text: Example, Note, Link, …
                found.append((block.label, block.text, block.span))
            case Text():  # Paragraph, BulletItem
                found.append(("", block.text, block.span))
            case _:
                assert_never(block)


def plain_text(werkvorm: Werkvorm) -> str:
    """All pieces as one text, each label before its text as the author wrote it."""
    return "\n".join(f"{label} {text}".strip() for label, text, _ in pieces(werkvorm))
