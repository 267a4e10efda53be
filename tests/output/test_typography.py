"""Dutch typography: curly quotes, the apostrophe, en dashes and one unit word in every document a
person reads; never inside addresses, code or the data outputs."""

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from werkvorm_dsl.output.render import inline, markdown_safe, plain, render
from werkvorm_dsl.output.typography import dutch, fold, minute_unit


def test_quotes_open_and_close_and_the_apostrophe_is_curly():
    assert dutch("Hij zei \"hallo\" en 'dag'.") == "Hij zei \u201challo\u201d en \u2018dag\u2019."
    assert dutch("auto's, 's middags en 't is zo") == "auto\u2019s, \u2019s middags en \u2019t is zo"
    assert dutch('("tussen haakjes")') == "(\u201ctussen haakjes\u201d)"


def test_dashes_in_ranges_and_between_words():
    assert (
        dutch("14:00-14:05, 10-15 min en 3-4 deelnemers") == "14:00\u201314:05, 10\u201315 min en 3\u20134 deelnemers"
    )
    assert dutch("eerst dit - dan dat") == "eerst dit \u2013 dan dat"
    # A hyphen inside a word, a date and a phone number are not ranges.
    for kept in ("team-overleg", "2026-12-03", "06-12345678", "A-4", "13-jarige"):
        assert dutch(kept) == kept


def test_addresses_and_code_keep_every_character():
    for kept in (
        "https://example.org/a-b/'x'?q=1",
        "mailto:p-a@example.org",
        "hr-team@gemeente.nl",
        "snake_case-naam",
        "C:\\map\\x - y",
    ):
        assert kept in dutch(f"zie {kept} hier"), kept
    html = inline('`code "zo" - 1` en [link](https://example.org/a-b) "mooi"')
    assert "<code>code &quot;zo&quot; - 1</code>" in html
    assert 'href="https://example.org/a-b"' in html and "\u201cmooi\u201d" in html


def test_a_quote_after_emphasis_closes():
    assert str(inline('"*nadruk*"')) == "\u201c<em>nadruk</em>\u201d"
    assert markdown_safe('"*nadruk*"') == "\u201c*nadruk*\u201d"
    assert plain("'**vet**' - ja") == "\u2018vet\u2019 \u2013 ja"


def test_one_unit_word_for_minutes():
    assert minute_unit("5 minuten") == "5 min"
    assert minute_unit("1 tot 2 minuten per deelnemer") == "1 tot 2 min per deelnemer"
    assert minute_unit("1 minuut") == "1 min"
    assert minute_unit("een paar minuten") == "een paar minuten"  # no number: not a duration


TYPED = st.text(alphabet="ab ZQ09'\"-:./@_`()", max_size=40)


@given(TYPED)
def test_typesetting_changes_only_quotes_and_dashes_one_for_one(text):
    """Folded back to keyboard quotes and hyphens, the typeset text is the text as typed, and as
    long: render.py gives each Markdown token its own slice of a typeset run."""
    typeset = dutch(text)
    assert fold(typeset) == fold(text) and len(typeset) == len(text)


def test_typography_can_be_switched_off_for_data():
    """render(typography=False) keeps the author's characters: for text that goes on into data."""
    from werkvorm_dsl import parse

    werkvorm = parse('WERKVORM Een "titel" - met auto\'s\nduur: 10 min\n\nSESSIE\nstap Doe het\n    duur: 5 minuten\n')
    on = render("tijdschema.txt", w=werkvorm, plan=_plan(werkvorm), summary="")
    off = render("tijdschema.txt", typography=False, w=werkvorm, plan=_plan(werkvorm), summary="")
    assert "Een \u201ctitel\u201d \u2013 met auto\u2019s" in on
    assert 'Een "titel" - met auto\'s' in off


def _plan(werkvorm):
    from werkvorm_dsl.analysis.schedule import plan

    return plan(werkvorm, None)


def test_documents_are_typeset_and_the_data_outputs_are_not(tmp_path):
    from werkvorm_dsl.app.cli import main

    source = tmp_path / "typo.werkvorm"
    source.write_text(
        'WERKVORM Over "goede" gesprekken - en auto\'s\nduur: 30 min\n\nSESSIE\n'
        'stap Vraag: "wat werkt?"\n    duur: 5 minuten\n    voorbeeld: Zie https://example.org/a-b en `a - b`.\n\n'
        "stap Rond af\n    duur: 10-15 min\n",
        encoding="utf-8",
    )
    assert main(["build", "--to", str(tmp_path / "uit"), "--formaten", "html,md", "--start", "14:00", str(source)]) == 0
    out = tmp_path / "uit" / "typo"
    for name in ("draaiboek.html", "draaiboek.md", "deelnemers.html", "kaarten.html", "tijdschema.txt"):
        text = (out / name).read_text(encoding="utf-8")
        assert "\u201cgoede\u201d gesprekken \u2013 en auto\u2019s" in text, name
        if name.startswith(("draaiboek", "kaarten")):  # the documents that print the step's text
            assert "https://example.org/a-b" in text and "a - b" in text, name
    draaiboek = (out / "draaiboek.html").read_text(encoding="utf-8")
    assert "\u201cwat werkt?\u201d" in draaiboek and "<code>a - b</code>" in draaiboek
    assert "5 min" in draaiboek and "5 minuten" not in draaiboek and "10\u201315 min" in draaiboek
    data = json.loads((out / "tijdschema.json").read_text(encoding="utf-8"))
    assert data["titel"] == 'Over "goede" gesprekken - en auto\'s'


@given(st.text(max_size=200))
def test_any_text_is_typeset_one_character_for_one(text):
    """Odd Unicode, control characters, lone surrogates' neighbours: never an error, the same length."""
    typeset = dutch(text)
    assert len(typeset) == len(text) and fold(typeset) == fold(text)


def test_large_print_sentences_keep_every_word():
    from werkvorm_dsl.output.render import sentences

    text = 'Werk met 3 tot 5 voorbeelden. Vraag *bij grote. Groepen* na 3 tot 4, of "iemand" nog iets heeft? Ca. 5 min!'
    html = str(sentences(text))
    assert html.count('<span class="sentence">') == 3  # not inside emphasis, not after 'Ca.'
    assert re.sub(r"</?span[^>]*>", "", html) == str(inline(text))
