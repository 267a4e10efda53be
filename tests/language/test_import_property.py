"""For every text an author may bring in: the draft keeps every word, parses, and checks without a traceback."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from importing import missing_words
from werkvorm_dsl.language.import_blocks import blocks_from_text
from werkvorm_dsl.language.import_cues import FACT_LABELS, SECTION_WORDS
from werkvorm_dsl.language.import_draft import draft_from_blocks
from werkvorm_dsl.language.source import decode
from werkvorm_dsl.pipeline import check_source

WORDS = ("vraag", "de", "groep", "Casus", "samen", "eerst", "kort", "ervaring", "collega's", "thema", "uur", "min")
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=1, max_size=9).map(lambda w: " ".join(w).capitalize() + ".")
TIME = st.sampled_from(["(10 min)", "- 5 minuten", "15'", "(ca. 5 à 10 min)", "(1 uur)", ""])
# Every heading and every fact label the import knows, from the tables that define them.
HEADING = st.sampled_from(sorted(SECTION_WORDS)).map(str.capitalize)
FACT = st.tuples(st.sampled_from(sorted(FACT_LABELS)), st.sampled_from(["60 minuten", "4-8", "een uur, online", "HR"]))
LINE = st.one_of(
    HEADING,
    FACT.map(lambda fact: f"{fact[0].capitalize()}: {fact[1]}"),
    st.tuples(st.integers(1, 12), SENTENCE, TIME).map(lambda item: f"{item[0]}. {item[1]} {item[2]}".rstrip()),
    st.tuples(st.sampled_from(["-", "•", "*"]), SENTENCE).map(" ".join),
    SENTENCE,
    st.sampled_from(["Ga zo nog 1 of 2 collega's af.", "Tip voor de begeleider: let op de tijd.", "Vragen:"]),
)
TEXT = st.lists(st.tuples(LINE, st.booleans()), min_size=1, max_size=25).map(
    lambda lines: "".join(f"{line}\n" + ("\n" if blank else "") for line, blank in lines)
)


@given(TEXT)
def test_the_draft_keeps_every_word_and_checks(text):
    draft = draft_from_blocks(blocks_from_text(text), "geplakt")
    assert missing_words(text, draft.text) == []
    checked = check_source(decode(draft.text.encode("utf-8"), "concept.werkvorm"))
    assert checked.werkvorm is not None
    # Only the time may not fit (E4xx): that is what the author's own text says, and check must say it.
    assert [(d.code, d.message) for d in checked.diagnostics if d.is_error and not d.code.startswith("E4")] == []
