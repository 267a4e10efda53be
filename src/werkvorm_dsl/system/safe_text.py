"""Control characters: shown escaped on a terminal, and kept out of calendar and PDF metadata.

A file name or a line of a werkvorm can hold characters that a terminal, a CI log or a metadata
format treats as commands: ESC and OSC sequences, line breaks that start a new GitHub workflow
command, bidi overrides that reorder what a reader sees. Nothing an author wrote reaches those
places raw.
"""

from __future__ import annotations

import re
from functools import lru_cache

# C0 and C1 controls, DEL, the Unicode line and paragraph separators, the bidi embeddings,
# overrides, isolates and marks, and the two non-characters XML forbids.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
NOT_ESCAPED_BY_JSON = re.compile(CONTROL.pattern.replace("\x00-\x1f", ""))  # json.dumps escapes C0 itself
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """`text` for a terminal or a log: every control character as a visible escape like \\x1b."""
    return CONTROL.sub(_escape, text)


EXCERPT_LENGTH = 60  # letters of author text a message quotes; a longer text is cut, with "…"


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """Author text as a message quotes it: at most `length` letters, cut with '…' (a 10,000-letter
    token would otherwise make a line no terminal, log or editor shows whole)."""
    return text if len(text) <= length else text[: length - 1] + "…"


# What a message may quote at length: a quoted passage, or a run of letters without a space.
# An opening quote follows no letter and a closing one is followed by none, so the span from one
# passage's closing quote to the next one's opening quote ('duur'. Is het … veld 'duur:') is no passage.
# The opening quote comes first and the letter before it is looked at after (the same rule as a
# look-behind in front): a pattern that starts with a character class lets the engine skip ahead to it,
# which halves the time of every message made (tests/system/test_safe_text_patterns.py).
LONG_QUOTE = re.compile(
    f"([\"'‘“«])(?<!\\w[\"'‘“«])(?=\\S)([^\"'’”»\\n]{{{EXCERPT_LENGTH + 1},}})(?<=\\S)([\"'’”»])(?!\\w)"
)
LONG_RUN = re.compile(f"[^\\s\"'‘’“”«»]{{{EXCERPT_LENGTH + 1},}}")


def bounded(message: str, runs: bool = True, quotes: bool = True) -> str:
    """A message with every quoted passage and every unbroken run cut to an excerpt: the author's
    text it quotes can be of any length, the line that says what is wrong should not be. A file
    fault leaves runs whole (its paths are the computer's, not the author's); a hint leaves its
    quotes (they are ours: 'Schrijf dan …')."""
    if len(message) <= EXCERPT_LENGTH:
        return message  # nothing in it can be longer than an excerpt
    if len(message) <= REMEMBERED_LENGTH:
        return _remembered(message, runs, quotes)
    return _cut(message, runs, quotes)


# Every diagnostic passes its message and hint through here, and a file with a slip repeated on
# many lines repeats the same few messages: scanning each anew cost a twentieth of checking such
# a file. Only messages of ordinary length are remembered, so the memory stays small.
REMEMBERED_LENGTH = 1000


def _cut(message: str, runs: bool, quotes: bool) -> str:
    if quotes:
        message = LONG_QUOTE.sub(lambda found: found.group(1) + excerpt(found.group(2)) + found.group(3), message)
    return LONG_RUN.sub(lambda found: excerpt(found.group()), message) if runs else message


_remembered = lru_cache(maxsize=1024)(_cut)


def shown_path(path: str) -> str:
    """A file name at the start of a printed line: escaped, and never starting with `::`, which
    GitHub Actions would read as a workflow command (./ names the same file)."""
    escaped = shown(path)
    return "./" + escaped if escaped.startswith(":") else escaped


def json_safe(text: str) -> str:
    """JSON text with those characters as \\u escapes: the same JSON value, nothing raw left."""
    return NOT_ESCAPED_BY_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def one_line(text: str) -> str:
    """For a title or subject in metadata: line breaks become spaces, other controls go."""
    text = re.sub(f"[{LINE_BREAKS}\t]+", " ", text)
    return CONTROL.sub("", text).strip()


def plain_lines(text: str) -> str:
    """For a multi-line value (an .ics description): every line break a newline, controls gone."""
    text = re.sub("\r\n|[" + LINE_BREAKS + "]", "\n", text)
    return CONTROL.sub(lambda m: m.group() if m.group() in "\n\t" else "", text)
