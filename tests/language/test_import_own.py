"""Reading our own draaiboek back never fails on blocks it does not expect: a file that only starts
like a draaiboek (or one an office program changed) still gives a draft, and a draft the parser reads."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import quick_share
from werkvorm_dsl.language.import_blocks import Block, BlockKind
from werkvorm_dsl.language.import_own import DOCTYPE, draft_from_own_draaiboek, is_own_draaiboek
from werkvorm_dsl.language.parser import parse

# Lines as the draaiboek writes them, and a few it never would, in any order and at any level.
TEXTS = [
    "Stap 1",
    "Stap 2.1",
    "Ronde: 2 keer",
    "Ronde: per deelnemer (als er tijd is)",
    "In drietallen, tegelijk",
    "In groepjes van 3 tot 4, tegelijk",
    "Blok van 20 min",
    "Pauze",
    "Sessie",
    "Voorbereiding",
    "Tijdschema",
    "Vragenlijsten",
    "Optioneel",
    "14:00–14:10 · 5 tot 10 min · wie: begeleider",
    "10 min · als er tijd is",
    "ca. 3 min (schatting)",
    "14:05–15:17, samen 72 min",
    "Tijdvak: 10 min voor elke ronde, hoe lang de stappen ook zijn.",
    "Bij 8 deelnemers: 4 groepjes van 2.",
    "In de hand-out: Je vertelt.",
    "Alleen voor de begeleider: Let op.",
    "NB: Op tijd.",
    "Duur | 1 uur",
    "Een gewone zin.",
    "EINDE RONDE",
    ": leeg label",
    "",
]
blocks = st.lists(
    st.builds(
        Block,
        st.sampled_from(list(BlockKind)),
        st.sampled_from(TEXTS),
        st.integers(min_value=0, max_value=7),
    ),
    max_size=30,
)


@settings(max_examples=quick_share(100))
@given(blocks)
def test_any_blocks_after_the_first_line_give_a_draft_the_parser_reads(rest):
    given_blocks = [Block(BlockKind.PARAGRAPH, f"{DOCTYPE} · versie 3"), *rest]
    assert is_own_draaiboek(given_blocks)
    draft = draft_from_own_draaiboek(given_blocks, "Naamloos")
    assert draft.text.startswith("# importeer: ") and "versie: 3" in draft.text
    parse(draft.text, "concept.werkvorm")


def test_another_text_is_not_taken_for_a_draaiboek():
    assert not is_own_draaiboek([Block(BlockKind.PARAGRAPH, "Een draaiboek voor de begeleider van HR")])
    assert not is_own_draaiboek([])
