"""The author's text as taal reads it: whose each piece is, its words and numbers where they stand, its sentences.

The words come from the author's source lines themselves, not from the AST's joined text, so a
word's line and column are those an editor shows, continuation lines and invisible characters
included. The AST only says which lines hold what (prose.pieces) and who reads them.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from enum import Enum
from functools import cache, lru_cache

from werkvorm_dsl.language.folding import CONTROLS, INVISIBLE
from werkvorm_dsl.language.nodes import (
    Attachment,
    Example,
    FacilitatorOnly,
    ListSection,
    Note,
    QuestionList,
    Section,
    SectionKind,
    Span,
    Teaser,
    Werkvorm,
)
from werkvorm_dsl.language.prose import pieces
from werkvorm_dsl.system.records import mutable_record, record


class Reader(Enum):
    """Who reads a piece of text, and in which document part, for the B1 signals and their score."""

    INVITATION = "de uitnodiging"
    INTRODUCTION = "de inleiding (titel, gegevens en doel)"
    PROGRAMME = "het programma (stappen en kaarten)"
    QUESTIONS = "de vragenlijsten"
    FACILITATOR = "de tekst voor de begeleider"


@mutable_record  # not frozen: made for every word of a text, and frozen init costs twice as much
class Token:
    """A word or number as written, where it stands, whether a sentence ends right after it, and
    what stands between it and the next token on its line (punctuation, spaces; blanked links)."""

    written: str
    line: int
    column: int  # 1-based, in characters of the source line
    is_word: bool
    ends_sentence: bool = False
    gap: str = ""

    @property
    def span(self) -> Span:
        return Span(self.line, self.column, self.line, self.column + len(self.written))

    @property
    def plain(self) -> str:
        return plain_form(self.written)

    @property
    def is_abbreviation(self) -> bool:
        """'o.a.', 'd.w.z.': letters each with its full stop, read as one word."""
        return "." in self.written


@dataclass
class Piece:
    """One piece of the author's text: its tokens in order, who reads it, and whether it is running
    text (sentences) or a value such as a heading, a duration or a list of roles (spelling only)."""

    reader: Reader
    is_prose: bool = True
    tokens: list[Token] = field(default_factory=list)


# A word: letters (with combining accents), joined by apostrophes, hyphens and the invisible
# characters an editor may leave inside a word (soft hyphen, zero-width joiners, word joiner).
# An abbreviation of single letters each with its full stop ('o.a.', 'd.w.z.', initials) is one word.
LETTER = r"(?:[^\W\d_]|[\u0300-\u036f])"
JOINER = r"['’\-\u00ad\u200b-\u200d\u2060]"
TOKEN = re.compile(
    r"(?P<abbreviation>(?=\w\.)(?<![\w.])(?:[^\W\d_]\.){2,}(?![^\W\d_]))"  # the look-ahead first: it fails fastest
    rf"|(?P<word>{LETTER}+(?:{JOINER}+{LETTER}+)*)|(?P<number>\d+(?:[.,:]\d+)*)"
)
INVISIBLE_IN_WORD = re.compile("[\u00ad\u200b-\u200d\u2060]")
SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]*_]*(?:\s|$)")
STRONG_END = re.compile(r"[!?…]")
CLOSERS = " *_\"'”’)]"  # what may stand between a word and the full stop after it
# Abbreviations whose full stop never ends a sentence: a name, a number or more of the sentence follows.
ABBREVIATIONS = frozenset(
    "bijv bv blz ca dhr dr drs evt excl hfst incl ing ir mevr mr mw nb nr pag prof resp vb vgl zgn "
    "a.d.h.v. c.q. d.d. d.w.z. i.c.m. i.o.m. i.p.v. i.s.m. i.v.m. m.a.w. m.b.t. m.b.v. m.i. m.n. "
    "m.u.v. n.a.v. n.b. o.a. o.b.v. o.l.v. t.a.v. t.b.v. t.o.v. t.z.t. v.w.b. z.s.m.".split()
)
# Abbreviations that often close a list or a time at the end of a sentence ('pennen, papier enz.',
# 'duurt 10 min.'): a capital after their full stop starts a new sentence.
CLOSING_ABBREVIATIONS = frozenset("enz etc max min sec a.s. e.a. e.d. e.v. o.i.d.".split())
LINK_START = re.compile(r"https?://|www\.|mailto:|ftp://", re.IGNORECASE)
# A domain name in prose or link text ('voorbeeld.nl', 'gemeente.amsterdam/participatie'): labels
# and a top-level domain in small letters. The labels cannot hold a full stop, so the pattern never
# backtracks over more than one label; it starts only where no word, dot or address precedes.
TOP_LEVEL = r"(?:[a-z]{2}|com|org|net|info|edu|gov|int|app|dev|online|amsterdam|frl|nu)"
DOMAIN = re.compile(rf"(?<![\w.@/-])(?:[^\W_](?:[\w-]*[^\W_])?\.)+{TOP_LEVEL}(?![\w-])(?:/[^\s<>()\[\]]*)?")
INNER_DOT = re.compile(r"\.\w")
# A file's path with folders ('editors/vscode/README.md', 'bijlagen/rooster.pdf'): the extension after
# the last slash, in small letters. Folder names cannot hold a slash, so no folder is read twice.
FILE_PATH = re.compile(r"(?<![\w.@/-])(?:[\w.-]+/)+[\w-]+(?:\.[\w-]+)*\.[a-z0-9]{1,5}(?![\w-])")


@lru_cache(maxsize=8192)  # a word is asked for its plain form several times, and texts repeat their words
def plain_form(written: str) -> str:
    """The word as the dictionary should read it: no invisible characters, ligatures and look-alike
    forms made plain (NFKC), one kind of apostrophe."""
    text = INVISIBLE_IN_WORD.sub("", written).replace("’", "'")
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def masked_line(text: str) -> str:
    """The line with addresses, e-mail addresses, domain names, link targets and code blanked out
    (same length, so columns stay), in linear time: no pattern here can backtrack over a long run
    of characters."""
    if "](" not in text and "`" not in text and "@" not in text and LINK_START.search(text) is None:
        if INNER_DOT.search(text) is None:
            return text  # most lines: nothing to blank out (no domain or file name either)
    chars = list(text)
    _blank_between(chars, text, "](", ")")
    _blank_between(chars, text, "`", "`")
    for chunk in re.finditer(r"\S+", text):
        start, end = chunk.span()
        if "@" in chunk.group():
            address_end = _address_end(text, start, end)
            chars[start:address_end] = " " * (address_end - start)
            continue
        found = LINK_START.search(text, start, end)
        if found is not None:
            address_end = _address_end(text, found.start(), end)
            chars[found.start() : address_end] = " " * (address_end - found.start())
            end = found.start()  # the link's own text before it, '[voorbeeld.nl](https://…)', may hold a domain
        if "." in chunk.group() and INNER_DOT.search(text, start, end):  # a dot inside, not only at the end
            _blank_all(chars, DOMAIN, text, start, end)
            if "/" in text[start:end]:
                _blank_all(chars, FILE_PATH, text, start, end)
    return "".join(chars)


def _address_end(text: str, start: int, end: int) -> int:
    """Where an address that runs to `end` stops: the full stop or bracket of the sentence around it
    stays ('zie https://x.nl).'), a bracket the address opened itself belongs to it."""
    closers = ".,;:!?" if "(" in text[start:end] else ".,;:!?)"
    while end > start and text[end - 1] in closers:
        end -= 1
    return end


def _blank_all(chars: list[str], pattern: re.Pattern[str], text: str, start: int, end: int) -> None:
    for found in pattern.finditer(text, start, end):
        chars[found.start() : found.end()] = " " * (found.end() - found.start())


def _blank_between(chars: list[str], text: str, opener: str, closer: str) -> None:
    """Blank each stretch from opener to closer, both included: '](target)' of a link, `code`."""
    position = text.find(opener)
    while position >= 0:
        end = text.find(closer, position + len(opener))
        if end < 0:
            return
        for index in range(position, end + len(closer)):
            chars[index] = " "
        position = text.find(opener, end + len(closer))


def tokens_in(text: str, line: int, column_offset: int) -> Iterator[Token]:
    """Words and numbers of one stretch of a source line, each marked when a sentence ends after it."""
    masked = masked_line(text)
    found = list(TOKEN.finditer(masked))
    for index, match in enumerate(found):
        gap_end = found[index + 1].start() if index + 1 < len(found) else len(masked)
        gap = masked[match.end() : gap_end]
        written = text[match.start() : match.end()]
        is_word = match.group("number") is None
        yield Token(
            written,
            line,
            column_offset + match.start() + 1,
            is_word,
            _ends_sentence(written, is_word, gap, masked[gap_end : gap_end + 1]),
            gap,
        )


def _ends_sentence(written: str, is_word: bool, gap: str, next_char: str) -> bool:
    """Whether a sentence ends after this token. '!', '?' and '…' always end one; a full stop ends
    one when no small letter follows, except after an abbreviation ('bijv. Jan', 'o.a. Utrecht')
    or an initial ('J. Jansen'). A number's full stop does ('groepjes van 3. Er kunnen …')."""
    if written[-1] == ".":  # an abbreviation of single letters brings its own full stop
        if STRONG_END.match(gap.lstrip(CLOSERS)):
            return True
        return written.lower() in CLOSING_ABBREVIATIONS and (not next_char or next_char.isupper())
    if gap == " ":
        return False  # the commonest gap, between two words of a sentence
    lowered = written.lower()
    end = SENTENCE_END.match(gap.lstrip(CLOSERS))
    if end is None:
        return bool(STRONG_END.search(gap))
    if STRONG_END.search(end.group()):
        return True
    if lowered in CLOSING_ABBREVIATIONS:
        return not next_char or next_char.isupper()
    if lowered in ABBREVIATIONS or (is_word and len(written) == 1):
        return False  # 'bijv. Jan', 'J. Jansen'
    return not next_char or not next_char.islower()


def pieces_with_readers(werkvorm: Werkvorm, lines: list[str]) -> Iterator[Piece]:
    """Every piece of the author's text (prose.pieces), its label skipped, as tokens of the source."""
    roles, values = _roles_by_span(werkvorm)
    starts, sections = _sections_by_line(werkvorm)
    for label, _text, span in pieces(werkvorm):
        index = bisect.bisect_right(starts, span.line) - 1
        section = sections[index] if index >= 0 and span.line <= sections[index].span.end_line else None
        where = (span.line, span.column)
        piece = Piece(_reader(roles.get(where), section, span), where not in values)
        for number, start, text in _stretches(lines, span, len(label)):
            piece.tokens.extend(tokens_in(text, number, start))
        if piece.tokens:
            piece.tokens[-1] = _ending(piece.tokens[-1])  # a title or list item ends where it ends
            yield piece


def _ending(token: Token) -> Token:
    return Token(token.written, token.line, token.column, token.is_word, True, token.gap)


def _reader(role: type | None, section, span: Span) -> Reader:
    if role in (FacilitatorOnly, Note):
        return Reader.FACILITATOR
    match section:
        case None:
            return Reader.INTRODUCTION
        case Section(kind=SectionKind.PREPARATION):
            return Reader.INVITATION if role in (Teaser, Example, Attachment) else Reader.FACILITATOR
        case Section():
            return Reader.PROGRAMME
        case QuestionList():
            return Reader.QUESTIONS
        case ListSection():
            return Reader.FACILITATOR  # suggestions and options are printed in the draaiboek only
        case _:
            return Reader.INTRODUCTION


PROSE_FACTS = frozenset({"doel", "startvraag"})  # the header's fields that hold sentences
VALUE_FIELDS = ("heading", "duration_text", "roles_text", "absent_text", "box_text", "question_refs")


def _roles_by_span(werkvorm: Werkvorm) -> tuple[dict[tuple[int, int], type], set[tuple[int, int]]]:
    """The kind of every labelled block whose reader differs by kind, by where it starts; and where
    the values start (headings, durations, roles, the header's facts) that hold no sentences."""
    found: dict[tuple[int, int], type] = {}
    values = {(f.span.line, f.span.column) for f in werkvorm.facts if f.key not in PROSE_FACTS}
    if werkvorm.title is not None:
        values.add((werkvorm.title.span.line, werkvorm.title.span.column))
    waiting: list = [werkvorm]
    while waiting:  # a stack, not recursion: blocks nest as deep as the author writes them
        node = waiting.pop()
        if isinstance(node, tuple):
            waiting.extend(node)
            continue
        if not is_dataclass(node):
            continue
        if isinstance(node, (FacilitatorOnly, Note, Teaser, Example, Attachment)):
            found[(node.span.line, node.span.column)] = type(node)
        for name in VALUE_FIELDS:
            value = getattr(node, name, None)
            for labeled in value if isinstance(value, tuple) else (value,):
                if labeled is not None:
                    values.add((labeled.span.line, labeled.span.column))
        kind: type = type(node)
        for name in _field_names(kind):
            child = getattr(node, name)
            if isinstance(child, tuple) or (is_dataclass(child) and type(child) is not Span):
                waiting.append(child)  # the rest (a place, a number, a word) holds no labelled block
    return found, values


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def _sections_by_line(werkvorm: Werkvorm) -> tuple[list[int], list]:
    sections = sorted(werkvorm.sections, key=lambda s: s.span.line)
    return [s.span.line for s in sections], sections


def _stretches(lines: list[str], span: Span, label_length: int) -> Iterator[tuple[int, int, str]]:
    """(line number, column offset, text) of a piece's source: after its label on the first line,
    up to its end on the last, comment lines in between left out."""
    for number in range(span.line, min(span.end_line, len(lines)) + 1):
        text = lines[number - 1]
        # A piece is made of whole lines, so it runs to the end of its last line; the AST counts
        # columns in the lexer's normalised text, which the source line may differ from.
        start = _raw_column(text, span.column) - 1 + label_length if number == span.line else 0
        end = len(text)
        if number == span.line and label_length:
            after = text[start:end]
            stripped = after.lstrip()
            if stripped.startswith(":") or stripped.startswith("\uff1a"):
                start += len(after) - len(stripped) + 1
        if number != span.line and text.lstrip().startswith("#"):
            continue
        yield number, start, text[start:end]


def _raw_column(text: str, column: int) -> int:
    """The column in the source line of a column the lexer counted after dropping invisible and
    control characters and joining combining accents to their letter (NFC)."""
    if text.isascii():
        return column
    seen = 0
    for index, char in enumerate(text):
        if seen == column - 1:
            return index + 1
        if not (INVISIBLE.match(char) or CONTROLS.match(char) or unicodedata.combining(char)):
            seen += 1
    return len(text) + 1


@record
class Sentence:
    """The tokens of one sentence."""

    tokens: tuple[Token, ...]

    @property
    def words(self) -> tuple[Token, ...]:
        return tuple(t for t in self.tokens if t.is_word)


def sentences(piece: Piece) -> Iterator[Sentence]:
    current: list[Token] = []
    for token in piece.tokens:
        current.append(token)
        if token.ends_sentence:
            yield Sentence(tuple(current))
            current = []
    if current:
        yield Sentence(tuple(current))
