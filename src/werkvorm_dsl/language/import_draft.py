"""An imported text as a draft werkvorm: every sentence kept, every guess a visible '# importeer:' note."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from werkvorm_dsl.language.facilitator_labels import facilitator_label_at
from werkvorm_dsl.language.import_blocks import Block, BlockKind
from werkvorm_dsl.language.import_cues import (
    QUESTION_LIST_INTRO,
    STEP_SECTIONS,
    TITLE_PREFIX,
    Fact,
    duration_in,
    facilitator_verb,
    fact_of,
    field_label_of,
    field_terminal,
    folded,
    is_mode,
    is_step_time,
    reads_as,
    role_of,
    round_repeat,
    section_of,
    sentences_of,
    starts_with_structure_word,
    werkvorm_field_label_of,
)

NOTE_PREFIX = "# importeer: "  # `werkvorm check` shows each such line as W130 until the author removes it
STEP_INDENT = "    "
FOOTNOTE_WORD = re.compile(r"(?P<word>[^\W\d_]{4,})\*(?!\*)")


@dataclass
class Draft:
    """The werkvorm source an import made, and what it decided, in Dutch, in the order of the text."""

    text: str
    notes: list[str]


@dataclass
class Group:
    """The blocks under one heading of the source."""

    section: str  # VOORBEREIDING, SESSIE, SUGGESTIES, OPTIONEEL or VRAGEN
    heading: str  # as the source wrote it; empty when the import chose the section itself
    renamed: bool
    blocks: list[Block] = field(default_factory=list)
    name: str = ""  # a question list's own name, unique in the draft


@dataclass
class Step:
    """A step as the draft will write it."""

    title: str
    body: list[str]
    items: list[str]
    notes: list[str]
    duration: str = ""
    role: str = ""
    questions: str = ""


class Writer:
    """The draft's lines and notes; a note is a comment line in the draft and a line in the report."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.notes: list[str] = []
        self.fields: set[str] = set()  # the werkvorm's facts written so far: each may stand once

    def note(self, text: str) -> None:
        self.lines.append(NOTE_PREFIX + text)
        self.notes.append(text)

    def line(self, text: str) -> None:
        self.lines.append(text)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def draft(self) -> Draft:
        return Draft("\n".join(self.lines).strip("\n") + "\n", self.notes)


def draft_from_blocks(blocks: list[Block], name: str) -> Draft:
    """The draft werkvorm of an imported text; `name` (the file's name) titles a text without a title."""
    blocks = _split_pasted_items(blocks)
    header, rest = _header_blocks(blocks)
    moved = [block for block in rest if _is_werkvorm_fact(block)]
    rest = [block for block in rest if not _is_werkvorm_fact(block)]
    writer = Writer()
    _write_header(writer, header, name, moved)
    groups = _groups(rest)
    question_names = _name_question_lists(groups)
    written: list[str] = []  # the sections written, in order
    for group in groups:
        writer.blank()
        _write_group(writer, group, written, question_names)
    return writer.draft()


# --- the blocks before the first section ------------------------------------------------------


def _is_werkvorm_fact(block: Block) -> bool:
    """A fact about the whole werkvorm below the first heading ('Aantal deelnemers: 4-8'); a time or
    materials there may belong to a step, and stay."""
    fact = fact_of(block.text) if block.kind is BlockKind.PARAGRAPH else None
    return fact is not None and fact.field not in ("duur", "materiaal") and reads_as(fact.field, fact.value)


def _split_pasted_items(blocks: list[Block]) -> list[Block]:
    """A section heading pasted directly under an item (no blank lines, as Word copies text) is a
    heading of its own, with what follows it."""
    result: list[Block] = []
    for block in blocks:
        cut = next((i for i, line in enumerate(block.more) if _is_heading_line(line)), None)
        if block.kind is not BlockKind.ITEM or cut is None:
            result.append(block)
            continue
        result.append(replace(block, more=block.more[:cut]))
        result.extend(Block(BlockKind.PARAGRAPH, line, joined=True) for line in block.more[cut:])
    return result


def _is_heading_line(text: str) -> bool:
    return len(text.split()) <= 4 and section_of(text) is not None


def _starts_section(block: Block) -> bool:
    return block.kind is not BlockKind.ITEM and _is_heading_line(block.text)


def _header_blocks(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    for index, block in enumerate(blocks):
        if _starts_section(block) or block.kind is BlockKind.ITEM:
            return blocks[:index], blocks[index:]
    return blocks, []


def _write_header(writer: Writer, header: list[Block], name: str, moved: list[Block]) -> None:
    title_at = _title_index(header)
    for block in header[:title_at]:
        if TITLE_PREFIX.match(block.text):
            writer.note(f"'{block.text}' stond boven de titel; het staat nu alleen in deze regel.")
    if title_at is None:
        writer.note(f"Ik vond geen titel; ik heb de naam van het bestand genomen: '{name}'.")
        writer.line(f"WERKVORM {name}")
    else:
        writer.line(f"WERKVORM {header[title_at].text.strip(' *_#')}")
    prose: list[str] = []
    for block in header[(title_at or 0) + (title_at is not None) :]:
        _write_header_line(writer, block.text, prose)
    for block in header[: title_at or 0]:
        if not TITLE_PREFIX.match(block.text):
            _write_header_line(writer, block.text, prose)
    for block in moved:
        writer.note(f"'{block.text}' stond verderop; een gegeven over de hele werkvorm staat bovenaan.")
        _write_header_line(writer, block.text, prose)
    if prose:
        writer.blank()
        for line in prose:
            _write_header_prose(writer, line)


def _write_header_prose(writer: Writer, line: str) -> None:
    """A line above the first section: the werkvorm's own text, which participants see too."""
    if fact_of(line) and facilitator_label_at(line, 0) is None:  # a fact the language could not read
        writer.line("\\" + line)
    else:
        _write_loose(writer, line)


def _title_index(header: list[Block]) -> int | None:
    for index, block in enumerate(header):
        if TITLE_PREFIX.match(block.text) or fact_of(block.text) or facilitator_label_at(block.text, 0):
            continue
        if len(block.text.split()) <= 15:
            return index
        return None
    return None


def _write_header_line(writer: Writer, text: str, prose: list[str]) -> None:
    """A fact line becomes fields (a second fact inside it too: 'Wat speelt er? Begeleiding
    door HR'); anything else is prose under the facts."""
    fact = fact_of(text)
    if fact is None:
        prose.append(text)
        return
    for part in _facts_in(fact):
        _write_fact(writer, part, prose)


def _facts_in(fact: Fact) -> list[Fact]:
    """The fact, and any fact that a later sentence of its value starts ('…? Begeleiding door HR')."""
    facts = [fact]
    sentences = sentences_of(fact.value)
    kept: list[str] = []
    for sentence in sentences:
        inner = fact_of(sentence) if kept else None
        if inner is not None:
            facts.append(inner)
        elif len(facts) == 1:
            kept.append(sentence)
        else:
            facts[-1] = replace(facts[-1], value=f"{facts[-1].value} {sentence}")
    facts[0] = replace(fact, value=" ".join(kept) or fact.value)
    return facts


def _write_fact(writer: Writer, fact: Fact, prose: list[str]) -> None:
    if fact.field in writer.fields:
        writer.note(f"'{fact.label}:' stond er twee keer; de tweede keer staat nu als tekst onder de gegevens.")
        prose.append(f"{fact.label}: {fact.value}")
        return
    if fact.field in ("duur", "deelnemers") and not reads_as(fact.field, fact.value):
        _write_unread_fact(writer, fact, prose)
        return
    if folded(fact.label) != fact.field:
        writer.note(f"'{fact.label}:' heb ik gelezen als '{fact.field}:'.")
    writer.line(f"{fact.field}: {fact.value}")
    writer.fields.add(fact.field)


def _write_unread_fact(writer: Writer, fact: Fact, prose: list[str]) -> None:
    """'Duur: een uur, online of offline': the part the language reads, and the rest beside it."""
    head, _, tail = fact.value.partition(",")
    if tail and reads_as(fact.field, head):
        writer.note(f"Uit '{fact.label}: {fact.value}' heb ik '{fact.field}: {head.strip()}' gemaakt; klopt dat?")
        writer.line(f"{fact.field}: {head.strip()}")
        writer.fields.add(fact.field)
        if is_mode(tail) and "vorm" not in writer.fields:
            writer.fields.add("vorm")
            writer.line(f"vorm: {tail.strip()}")
        else:
            prose.append(f"{fact.label}: {tail.strip()}")
        return
    writer.note(f"'{fact.value}' kan ik niet lezen als {fact.field}; schrijf bijvoorbeeld '{fact.field}: 60 min'.")
    prose.append(f"{fact.label}: {fact.value}")


def _body_line(line: str, used: set[str]) -> str:
    """A line under a step; a field label the author capitalised ('Bijvoorbeeld:') is written as the
    language writes fields, so it is read as that field without a warning. A fact of the whole
    werkvorm, a time the language cannot read, or a field the step has already stays the author's text."""
    label = field_label_of(line)
    field = field_terminal(label) if label else None
    unreadable = field == "DURATION" and not is_step_time(line[len(label) + 1 :])
    if werkvorm_field_label_of(line) or unreadable or (field in used and field not in REPEATABLE_FIELDS):
        return "\\" + line
    if field:
        used.add(field)
    return line[: len(label)].lower() + line[len(label) :] if label else _prose(line)


REPEATABLE_FIELDS = frozenset({"EXAMPLE", "TEASER", "NOTE", "LINK", "ATTACHMENT", "QUESTIONS_REF", "FACILITATOR"})


def _write_loose(writer: Writer, line: str, indent: str = "") -> None:
    """Prose where no step is: a field label there ('Duur: 10 min') would be a field without a step
    ('NB.' stays a note, which may stand anywhere), and facilitator-only text must not reach a hand-out."""
    label = field_label_of(line) or werkvorm_field_label_of(line)
    if facilitator_label_at(line, 0) is not None:
        writer.note(
            "Deze tekst is alleen voor de begeleider, maar stond niet bij een stap; zet hem bij de juiste stap."
        )
        writer.line(f"{indent}# {line}")
    elif label and folded(label) not in _ANYWHERE:
        writer.line(indent + "\\" + line)
    else:
        writer.line(indent + _prose(line))


_ANYWHERE = frozenset({"nb", "nb.", "n.b.", "n.b", "let op"})


def _prose(line: str) -> str:
    """A line of the author's prose, with a \\ before it where the language would read it as a heading."""
    return "\\" + line if starts_with_structure_word(line) else line


# --- sections ---------------------------------------------------------------------------------------


def _groups(blocks: list[Block]) -> list[Group]:
    groups: list[Group] = []
    for index, block in enumerate(blocks):
        if _starts_section(block):
            section, renamed = section_of(block.text) or ("SESSIE", True)
            groups.append(Group(section, block.text, renamed))
        elif _opens_question_list(blocks, index):
            groups.append(Group("VRAGEN", block.text, False))
        else:
            if not groups:
                groups.append(Group("SESSIE", "", True))
            groups[-1].blocks.append(block)
    return groups


def _opens_question_list(blocks: list[Block], index: int) -> bool:
    """'Vragen bij de casus:' over a list of which most items are questions."""
    block = blocks[index]
    if block.kind is BlockKind.ITEM or not QUESTION_LIST_INTRO.search(block.text):
        return False
    items = []
    for after in blocks[index + 1 :]:
        if after.kind is not BlockKind.ITEM:
            break
        items.append(after)
    return bool(items) and 2 * sum("?" in item.text for item in items) >= len(items)


def _name_question_lists(groups: list[Group]) -> list[str]:
    """Each question list's name, from its heading; a second list of the same name gets a number."""
    names: list[str] = []
    for group in groups:
        if group.section == "VRAGEN":
            base = _question_name(group)
            group.name = base if base not in names else f"{base}-{sum(n.startswith(base) for n in names) + 1}"
            names.append(group.name)
    return names


def _question_name(group: Group) -> str:
    words = [word for word in re.findall(r"[^\W\d_]+", folded(group.heading)) if len(word) > 2]
    return words[0] if words else "vragen"


def _write_group(writer: Writer, group: Group, written: list[str], question_names: list[str]) -> None:
    """The group under its section; a section's second heading cannot open it again, so its blocks go
    on in the section written last: as steps there, or as a list."""
    again = group.section != "VRAGEN" and group.section in written
    _write_heading(writer, group, written, question_names)
    current = written[-1]
    if current in STEP_SECTIONS:
        _write_steps(writer, group, question_names, current, again)
    else:
        if again:
            writer.line("\\" + group.heading)  # a heading-like line, kept as the author's text
        _write_list(writer, group.blocks)


def _write_heading(writer: Writer, group: Group, written: list[str], question_names: list[str]) -> None:
    if group.section == "VRAGEN":
        name = group.name
        written.append("VRAGEN")
        title = group.heading.strip(" *_#").rstrip(":").lstrip("*").strip()
        writer.note(f"Van '{group.heading}' en de lijst eronder heb ik de vragenlijst '{name}' gemaakt.")
        writer.line(f"VRAGEN {name}: {title}")
        return
    if group.section in written:
        writer.note(
            f"Het kopje '{group.heading}' hoort bij {group.section} hierboven; het staat nu als tekst hieronder."
        )
        return
    written.append(group.section)
    if not group.heading:
        writer.note(f"Boven deze stappen stond geen kopje; ik heb ze onder {group.section} gezet.")
    elif group.renamed:
        writer.note(f"Het kopje '{group.heading}' heb ik gelezen als {group.section}.")
    writer.line(group.section if group.renamed or not group.heading else group.heading.strip(" *_#").rstrip(":"))


def _write_list(writer: Writer, blocks: list[Block]) -> None:
    """Suggestions, optional parts and questions: numbered or bulleted items, and prose between them."""
    writer.blank()
    after_item = False
    counted = 0  # numbered from 1 in each list section: Word's 'List Number' goes on over the whole file
    for block in blocks:
        if block.kind is BlockKind.ITEM:
            counted += bool(block.number) and block.level == 0
            marker = f"{counted if block.level == 0 else block.number}." if block.number else "-"
            writer.line(f"{'  ' * block.level}{marker} {block.text}")
            for more in block.more:
                _write_loose(writer, more, indent="  ")
        else:
            if after_item or not block.joined:
                writer.blank()  # prose straight under an item would go on that item
            _write_loose(writer, block.text)
            writer.blank()
        after_item = block.kind is BlockKind.ITEM


# --- steps ---------------------------------------------------------------------------------------


def _write_steps(writer: Writer, group: Group, question_names: list[str], section: str, again: bool) -> None:
    steps, intro = _steps_of(group.blocks, question_names)
    if again:  # the section has steps already: prose can only go with a step
        intro = ["\\" + group.heading, *intro]  # a heading-like line, kept as the author's text
        if steps:
            steps[0].body[:0] = intro
            intro = []
    if intro:
        writer.blank()
        for line in intro:
            _write_intro_line(writer, line, commented=again)
    round_at = _round_of(steps) if section == "SESSIE" else None
    for number, step in enumerate(steps, start=1):
        if round_at is not None and number - 1 == round_at[0]:
            _open_round(writer, steps, round_at)
        if round_at is not None and number - 1 == round_at[2] and round_at[3]:
            continue  # the cue was the whole step: it is the round's own text now
        _write_step(writer, number, step, indent="")
        if round_at is not None and number - 1 == round_at[1]:
            writer.blank()
            writer.line("EINDE RONDE")


def _write_intro_line(writer: Writer, line: str, commented: bool) -> None:
    if commented:  # after the steps of a section, text without a step of its own cannot stand
        writer.note("Deze tekst stond los onder de stappen; zet hem bij de stap waar hij hoort.")
        writer.line(f"# {line}")
    else:
        _write_loose(writer, line)


def _steps_of(blocks: list[Block], question_names: list[str]) -> tuple[list[Step], list[str]]:
    """The steps of a section; prose before the first step is the section's own text."""
    steps: list[Step] = []
    intro: list[str] = []
    for block in blocks:
        if block.kind is BlockKind.ITEM and (block.level == 0 or not steps):
            steps.append(_step_of(block, question_names))
        elif block.kind is BlockKind.ITEM:
            steps[-1].items.append(block.text)
        elif steps:
            steps[-1].body.append(block.text)
        else:
            intro.append(block.text)
    return steps, intro


def _step_of(block: Block, question_names: list[str]) -> Step:
    text, duration, notes = _take_duration(block.text, block.duration)
    more = list(block.more)
    if not duration:
        for index, line in enumerate(more):
            more[index], duration, notes = _take_duration(line, "")
            if duration:
                more = [line for line in more if line]
                break
    sentences = sentences_of(text) or [text]
    step = Step(sentences[0], [" ".join(sentences[1:])] if sentences[1:] else [], [], notes, duration)
    step.body.extend(more)
    step.role = _role(step)
    step.questions = _questions(step, question_names)
    return step


def _take_duration(text: str, given: str) -> tuple[str, str, list[str]]:
    """The text without the time written in it, the time for 'duur:', and a note if it was rewritten."""
    if given:
        return text, given, []
    found = duration_in(text)
    if found is None:
        return text, "", []
    rest = (text[: found.start] + " " + text[found.end :]).strip()
    rest = re.sub(r"\s+([.,;:!?)])", r"\1", re.sub(r"\s{2,}", " ", rest))
    notes = [] if found.written.strip("()– -") == found.value else [f"'{found.written}' heb ik gelezen als duur."]
    return rest, found.value, notes


def _role(step: Step) -> str:
    role = role_of(step.title)
    if role is not None:
        step.notes.append(f"'wie: {role}' heb ik afgeleid uit het begin van de stap.")
        return role
    verb = facilitator_verb(step.title)
    if verb is not None:
        step.notes.append(
            f"'wie: begeleider' heb ik geraden, omdat de stap begint met '{verb}': een opdracht aan de "
            "begeleider. Klopt dat? Zo niet, zet dan de goede rol bij 'wie:'."
        )
        return "begeleider"
    return ""


def _questions(step: Step, question_names: list[str]) -> str:
    """A word with an asterisk ('praktijksituatie*') that points at a question list of the text."""
    for index, line in enumerate([step.title, *step.body]):
        match = FOOTNOTE_WORD.search(line)
        name = next((n for n in question_names if match and n[:8] == folded(match.group("word"))[:8]), None)
        if match is None or name is None:
            continue
        cleaned = line[: match.end("word")] + line[match.end() :]
        if index == 0:
            step.title = cleaned
        else:
            step.body[index - 1] = cleaned
        step.notes.append(f"Het sterretje bij '{match.group(0)}' wees naar de vragenlijst '{name}'.")
        return name
    return ""


def _write_step(writer: Writer, number: int, step: Step, indent: str) -> None:
    writer.blank()
    for note in step.notes:
        writer.note(note)
    writer.line(f"{indent}{number}. {step.title}")
    inner = indent + STEP_INDENT
    if step.duration:
        writer.line(f"{inner}duur: {step.duration}")
    if step.role:
        writer.line(f"{inner}wie: {step.role}")
    if step.questions:
        writer.line(f"{inner}vragen: {step.questions}")
    used = {name for name, value in (("DURATION", step.duration), ("WHO", step.role)) if value}
    used |= {"QUESTIONS_REF"} if step.questions else set()
    for line in step.body:
        writer.line(inner + _body_line(line, used))
    for item in step.items:
        writer.line(f"{inner}- {item}")


# --- rounds ---------------------------------------------------------------------------------------


def _round_of(steps: list[Step]) -> tuple[int, int, int, bool] | None:
    """(first step, last step, the cue's step, whether the cue is the whole step) of a round that a
    cue in the text asks for, such as 'Ga zo nog 1 of 2 collega's af' after the steps it repeats."""
    for index, step in enumerate(steps):
        if round_repeat(" ".join([step.title, *step.body])) is None:
            continue
        alone = not step.body and not step.items and len(steps) > 1
        last = index - 1 if alone else index
        first = 1 if last >= 2 else 0
        return first, last, index, alone
    return None


def _open_round(writer: Writer, steps: list[Step], round_at: tuple[int, int, int, bool]) -> None:
    first, last, cue_at, alone = round_at
    cue = steps[cue_at]
    text = " ".join([cue.title, *cue.body])
    repeat = round_repeat(text) or "2 keer"
    writer.blank()
    writer.note(
        f"Ik heb van de stappen {first + 1} tot en met {last + 1} een ronde gemaakt ({repeat}), omdat er staat: "
        f"'{text.rstrip('.')}'. Klopt dat? Kijk ook of de juiste stappen in de ronde staan."
    )
    writer.line(f"RONDE {repeat}")
    if alone:
        writer.line(STEP_INDENT + _prose(text))
