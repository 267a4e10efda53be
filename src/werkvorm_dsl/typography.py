"""Dutch typography for text on paper and screen: curly quotes, the apostrophe, en dashes, one unit word.

Applied to the author's text (by the filters in render.py, on text tokens only, so code spans and
link addresses are never touched) and to the fixed texts the outputs print. Never applied to the
data outputs (.ics, JSON): a program reads those, and there a quote is a quote.
"""

from __future__ import annotations

import re

# Addresses and code-ish words keep every character: 'https://a.nl/x-y', 'naam@gemeente.nl',
# 'C:\map\bestand-1', a word with an underscore, a backslash or a brace inside.
PROTECTED = re.compile(
    r"(?:https?://|mailto:|ftp://|www\.)[^\s<>]*[^\s<>.,;:!?)\]'\"]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|[^\s'\"]*[\\_|{}=<>#`~][^\s'\"]*"
)

OPENS_AFTER = set(" \t\n\u00a0([{\u2018\u201c\u2013\u2014-/") | {""}
# Dutch elisions start with an apostrophe: 's middags, 't is, 'n keer, '80 (the eighties).
ELISION = re.compile(r"'(?=(?:s|t|n|k|m|r|ns)\b|\d\d\b)", re.IGNORECASE)
# A dash between words (' - ' or ' -- ') is an en dash; a hyphen inside a word stays.
DASH = re.compile(r"(?<=\S) (?:-{1,2}|\u2014) (?=\S)")
# Ranges get an en dash: clock times (14:00-14:05) and counts before a unit word (10-15 min).
TIME_RANGE = re.compile(r"\b(\d{1,2}[:.]\d{2})-(?=\d{1,2}[:.]\d{2}\b)")
COUNT_RANGE = re.compile(r"(?<![\d-])(\d{1,3})-(?=\d{1,3}\s*(?:min(?:uten|uut)?|uur|seconden|sec|keer|"
                         r"deelnemers|personen|mensen|stappen|kaarten|%)\b)", re.IGNORECASE)


def dutch(text: str, before: str = "") -> str:
    """`text` with Dutch typography; `before` is the character printed just before it (the end of
    the previous piece of a sentence split by emphasis), so quotes open and close correctly."""
    if not text:
        return text
    pieces: list[str] = []
    last = 0
    for found in PROTECTED.finditer(text):
        pieces.append(_typeset(text[last:found.start()], _last_char(pieces, before)))
        pieces.append(found.group())
        last = found.end()
    pieces.append(_typeset(text[last:], _last_char(pieces, before)))
    return "".join(pieces)


def _last_char(pieces: list[str], before: str) -> str:
    for piece in reversed(pieces):
        if piece:
            return piece[-1]
    return before[-1:]


def _typeset(text: str, before: str) -> str:
    if not text:
        return text
    text = DASH.sub(" \u2013 ", text)
    text = TIME_RANGE.sub("\\1\u2013", text)
    text = COUNT_RANGE.sub("\\1\u2013", text)
    text = ELISION.sub("\u2019", text) if "'" in text else text
    if "'" not in text and '"' not in text:
        return text
    out: list[str] = []
    previous = before
    for char in text:
        if char == '"':
            char = "\u201c" if previous in OPENS_AFTER else "\u201d"
        elif char == "'":
            char = "\u2018" if previous in OPENS_AFTER else "\u2019"
        out.append(char)
        previous = char
    return "".join(out)


# One unit word for minutes in what the outputs print about time: '5 minuten' reads '5 min'.
MINUTE_WORD = re.compile(r"(?<=\d)(\s*)(?:minuten|minuut|min\.)(?![\w])", re.IGNORECASE)


def minute_unit(text: str) -> str:
    """A duration as the outputs print it, with 'min' as the one unit word."""
    return MINUTE_WORD.sub(" min", text)


def fold(text: str) -> str:
    """Typographic quotes and dashes back to their plain keyboard forms: what the faithfulness
    tests compare, so a typeset output and its source count as the same words."""
    return text.translate(FOLD)


FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
