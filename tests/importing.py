"""Helpers for the import tests: a draft's steps and words, read back through the parser."""

from __future__ import annotations

import re
from fractions import Fraction

from werkvorm_dsl.language.nodes import Round, Section, SectionKind, Step, Werkvorm

WORD = re.compile(r"[^\W_]+", re.UNICODE)
LIST_MARKER = re.compile(r"^\s*(?:[-*•]\s+)?\d{1,2}[.)]?\s+|^\s*[-*•]\s+", re.MULTILINE)


def words(text: str) -> list[str]:
    """The words of a text, lower case, without punctuation or markup: what an import must keep."""
    return WORD.findall(text.lower())


def missing_words(source: str, draft: str) -> list[str]:
    """The words of `source` that the draft holds fewer times than the source does."""
    have: dict[str, int] = {}
    for word in words(draft):
        have[word] = have.get(word, 0) + 1
    missing = []
    for word in words(LIST_MARKER.sub("", source)):  # a list's numbers are its form; a draft renumbers
        if have.get(word, 0):
            have[word] -= 1
        else:
            missing.append(word)
    return missing


def session_steps(werkvorm: Werkvorm) -> list[Step]:
    """The steps of the SESSIE in order, those inside rounds included."""
    section = next(s for s in werkvorm.sections if isinstance(s, Section) and s.kind is SectionKind.SESSION)
    return list(_steps(section.parts))


def _steps(parts) -> list[Step]:
    found: list[Step] = []
    for part in parts:
        if isinstance(part, Step):
            found.append(part)
        elif isinstance(part, Round):
            found.extend(_steps(part.parts))
    return found


def minutes(step: Step) -> Fraction | None:
    return step.duration.low if step.duration else None
