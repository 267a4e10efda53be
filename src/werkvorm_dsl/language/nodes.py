"""The AST: plain, frozen data named after the grammar's rules, each node with its source span.

Kinds of text that add no fields to their parent (Example, Note, …) are plain subclasses: they
need no dataclass machinery of their own, which keeps `werkvorm check` quick to start.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import assert_never

from werkvorm_dsl.system.records import record


@record
class Span:
    """Where a node stands in its file; lines and columns count from 1."""

    line: int
    column: int
    end_line: int
    end_column: int


class Bound(StrEnum):
    """How a duration is meant: as written, at most, at least, or roughly."""

    EXACT = "precies"
    AT_MOST = "maximaal"
    AT_LEAST = "minstens"
    ABOUT = "globaal"


@record
class Duration:
    """A stretch of time in minutes: fixed (low == high), a range, or per person. Inside
    GROEPJES 'per persoon' counts the members of one subgroup, elsewhere the participants."""

    low: Fraction
    high: Fraction
    per_participant: bool = False
    bound: Bound = Bound.EXACT


@record
class Count:
    """A whole number or a range of them, such as '3 tot 10' participants or '2 tot 3 keer'.

    `no_maximum`: the author wrote a least number and no most ('deelnemers: minimaal 5', '5+'); then
    high == low, and whatever depends on the largest number (the longest way of a round per
    participant) has no upper limit. Only participants can be written so: times and group sizes
    always have a most."""

    low: int
    high: int
    no_maximum: bool = False

    def times(self, other: Count) -> Count:
        """Each of `self` held `other` times: 2 rounds for each of 4 to 6 participants is 8 to 12."""
        return Count(self.low * other.low, self.high * other.high, self.no_maximum or other.no_maximum)


class RepeatKind(StrEnum):
    TIMES = "keer"  # a count or range: '3 keer', '2 tot 3 keer'
    PER_PERSON = "per persoon"  # once per participant, or per member inside GROEPJES
    AS_TIME_ALLOWS = "zo vaak als de tijd toelaat"


@record
class Repeat:
    """How often a round is held: a count, once per person, or as often as time allows."""

    # TIMES: how often. PER_PERSON: how often for each person ('2 keer per deelnemer'), None for
    # once. AS_TIME_ALLOWS: None.
    times: Count | None
    text: str
    kind: RepeatKind = RepeatKind.TIMES


@record
class Text:
    """A piece of the author's prose, inline Markdown kept as written."""

    text: str
    span: Span


@record
class Labeled:
    """A line led by a keyword: the keyword as the author wrote it, and the text after it."""

    label: str
    text: str
    span: Span


class Paragraph(Text):
    """Prose lines without a blank line between them."""

    __slots__ = ()


@record
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


@record
class Link(Labeled):
    """A link to more information. `url` is empty while the author has none yet."""

    caption: str = ""
    url: str = ""


class Materials(Labeled):
    """What to have at hand for a step: 'materiaal: 2 stiften per deelnemer, flip-over'."""

    __slots__ = ()


class QuestionsRef(Labeled):
    """A step's reference to a question list by its name."""

    __slots__ = ()


Block = Paragraph | BulletItem | Example | Teaser | Note | FacilitatorOnly | Attachment | Link | Materials


@record
class Fact:
    """A line of the header, such as 'duur: 1 uur'. `key` is the canonical Dutch keyword."""

    key: str
    label: str
    text: str
    span: Span
    value_span: Span  # where the text after the colon starts, for carets under a bad value


@record
class Variant:
    """'VARIANT lang: anderhalf uur voor 8 tot 12 deelnemers': a named variant of the werkvorm, with
    the header facts that differ in it. Its name is what stands before the colon."""

    name: str
    description: str
    heading: Labeled
    facts: tuple[Fact, ...]
    intro: tuple[Block, ...]  # its prose, for the facilitator
    span: Span


class ChangeTarget(StrEnum):
    """What a line 'bij variant …: waarde' changes: the line directly above it, or the part it is in."""

    TITLE = "titel"  # under 'stap …'
    DURATION = "duur"  # under a step's 'duur:'
    REPEAT = "hoe vaak"  # under 'RONDE …'
    SIZE = "grootte"  # under 'GROEPJES …'
    BOX = "vaste tijd"  # under 'BLOK …', 'PAUZE …' or 'tijdvak:'
    LEFT_OUT = "niet"  # 'bij variant kort: niet': the part is not in that variant
    HELD = "wel"  # 'bij variant lang: wel': a part held only if there is time is held for sure


@record
class VariantChange:
    """'bij variant lang: 2 keer': in the variant `name`, `target` of the line at `target_span` reads
    `value`. `part_span` is the whole part the line belongs to (for 'niet' and 'wel')."""

    name: str
    target: ChangeTarget
    value: str
    span: Span
    target_span: Span
    part_span: Span


class Per(StrEnum):
    """What a quantity of material is counted for."""

    SESSION = "sessie"
    PERSON = "deelnemer"
    GROUP = "groepje"


@record
class Material:
    """One thing to bring, as in 'materiaal: 2 stiften per deelnemer, flip-over'."""

    name: str
    amount: int | None  # None: no number written
    per: Per
    span: Span


FACILITATOR_ROLE = "begeleider"  # the known role (keywords.ROLES) that leads the session


@record
class RoleTask:
    """'- tijdbewaker: let op de tijd' under 'tegelijk:': what one role does in the step's minutes.
    Participants read every role's task but the facilitator's own (see `for_participants`)."""

    role: str  # as 'wie:' reads it: a known role, or one of 'rollen:'
    written: str  # the role as the author wrote it
    task: str
    span: Span

    @property
    def for_participants(self) -> bool:
        """'- begeleider: …' is spelled as facilitator-only text is ('begeleider: …'), so it is read
        as such: it stays in the draaiboek and the live view, off the hand-out, cards and screen."""
        return self.role != FACILITATOR_ROLE


@record
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
    optional: bool = False  # 'duur: 5 min, als er tijd is': only in the longest way
    absent: tuple[str, ...] = ()  # roles that are away during this step: 'afwezig: casusinbrenger'
    absent_text: Labeled | None = None
    # 'voor deelnemers: …': what the hand-out's programme says about this step instead of the
    # facilitator's instruction; without it the programme shows only that there is a step.
    for_participants: Labeled | None = None
    # 'duur: de rest': no duration of its own; it takes what its limit (the box around it, or the
    # session) leaves, and at least the floor. `duration` is then None.
    rest: bool = False
    # 'tegelijk:' and a point per role: what each does in the same minutes (issue 24); those roles
    # are in `roles` too
    at_once: tuple[RoleTask, ...] = ()
    at_once_text: Labeled | None = None


@record
class Pause:
    """A break: PAUZE 10 min. Shown as a break, not as a step."""

    duration: Duration | None
    description: str
    heading: Labeled
    intro: tuple[Block, ...]
    span: Span


@record
class RoundPrompt:
    """'2e keer: Wat dan?' under a RONDE: the title of that time, and the question or assignment on
    the lines below it. `number` is None for 'de andere keren:', which holds for every time
    without a line of its own."""

    number: int | None
    title: str
    text: str
    heading: Labeled  # the line as written: '2e keer' and its text
    span: Span
    question_refs: tuple[QuestionsRef, ...] = ()  # 'vragen: naam' right under it: that time's own list


@record
class Round:
    """Parts held more than once, each time with another case presenter, partner or member."""

    repeat: Repeat | None
    description: str  # what the author wrote after the colon: 'telkens met een andere casusinbrenger'
    heading: Labeled
    intro: tuple[Block, ...]
    parts: tuple[Part, ...]
    span: Span
    box: Duration | None = None  # 'tijdvak: 8 min': each time takes this, whatever the parts add up to
    box_text: Labeled | None = None
    optional: bool = False  # 'RONDE 1 keer, als er tijd is'
    prompts: tuple[RoundPrompt, ...] = ()  # '1e keer: …', 'de andere keren: …' (issue 24)

    def prompt_for(self, time: int) -> RoundPrompt | None:
        """What the `time`-th time through the round asks (from 1): its own line, or 'de andere keren'."""
        own = next((p for p in self.prompts if p.number == time), None)
        return own or next((p for p in self.prompts if p.number is None), None)


@record
class Groups:
    """GROEPJES van 3: the group splits and the subgroups do the same parts at the same time."""

    size: Count | None
    description: str
    heading: Labeled
    intro: tuple[Block, ...]
    parts: tuple[Part, ...]
    span: Span
    box: Duration | None = None
    box_text: Labeled | None = None
    optional: bool = False


@record
class TimeBox:
    """BLOK 20 min: parts that together get a fixed time."""

    box: Duration | None
    description: str
    heading: Labeled
    intro: tuple[Block, ...]
    parts: tuple[Part, ...]
    span: Span
    optional: bool = False


@record
class Way:
    """'BIJ maximaal 12 deelnemers: de hele groep': one way of a KEUZE, for the numbers of
    participants after BIJ, with the parts it holds up to the next BIJ or the EINDE."""

    sizes: Count | None  # None: not readable (reported as E233)
    description: str
    heading: Labeled
    intro: tuple[Block, ...]
    parts: tuple[Part, ...]
    span: Span


@record
class Choice:
    """KEUZE naar het aantal deelnemers: ways of which the group's size picks one (issue 24)."""

    description: str
    heading: Labeled
    intro: tuple[Block, ...]
    ways: tuple[Way, ...]
    span: Span

    def way_for(self, participants: int) -> Way | None:
        """The way for this many participants: the first whose numbers hold it."""
        return next((way for way in self.ways if holds(way.sizes, participants)), None)


def holds(sizes: Count | None, number: int) -> bool:
    """Whether a number of participants is among `sizes` ('13 of meer' holds every number from 13)."""
    if sizes is None:
        return False
    return sizes.low <= number and (sizes.no_maximum or number <= sizes.high)


Part = Step | Pause | Round | Groups | TimeBox | Choice
Container = Round | Groups | TimeBox
MAX_DEPTH = 3  # blocks inside blocks; deeper is E217


def walk(parts: tuple[Part, ...]) -> Iterator[Part]:
    """Every part, those inside blocks included, in the order written. The one walker: a new
    kind of part must be added here, or this fails for it."""
    for part in parts:
        yield part
        match part:
            case Step() | Pause():
                pass
            case Round() | Groups() | TimeBox():
                yield from walk(part.parts)
            case Choice():
                for way in part.ways:
                    yield from walk(way.parts)
            case _:
                assert_never(part)


def is_optional(part: Part | Way) -> bool:
    """Whether a part is held only when there is time ('als er tijd is'); a break always is, and a
    KEUZE and its ways are (their parts may be optional each)."""
    match part:
        case Step() | Round() | Groups() | TimeBox():
            return part.optional
        case Pause() | Choice() | Way():
            return False
        case _:
            assert_never(part)


def facilitator_only(block: Block) -> bool:
    """Whether a block is for whoever leads the session and never reaches a participant's document.
    A new kind of block must be placed on one side here, or this fails for it."""
    match block:
        case FacilitatorOnly() | Note():
            return True
        case Paragraph() | BulletItem() | Example() | Teaser() | Attachment() | Link() | Materials():
            return False
        case _:
            assert_never(block)


class SectionKind(StrEnum):
    PREPARATION = "voorbereiding"
    SESSION = "sessie"
    SUGGESTIONS = "suggesties"
    OPTIONAL = "optioneel"


@record
class Section:
    """VOORBEREIDING or SESSIE: steps, and in a session also rounds, groups, blocks and breaks."""

    kind: SectionKind
    heading: Labeled
    intro: tuple[Block, ...]
    parts: tuple[Part, ...]
    span: Span

    def steps(self) -> tuple[Step, ...]:
        """All steps, those inside blocks included, in the order written."""
        return tuple(part for part in walk(self.parts) if isinstance(part, Step))


@record
class ListSection:
    """SUGGESTIES or OPTIONEEL: items, with paragraphs and notes between them."""

    kind: SectionKind
    heading: Labeled
    items: tuple[Block, ...]
    span: Span


@record
class QuestionList:
    """A named list of questions that steps refer to with 'vragen: naam'."""

    name: str
    title: str
    heading: Labeled
    items: tuple[Block, ...]
    span: Span


@record
class Werkvorm:
    """A whole werkvorm as the author wrote it."""

    filename: str
    title: Labeled | None
    facts: tuple[Fact, ...]
    intro: tuple[Block, ...]
    sections: tuple[Section | ListSection | QuestionList, ...]
    total_duration: Duration | None = None
    participants: Count | None = None
    start_time: str | None = None  # "HH:MM"
    roles: tuple[str, ...] = ()  # declared with 'rollen:', on top of the known ones
    floor: Duration | None = None  # 'minimum per stap:': what a step without a duration counts at least
    materials: tuple[Material, ...] = ()
    date: date | None = None  # 'datum:', for the invitation and its calendar event
    variants: tuple[Variant, ...] = ()  # issue 24: 'VARIANT …' sections, right under the header
    variant_changes: tuple[VariantChange, ...] = ()  # every 'bij variant …:' line, in file order
    parse_problems: tuple = field(default=(), compare=False)  # Diagnostics from reading the file
    source: str = field(default="", compare=False, repr=False)  # the text read, from which a variant is resolved

    def fact(self, key: str) -> Fact | None:
        return next((fact for fact in self.facts if fact.key == key), None)

    def facts_of(self, key: str) -> tuple[Fact, ...]:
        return tuple(fact for fact in self.facts if fact.key == key)

    def section(self, kind: str) -> Section | ListSection | None:
        """The section of a kind (a SectionKind: VOORBEREIDING, SESSIE, …), the first if it is there twice."""
        return next(iter(self.sections_of(kind)), None)

    def sections_of(self, kind: str) -> list[Section | ListSection]:
        """The sections of a kind, in file order; a question list is of none."""
        found: list[Section | ListSection] = []
        for section in self.sections:
            match section:
                case Section() | ListSection():
                    if section.kind == kind:
                        found.append(section)
                case QuestionList():
                    pass
                case _:
                    assert_never(section)
        return found

    def question_lists(self) -> dict[str, QuestionList]:
        return {s.name.lower(): s for s in self.sections if isinstance(s, QuestionList)}
