"""The quick form of the long-quote pattern finds exactly what its plain form (a look-behind in front) finds."""

import re

from hypothesis import given
from hypothesis import strategies as st

from werkvorm_dsl.system.safe_text import EXCERPT_LENGTH, LONG_QUOTE

PLAIN = re.compile(f"(?<!\\w)([\"'‘“«])(?=\\S)([^\"'’”»\\n]{{{EXCERPT_LENGTH + 1},}})(?<=\\S)([\"'’”»])(?!\\w)")
QUOTES = "\"'‘“«’”»"


def marked(pattern: re.Pattern, text: str) -> str:
    return pattern.sub(lambda found: f"<{found.group(1)}|{len(found.group(2))}|{found.group(3)}>", text)


# Mostly letters and spaces, so that passages of 61 letters and more between quotes are common.
texts = st.lists(
    st.one_of(st.sampled_from("aé 1."), st.sampled_from(QUOTES), st.sampled_from("\n\t_"), st.just("a" * 30)),
    max_size=60,
).map("".join)


@given(texts)
def test_the_quick_pattern_finds_what_the_plain_one_finds(text):
    assert marked(LONG_QUOTE, text) == marked(PLAIN, text)


def test_the_comparison_sees_a_passage_and_its_edges():
    passage = "a" * (EXCERPT_LENGTH + 1)
    assert marked(LONG_QUOTE, f"zie '{passage}'.") == f"zie <'|{EXCERPT_LENGTH + 1}|'>."
    assert marked(LONG_QUOTE, f"x'{passage}'") == f"x'{passage}'"  # a letter touches the opening quote
    assert marked(LONG_QUOTE, f"'{passage}'x") == f"'{passage}'x"  # and the closing one
