"""Taal while the author types (serve, lsp): the dictionary loaded aside, suggestions found in the background.

A check of a draft never waits for Hunspell: the dictionary loads in a thread of its own (until it
is there, about a second, a check gives no taal at all), and suggestions ("bedoelt u …?"), which take up to a
second a word, are worked out one word at a time by a second thread with a dictionary of its own.
A check uses the suggestions found so far and asks for the missing ones; the server shows them on
a later check (the editor asks again while `waiting` is above zero; the language server publishes
again when told).
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from werkvorm_dsl.language.diagnostics import Diagnostic
from werkvorm_dsl.language.nodes import Werkvorm
from werkvorm_dsl.system.files import FileFault
from werkvorm_dsl.taal.check import Settings, check_taal
from werkvorm_dsl.taal.spelling import (
    MAX_SUGGESTED_LENGTH,
    MAX_SUGGESTED_WORDS,
    Speller,
    Spelling,
    WordList,
    author_words,
    load_dictionary,
    speller,
    suggestions_of,
)
from werkvorm_dsl.taal.syllables import dutch_points


class Availability(Enum):
    """Whether spelling can be checked in this process."""

    LOADING = "laden"
    READY = "klaar"
    OFF = "uit"  # no dictionary on this machine (T100): the B1 signals still come


LOADING_NOTE = "De spellingcontrole wordt nog geladen; zo meteen staan spelfouten hier ook bij."


@dataclass(frozen=True)
class LiveResult:
    """Taal for one version of a text: its diagnostics, and what the author should know besides."""

    availability: Availability
    diagnostics: list[Diagnostic]
    waiting: int = 0  # unknown words of this text whose suggestions are still being worked out
    note: str = ""  # Dutch: why spelling is not (yet) checked, or why the word list was left out


class Suggester:
    """Suggestions for unknown words, found one word at a time in a thread with its own dictionary.

    Each document keeps one list of words waiting: a newer check of the same document replaces it,
    so the words of a version the author has typed past are never looked up. The document checked
    last goes first. Found suggestions are kept (the most recent KEPT words) for every document.
    """

    KEPT = 5000
    DOCUMENTS = 64  # documents with words waiting; the one waiting longest is dropped beyond this

    def __init__(self, on_found: Callable[[str], None] | None = None, load: Callable[[], object] = load_dictionary):
        self.on_found = on_found
        self.load = load
        self.found: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        self.waiting: OrderedDict[str, list[str]] = OrderedDict()
        self.condition = threading.Condition()
        self.thread: threading.Thread | None = None
        self.broken = False  # the dictionary would not load: nothing is looked up any more

    def cached(self, word: str) -> tuple[str, ...] | None:
        with self.condition:
            found = self.found.get(word)
            if found is not None:
                self.found.move_to_end(word)
            return found

    def want(self, document: str, words: list[str]) -> None:
        """The words of this document's newest version still without suggestions (may be none)."""
        with self.condition:
            self.waiting.pop(document, None)
            if not words or self.broken:
                return
            self.waiting[document] = list(dict.fromkeys(words))
            while len(self.waiting) > self.DOCUMENTS:
                self.waiting.popitem(last=False)
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="werkvorm-suggesties", daemon=True)
                self.thread.start()
            self.condition.notify()

    def _run(self) -> None:
        _yield_to_checks()
        try:
            dictionary = self.load()
        except FileFault:
            with self.condition:
                self.broken = True
                self.waiting.clear()
            return
        lock = threading.Lock()  # this dictionary is ours alone; the lock only satisfies the helper
        while True:
            with self.condition:
                while not self.waiting:
                    self.condition.wait()
                document, words = next(reversed(self.waiting.items()))
                word = words.pop(0)
                if not words:
                    del self.waiting[document]
            suggestions = suggestions_of(dictionary, word, lock)  # outside the lock: checks go on meanwhile
            with self.condition:
                self.found[word] = suggestions
                while len(self.found) > self.KEPT:
                    self.found.popitem(last=False)
            if self.on_found is not None:
                try:
                    self.on_found(document)
                except Exception as error:
                    print(f"werkvorm: een suggestie doorgeven lukte niet ({type(error).__name__}).", file=sys.stderr)


SUGGESTION_NICENESS = 10  # how far the suggestion thread stands back for the checks of a key (19: the most)


def _yield_to_checks() -> None:
    """Suggestions take up to a second of processor time a word: this thread gets less of a busy
    processor than the check of the author's next key does. Linux gives each thread its own
    niceness; where that cannot be set, suggestions simply run as before."""
    import os

    try:
        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread, min(os.getpriority(os.PRIO_PROCESS, thread) + SUGGESTION_NICENESS, 19))
    except (AttributeError, OSError):
        pass


@dataclass
class LiveTaal:
    """`werkvorm taal` for a server process: started once, then asked for every version of a text."""

    on_ready: Callable[[], None] | None = None  # called (from the loading thread) once the dictionary is there
    on_found: Callable[[str], None] | None = None  # called (from the suggestion thread) with a document
    settings: Settings = Settings()
    load: Callable[[], Speller] = speller
    availability: Availability = Availability.LOADING
    off_note: str = ""
    speller: Speller | None = None
    started: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    suggester: Suggester | None = None

    def __post_init__(self):
        if self.suggester is None:
            self.suggester = Suggester(self.on_found)

    def start(self) -> None:
        """Loads the dictionary in a thread; a second call does nothing."""
        with self.lock:
            if self.started:
                return
            self.started = True
        threading.Thread(target=self._load, name="werkvorm-woordenboek", daemon=True).start()

    def _load(self) -> None:
        try:
            dutch_points()  # the patterns for the readability score, here and not in a check
        except Exception:
            pass
        try:
            loaded = self.load()
        except FileFault as fault:
            self.off_note = f"De spellingcontrole staat uit: {fault.message} Tip: {fault.hint}"
            self.availability = Availability.OFF
        else:
            self.speller = loaded
            self.availability = Availability.READY
        if self.on_ready is not None:
            self.on_ready()

    def check(
        self, werkvorm: Werkvorm | None, lines: list[str], filename: str, document: str, words_beside: str | None = None
    ) -> LiveResult:
        """Taal for one version of a document, without waiting for the dictionary or a suggestion.
        `words_beside` is the werkvorm's path on disk, whose folders may hold the author's word lists."""
        self.start()
        speller_ = self.speller  # read once: the loading thread may set it meanwhile
        availability = Availability.READY if speller_ is not None else self.availability
        note = LOADING_NOTE if availability is Availability.LOADING else self.off_note
        if werkvorm is None or availability is Availability.LOADING:
            return LiveResult(availability, [], 0, note)  # a second at most; the editor asks again
        extra = WordList()
        if words_beside is not None:
            try:
                extra = author_words(words_beside)
            except FileFault as fault:
                note = f"{fault.message} Tip: {fault.hint}"
        suggester = self.suggester
        assert suggester is not None  # made in __post_init__
        missing: list[str] = []
        spelling = Spelling(speller_, _suggestions_so_far(suggester, missing))
        found = check_taal(werkvorm, lines, filename, self.settings, extra, spelling)
        suggester.want(document, missing)
        return LiveResult(availability, found, len(missing), note)


def _suggestions_so_far(suggester: Suggester, missing: list[str]) -> Callable[[str], tuple[str, ...]]:
    """Suggestions for the first words of a text, as `werkvorm taal` gives them, from what the
    suggestion thread found; the ones it has not found yet go into `missing`."""
    left = [MAX_SUGGESTED_WORDS]

    def suggest(word: str) -> tuple[str, ...]:
        if left[0] <= 0 or len(word) > MAX_SUGGESTED_LENGTH:
            return ()
        left[0] -= 1
        found = suggester.cached(word)
        if found is None:
            missing.append(word)
            return ()
        return found

    return suggest
