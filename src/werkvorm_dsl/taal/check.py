"""werkvorm taal: Dutch spelling (Hunspell) and plain-language (B1) signals, at the word's own place.

The modules beside this one each do one job: text.py reads the author's words and who reads them,
spelling.py, verb_endings.py (d/t), plain_language.py and readability.py give the signals,
switches.py the '# taal: uit' marks. check_taal puts them together.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from werkvorm_dsl.language.diagnostics import Diagnostic
from werkvorm_dsl.language.nodes import Werkvorm
from werkvorm_dsl.taal.plain_language import difficult_words_in, long_sentence, passive
from werkvorm_dsl.taal.readability import Readability
from werkvorm_dsl.taal.spelling import Spelling, WordList, spelling_problems, standard_spelling
from werkvorm_dsl.taal.switches import switches
from werkvorm_dsl.taal.text import Piece, Reader, pieces_with_readers, sentences
from werkvorm_dsl.taal.verb_endings import dt_errors


@dataclass(frozen=True)
class Settings:
    """What `werkvorm taal` checks; the defaults are those of docs/taalgids.md."""

    max_sentence_words: int = 20  # B1 advice: at most 15 to 20 words a sentence
    min_score: int = 60  # Flesch-Douma: 60-70 is 'normaal' in Douma's own table
    facilitator_b1: bool = False  # --draaiboek: the facilitator's text gets the B1 signals too
    suggest: bool = True  # off where only the count matters (the build's summary line): suggesting is slow


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
    spelling = spelling or standard_spelling(settings.suggest)
    by_part: dict[Reader, list[Piece]] = {}
    for piece in pieces_with_readers(werkvorm, lines):
        for token in piece.tokens:
            if token.is_word and spelling.speller is not None:
                found.extend(spelling_problems(token, spelling, extra_words, filename))
        for sentence in sentences(piece):
            found.extend(dt_errors(sentence, filename))
        if piece.reader is not Reader.FACILITATOR or settings.facilitator_b1:
            by_part.setdefault(piece.reader, []).append(piece)
    for reader, part in by_part.items():
        found.extend(_b1_signals(reader, part, filename, settings))
    switched_off = switches(lines, filename)
    found.extend(switched_off.problems)
    return sorted((d for d in found if not switched_off.covers(d)), key=lambda d: (d.span.line, d.span.column, d.code))


def _b1_signals(reader: Reader, part: list[Piece], filename: str, settings: Settings) -> Iterator[Diagnostic]:
    counted = Readability()
    for piece in part:
        yield from difficult_words_in(piece, filename)
        if not piece.is_prose:
            continue
        for sentence in sentences(piece):
            counted.add(sentence)
            yield from long_sentence(sentence, filename, settings.max_sentence_words)
            yield from passive(sentence, filename)
    yield from counted.verdict(reader, part, filename, settings.min_score)
