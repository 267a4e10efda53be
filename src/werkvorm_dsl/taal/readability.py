"""Readability: the Flesch-Douma score of a document part (T204), with syllables from pyphen's Dutch patterns."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
from werkvorm_dsl.taal.text import Piece, Reader, Sentence

MIN_WORDS_FOR_SCORE = 40  # below this a readability score says more about chance than about the text


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

    def verdict(self, reader: Reader, part: list[Piece], filename: str, min_score: int) -> Iterator[Diagnostic]:
        if self.words < MIN_WORDS_FOR_SCORE:
            return
        score = self.score
        if score < min_score:
            first = next(t for p in part for t in p.tokens)
            yield Diagnostic(
                "T204",
                Severity.WARNING,
                filename,
                first.span,
                f"De leesbaarheid van {reader.value} is {score:.0f} op de schaal van Flesch-Douma; "
                f"voor B1 is {min_score} of hoger het doel ({self.words} woorden in "
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
