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


class Reader(Enum):
    """Who reads a piece of text, and in which document part, for the B1 signals and their score."""

    INVITATION = "de uitnodiging"
    INTRODUCTION = "de inleiding (titel, gegevens en doel)"
    PROGRAMME = "het programma (stappen en kaarten)"
    QUESTIONS = "de vragenlijsten"
    FACILITATOR = "de tekst voor de begeleider"


@dataclass(slots=True)  # not frozen: made for every word of a text, and frozen init costs twice as much
class Token:
    """A word or number as written, where it stands, and whether a sentence ends right after it."""

    written: str
    line: int
    column: int  # 1-based, in characters of the source line
    is_word: bool
    ends_sentence: bool = False

    @property
    def span(self) -> Span:
        return Span(self.line, self.column, self.line, self.column + len(self.written))

    @property
    def plain(self) -> str:
        return plain_form(self.written)


@dataclass
class Piece:
    """One piece of the author's text: its tokens in order, who reads it, and whether it is running
    text (sentences) or a value such as a heading, a duration or a list of roles (spelling only)."""

    reader: Reader
    is_prose: bool = True
    tokens: list[Token] = field(default_factory=list)


# A word: letters (with combining accents), joined by apostrophes, hyphens and the invisible
# characters an editor may leave inside a word (soft hyphen, zero-width joiners, word joiner).
LETTER = r"(?:[^\W\d_]|[\u0300-\u036f])"
JOINER = r"['’\-\u00ad\u200b-\u200d\u2060]"
TOKEN = re.compile(rf"(?P<word>{LETTER}+(?:{JOINER}+{LETTER}+)*)|(?P<number>\d+(?:[.,:]\d+)*)")
INVISIBLE_IN_WORD = re.compile("[\u00ad\u200b-\u200d\u2060]")
SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)*_]*(?:\s|$)")
STRONG_END = re.compile(r"[!?…]")
ABBREVIATIONS = frozenset(
    "bijv bv ca dhr dr enz etc evt ir max min mevr mr nb nr o.a prof resp t.a.v vb vgl zgn".split()
)
LINK_START = re.compile(r"https?://|www\.|mailto:|ftp://", re.IGNORECASE)


@lru_cache(maxsize=8192)  # a word is asked for its plain form several times, and texts repeat their words
def plain_form(written: str) -> str:
    """The word as the dictionary should read it: no invisible characters, ligatures and look-alike
    forms made plain (NFKC), one kind of apostrophe."""
    text = INVISIBLE_IN_WORD.sub("", written).replace("’", "'")
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def masked_line(text: str) -> str:
    """The line with addresses, e-mail addresses, link targets and code blanked out (same length, so
    columns stay), in linear time: no pattern here can backtrack over a long run of characters."""
    if "](" not in text and "`" not in text and "@" not in text and LINK_START.search(text) is None:
        return text  # most lines: nothing to blank out
    chars = list(text)
    _blank_between(chars, text, "](", ")")
    _blank_between(chars, text, "`", "`")
    for chunk in re.finditer(r"\S+", text):
        start, end = chunk.span()
        if "@" in chunk.group():
            chars[start:end] = " " * (end - start)
            continue
        found = LINK_START.search(text, start, end)
        if found is not None:
            chars[found.start() : end] = " " * (end - found.start())
    return "".join(chars)


def _blank_between(chars: list[str], text: str, opener: str, closer: str) -> None:
    position = text.find(opener)
    while position >= 0:
        end = text.find(closer, position + len(opener))
        if end < 0:
            return
        for index in range(position + len(opener), end):
            chars[index] = " "
        position = text.find(opener, end + 1)


def tokens_in(text: str, line: int, column_offset: int) -> Iterator[Token]:
    """Words and numbers of one stretch of a source line, each marked when a sentence ends after it."""
    masked = masked_line(text)
    found = list(TOKEN.finditer(masked))
    for index, match in enumerate(found):
        gap_end = found[index + 1].start() if index + 1 < len(found) else len(masked)
        gap = masked[match.end() : gap_end]
        written = text[match.start() : match.end()]
        is_word = match.group("word") is not None
        yield Token(
            written,
            line,
            column_offset + match.start() + 1,
            is_word,
            _ends_sentence(written, gap, masked[gap_end : gap_end + 1]),
        )


def _ends_sentence(written: str, gap: str, next_char: str) -> bool:
    if gap == " ":
        return False  # the commonest gap, between two words of a sentence
    end = SENTENCE_END.match(gap.lstrip(" *_\"'”’)"))
    if end is None:
        return bool(STRONG_END.search(gap))
    if STRONG_END.search(end.group()):
        return True
    if written.lower() in ABBREVIATIONS or len(written) == 1:
        return False  # 'bijv.', 'o.a.', 'J. Jansen'
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
    return Token(token.written, token.line, token.column, token.is_word, True)


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


@dataclass(frozen=True, slots=True)
class Sentence:
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
