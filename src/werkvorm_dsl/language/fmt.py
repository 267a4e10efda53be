"""The formatter: lays a werkvorm out canonically, keeping every word and every comment.

It lays out the lexer's own lines (the same classification, the same structure rule), and it
lexes what it writes as it goes: where a line would be read differently in its new place, it
puts a blank line above it. It only changes what carries no meaning: indentation, the case of
keywords, spaces around a colon, runs of blank lines, odd line breaks and invisible characters.
Where the lexer asked the author how a line is meant (W111), the layout keeps the question open:
the line keeps the spelling and the place that raised it. As a last guard it compares what it
wrote with what it read, and keeps the original if they differ in any token.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from werkvorm_dsl.language.diagnostics import Diagnostic
from werkvorm_dsl.language.folding import fold
from werkvorm_dsl.language.keywords import Shape, by_terminal
from werkvorm_dsl.language.lexer import LIST_SECTIONS, STEP_SECTIONS, Lexer, LineToken, lex
from werkvorm_dsl.language.sentence_lines import sentence_tokens
from werkvorm_dsl.language.values import GROUP_SIZE_WORDS

INDENT = "    "
OPENERS = {"ROUND", "GROUPS", "BOX", "CHOICE"}
NOTE_LIKE = {"NOTE"}


class UnsafeLayout(Exception):
    """The new layout would read differently; the file is better left as it is."""


# Errors in a value (E2xx) or in the time (E4xx) leave every line read as the author meant it,
# so fmt lays such a file out: an overrun the author documents must not keep it from a tidy
# layout. Any other error is about the file or its structure (a heading, step or block where it
# cannot stand, a block that does not close), and then the layout, which shows the structure by
# its indentation, would show what the author did not mean. docs/taalgids.md lists the codes.
VALUE_OR_TIME_ERROR = re.compile(r"E[24]\d\d")
STRUCTURE_ERRORS_AMONG_VALUES = frozenset({"E214", "E217", "E218"})  # a heading twice, blocks too deep or crossed


def errors_that_stop_fmt(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The errors for which fmt leaves a file as it is: all but those in values and time."""
    return [
        d
        for d in diagnostics
        if d.is_error and (not VALUE_OR_TIME_ERROR.fullmatch(d.code) or d.code in STRUCTURE_ERRORS_AMONG_VALUES)
    ]


def format_text(text: str) -> str:
    """The canonical layout of `text`; formatting it again changes nothing. Raises UnsafeLayout
    rather than return a layout in which any token differs from what the author wrote, or in
    which the lexer says something else about any line (W111 above all)."""
    formatted = layout(text)
    if _reading(text) != _reading(formatted):
        raise UnsafeLayout()
    return formatted


def layout(text: str) -> str:
    """The canonical layout, without the last guard (the tests hold it to never need that)."""
    writer = _Writer()
    read = lex(text, keep_lines=True)
    asked = {(notice.span.line, notice.span.column) for notice in read.notices if notice.code == "W111"}
    sentences = {(token.span.line, token.span.column) for token in sentence_tokens(text, read)}
    for line in read.lines:
        if line.kind == "blank":
            writer.pending_blank()
        elif line.kind == "comment":
            writer.pending_comment(line.text)
        elif line.kind == "more":
            writer.more(line.text)
        else:
            assert line.token is not None, "the lexer gives every token line its token"
            where = (line.token.span.line, line.token.span.column)
            writer.token(line.token, line.text, where in asked, where in sentences)
    return writer.result()


# What fmt is there to clean up: an odd line break becomes a plain one, a control character goes.
CLEANED_UP = frozenset({"W112", "W114"})


def _reading(text: str) -> tuple[list, list]:
    """What fmt must keep: every token with its nesting depth, and what the lexer says about the
    lines (W111, W113, E120, E121), each placed by the token it is on or under."""
    read = lex(text)
    tokens = [
        (t.terminal, fold(t.label).lower(), t.text, t.number, t.new_paragraph, depth)  # fmt writes labels plain
        for t, depth in zip(read.tokens, nesting_depths(read.tokens))
    ]
    starts = [(t.span.line, t.span.column) for t in read.tokens]
    said = [
        (notice.code, bisect_right(starts, (notice.span.line, notice.span.column)) - 1)
        for notice in read.notices
        if notice.code not in CLEANED_UP
    ]
    return tokens, sorted(said)


def nesting_depths(tokens: list[LineToken]) -> list[int]:
    """How many blocks each token is inside, by the builder's rule: an opener closes the open
    blocks indented as far or further, EINDE closes the innermost, a section heading all."""
    open_indents: list[int] = []
    open_kinds: list[str] = []
    depths = []
    for token in tokens:
        if token.terminal in STEP_SECTIONS | LIST_SECTIONS:
            open_indents.clear()
            open_kinds.clear()
        elif token.terminal in OPENERS:
            while open_indents and open_indents[-1] >= token.indent:
                open_indents.pop()
                open_kinds.pop()
            depths.append(len(open_indents))
            open_indents.append(token.indent)
            open_kinds.append(token.terminal)
            continue
        elif token.terminal == "WAY" and "CHOICE" in open_kinds:  # BIJ closes the blocks of the way before it
            while open_kinds[-1] != "CHOICE":
                open_indents.pop()
                open_kinds.pop()
        elif token.terminal == "BLOCK_END" and open_indents:
            open_indents.pop()
            open_kinds.pop()
            depths.append(len(open_indents))
            continue
        depths.append(len(open_indents))
    return depths


@dataclass
class _Writer:
    """The formatted lines so far, and what the lines above leave open."""

    out: list[str] = field(default_factory=list)
    shadow: Lexer = field(default_factory=Lexer)  # reads the output as lex() will
    section: str | None = None  # the terminal of the current section, None in the header
    in_step: bool = False
    in_round_intro: bool = False
    open_indents: list[int] = field(
        default_factory=list
    )  # the source indents of the open blocks, as the builder nests them
    open_kinds: list[str] = field(default_factory=list)  # their openers' terminals, beside them
    token_indent: str = ""  # the indent of the last token line, for its continuation lines
    last_terminal: str = ""  # the terminal of the last token line
    waiting: list[str | None] = field(default_factory=list)  # comments (and None for a blank) not yet written

    def pending_blank(self) -> None:
        if self.waiting[-1:] != [None]:
            self.waiting.append(None)

    def pending_comment(self, comment: str) -> None:
        self.waiting.append(comment)

    def more(self, text: str) -> None:
        # the question under '2e keer: Wat dan?' one step in, as the guide writes it; other text runs on
        indent = self.token_indent + (INDENT if self.last_terminal == "TIME_PROMPT" else "  ")
        self.flush(indent, gap=False)
        self.emit(indent + text)

    def token(self, token: LineToken, written: str, asked: bool, sentence: bool = False) -> None:
        """Lay out one token line. `asked`: the lexer warned on it (W111) that it may be read
        either way; the layout keeps that question open rather than answer it for the author.
        `sentence`: a keyword line that reads as a sentence (W119), kept as written for the same reason."""
        indent, laid = self.layout(token, written)
        if sentence:
            laid = written  # a keyword line shaped like a sentence (W119): the author decides, not fmt
        self.flush(indent, gap=_wants_gap(token) and not asked)
        line = self.choose(token, asked, self.candidates(token, indent, laid, written))
        self.emit(line.rstrip())
        self.token_indent = line[: len(line) - len(line.lstrip())]
        self.last_terminal = token.terminal

    def candidates(self, token: LineToken, indent: str, laid: str, written: str) -> list[str]:
        """Layouts of one line, the canonical one first: the keyword as the author spelled it
        (its case decides how a line under a sentence is read), a colon after the keyword ('stap:
        3. Opening' keeps a title that starts with a number), and each of those at the indent of
        the line above, where a smaller indent would start a new paragraph."""
        texts = [laid, written, _with_colon(token), f"{token.label} {token.text}".strip()]
        indents = [indent]
        if self.out and self.out[-1] != "" and self.shadow.previous_indent > len(indent):
            indents.append(" " * self.shadow.previous_indent)
        found: list[str] = []
        for where in indents:
            for text in texts:
                if text and where + text not in found:
                    found.append(where + text)
        return found

    def choose(self, token: LineToken, asked: bool, candidates: list[str]) -> str:
        """The first layout that the shadow lexer reads as `token`, with W111 where the original
        had it and nowhere else; failing that, the first below a blank line (which starts a
        paragraph, so asks nothing), then the first that at least keeps the meaning."""
        wanted = (token.terminal, token.text, token.number)
        for line in candidates:
            if self.shadow.peek(line) == (*wanted, asked):
                return line
        if self.out and self.out[-1] != "" and not asked:
            self.emit("")
            for line in candidates:
                if self.shadow.peek(line) == (*wanted, False):
                    return line
        for line in candidates:
            if self.shadow.peek(line)[:3] == wanted:
                return line
        return candidates[0]  # format_text's guard then keeps the original file as it was

    def flush(self, indent: str, gap: bool) -> None:
        """Write the waiting comments (and blank lines) above the line that follows them."""
        waiting, self.waiting = self.waiting, []
        if gap and waiting[:1] != [None]:
            waiting.insert(0, None)
        for item in waiting:
            if item is None:
                if self.out and self.out[-1] != "":
                    self.emit("")
            else:
                self.emit(indent + item)

    def emit(self, line: str) -> None:
        self.out.append(line)
        self.shadow.feed(line)

    def base(self) -> str:
        """The indent of a block's own lines: none at the top, one step in per block inside a block."""
        return INDENT * max(0, len(self.open_indents) - 1)

    def result(self) -> str:
        self.flush(self.base() + (INDENT if self.in_step or self.in_round_intro else ""), gap=False)
        while self.out and self.out[-1] == "":
            self.out.pop()
        while self.out and self.out[0] == "":
            self.out.pop(0)
        return "\n".join(self.out) + "\n" if self.out else ""

    def layout(self, token: LineToken, written: str) -> tuple[str, str]:
        """The indentation and canonical text of one line; updates where we are in the file."""
        terminal = token.terminal
        if terminal in STEP_SECTIONS | LIST_SECTIONS | {"VARIANT"}:
            self.section, self.in_step, self.in_round_intro = terminal, False, False
            self.open_indents.clear()
            self.open_kinds.clear()
            return "", _heading(token)
        if terminal in OPENERS:
            while self.open_indents and self.open_indents[-1] >= token.indent:
                self.open_indents.pop()
                self.open_kinds.pop()
            self.open_indents.append(token.indent)
            self.open_kinds.append(terminal)
            self.in_step, self.in_round_intro = False, True
            return self.base(), _heading(token)
        if terminal == "WAY":  # 'BIJ …' stands where its KEUZE's parts stand, and closes the way before it
            while "CHOICE" in self.open_kinds and self.open_kinds[-1] != "CHOICE":
                self.open_indents.pop()
                self.open_kinds.pop()
            self.in_step, self.in_round_intro = False, True
            return self.base(), _heading(token)
        if terminal == "BLOCK_END":
            indent = self.base()
            if self.open_indents:
                self.open_indents.pop()
                self.open_kinds.pop()
            self.in_step, self.in_round_intro = False, False
            return indent, _heading(token)
        if terminal == "PAUSE":
            self.in_step, self.in_round_intro = False, True
            return self.base(), _heading(token)
        # 'stap' is a step wherever it stands (outside VOORBEREIDING or SESSIE it is E102, and
        # fmt is not run then, but the layout must not fail on it); '1.' only in a step section.
        if terminal == "STEP" or (terminal == "NUMBERED" and self.section in STEP_SECTIONS):
            self.in_step, self.in_round_intro = True, False
            return self.base(), _lead(token)
        if terminal == "TITLE":
            return "", _lead(token)
        indent = self.base() + (INDENT if self.in_step or self.in_round_intro else "")
        if terminal == "VARIANT_CHANGE":
            return indent, _lead(token)
        if terminal == "PROSE":
            return indent, written  # prose as written, a leading backslash included
        if terminal == "NUMBERED":
            return indent, f"{token.number}. {token.text}"
        if terminal == "BULLET" and token.number is not None:
            return indent, f"{token.number}. {token.text}"  # a numbered item under a step
        if terminal == "BULLET":
            return indent, f"- {token.text}"
        return indent, _field(token)


def _wants_gap(token: LineToken) -> bool:
    """Sections and rounds stand apart; a blank line before them changes no meaning."""
    return token.terminal in STEP_SECTIONS | LIST_SECTIONS | OPENERS | {"PAUSE", "VARIANT", "WAY"}


def _heading(token: LineToken) -> str:
    label = _plain(token.label).upper()
    if token.text and token.terminal == "GROUPS" and label.lower() in GROUP_SIZE_WORDS:
        # 'TWEETALLEN: met je buurman' keeps its colon: without it the description reads as
        # part of the keyword ('VIERTALLEN twee tweetallen bij elkaar').
        return f"{label}: {token.text}"
    return f"{label} {token.text}".rstrip()


def _lead(token: LineToken) -> str:
    if token.terminal == "NUMBERED":
        return f"{token.number}. {token.text}"
    label = _plain(token.label)
    if token.terminal == "TITLE":
        if label.lower() in ("werkvorm", "format"):
            return f"{label.upper()} {token.text}".rstrip()
        return f"{label.lower()}: {token.text}".rstrip()
    number = f" {token.number}." if token.number is not None else ""
    return f"{label.lower()}{number} {token.text}".rstrip()


def _with_colon(token: LineToken) -> str:
    """'stap: 3. Opening' keeps a title that starts with a number as the title."""
    if token.terminal in ("STEP", "TITLE"):
        return f"{_plain(token.label).lower()}: {token.text}".rstrip()
    return ""


def _field(token: LineToken) -> str:
    keyword = by_terminal()[token.terminal]
    label = _plain(token.label)
    spellings = {word for words in keyword.words.values() for word in words}
    if token.terminal in NOTE_LIKE:
        label = label.upper()
    elif label.lower() in spellings:
        label = label.lower()
    # else a label in the author's own words ('Alleen voor de begeleider'): kept as written
    assert keyword.shape is Shape.FIELD
    separator = "" if label.endswith(".") else ":"
    return f"{label}{separator} {token.text}".rstrip()


def _plain(label: str) -> str:
    """A keyword as typed, with full-width letters and look-alike colons made plain."""
    return fold(label)
