"""Slips: lines read as text that look like a keyword, a field without its colon, or a duration.

A pass over the lexed lines, after the lexer (docs/taalgids.md, "Bijna een trefwoord"). A line
that the lexer read as text gets a warning on that line when

- its first words are a slip of a keyword in the table (W116: `stpa Casus kiezen`, `RODNE 2 keer`,
  `Pauz 10 min`), or of a field with a value that reads as that field's (W110: `duru: 5 min`);
- it is a field word without its colon and a value that reads whole as that field's (W117:
  `duur 5 min`, `Duur 10 minuten`);
- it is another word with a colon and a duration behind it (W118: `tijd: 20 min`).

A slip is one or two edits (a letter added, dropped, changed, or two letters swapped) from a
keyword's spelling; how many depends on the spelling's length (see `within_reach`), so that the
short keywords, which ordinary words lie close to, are only matched by a swap. A slip counts only
where the keyword, spelled right, would have made structure: the lexer is asked (`Lexer.peek`) what
it would have made of the corrected line in the same place, so a word in running text stays text.
Headings, blocks and pauses count only when what follows reads as their value (`RONDE 2 keer`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
from werkvorm_dsl.language.folding import normalise
from werkvorm_dsl.language.keywords import KEYWORDS, ROLES, Keyword, Shape
from werkvorm_dsl.language.lexer import Lexer, LexResult
from werkvorm_dsl.language.nodes import Span
from werkvorm_dsl.language.values import (
    ValueProblem,
    implies_group_size,
    parse_clock,
    parse_date,
    parse_fixed_duration,
    parse_floor,
    parse_group_size,
    parse_participants,
    parse_repeat,
    parse_step_duration,
    split_optional,
    starts_with_size,
)
from werkvorm_dsl.system.records import record

WORD = re.compile(r"[^\W\d_]+(?:[-'.][^\W\d_]+)*\.?")  # letters, with a hyphen or dot inside: 'n.b.'
# A word or a few before a colon, as a field is written: 'tijd: 20 min', 'benodigde tijd: 1 uur'.
LABEL_AND_VALUE = re.compile(r"([^\W\d_][\w'\-]*(?: [\w'\-]+){0,2})\s*:\s*(\S.*)$")
UNIT = re.compile(r"\b(?:min|minuut|minuten|uur|uren|kwartier|minutes?|hours?|mins?)\b", re.IGNORECASE)
CLOCK = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*uur)?|\d{1,2}\s*(?:u|uur)")  # '14 uur', not '14'
URL = re.compile(r"(?:https?://|mailto:|www\.)\S+", re.IGNORECASE)
MAX_SLIP_WORDS = 3  # the longest spelling in the table has three words: 'minimum per stap'


# --- how far a slip may be from a keyword ------------------------------------------------------


def within_reach(written: str, spelling: str) -> bool:
    """Whether `written` (lower case) is a slip of `spelling`: for spellings of up to four letters
    only two neighbouring letters swapped ('stpa', 'duru'), since ordinary words lie one letter
    away from them ('stop', 'door', 'wij'); for five to seven letters one edit ('Pauz', 'RODNE');
    from eight letters on, two ('voorbereidnig')."""
    if written == spelling or abs(len(written) - len(spelling)) > 2:
        return False
    if len(spelling) <= 4:
        return _one_swap(written, spelling)
    if len(spelling) <= 7:
        return edits(written, spelling, 1) <= 1
    return edits(written, spelling, 2) <= 2


def _one_swap(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(differ) != 2 or differ[1] != differ[0] + 1:
        return False
    first, second = differ
    return a[first] == b[second] and a[second] == b[first]


def edits(a: str, b: str, limit: int) -> int:
    """The number of edits from `a` to `b` (a letter added, dropped or changed, or two neighbours
    swapped), or `limit + 1` when it is more than `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    start = 0  # what the two share at the start and the end needs no edit: leave it out
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    if limit == 1:  # what is left differs in its first and last letter: one edit covers one letter, or a swap
        one = (len(a) <= 1 and len(b) <= 1) or (len(a) == len(b) == 2 and a == b[::-1])
        return int(bool(a or b)) if one else 2
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return min(previous[-1], limit + 1)


@record
class Spelling:
    """One spelling of a keyword, split into its words."""

    words: tuple[str, ...]
    keyword: Keyword

    @property
    def text(self) -> str:
        return " ".join(self.words)


@lru_cache(maxsize=1)
def spellings() -> tuple[Spelling, ...]:
    return tuple(Spelling(tuple(word.split()), kw) for kw in KEYWORDS for words in kw.words.values() for word in words)


@lru_cache(maxsize=1)
def _exact_words() -> frozenset[str]:
    """Every word that starts a spelling: such a word is the keyword itself, never a slip of another."""
    return frozenset(s.words[0].rstrip(".") for s in spellings())


@lru_cache(maxsize=1)
def _all_spellings() -> frozenset[str]:
    return frozenset(s.text for s in spellings())


def is_spelling(text: str) -> bool:
    """Whether `text` is a spelling of a keyword in the table, as written there."""
    return " ".join(text.split()) in _all_spellings()


@lru_cache(maxsize=1)
def _first_words() -> dict[str, bool]:
    """The first word of every spelling, and whether it starts a field's."""
    found: dict[str, bool] = {}
    for spelling in spellings():
        first = spelling.words[0].rstrip(".")
        found[first] = found.get(first, False) or spelling.keyword.shape is Shape.FIELD
    return found


@lru_cache(maxsize=16384)  # the first words of lines: most are the same few
def may_start_a_keyword(word: str) -> bool:
    """Whether a line's first word is, or may be a slip of, the first word of a spelling: only
    then is the line looked at more closely. Only the first words that share a form with two
    letters dropped are measured: two words at most two edits apart always do."""
    first_words = _first_words()
    if word in first_words:
        return True
    index = _deletion_index()
    candidates = {first for form in _deletions(word) for first in index.get(form, ())}
    return any(within_reach(word, first) or (first_words[first] and edits(word, first, 1) <= 1) for first in candidates)


def _deletions(word: str, depth: int = 2) -> set[str]:
    """`word` and every form of it with up to `depth` letters dropped."""
    forms, layer = {word}, {word}
    for _ in range(depth):
        layer = {form[:i] + form[i + 1 :] for form in layer for i in range(len(form))}
        forms |= layer
    return forms


@lru_cache(maxsize=1)
def _deletion_index() -> dict[str, tuple[str, ...]]:
    """Every form of a spelling's first word with up to two letters dropped, and whose form it is."""
    found: dict[str, list[str]] = {}
    for first in _first_words():
        for form in _deletions(first):
            found.setdefault(form, []).append(first)
    return {form: tuple(firsts) for form, firsts in found.items()}


@lru_cache(maxsize=16384)
def _phrase_matches(phrase: str, size: int) -> tuple[tuple[Spelling, bool], ...]:
    """The spellings of `size` words that `phrase` is (True) or may be a slip of (False): those
    within reach, and fields one edit away (whether those count depends on their value). A slip
    of a spelling of several words keeps at least one of its words: 'minimum per stpa'."""
    words = set(phrase.split())
    found = []
    by_length = _by_size_and_length()
    # Within reach is at most two letters longer or shorter: only those spellings are measured.
    nearby = [
        entry for length in range(len(phrase) - 2, len(phrase) + 3) for entry in by_length.get((size, length), ())
    ]
    for _, spelling in sorted(nearby, key=lambda entry: entry[0]):  # in the table's order, as before
        if phrase == spelling.text:
            found.append((spelling, True))
        elif size > 1 and not words & set(spelling.words):
            continue
        elif within_reach(phrase, spelling.text) or (
            spelling.keyword.shape is Shape.FIELD and edits(phrase, spelling.text, 1) <= 1
        ):
            found.append((spelling, False))
    return tuple(found)


@lru_cache(maxsize=1)
def _by_size_and_length() -> dict[tuple[int, int], tuple[tuple[int, Spelling], ...]]:
    """The spellings by their number of words and of letters, each with its place in the table."""
    found: dict[tuple[int, int], list[tuple[int, Spelling]]] = {}
    for place, spelling in enumerate(spellings()):
        found.setdefault((len(spelling.words), len(spelling.text)), []).append((place, spelling))
    return {key: tuple(group) for key, group in found.items()}


def slips_of(words: tuple[str, ...]) -> tuple[Spelling, ...]:
    """The spellings that the first words of a line (lower case) may be a slip of, longest first."""
    found = []
    for size in range(len(words), 0, -1):
        if size == 1 and words[0].rstrip(".") in _exact_words():
            continue  # 'ronde' itself is no slip of 'round'
        found += [spelling for spelling, exact in _phrase_matches(" ".join(words[:size]), size) if not exact]
    return tuple(found)


def field_within_reach(written: str, spelling: str, value_reads: bool) -> bool:
    """A slip of a field before its colon: for a field whose value reads as its own ('duru: 5 min',
    'Wiie: begeleider') one edit also for short words; for a field that takes any text, one edit
    and within reach ('Voorbeld: …', not 'Voordeel: het gaat snel', not 'Een voorbeeld: …')."""
    if value_reads:
        return within_reach(written, spelling) or edits(written, spelling, 1) <= 1
    return within_reach(written, spelling) and edits(written, spelling, 1) <= 1


# --- what a field's value reads as ---------------------------------------------------------------


def _reads(parse: Callable[[str], object]) -> Callable[[str], bool]:
    def reads(text: str) -> bool:
        try:
            parse(text)
        except ValueProblem:
            return False
        return True

    return reads


def _known_roles(text: str) -> bool:
    parts = [p.strip().lower() for p in re.split(r",|/|\ben\b|&", text) if p.strip()]
    return bool(parts) and all(any(p in spellings for spellings in ROLES.values()) for p in parts)


def _duration_with_unit(text: str) -> bool:
    head, _ = split_optional(text)
    return UNIT.search(head) is not None and _reads(parse_step_duration)(head)


# The fields whose value can be told from prose: a slip of one of them, or the word without its
# colon, counts only when what follows reads whole as such a value. The other fields take any text
# (FREE_TEXT_FIELDS); a test keeps the two a cover of the table's fields.
FIELD_VALUES: dict[str, Callable[[str], bool]] = {
    "DURATION": _duration_with_unit,
    "TIME_BOX": lambda text: UNIT.search(text) is not None and _reads(parse_fixed_duration)(text),
    "FLOOR": lambda text: UNIT.search(text) is not None and _reads(parse_floor)(text),
    "PARTICIPANTS": _reads(parse_participants),
    "START_TIME": lambda text: CLOCK.fullmatch(text.strip()) is not None and _reads(parse_clock)(text),
    "DATE": _reads(parse_date),
    "WHO": _known_roles,
    "ABSENT": _known_roles,
    "LINK": lambda text: URL.fullmatch(text.strip()) is not None,
}
FREE_TEXT_FIELDS = frozenset(
    {
        "KIND",
        "MODE",
        "FACILITATION",
        "START_QUESTION",
        "GOAL",
        "ROLES",
        "PLACE",
        "SENDER",
        "REPLY",
        "VERSION",
        "EXAMPLE",
        "TEASER",
        "QUESTIONS_REF",
        "ATTACHMENT",
        "MATERIALS",
        "FOR_PARTICIPANTS",
        "FACILITATOR",
        "NOTE",
        "TIME_PROMPT",  # '2e keer: Wat dan?': a title of the author's own
        "AT_ONCE",
    }
)


def _variant_shape(keyword: Keyword, written: str, rest: str) -> bool:
    """A slip of 'VARIANT' counts only in capitals, of 'bij variant' only before 'naam: waarde', as
    the lexer reads the words themselves: 'Varient B werkt ook' is a sentence."""
    if keyword.terminal == "VARIANT":
        return written.isupper()
    if keyword.terminal == "VARIANT_CHANGE":
        name, colon, value = rest.partition(":")
        return bool(colon and name.strip() and value.strip())
    return True


def _opener_reads(keyword: Keyword, label: str, text: str) -> bool:
    """Whether the text after a heading, block or pause reads as its value: 'RONDE 2 keer',
    'PAUZE 10 min', 'GROEPJES van 3', 'VRAGEN naam: titel'. A slip needs that much to count."""
    head, _, _ = text.partition(":")
    head, _ = split_optional(head)
    terminal = keyword.terminal
    try:
        if terminal == "ROUND":
            parse_repeat(head)
        elif terminal in ("PAUSE", "BOX"):
            parse_fixed_duration(head)
        elif terminal == "GROUPS":
            if implies_group_size(label):
                return not head.strip() or starts_with_size(head) or ":" in text
            parse_group_size(label, head)
        elif terminal == "QUESTIONS":
            return ":" in text or len(text.split()) == 1
        elif terminal == "WAY":  # 'BJI maximaal 12 deelnemers': numbers of participants, as after BIJ
            parse_participants(head)
    except ValueProblem:
        return False
    return True


# --- the pass --------------------------------------------------------------------------------------


@record
class Slip:
    """A line the lexer read as text, with the keyword it seems meant as."""

    line: int  # the line number, 1-based
    column: int  # where the slip starts, 1-based
    written: str  # the words as written
    code: str
    suggestion: str  # what the author probably meant, as they would write it
    length: int  # how many characters the caret covers


def problems(text: str, lexed: LexResult, filename: str) -> list[Diagnostic]:
    """W110, W116, W117 and W118 for the lines of `text`, as `lexed` read them."""
    return [_diagnostic(slip, filename) for slip in find(text, lexed)]


class LexedLines:
    """A file's lines as the lexer read them, split only when a pass needs a line the tokens do not hold."""

    def __init__(self, text: str):
        self.text = text
        self._lines: list[str] | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = normalise(self.text).split("\n")
        return self._lines

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def locate(self, stripped: str, first: int, last: int) -> tuple[int, str] | None:
        """The number and text of the first line from `first` to `last` that reads `stripped`."""
        for number in range(first, min(last, len(self.lines)) + 1):
            if self.lines[number - 1].strip() == stripped:
                return number, self.lines[number - 1]
        return None


def find(text: str, lexed: LexResult) -> list[Slip]:
    """The slips on the lines the lexer read as text: prose lines, and the lines that continue a
    field or a list item. A misspelt heading is the lexer's (E101: read as the heading); a line
    it warned about already (W111) is left alone."""
    said = {notice.span.line for notice in lexed.notices if notice.code == "W111"}
    said |= {near.span.line for near in lexed.near_misses if near.kind == "section"}
    titled = any(token.terminal == "TITLE" for token in lexed.tokens)
    source = LexedLines(text)
    found: list[Slip] = []
    doubtful: dict[int, tuple[Slip, str]] = {}  # by line index: slips that count only where the keyword would
    tokens = lexed.tokens
    # Two quick sweeps over the tokens (a file has a token for most lines), then a closer look at few.
    prose = [t for t in tokens if t.terminal == "PROSE" and t.value_column == t.span.column]  # no backslash
    running_on = [t for t in tokens if t.span.end_line != t.span.line]  # a field or item over several lines
    for token in prose:
        if _worth_a_look(token.text) and token.span.line not in said:
            _look(token.text, token.span.line, token.span.column, titled, found, doubtful)
    for token in running_on:
        span = token.span
        for offset, piece in enumerate(token.text.split("\n")[1:], start=1):
            if not piece or not _worth_a_look(piece) or _line_slip(piece, 0, 0, titled)[0] is None:
                continue
            # Where it stands: a comment line may come between, and the token lost a backslash.
            placed = source.locate(piece, span.line + offset, span.end_line)
            if placed is not None and placed[0] not in said:
                number, line = placed
                _look(piece, number, len(line) - len(line.lstrip()) + 1, titled, found, doubtful)
    if doubtful:
        found += _in_place(source.lines, doubtful)
    return sorted(found, key=lambda s: s.line)


def _worth_a_look(stripped: str) -> bool:
    """The quick test that most lines fail: a colon near the start, or a first word close to a keyword."""
    return stripped.find(":", 0, 60) >= 0 or may_start_a_keyword(stripped[:24].split(None, 1)[0].lower().rstrip(":."))


def _look(stripped: str, line: int, column: int, titled: bool, found: list[Slip], doubtful: dict) -> None:
    slip, corrected = _line_slip(stripped, line, column, titled)
    if slip is not None and corrected is None:
        found.append(slip)
    elif slip is not None and corrected is not None:
        doubtful[line - 1] = (slip, corrected)


def _in_place(lines: list[str], doubtful: dict[int, tuple[Slip, str]]) -> list[Slip]:
    """The slips whose corrected line the lexer would read as structure where it stands: the file
    is read again, and at each such line the lexer is asked about the corrected line instead."""
    lexer, found = Lexer(), []
    for index, line in enumerate(lines):
        if index in doubtful:
            slip, corrected = doubtful[index]
            indent = line[: len(line) - len(line.lstrip())]
            terminal = lexer.peek(indent + corrected)[0]
            if terminal not in ("PROSE", "more"):
                found.append(slip)
        lexer.feed(line)
    return found


def _line_slip(stripped: str, line: int, column: int, titled: bool) -> tuple[Slip | None, str | None]:
    """The slip on a text line, if any, and the line as corrected when whether it is a slip depends
    on where it stands (None when it does not). A file with a title has no slip of one."""
    first = stripped[:24].split(None, 1)[0].lower().rstrip(":.")
    if not may_start_a_keyword(first):  # most lines: a word far from every keyword
        return _labelled_duration(stripped, line, column), None
    words = leading_words(stripped)
    if not words:
        return _labelled_duration(stripped, line, column), None
    for spelling in slips_of(words):
        if titled and spelling.keyword.terminal == "TITLE":
            continue
        found = _slip(spelling, stripped, line, column)
        if found is not None:
            return found
    without_colon = _field_without_colon(stripped, words, line, column)
    if without_colon is not None:
        return without_colon, None
    return _labelled_duration(stripped, line, column), None


def leading_words(stripped: str) -> tuple[str, ...]:
    """The words a line starts with, in lower case, up to the first that is not all letters and
    up to a colon: 'Pauz 10 min' -> ('pauz',), 'minimum per stpa: 2 min' -> ('minimum', 'per', 'stpa')."""
    words: list[str] = []
    for part in stripped[:80].lower().split(None, MAX_SLIP_WORDS)[:MAX_SLIP_WORDS]:
        word = part.rstrip(":")
        if not WORD.fullmatch(word):
            break
        words.append(word)
        if word != part:
            break
    return tuple(words)


def _written_words(stripped: str, count: int) -> tuple[str, str]:
    """The first `count` words as written, and the rest of the line after them; a colon right
    after the last word belongs to the rest."""
    found = re.match(rf"\S+(?:\s+\S+){{{count - 1}}}", stripped)
    written = found.group(0) if found else stripped
    if ":" in written:
        written = written[: written.index(":")]
    return written, stripped[len(written) :]


def _cased(spelling: str, written: str) -> str:
    """The keyword in the author's own case: 'RODNE' -> 'RONDE', 'Pauz' -> 'Pauze'."""
    if written.isupper() and len(written) > 1:
        return spelling.upper()
    if written[:1].isupper():
        return spelling[:1].upper() + spelling[1:]
    return spelling


def _slip(spelling: Spelling, stripped: str, line: int, column: int) -> tuple[Slip, str | None] | None:
    keyword = spelling.keyword
    written, rest = _written_words(stripped, len(spelling.words))
    meant = _cased(spelling.text, written)
    if not _variant_shape(keyword, written, rest):
        return None
    if keyword.shape is Shape.FIELD:
        after = rest.lstrip()
        if not after.startswith(":") or not after[1:].strip():
            return None
        reads = FIELD_VALUES.get(keyword.terminal)
        if not field_within_reach(written.lower(), spelling.text, reads is not None and reads(after[1:].strip())):
            return None
        return Slip(line, column, written, "W110", f"{spelling.text}:", len(written)), None
    value = rest.lstrip().lstrip(":").strip()
    if keyword.shape is Shape.SECTION and value:
        return None
    if keyword.shape is Shape.SECTION_WITH_TEXT and not _opener_reads(keyword, spelling.text, value):
        return None
    return Slip(line, column, written, "W116", meant, len(written)), meant + rest


def _field_without_colon(stripped: str, words: tuple[str, ...], line: int, column: int) -> Slip | None:
    """'duur 5 min': a field word (or a slip of one) without its colon, and a value of that field."""
    for size in range(len(words), 0, -1):
        for spelling, _ in _phrase_matches(" ".join(words[:size]), size):
            reads = FIELD_VALUES.get(spelling.keyword.terminal)
            if reads is None:
                continue
            written, rest = _written_words(stripped, size)
            if rest[:1].isspace() and reads(rest.strip()):
                return Slip(line, column, written, "W117", f"{spelling.text}:", len(written))
    return None


def _labelled_duration(stripped: str, line: int, column: int) -> Slip | None:
    """'tijd: 20 min': a word that is no field, a colon, and a duration that reads whole."""
    colon = stripped.find(":", 0, 60)
    if colon < 0 or stripped.count(" ", 0, colon) > 2 or UNIT.search(stripped, colon, colon + 60) is None:
        return None  # most lines: no word or three before a colon, or no unit of time after it
    found = LABEL_AND_VALUE.match(stripped)
    if found is None or not _duration_with_unit(found.group(2)):
        return None
    label = found.group(1)
    if is_spelling(label.lower()):
        return None  # a keyword the lexer read as text where it stands, and said so (W111)
    return Slip(line, column, label, "W118", "duur:", len(label))


# --- the messages ----------------------------------------------------------------------------------


def _diagnostic(slip: Slip, filename: str) -> Diagnostic:
    span = Span(slip.line, slip.column, slip.line, slip.column + slip.length)
    message, hint = MESSAGES[slip.code](slip)
    return Diagnostic(slip.code, Severity.WARNING, filename, span, message, hint)


def _near_field(slip: Slip) -> tuple[str, str]:
    return near_field_message(slip.written, slip.suggestion)


def near_field_message(written: str, meant: str) -> tuple[str, str]:
    """W110's message and tip: the lexer's near misses say it in the same words."""
    return (
        f"'{written}:' lijkt op '{meant}', maar ik lees het nu als gewone tekst.",
        f"Bedoelt u '{meant}'? Is het echt tekst, zet dan een \\ vooraan de regel.",
    )


def _near_keyword(slip: Slip) -> tuple[str, str]:
    return (
        f"'{slip.written}' lijkt op het trefwoord '{slip.suggestion}', maar ik lees de regel nu als gewone tekst.",
        f"Bedoelt u '{slip.suggestion}'? Verbeter dan de spelling. Is het echt gewone tekst, zet dan een \\ "
        "vooraan de regel; dan verdwijnt deze melding.",
    )


def _without_colon(slip: Slip) -> tuple[str, str]:
    return (
        f"Na '{slip.written}' staat geen dubbele punt, dus ik lees de regel als gewone tekst, niet als het veld "
        f"'{slip.suggestion}'.",
        f"Bedoelt u '{slip.suggestion}'? Zet dan een dubbele punt achter '{slip.written}'. Is het echt gewone "
        "tekst, zet dan een \\ vooraan de regel.",
    )


def _labelled_duration_message(slip: Slip) -> tuple[str, str]:
    return (
        f"Achter '{slip.written}:' staat een duur, maar '{slip.written}:' is geen veld: ik lees de regel als gewone "
        "tekst, en de tijdcontrole telt deze duur niet mee.",
        "Bedoelt u 'duur:'? Schrijf dan 'duur:' in plaats van "
        f"'{slip.written}:'. Is het echt gewone tekst, zet dan een \\ vooraan de regel.",
    )


MESSAGES: dict[str, Callable[[Slip], tuple[str, str]]] = {
    "W110": _near_field,
    "W116": _near_keyword,
    "W117": _without_colon,
    "W118": _labelled_duration_message,
}
