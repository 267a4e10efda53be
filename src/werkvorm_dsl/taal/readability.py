"""Readability: the Flesch-Douma score of a document part (T204), with syllables from pyphen's Dutch patterns."""

from __future__ import annotations

from collections.abc import Iterator

from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
from werkvorm_dsl.taal.syllables import syllables
from werkvorm_dsl.taal.text import Piece, Reader, Sentence

MIN_WORDS_FOR_SCORE = 40  # below this a readability score says more about chance than about the text


class Readability:
    """Flesch-Douma over one document part: 206.835 − 0.93 × words per sentence − 77 × syllables
    per word (Douma 1960); syllables by pyphen's Dutch hyphenation patterns."""

    def __init__(self):
        self.sentences = self.words = 0
        # Syllables are counted only for a part long enough to get a score (MIN_WORDS_FOR_SCORE).
        self.plain_words: list[str] = []

    def add(self, sentence: Sentence) -> None:
        words = sentence.words
        if not words:
            return
        self.sentences += 1
        self.words += len(words)
        self.plain_words.extend(w.plain for w in words)

    @property
    def syllables(self) -> int:
        return sum(syllables(word) for word in self.plain_words)

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
