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
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

from werkvorm_dsl.language.keywords import (
    FACILITATOR_LABEL_AUDIENCE,
    FACILITATOR_LABEL_FILLERS,
    FACILITATOR_LABEL_ROLES,
    KEYWORDS,
    Keyword,
    Shape,
    by_terminal,
)
from werkvorm_dsl.language.nodes import Span

NUMBERED = re.compile(r"^(?:[-*•–]\s+(\d{1,3})[.)]?|(\d{1,3})[.)])\s+(?=\S)")
BULLET = re.compile(r"^[-*•–]\s+(?=\S)")
SECTION_LIKE = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ.\- ]{1,30}:?$")
FIELD_LIKE = re.compile(r"^([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ.\-]*(?: [A-Za-zÀ-ÿ.\-]+){0,2})\s*:\s*\S")
LIST_SECTIONS = {"SUGGESTIONS", "OPTIONAL", "QUESTIONS"}
STEP_SECTIONS = {"PREPARATION", "SESSION"}
BLOCK_TERMINALS = {"ROUND", "GROUPS", "BOX", "BLOCK_END", "PAUSE"}  # lines that open, close or are a session part
ITEM_TERMINALS = {"BULLET", "NUMBERED"}
OUTSIDE_STEP = STEP_SECTIONS | LIST_SECTIONS | BLOCK_TERMINALS  # lines after which no step is open

# Every line break that Python's str.splitlines() knows, apart from \n and \r: editors show
# them as a new line, so we read them as one too (and say so, W112).
ODD_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
BREAK_NAMES = {
    "\x0b": "een verticale tab",
    "\x0c": "een pagina-einde",
    "\x85": "een NEL-teken",
    "\u2028": "een regelscheidingsteken (U+2028)",
    "\u2029": "een alineascheidingsteken (U+2029)",
}
# Unicode's invisible format characters (category Cf): zero-width spaces and joiners, soft
# hyphens, word joiners, byte-order marks and bidirectional controls. They hide keywords from
# the eye and from the lexer alike, so they are dropped before a line is read. A test keeps this
# list a cover of unicodedata's category Cf.
INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    # Not Cf, but just as invisible: the grapheme joiner, variation selectors, Mongolian free
    # variation selectors and the Hangul fillers that look like a space.
    "\u034f\u180b-\u180d\u180f\u115f\u1160\u3164\uffa0\ufe00-\ufe0f]"
)
# The same beyond U+FFFF, apart: a character class with these ranges makes every search several
# times slower, and most texts have no character out there at all.
INVISIBLE_BEYOND_BMP = re.compile(
    "[\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef]"
)


def drop_invisible(text: str) -> str:
    text = INVISIBLE.sub("", text)
    if len(text.encode("utf-16-le", "surrogatepass")) > 2 * len(text):  # something beyond U+FFFF
        text = INVISIBLE_BEYOND_BMP.sub("", text)
    return text


# Characters that look like ASCII where a keyword or a facilitator label is matched: colons
# (a full-width colon typed on a Japanese layout, a ratio sign pasted from Word), full-width and
# mathematical letters, and Cyrillic and Greek letters that look Latin. Each maps one character
# to one, so every position in the line stays right; the author's text keeps its own characters.
LOOKALIKES = {
    **{c: ":" for c in "\uff1a\ufe55\ufe13\ua789\u2236\u02f8\u05c3\u0589\u02d0\u0703\u0704\u1361"},
    **dict(zip("аеорсухіјѕԁһӏАВЕКМНОРСТХІЈЅ", "aeopcyxijsdhlABEKMHOPCTXIJS")),
    **dict(zip("οαιкνρτυΟΑΒΕΖΗΙΚΜΝΡΤΥΧ", "oaikvptuOABEZHIKMNPTYX")),
}


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table = {ord(c): a for c, a in LOOKALIKES.items()}
    table.update({0xFF01 + i: chr(0x21 + i) for i in range(94)})
    for code in range(0x1D400, 0x1D800):  # mathematical bold, italic, script … letters and digits
        plain = unicodedata.normalize("NFKC", chr(code))
        if len(plain) == 1 and plain.isascii():
            table[code] = plain
    return table


FOLDABLE = re.compile("[" + "".join(LOOKALIKES) + "\uff01-\uff5e\U0001d400-\U0001d7ff]")


def fold(text: str) -> str:
    """`text` with look-alike characters made plain, one for one (for matching only)."""
    if text.isascii() or not FOLDABLE.search(text):
        return text
    return text.translate(_fold_table())


# Control characters that are no line break and no tab: an escape sequence pasted from a
# terminal, a bell, a DEL. They mean nothing on paper and can corrupt metadata and terminals.
CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f\x80-\x84\x86-\x9f]")
TAB_WIDTH = 4
SENTENCE_ENDS = set(".!?:;…")  # a line that ends with one of these (before closing quotes) ends a sentence
CLOSERS = "\"'”’)]*_"
COMMENT_WORD = re.compile(r"#[^\s#]")


@dataclass(slots=True)  # not frozen: made ten thousand times per file, and frozen init costs twice as much
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


@dataclass(slots=True)
class Near:
    """A line that looks like a keyword but is not one: the lexer's own findings."""

    kind: str  # "section" or "field"
    written: str
    suggestion: Keyword
    span: Span


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the lexer decided that the author should hear about (W111-W114, E120)."""

    code: str
    span: Span
    message: str
    hint: str

    @property
    def is_error(self) -> bool:
        return self.code.startswith("E")


@dataclass(frozen=True, slots=True)
class Line:
    """One line as the formatter sees it: what the lexer made of it, and where it stood."""

    kind: str  # "blank", "comment", "token" (starts a token) or "more" (continues the token above)
    text: str  # the line without its indent, normalised
    indent: int
    token: LineToken | None = None  # for "token": the token this line starts


@dataclass(slots=True)  # not frozen, as LineToken: made for most keyword lines, and frozen init costs twice as much
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


@dataclass(slots=True)
class LexResult:
    tokens: list[LineToken] = field(default_factory=list)
    near_misses: list[Near] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # filled only when asked for (by fmt)


@dataclass(frozen=True, slots=True)
class _Spelling:
    word: str
    keyword: Keyword


FIRST_WORD = re.compile(r"[^\s:,(]+")  # a comma or bracket right after a word ends it: "TWEETALLEN, als er tijd is"


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


def normalise(text: str) -> str:
    """The text the lexer reads: Unicode NFC, invisible format characters dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # every line ending counts as one, as editors show it
    if text.isascii():
        return text
    return drop_invisible(unicodedata.normalize("NFC", text))


def physical_lines(text: str, odd: bool = True):
    """(line number, column offset, text, break before) for every line an editor would show.
    A line with an odd line break in it gives several, on the same line number."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not odd or not ODD_BREAKS.search(line):
            yield number, 0, line, ""
            continue
        offset, previous_break = 0, ""
        for piece in re.split(f"({ODD_BREAKS.pattern})", line):
            if ODD_BREAKS.fullmatch(piece):
                offset, previous_break = offset + 1, piece
                continue
            yield number, offset, piece, previous_break
            offset += len(piece)


def lex(text: str, keep_lines: bool = False) -> LexResult:
    return Lexer(keep_lines).run(normalise(text))


class Lexer:
    """Reads lines in order, remembering just enough of the line above to decide the next."""

    def __init__(self, keep_lines: bool = False):
        self.result = LexResult()
        self.keep_lines = keep_lines
        self.blank_before, self.in_list = True, False
        self.previous_text, self.previous_indent = "", 0
        self.item_indent: int | None = None  # the indent of the list item whose text we are in
        self.step_indent: int | None = None  # the indent of the step we are in, None outside a step
        self.hint = False  # whether this line holds a role word ('begeleider' …), so a label may be in it
        # A field's continuation lines are gathered here and joined once at the end: joining as
        # we go would copy the text again for every line, and a 10,000-line paragraph would crawl.
        self.extra_lines: dict[int, list[LineToken]] = {}

    def run(self, text: str) -> LexResult:
        if ODD_BREAKS.search(text) is None and CONTROLS.search(text) is None:
            line = self.line  # nearly every file: lines as they are, without a look at each for odd characters
            for number, raw in enumerate(text.split("\n"), start=1):
                line(number, 0, raw.rstrip())
            return self.finish()
        controls = CONTROLS.search(text) is not None
        for number, offset, raw, odd_break in physical_lines(text, ODD_BREAKS.search(text) is not None):
            if odd_break:
                self.notice(
                    "W112",
                    Span(number, offset, number, offset + 1),
                    f"Hier staat {BREAK_NAMES.get(odd_break, 'een ongewoon regeleinde')}; "
                    "ik lees de tekst erna als een nieuwe regel.",
                    "Vervang het door een gewone Enter; werkvorm fmt doet dat voor u.",
                )
            control = CONTROLS.search(raw) if controls else None
            if control:
                column = offset + control.start() + 1
                self.notice(
                    "W114",
                    Span(number, column, number, column + 1),
                    f"Hier staat een onzichtbaar stuurteken (U+{ord(control.group(0)):04X}); ik laat het weg.",
                    "Haal het weg in uw editor; werkvorm fmt doet dat voor u.",
                )
                raw = CONTROLS.sub("", raw)
            self.line(number, offset, raw.rstrip())
        return self.finish()

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
        stripped = line.lstrip()
        # The indent as an editor shows it: a tab under four spaces is no smaller indent.
        indent = len(line[: len(line) - len(stripped)].expandtabs(TAB_WIDTH))
        if not stripped:
            self.blank_before = True
            self.keep("blank", "", 0)
            return
        if stripped.startswith("#"):
            heading = stripped.lstrip("#").strip()
            label = facilitator_label_at(heading, 0, whole_line=True) if heading and _may_hold_label(heading) else None
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
            return  # a comment; it does not end a paragraph
        column = offset + len(line) - len(stripped) + 1
        self.hint = _may_hold_label(stripped)  # one look per line for a role word, for both label checks
        candidate = _classify(stripped, number, column, self.in_list, self.result.near_misses, self.hint)
        if candidate.terminal == "PROSE":  # most lines: nothing to decide
            self.place(candidate, stripped, indent)
        else:
            context = self.context(indent)
            self.place(self.decide(self.item_under_step(candidate, indent), context, stripped), stripped, indent)
        self.previous_text, self.previous_indent = stripped, indent
        self.blank_before = False

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
        previous = self.result.tokens[-1] if self.result.tokens else None
        if self.blank_before or previous is None or indent < self.previous_indent:
            return NEW_PARAGRAPH
        if not (previous.terminal == "PROSE" or _continues(previous, self.in_list)):
            return NEW_PARAGRAPH
        in_item = self.item_indent is not None
        last = self.previous_text.rstrip(CLOSERS)[-1:]
        return Context(
            True,
            last in SENTENCE_ENDS,
            last == ":",
            previous.terminal,
            in_item,
            self.previous_text,
            indent,
            self.item_indent if self.item_indent is not None else 0,
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
        previous = tokens[-1] if tokens else None
        if token.terminal == "PROSE" and not self.blank_before and previous and _continues(previous, self.in_list):
            if previous.terminal != "FACILITATOR":
                if self.hint:
                    _hidden_label_check(token, stripped, self.result.notices, self.step_indent is not None)
            self.extra_lines.setdefault(len(tokens) - 1, []).append(token)
            self.keep("more", stripped, indent)
            return  # still inside the same item, if any
        if self.hint:
            _hidden_label_check(token, stripped, self.result.notices, self.step_indent is not None)
        if token.terminal == "PROSE" and not self.blank_before and previous and previous.terminal == "PROSE":
            token.new_paragraph = False  # a paragraph runs on over prose lines only
        elif token.terminal in BLOCK_TERMINALS and indent:
            token.indent = indent
        tokens.append(token)
        self.keep("token", stripped, indent, token)
        is_item = token.terminal == "BULLET" or (token.terminal == "NUMBERED" and self.in_list)
        self.item_indent = indent if is_item else None
        if token.terminal in LIST_SECTIONS:
            self.in_list = True
        elif token.terminal in STEP_SECTIONS:
            self.in_list = False
        if token.terminal == "STEP" or (token.terminal == "NUMBERED" and not self.in_list):
            self.step_indent = indent
        elif token.terminal in OUTSIDE_STEP:
            self.step_indent = None

    def peek(self, line: str) -> tuple[str, str, int | None, bool]:
        """What this lexer would make of `line` next, without taking it in: (terminal, text,
        number, whether it says so with W111); a line that continues a token above reads as
        ("more", text, None, …)."""
        stripped = line.lstrip()
        indent = len(line[: len(line) - len(stripped)].expandtabs(TAB_WIDTH))
        context = self.context(indent)
        candidate = self.item_under_step(_classify(stripped, 1, indent + 1, self.in_list, []), indent)
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


def _continues(previous: LineToken, in_list: bool) -> bool:
    """Whether a prose line right below `previous` belongs to it rather than to the step body."""
    if previous.terminal == "BULLET" or (previous.terminal == "NUMBERED" and in_list):
        return True
    keyword = by_terminal().get(previous.terminal)
    return bool(keyword and keyword.continues)


def _join(first: LineToken, rest: list[LineToken]) -> LineToken:
    last = rest[-1].span
    span = Span(first.span.line, first.span.column, last.end_line, last.end_column)
    return replace(first, text="\n".join([first.text, *(token.text for token in rest)]), span=span)


def _classify(stripped: str, line: int, column: int, in_list: bool, near: list[Near], hint: bool = True) -> LineToken:
    end = Span(line, column, line, column + len(stripped))
    if stripped.startswith("\\") and stripped[1:2].strip():
        # A backslash right before the first word makes a line plain text, even when it starts
        # with a keyword; a lone '\\ ' is just a backslash in the text.
        return LineToken("PROSE", "", stripped[1:], end, column + 1)
    folded = fold(stripped)
    keyword_token = _match_keyword(folded, end, column) or (_facilitator_label(folded, end, column) if hint else None)
    if keyword_token:
        return keyword_token if folded is stripped else _unfold(keyword_token, stripped)
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
    section = _near_section(stripped)
    if section:
        # Read a misspelt heading as the heading it resembles, so one slip gives one message.
        near.append(Near("section", stripped.rstrip(":").strip(), section, end))
        return LineToken(section.terminal, stripped.rstrip(":").strip(), "", end, column)
    _note_near_field(stripped, end, near)
    return LineToken("PROSE", "", stripped, end, column)


def _unfold(token: LineToken, stripped: str) -> LineToken:
    """The token as matched on the folded line, with the author's own characters back in it.
    Folding maps one character to one, so every position is still right."""
    text = stripped[len(stripped) - len(token.text) :] if token.text else ""
    return replace(token, label=stripped[: len(token.label)], text=text)


def _match_keyword(stripped: str, span: Span, column: int) -> LineToken | None:
    spellings = _spellings().get(_first_word(stripped))
    if not spellings:
        return None  # most lines: the first word is no keyword
    lowered = stripped.lower()
    candidates: list[LineToken] = []
    for spelling in spellings:
        word = spelling.word
        if not lowered.startswith(word):
            continue
        rest = stripped[len(word) :]
        token = _shape_match(spelling.keyword, stripped[: len(word)], rest, span, column + len(word))
        if token:
            candidates.append(token)
    if len(candidates) < 2:
        return candidates[0] if candidates else None
    # 'vragen: naam' is a reference, 'VRAGEN naam: titel' a question list: a colon right after
    # the word makes a field.
    return min(candidates, key=lambda t: (_rank(t), -len(t.label)))


def _rank(token: LineToken) -> int:
    return 0 if by_terminal()[token.terminal].shape is Shape.FIELD else 1


STEP_NUMBER = re.compile(r"^\s*(?:(\d{1,3})\s*[.:)](?=\s|$)|[:.])?\s*")


def _shape_match(keyword: Keyword, written: str, rest: str, span: Span, rest_column: int) -> LineToken | None:
    shape = keyword.shape
    after = rest.lstrip()
    gap = len(rest) - len(after)
    if rest and not (rest[0].isspace() or rest[0] in ":." or (keyword.bare and rest[0] in ",(")):
        return None  # 'stappen' is not 'stap'; 'TWEETALLEN, als er tijd is' is TWEETALLEN
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
            return None  # that is the field 'vragen: naam'
        value = after.lstrip(":").strip()
        if not value and not keyword.bare:
            return None
        return LineToken(
            keyword.terminal, written, value, span, rest_column + len(rest) - len(after.lstrip(":").lstrip())
        )
    if keyword.terminal == "TITLE":
        # 'Werkvorm en inhoud …' in prose is not a title; 'WERKVORM x' and 'werkvorm: x' are.
        # A number after the word is part of the title: 'WERKVORM 2030: de toekomst van werk'.
        if not (rest.lstrip().startswith(":") or written.isupper()):
            return None
        value = rest.lstrip().removeprefix(":").lstrip()
        return LineToken(keyword.terminal, written, value, span, rest_column + len(rest) - len(value))
    # Shape.LEAD: 'stap Opening', 'stap: Opening', 'Stap 3. Opening'. A number counts as the
    # author's own step number only with its dot, colon or bracket: 'stap 3 minuten stilte'
    # is a step called '3 minuten stilte'.
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


LABEL_WORD = re.compile(r"[^\W\d_]+|[^\w\s]", re.UNICODE)
LABEL_PUNCTUATION = set("().,-–—/&+'’[]")
LABEL_OPENERS = set("*_#([> ")  # emphasis, a heading mark, a bracket or a quote mark before a label
LABEL_SEPARATOR = re.compile(r":|\s[-–—]\s|(?<=[)\]])\s")  # 'Begeleider:', 'Begeleider - …', '(begeleider) …'
ROLE_STEMS = ("begeleid", "facilitat", "gespreksleid", "procesbegeleid")
NOT_TO_SHARE = frozenset({"voorlezen", "delen", "uitdelen", "tonen", "laten", "zien"})  # 'Niet voorlezen:'


LABEL_REACH = 100  # characters a label may take; a longer run before a colon is a sentence


def _is_symbol(char: str) -> bool:
    return unicodedata.category(char) in ("So", "Sk", "Mn", "Cf")


def facilitator_label_at(text: str, start: int, whole_line: bool = False) -> tuple[int, int] | None:
    """If a facilitator label starts at `start`: (where its words start, where the text after it
    starts). With `whole_line`, a line that holds only a label counts too, without a colon."""
    begin = start
    while begin < len(text) and begin < start + 8 and (text[begin] in LABEL_OPENERS or _is_symbol(text[begin])):
        begin += 1  # emphasis, a bracket, a heading mark, or an emoji pasted before the label
    window = fold(text[begin : begin + LABEL_REACH])
    separator = LABEL_SEPARATOR.search(window)
    if separator is None:
        if whole_line and len(text) - begin <= LABEL_REACH and _is_label(window.rstrip(" *_#)]")):
            return begin, len(text)
        return None
    if not _is_label(window[: separator.start()]):
        return None
    end = begin + separator.end()
    while end < len(text) and text[end] in "*_":
        end += 1  # the emphasis around '**Voor de begeleider:**' closes after the colon
    return begin, end


ROLE_WORDS = (
    "begeleid",
    "facilitat",
    "gespreksleid",
    "trainer",
    "moderator",
    "coach",
    "voorzitter",
    "spelleider",
    "host",
    "notulist",
)
ROLE_HINT = re.compile("|".join(ROLE_WORDS))
# 'Niet voor deelnemers:', 'Niet voorlezen:': 'niet' makes a label only beside an audience or a
# not-to-share word (see _is_label); 'niet' alone is far too common in Dutch prose to look closer.
NOT_HINT = re.compile(r"\bniet\b")
NOT_SHARED_HINT = re.compile("deelnemer|groep|participant|cursist|iedereen|voorlez|delen|tonen|laten|zien")


# Every word either pattern needs, as plain text: most lines hold none of them, and testing
# substrings is several times faster than a regular expression's search of the line.
HINT_WORDS = (*ROLE_WORDS, "niet")


def _hint_in(lowered: str) -> bool:
    for word in HINT_WORDS:
        if word in lowered:
            break
    else:
        return False
    return ROLE_HINT.search(lowered) is not None or (
        NOT_HINT.search(lowered) is not None and NOT_SHARED_HINT.search(lowered) is not None
    )


COMBINING_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
COMBINING = re.compile(f"[{COMBINING_MARKS}]")
DISGUISE = re.compile(f"[{COMBINING_MARKS}{FOLDABLE.pattern[1:-1]}]")


def _may_hold_label(text: str) -> bool:
    """A quick look for a role word, so that the scan for labels runs only where one can be."""
    lowered = text.lower()
    if _hint_in(lowered):
        return True
    if lowered.isascii() or not DISGUISE.search(lowered):
        return False
    # Look-alike letters, or a mark under a letter, which stays a character of its own after NFC
    # ('be̱geleider'): look past them.
    return _hint_in(COMBINING.sub("", fold(lowered)).lower())


def _is_label(label: str) -> bool:
    if not label.isascii():  # a mark under a letter ('be̱geleider') does not make it another word
        label = "".join(c for c in unicodedata.normalize("NFD", label) if not unicodedata.combining(c))
    words = LABEL_WORD.findall(label.lower().replace("n.b.", "nb").replace("(s)", ""))
    if not words or not words[0].isalpha():
        return False
    roles = [w for w in words if w in FACILITATOR_LABEL_ROLES or w.startswith(ROLE_STEMS)]
    not_for_participants = "niet" in words and any(w in FACILITATOR_LABEL_AUDIENCE or w in NOT_TO_SHARE for w in words)
    if not roles and not not_for_participants:
        return False
    return all(
        w in FACILITATOR_LABEL_FILLERS
        or w in FACILITATOR_LABEL_AUDIENCE
        or w in LABEL_PUNCTUATION
        or w in NOT_TO_SHARE
        or w in roles
        for w in words
    )


# Where a label may start inside text: after a sentence ends (also without a space, or inside a
# quote or bracket), after an opening bracket, after a colon, or after a dash between spaces.
SENTENCE_START = re.compile(r"(?:[.!?;:…][\"'”’)\]]*\s*|,\s+|[(\[]\s*|\s[-–—]\s+)(?=\S)")


def _hidden_label_check(token: LineToken, stripped: str, notices: list[Notice], in_step: bool) -> None:
    """A facilitator label inside text that participants may read (a list item, a title, after
    a full stop) is an error: the text after it would reach the hand-out and the cards."""
    if token.terminal == "FACILITATOR":
        return
    text = token.text
    starts = [] if stripped.startswith("\\") and stripped[1:2].strip() and token.terminal == "PROSE" else [0]
    starts += [found.end() for found in SENTENCE_START.finditer(text)]
    for start in starts:
        found = facilitator_label_at(text, start)
        if found is not None:
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
            return


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
