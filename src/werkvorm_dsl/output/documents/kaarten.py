"""Kaarten: one A6 card per session step and per question list, four to an A4 sheet.

Both kinds of card lie on the participants' table (docs/uitvoer.md). A step card therefore says
what the hand-out says about the step (its 'voor deelnemers:' text, else its title) and shows only
what participants look at: examples, links and attachments. The step's own explanation is the
facilitator's and stays in the draaiboek, as text for the facilitator alone always does."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from typing import Any, assert_never

from werkvorm_dsl.analysis.schedule import Plan, RowKind, Slot
from werkvorm_dsl.analysis.variants import VariantNote
from werkvorm_dsl.language.nodes import (
    Attachment,
    Block,
    BulletItem,
    Choice,
    Count,
    Example,
    FacilitatorOnly,
    Groups,
    Link,
    Materials,
    Note,
    Paragraph,
    Part,
    Pause,
    Round,
    Step,
    Teaser,
    TimeBox,
    Werkvorm,
    walk,
)
from werkvorm_dsl.language.values import PLACEHOLDER, format_duration
from werkvorm_dsl.output.documents import common
from werkvorm_dsl.output.registry import Backend, BuildContext, Document, register


class CardKind(StrEnum):
    """What a card is for; the templates name it by its value ('stap', 'vragen')."""

    STEP = "stap"
    QUESTIONS = "vragen"


@dataclass(frozen=True)
class Card:
    """One printable card: a step or a question list."""

    kind: CardKind
    number: str
    title: str
    minutes: str
    roles: tuple[str, ...]
    chips: tuple[str, ...]  # where the step stands: in a round, in groups, only when there is time
    blocks: tuple
    absent: str = ""  # 'casusinbrenger (verlaat de ruimte)'
    anchor: str = ""  # a question list's card: the id other cards point to
    questions: tuple[tuple[str, str], ...] = ()  # (anchor, title) of the question lists a step uses
    follow_on: str = ""  # the label at the top of a follow-on card: 'vervolg: Stap 2', 'vervolg: <list's title>'
    tasks: tuple[tuple[str, str], ...] = ()  # 'tegelijk:': (role, its task) for each role in the same minutes
    prompts: tuple[tuple[str, str], ...] = ()  # the first step of a round that asks something else each time:
    # ('2e keer: Wat dan?', its question) for every time


@dataclass(frozen=True)
class Print:
    """Sizes of the card's running texts as kaarten.css sets them, in points: the label of a
    follow-on card (two lines, bold) and the werkvorm's name in the foot (a few lines, regular).
    Text is fitted to them here, at a word, so no running text is ever cut off at the card's edge."""

    label_size: float
    foot_size: float
    label_lines: int
    foot_lines: int


SMALL_PRINT = Print(label_size=13, foot_size=7, foot_lines=2, label_lines=2)
LARGE_PRINT = Print(label_size=16, foot_size=12, foot_lines=3, label_lines=2)
CARD_TEXT_WIDTH = (105 - 2 * 8) * 72 / 25.4  # A6 less its side margins (kaarten.css), in points
FOOT_SHARE = 0.74  # of that width, the foot's left box with the name (kaarten.css: @bottom-left)


@register
class Kaarten(Backend):
    name = "kaarten"
    title = "Kaarten"
    formats = ("html", "md")

    def render(self, context: BuildContext, document: str | None = None) -> Document:
        from werkvorm_dsl.output.render import render

        werkvorm = context.werkvorm
        data: dict[str, Any] = {
            "w": werkvorm,
            "doctype": self.title,
            "cards": labelled(cards(context), context.large),
            "for_participants": True,
            "large": context.large,
            "concept": context.concept,
            "huisstijl": context.huisstijl,
            "foot": foot(werkvorm, context.large, context.variant),
            "variant": context.variant,
        }
        return Document(
            self.name, self.title, {"html": render("kaarten.html", **data), "md": render("kaarten.md", **data)}
        )


def foot(werkvorm: Werkvorm, large: bool, variant: VariantNote | None = None) -> str:
    """The werkvorm's name for the foot of every card, whole where it fits in the foot's lines; a
    variant's cards say which variant (its name only: the cards lie on the participants' table)."""
    from werkvorm_dsl.output.render import plain

    sizes = LARGE_PRINT if large else SMALL_PRINT
    title = plain(werkvorm.title.text) if werkvorm.title else ""
    if variant is not None:
        title = f"{title} (variant {plain(variant.name)})"
    return fitted(title, "Lato-Regular.ttf", sizes.foot_size, CARD_TEXT_WIDTH * FOOT_SHARE, sizes.foot_lines)


def follow_on_label(name: str, large: bool) -> str:
    """'vervolg: Stap 2' or 'vervolg: <the question list's title>', whole in two lines; only a title
    longer than that is shortened, at a word."""
    from werkvorm_dsl.output.render import plain

    sizes = LARGE_PRINT if large else SMALL_PRINT
    return fitted(f"vervolg: {plain(name)}", "Lato-Bold.ttf", sizes.label_size, CARD_TEXT_WIDTH, sizes.label_lines)


def labelled(found: list[Card], large: bool) -> list[Card]:
    """The cards with the label their follow-on cards carry: a step's number, a list's own title
    ('vervolg: Vragen' did not say which list)."""

    def name(card: Card) -> str:
        match card.kind:
            case CardKind.STEP:
                return f"Stap {card.number}"
            case CardKind.QUESTIONS:
                return card.title
            case _:
                assert_never(card.kind)

    return [replace(card, follow_on=follow_on_label(name(card), large)) for card in found]


def cards(context: BuildContext) -> list[Card]:
    plan = context.plan
    held = times_held(context.werkvorm, plan)
    lists = common.question_lists(context.werkvorm)
    anchors = {
        questions.name.lower(): (f"kaart-vragen-{index}", questions.title) for index, questions in enumerate(lists, 1)
    }
    found: list[Card] = []
    seen: set[int] = set()
    asked = prompts_at_first_steps(context.werkvorm)
    for slot in plan.slots:
        step = slot.step
        if step is None or slot.kind is not RowKind.STEP or id(step) in seen:
            continue
        seen.add(id(step))
        # A step that uses a question list ('vragen: doorvragen') names that list's card.
        used = tuple(
            dict.fromkeys(anchors[ref.text.lower()] for ref in step.question_refs if ref.text.lower() in anchors)
        )
        found.append(
            Card(
                CardKind.STEP,
                slot.number,
                common.participant_text(step),
                _minutes(step, slot),
                step.roles,
                _where(slot, held),
                table_blocks(step.body),
                step.absent_text.text if step.absent_text is not None else "",
                questions=used,
                tasks=tuple((task.written, task.task) for task in step.at_once if task.for_participants),
                prompts=asked.get(id(step), ()),
            )
        )
    for questions in lists:
        found.append(
            Card(
                CardKind.QUESTIONS,
                "",
                questions.title,
                "",
                (),
                (),
                tuple(block for block in questions.items if not _placeholder_on_a_card(block)),
                anchor=anchors[questions.name.lower()][0],
            )
        )
    return found


def prompts_at_first_steps(werkvorm: Werkvorm) -> dict[int, tuple[tuple[str, str], ...]]:
    """For the first step of each round that asks something else each time (by the step's identity),
    what every time asks: its card on the table lists them, as the draaiboek does."""
    from werkvorm_dsl.analysis.timing import session_of

    session = session_of(werkvorm)
    found: dict[int, tuple[tuple[str, str], ...]] = {}
    for part in walk(session.parts) if session is not None else ():
        if isinstance(part, Round) and part.prompts:
            first = next((inner for inner in walk(part.parts) if isinstance(inner, Step)), None)
            if first is not None and id(first) not in found:
                found[id(first)] = tuple(
                    (f"{prompt.heading.label}: {prompt.title}".strip(" :"), prompt.text) for prompt in part.prompts
                )
    return found


def table_blocks(body: tuple[Block, ...]) -> tuple[Block, ...]:
    """What of a step's text goes on its table card: what participants read or look at."""
    return tuple(block for block in body if _for_the_table(block) and not _placeholder_on_a_card(block))


def _for_the_table(block: Block) -> bool:
    match block:
        case Example() | Attachment() | Link():
            return True
        case Paragraph() | BulletItem() | Materials() | Teaser() | Note() | FacilitatorOnly():
            return False  # the facilitator's explanation, what to bring, the invitation's teaser, notes
        case _:
            assert_never(block)


def _placeholder_on_a_card(block: Block) -> bool:
    """A link without its address yet, or text still to fill in: the draaiboek shows the
    '[invullen: …]', a card on the table never does."""
    if isinstance(block, Link) and not block.url:
        return True
    return PLACEHOLDER.search(block.text) is not None


def fitted(text: str, face: str, size: float, width: float, lines: int) -> str:
    """`text` as it fits in `lines` lines of `width` points in Lato `face` at `size` points, broken
    as a browser breaks it; what does not fit is left out, at a word where one is near, and marked
    '…'. Measured with the font's own advance widths (a little generous: no kerning), so WeasyPrint
    never needs more lines than this. Always a beginning of the text, never a rearrangement of it."""
    text = " ".join(unicodedata.normalize("NFC", text).split())  # an accent composed with its letter
    room = width * 0.98  # what rounding and a glyph's side bearing may add
    text = text[: lines * MOST_LETTERS_ON_A_LINE]  # more can never fit: the work stays small for any input
    if _lines_needed(text, face, size, room, lines) <= lines:
        return text
    low, high = 0, len(text)  # the longest beginning that fits with its '…', found by halving
    while low < high:
        middle = (low + high + 1) // 2
        if _lines_needed(text[:middle].rstrip() + "…", face, size, room, lines) <= lines:
            low = middle
        else:
            high = middle - 1
    while 0 < low < len(text) and unicodedata.combining(text[low]):
        low -= 1  # never a mark without its letter
    cut = text[:low]
    space = cut.rfind(" ")
    if space > 0 and low - space <= NEAR_A_WORD:
        cut = cut[:space]  # end at the word before rather than in the middle of a word
    return cut.rstrip(" ,;:") + "…"


MOST_LETTERS_ON_A_LINE = 400  # far more than a card's line holds at any size: narrow signs are 0.2 em
NEAR_A_WORD = 16  # letters: a word cut off nearer its beginning than this is left out whole


def _lines_needed(text: str, face: str, size: float, room: float, most: int) -> int:
    """Lines the text takes, broken at spaces, a word longer than a line broken inside it (as
    overflow-wrap does); counted up to one more than `most`."""
    count, line = 0, ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if _width(candidate, face, size) <= room:
            line = candidate
            continue
        if line:
            count += 1
        line = word
        while _width(line, face, size) > room and count <= most:
            count += 1
            line = line[_longest_prefix(line, face, size, room) :]
        if count > most:
            return count
    return count + (1 if line else 0)


def _longest_prefix(word: str, face: str, size: float, room: float) -> int:
    """Where a word too long for a line is broken: as far as fits, never between a letter and its mark."""
    cut = 1
    while cut < len(word) and (_width(word[: cut + 1], face, size) <= room or unicodedata.combining(word[cut])):
        cut += 1
    return cut


def _width(text: str, face: str, size: float) -> float:
    advances, fallback = _advances(face)
    return sum(advances.get(ord(char), fallback) for char in text) * size


@lru_cache(maxsize=4)
def _advances(face: str) -> tuple[dict[int, float], float]:
    """Each character's advance in Lato, in ems; a character Lato lacks (an emoji, a Chinese sign)
    comes from another font and counts as wide as it may be there."""
    from fontTools.ttLib import TTFont

    from werkvorm_dsl.output.render import ASSETS

    font = TTFont(f"{ASSETS}/fonts/{face}", lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"]
    advances = {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    return advances, 1.3


def _minutes(step: Step, slot: Slot) -> str:
    """The time on the card as the author wrote it ('1 tot 2 min', '1 min per deelnemer'), as the
    draaiboek's step text says it: the plan's number is one pick from that range (in a time box
    the shortest), so a card saying '1 min' would contradict the draaiboek. 'als er tijd is' is
    left to its own chip."""
    if step.duration is not None:
        return format_duration(step.duration)  # as the draaiboek says it, with one unit word
    if step.rest:
        return "de rest van de tijd"  # as the author wrote it: the minutes depend on what comes before
    return ""  # no duration: an estimate on a participant's card would read as a plan


def times_held(werkvorm: Werkvorm, plan: Plan) -> dict[int, tuple[int, int]]:
    """How often each step inside rounds is held, every enclosing round counted: a step in a round
    of 2 inside a round of 3 is held 6 times."""
    from werkvorm_dsl.analysis.timing import repeat_count, session_of

    found: dict[int, tuple[int, int]] = {}

    def visit(parts: tuple[Part, ...], persons: Count | None, low: int, high: int) -> None:
        for part in parts:
            match part:
                case Step():
                    if high > 1 or low != 1:
                        found[id(part)] = (low, high)
                case Pause():
                    pass
                case Round():
                    times = repeat_count(part, persons, plan.timing.fits)
                    visit(part.parts, persons, low * times.low, high * times.high)
                case Groups():
                    visit(part.parts, part.size, low, high)
                case TimeBox():
                    visit(part.parts, persons, low, high)
                case Choice():
                    for way in part.ways:
                        visit(way.parts, way.sizes or persons, low, high)
                case _:
                    assert_never(part)

    session = session_of(werkvorm)
    if session is not None:
        visit(session.parts, werkvorm.participants, 1, 1)
    return found


def _where(slot: Slot, held: dict[int, tuple[int, int]]) -> tuple[str, ...]:
    """Chips on the card: how often it is held, in subgroups, only when there is time."""
    found = []
    if id(slot.step) in held:
        low, high = held[id(slot.step)]
        found.append(f"ronde, {low} keer" if low == high else f"ronde, {low} tot {high} keer")
    if slot.parallel:
        found.append("in groepjes, tegelijk")
    if slot.extra:
        found.append("als er tijd is")
    return tuple(found)
