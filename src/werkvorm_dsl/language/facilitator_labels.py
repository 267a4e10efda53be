"""The facilitator-label detector: 'Voor de begeleider:' and its kin, at the start of a line or inside text."""

from __future__ import annotations

import re
import unicodedata

from werkvorm_dsl.language.folding import COMBINING, COMBINING_MARKS, FOLDABLE, LOOKALIKES, fold
from werkvorm_dsl.language.keywords import (
    FACILITATOR_LABEL_AUDIENCE,
    FACILITATOR_LABEL_FILLERS,
    FACILITATOR_LABEL_ROLES,
)

LABEL_WORD = re.compile(r"[^\W\d_]+|[^\w\s]", re.UNICODE)
LABEL_PUNCTUATION = set("().,-–—/&+'’[]")
LABEL_OPENERS = set("*_#([> ")  # emphasis, a heading mark, a bracket or a quote mark before a label
LABEL_SEPARATOR = re.compile(r":|\s[-–—]\s|(?<=[)\]])\s")  # 'Begeleider:', 'Begeleider - …', '(begeleider) …'
SEPARATOR_MARKS = ":-–—)]"  # every separator holds one of these; a window without any needs no search
ROLE_STEMS = ("begeleid", "facilitat", "gespreksleid", "procesbegeleid")
NOT_TO_SHARE = frozenset({"voorlezen", "delen", "uitdelen", "tonen", "laten", "zien"})  # 'Niet voorlezen:'


LABEL_REACH = 100  # characters a label may take; a longer run before a colon is a sentence


def _is_symbol(char: str) -> bool:
    # A letter or digit is never one of these categories, and asking isalnum costs a fraction of
    # looking the category up: most labels start with a letter.
    return not char.isalnum() and unicodedata.category(char) in ("So", "Sk", "Mn", "Cf")


def facilitator_label_at(text: str, start: int, whole_line: bool = False) -> tuple[int, int] | None:
    """If a facilitator label starts at `start`: (where its words start, where the text after it
    starts). With `whole_line`, a line that holds only a label counts too, without a colon."""
    begin = start
    while begin < len(text) and begin < start + 8 and (text[begin] in LABEL_OPENERS or _is_symbol(text[begin])):
        begin += 1  # emphasis, a bracket, a heading mark, or an emoji pasted before the label
    window = fold(text[begin : begin + LABEL_REACH])
    separator = LABEL_SEPARATOR.search(window) if _may_separate(window) else None
    if separator is None:
        if whole_line and len(text) - begin <= LABEL_REACH and _is_label(window.rstrip(" *_#)]")):
            return begin, len(text)
        return None
    if not _is_label(window[: separator.start()]):
        return None
    end = begin + separator.end()
    while end < len(text) and text[end] in "*_":
        end += 1  # the emphasis around '**Voor de begeleider:**' closes after the colon
    return begin, end


def _may_separate(window: str) -> bool:
    for mark in SEPARATOR_MARKS:
        if mark in window:
            return True
    return False


# Every character that folds to one of the SEPARATOR_MARKS: the marks themselves, the colons that
# look like one, and the full-width forms. A text without any holds no label that ends in it.
SEPARATOR_CHARACTERS = re.compile(
    "["
    + re.escape(
        SEPARATOR_MARKS
        + "".join(look for look, plain in LOOKALIKES.items() if plain in SEPARATOR_MARKS)
        + "".join(chr(0xFF01 + ord(mark) - 0x21) for mark in SEPARATOR_MARKS if mark.isascii())
    )
    + "]"
)


def may_end_label(text: str) -> bool:
    """Whether a label could end somewhere in `text` (hidden_label needs a separator to find one)."""
    return SEPARATOR_CHARACTERS.search(text) is not None


ROLE_WORDS = (
    "begeleid",
    "facilitat",
    "gespreksleid",
    "trainer",
    "moderator",
    "coach",
    "voorzitter",
    "spelleider",
    "host",
    "notulist",
)
ROLE_HINT = re.compile("|".join(ROLE_WORDS))
# 'Niet voor deelnemers:', 'Niet voorlezen:': 'niet' makes a label only beside an audience or a
# not-to-share word (see _is_label); 'niet' alone is far too common in Dutch prose to look closer.
NOT_HINT = re.compile(r"\bniet\b")
NOT_SHARED_HINT = re.compile("deelnemer|groep|participant|cursist|iedereen|voorlez|delen|tonen|laten|zien")


# Every word either pattern needs, as plain text: most lines hold none of them, and testing
# substrings is several times faster than a regular expression's search of the line.
HINT_WORDS = (*ROLE_WORDS, "niet")


def _hint_in(lowered: str) -> bool:
    for word in HINT_WORDS:
        if word in lowered:
            return _role_or_not_shared(lowered)
    return False


def _role_or_not_shared(lowered: str) -> bool:
    return ROLE_HINT.search(lowered) is not None or (
        NOT_HINT.search(lowered) is not None and NOT_SHARED_HINT.search(lowered) is not None
    )


DISGUISE = re.compile(f"[{COMBINING_MARKS}{FOLDABLE.pattern[1:-1]}]")


def may_hold_label(text: str, lowered: str | None = None) -> bool:
    """A quick look for a role word, so that the scan for labels runs only where one can be.
    `lowered` is `text` in lower case, when the caller has it already."""
    if lowered is None:
        lowered = text.lower()
    for word in HINT_WORDS:  # _hint_in, written out: this look is made for every line
        if word in lowered:
            if _role_or_not_shared(lowered):
                return True
            break
    if lowered.isascii() or not DISGUISE.search(lowered):
        return False
    # Look-alike letters, or a mark under a letter, which stays a character of its own after NFC
    # ('be̱geleider'): look past them.
    return _hint_in(COMBINING.sub("", fold(lowered)).lower())


# Words a label may hold beside its role: fillers, the audience, punctuation, what not to share.
OTHER_LABEL_WORDS = FACILITATOR_LABEL_FILLERS | FACILITATOR_LABEL_AUDIENCE | LABEL_PUNCTUATION | NOT_TO_SHARE
NOT_FOR_PARTICIPANTS = FACILITATOR_LABEL_AUDIENCE | NOT_TO_SHARE  # beside 'niet': 'Niet voor deelnemers:'


def _is_label(label: str) -> bool:
    """Whether every word of `label` belongs in a facilitator label and one of them says who it is
    for (a role, or 'niet' with the audience or with what not to share). Read word by word, so
    that a sentence is turned down at its first word that no label holds."""
    if not label.isascii():  # a mark under a letter ('be̱geleider') does not make it another word
        label = "".join(c for c in unicodedata.normalize("NFD", label) if not unicodedata.combining(c))
    has_role = has_not = has_audience = False
    first = True
    for found in LABEL_WORD.finditer(label.lower().replace("n.b.", "nb").replace("(s)", "")):
        word = found.group()
        if first and not word.isalpha():
            return False
        first = False
        if word in FACILITATOR_LABEL_ROLES or word.startswith(ROLE_STEMS):
            has_role = True
        elif word not in OTHER_LABEL_WORDS:
            return False
        if word == "niet":
            has_not = True
        elif word in NOT_FOR_PARTICIPANTS:
            has_audience = True
    return has_role or (has_not and has_audience)


# Where a label may start inside text: after a sentence ends (also without a space, or inside a
# quote or bracket), after an opening bracket, after a colon, or after a dash between spaces.
SENTENCE_START = re.compile(r"(?:[.!?;:…][\"'”’)\]]*\s*|,\s+|[(\[]\s*|\s[-–—]\s+)(?=\S)")


def hidden_label(text: str, from_start: bool = True) -> tuple[int, int] | None:
    """The first facilitator label in `text` where a sentence may start (at its very start too,
    unless `from_start` is false): (where its words start, where the text after it starts)."""
    if from_start:
        found = facilitator_label_at(text, 0)
        if found is not None:
            return found
    for start in SENTENCE_START.finditer(text):
        found = facilitator_label_at(text, start.end())
        if found is not None:
            return found
    return None
