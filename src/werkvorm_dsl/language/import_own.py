"""Our own draaiboek read back (issue 25): its Word or OpenDocument file gives the werkvorm again, steps,
durations, rounds and roles included, from the form the draaiboek template gives every part."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from werkvorm_dsl.language.import_blocks import Block, BlockKind
from werkvorm_dsl.language.import_draft import STEP_INDENT, Draft, Writer
from werkvorm_dsl.language.keywords import KEYWORDS, Shape

DOCTYPE = "Draaiboek voor de begeleider"  # the first line of every draaiboek (draaiboek.py's title)
CLOCK = r"\d{1,2}:\d{2}–\d{1,2}:\d{2}"
CLOCK_RANGE = re.compile(rf"^{CLOCK}$")
BLOCK_CLOCK_NOTE = re.compile(rf"^{CLOCK}, samen ")
DERIVED_NOTES = re.compile(r"^(Bij \d+ deelnemers?:|Zo vaak als de tijd toelaat: dat is )")
BOX_NOTE = re.compile(r"^Tijdvak: (?P<box>.+?) voor (?:elke ronde|het hele blok), hoe lang de stappen ook zijn\.$")
STEP_HEADING = re.compile(r"^Stap \d+(?:\.\d+)*$")
ROUND_HEADING = re.compile(r"^Ronde: (?P<repeat>.+?)(?P<optional> \(als er tijd is\))?$")
GROUPS_HEADING = re.compile(
    r"^In (?P<size>tweetallen|drietallen|viertallen|groepjes(?: van .+?)?), tegelijk(?P<optional> \(als er tijd is\))?$"
)
BOX_HEADING = re.compile(r"^Blok(?: van (?P<box>.+?))?(?P<optional> \(als er tijd is\))?$")
FIXED_GROUPS = {"tweetallen": "TWEETALLEN", "drietallen": "DRIETALLEN", "viertallen": "VIERTALLEN"}
OPTIONAL = "als er tijd is"
FILE_DATE = re.compile(r"^(van \d{1,2} [a-z]+ \d{4}|zonder datum)$")
# The labels the draaiboek prints before a step's own lines, and the field each came from.
STEP_LABELS = {
    "in de hand-out": "voor deelnemers",
    "voor deelnemers": "voor deelnemers",
    "alleen voor de begeleider": "begeleider",
    "afwezig": "afwezig",
    "nb": "NB",
}
SECTION_WORDS = {"voorbereiding", "sessie", "sessie zelf", "programma", "optioneel", "suggesties", "vervolg"}
FIELD_WORDS = {word for keyword in KEYWORDS if keyword.shape is Shape.FIELD for word in keyword.words["nl"]}


def is_own_draaiboek(blocks: list[Block]) -> bool:
    """Whether the blocks are a draaiboek this program made: a line at its top (after a draft's
    CONCEPT line) names the document."""
    return any(block.kind is BlockKind.PARAGRAPH and block.text.startswith(DOCTYPE) for block in blocks[:3])


@dataclass
class _Open:
    """A round, groups or time box whose parts are being written: its heading's level and keyword."""

    level: int
    keyword: str


@dataclass
class _Reader:
    """Our own draaiboek's blocks, read in order back into a werkvorm."""

    blocks: list[Block]
    writer: Writer = field(default_factory=Writer)
    at: int = 0
    open: list[_Open] = field(default_factory=list)
    question_lists: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (name, title, items)

    def peek(self) -> Block | None:
        return self.blocks[self.at] if self.at < len(self.blocks) else None

    def take(self) -> Block:
        block = self.blocks[self.at]
        self.at += 1
        return block

    def take_paragraphs(self) -> list[Block]:
        """The blocks up to the next heading."""
        found = []
        while (block := self.peek()) is not None and block.kind is not BlockKind.HEADING:
            found.append(self.take())
        return found


def draft_from_own_draaiboek(blocks: list[Block], name: str) -> Draft:
    """The werkvorm of one of our own draaiboeken, read back from its Word or OpenDocument file."""
    reader = _Reader(blocks)
    writer = reader.writer
    writer.note(
        "Dit is een draaiboek dat werkvorm-dsl maakte; ik heb de werkvorm eruit teruggelezen. De tijden "
        "en het tijdschema rekent het programma opnieuw uit."
    )
    _header(reader, name)
    while (block := reader.peek()) is not None:
        reader.take()
        if block.kind is BlockKind.HEADING and block.level <= 2:
            _close_blocks(reader, 0)
            _section(reader, block)
        else:
            writer.line(f"# {block.text}")  # nothing is lost, even what no section holds
    _close_blocks(reader, 0)
    _write_question_lists(reader)
    return writer.draft()


# --- page 1: the title and the facts ----------------------------------------------------------------


def _header(reader: _Reader, name: str) -> None:
    writer = reader.writer
    title = next((b.text for b in reader.blocks if b.kind is BlockKind.HEADING and b.level == 1), name)
    writer.line(f"WERKVORM {title}")
    while (block := reader.peek()) is not None and not (block.kind is BlockKind.HEADING and block.level == 2):
        reader.take()
        if block.kind is BlockKind.HEADING and block.level == 1:
            continue
        if block.text.startswith(DOCTYPE):
            _version(writer, block.text)
            continue
        label, value = _labelled(block.text, "|") or _labelled(block.text, ":") or ("", "")
        if label.lower() in FIELD_WORDS:
            writer.line(f"{label.lower()}: {value}")
        else:
            writer.line(f"# {block.text}")  # the document's own line, 'Wanneer', a variant: worked out again


def _version(writer: Writer, line: str) -> None:
    """'Draaiboek voor de begeleider · versie 2.1' gives 'versie: 2.1'; a version that is only the day the
    file last changed ('versie van 6 december 2026') was never written, and is left out."""
    version = line.partition(" · versie ")[2].strip()
    if version and not FILE_DATE.match(version):
        writer.line(f"versie: {version}")


def _labelled(text: str, separator: str) -> tuple[str, str] | None:
    label, found, value = text.partition(f"{separator} " if separator == ":" else f" {separator} ")
    if not found or not label.strip() or len(label.split()) > 4:
        return None
    return label.strip(), value.strip()


# --- sections ----------------------------------------------------------------------------------------


def _section(reader: _Reader, heading: Block) -> None:
    writer = reader.writer
    writer.blank()
    word = heading.text.strip().lower()
    if word == "tijdschema":
        reader.take_paragraphs()  # the schedule: the program works it out again
        writer.note("Het tijdschema van het draaiboek heb ik weggelaten: het programma rekent het opnieuw uit.")
    elif word == "vragenlijsten":
        _loose_question_lists(reader)
    elif word in ("voorbereiding", "sessie", "sessie zelf", "programma"):
        writer.line(heading.text.upper())
        _parts(reader, heading.level, preparation=word == "voorbereiding")
    elif word in SECTION_WORDS:
        writer.line(heading.text.upper())
        for block in reader.take_paragraphs():
            writer.line(f"- {block.text}" if block.kind is BlockKind.ITEM else block.text)
    else:
        writer.note(f"Het kopje '{heading.text}' hoort niet bij een werkvorm; ik heb het als notitie bewaard.")
        writer.line(f"# {heading.text}")
        for block in reader.take_paragraphs():
            writer.line(f"# {block.text}")


def _parts(reader: _Reader, section_level: int, preparation: bool) -> None:
    """The section's text, then its steps and blocks, up to the next section."""
    writer = reader.writer
    for line in reader.take_paragraphs():
        writer.line(line.text)
    while (heading := reader.peek()) is not None and not (
        heading.kind is BlockKind.HEADING and heading.level <= section_level
    ):
        reader.take()
        _close_blocks(reader, heading.level)
        _part(reader, heading, preparation)


def _part(reader: _Reader, heading: Block, preparation: bool) -> None:
    writer = reader.writer
    indent = STEP_INDENT * len(reader.open)
    text = heading.text.strip()
    if STEP_HEADING.match(text):
        _step(reader, heading.level, indent, preparation)
    elif text == "Pauze":
        _pause(reader, indent)
    elif opener := _block_opener(text):
        keyword, head = opener
        paragraphs = reader.take_paragraphs()
        box = next((m.group("box") for p in paragraphs if (m := BOX_NOTE.match(p.text))), None)
        own = [p for p in paragraphs if not _derived_note(p.text)]
        description = own[0].text if own else ""
        writer.blank()
        writer.line(f"{indent}{head}" + (f": {description}" if description else ""))
        if box:
            writer.line(f"{indent}{STEP_INDENT}tijdvak: {box}")
        for block in own[1:]:
            writer.line(f"{indent}{block.text}")
        reader.open.append(_Open(heading.level, keyword))
    else:  # a heading of the author's text: kept as text, with what stands under it
        writer.line(f"{indent}{text}")
        for block in reader.take_paragraphs():
            writer.line(f"{indent}{block.text}")


def _block_opener(text: str) -> tuple[str, str] | None:
    """('RONDE', 'RONDE 2 keer, als er tijd is') for the draaiboek's 'Ronde: 2 keer (als er tijd is)'."""
    optional = f", {OPTIONAL}"
    if found := ROUND_HEADING.match(text):
        return "RONDE", f"RONDE {found.group('repeat')}" + (optional if found.group("optional") else "")
    if found := GROUPS_HEADING.match(text):
        size = found.group("size")
        head = FIXED_GROUPS.get(size) or "GROEPJES" + size.removeprefix("groepjes")
        return head.split()[0], head + (optional if found.group("optional") else "")
    if found := BOX_HEADING.match(text):
        box = found.group("box")
        return "BLOK", "BLOK" + (f" {box}" if box else "") + (optional if found.group("optional") else "")
    return None


def _derived_note(text: str) -> bool:
    """A line the draaiboek works out for a block (its clock, its time box, how to split the group)."""
    return bool(BLOCK_CLOCK_NOTE.match(text) or BOX_NOTE.match(text) or DERIVED_NOTES.match(text))


def _close_blocks(reader: _Reader, level: int) -> None:
    """Close every open block whose heading is at `level` or deeper: the next heading is beside or above it."""
    while reader.open and (level == 0 or reader.open[-1].level >= level):
        closed = reader.open.pop()
        reader.writer.line(f"{STEP_INDENT * len(reader.open)}EINDE {closed.keyword}")


# --- steps and breaks -------------------------------------------------------------------------------


def _step(reader: _Reader, level: int, indent: str, preparation: bool) -> None:
    writer = reader.writer
    paragraphs = reader.take_paragraphs()
    meta = _meta(paragraphs[0].text) if paragraphs and not preparation else None
    if meta is not None:
        paragraphs = paragraphs[1:]
    title = paragraphs[0].text if paragraphs else "Stap"
    inner = indent + STEP_INDENT
    writer.blank()
    writer.line(f"{indent}stap {title}")
    for line in meta.lines() if meta else []:
        writer.line(inner + line)
    for block in paragraphs[1:]:
        writer.line(inner + _step_line(block))
    _step_question_lists(reader, level, inner)


def _pause(reader: _Reader, indent: str) -> None:
    paragraphs = reader.take_paragraphs()
    meta = _meta(paragraphs[0].text) if paragraphs else None
    if meta is not None:
        paragraphs = paragraphs[1:]
    description = paragraphs[0].text if paragraphs else ""
    head = f"PAUZE {meta.duration}" if meta and meta.duration else "PAUZE"
    reader.writer.blank()
    reader.writer.line(f"{indent}{head}" + (f": {description}" if description else ""))
    for block in paragraphs[1:]:
        reader.writer.line(f"{indent}{STEP_INDENT}{block.text}")


@dataclass
class _Meta:
    """What the line under a step's heading says: '14:00–14:10 · 5 tot 10 min · wie: begeleider'."""

    duration: str = ""
    optional: bool = False
    roles: str = ""

    def lines(self) -> list[str]:
        found = []
        if self.duration or self.optional:
            mark = f", {OPTIONAL}" if self.optional and OPTIONAL not in self.duration else ""
            found.append(f"duur: {self.duration}{mark}" if self.duration else f"duur: {OPTIONAL}")
        if self.roles:
            found.append(f"wie: {self.roles}")
        return found


def _meta(text: str) -> _Meta | None:
    """The step's facts from its meta line, or None when the line is no meta line (then it is the title)."""
    meta = _Meta()
    for piece in (piece.strip() for piece in text.split(" · ")):
        if CLOCK_RANGE.match(piece) or piece.endswith("(schatting)"):
            continue  # worked out by the program, not written by the author
        if piece.startswith("wie: "):
            meta.roles = piece.removeprefix("wie: ")
        elif piece == OPTIONAL:
            meta.optional = True
        elif re.search(r"\d", piece) and re.search(r"\b(min|minuten|minuut|uur|kwartier)\b", piece):
            meta.duration = piece
            meta.optional = meta.optional or OPTIONAL in piece
        else:
            return None
    return meta


def _step_line(block: Block) -> str:
    """A line of a step as the werkvorm writes it: 'In de hand-out: …' is 'voor deelnemers: …'."""
    if block.kind is BlockKind.ITEM:
        return f"- {block.text}"
    label, _, value = block.text.partition(": ")
    own = STEP_LABELS.get(label.strip().lower().rstrip("."))
    if own is not None and value:
        return f"{own}: {value}"
    if label.strip().lower() in FIELD_WORDS and value:
        return f"{label.strip().lower()}: {value}"
    return block.text


# --- question lists ---------------------------------------------------------------------------------


def _step_question_lists(reader: _Reader, level: int, inner: str) -> None:
    """A question list the draaiboek prints under its step: a heading one level below the step's, then its items."""
    while (block := reader.peek()) is not None and _is_list_heading(block, level):
        reader.take()
        name = _list_name(reader, block.text)
        reader.question_lists.append((name, block.text, [b.text for b in reader.take_paragraphs()]))
        reader.writer.line(f"{inner}vragen: {name}")


def _is_list_heading(block: Block, step_level: int) -> bool:
    text = block.text.strip()
    if block.kind is not BlockKind.HEADING or block.level <= step_level:
        return False
    return not STEP_HEADING.match(text) and text != "Pauze" and _block_opener(text) is None


def _loose_question_lists(reader: _Reader) -> None:
    while (block := reader.peek()) is not None and block.kind is BlockKind.HEADING and block.level > 2:
        reader.take()
        reader.question_lists.append(
            (_list_name(reader, block.text), block.text, [b.text for b in reader.take_paragraphs()])
        )


def _list_name(reader: _Reader, title: str) -> str:
    words = re.findall(r"[^\W\d_]+", title.lower())
    base = words[-1] if words else "vragen"
    taken = {name for name, _, _ in reader.question_lists}
    return next(name for name in (base, *(f"{base}-{n}" for n in range(2, 1000))) if name not in taken)


def _write_question_lists(reader: _Reader) -> None:
    for name, title, items in reader.question_lists:
        reader.writer.blank()
        reader.writer.line(f"VRAGEN {name}: {title}")
        for item in items:
            reader.writer.line(f"- {item}")
