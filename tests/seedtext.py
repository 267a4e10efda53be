"""Splitting the seed documents into sentences, and comparing them word for word."""

from __future__ import annotations

import re
from pathlib import Path

MARKER = re.compile(r"^(?:[-*•]\s*)?(?:\d{1,2}[.)]?\s+)|^[-*•]\s+")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”]?\s+(?=[A-Z*'\"‘“(])")


def units(seed: str) -> list[str]:
    """Paragraphs and list items of a seed, each as one line."""
    found: list[str] = []
    current: list[str] = []
    for raw in seed.splitlines():
        line = raw.strip()
        if not line or MARKER.match(line):
            if current:
                found.append(" ".join(current))
            current = [MARKER.sub("", line)] if line else []
        else:
            current.append(line)
    if current:
        found.append(" ".join(current))
    return [u for u in found if u.strip()]


def sentences(seed: str) -> list[str]:
    return [s.strip() for unit in units(seed) for s in SENTENCE_END.split(unit) if normalize(s)]


# The outputs print minutes with one unit word (typography.minute_unit: '5 minuten' is '5 min'):
# both sides fold a minute word after a number to 'min', so that counts as the same words. Only
# after a number: 'minuten' elsewhere in a sentence must still be found as written.
MINUTE_AFTER_NUMBER = re.compile(r"(?<=\d) (?:minuten|minuut)\b")


def normalize(text: str) -> str:
    """Lower case words only: punctuation, quotes (straight or curly), dashes, emphasis and link
    syntax do not count. Typographic quotes and dashes are not letters, so '‘x’' and "'x'" are the
    same words here by construction; the folds beyond that are the unit word above and the
    marker the outputs add after a link that has no address yet, which is ours, not the author's."""
    text = re.sub(r"\\?\[invullen: adres van de link\\?\]", " ", text)
    text = re.sub(r"\]\([^)]*\)", " ", text)  # [hier](#) -> hier
    words = " ".join(re.findall(r"[0-9a-zà-ÿ]+", text.lower()))
    return MINUTE_AFTER_NUMBER.sub(" min", words)


def load_deviations(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")
    ]
    return dict(line.split("\t", 1) for line in lines)
