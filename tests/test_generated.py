"""Werkvormen generated from the grammar itself (hypothesis.extra.lark) read back without grammar
errors, and every backend renders them; the check's numbers are the draaiboek's numbers."""

import datetime
import sys

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from conftest import ROOT
from werkvorm_dsl import check, parse
from werkvorm_dsl.analysis.schedule import plan
from werkvorm_dsl.app.build_command import Context
from werkvorm_dsl.language.keywords import KEYWORDS, Shape
from werkvorm_dsl.output import registry

sys.path.insert(0, str(ROOT / "scripts"))
from make_parser import grammar_lark

WORDS = [
    "Welkom",
    "de",
    "groep",
    "vertelt",
    "een",
    "casus",
    "*nadruk*",
    "[link](https://example.org)",
    "&",
    "<b>",
    "ë",
    "vraag?",
    "team",
    "'citaat'",
    "(haakjes)",
    "—",
    "100%",
]
prose = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(lambda w: "Tekst " + " ".join(w))

VALUES = {
    "DURATION": st.sampled_from(
        [
            "5 min",
            "1 uur",
            "15 tot 20 min",
            "2 min per deelnemer",
            "anderhalf uur",
            "maximaal 10 min",
            "5 min, als er tijd is",
            "globaal 3 min",
            "minstens 4 min",
            "als er tijd is",
            "45 tot 60 min",
        ]
    ),
    "PARTICIPANTS": st.sampled_from(["3 tot 10", "6", "minimaal 2, maximaal 4"]),
    "START_TIME": st.sampled_from(["14:00", "9.30"]),
    "ROUND": st.sampled_from(
        [
            "2 keer",
            "2 tot 3 keer: telkens een ander",
            "per deelnemer",
            "in groepjes van 3",
            "per lid",
            "zo vaak als de tijd toelaat",
            "1 keer, als er tijd is: nog een casus",
        ]
    ),
    "GROUPS": st.sampled_from(["van 3", "van 2 tot 4", "van 3: ieder groepje een eigen plek"]),
    "BOX": st.sampled_from(["20 min", "maximaal 15 min: brainstorm", "30 min, als er tijd is"]),
    "PAUSE": st.sampled_from(["10 min", "15 min: koffie"]),
    "TIME_BOX": st.sampled_from(["8 min", "12 min"]),
    "ROLES": st.just("tijdbewaker, observator"),
    "FLOOR": st.sampled_from(["1 min", "2 min"]),
    "ABSENT": st.sampled_from(["casusinbrenger (verlaat de ruimte)", "tijdbewaker"]),
    "MATERIALS": st.sampled_from(["2 stiften per deelnemer, flip-over", "1 vel per groepje"]),
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
        # Openers indented deeper nest inside the block above them.
        indent = (
            st.sampled_from(["", "", "    ", "        "])
            if keyword.terminal in ("ROUND", "GROUPS", "BOX")
            else st.just("")
        )
        return st.builds(lambda i, w, v: f"\n{i}{w.upper()} {v}\n", indent, spelling, value)
    if keyword.shape is Shape.LEAD:
        return st.builds(lambda w, v: f"{w} {v}\n", spelling, value)
    return st.builds(lambda w, v: f"    {w}: {v}\n\n", spelling, value)


EXPLICIT = {kw.terminal: line_for(kw) for kw in KEYWORDS}
EXPLICIT.update(
    {
        "PROSE": prose.map(lambda t: f"{t}\n\n"),
        "NUMBERED": st.builds(lambda n, t: f"{n}. {t}\n\n", st.integers(1, 12), prose),
        "BULLET": prose.map(lambda t: f"- {t}\n\n"),
    }
)
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
    # The leaves follow each other without gaps or overlaps; a block's head spans its parts.
    agenda_minutes = sum(row["minuten"] for row in data["agenda"] if row["soort"] != "blok")
    assert abs(agenda_minutes - float(context.plan.end)) < 1e-6


@settings(max_examples=80)
@given(werkvormen)
def test_one_schedule_feeds_the_check_the_tijdschema_the_draaiboek_and_the_timeline(text):
    """The check's verdict, the tijdschema, the draaiboek's table and the timeline all come from
    one computation: their numbers agree."""
    import json

    from werkvorm_dsl.analysis.timing import compute
    from werkvorm_dsl.output.documents import common

    werkvorm = parse(text, "gegenereerd.werkvorm")
    context = context_for(werkvorm)
    agenda, timing = context.plan, compute(werkvorm)
    assert agenda.timing.total == timing.total
    assert agenda.end == timing.planned_total
    assert timing.shortest <= timing.longest <= timing.planned_total
    codes = {d.code for d in check(werkvorm)}
    if timing.stated_high is not None and werkvorm.fact("duur") is not None:
        assert ("E401" in codes) == (timing.shortest > timing.stated_high)
    data = json.loads(registry.get("tijdschema").render(context).files["json"])
    assert data["geplande_duur"] == float(agenda.end)
    drawn = common.timeline(agenda)
    if drawn["segments"]:
        last = drawn["segments"][-1]
        scale = drawn["width"] / float(max(agenda.end, timing.stated_high or 0, 1))
        assert abs(last.x + last.width - float(agenda.end) * scale) < 1e-6
    html = registry.get("draaiboek").render(context).files["html"]
    for slot in agenda.slots[:40]:
        assert f"{agenda.clock(slot.start)}–{agenda.clock(slot.end)}" in html
