"""The quick looks of the facilitator-label detector never turn down a label the full look would find."""

from __future__ import annotations

import random
import sys
import unicodedata

from werkvorm_dsl.language.facilitator_labels import (
    SEPARATOR_CHARACTERS,
    SEPARATOR_MARKS,
    _is_symbol,
    hidden_label,
    may_end_label,
)
from werkvorm_dsl.language.folding import LOOKALIKES, _fold_table
from werkvorm_dsl.language.keywords import FACILITATOR_LABEL_AUDIENCE, FACILITATOR_LABEL_ROLES


def test_every_character_that_folds_to_a_separator_mark_is_looked_for():
    folded = [chr(code) for code, plain in _fold_table().items() if plain in SEPARATOR_MARKS]
    assert set(LOOKALIKES) & set(folded)  # the look-alike colons are among them
    assert [c for c in (*SEPARATOR_MARKS, *folded) if not SEPARATOR_CHARACTERS.fullmatch(c)] == []


def test_a_letter_or_digit_is_never_a_symbol_before_a_label():
    # _is_symbol asks isalnum first and skips the category for letters and digits: that is only
    # right while no letter or digit is in one of the categories it looks for.
    every = (chr(code) for code in range(sys.maxunicode + 1))
    assert [c for c in every if c.isalnum() and unicodedata.category(c) in ("So", "Sk", "Mn", "Cf")] == []
    assert _is_symbol("🎯") and _is_symbol("\u0301") and not _is_symbol("B")


def texts_with_labels(count: int) -> list[str]:
    """Labels, near-labels and prose, with and without separators (derandomised)."""
    rng = random.Random(11)
    words = [*FACILITATOR_LABEL_ROLES, *FACILITATOR_LABEL_AUDIENCE, "voor", "de", "alleen", "niet", "tip", "Vertel"]
    words += ["casus", "en", "n.b.", "be(s)geleider", "(begeleider)", "**", "🎯", "bеgeleider", "ＢＥＧＥＬＥＩＤＥＲ"]
    glue = [" ", " ", ": ", " - ", " – ", ") ", "] ", "：", "∶", ". ", ", ", "; "]
    return [
        "".join(rng.choice(words) + rng.choice(glue) for _ in range(rng.randint(1, 6))).strip() for _ in range(count)
    ]


def test_a_text_without_a_separator_holds_no_hidden_label():
    texts = texts_with_labels(5000)
    found = [text for text in texts if hidden_label(text) is not None]
    assert len(found) > 500  # the sample has labels to find
    assert [text for text in found if not may_end_label(text)] == []
