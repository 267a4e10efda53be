"""d/t errors after a subject or an auxiliary (T105, issue 20 item 7): every case is generated from
the verb table (taal/data/werkwoorden.tsv), wrong forms are found with the right one named, right
forms and the places where a form is not certain stay silent."""

from __future__ import annotations

from importlib import resources

import pytest

from werkvorm_dsl.language.parser import parse
from werkvorm_dsl.taal.check import Settings, check_taal
from werkvorm_dsl.taal.spelling import speller
from werkvorm_dsl.taal.text import Piece, Reader, sentences, tokens_in
from werkvorm_dsl.taal.verb_endings import SUBJECTS, SURE_SUBJECTS, Verb, dt_errors, table_of, verb_table, verbs_in

VERBS = verbs_in(resources.files("werkvorm_dsl.taal").joinpath("data/werkwoorden.tsv").read_text(encoding="utf-8"))
MAYBE_NOT_SUBJECTS = sorted(SUBJECTS - SURE_SUBJECTS)  # also an article, a possessive or an object


def found(line: str, table=None) -> list[tuple[str, str]]:
    """(the word marked, the message) of each d/t error in one line of prose."""
    piece = Piece(Reader.PROGRAMME, tokens=list(tokens_in(line, 1, 0)))
    return [
        (line[d.span.column - 1 : d.span.end_column - 1], d.message)
        for sentence in sentences(piece)
        for d in dt_errors(sentence, "t", table)
    ]


def capital(word: str) -> str:
    return word[0].upper() + word[1:]


def by_name(verb: Verb) -> str:
    return verb.infinitive


def subjects_for(verb: Verb) -> list[str]:
    """Where the wrong form is also a noun ('antwoord'), only a sure subject makes it a verb."""
    return sorted(SURE_SUBJECTS) if verb.also_a_noun else sorted(SUBJECTS)


def test_the_table_is_read_whole_and_every_form_is_dutch():
    text = resources.files("werkvorm_dsl.taal").joinpath("data/werkwoorden.tsv").read_text(encoding="utf-8")
    rows = [row for row in text.split("\n") if row.strip() and not row.startswith("#")]
    assert len(VERBS) == len(rows) >= 40
    dictionary = speller()
    for verb in VERBS:
        for form in (verb.infinitive, verb.present, verb.participle, *verb.wrong_presents()):
            assert dictionary.knows(form, dictionary.accepted), form
        assert verb.wrong_presents() or verb.wrong_participle(), f"{verb.infinitive} has no d/t pair"


def test_no_wrong_form_is_a_right_form_of_another_verb_in_its_place():
    presents = {verb.present for verb in VERBS}
    participles = {verb.participle for verb in VERBS}
    table = verb_table()
    assert not set(table.present_for) & presents
    assert not set(table.participle_for) & participles


@pytest.mark.parametrize("verb", [v for v in VERBS if v.wrong_presents()], ids=by_name)
def test_a_wrong_form_after_a_subject_at_a_sentence_start_names_the_present_tense(verb):
    for subject in subjects_for(verb):
        for wrong in verb.wrong_presents():
            line = f"{capital(subject)} {wrong} het vandaag."
            [(marked, message)] = found(line)
            assert marked == wrong and f"'{wrong}' hoort hier '{verb.present}' te zijn" in message, line
        assert found(f"{capital(subject)} {verb.present} het vandaag.") == []


@pytest.mark.parametrize("verb", [v for v in VERBS if v.also_a_noun and v.wrong_presents()], ids=by_name)
def test_a_form_that_is_also_a_noun_is_left_alone_after_an_article_a_possessive_or_an_object(verb):
    for wrong in verb.wrong_presents():
        for subject in MAYBE_NOT_SUBJECTS:
            assert found(f"{capital(subject)} {wrong} is goed.") == []
            assert found(f"Geef {subject} {wrong} mee.") == []
        assert found(f"Als hij {wrong} geeft, luisteren we.") == []


@pytest.mark.parametrize("verb", VERBS, ids=by_name)
def test_in_a_subordinate_clause_only_a_bare_stem_after_a_sure_subject_is_wrong(verb):
    assert found(f"We wachten tot hij {verb.participle} is.") == []
    assert found(f"Als iedereen {verb.participle} heeft, stoppen we.") == []
    for wrong in verb.wrong_presents():
        expected = wrong != verb.participle and not verb.also_a_noun
        for subject in sorted(SURE_SUBJECTS):
            line = f"Ik denk dat {subject} {wrong} wat nodig is."
            assert bool(found(line)) is expected, line
        assert found(f"Ik zie dat iedereen {wrong} wat nodig is.") == []  # 'iedereen' may be an object there


@pytest.mark.parametrize("verb", [v for v in VERBS if v.wrong_participle()], ids=by_name)
def test_the_present_tense_after_an_auxiliary_names_the_participle(verb):
    for auxiliary in ("is", "wordt", "heeft", "werden"):
        [(marked, message)] = found(f"Het {auxiliary} {verb.present}.")
        assert marked == verb.present and f"'{verb.present}' hoort hier '{verb.participle}' te zijn" in message
        assert found(f"Het {auxiliary} {verb.participle}.") == []
    for clause in ("Wie klaar is", "De collega die klaar is", "Als het af is", "Wat het is"):
        assert found(f"{clause} {verb.present} het verhaal.") == [], clause


@pytest.mark.parametrize("verb", VERBS, ids=by_name)
def test_punctuation_between_the_words_leaves_them_alone(verb):
    for wrong in verb.wrong_presents():
        assert found(f"Hij, {wrong} of niet, komt.") == []
        assert found(f"Hij: {wrong}.") == []
    if verb.wrong_participle():
        assert found(f"Het is, {verb.present} hij, goed.") == []


def test_the_issues_example_is_found_with_kind_words():
    [(marked, message)] = found("Iedereen verteld wat hij ziet.")
    assert marked == "verteld"
    assert message.startswith("'verteld' hoort hier 'vertelt' te zijn: na 'Iedereen'")
    [(_, plural)] = found("Ze verteld het.")
    assert "(of 'vertellen', als u meer mensen bedoelt)" in plural


def test_a_capital_stays_in_the_right_form():
    [(_, message)] = found("Het is Gebeurt.")
    assert "'Gebeurd'" in message


def test_without_the_table_nothing_is_found():
    """A control: the cases above depend on the table, not on anything hard-coded."""
    assert found("Iedereen verteld het.")
    assert found("Iedereen verteld het.", table_of([])) == []


HEADER = "WERKVORM Test\nduur: 30 min\n\nSESSIE\nstap Begin.\n    duur: 10 min\n"


def taal(body: str):
    text = HEADER + body
    return check_taal(parse(text, "t.werkvorm"), text.split("\n"), "t.werkvorm", Settings())


def test_taal_finds_it_in_a_step_a_title_and_the_facilitators_text_and_a_switch_turns_it_off():
    found_here = taal(
        "    Iedereen verteld wat hij ziet.\n"
        "    begeleider: Het is gebeurt.\n"
        "stap Hij word stil.\n    duur: 5 min\n"
        "    # taal: uit T105\n    Men vind het goed.\n"
    )
    t105 = [d for d in found_here if d.code == "T105"]
    assert [(d.span.line, d.is_warning) for d in t105] == [(7, True), (8, True), (9, True)]
    assert t105[0].hint.startswith("Twijfelt u?") and t105[1].hint.startswith("Twijfelt u?")
