"""What an editor asks about a werkvorm: diagnostics, completion, hover, definition, outline and layout.

Pure functions over the text an editor holds; `lsp.py` wires them to the Language Server
Protocol. Places are (line, character) from 0, counted in characters of the text as the editor
has it; `client_units` turns a character count into what the client counts (UTF-16 code units,
unless it asked for another encoding). Our own spans count from 1, in characters of the text the
lexer reads (NFC, invisible characters dropped): `LineMap` maps them back.
"""

from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_right
from enum import Enum
from fractions import Fraction
from functools import cached_property
from typing import assert_never

from werkvorm_dsl.analysis.choices import count_text
from werkvorm_dsl.analysis.schedule import Plan
from werkvorm_dsl.analysis.timing import Cost, Timing, session_of
from werkvorm_dsl.app import variant_assist
from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
from werkvorm_dsl.language.folding import CONTROLS, fold, normalise
from werkvorm_dsl.language.keywords import KEYWORDS, ROLES, Keyword, Shape, by_terminal
from werkvorm_dsl.language.lexer import lex
from werkvorm_dsl.language.nodes import (
    Choice,
    Groups,
    Part,
    Pause,
    QuestionList,
    Round,
    Section,
    Span,
    Step,
    TimeBox,
    Werkvorm,
    walk,
)
from werkvorm_dsl.language.source import MAX_BYTES, decode
from werkvorm_dsl.language.values import format_minutes
from werkvorm_dsl.pipeline import Checked, WerkvormHasErrors, check_source
from werkvorm_dsl.system.records import record
from werkvorm_dsl.taal.live import LiveTaal

LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what LSP counts as a line break; no other character is one
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_TAAL_CHARS = 2 * 1024 * 1024  # as serve's editor: beyond this taal would take tens of seconds a version


@record
class Place:
    """A position in the editor's text: line and character, both from 0."""

    line: int
    character: int


@record
class Stretch:
    """A range in the editor's text; `end` is just past the last character."""

    start: Place
    end: Place


def editor_lines(text: str) -> list[str]:
    return LINE_BREAK.split(text)


def client_units(text: str, encoding: str) -> int:
    """How many units the client counts for `text`: UTF-16 code units unless it chose UTF-8 or UTF-32."""
    match encoding:
        case "utf-8":
            return len(text.encode("utf-8", "surrogatepass"))
        case "utf-32":
            return len(text)
        case _:
            return len(text.encode("utf-16-le", "surrogatepass")) // 2


def character_at(line: str, units: int, encoding: str) -> int:
    """The character index that `units` client units into `line` point at (clamped to the line)."""
    if encoding == "utf-32" or line.isascii():
        return max(0, min(units, len(line)))
    counted = 0
    for index, char in enumerate(line):
        if counted >= units:
            return index
        counted += client_units(char, encoding)
    return len(line)


class LineMap:
    """Columns of the text the lexer read, mapped back to characters of one line as written.

    The lexer composes letters (NFC), drops invisible characters and, past a control character,
    the control character too. Each piece is a letter with its combining marks; a piece that
    changes length maps to its start. Where the pieces do not add up to what the lexer read (some
    scripts compose across pieces), columns are used as they are, clamped to the line.
    """

    def __init__(self, line: str, drop_controls: bool = True):
        self.line = line
        self.starts: list[int] | None = None  # per piece: where it starts in the line …
        self.read_starts: list[int] = []  # … and in the text as read
        self.same_length: list[bool] = []
        read = _as_read(line, drop_controls)
        if read == line:
            return
        pieces: list[tuple[int, str]] = []
        for index, char in enumerate(line):
            if pieces and unicodedata.combining(char):
                begin, written = pieces[-1]
                pieces[-1] = (begin, written + char)
            else:
                pieces.append((index, char))
        seen, reads = 0, []
        for _begin, written in pieces:
            piece_read = _as_read(written, drop_controls)
            reads.append(piece_read)
            self.read_starts.append(seen)
            self.same_length.append(len(piece_read) == len(written))
            seen += len(piece_read)
        if "".join(reads) == read:
            self.starts = [begin for begin, _ in pieces]
            self.read_length = seen

    def character(self, column: int) -> int:
        """The character index in the line for a lexer column (from 1)."""
        index = max(0, column - 1)
        if self.starts is None:
            return min(index, len(self.line))
        if index >= self.read_length:
            return len(self.line)
        piece = bisect_right(self.read_starts, index) - 1  # the last piece starting at or before; empty ones skipped
        return self.starts[piece] + (index - self.read_starts[piece] if self.same_length[piece] else 0)


def _as_read(text: str, drop_controls: bool) -> str:
    read = normalise(text)
    return CONTROLS.sub("", read) if drop_controls else read


class Analysis:
    """One version of a document, checked once; everything else is worked out when first asked."""

    def __init__(self, text: str, filename: str):
        self.text = LONE_SURROGATE.sub("\ufffd", text)  # one character for one: every place stays right
        self.filename = filename
        self.lines = editor_lines(self.text)
        self.too_big = len(self.text) > MAX_BYTES
        self._maps: dict[tuple[int, bool], LineMap] = {}

    @cached_property
    def checked(self) -> Checked:
        if self.too_big:  # what `werkvorm check` refuses to read, the editor gets no check of either
            return Checked(self.filename, [], [], None)
        return check_source(decode(self.text.encode("utf-8"), self.filename))

    @property
    def werkvorm(self) -> Werkvorm | None:
        return self.checked.werkvorm

    @property
    def timing(self) -> Timing:
        """The timing the check computed (a werkvorm is checked once; its timing is not computed again)."""
        timing = self.checked.timing
        if timing is None:  # no werkvorm to time: callers ask only when there is one
            raise WerkvormHasErrors(self.checked)
        return timing

    @property
    def plan(self) -> Plan:
        """The agenda, as every document lays it out: from the checked werkvorm, once."""
        return self.checked.plan

    @cached_property
    def language(self) -> str:
        return language_of(self.text)

    def stretch(self, span: Span, drop_controls: bool = True) -> Stretch:
        return Stretch(
            self.place(span.line, span.column, drop_controls), self.place(span.end_line, span.end_column, drop_controls)
        )

    def place(self, line: int, column: int, drop_controls: bool = True) -> Place:
        index = min(max(line, 1), len(self.lines)) - 1
        key = (index, drop_controls)
        if key not in self._maps:
            self._maps[key] = LineMap(self.lines[index], drop_controls)
        return Place(index, self._maps[key].character(column))


# --- diagnostics -------------------------------------------------------------------------------


@record
class Problem:
    """A diagnostic placed in the editor's text."""

    diagnostic: Diagnostic
    stretch: Stretch
    related: tuple[tuple[Stretch, str], ...]

    @property
    def message(self) -> str:
        hint = self.diagnostic.hint
        return f"{self.diagnostic.message}\nTip: {hint}" if hint else self.diagnostic.message


def problems(analysis: Analysis) -> list[Problem]:
    if analysis.too_big:
        return [_too_big(analysis)]
    return [
        Problem(
            diagnostic,
            analysis.stretch(diagnostic.span, drop_controls=diagnostic.code != "W114"),
            tuple((analysis.stretch(span), label) for span, label in diagnostic.related),
        )
        for diagnostic in analysis.checked.diagnostics
    ]


def _too_big(analysis: Analysis) -> Problem:
    first = Span(1, 1, 1, 2)
    diagnostic = Diagnostic(
        "E511",
        Severity.ERROR,
        analysis.filename,
        first,
        "Dit bestand is groter dan 20 MB en dus geen werkvorm; ik controleer het niet.",
        "Open het .werkvorm-bestand zelf, niet een ander bestand met die naam.",
    )
    return Problem(diagnostic, analysis.stretch(first), ())


def taal_problems(analysis: Analysis, taal: LiveTaal, document: str) -> list[Problem]:
    """`werkvorm taal` for the editor's text (see taal/live.py): nothing waits for the dictionary.
    Slow on a huge text, so called off the server's event loop; a text beyond MAX_TAAL_CHARS is left out."""
    if analysis.too_big or len(analysis.text) > MAX_TAAL_CHARS or analysis.werkvorm is None:
        return []
    path = analysis.filename if os.path.isabs(analysis.filename) else None  # an unsaved document has no folder
    result = taal.check(analysis.werkvorm, analysis.checked.lines, analysis.filename, document, path)
    return [Problem(d, _taal_stretch(analysis, d.span), ()) for d in result.diagnostics]


def _taal_stretch(analysis: Analysis, span: Span) -> Stretch:
    """taal counts columns in characters of the line as read (no byte-order mark), not as the lexer
    reads it, so only the mark, which an editor may keep in its text, has to be counted back in."""

    def place(line: int, column: int) -> Place:
        index = min(max(line, 1), len(analysis.lines)) - 1
        written = analysis.lines[index]
        shift = 1 if index == 0 and written.startswith("\ufeff") else 0
        return Place(index, min(max(column - 1, 0) + shift, len(written)))

    return Stretch(place(span.line, span.column), place(span.end_line, span.end_column))


# --- completion --------------------------------------------------------------------------------


class CompletionKind(Enum):
    KEYWORD = "trefwoord"
    ROLE = "rol"
    QUESTION_LIST = "vragenlijst"
    VALUE = "waarde"


@record
class Completion:
    """One word the editor offers to finish what the author is typing."""

    label: str
    kind: CompletionKind
    detail: str
    replaces: Stretch  # the text the label replaces: what the author typed of it so far
    order: int = 0  # lower comes first


DURATION_FORMS = {
    "nl": (
        "5 min",
        "10 tot 15 min",
        "1 uur",
        "anderhalf uur",
        "2 min per deelnemer",
        "maximaal 10 min",
        "ongeveer 5 min",
        "5 min, als er tijd is",
    ),
    "en": (
        "5 min",
        "10 to 15 min",
        "1 hour",
        "2 min per participant",
        "at most 10 min",
        "about 5 min",
        "5 min, if time allows",
    ),
}
REPEAT_FORMS = {
    "nl": ("3 keer", "2 tot 3 keer", "per deelnemer", "zo vaak als de tijd toelaat"),
    "en": ("3 times", "2 to 3 times", "per participant", "as often as time allows"),
}
# What the value after a keyword is, by the keyword's terminal.
DURATION_TERMINALS = {"DURATION", "TIME_BOX", "FLOOR", "PAUSE", "BOX"}
ROLE_TERMINALS = {"WHO", "ABSENT"}
FIELD_LINE = re.compile(r"^(\s*)([^:\s][^:]*?)\s*[:\uff1a]\s*(.*)$")
HEADING_LINE = re.compile(r"^(\s*)(\S+)\s+(.*)$")
WORD_START = re.compile(r"^(\s*)(.*)$")


def language_of(text: str) -> str:
    """'en' when the file's keywords are more often English than Dutch; else 'nl'."""
    dutch = english = 0
    for token in lex(text).tokens:
        keyword = by_terminal().get(token.terminal)
        if keyword is None:
            continue
        written = fold(token.label).lower().rstrip(":")
        in_dutch, in_english = written in keyword.words["nl"], written in keyword.words["en"]
        dutch += in_dutch and not in_english
        english += in_english and not in_dutch
    return "en" if english > dutch else "nl"


def complete(analysis: Analysis, place: Place) -> list[Completion]:
    """What may come at `place`, judged by the line up to there."""
    if not 0 <= place.line < len(analysis.lines):
        return []
    before = analysis.lines[place.line][: place.character]
    return (
        _variant_completions(analysis, place, before)
        or _value_completions(analysis, place, before)
        or _heading_completions(analysis, place, before)
        or _keyword_completions(analysis, place, before)
    )


def _variant_completions(analysis: Analysis, place: Place, before: str) -> list[Completion]:
    """After 'bij variant ': the names of the variants; after its colon 'niet' and 'wel'."""
    found = variant_assist.choices(analysis.werkvorm, before)
    return _choices(place, found[0], found[1], CompletionKind.VALUE) if found else []


def _value_completions(analysis: Analysis, place: Place, before: str) -> list[Completion]:
    match = FIELD_LINE.match(before)
    if not match:
        return []
    keyword = _keyword_written(match.group(2), Shape.FIELD)
    if keyword is None:
        return []
    value = match.group(3)
    if keyword.terminal == "QUESTIONS_REF":
        return _choices(place, value, _question_lists(analysis), CompletionKind.QUESTION_LIST)
    if keyword.terminal in ROLE_TERMINALS:
        typed = value.rsplit(",", 1)[-1].lstrip()  # 'wie: begeleider, cas' completes the last role
        return _choices(place, typed, _roles(analysis, place.line + 1), CompletionKind.ROLE)
    if keyword.terminal in DURATION_TERMINALS:
        return _choices(
            place, value, [(form, "een duur") for form in DURATION_FORMS[analysis.language]], CompletionKind.VALUE
        )
    return []


def _heading_completions(analysis: Analysis, place: Place, before: str) -> list[Completion]:
    match = HEADING_LINE.match(before)
    if not match:
        return []
    keyword = _keyword_written(match.group(2), Shape.SECTION_WITH_TEXT)
    if keyword is None or ":" in match.group(3):
        return []
    if keyword.terminal in DURATION_TERMINALS:
        forms = [(form, "een duur") for form in DURATION_FORMS[analysis.language]]
    elif keyword.terminal == "ROUND":
        forms = [(form, "hoe vaak de ronde gehouden wordt") for form in REPEAT_FORMS[analysis.language]]
    else:
        return []
    return _choices(place, match.group(3), forms, CompletionKind.VALUE)


def _keyword_completions(analysis: Analysis, place: Place, before: str) -> list[Completion]:
    word = WORD_START.match(before)
    assert word is not None  # one line: every part of the pattern may be empty
    indent, typed = word.groups()
    folded = fold(typed).lower()
    if len(typed) > 30:  # past any keyword: this is prose
        return []
    replaces = Stretch(Place(place.line, len(indent)), place)
    found = []
    fitting = _fitting_terminals(analysis, place.line)
    for keyword in KEYWORDS:
        label = keyword_as_typed(keyword, analysis.language)
        if keyword.terminal in fitting and label.lower().startswith(folded):
            found.append(
                Completion(
                    label,
                    CompletionKind.KEYWORD,
                    keyword.description,
                    replaces,
                    _keyword_order(keyword, indented=bool(indent)),
                )
            )
    return found


def _fitting_terminals(analysis: Analysis, line: int) -> set[str]:
    """The keywords' terminals the grammar takes on this line (0-based), after the lines above it:
    inside SESSIE no WERKVORM or header field (inserting one would be E103)."""
    from werkvorm_dsl.language.parser import accepted_before

    before = "\n".join(analysis.lines[:line]) + "\n"
    return accepted_before(before, line + 1, {keyword.terminal for keyword in KEYWORDS})


def keyword_as_typed(keyword: Keyword, language: str) -> str:
    """A keyword as the layout writes it: SESSIE, RONDE, stap, duur:."""
    word = keyword.words[language][0]
    match keyword.shape:
        case Shape.SECTION | Shape.SECTION_WITH_TEXT:
            return word.upper()
        case Shape.LEAD:
            return word.upper() if keyword.terminal == "TITLE" else word
        case Shape.FIELD:
            return f"{word.upper() if keyword.terminal == 'NOTE' else word}:"
        case _:
            assert_never(keyword.shape)


def _keyword_order(keyword: Keyword, indented: bool) -> int:
    """Under a step (an indented line) fields come first; at the left margin headings and steps."""
    if keyword.shape is Shape.FIELD:
        return 0 if indented else 1
    return 1 if indented else 0


def _keyword_written(written: str, shape: Shape) -> Keyword | None:
    folded = fold(written).strip().lower()
    return next(
        (
            keyword
            for keyword in KEYWORDS
            if keyword.shape is shape and any(folded in words for words in keyword.words.values())
        ),
        None,
    )


def _choices(place: Place, typed: str, choices: list[tuple[str, str]], kind: CompletionKind) -> list[Completion]:
    replaces = Stretch(Place(place.line, place.character - len(typed)), place)
    lowered = typed.lower()
    return [
        Completion(label, kind, detail, replaces, order)
        for order, (label, detail) in enumerate(choices)
        if label.lower().startswith(lowered)
    ]


def _question_lists(analysis: Analysis) -> list[tuple[str, str]]:
    werkvorm = analysis.werkvorm
    if werkvorm is None:
        return []
    return [(section.name, section.title) for section in werkvorm.sections if isinstance(section, QuestionList)]


def _roles(analysis: Analysis, typing_on: int) -> list[tuple[str, str]]:
    """The known roles, those the file declares with 'rollen:', and those its steps already name
    (not on the line being typed: half a word there is no role yet)."""
    found = {role: "een bekende rol" for role in ROLES}
    werkvorm = analysis.werkvorm
    if werkvorm is not None:
        found.update({role: "een rol uit 'rollen:'" for role in werkvorm.roles if role not in found})
        for step in _all_steps(werkvorm):
            for roles, written in ((step.roles, step.roles_text), (step.absent, step.absent_text)):
                if written is None or written.span.line <= typing_on <= written.span.end_line:
                    continue
                found.update({role: "een rol uit deze werkvorm" for role in roles if role and role not in found})
    return list(found.items())


def _all_steps(werkvorm: Werkvorm) -> list[Step]:
    return [step for section in werkvorm.sections if isinstance(section, Section) for step in section.steps()]


# --- hover -------------------------------------------------------------------------------------


MOST_CLOCK_TIMES = 4  # a step in a round of 12 lists its first start times, then '…'


def hover(analysis: Analysis, place: Place) -> tuple[str, Stretch] | None:
    """Markdown about the step, round, block or break at `place`: its time, with the sum, and when it begins."""
    werkvorm = analysis.werkvorm
    if werkvorm is None or analysis.too_big or session_of(werkvorm) is None:
        return None
    line = place.line + 1
    about_variant = variant_assist.hover(werkvorm, line)
    if about_variant is not None:
        return about_variant[0], analysis.stretch(about_variant[1])
    fact = next((fact for fact in werkvorm.facts_of("duur") if fact.span.line == line), None)
    if fact is not None:
        return _total_hover(analysis), analysis.stretch(fact.span)
    chain = parts_at(werkvorm, line)
    if not chain:
        return None
    return _part_hover(analysis, chain), analysis.stretch(chain[-1].span)


def parts_at(werkvorm: Werkvorm, line: int) -> list[Part]:
    """The parts of the session whose lines hold `line`, outside in: a round, then a step in it."""
    session = session_of(werkvorm)
    return [part for part in walk(session.parts) if part.span.line <= line <= part.span.end_line] if session else []


def _total_hover(analysis: Analysis) -> str:
    timing = analysis.timing
    lines = [f"**De hele sessie:** kortste weg {_escaped(timing.sum_text())}"]
    if timing.longest != timing.shortest:
        lines.append(f"langste weg {_escaped(timing.sum_text(longest=True))}")
    lines.append(f"in het plan {format_minutes(analysis.plan.end)} min.")
    return ";  \n".join(lines)


def _part_hover(analysis: Analysis, chain: list[Part]) -> str:
    part = chain[-1]
    held_again = any(isinstance(outer, Round) for outer in chain[:-1])  # its cost is for one time through
    cost = analysis.timing.costs.get(id(part))
    lines = [
        f"**{_escaped(_part_title(part))}**",
        _choice_text(analysis) if isinstance(part, Choice) else "",
        _cost_text(part, cost, held_again) if cost is not None and not isinstance(part, Choice) else "",
        _at_once_text(part),
        _clock_text(analysis, part),
    ]
    return "  \n".join(line for line in lines if line)


def _choice_text(analysis: Analysis) -> str:
    """'Met 6 tot 12 deelnemers duurt de sessie 60 min; met 13 tot 40 deelnemers 60 min.'"""
    by_size = analysis.timing.by_size
    if not by_size:
        return "Er is geen aantal deelnemers waarvoor een manier geldt."
    stretches = [f"met {count_text(sizes)} deelnemers {_minutes_range(cost.low, cost.high)}" for sizes, cost in by_size]
    return _escaped(f"De hele sessie duurt {'; '.join(stretches)}.")


def _minutes_range(low: Fraction, high: Fraction) -> str:
    if low == high:
        return f"{format_minutes(low)} min"
    return f"{format_minutes(low)} tot {format_minutes(high)} min"


def _at_once_text(part: Part) -> str:
    """'Tegelijk: tijdbewaker, gespreksleider': the roles at work in the same minutes."""
    if not isinstance(part, Step) or not part.at_once:
        return ""
    return _escaped("Tegelijk: " + ", ".join(task.written for task in part.at_once) + ".")


def _part_title(part: Part) -> str:
    match part:
        case Step():
            return f"stap {_first_line(part.title.text)}"
        case Pause() | Round() | Groups() | TimeBox() | Choice():
            return f"{part.heading.label} {_first_line(part.heading.text)}".strip()
        case _:
            assert_never(part)


def _first_line(text: str, width: int = 60) -> str:
    first = text.split("\n", 1)[0]
    return first if len(first) <= width else first[: width - 1] + "…"


def _cost_text(part: Part, cost: Cost, held_again: bool) -> str:
    """'(5 + 4) × 3 rondes = 27 min', with both ways when they differ."""
    if isinstance(part, Step) and part.rest:
        return f"De rest van de tijd: {_sum('', cost.low)} in de kortste weg, {_sum('', cost.high)} in de langste."
    if isinstance(part, Step) and part.duration is None and part.optional:
        return "Alleen als er tijd is, zonder eigen duur: deze stap deelt de tijd die overblijft."
    if isinstance(part, Step) and part.duration is None and part.duration_text is not None:
        return (
            f"De duur '{_escaped(_first_line(part.duration_text.text))}' is niet te lezen (zie de melding op "
            "die regel); tot die klopt, telt deze stap als een stap zonder eigen duur."
        )
    if isinstance(part, Step) and part.duration is None:
        return "Geen eigen duur: deze stap deelt de tijd die overblijft."
    each = " per keer" if held_again else ""
    low, high = _sum(cost.low_text, cost.low), _sum(cost.high_text, cost.high)
    if cost.low == 0 and cost.high and getattr(part, "optional", False):
        return f"{high}{each}, alleen als er tijd is."
    if cost.low == cost.high:
        return f"{low}{each}."
    return f"Kortste weg {low}, langste weg {high}{each}."


def _sum(text: str, minutes: Fraction) -> str:
    total = f"{format_minutes(minutes)} min"
    return total if not text or text == format_minutes(minutes) else _escaped(f"{text} = {total}")


def _clock_text(analysis: Analysis, part: Part) -> str:
    """When the part begins in the plan; each time, for a part held more than once."""
    schedule = analysis.plan
    rows = [slot for slot in schedule.slots if slot.part is part]
    if not rows:
        return ""
    starts = [schedule.clock(slot.start) for slot in rows[:MOST_CLOCK_TIMES]]
    if len(rows) > MOST_CLOCK_TIMES:
        starts.append("…")
    moments = starts[0] if len(starts) == 1 else ", ".join(starts[:-1]) + " en " + starts[-1]
    planned = ""
    if isinstance(part, Step) and part.duration is None:
        planned = f"In het plan {rows[0].minutes_text} min. "
    if schedule.start_clock:
        return f"{planned}Begint om {moments}."
    return f"{planned}Begint na {moments} (uren:minuten; met 'begintijd: 14:00' bovenaan ziet u de kloktijd)."


# What can start emphasis, code, a link, HTML or a table inside a line; our own words start each line.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|])")


def _escaped(text: str) -> str:
    """Author text shown as text in a Markdown hover: no emphasis, link or HTML of its own."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


# --- definition and outline --------------------------------------------------------------------


def definition(analysis: Analysis, place: Place) -> Stretch | None:
    """From 'vragen: naam' in a step to the heading of that question list."""
    werkvorm = analysis.werkvorm
    if werkvorm is None or analysis.too_big:
        return None
    lists = werkvorm.question_lists()
    for step in _all_steps(werkvorm):
        for ref in step.question_refs:
            if ref.span.line == place.line + 1 and ref.text.lower() in lists:
                return analysis.stretch(lists[ref.text.lower()].heading.span)
    return None


class SymbolKind(Enum):
    TITLE = "titel"
    SECTION = "kopje"
    QUESTION_LIST = "vragenlijst"
    STEP = "stap"
    PAUSE = "pauze"
    BLOCK = "blok"  # RONDE, GROEPJES or BLOK


@record
class Symbol:
    """A heading, step or block in the editor's outline, with the parts inside it."""

    name: str
    detail: str
    kind: SymbolKind
    stretch: Stretch
    selection: Stretch  # the heading or title, inside `stretch`
    children: tuple[Symbol, ...] = ()


def outline(analysis: Analysis) -> list[Symbol]:
    """The werkvorm's title, its sections, and in them its steps, rounds, groups, blocks and breaks."""
    werkvorm = analysis.werkvorm
    if werkvorm is None or analysis.too_big:
        return []
    found = []
    if werkvorm.title is not None:
        found.append(
            _symbol(
                analysis, werkvorm.title.text, "werkvorm", SymbolKind.TITLE, werkvorm.title.span, werkvorm.title.span
            )
        )
    for section in werkvorm.sections:
        kind = SymbolKind.QUESTION_LIST if isinstance(section, QuestionList) else SymbolKind.SECTION
        children = tuple(_part_symbol(analysis, part) for part in getattr(section, "parts", ()))
        found.append(
            _symbol(
                analysis,
                f"{section.heading.label} {section.heading.text}".strip(),
                "",
                kind,
                section.span,
                section.heading.span,
                children,
            )
        )
    return found


def _part_symbol(analysis: Analysis, part: Part) -> Symbol:
    match part:
        case Step():
            detail = part.duration_text.text if part.duration_text else ""
            return _symbol(analysis, _first_line(part.title.text), detail, SymbolKind.STEP, part.span, part.title.span)
        case Pause():
            return _symbol(analysis, _part_title(part), "", SymbolKind.PAUSE, part.span, part.heading.span)
        case Round() | Groups() | TimeBox():
            children = tuple(_part_symbol(analysis, inner) for inner in part.parts)
            return _symbol(analysis, _part_title(part), "", SymbolKind.BLOCK, part.span, part.heading.span, children)
        case Choice():
            ways = tuple(
                _symbol(
                    analysis,
                    f"{way.heading.label} {_first_line(way.heading.text)}",
                    "",
                    SymbolKind.BLOCK,
                    way.span,
                    way.heading.span,
                    tuple(_part_symbol(analysis, inner) for inner in way.parts),
                )
                for way in part.ways
            )
            return _symbol(analysis, _part_title(part), "", SymbolKind.BLOCK, part.span, part.heading.span, ways)
        case _:
            assert_never(part)


def _symbol(
    analysis: Analysis,
    name: str,
    detail: str,
    kind: SymbolKind,
    span: Span,
    heading: Span,
    children: tuple[Symbol, ...] = (),
) -> Symbol:
    whole, selection = analysis.stretch(span), analysis.stretch(heading)
    if not (_before_or_at(whole.start, selection.start) and _before_or_at(selection.end, whole.end)):
        selection = Stretch(whole.start, whole.start)  # LSP wants the selection inside the whole
    return Symbol(name.strip() or kind.value, detail, kind, whole, selection, children)


def _before_or_at(first: Place, second: Place) -> bool:
    return (first.line, first.character) <= (second.line, second.character)


# --- formatting --------------------------------------------------------------------------------


class NotFormatted(Exception):
    """Why the layout is left alone; the message is Dutch, for the author."""


def formatted(analysis: Analysis) -> str | None:
    """The text laid out as `werkvorm fmt` would, or None if it is already so. Like fmt, it leaves
    a werkvorm with errors in its structure alone (NotFormatted)."""
    from werkvorm_dsl.language.fmt import UnsafeLayout, errors_that_stop_fmt, format_text  # only when asked

    checked = analysis.checked
    if analysis.too_big or checked.werkvorm is None or errors_that_stop_fmt(checked.diagnostics):
        raise NotFormatted("Niet opgemaakt: er staan nog fouten in de opbouw van de werkvorm. Los die eerst op.")
    try:
        laid_out = format_text("\n".join(analysis.lines))
    except UnsafeLayout:
        raise NotFormatted(
            "Niet opgemaakt: een regel zou op een nieuwe plek iets anders betekenen. Zet een lege "
            "regel boven regels die met een trefwoord beginnen."
        ) from None
    first_break = LINE_BREAK.search(analysis.text)
    if first_break and first_break.group(0) != "\n":
        laid_out = laid_out.replace("\n", first_break.group(0))  # the file keeps its own line endings
    return None if laid_out == analysis.text else laid_out


def whole_text(analysis: Analysis) -> Stretch:
    last = len(analysis.lines) - 1
    return Stretch(Place(0, 0), Place(last, len(analysis.lines[last])))
