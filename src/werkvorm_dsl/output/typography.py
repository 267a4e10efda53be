"""Dutch typography for text on paper and screen: curly quotes, the apostrophe, en dashes, one unit word.

Applied to the author's text (by the filters in render.py, on text tokens only, so code spans and
link addresses are never touched) and to the fixed texts the outputs print. Never applied to the
data outputs (.ics, JSON): a program reads those, and there a quote is a quote.
"""

from __future__ import annotations

import re

# Words that are addresses or code keep every character: 'https://a.nl/x-y', 'naam@gemeente.nl',
# 'C:\map\bestand-1', '<script>', a word with an underscore or a brace. Only the quotes and
# brackets around such a word are typeset: '"snake_case"' gets curly quotes, its core stays.
CODE_ISH = re.compile(r"://|@|^www\.|[\\_|{}=<>#`~]")
WORD_OR_SPACE = re.compile(r"(\s+)")
EDGE_OPEN = "([{'\"\u2018\u201c"
EDGE_CLOSE = ".,;:!?)]}'\"\u2019\u201d"

OPENS_AFTER = set(" \t\n\u00a0([{\u2018\u201c\u2013\u2014-/") | {""}
# Dutch elisions start with an apostrophe: 's middags, 't is, 'n keer, '80 (the eighties).
ELISION = re.compile(r"'(?=(?:s|t|n|k|m|r|ns)\b|\d\d\b)", re.IGNORECASE)
# A dash between words (' - ', or an em dash with spaces) is an en dash; a hyphen inside a word
# stays. Every rule replaces one character by one: render.py relies on typesetting keeping the length.
DASH = re.compile(r"(?<=\S) [-\u2014] (?=\S)")
# Ranges get an en dash: clock times (14:00-14:05) and counts before a unit word (10-15 min).
TIME_RANGE = re.compile(r"\b(\d{1,2}[:.]\d{2})-(?=\d{1,2}[:.]\d{2}\b)")
COUNT_RANGE = re.compile(
    r"(?<![\d-])(\d{1,3})-(?=\d{1,3}\s*(?:min(?:uten|uut)?|uur|seconden|sec|keer|"
    r"deelnemers|personen|mensen|stappen|kaarten|%)\b)",
    re.IGNORECASE,
)


def dutch(text: str, before: str = "") -> str:
    """`text` with Dutch typography; `before` is the character printed just before it (the end of
    the previous piece of a sentence split by emphasis), so quotes open and close correctly.
    One pass over the words: linear in the length of the text."""
    if not text:
        return text
    pieces: list[str] = []
    run: list[str] = []  # ordinary text since the last protected word, typeset as one piece

    def flush() -> None:
        pieces.append(_typeset("".join(run), pieces[-1][-1:] if pieces and pieces[-1] else before))
        run.clear()

    for word in WORD_OR_SPACE.split(text):
        core = word.lstrip(EDGE_OPEN).rstrip(EDGE_CLOSE) if word and CODE_ISH.search(word) else ""
        if not core:
            run.append(word)
            continue
        head = word[: word.index(core)]
        run.append(head)
        flush()
        pieces.append(core)
        run.append(word[len(head) + len(core) :])
    flush()
    return "".join(pieces)


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


# A number and the unit after it stay on one line ('3 min', '2 uur', '4 keer'): in the HTML a PDF is
# made from (pdf.py), the space between them is a no-break space. One character for one.
NUMBER_AND_UNIT = re.compile(
    r"(?<=\d) (?=(?:min|minuten|minuut|uur|sec|seconden|keer|kwartier|dagen|dag|weken|week|deelnemers|personen)\b)"
)
# The text between tags, outside <style>, <script> and <svg> (whose text is code, or positioned by hand).
_TEXT_BETWEEN_TAGS = re.compile(r"(<(style|script|svg)\b.*?</\2>)|>([^<]+)<", re.S | re.IGNORECASE)


def units_kept_with_numbers(html: str) -> str:
    """The HTML with a no-break space between every number and its unit in its text."""

    def joined(found: re.Match) -> str:
        if found.group(1):
            return found.group(1)
        return ">" + NUMBER_AND_UNIT.sub("\u00a0", found.group(3)) + "<"

    return _TEXT_BETWEEN_TAGS.sub(joined, html)


# One unit word for minutes in what the outputs print about time: '5 minuten' reads '5 min'.
MINUTE_WORD = re.compile(r"(?<=\d)(\s*)(?:minuten|minuut|min\.)(?![\w])", re.IGNORECASE)


def minute_unit(text: str) -> str:
    """A duration as the outputs print it, with 'min' as the one unit word."""
    return MINUTE_WORD.sub(" min", text)


def fold(text: str) -> str:
    """Typographic quotes and dashes back to their plain keyboard forms: what the faithfulness
    tests compare, so a typeset output and its source count as the same words."""
    return text.translate(FOLD)


FOLD = str.maketrans(
    {"\u00a0": " ", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
