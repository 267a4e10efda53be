"""The lexer: classifies each line by the keyword table and joins a field's continuation lines.

How a line becomes structure (docs/taalgids.md, "Wanneer is een regel structuur?"):
a keyword counts at the start of a paragraph. A line that continues a paragraph (the line above
is prose, a list item or a field that runs on, with no blank line between and no smaller indent)
stays prose, unless its keyword is written in capitals, or it is a field (`duur: …`) or a list
item after a finished sentence, or it is facilitator text (which is never shown to participants,
so doubt is resolved towards hiding it). Where a line could have been read the other way, the
lexer leaves a notice (W111) that says which reading it took and how to choose the other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import field, replace
from functools import lru_cache
from typing import NamedTuple

from werkvorm_dsl.language.facilitator_labels import facilitator_label_at, hidden_label, may_end_label, may_hold_label
from werkvorm_dsl.language.folding import BREAK_NAMES, CONTROLS, composed, fold, normal_line, physical_pieces
from werkvorm_dsl.language.keywords import KEYWORDS, Keyword, Shape, by_terminal
from werkvorm_dsl.language.nodes import Span
from werkvorm_dsl.language.word_tree import word_tree
from werkvorm_dsl.system.records import mutable_record, record

ITEM_MARKS = "-*•–"  # a bullet, or a numbered item written as one ('- 3. …')
NUMBERED = re.compile(r"^(?:[-*•–]\s+(\d{1,3})[.)]?|(\d{1,3})[.)])\s+(?=\S)")
BULLET = re.compile(r"^[-*•–]\s+(?=\S)")
SECTION_LIKE = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ.\- ]{1,30}:?$")
SECTION_LIKE_LENGTH = 32  # the longest line SECTION_LIKE matches
FIELD_LIKE = re.compile(r"^([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ.\-]*(?: [A-Za-zÀ-ÿ.\-]+){0,2})\s*:\s*\S")
LIST_SECTIONS = {"SUGGESTIONS", "OPTIONAL", "QUESTIONS"}
STEP_SECTIONS = {"PREPARATION", "SESSION"}
# lines that open, close or are a session part
BLOCK_TERMINALS = {"ROUND", "GROUPS", "BOX", "BLOCK_END", "PAUSE", "CHOICE", "WAY"}
ITEM_TERMINALS = {"BULLET", "NUMBERED"}
OUTSIDE_STEP = STEP_SECTIONS | LIST_SECTIONS | BLOCK_TERMINALS  # lines after which no step is open

TAB_WIDTH = 4
SENTENCE_ENDS = set(".!?:;…")  # a line that ends with one of these (before closing quotes) ends a sentence
CLOSERS = "\"'”’)]*_"
COMMENT_WORD = re.compile(r"#[^\s#]")


@mutable_record  # not frozen: made ten thousand times per file, and frozen init costs twice as much
class LineToken:
    """One logical line: its terminal, the keyword as written, and the text after it."""

    terminal: str
    label: str  # the keyword as the author spelled it; empty for prose, bullets and numbers
    text: str
    span: Span
    value_column: int  # where `text` starts on the first line, for carets under a value
    number: int | None = None  # the author's own number on a numbered line or step
    new_paragraph: bool = True  # a blank line (or a keyword line) came before this one
    indent: int = 0  # set on the lines that open a block: its nesting follows the indentation


@mutable_record
class Near:
    """A line that looks like a keyword but is not one: the lexer's own findings."""

    kind: str  # "section" or "field"
    written: str
    suggestion: Keyword
    span: Span


@record
class Notice:
    """Something the lexer decided that the author should hear about (W111-W114, E120)."""

    code: str
    span: Span
    message: str
    hint: str

    @property
    def is_error(self) -> bool:
        return self.code.startswith("E")


@record
class Line:
    """One line as the formatter sees it: what the lexer made of it, and where it stood."""

    kind: str  # "blank", "comment", "token" (starts a token) or "more" (continues the token above)
    text: str  # the line without its indent, normalised
    indent: int
    token: LineToken | None = None  # for "token": the token this line starts


@mutable_record  # not frozen, as LineToken: made for most keyword lines, and frozen init costs twice as much
class Context:
    """What a line follows: enough to decide whether a keyword on it is structure."""

    continuing: bool  # no blank line above, and the line above is text that may run on
    sentence_end: bool  # the line above ends a sentence (. ! ? : ; …)
    colon_end: bool  # it ends with a colon, as a line does before a list
    previous: str  # the terminal of the token the line above belongs to ("PROSE", "EXAMPLE", "BULLET" …)
    in_item: bool  # the line above belongs to a list item
    above: str  # the line above, as written
    indent: int  # this line's indent, as an editor shows it
    item_indent: int  # that item's indent


NEW_PARAGRAPH = Context(False, True, False, "", False, "", 0, 0)
STEP_TEXT_FIELDS = {"EXAMPLE", "TEASER", "NOTE", "ATTACHMENT"}  # text fields under a step, shown to participants


@mutable_record
class LexResult:
    """What the lexer made of a text: its tokens, near misses and notices."""

    tokens: list[LineToken] = field(default_factory=list)
    near_misses: list[Near] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # filled only when asked for (by fmt)


FIRST_WORD = re.compile(r"[^\s:,(]+")  # a comma or bracket right after a word ends it: "TWEETALLEN, als er tijd is"


def _first_word(text: str) -> str:
    found = FIRST_WORD.match(text)
    return found.group(0).lower().rstrip(".") if found else ""


class _Spelling(NamedTuple):
    """One spelling of a keyword, with what the per-line path needs of it at hand."""

    word: str  # in lower case
    size: int
    keyword: Keyword
    match: ShapeMatch  # reads the rest of the line after the word, as the keyword's shape says


def _spellings() -> dict[str, tuple[_Spelling, ...]]:
    """Every spelling of every keyword by its first word, longest first, so 'einde ronde' wins
    over 'ronde'. Looking up a line's first word keeps the lexer fast on long files."""
    found = [
        _Spelling(word, len(word), kw, _shape_matcher(kw))
        for kw in KEYWORDS
        for words in kw.words.values()
        for word in words
    ]
    index: dict[str, list[_Spelling]] = {}
    for spelling in sorted(found, key=lambda s: -len(s.word)):
        index.setdefault(_first_word(spelling.word), []).append(spelling)
    return {word: tuple(spellings) for word, spellings in index.items()}


def lex(text: str, keep_lines: bool = False) -> LexResult:
    return Lexer(keep_lines).run(text)


class Lexer:
    """Reads lines in order, remembering just enough of the line above to decide the next."""

    def __init__(self, keep_lines: bool = False):
        self.result = LexResult()
        self.keep_lines = keep_lines
        self.blank_before, self.in_list = True, False
        self.previous_text, self.previous_indent = "", 0
        self.item_indent: int | None = None  # the indent of the list item whose text we are in
        self.step_indent: int | None = None  # the indent of the step we are in, None outside a step
        self.at_once = False  # the token above is 'tegelijk:' or one of its points
        self.hint: bool | None = None  # whether the line being read holds a role word; None: not looked yet
        self.stripped = self.lowered = ""  # the line being read, without its indent, and in lower case
        # A field's continuation lines are gathered here and joined once at the end: joining as
        # we go would copy the text again for every line, and a 10,000-line paragraph would crawl.
        self.extra_lines: dict[int, list[LineToken]] = {}

    def run(self, text: str) -> LexResult:
        """Read a whole text, normalised as it goes (see folding.normalise), line by line."""
        line = self.line
        for number, raw in enumerate(composed(text).split("\n"), start=1):
            if not raw and not self.keep_lines:  # an empty line: only that a paragraph ends here
                self.blank_before = True
                continue
            if raw.isascii() and raw.isprintable():  # nearly every line: as it is, told in two quick looks
                line(number, 0, raw.rstrip())
                continue
            raw, odd_or_control = normal_line(raw)
            if odd_or_control:
                self.odd_line(number, raw)
            else:
                line(number, 0, raw.rstrip())
        return self.finish()

    def odd_line(self, number: int, raw: str) -> None:
        """A line with an odd line break (read as several lines, W112) or a control character
        (dropped, W114) in it."""
        for offset, piece, odd_break in physical_pieces(raw):
            if odd_break:
                self.notice(
                    "W112",
                    Span(number, offset, number, offset + 1),
                    f"Hier staat {BREAK_NAMES.get(odd_break, 'een ongewoon regeleinde')}; "
                    "ik lees de tekst erna als een nieuwe regel.",
                    "Vervang het door een gewone Enter; werkvorm fmt doet dat voor u.",
                )
            control = CONTROLS.search(piece)
            if control:
                column = offset + control.start() + 1
                self.notice(
                    "W114",
                    Span(number, column, number, column + 1),
                    f"Hier staat een onzichtbaar stuurteken (U+{ord(control.group(0)):04X}); ik laat het weg.",
                    "Haal het weg in uw editor; werkvorm fmt doet dat voor u.",
                )
                piece = CONTROLS.sub("", piece)
            self.line(number, offset, piece.rstrip())

    def finish(self) -> LexResult:
        """After the last line: continuation lines joined to their token, and empty labels reported."""
        for index, lines in self.extra_lines.items():
            self.result.tokens[index] = _join(self.result.tokens[index], lines)
        for token in self.result.tokens:
            if token.terminal == "FACILITATOR" and not token.text.strip():
                self.notice(
                    "E121",
                    token.span,
                    f"Hier staat '{token.label}' zonder tekst erachter.",
                    "Zet de tekst voor de begeleider achter de dubbele punt, of op de regels direct "
                    "eronder, zonder lege regel ertussen: tekst na een lege regel is voor iedereen.",
                )
        return self.result

    def line(self, number: int, offset: int, line: str) -> None:
        """Take in one line (without its line break and trailing spaces). The common line, prose or
        a keyword at the start of a paragraph, takes the short way: one classification, no context."""
        stripped = line.lstrip()
        if not stripped:
            self.blank_before = True
            if self.keep_lines:
                self.result.lines.append(Line("blank", "", 0))
            return
        lead = len(line) - len(stripped)
        # The indent as an editor shows it: a tab under four spaces is no smaller indent.
        indent = len(line[:lead].expandtabs(TAB_WIDTH)) if "\t" in line else lead
        if stripped[0] == "#":
            self.comment(number, offset, line, stripped, indent)
            return  # a comment; it does not end a paragraph
        lowered = stripped.lower()
        self.hint, self.stripped, self.lowered = None, stripped, lowered  # the hint: looked at when needed
        candidate = _classify(stripped, number, offset + lead + 1, self.result.near_misses, self.line_hint, lowered)
        if candidate.terminal != "PROSE":  # prose needs no decision
            if candidate.terminal == "NUMBERED":
                candidate = self.item_under_step(candidate, indent)
            # At the start of a paragraph (after a blank line or a smaller indent) a keyword is
            # always structure; only a line that may continue the one above needs a decision.
            if not (self.blank_before or indent < self.previous_indent):
                context = self.context(indent)
                if context is not NEW_PARAGRAPH:
                    candidate = self.decide(candidate, context, stripped)
        self.place(candidate, stripped, indent)
        self.previous_text, self.previous_indent = stripped, indent
        self.blank_before = False

    def line_hint(self) -> bool:
        """Whether the line being read holds a role word ('begeleider' …), so that a label may be in
        it. One look per line at most, and none for a line that no label check needs it for."""
        if self.hint is None:
            self.hint = may_hold_label(self.stripped, self.lowered)
        return self.hint

    def label_may_hide_in(self, text: str) -> bool:
        """Whether a facilitator label may stand in `text` of the line being read: only where a
        separator could end it, and the line holds a role word (the cheaper look first, unless
        the line was looked at for a role word already)."""
        if self.hint is not None:
            return self.hint and may_end_label(text)
        return may_end_label(text) and self.line_hint()

    def comment(self, number: int, offset: int, line: str, stripped: str, indent: int) -> None:
        """A line that starts with #: no text, but an author may have meant a heading or prose by it."""
        heading = stripped.lstrip("#").strip()
        label = facilitator_label_at(heading, 0, whole_line=True) if heading and may_hold_label(heading) else None
        if label is not None and not heading[label[1] :].strip(" *_"):  # '### Voor de begeleider' and no more
            start = offset + len(line) - len(stripped) + 1
            self.notice(
                "E120",
                Span(number, start, number, start + len(stripped)),
                f"'{heading}' staat in een commentaarregel, en commentaar is geen kopje: de tekst eronder "
                "is voor iedereen en komt op de hand-out en de kaarten.",
                "Schrijf 'begeleider:' (zonder #) vooraan de regel, met de tekst erachter of direct eronder.",
            )
        elif self.runs_on() and COMMENT_WORD.match(stripped):
            start = offset + len(line) - len(stripped) + 1
            self.notice(
                "W113",
                Span(number, start, number, start + 1),
                "Deze regel begint met # en is daarom commentaar: hij komt in geen enkel stuk.",
                "Hoort hij bij de tekst erboven, zet dan een \\ voor het #-teken.",
            )
        self.keep("comment", stripped, indent)

    def item_under_step(self, token: LineToken, indent: int) -> LineToken:
        """A numbered line indented under a step is an item of that step's list, not a new step."""
        if token.terminal == "NUMBERED" and self.step_indent is not None and indent > self.step_indent:
            token.terminal = "BULLET"  # a token _classify just made: changing it costs less than a copy
        return token

    def runs_on(self) -> bool:
        """Whether the line above is text that a line right below it could continue."""
        tokens = self.result.tokens
        return (
            not self.blank_before
            and bool(tokens)
            and (tokens[-1].terminal == "PROSE" or _continues(tokens[-1], self.in_list))
        )

    def context(self, indent: int) -> Context:
        """What this line follows; NEW_PARAGRAPH itself (no new object) where it starts a paragraph."""
        tokens = self.result.tokens
        if self.blank_before or not tokens or indent < self.previous_indent:
            return NEW_PARAGRAPH
        previous = tokens[-1].terminal
        if not (previous == "PROSE" or _runs_on_below(previous, self.in_list)):
            return NEW_PARAGRAPH
        item_indent = self.item_indent
        last = self.previous_text.rstrip(CLOSERS)[-1:]
        return Context(
            True,
            last in SENTENCE_ENDS,
            last == ":",
            previous,
            item_indent is not None,
            self.previous_text,
            indent,
            item_indent if item_indent is not None else 0,
        )

    def decide(self, candidate: LineToken, context: Context, stripped: str) -> LineToken:
        structure, say_so = reading_of_line(candidate, context, stripped)
        if structure and say_so and candidate.terminal == "FACILITATOR":
            self.notice(
                "W111",
                candidate.span,
                "Deze regel staat direct onder gewone tekst, zonder lege regel "
                f"ertussen, maar begint met '{candidate.label}'; daarom lees ik hem als tekst alleen voor de "
                "begeleider.",
                "Is dat zo bedoeld, zet er dan een lege regel boven. Is het tekst voor "
                f"iedereen, schrijf dan '{candidate.label}\\:'.",
            )
            return candidate
        if structure:
            if say_so:
                self.notice(
                    "W111",
                    candidate.span,
                    _structure_message(candidate),
                    "Is dat zo bedoeld, zet er dan een lege regel boven; dan verdwijnt deze melding. "
                    "Is het gewone tekst die doorloopt, zet er dan een \\ voor.",
                )
            return candidate
        near = self.result.near_misses
        if near and near[-1].span == candidate.span and near[-1].kind == "section":
            near.pop()  # a word in running text, not a misspelt heading
        if say_so and context.previous == "FACILITATOR":
            self.notice(
                "W111",
                candidate.span,
                f"Deze regel begint met {_start_of(candidate)}, maar staat direct onder "
                "tekst voor de begeleider; ik lees hem als een deel daarvan (niet voor deelnemers).",
                f"Bedoelt u {_describe(candidate)} voor iedereen? Zet er dan een lege regel boven.",
            )
        elif say_so:
            self.notice(
                "W111",
                candidate.span,
                _prose_message(candidate),
                f"Bedoelt u {_describe(candidate)}? Zet er dan een lege regel boven. "
                "Is het gewone tekst, zet er dan een \\ voor; dan verdwijnt deze melding.",
            )
        return LineToken("PROSE", "", stripped, candidate.span, candidate.span.column)

    def place(self, token: LineToken, stripped: str, indent: int) -> None:
        tokens = self.result.tokens
        terminal = token.terminal
        if terminal == "PROSE" and not self.blank_before and tokens:
            previous = tokens[-1].terminal
            if _runs_on_below(previous, self.in_list):
                if previous != "FACILITATOR" and self.label_may_hide_in(token.text):
                    _hidden_label_check(token, stripped, self.result.notices, self.step_indent is not None)
                self.extra_lines.setdefault(len(tokens) - 1, []).append(token)
                if self.keep_lines:
                    self.keep("more", stripped, indent)
                return  # still inside the same item, if any
            if previous == "PROSE":
                token.new_paragraph = False  # a paragraph runs on over prose lines only
        elif indent and terminal in BLOCK_TERMINALS:
            token.indent = indent
        # Under 'tegelijk:', '- begeleider: let op de tijd' is the facilitator's task, for everyone to read.
        self.at_once = terminal == "AT_ONCE" or (self.at_once and terminal == "BULLET")
        if terminal != "FACILITATOR" and not self.at_once and self.label_may_hide_in(token.text):
            _hidden_label_check(token, stripped, self.result.notices, self.step_indent is not None)
        tokens.append(token)
        if self.keep_lines:
            self.keep("token", stripped, indent, token)
        in_list = self.in_list
        self.item_indent = indent if terminal == "BULLET" or (terminal == "NUMBERED" and in_list) else None
        if terminal in LIST_SECTIONS:
            self.in_list = in_list = True
        elif terminal in STEP_SECTIONS:
            self.in_list = in_list = False
        if terminal == "STEP" or (terminal == "NUMBERED" and not in_list):
            self.step_indent = indent
        elif terminal in OUTSIDE_STEP:
            self.step_indent = None

    def peek(self, line: str) -> tuple[str, str, int | None, bool]:
        """What this lexer would make of `line` next, without taking it in: (terminal, text,
        number, whether it says so with W111); a line that continues a token above reads as
        ("more", text, None, …)."""
        stripped = line.lstrip()
        indent = len(line[: len(line) - len(stripped)].expandtabs(TAB_WIDTH))
        context = self.context(indent)
        candidate = self.item_under_step(_classify(stripped, 1, indent + 1, []), indent)
        structure, say_so = reading_of_line(candidate, context, stripped)
        tokens = self.result.tokens
        if not structure:
            candidate = LineToken("PROSE", "", stripped, candidate.span, candidate.span.column)
        if candidate.terminal == "PROSE":
            if not self.blank_before and tokens and _continues(tokens[-1], self.in_list):
                return "more", stripped, None, say_so
        return candidate.terminal, candidate.text, candidate.number, say_so

    def feed(self, line: str) -> None:
        """Take in one more line, as `lex` would (the formatter lexes what it writes, as it goes)."""
        self.line(0, 0, line.rstrip())

    def notice(self, code: str, span: Span, message: str, hint: str) -> None:
        self.result.notices.append(Notice(code, span, message, hint))

    def keep(self, kind: str, text: str, indent: int, token: LineToken | None = None) -> None:
        if self.keep_lines:
            self.result.lines.append(Line(kind, text, indent, token))


def reading_of_line(candidate: LineToken, context: Context, stripped: str) -> tuple[bool, bool]:
    """reading_of, and for a label without a colon, alone on its line or before a dash ('Alleen
    voor de begeleider', 'Begeleider - …'): mid-sentence that is just the end of a sentence ('een
    taak voor de / begeleider')."""
    if (
        candidate.terminal == "FACILITATOR"
        and ":" not in fold(stripped)[: candidate.value_column - candidate.span.column]
    ):
        if not context.continuing:
            return True, False
        # 'een taak voor de / begeleider' ends a sentence; 'Alleen voor de begeleider' or
        # '**Voor de begeleider**' under an unfinished line is a label all the same: hidden, and said.
        labelled = context.sentence_end or not stripped[:1].islower()
        return labelled, labelled
    return reading_of(candidate, context)


def reading_of(candidate: LineToken, context: Context) -> tuple[bool, bool]:
    """(structure?, say so?): the structure rule, in one place; fmt asks it too.

    Only lines that continue a paragraph are in doubt. Prose that wraps mid-sentence stays
    prose; after a finished sentence a keyword starts structure, and where a sentence could
    just as well start there, the author hears which reading was taken (W111). Below
    facilitator text, doubt keeps a line hidden from participants.
    """
    terminal = candidate.terminal
    if not context.continuing or terminal == "PROSE":
        return True, False
    after_field = context.previous in _FIELD_TERMINALS
    if terminal == "FACILITATOR":
        return True, not (context.sentence_end or after_field)  # in doubt, hide it, and say so
    if terminal in ITEM_TERMINALS:
        if context.previous == "FACILITATOR":
            item_above = NUMBERED.match(context.above) or BULLET.match(context.above)
            return False, not (context.colon_end or item_above)  # the facilitator's own list stays theirs
        if context.in_item:
            if context.indent <= context.item_indent:
                return True, False  # the next item of the same list
            return False, context.sentence_end
        if context.sentence_end:
            return True, not context.colon_end
        return False, True
    keyword = by_terminal()[terminal]
    if keyword.shape is Shape.FIELD:
        dotted = candidate.label.endswith(".")  # 'nb. …' may just as well be an abbreviation in a sentence
        if context.sentence_end:
            return True, dotted or not (candidate.label.islower() or after_field)
        if context.previous == terminal or (after_field and context.previous not in STEP_TEXT_FIELDS | {"FACILITATOR"}):
            return True, dotted  # fields one under the other: 'teaser: …' twice, 'begeleiding: HR' then 'doel: …'
        return False, True
    # 'stap Afsluiting', 'STAP' and 'RONDE 2 keer' look like structure; 'Stap voor stap gaan we'
    # looks like a sentence. After a finished sentence a lower-case keyword cannot start a new
    # sentence, so it is structure; mid-sentence, 'stap voor stap' and 'vragen stellen' are prose.
    label = candidate.label
    looks_like_structure = (
        candidate.text[:1].isupper() or candidate.text[:1].isdigit() or (label.isupper() and len(label) > 1)
    )
    if looks_like_structure:
        # Silent only for a heading in capitals right under a field ('begeleiding: HR' / 'SESSIE');
        # under a step's running text ('voorbeeld: … en' / 'RONDE 2 keer') the author hears it.
        return True, not (
            after_field
            and label.isupper()
            and len(label) > 1
            and context.previous not in STEP_TEXT_FIELDS | {"FACILITATOR"}
        )
    if context.sentence_end and not label[:1].isupper():
        return True, True
    return False, label[:1].isupper()


_FIELD_TERMINALS = frozenset(kw.terminal for kw in KEYWORDS if kw.shape is Shape.FIELD)


def _describe(token: LineToken) -> str:
    if token.terminal in ITEM_TERMINALS:
        return "een nieuw punt van een opsomming"
    return by_terminal()[token.terminal].description


def _start_of(token: LineToken) -> str:
    if token.terminal == "BULLET":
        return "een opsommingsteken"
    if token.terminal == "NUMBERED":
        return "een nummer"
    return f"'{token.label}'"


def _prose_message(token: LineToken) -> str:
    return (
        f"Deze regel begint met {_start_of(token)}, maar loopt door in de alinea erboven; ik lees hem als gewone tekst."
    )


def _structure_message(token: LineToken) -> str:
    return (
        f"Deze regel staat direct onder gewone tekst, zonder lege regel ertussen; ik lees hem als {_describe(token)}."
    )


# Tokens whose text a prose line right below them continues: bullets and the fields that run on.
RUN_ON_TERMINALS = frozenset({"BULLET", *(kw.terminal for kw in KEYWORDS if kw.continues)})


def _continues(previous: LineToken, in_list: bool) -> bool:
    """Whether a prose line right below `previous` belongs to it rather than to the step body."""
    return _runs_on_below(previous.terminal, in_list)


def _runs_on_below(terminal: str, in_list: bool) -> bool:
    return terminal in RUN_ON_TERMINALS or (terminal == "NUMBERED" and in_list)


def _join(first: LineToken, rest: list[LineToken]) -> LineToken:
    last = rest[-1].span
    span = Span(first.span.line, first.span.column, last.end_line, last.end_column)
    return replace(first, text="\n".join([first.text, *(token.text for token in rest)]), span=span)


def _always() -> bool:
    return True


def _classify(
    stripped: str,
    line: int,
    column: int,
    near: list[Near],
    hint: Callable[[], bool] = _always,
    lowered: str | None = None,
) -> LineToken:
    """The token a line (without its indent) makes on its own, before the structure rule. `hint`
    says whether the line holds a role word (asked only when a label at its start is possible);
    `lowered` is the line in lower case, when the caller has it already."""
    end = Span(line, column, line, column + len(stripped))
    first = stripped[:1]  # empty only for a line peeked at by fmt
    if first == "\\" and stripped[1:2].strip():
        # A backslash right before the first word makes a line plain text, even when it starts
        # with a keyword; a lone '\\ ' is just a backslash in the text.
        return LineToken("PROSE", "", stripped[1:], end, column + 1)
    folded = stripped if stripped.isascii() else fold(stripped)
    if folded is not stripped or lowered is None:
        lowered = folded.lower()
    keyword_token = _match_keyword(folded, lowered, end, column) or (
        _facilitator_label(folded, end, column) if hint() else None
    )
    if keyword_token:
        return keyword_token if folded is stripped else _unfold(keyword_token, stripped)
    if first and (first in ITEM_MARKS or first.isdecimal()):  # what a numbered line or a bullet starts with
        numbered = NUMBERED.match(stripped)
        if numbered:
            return LineToken(
                "NUMBERED",
                "",
                stripped[numbered.end() :],
                end,
                column + numbered.end(),
                int(numbered.group(1) or numbered.group(2)),
            )
        bullet = BULLET.match(stripped)
        if bullet:
            return LineToken("BULLET", "", stripped[bullet.end() :], end, column + bullet.end())
    if len(stripped) <= SECTION_LIKE_LENGTH:
        section = _near_section(stripped)
        if section:
            # Read a misspelt heading as the heading it resembles, so one slip gives one message.
            near.append(Near("section", stripped.rstrip(":").strip(), section, end))
            return LineToken(section.terminal, stripped.rstrip(":").strip(), "", end, column)
    if ":" in stripped:
        _note_near_field(stripped, end, near)
    return LineToken("PROSE", "", stripped, end, column)


def _unfold(token: LineToken, stripped: str) -> LineToken:
    """The token as matched on the folded line, with the author's own characters back in it.
    Folding maps one character to one, so every position is still right."""
    text = stripped[len(stripped) - len(token.text) :] if token.text else ""
    return replace(token, label=stripped[: len(token.label)], text=text)


def _match_keyword(stripped: str, lowered: str, span: Span, column: int) -> LineToken | None:
    if ":" in lowered:  # the commonest keyword line, 'duur: 5 min', in one look
        field = FIELD_LINE.match(lowered)
        if field is not None:
            size, value = field.end(1), field.end()
            return LineToken(FIELD_SPELLINGS[field[1]], stripped[:size], stripped[value:], span, column + value)
    first_word = FIRST_WORD.match(lowered)
    spellings = SPELLINGS.get(first_word[0].rstrip(".")) if first_word else None
    if spellings is None:
        return None  # most lines: the first word is no keyword
    chosen: LineToken | None = None
    for word, size, keyword, match in spellings:
        if not lowered.startswith(word):
            continue
        token = match(keyword, stripped[:size], stripped[size:], span, column + size)
        if token is None:
            continue
        # 'vragen: naam' is a reference, 'VRAGEN naam: titel' a question list: a colon right after
        # the word makes a field. Of equals, the first (the longest spelling) stays.
        if chosen is None or (_rank(token), -len(token.label)) < (_rank(chosen), -len(chosen.label)):
            chosen = token
    return chosen


def _rank(token: LineToken) -> int:
    return 0 if token.terminal in _FIELD_TERMINALS else 1


ShapeMatch = Callable[[Keyword, str, str, Span, int], "LineToken | None"]


def _shape_matcher(keyword: Keyword) -> ShapeMatch:
    """How the rest of a line after one of this keyword's spellings is read."""
    if keyword.shape is Shape.FIELD:
        return _field_match
    if keyword.shape is Shape.SECTION:
        return _section_match
    if keyword.terminal == "VARIANT":
        return _variant_match
    if keyword.terminal == "CHOICE":
        return _capitals_match
    if keyword.terminal == "WAY":
        return _way_match
    if keyword.shape is Shape.SECTION_WITH_TEXT:
        return _section_with_text_match
    if keyword.terminal == "TITLE":
        return _title_match
    if keyword.terminal == "VARIANT_CHANGE":
        return _variant_change_match
    return _lead_match


def _ends_word(keyword: Keyword, rest: str) -> bool:
    """Whether the keyword's word ends where `rest` starts: 'stappen' is not 'stap'; 'TWEETALLEN, als
    er tijd is' is TWEETALLEN. (A field or a section without a space or colon there fails anyway.)"""
    return not rest or rest[0].isspace() or rest[0] in ":." or (keyword.bare and rest[0] in ",(")


def _field_match(keyword: Keyword, written: str, rest: str, span: Span, rest_column: int) -> LineToken | None:
    after = rest.lstrip()
    if written.endswith(".") and after and len(after) < len(rest):  # 'nb. let op': the dot ends the label
        return LineToken(keyword.terminal, written, after, span, rest_column + len(rest) - len(after))
    if after[:1] != ":":
        return None
    value = after[1:].lstrip()
    return LineToken(keyword.terminal, written, value, span, rest_column + len(rest) - len(value))


def _section_match(keyword: Keyword, written: str, rest: str, span: Span, rest_column: int) -> LineToken | None:
    if rest.strip(" :"):
        return None
    return LineToken(keyword.terminal, written, "", span, rest_column)


def _section_with_text_match(
    keyword: Keyword, written: str, rest: str, span: Span, rest_column: int
) -> LineToken | None:
    if not _ends_word(keyword, rest):
        return None
    after = rest.lstrip()
    if after.startswith(":") and keyword.terminal == "QUESTIONS":
        return None  # that is the field 'vragen: naam'
    value = after.lstrip(":").strip()
    if not value and not keyword.bare:
        return None
    return LineToken(keyword.terminal, written, value, span, rest_column + len(rest) - len(after.lstrip(":").lstrip()))


def _variant_match(keyword: Keyword, written: str, rest: str, span: Span, rest_column: int) -> LineToken | None:
    # 'VARIANT lang: …' in capitals, as the guide writes it: 'Variant voor stap …' stays a sentence.
    if not written.isupper():
        return None
    return _section_with_text_match(keyword, written, rest, span, rest_column)


def _capitals_match(keyword: Keyword, written: str, rest: str, span: Span, rest_column: int) -> LineToken | None:
    # 'KEUZE naar het aantal deelnemers' in capitals, as the guide writes it: 'Keuze uit drie …' stays a sentence.
    if not written.isupper():
        return None
    return _section_with_text_match(keyword, written, rest, span, rest_column)


def _way_match(keyword: Keyword, written: str, rest: str, span: Span, rest_column: int) -> LineToken | None:
    # 'BIJ maximaal 12 deelnemers: …': in capitals and with a number before any colon; 'Bij twijfel …'
    # and 'BIJ ELKAAR' stay sentences.
    if not written.isupper() or not any(c.isdigit() for c in rest.partition(":")[0]):
        return None
    return _section_with_text_match(keyword, written, rest, span, rest_column)


def _variant_change_match(keyword: Keyword, written: str, rest: str, span: Span, rest_column: int) -> LineToken | None:
    # 'bij variant lang: 15 min': a name, a colon and a value; 'Bij variant B zien we …' is a sentence.
    name, colon, value = rest.partition(":")
    if not colon or not name.strip() or not value.strip() or not _ends_word(keyword, rest):
        return None
    return _lead_match(keyword, written, rest, span, rest_column)


def _title_match(keyword: Keyword, written: str, rest: str, span: Span, rest_column: int) -> LineToken | None:
    # 'Werkvorm en inhoud …' in prose is not a title; 'WERKVORM x' and 'werkvorm: x' are.
    # A number after the word is part of the title: 'WERKVORM 2030: de toekomst van werk'.
    if not _ends_word(keyword, rest) or not (rest.lstrip().startswith(":") or written.isupper()):
        return None
    value = rest.lstrip().removeprefix(":").lstrip()
    return LineToken(keyword.terminal, written, value, span, rest_column + len(rest) - len(value))


STEP_NUMBER = re.compile(r"^\s*(?:(\d{1,3})\s*[.:)](?=\s|$)|[:.])?\s*")


def _lead_match(keyword: Keyword, written: str, rest: str, span: Span, rest_column: int) -> LineToken | None:
    # 'stap Opening', 'stap: Opening', 'Stap 3. Opening'. A number counts as the author's own step
    # number only with its dot, colon or bracket: 'stap 3 minuten stilte' is a step called '3 minuten stilte'.
    if not _ends_word(keyword, rest):
        return None
    lead = STEP_NUMBER.match(rest)
    assert lead is not None  # every part of the pattern is optional: it always matches
    value = rest[lead.end() :]
    number = int(lead.group(1)) if lead.group(1) else None
    return LineToken(keyword.terminal, written, value, span, rest_column + lead.end(), number)


def _facilitator_label(stripped: str, span: Span, column: int) -> LineToken | None:
    """'Alleen voor de begeleider:', 'Voor de begeleider:', 'Begeleider (alleen):', '**Voor de
    begeleider:**', or such a label alone on its line: labels authors write for
    facilitator-only text, read as the field 'begeleider:'. Its text may follow on the next lines."""
    found = facilitator_label_at(stripped, 0, whole_line=True)
    if found is None:
        return None
    label_start, value_start = found
    value = stripped[value_start:].strip()
    label = stripped[label_start:value_start].rstrip(" *_:-–—)]").strip() or stripped[:value_start]
    return LineToken("FACILITATOR", label, value, span, column + len(stripped) - len(stripped[value_start:].lstrip()))


def _near_section(stripped: str) -> Keyword | None:
    candidate = stripped.rstrip(":").strip()
    if not SECTION_LIKE.match(stripped) or len(candidate.split()) > 2:
        return None
    return _closest(candidate.lower(), Shape.SECTION)


def _note_near_field(stripped: str, span: Span, near: list[Near]) -> None:
    found = FIELD_LIKE.match(stripped)
    if not found:
        return
    written = found.group(1)
    keyword = _closest(written.lower(), Shape.FIELD)
    if keyword is not None:
        near.append(
            Near("field", written, keyword, Span(span.line, span.column, span.line, span.column + len(written)))
        )


@lru_cache(maxsize=1)
def _words_of_shape() -> dict[Shape, dict[str, Keyword]]:
    return {
        shape: {w: kw for kw in KEYWORDS if kw.shape is shape for ws in kw.words.values() for w in ws}
        for shape in (Shape.SECTION, Shape.FIELD)
    }


@lru_cache(maxsize=4096)  # the same few words start many lines ('Tip', 'Let op'): look each up once
def _closest(written: str, shape: Shape) -> Keyword | None:
    """The keyword of this shape that `written` is a slip of, if any."""
    import difflib  # only for the lines that look like a heading or a field

    words = _words_of_shape()[shape]
    match = difflib.get_close_matches(written, words, n=1, cutoff=0.8)
    return words[match[0]] if match else None


def _hidden_label_check(token: LineToken, stripped: str, notices: list[Notice], in_step: bool) -> None:
    """A facilitator label inside text that participants may read (a list item, a title, after
    a full stop) is an error: the text after it would reach the hand-out and the cards."""
    if token.terminal == "FACILITATOR":
        return
    text = token.text
    escaped = token.terminal == "PROSE" and stripped.startswith("\\") and bool(stripped[1:2].strip())
    found = hidden_label(text, from_start=not escaped)
    if found is None:
        return
    begin, end = found
    column = token.value_column + begin
    label = text[begin:end].rstrip(" *_").rstrip(":-–—").strip()
    where = (
        "Zet 'begeleider:' vooraan op een eigen regel onder de stap."
        if in_step
        else "Tekst voor de begeleider kan alleen onder een stap staan: zet hem daar, met 'begeleider:' "
        "vooraan op een eigen regel, of haal hem weg."
    )
    notices.append(
        Notice(
            "E120",
            Span(token.span.line, column, token.span.line, column + end - begin),
            f"'{label}:' lijkt tekst alleen voor de begeleider, maar het staat in tekst die deelnemers zien.",
            f"{where} Is het tekst voor iedereen, schrijf dan '{label}\\:'.",
        )
    )


SPELLINGS = _spellings()


def _field_spellings() -> dict[str, str]:
    """The terminal of every spelling of a field, but those that end in a dot ('nb.'), which read
    the rest of their line by a rule of their own (see _field_match)."""
    return {
        word: kw.terminal
        for kw in KEYWORDS
        if kw.shape is Shape.FIELD
        for words in kw.words.values()
        for word in words
        if not word.endswith(".")
    }


# A field's spelling, then its colon: what _match_keyword and _field_match make of such a line,
# found by one regular expression instead of a word lookup and a few string operations. The
# longest spelling is tried first, as the word lookup prefers it; a field beats any other reading
# of its word (see _rank), so nothing else needs a look once this matches.
FIELD_SPELLINGS = _field_spellings()
FIELD_LINE = re.compile("(" + word_tree(FIELD_SPELLINGS) + r")\s*:\s*")
