"""Werkvormen generated from the grammar itself (hypothesis.extra.lark) read back without grammar
errors, and every backend renders them; the check's numbers are the draaiboek's numbers."""

import datetime
import sys

from hypothesis import given, settings, strategies as st
from hypothesis.extra.lark import from_lark

from werkvorm_dsl import check, parse, registry
from werkvorm_dsl.build_outputs import Context
from werkvorm_dsl.keywords import KEYWORDS, Shape
from werkvorm_dsl.schedule import plan

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from make_parser import grammar_lark  # noqa: E402  (the grammar as Lark builds it, to walk it)

WORDS = ["Welkom", "de", "groep", "vertelt", "een", "casus", "*nadruk*", "[link](https://example.org)", "&", "<b>",
         "ë", "vraag?", "team", "'citaat'", "(haakjes)", "—", "100%"]
prose = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(lambda w: "Tekst " + " ".join(w))

VALUES = {
    "DURATION": st.sampled_from(["5 min", "1 uur", "15 tot 20 min", "2 min per deelnemer", "anderhalf uur"]),
    "PARTICIPANTS": st.sampled_from(["3 tot 10", "6", "minimaal 2, maximaal 4"]),
    "START_TIME": st.sampled_from(["14:00", "9.30"]),
    "ROUND": st.sampled_from(["2 keer", "2 tot 3 keer: telkens een ander", "per deelnemer", "in groepjes van 3"]),
    "QUESTIONS": st.sampled_from(["doorvragen: Zo vraag je door", "extra"]),
    "QUESTIONS_REF": st.just("doorvragen"),
    "WHO": st.sampled_from(["begeleider", "deelnemers, casusinbrenger"]),
    "LINK": st.sampled_from(["[Meer](https://example.org/x)", "https://example.org", "Nog geen adres"]),
}


def line_for(keyword) -> st.SearchStrategy:
    spelling = st.sampled_from([w for words in keyword.words.values() for w in words])
    value = VALUES.get(keyword.terminal, prose)
    if keyword.terminal == "TITLE":
        return st.builds(lambda v: f"WERKVORM {v}\n", value)
    if keyword.shape is Shape.SECTION:
        return spelling.map(lambda w: f"\n{w.upper()}\n")
    if keyword.shape is Shape.SECTION_WITH_TEXT:
        return st.builds(lambda w, v: f"\n{w.upper()} {v}\n", spelling, value)
    if keyword.shape is Shape.LEAD:
        return st.builds(lambda w, v: f"{w} {v}\n", spelling, value)
    return st.builds(lambda w, v: f"    {w}: {v}\n\n", spelling, value)


EXPLICIT = {kw.terminal: line_for(kw) for kw in KEYWORDS}
EXPLICIT.update({
    "PROSE": prose.map(lambda t: f"{t}\n\n"),
    "NUMBERED": st.builds(lambda n, t: f"{n}. {t}\n\n", st.integers(1, 12), prose),
    "BULLET": prose.map(lambda t: f"- {t}\n\n"),
})
werkvormen = from_lark(grammar_lark(), start="start", explicit=EXPLICIT)
# E104 (EINDE RONDE without RONDE) is the builder's rule: the grammar lets EINDE RONDE stand anywhere in SESSIE.
GRAMMAR_CODES = {"E100", "E101", "E102", "E103", "E105", "E106", "E107"}


@given(werkvormen)
def test_text_generated_from_the_grammar_reads_back_without_grammar_errors(text):
    werkvorm = parse(text, "gegenereerd.werkvorm")
    assert [d for d in werkvorm.parse_problems if d.code in GRAMMAR_CODES] == []
    check(werkvorm)


def context_for(werkvorm):
    return Context(werkvorm, plan(werkvorm, "09:00"), "gegenereerd", datetime.date(2026, 12, 3), ".", 0)


@settings(max_examples=60)
@given(werkvormen)
def test_every_backend_renders_a_generated_werkvorm(text):
    werkvorm = parse(text, "gegenereerd.werkvorm")
    context = context_for(werkvorm)
    for name in registry.names():
        document = registry.get(name).render(context)
        assert document.files
        for suffix, content in document.files.items():
            assert isinstance(content, str) and content.strip(), (name, suffix)
            if suffix == "html":
                assert '<html lang="nl">' in content and "<script" not in content.lower()


@settings(max_examples=60)
@given(werkvormen)
def test_the_tijdschema_has_the_numbers_of_the_check(text):
    import json

    werkvorm = parse(text, "gegenereerd.werkvorm")
    context = context_for(werkvorm)
    data = json.loads(registry.get("tijdschema").render(context).files["json"])
    timing = context.plan.timing
    assert data["kortste_weg"] == float(timing.shortest)
    assert data["langste_weg"] == float(timing.longest)
    assert timing.shortest <= timing.longest
    agenda_minutes = sum(row["minuten"] for row in data["agenda"])
    assert abs(agenda_minutes - float(context.plan.end)) < 1e-6
