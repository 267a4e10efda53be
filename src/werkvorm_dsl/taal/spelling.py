"""Spelling: Hunspell's Dutch dictionary with the shipped and the author's word lists (T101, T102)."""

from __future__ import annotations

import os
import stat
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
from werkvorm_dsl.language.nodes import Span
from werkvorm_dsl.system.files import FileFault
from werkvorm_dsl.taal.shipped import shipped_text
from werkvorm_dsl.taal.text import ABBREVIATIONS, CLOSING_ABBREVIATIONS, Token, plain_form

WORD_LIST_NAME = "werkvorm-woorden.txt"  # the author's own words, beside the werkvormen or in a folder above
MAX_SUGGESTED_WORDS = 20  # Hunspell needs up to half a second per suggestion for Dutch compounds
MAX_SUGGESTED_LENGTH = 40  # longer words get no suggestion: the search grows with the word


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


def standard_spelling(with_suggestions: bool = True) -> Spelling:
    """What `werkvorm taal` and `werkvorm build` use: suggestions for the first words of a file only."""
    for loader in _loaders:
        loader.join()  # load_soon's thread, if it is still at it
    speller_ = speller()
    left = [MAX_SUGGESTED_WORDS if with_suggestions else 0]

    def suggest(word: str) -> tuple[str, ...]:
        if left[0] <= 0 or len(word) > MAX_SUGGESTED_LENGTH:
            return ()
        left[0] -= 1
        return speller_.suggest(word)

    return Spelling(speller_, suggest)


_loaders: list[threading.Thread] = []  # the thread load_soon started


def load_soon() -> None:
    """Start loading the dictionary in a thread of its own. Hunspell reads it in C, about a tenth of a
    second, while the rest of `werkvorm taal` loads and reads the werkvormen. standard_spelling waits
    for it; a dictionary that will not load is reported there, when it is asked for again."""
    if speller.cache_info().currsize or any(loader.is_alive() for loader in _loaders):
        return
    loader = threading.Thread(target=_load_quietly, name="werkvorm-woordenboek", daemon=True)
    _loaders[:] = [loader]
    loader.start()


def _load_quietly() -> None:
    try:
        speller()
    except Exception:  # whoever asks for the speller next meets the fault again, and reports it
        pass


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
    text = shipped_text("veldwoorden.txt")
    return WordList.of(word for _, word in word_list_lines(text))


def spelling_problems(token: Token, spelling: Spelling, extra: WordList, filename: str) -> Iterator[Diagnostic]:
    """T102 for a look-alike letter in a word, T101 for each part of it the dictionary does not know."""
    speller_ = spelling.speller
    if speller_ is None:
        return  # no dictionary: spelling is skipped
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
    if token.is_abbreviation or not _has_latin(word) or _known(word, speller_, extra):
        return  # 'o.a.'; Greek or Cyrillic words are not Dutch to check; known words pass
    if token.gap.startswith(".") and _known_abbreviation(word, speller_, extra):
        return  # 'bijv.', 'incl.', 'ca.'
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
        known = not part or _known(part, speller_, extra)
        if not known:
            yield part, offset
        offset += len(part) + 1


def _known(word: str, speller_: Speller, extra: WordList) -> bool:
    """In the dictionary or a word list, an abbreviation in capitals, or a known word written with a
    capital as a sentence starts ('December', 'Eén')."""
    return speller_.knows(word, extra) or _abbreviation(word) or _known_with_capital(word, speller_, extra)


def _known_with_capital(word: str, speller_: Speller, extra: WordList) -> bool:
    """A sentence, title or list item starts with a capital, which the dictionary does not always
    allow ('December'). At a capital the accent may be left off: 'Eén' for 'één' (Taalunie)."""
    first = word[0]
    if not first.isupper() or word.isupper():
        return False
    rest = word[1:]
    if speller_.knows(first.lower() + rest, extra):
        return True
    accented = STRESS_ACCENTS.get(first)
    return accented is not None and speller_.knows(accented + rest, extra)


STRESS_ACCENTS = {"A": "á", "E": "é", "I": "í", "O": "ó", "U": "ú"}


def _known_abbreviation(word: str, speller_: Speller, extra: WordList) -> bool:
    """A word before a full stop that is a known abbreviation with it: 'bijv.', 'incl.', 'ca.'."""
    lowered = word.lower()
    return lowered in ABBREVIATIONS or lowered in CLOSING_ABBREVIATIONS or speller_.knows(word + ".", extra)


def _abbreviation(word: str) -> bool:
    """HR, MT, KPI: capitals only, at most five, also with the plural 's ('PDF's'). A longer word in
    capitals (a heading) is checked."""
    if word.endswith("'s"):
        word = word[:-2]
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
    if word[:1].isascii() and word[:1].isalpha():
        return True  # nearly every word: its first letter answers already
    return any((char.isascii() and char.isalpha()) or "LATIN" in unicodedata.name(char, "") for char in word)


def author_words(path: str) -> WordList:
    """The words of every werkvorm-woorden.txt in the werkvorm's folder and the folders above it,
    up to the repository's root (the folder with .git), so one list serves a whole repository.
    A list is read again when it changed: `werkvorm serve` and `werkvorm lsp` run for hours."""
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
