"""Syllables of Dutch words: Liang's hyphenation over pyphen's Dutch patterns, read without pyphen's start-up.

`pyphen.Pyphen(lang="nl_NL")` costs about 90 ms before its first word: importing pyphen lists
every dictionary it ships, and loading one parses all 16,000 patterns. A readability score needs
only the patterns that occur in the words of one text. So the pattern file is read here as a
whole, keyed by each pattern's letters in a few operations over the whole file, and a pattern's
numbers are read the first time a word needs it. The answers are pyphen's (tests/test_syllables.py
compares them); a pattern file in a form that this reader does not take is read by pyphen itself.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable
from functools import lru_cache

LEFT, RIGHT = 2, 2  # pyphen's defaults: no hyphenation point closer than two letters to either end
PATTERN_FILE = "hyph_nl_NL.dic"  # what pyphen.Pyphen(lang="nl_NL") reads
OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a digit of another script, which pyphen would read as a number too
PAIRS = re.compile(r"(\d?)(\D?)")  # how pyphen reads a pattern: a number, then a letter, in turns
# Lines that pyphen reads otherwise (hexadecimal escapes, non-standard hyphenation) or skips
# (comments, settings): a file with any of them is left to pyphen.
SPECIAL = ("^^", "/", "%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN")


class Patterns:
    """The hyphenation patterns of one file, each read when a word first needs it."""

    def __init__(self, raw_by_letters: dict[str, str]):
        self.raw = raw_by_letters  # the pattern as written, by its letters ('.aan5' by '.aan')
        self.read: dict[str, tuple[int, tuple[int, ...]] | None] = {}
        self.longest = max(map(len, raw_by_letters))

    @classmethod
    def of_file(cls, path: str) -> Patterns | None:
        """The patterns of a file, or None where the file holds a line this reader does not take."""
        with open(path, "rb") as handle:
            data = handle.read()
        encoding, _, body = data.partition(b"\n")
        text = body.decode(encoding.decode().strip())
        if any(special in text for special in SPECIAL) or "\r" in text or _other_digit_in(text):
            return None
        lines = text.split("\n")
        patterns = text.split()  # one a line, without spaces: pyphen strips each line and skips empty ones
        if len(patterns) != len(lines) - lines.count(""):
            return None  # a line of spaces alone, or spaces inside a pattern
        joined = "\n".join(patterns)
        for digit in "0123456789":
            joined = joined.replace(digit, "")
        raw = dict(zip(joined.split("\n"), patterns))
        if len(raw) != len(patterns) or "" in raw:
            return None  # a pattern twice, or one of digits alone: pyphen's own rules decide those
        return cls(raw)

    def values(self, letters: str) -> tuple[int, tuple[int, ...]] | None:
        """(offset, numbers) of the pattern with these letters, as pyphen's HyphDict keeps it;
        None where there is none (pyphen skips a pattern of zeros alone, too)."""
        if letters in self.read:
            return self.read[letters]
        raw = self.raw.get(letters)
        found = self.read[letters] = _numbers(raw) if raw is not None else None
        return found

    def points(self, word: str) -> int:
        """How many hyphenation points pyphen.Pyphen.positions gives for `word`."""
        right = len(word) - RIGHT
        dotted = f".{word.lower()}."
        references = [0] * (len(dotted) + 1)
        raw = self.raw
        for start in range(len(dotted) - 1):
            stop = min(start + self.longest, len(dotted)) + 1
            for end in range(start + 1, stop):
                letters = dotted[start:end]
                if letters not in raw:
                    continue  # most pieces of a word: no pattern at all
                pattern = self.values(letters)
                if not pattern:
                    continue
                offset, numbers = pattern
                where = slice(start + offset, start + offset + len(numbers))
                references[where] = map(max, numbers, references[where])
        return sum(1 for index, reference in enumerate(references) if reference % 2 and LEFT <= index - 1 <= right)


def _other_digit_in(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return OTHER_DIGIT.search(text) is not None
    return False  # Latin-1 has no digits but 0 to 9


def _numbers(raw: str) -> tuple[int, tuple[int, ...]] | None:
    """A pattern's numbers without the zeros at either end, and where they start (pyphen's HyphDict)."""
    values = [int(number or "0") for number, _ in PAIRS.findall(raw)]
    if max(values) == 0:
        return None
    start, end = 0, len(values)
    while not values[start]:
        start += 1
    while not values[end - 1]:
        end -= 1
    return start, tuple(values[start:end])


@lru_cache(maxsize=1)
def dutch_points() -> Callable[[str], int]:
    """The number of hyphenation points in a word, by the Dutch patterns pyphen ships."""
    spec = importlib.util.find_spec("pyphen")
    folders = spec.submodule_search_locations if spec is not None else None
    path = os.path.join(folders[0], "dictionaries", PATTERN_FILE) if folders else None
    patterns = Patterns.of_file(path) if path is not None and os.path.isfile(path) else None
    if patterns is not None:
        return patterns.points
    import pyphen  # a pattern file in another form: pyphen reads it, at its own cost

    hyphenator = pyphen.Pyphen(lang="nl_NL")
    return lambda word: len(hyphenator.positions(word))


@lru_cache(maxsize=65536)  # texts repeat their words
def syllables(word: str) -> int:
    """Syllables of a Dutch word: its hyphenation points plus one, per part of a compound."""
    points = dutch_points()
    return sum(points(part) + 1 for part in word.replace("'", "-").split("-") if part)
