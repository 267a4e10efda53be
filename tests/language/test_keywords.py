"""The keyword table drives the lexer: every spelling, in every case, is recognised."""

import pytest

from werkvorm_dsl import check, parse
from werkvorm_dsl.language.keywords import KEYWORDS, Shape
from werkvorm_dsl.language.lexer import lex
from werkvorm_dsl.language.nodes import Round, Section

SAMPLE = {Shape.SECTION: "", Shape.SECTION_WITH_TEXT: " 2 keer", Shape.LEAD: " Welkom", Shape.FIELD: ": 5 min"}
ALL = [(kw, word) for kw in KEYWORDS for words in kw.words.values() for word in words]


@pytest.mark.parametrize("keyword, word", ALL, ids=[f"{kw.terminal}-{w}" for kw, w in ALL])
@pytest.mark.parametrize("case", [str.lower, str.upper, str.title])
def test_every_spelling_is_recognised(keyword, word, case):
    written = case(word)
    if keyword.terminal == "TITLE" and case is not str.upper:
        line = f"{written}: Welkom"  # a lower-case 'werkvorm' needs its colon, so prose can start with the word
    elif keyword.terminal == "VARIANT_CHANGE":
        line = f"   {written} lang: 15 min"  # a name, a colon and a value: 'Bij variant B zien we …' is prose
    else:
        line = "   " + written + SAMPLE[keyword.shape]
    tokens = lex(line).tokens
    if keyword.terminal == "VARIANT" and case is not str.upper:
        # only 'VARIANT' in capitals opens a variant, so a sentence may start with 'Variant …'
        assert [t.terminal for t in tokens] == ["PROSE"]
        return
    assert [t.terminal for t in tokens] == [keyword.terminal]
    assert tokens[0].label == written


@pytest.mark.parametrize("line", ["SESSIE:", "sessie", "  Sessie  ", "VOORBEREIDING :"])
def test_sections_forgive_case_indentation_and_a_colon(line):
    assert lex(line).tokens[0].terminal in ("SESSION", "PREPARATION")


@pytest.mark.parametrize(
    "line, terminal",
    [
        ("Stappen zetten we samen.", "PROSE"),
        ("5 minuten later begint de ronde.", "PROSE"),
        ("Werkvorm en inhoud horen bij elkaar.", "PROSE"),
        ("\\stap voor stap", "PROSE"),
        ("vragen: praktijk", "QUESTIONS_REF"),
        ("VRAGEN praktijk: Zo vraag je door", "QUESTIONS"),
        ("NB. Let hierop.", "NOTE"),
        ("- 3 Derde punt", "NUMBERED"),
        ("3) Derde punt", "NUMBERED"),
        ("- los punt", "BULLET"),
        ("einde ronde", "BLOCK_END"),
    ],
)
def test_lines_that_look_alike_are_told_apart(line, terminal):
    assert lex(line).tokens[0].terminal == terminal


def test_a_field_continues_to_the_next_blank_line_and_a_duration_does_not():
    werkvorm = parse(
        "WERKVORM T\nduur: 10 min\n\nSESSIE\nstap A\n    duur: 5 min\n    Tekst na de duur.\n"
        "    voorbeeld: Eerste regel\n    tweede regel\n\n    Nieuwe alinea.\n"
    )
    step = werkvorm.sections[0].parts[0]
    kinds = [(type(b).__name__, b.text) for b in step.body]
    assert kinds == [
        ("Paragraph", "Tekst na de duur."),
        ("Example", "Eerste regel\ntweede regel"),
        ("Paragraph", "Nieuwe alinea."),
    ]


def test_rounds_gather_their_steps_and_end_at_einde_ronde():
    werkvorm = parse(
        "WERKVORM T\nduur: 1 uur\n\nSESSIE\nstap A\nRONDE 2 tot 3 keer: telkens een ander\n"
        "Uitleg bij de ronde.\nstap B\nstap C\nEINDE RONDE\nstap D\n"
    )
    session = werkvorm.sections[0]
    assert isinstance(session, Section)
    shapes = [type(p).__name__ for p in session.parts]
    assert shapes == ["Step", "Round", "Step"]
    round_ = session.parts[1]
    assert isinstance(round_, Round)
    assert [s.title.text for s in round_.parts] == ["B", "C"]
    assert (round_.repeat.times.low, round_.repeat.times.high) == (2, 3)
    assert round_.description == "telkens een ander"
    assert round_.intro[0].text == "Uitleg bij de ronde."


def test_comments_are_ignored_and_do_not_split_paragraphs():
    werkvorm = parse("WERKVORM T\n# commentaar\nduur: 10 min\n\nSESSIE\nstap A\n    eerste\n# tussendoor\n    tweede\n")
    assert werkvorm.sections[0].parts[0].body[0].text == "eerste\ntweede"


def test_several_problems_in_one_run():
    werkvorm = parse("WERKVORM T\nduur: lang\n\nSESSIE\nwie: x\nstap A\n    duur: 5\n    vragen: geen\nEINDE RONDE\n")
    codes = [d.code for d in check(werkvorm)]
    # I704: no goal; I703: step A has no text for participants
    assert codes == ["I704", "E201", "E106", "I703", "E201", "E204", "E104"]


def test_seed_timing_numbers():
    from conftest import ROOT
    from werkvorm_dsl.analysis.timing import compute

    participatie = parse((ROOT / "formats/intervisie-participatie.werkvorm").read_text(encoding="utf-8"))
    timing = compute(participatie)
    # The two steps without a duration count at least the floor of 1 min each.
    assert (timing.stated_high, timing.shortest, timing.longest, timing.untimed_high) == (60, 57, 57, 2)
    assert timing.fixed_longest == 55
    assert [d.code for d in check(participatie) if d.code.startswith(("E4", "W4"))] == ["W403"]
    roddelen = compute(parse((ROOT / "formats/liefdevol-roddelen.werkvorm").read_text(encoding="utf-8")))
    assert (roddelen.shortest, roddelen.untimed_low, roddelen.untimed_high) == (1 + 6 * 2, 1 + 6 * 2, 1 + 6 * 3)


def test_every_code_is_documented_and_every_documented_code_exists():
    import re

    from conftest import ROOT

    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src/werkvorm_dsl").rglob("*.py"))
    used = set(re.findall(r'"([EWI]\d{3})"', source))
    documented = set(re.findall(r"^### ([EWI]\d{3}):", (ROOT / "docs/meldingen.md").read_text(encoding="utf-8"), re.M))
    assert used and used == documented
