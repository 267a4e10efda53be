"""Plain-language (B1) signals: long sentences, difficult words and the passive (T201-T203)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
from werkvorm_dsl.language.nodes import Span
from werkvorm_dsl.system.records import record
from werkvorm_dsl.taal.shipped import shipped_text
from werkvorm_dsl.taal.text import Piece, Sentence


@record
class Difficult:
    """A word from the list of difficult words, with a plainer one to write instead."""

    word: str
    instead: str


@lru_cache(maxsize=1)
def difficult_words() -> dict[str, Difficult]:
    """Every form of every difficult word (see taal/data/moeilijke-woorden.tsv), by its lower-case form."""
    text = shipped_text("moeilijke-woorden.tsv")
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


def long_sentence(sentence: Sentence, filename: str, max_words: int) -> Iterator[Diagnostic]:
    """T201 for a sentence of more than `max_words` words."""
    count = len(sentence.tokens)
    if count > max_words:
        first, last = sentence.tokens[0], sentence.tokens[-1]
        # On one line the caret runs under the whole sentence; over several lines, under its start.
        end_column = last.column + len(last.written) if last.line == first.line else first.column + len(first.written)
        yield Diagnostic(
            "T201",
            Severity.WARNING,
            filename,
            Span(first.line, first.column, first.line, end_column),
            f"Deze zin telt {count} woorden; voor lezers op B1-niveau is {max_words} het meeste.",
            "Maak er twee of drie zinnen van, met één boodschap per zin.",
        )


def difficult_words_in(piece: Piece, filename: str) -> Iterator[Diagnostic]:
    """T202 for each word or phrase of the list of difficult words, with a plainer one to write."""
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


def passive(sentence: Sentence, filename: str) -> Iterator[Diagnostic]:
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
