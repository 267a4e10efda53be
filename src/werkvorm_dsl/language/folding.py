"""Unicode folding and normalising: the text the lexer reads, and look-alike characters made plain for matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Every line break that Python's str.splitlines() knows, apart from \n and \r: editors show
# them as a new line, so we read them as one too (and say so, W112).
ODD_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
BREAK_NAMES = {
    "\x0b": "een verticale tab",
    "\x0c": "een pagina-einde",
    "\x85": "een NEL-teken",
    "\u2028": "een regelscheidingsteken (U+2028)",
    "\u2029": "een alineascheidingsteken (U+2029)",
}
# Unicode's invisible format characters (category Cf): zero-width spaces and joiners, soft
# hyphens, word joiners, byte-order marks and bidirectional controls. They hide keywords from
# the eye and from the lexer alike, so they are dropped before a line is read. A test keeps this
# list a cover of unicodedata's category Cf.
INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    # Not Cf, but just as invisible: the grapheme joiner, variation selectors, Mongolian free
    # variation selectors and the Hangul fillers that look like a space.
    "\u034f\u180b-\u180d\u180f\u115f\u1160\u3164\uffa0\ufe00-\ufe0f]"
)
# The same beyond U+FFFF, apart: a character class with these ranges makes every search several
# times slower, and most texts have no character out there at all.
INVISIBLE_BEYOND_BMP = re.compile(
    "[\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef]"
)


def drop_invisible(text: str) -> str:
    text = INVISIBLE.sub("", text)
    if len(text.encode("utf-16-le", "surrogatepass")) > 2 * len(text):  # something beyond U+FFFF
        text = INVISIBLE_BEYOND_BMP.sub("", text)
    return text


# Characters that look like ASCII where a keyword or a facilitator label is matched: colons
# (a full-width colon typed on a Japanese layout, a ratio sign pasted from Word), full-width and
# mathematical letters, and Cyrillic and Greek letters that look Latin. Each maps one character
# to one, so every position in the line stays right; the author's text keeps its own characters.
LOOKALIKES = {
    **{c: ":" for c in "\uff1a\ufe55\ufe13\ua789\u2236\u02f8\u05c3\u0589\u02d0\u0703\u0704\u1361"},
    **dict(zip("аеорсухіјѕԁһӏАВЕКМНОРСТХІЈЅ", "aeopcyxijsdhlABEKMHOPCTXIJS")),
    **dict(zip("οαιкνρτυΟΑΒΕΖΗΙΚΜΝΡΤΥΧ", "oaikvptuOABEZHIKMNPTYX")),
}


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table = {ord(c): a for c, a in LOOKALIKES.items()}
    table.update({0xFF01 + i: chr(0x21 + i) for i in range(94)})
    for code in range(0x1D400, 0x1D800):  # mathematical bold, italic, script … letters and digits
        plain = unicodedata.normalize("NFKC", chr(code))
        if len(plain) == 1 and plain.isascii():
            table[code] = plain
    return table


FOLDABLE = re.compile("[" + "".join(LOOKALIKES) + "\uff01-\uff5e\U0001d400-\U0001d7ff]")


def fold(text: str) -> str:
    """`text` with look-alike characters made plain, one for one (for matching only)."""
    if text.isascii() or not FOLDABLE.search(text):
        return text
    return text.translate(_fold_table())


# Control characters that are no line break and no tab: an escape sequence pasted from a

# terminal, a bell, a DEL. They mean nothing on paper and can corrupt metadata and terminals.
CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f\x80-\x84\x86-\x9f]")
# Either of the two, for a look at one line.
ODD_OR_CONTROL = re.compile("[" + ODD_BREAKS.pattern[1:-1] + CONTROLS.pattern[1:-1] + "]")


def normalise(text: str) -> str:
    """The text the lexer reads: Unicode NFC, invisible format characters dropped."""
    text = composed(text)
    return text if text.isascii() else drop_invisible(text)


def composed(text: str) -> str:
    """The text with every line ending as one '\\n', in Unicode NFC: what the lexer reads, before
    it drops invisible characters line by line (normal_line)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # every line ending counts as one, as editors show it
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def normal_line(line: str) -> tuple[str, bool]:
    """A line of a composed text without its invisible characters (normalise drops them from a
    whole text alike), and whether it holds an odd line break or a control character, which the
    lexer reads with more care."""
    if line.isascii():
        return line, not line.isprintable() and ODD_OR_CONTROL.search(line) is not None
    line = drop_invisible(line)
    return line, ODD_OR_CONTROL.search(line) is not None


def physical_pieces(line: str):
    """(column offset, text, break before) for every line an editor shows in one line of the text:
    a line with an odd line break in it gives several."""
    if not ODD_BREAKS.search(line):
        yield 0, line, ""
        return
    offset, previous_break = 0, ""
    for piece in re.split(f"({ODD_BREAKS.pattern})", line):
        if ODD_BREAKS.fullmatch(piece):
            offset, previous_break = offset + 1, piece
            continue
        yield offset, piece, previous_break
        offset += len(piece)


COMBINING_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
COMBINING = re.compile(f"[{COMBINING_MARKS}]")
