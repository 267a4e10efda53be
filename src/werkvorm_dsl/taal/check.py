"""werkvorm taal: Dutch spelling (Hunspell) and plain-language (B1) signals, at the word's own place.

The words come from the author's source lines themselves, not from the AST's joined text, so a
word's line and column are those an editor shows, continuation lines and invisible characters
included. The AST only says which lines hold what (prose.pieces) and who reads them.
"""

from __future__ import annotations

import bisect
import re
import stat
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from enum import Enum
from functools import lru_cache
from importlib import resources

from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
from werkvorm_dsl.language.lexer import CONTROLS, INVISIBLE
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
from werkvorm_dsl.system.files import FileFault

WORD_LIST_NAME = "werkvorm-woorden.txt"  # the author's own words, beside the werkvormen or in a folder above
MAX_SUGGESTED_WORDS = 20  # Hunspell needs up to half a second per suggestion for Dutch compounds
MAX_SUGGESTED_LENGTH = 40  # longer words get no suggestion: the search grows with the word
MIN_WORDS_FOR_SCORE = 40  # below this a readability score says more about chance than about the text


class Reader(Enum):
    """Who reads a piece of text, and in which document part, for the B1 signals and their score."""

    INVITATION = "de uitnodiging"
    INTRODUCTION = "de inleiding (titel, gegevens en doel)"
    PROGRAMME = "het programma (stappen en kaarten)"
    QUESTIONS = "de vragenlijsten"
    FACILITATOR = "de tekst voor de begeleider"


@dataclass(frozen=True)
class Settings:
    """What `werkvorm taal` checks; the defaults are those of docs/taalgids.md."""

    max_sentence_words: int = 20  # B1 advice: at most 15 to 20 words a sentence
    min_score: int = 60  # Flesch-Douma: 60-70 is 'normaal' in Douma's own table
    facilitator_b1: bool = False  # --draaiboek: the facilitator's text gets the B1 signals too
    suggest: bool = True  # off where only the count matters (the build's summary line): suggesting is slow


@dataclass(frozen=True, slots=True)
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


def plain_form(written: str) -> str:
    """The word as the dictionary should read it: no invisible characters, ligatures and look-alike
    forms made plain (NFKC), one kind of apostrophe."""
    text = INVISIBLE_IN_WORD.sub("", written).replace("’", "'")
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def masked_line(text: str) -> str:
    """The line with addresses, e-mail addresses, link targets and code blanked out (same length, so
    columns stay), in linear time: no pattern here can backtrack over a long run of characters."""
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
    end = SENTENCE_END.match(gap.lstrip(" *_\"'”’)"))
    if end is None:
        return bool(STRONG_END.search(gap))
    if STRONG_END.search(end.group()):
        return True
    if written.lower() in ABBREVIATIONS or len(written) == 1:
        return False  # 'bijv.', 'o.a.', 'J. Jansen'
    return not next_char or not next_char.islower()


# --- which text is whose ---------------------------------------------------------------------


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
        waiting.extend(getattr(node, f.name) for f in fields(node))
    return found, values


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


# --- the dictionary --------------------------------------------------------------------------


class Speller:
    """Hunspell's Dutch dictionary through pyenchant, with the shipped and the author's word lists.

    Measured on these machines (issue 13): pyenchant loads nl_NL in 0.5 s and checks a word in
    0.02 ms; spylls (pure Python) took 4.3 s to load and 4 to 9 s per suggestion. Hence pyenchant.
    """

    MAX_KNOWN = 200_000  # words remembered; a long-running server forgets the oldest beyond this

    def __init__(self, dictionary, accepted: WordList):
        self.dictionary = dictionary
        self.accepted = accepted
        self.known: dict[str, bool] = {}
        self.suggested: dict[str, tuple[str, ...]] = {}
        # Hunspell is not made for threads; `werkvorm serve` checks drafts in several at once.
        self.lock = threading.Lock()

    def knows(self, word: str, extra: WordList) -> bool:
        if self.accepted.has(word) or extra.has(word):
            return True
        known = self.known.get(word)
        if known is None:
            known = self._dictionary_knows(word)
            if len(self.known) >= self.MAX_KNOWN:
                self.known.clear()  # cheaper than tracking age; the dictionary answers in microseconds
            self.known[word] = known
        return known

    def _dictionary_knows(self, word: str) -> bool:
        with self.lock:
            try:
                return bool(self.dictionary.check(word))
            except Exception:  # pyenchant refuses words it cannot encode; such a word is no Dutch word
                return False

    def suggest(self, word: str) -> tuple[str, ...]:
        if word not in self.suggested:
            self.suggested[word] = suggestions_of(self.dictionary, word, self.lock)
        return self.suggested[word]


def suggestions_of(dictionary, word: str, lock: threading.Lock) -> tuple[str, ...]:
    """At most three of Hunspell's suggestions for a word, without the ones of several words and
    without the parts of a compound that Hunspell offers on their own ("uurr": not "uur-")."""
    with lock:
        try:
            found = dictionary.suggest(word)
        except Exception:  # pyenchant refuses words it cannot encode
            found = []
    return tuple(s for s in found if " " not in s and not s.startswith("-") and not s.endswith("-"))[:3]


@dataclass(frozen=True)
class Spelling:
    """The dictionary for one run of the checks and where its suggestions come from. Without a
    speller (no dictionary on this machine, or still loading in a server) spelling is skipped."""

    speller: Speller | None
    suggest: Callable[[str], tuple[str, ...]]


def standard_spelling(settings: Settings) -> Spelling:
    """What `werkvorm taal` and `werkvorm build` use: suggestions for the first words of a file only."""
    speller_ = speller()
    left = [MAX_SUGGESTED_WORDS if settings.suggest else 0]

    def suggest(word: str) -> tuple[str, ...]:
        if left[0] <= 0 or len(word) > MAX_SUGGESTED_LENGTH:
            return ()
        left[0] -= 1
        return speller_.suggest(word)

    return Spelling(speller_, suggest)


@lru_cache(maxsize=1)
def speller() -> Speller:
    """The dictionary, loaded once per process; a missing one is a fault of the set-up (exit 2)."""
    return Speller(load_dictionary(), shipped_words())


def load_dictionary():
    """A Dutch Hunspell dictionary of its own: a new broker, since one broker hands out one shared
    dictionary per language, and a dictionary may serve only one thread at a time."""
    try:
        import enchant  # pyenchant; loads libenchant and Hunspell in C
    except (ImportError, OSError, AssertionError) as error:  # pyenchant asserts that PYENCHANT_LIBRARY_PATH exists
        raise FileFault(
            f"Voor de spellingcontrole ontbreekt de bibliotheek Enchant ({error}).",
            "T100",
            "werkvorm taal",
            "Draai 'make' opnieuw, of installeer met: sudo apt-get install libenchant-2-2 hunspell-nl",
        ) from None
    try:
        broker = enchant.Broker()
        broker.set_ordering("nl_NL", "hunspell")  # the same dictionary on every machine: OpenTaal's
        dictionary = broker.request_dict("nl_NL")
    except enchant.errors.Error:
        raise FileFault(
            "Het Nederlandse woordenboek (OpenTaal, voor Hunspell) is niet geïnstalleerd.",
            "T100",
            "werkvorm taal",
            "Draai 'make' opnieuw, of installeer met: sudo apt-get install hunspell-nl",
        ) from None
    return dictionary


@dataclass(frozen=True)
class WordList:
    """Accepted words. A word in lower case is accepted in any case ('intervisie', 'Intervisie',
    'INTERVISIE'); a word with capitals only as written or in capitals ('Balint', 'BALINT')."""

    any_case: frozenset[str] = frozenset()
    exact: frozenset[str] = frozenset()

    exact_upper: frozenset[str] = frozenset()

    def has(self, word: str) -> bool:
        return word.lower() in self.any_case or word in self.exact or word in self.exact_upper

    @staticmethod
    def of(words) -> WordList:
        words = [w for w in words if w]
        exact = frozenset(w for w in words if not w.islower())
        return WordList(frozenset(w for w in words if w.islower()), exact, frozenset(w.upper() for w in exact))

    def __or__(self, other: WordList) -> WordList:
        return WordList(self.any_case | other.any_case, self.exact | other.exact, self.exact_upper | other.exact_upper)


def word_list_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, word) of a word list: one word a line; '#' starts a comment line."""
    for number, line in enumerate(text.split("\n"), start=1):
        word = plain_form(line.strip())
        if word and not word.startswith("#"):
            yield number, word


@lru_cache(maxsize=1)
def shipped_words() -> WordList:
    text = resources.files("werkvorm_dsl.taal").joinpath("data/veldwoorden.txt").read_text(encoding="utf-8")
    return WordList.of(word for _, word in word_list_lines(text))


@dataclass(frozen=True, slots=True)
class Difficult:
    """A word from the list of difficult words, with a plainer one to write instead."""

    word: str
    instead: str


@lru_cache(maxsize=1)
def difficult_words() -> dict[str, Difficult]:
    """Every form of every difficult word (see taal/data/moeilijke-woorden.tsv), by its lower-case form."""
    text = resources.files("werkvorm_dsl.taal").joinpath("data/moeilijke-woorden.tsv").read_text(encoding="utf-8")
    found: dict[str, Difficult] = {}
    for line in text.split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        word, instead, _source = line.split("\t")
        entry = Difficult(word, instead)
        for form in word_forms(word):
            found.setdefault(form, entry)
    return found


def word_forms(word: str) -> tuple[str, ...]:
    """A word and, for a verb ending in -eren, its common forms: faciliteren, faciliteert,
    faciliteerde(n), gefaciliteerd. Phrases ('door middel van') stay as they are."""
    if " " in word or not word.endswith("eren") or len(word) < 7:
        return (word,)
    stem = word[:-4] + "eer"  # facilit + eer
    return (word, stem + "t", stem + "de", stem + "den", "ge" + stem + "d")


# --- the checks ------------------------------------------------------------------------------


def check_taal(
    werkvorm: Werkvorm,
    lines: list[str],
    filename: str,
    settings: Settings = Settings(),
    extra_words: WordList = WordList(),
    spelling: Spelling | None = None,
) -> list[Diagnostic]:
    """Spelling for every piece, B1 signals for what participants read (and the draaiboek on request).
    `spelling` is the dictionary and its suggestions; by default those of `werkvorm taal`."""
    found: list[Diagnostic] = []
    spelling = spelling or standard_spelling(settings)
    by_part: dict[Reader, list[Piece]] = {}
    for piece in pieces_with_readers(werkvorm, lines):
        for token in piece.tokens:
            if token.is_word and spelling.speller is not None:
                found.extend(_spelling(token, spelling, extra_words, filename))
        if piece.reader is not Reader.FACILITATOR or settings.facilitator_b1:
            by_part.setdefault(piece.reader, []).append(piece)
    for reader, part in by_part.items():
        found.extend(_b1_signals(reader, part, filename, settings))
    switched_off = switches(lines, filename)
    found.extend(switched_off.problems)
    return sorted((d for d in found if not switched_off.covers(d)), key=lambda d: (d.span.line, d.span.column, d.code))


def _spelling(token: Token, spelling: Spelling, extra: WordList, filename: str) -> Iterator[Diagnostic]:
    speller_ = spelling.speller
    if speller_ is None:
        return  # no dictionary: check_taal does not ask then
    word = token.plain
    if len(word.replace("'", "").replace("-", "")) < 2:
        return  # single letters: 'o.a.', 'A&O', a list's 'a'
    foreign = _lookalike(word)
    if foreign is not None:
        yield Diagnostic(
            "T102",
            Severity.ERROR,
            filename,
            token.span,
            f"In '{token.written}' staat een {foreign}, die op een gewone letter lijkt.",
            "Typ het woord opnieuw met gewone letters; het kwam misschien mee met geplakte tekst.",
        )
        return
    if not _has_latin(word) or speller_.knows(word, extra) or _abbreviation(word):
        return  # Greek or Cyrillic words are not Dutch to check; known words and abbreviations pass
    for part, offset in _unknown_parts(word, speller_, extra):
        span = Span(token.line, token.column + offset, token.line, token.column + offset + len(part))
        yield _unknown_word(part, span, spelling.suggest(part), filename)


def _unknown_parts(word: str, speller_: Speller, extra: WordList) -> Iterator[tuple[str, int]]:
    """The parts of a hyphenated compound the dictionary does not know ('HR-adviseur' is fine when
    'adviseur' is known and 'HR' is an abbreviation); the whole word when it has no hyphen."""
    if "-" not in word:
        yield word, 0
        return
    offset = 0
    for part in word.split("-"):
        known = not part or speller_.knows(part, extra) or _abbreviation(part)
        if not known:
            yield part, offset
        offset += len(part) + 1


def _abbreviation(word: str) -> bool:
    """HR, MT, KPI: capitals only, at most five. A longer word in capitals (a heading) is checked."""
    return word.isupper() and len(word) <= 5


def _unknown_word(word: str, span: Span, suggestions: tuple[str, ...], filename: str) -> Diagnostic:
    if suggestions:
        shown = " of ".join(f'"{s}"' for s in suggestions)
        message = f'"{word}" staat niet in het woordenboek: bedoelt u {shown}?'
    else:
        message = f'"{word}" staat niet in het woordenboek.'
    return Diagnostic(
        "T101",
        Severity.ERROR,
        filename,
        span,
        message,
        f"Is het toch goed (een naam of een vakwoord), zet het dan op een eigen regel in {WORD_LIST_NAME} "
        "naast uw werkvormen.",
    )


LOOKALIKE_SCRIPTS = {"CYRILLIC": "Cyrillische letter", "GREEK": "Griekse letter"}


def _lookalike(word: str) -> str | None:
    """A Cyrillic or Greek letter inside a word of Latin letters: 'medewеrkers' with a Cyrillic е."""
    if word.isascii() or not _has_latin(word):
        return None
    for char in word:
        if char.isalpha() and not char.isascii():
            script = unicodedata.name(char, "").split(" ")[0]
            if script in LOOKALIKE_SCRIPTS:
                return f"{LOOKALIKE_SCRIPTS[script]} '{char}' (U+{ord(char):04X})"
    return None


def _has_latin(word: str) -> bool:
    return any((char.isascii() and char.isalpha()) or "LATIN" in unicodedata.name(char, "") for char in word)


# --- B1 ------------------------------------------------------------------------------------------


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


def _b1_signals(reader: Reader, part: list[Piece], filename: str, settings: Settings) -> Iterator[Diagnostic]:
    counted = Readability()
    for piece in part:
        yield from _difficult(piece, filename)
        if not piece.is_prose:
            continue
        for sentence in sentences(piece):
            counted.add(sentence)
            yield from _long_sentence(sentence, filename, settings)
            yield from _passive(sentence, filename)
    yield from counted.verdict(reader, part, filename, settings)


def _long_sentence(sentence: Sentence, filename: str, settings: Settings) -> Iterator[Diagnostic]:
    count = len(sentence.tokens)
    if count > settings.max_sentence_words:
        first, last = sentence.tokens[0], sentence.tokens[-1]
        # On one line the caret runs under the whole sentence; over several lines, under its start.
        end_column = last.column + len(last.written) if last.line == first.line else first.column + len(first.written)
        yield Diagnostic(
            "T201",
            Severity.WARNING,
            filename,
            Span(first.line, first.column, first.line, end_column),
            f"Deze zin telt {count} woorden; voor lezers op B1-niveau is {settings.max_sentence_words} het meeste.",
            "Maak er twee of drie zinnen van, met één boodschap per zin.",
        )


def _difficult(piece: Piece, filename: str) -> Iterator[Diagnostic]:
    words = [t for t in piece.tokens if t.is_word]
    lowered = [t.plain.lower() for t in words]
    difficult = difficult_words()
    for index, word in enumerate(lowered):
        entry = difficult.get(word)
        if entry is None:
            phrase = _phrase_at(lowered, index, difficult)
            if phrase is None:
                continue
            entry, length = phrase
            first, last = words[index], words[index + length - 1]
            span = Span(first.line, first.column, last.line, last.column + len(last.written))
        else:
            span = words[index].span
        yield Diagnostic(
            "T202",
            Severity.WARNING,
            filename,
            span,
            f"'{entry.word}' is voor veel lezers een moeilijk woord; schrijf liever: {entry.instead}.",
            "Moet het woord blijven, leg het dan in gewone woorden uit.",
        )


@lru_cache(maxsize=1)
def _phrases() -> dict[str, list[tuple[tuple[str, ...], Difficult]]]:
    found: dict[str, list[tuple[tuple[str, ...], Difficult]]] = {}
    for form, entry in difficult_words().items():
        if " " in form:
            words = tuple(form.split(" "))
            found.setdefault(words[0], []).append((words, entry))
    return found


def _phrase_at(lowered: list[str], index: int, difficult) -> tuple[Difficult, int] | None:
    for words, entry in _phrases().get(lowered[index], ()):
        if tuple(lowered[index : index + len(words)]) == words:
            return entry, len(words)
    return None


PASSIVE_AUXILIARIES = frozenset({"wordt", "worden", "werd", "werden"})
PARTICIPLE = re.compile(r"^(?:ge|be|ver|ont|her)\w{2,}(?:d|t|en)$")
NOT_PARTICIPLES = frozenset(
    {
        "geen",
        "gezien",
        "gewoon",
        "geven",
        "gaven",
        "verder",
        "vergeten",
        "genoeg",
        "gelegen",
        "betekent",
        "bent",
        "verschillend",
        "verschillende",
        "herken",
        "gelijk",
        "heel",
    }
)


def _passive(sentence: Sentence, filename: str) -> Iterator[Diagnostic]:
    """'wordt … gedaan': an auxiliary of the passive and, later in the same sentence, a participle.
    Only the first auxiliary is followed: a participle after a later one also follows the first,
    so one pass over the sentence is enough, however many auxiliaries it holds."""
    words = sentence.words
    first = next((i for i, w in enumerate(words) if w.plain.lower() in PASSIVE_AUXILIARIES), None)
    if first is None:
        return
    word = words[first]
    for later in words[first + 1 :]:
        lowered = later.plain.lower()
        if PARTICIPLE.match(lowered) and lowered not in NOT_PARTICIPLES and lowered not in PASSIVE_AUXILIARIES:
            yield Diagnostic(
                "T203",
                Severity.INFO,
                filename,
                Span(word.line, word.column, word.line, word.column + len(word.written)),
                f"'{word.written} … {later.written}' is een lijdende vorm; die leest minder makkelijk.",
                "Zeg wie het doet: niet 'de vraag wordt gesteld', maar 'de begeleider stelt de vraag'.",
            )
            return


class Readability:
    """Flesch-Douma over one document part: 206.835 − 0.93 × words per sentence − 77 × syllables
    per word (Douma 1960); syllables by pyphen's Dutch hyphenation patterns."""

    def __init__(self):
        self.sentences = self.words = self.syllables = 0

    def add(self, sentence: Sentence) -> None:
        words = sentence.words
        if not words:
            return
        self.sentences += 1
        self.words += len(words)
        self.syllables += sum(syllables(w.plain) for w in words)

    @property
    def score(self) -> float:
        return 206.835 - 0.93 * (self.words / self.sentences) - 77 * (self.syllables / self.words)

    def verdict(self, reader: Reader, part: list[Piece], filename: str, settings: Settings) -> Iterator[Diagnostic]:
        if self.words < MIN_WORDS_FOR_SCORE:
            return
        score = self.score
        if score < settings.min_score:
            first = next(t for p in part for t in p.tokens)
            yield Diagnostic(
                "T204",
                Severity.WARNING,
                filename,
                first.span,
                f"De leesbaarheid van {reader.value} is {score:.0f} op de schaal van Flesch-Douma; "
                f"voor B1 is {settings.min_score} of hoger het doel ({self.words} woorden in "
                f"{self.sentences} zinnen, gemiddeld {self.words / self.sentences:.0f} woorden per zin).",
                "Kortere zinnen en kortere woorden maken de score hoger.",
            )


@lru_cache(maxsize=65536)  # texts repeat their words; pyphen works each one out letter by letter
def syllables(word: str) -> int:
    """Syllables of a Dutch word: pyphen's hyphenation points plus one, per part of a compound."""
    patterns = hyphenator()
    return sum(len(patterns.positions(part)) + 1 for part in word.replace("'", "-").split("-") if part)


@lru_cache(maxsize=1)
def hyphenator():
    import pyphen  # WeasyPrint brings it; only `werkvorm taal` needs it, and only for the score

    return pyphen.Pyphen(lang="nl_NL")


# --- switching a rule off for one line -----------------------------------------------------


SWITCH = re.compile(r"^\s*#\s*taal\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
KNOWN_CODES = frozenset({"T101", "T102", "T201", "T202", "T203", "T204"})


@dataclass
class Switches:
    """The lines where an author switched rules off with '# taal: uit', and what the marks said wrong."""

    off: dict[int, frozenset[str]] = field(default_factory=dict)  # line -> codes; empty set: every rule
    problems: list[Diagnostic] = field(default_factory=list)

    def covers(self, diagnostic: Diagnostic) -> bool:
        codes = self.off.get(diagnostic.span.line)
        return codes is not None and (not codes or diagnostic.code in codes) and diagnostic.code in KNOWN_CODES


def switches(lines: list[str], filename: str) -> Switches:
    """'# taal: uit' switches every rule off for the next line with text; '# taal: uit T201 T203'
    only those. A comment line: the werkvorm itself stays as it is."""
    found = Switches()
    waiting: tuple[int, frozenset[str]] | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            mark = SWITCH.match(stripped)
            if mark is not None:
                column = line.index("#") + 1
                waiting = _read_switch(
                    mark.group("rest"), Span(number, column, number, column + len(stripped)), filename, found.problems
                )
            continue
        if waiting is not None:
            found.off[number] = waiting[1]
            waiting = None
    return found


def _read_switch(rest: str, span: Span, filename: str, problems: list[Diagnostic]) -> tuple[int, frozenset[str]] | None:
    words = rest.replace(",", " ").split()
    number = span.line
    if not words or words[0].lower() != "uit":
        problems.append(
            Diagnostic(
                "T103",
                Severity.WARNING,
                filename,
                span,
                "Deze '# taal:'-regel begrijp ik niet; ik zet geen controle uit.",
                "Schrijf '# taal: uit' (alles uit voor de volgende regel) of '# taal: uit T201' (alleen die melding).",
            )
        )
        return None
    codes = frozenset(w.upper() for w in words[1:])
    unknown = sorted(codes - KNOWN_CODES)
    if unknown:
        problems.append(
            Diagnostic(
                "T103",
                Severity.WARNING,
                filename,
                span,
                f"De code {', '.join(unknown)} ken ik niet in '# taal: uit'.",
                f"Kies uit {', '.join(sorted(KNOWN_CODES))}, of laat de code weg om alles uit te zetten.",
            )
        )
        if not codes & KNOWN_CODES:
            return None  # only unknown codes: switching everything off would be a guess
    return number, codes & KNOWN_CODES


# --- the author's own words ------------------------------------------------------------------


def author_words(path: str) -> WordList:
    """The words of every werkvorm-woorden.txt in the werkvorm's folder and the folders above it,
    up to the repository's root (the folder with .git), so one list serves a whole repository.
    A list is read again when it changed: `werkvorm serve` and `werkvorm lsp` run for hours."""
    import os

    found = WordList()
    folder = os.path.dirname(os.path.abspath(path))
    while True:
        listed = os.path.join(folder, WORD_LIST_NAME)
        try:
            status = os.stat(listed)
        except (OSError, ValueError):  # none here (or a name the system cannot even look up)
            status = None
        if status is not None and stat.S_ISREG(status.st_mode):
            found = found | _word_list(listed, status.st_mtime_ns, status.st_size)
        parent = os.path.dirname(folder)
        if os.path.exists(os.path.join(folder, ".git")) or parent == folder:
            return found
        folder = parent


@lru_cache(maxsize=64)
def _word_list(path: str, _modified: int, _size: int) -> WordList:
    """One list, read once per version of the file (its time and size are part of the cache key)."""
    return WordList.of(word for _, word in word_list_lines(_read_word_list(path)))


def _read_word_list(path: str) -> str:
    from werkvorm_dsl.system.files import reason

    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_WORD_LIST_BYTES + 1)
    except OSError as error:
        raise FileFault(
            f"Kan de woordenlijst niet lezen ({reason(error)}).",
            "T104",
            path,
            "Kijk of u het bestand mag lezen, of haal het weg.",
        ) from None
    if len(data) > MAX_WORD_LIST_BYTES:
        raise FileFault(
            "Deze woordenlijst is groter dan 5 MB; dat is geen lijst van eigen woorden.",
            "T104",
            path,
            "Zet er alleen de namen en vakwoorden in die het woordenboek niet kent.",
        )
    return data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n").replace("\r", "\n")


MAX_WORD_LIST_BYTES = 5 * 1024 * 1024
