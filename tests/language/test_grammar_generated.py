"""Werkvormen generated from the grammar itself (hypothesis.extra.lark) read back without grammar errors."""

from hypothesis import given

from strategies import werkvormen
from werkvorm_dsl import check, parse

# E104 (EINDE RONDE without RONDE) is the builder's rule: the grammar lets EINDE RONDE stand anywhere in SESSIE.
GRAMMAR_CODES = {"E100", "E101", "E102", "E103", "E105", "E106", "E107"}


@given(werkvormen)
def test_text_generated_from_the_grammar_reads_back_without_grammar_errors(text):
    werkvorm = parse(text, "gegenereerd.werkvorm")
    assert [d for d in werkvorm.parse_problems if d.code in GRAMMAR_CODES] == []
    check(werkvorm)
