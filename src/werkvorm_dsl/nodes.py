"""The AST: plain, frozen data named after the grammar's rules, each node with its source span.

Kinds of text that add no fields to their parent (Example, Note, …) are plain subclasses: they
need no dataclass machinery of their own, which keeps `werkvorm check` quick to start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Union


@dataclass(frozen=True, slots=True)
class Span:
    """Where a node stands in its file; lines and columns count from 1."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Duration:
    """A stretch of time in minutes: fixed (low == high), a range, or per participant."""

    low: Fraction
    high: Fraction
    per_participant: bool = False


@dataclass(frozen=True, slots=True)
class Count:
    """A whole number or a range of them, such as '3 tot 10' participants or '2 tot 3 keer'."""

    low: int
    high: int


@dataclass(frozen=True, slots=True)
class Repeat:
    """How often a round is held: a count, or once per participant."""

    times: Count | None  # None: once per participant
    text: str


@dataclass(frozen=True, slots=True)
class Text:
    """A piece of the author's prose, inline Markdown kept as written."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Labeled:
    """A line led by a keyword: the keyword as the author wrote it, and the text after it."""

    label: str
    text: str
    span: Span


class Paragraph(Text):
    """Prose lines without a blank line between them."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class BulletItem(Text):
    """An item of a bulleted or numbered list."""

    number: int | None = None


class Example(Labeled):
    """An example to read out or adapt: 'voorbeeld:' or 'bijvoorbeeld:'."""

    __slots__ = ()


class Teaser(Labeled):
    """A question to tease the invitation with."""

    __slots__ = ()


class Note(Labeled):
    """An NB: a remark for whoever prepares and leads the session."""

    __slots__ = ()


class FacilitatorOnly(Labeled):
    """Text meant for the facilitator only; it never reaches participants."""

    __slots__ = ()


class Attachment(Labeled):
    """Something to send along or bring, such as an illustration."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Link(Labeled):
    """A link to more information. `url` is empty while the author has none yet."""

    caption: str = ""
    url: str = ""


class QuestionsRef(Labeled):
    """A step's reference to a question list by its name."""

    __slots__ = ()


Block = Union[Paragraph, BulletItem, Example, Teaser, Note, FacilitatorOnly, Attachment, Link]


@dataclass(frozen=True, slots=True)
class Fact:
    """A line of the header, such as 'duur: 1 uur'. `key` is the canonical Dutch keyword."""

    key: str
    label: str
    text: str
    span: Span
    value_span: Span  # where the text after the colon starts, for carets under a bad value


@dataclass(frozen=True, slots=True)
class Step:
    """One step: its first line is its title; everything else is its body."""

    title: Text
    duration: Duration | None
    duration_text: Labeled | None
    roles: tuple[str, ...]
    roles_text: Labeled | None
    question_refs: tuple[QuestionsRef, ...]
    body: tuple[Block, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Round:
    """Steps held more than once, each time with another case presenter or group."""

    repeat: Repeat | None
    description: str  # what the author wrote after the colon: 'telkens met een andere casusinbrenger'
    heading: Labeled
    intro: tuple[Block, ...]
    steps: tuple[Step, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Section:
    """VOORBEREIDING or SESSIE: steps, and in a session also rounds."""

    kind: str  # "voorbereiding" or "sessie"
    heading: Labeled
    intro: tuple[Block, ...]
    parts: tuple[Union[Step, Round], ...]
    span: Span

    def steps(self) -> tuple[Step, ...]:
        """All steps, those inside rounds included, in the order written."""
        found: list[Step] = []
        for part in self.parts:
            found.extend(part.steps if isinstance(part, Round) else (part,))
        return tuple(found)


@dataclass(frozen=True, slots=True)
class ListSection:
    """SUGGESTIES or OPTIONEEL: items, with paragraphs and notes between them."""

    kind: str  # "suggesties" or "optioneel"
    heading: Labeled
    items: tuple[Block, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class QuestionList:
    """A named list of questions that steps refer to with 'vragen: naam'."""

    name: str
    title: str
    heading: Labeled
    items: tuple[Block, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Werkvorm:
    """A whole werkvorm as the author wrote it."""

    filename: str
    title: Labeled | None
    facts: tuple[Fact, ...]
    intro: tuple[Block, ...]
    sections: tuple[Union[Section, ListSection, QuestionList], ...]
    total_duration: Duration | None = None
    participants: Count | None = None
    start_time: str | None = None  # "HH:MM"
    parse_problems: tuple = field(default=(), compare=False)  # Diagnostics from reading the file

    def fact(self, key: str) -> Fact | None:
        return next((fact for fact in self.facts if fact.key == key), None)

    def facts_of(self, key: str) -> tuple[Fact, ...]:
        return tuple(fact for fact in self.facts if fact.key == key)

    def section(self, kind: str) -> Section | ListSection | None:
        return next((s for s in self.sections if getattr(s, "kind", None) == kind), None)

    def question_lists(self) -> dict[str, QuestionList]:
        return {s.name.lower(): s for s in self.sections if isinstance(s, QuestionList)}
