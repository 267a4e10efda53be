"""The lexer: classifies each line by the keyword table and joins a field's continuation lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .keywords import KEYWORDS, Keyword, Shape, by_terminal
from .nodes import Span

NUMBERED = re.compile(r"^(?:[-*•–]\s+(\d{1,3})[.)]?|(\d{1,3})[.)])\s+(?=\S)")
BULLET = re.compile(r"^[-*•–]\s+(?=\S)")
SECTION_LIKE = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ.\- ]{1,30}:?$")
FIELD_LIKE = re.compile(r"^([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ.\-]*(?: [A-Za-zÀ-ÿ.\-]+){0,2})\s*:\s*\S")
LIST_SECTIONS = {"SUGGESTIONS", "OPTIONAL", "QUESTIONS"}
STEP_SECTIONS = {"PREPARATION", "SESSION"}


@dataclass(frozen=True, slots=True)
class LineToken:
    """One logical line: its terminal, the keyword as written, and the text after it."""

    terminal: str
    label: str  # the keyword as the author spelled it; empty for prose, bullets and numbers
    text: str
    span: Span
    value_column: int  # where `text` starts on the first line, for carets under a value
    number: int | None = None  # the author's own number on a numbered line
    new_paragraph: bool = True  # a blank line (or a keyword line) came before this one


@dataclass(slots=True)
class Near:
    """A line that looks like a keyword but is not one: the lexer's own findings."""

    kind: str  # "section" or "field"
    written: str
    suggestion: Keyword
    span: Span


@dataclass(slots=True)
class LexResult:
    tokens: list[LineToken] = field(default_factory=list)
    near_misses: list[Near] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Spelling:
    word: str
    keyword: Keyword


FIRST_WORD = re.compile(r"[^\s:]+")


def _first_word(text: str) -> str:
    found = FIRST_WORD.match(text)
    return found.group(0).lower().rstrip(".") if found else ""


@lru_cache(maxsize=1)
def _spellings() -> dict[str, tuple[_Spelling, ...]]:
    """Every spelling of every keyword by its first word, longest first, so 'einde ronde' wins
    over 'ronde'. Looking up a line's first word keeps the lexer fast on long files."""
    found = [_Spelling(word, kw) for kw in KEYWORDS for words in kw.words.values() for word in words]
    index: dict[str, list[_Spelling]] = {}
    for spelling in sorted(found, key=lambda s: -len(s.word)):
        index.setdefault(_first_word(spelling.word), []).append(spelling)
    return {word: tuple(spellings) for word, spellings in index.items()}


def lex(text: str) -> LexResult:
    result = LexResult()
    blank_before, in_list = True, False
    # A field's continuation lines are gathered here and joined once at the end: joining as we
    # go would copy the text again for every line, and a 10,000-line paragraph would crawl.
    extra_lines: dict[int, list[LineToken]] = {}
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # every line ending counts as one, as editors show it
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if not stripped:
            blank_before = True
            continue
        if stripped.startswith("#"):
            continue  # a comment; it does not end a paragraph
        token = _classify(stripped, number, indent + 1, in_list, result.near_misses)
        previous = result.tokens[-1] if result.tokens else None
        if token.terminal == "PROSE" and not blank_before and previous and _continues(previous, in_list):
            extra_lines.setdefault(len(result.tokens) - 1, []).append(token)
        elif token.terminal == "PROSE" and not blank_before:
            result.tokens.append(replace(token, new_paragraph=False))
        else:
            result.tokens.append(token)
        if token.terminal in LIST_SECTIONS:
            in_list = True
        elif token.terminal in STEP_SECTIONS:
            in_list = False
        blank_before = False
    for index, lines in extra_lines.items():
        result.tokens[index] = _join(result.tokens[index], lines)
    return result


def _continues(previous: LineToken, in_list: bool) -> bool:
    """Whether a prose line right below `previous` belongs to it rather than to the step body."""
    if previous.terminal in ("BULLET",) or (previous.terminal == "NUMBERED" and in_list):
        return True
    keyword = by_terminal().get(previous.terminal)
    return bool(keyword and keyword.continues)


def _join(first: LineToken, rest: list[LineToken]) -> LineToken:
    last = rest[-1].span
    span = Span(first.span.line, first.span.column, last.end_line, last.end_column)
    return replace(first, text="\n".join([first.text, *(token.text for token in rest)]), span=span)


def _classify(stripped: str, line: int, column: int, in_list: bool, near: list[Near]) -> LineToken:
    end = Span(line, column, line, column + len(stripped))
    if stripped.startswith("\\"):
        # A backslash makes a line plain text, even when it starts with a keyword.
        return LineToken("PROSE", "", stripped[1:], end, column + 1)
    keyword_token = _match_keyword(stripped, end, column)
    if keyword_token:
        return keyword_token
    numbered = NUMBERED.match(stripped)
    if numbered:
        return LineToken("NUMBERED", "", stripped[numbered.end():], end, column + numbered.end(), int(numbered.group(1) or numbered.group(2)))
    bullet = BULLET.match(stripped)
    if bullet:
        return LineToken("BULLET", "", stripped[bullet.end():], end, column + bullet.end())
    section = _near_section(stripped)
    if section:
        # Read a misspelt heading as the heading it resembles, so one slip gives one message.
        near.append(Near("section", stripped.rstrip(":").strip(), section, end))
        return LineToken(section.terminal, stripped.rstrip(":").strip(), "", end, column)
    _note_near_field(stripped, end, near)
    return LineToken("PROSE", "", stripped, end, column)


def _match_keyword(stripped: str, span: Span, column: int) -> LineToken | None:
    lowered = stripped.lower()
    candidates: list[LineToken] = []
    for spelling in _spellings().get(_first_word(stripped), ()):
        word = spelling.word
        if not lowered.startswith(word):
            continue
        rest = stripped[len(word):]
        token = _shape_match(spelling.keyword, stripped[: len(word)], rest, span, column + len(word))
        if token:
            candidates.append(token)
    if not candidates:
        return None
    # 'vragen: naam' is a reference, 'VRAGEN naam: titel' a question list: a colon right after
    # the word makes a field.
    return min(candidates, key=lambda t: (_rank(t), -len(t.label)))


def _rank(token: LineToken) -> int:
    return 0 if by_terminal()[token.terminal].shape is Shape.FIELD else 1


def _shape_match(keyword: Keyword, written: str, rest: str, span: Span, rest_column: int) -> LineToken | None:
    shape = keyword.shape
    after = rest.lstrip()
    gap = len(rest) - len(after)
    if rest and not (rest[0].isspace() or rest[0] in ":."):
        return None  # 'stappen' is not 'stap'
    if shape is Shape.FIELD:
        if written.endswith(".") and gap and after:
            return LineToken(keyword.terminal, written, after, span, rest_column + gap)
        if not after.startswith(":"):
            return None
        value = after[1:].lstrip()
        return LineToken(keyword.terminal, written, value, span, rest_column + len(rest) - len(value))
    if shape is Shape.SECTION:
        if rest.strip(" :") == "":
            return LineToken(keyword.terminal, written, "", span, rest_column)
        return None
    if shape is Shape.SECTION_WITH_TEXT:
        if after.startswith(":") and keyword.terminal == "QUESTIONS":
            return None  # that is the field 'vragen:'
        value = after.lstrip(":").strip()
        if not value:
            return None
        return LineToken(keyword.terminal, written, value, span, rest_column + len(rest) - len(after.lstrip(":").lstrip()))
    # Shape.LEAD: 'stap Opening', 'stap: Opening', 'Stap 3. Opening', 'WERKVORM 2: titel'
    lead = re.match(r"^\s*(?:\d{1,3}\s*)?[:.]?\s*", rest)
    value = rest[lead.end():]
    if keyword.terminal == "TITLE" and not (":" in rest[:5] or written.isupper()):
        return None  # 'Werkvorm en inhoud …' in prose is not a title; 'WERKVORM x' and 'werkvorm: x' are
    return LineToken(keyword.terminal, written, value, span, rest_column + lead.end())


def _near_section(stripped: str) -> Keyword | None:
    candidate = stripped.rstrip(":").strip()
    if not SECTION_LIKE.match(stripped) or len(candidate.split()) > 2:
        return None
    import difflib  # only for the few lines that look like a heading

    section_words = {w: kw for kw in KEYWORDS if kw.shape is Shape.SECTION for ws in kw.words.values() for w in ws}
    match = difflib.get_close_matches(candidate.lower(), section_words, n=1, cutoff=0.8)
    return section_words[match[0]] if match else None


def _note_near_field(stripped: str, span: Span, near: list[Near]) -> None:
    found = FIELD_LIKE.match(stripped)
    if not found:
        return
    written = found.group(1)
    import difflib

    field_words = {w: kw for kw in KEYWORDS if kw.shape is Shape.FIELD for ws in kw.words.values() for w in ws}
    match = difflib.get_close_matches(written.lower(), field_words, n=1, cutoff=0.8)
    if match:
        near.append(Near("field", written, field_words[match[0]], Span(span.line, span.column, span.line, span.column + len(written))))
