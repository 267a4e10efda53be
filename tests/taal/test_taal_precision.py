"""taal without false alarms (issue 20, item 7): correct Dutch at a sentence's start, domain names,
addresses and abbreviations are no spelling errors; a sentence ends after a number, a closing
abbreviation or a bracket, and not after an abbreviation that more of the sentence follows. Measured
on the guide's examples, formats/ and the good corpus: no T101 and no T201 but those explained here."""

from __future__ import annotations

import pytest

from conftest import ROOT
from samples import guide_examples as examples
from werkvorm_dsl.language.parser import parse
from werkvorm_dsl.pipeline import taal_file
from werkvorm_dsl.taal.check import Settings, check_taal
from werkvorm_dsl.taal.text import ABBREVIATIONS, CLOSING_ABBREVIATIONS, Piece, Reader, sentences, tokens_in

HEADER = "WERKVORM Test\nduur: 30 min\n\nSESSIE\nstap Begin.\n    duur: 10 min\n"
ALL_TEXT = Settings(facilitator_b1=True)  # --draaiboek: the facilitator's sentences are counted too


def codes(line: str) -> list[str]:
    text = HEADER + f"    {line}\n"
    return [d.code for d in check_taal(parse(text, "t.werkvorm"), text.split("\n"), "t.werkvorm", ALL_TEXT)]


def sentence_lengths(line: str) -> list[int]:
    """The number of words and numbers in each sentence of one line, as T201 counts them."""
    piece = Piece(Reader.PROGRAMME, tokens=list(tokens_in(line, 1, 0)))
    return [len(sentence.tokens) for sentence in sentences(piece)]


# Words the dictionary knows in small letters; each is correct Dutch with a capital at a sentence's
# start, and, for an accented first vowel, also with the accent left off the capital ('Eén').
KNOWN_IN_SMALL_LETTERS = ["één", "ééntje", "éénmaal", "december", "februari", "gesprekskaart", "intervisiebegeleider"]
STRESS = {"á": "A", "é": "E", "í": "I", "ó": "O", "ú": "U"}


def capitalised_forms(word: str) -> list[str]:
    forms = [word[0].upper() + word[1:]]
    if word[0] in STRESS:
        forms.append(STRESS[word[0]] + word[1:])
    return forms


@pytest.mark.parametrize(
    "written", [form for word in KNOWN_IN_SMALL_LETTERS for form in capitalised_forms(word)], ids=str
)
def test_a_known_word_with_a_capital_at_a_sentence_start_is_no_typo(written):
    assert "T101" not in codes(f"{written} staat hier.")
    assert "T101" not in codes(f"Zo gaat het. {written} komt daarna.")


def test_a_capitalised_compound_with_a_hyphen_and_an_accentless_capital_passes():
    assert codes("Eén-op-één gesprekken duren kort.") == []


def test_a_typo_with_a_capital_is_still_a_typo():
    assert codes("Medewekers komen later.") == ["T101"]
    assert codes("Eén medewekers komt.") == ["T101"]


DOMAINS = ["voorbeeld.nl", "gemeente.org", "info.com", "sub.domein.eu", "gemeente.amsterdam/participatie"]
DOMAIN_PLACES = ["Kijk op {d} voor meer.", "Lees [{d}](https://{d}).", "Lees [{d}]({d}) of mail info@{d}."]


@pytest.mark.parametrize("line", [place.format(d=d) for d in DOMAINS for place in DOMAIN_PLACES])
def test_domain_names_and_addresses_in_prose_and_link_text_are_no_typos(line):
    assert codes(line) == []


def test_a_file_path_and_the_plural_of_an_abbreviation_are_no_typos():
    assert codes("Zie bijlagen/rooster.pdf en de PDF's.") == []


def test_a_word_that_only_looks_like_a_domain_is_still_checked():
    assert codes("Het einde.Daarna medewekers.") == ["T101"]


def written_abbreviation(abbreviation: str) -> str:
    return abbreviation if abbreviation.endswith(".") else abbreviation + "."


@pytest.mark.parametrize("abbreviation", sorted(ABBREVIATIONS | CLOSING_ABBREVIATIONS))
def test_every_listed_abbreviation_is_no_typo(abbreviation):
    assert "T101" not in codes(f"We nemen {written_abbreviation(abbreviation)} drie pennen mee.")


@pytest.mark.parametrize("abbreviation", sorted(ABBREVIATIONS))
def test_an_abbreviation_before_a_capital_does_not_end_the_sentence(abbreviation):
    assert sentence_lengths(f"Vraag {written_abbreviation(abbreviation)} Jansen om hulp.") == [5]


@pytest.mark.parametrize("abbreviation", sorted(CLOSING_ABBREVIATIONS))
def test_a_closing_abbreviation_before_a_capital_ends_the_sentence(abbreviation):
    assert sentence_lengths(f"Neem pennen {written_abbreviation(abbreviation)} Daarna gaan we.") == [3, 3]


@pytest.mark.parametrize(
    ("line", "lengths"),
    [
        ("Werk in groepjes van 3. Er kunnen mensen over blijven.", [5, 5]),
        ("Start om 14.00. Daarna gaan we.", [3, 3]),
        ("Neem min. 5 pennen mee.", [5]),  # 'minimaal': a number follows, the sentence goes on
        ("Lees stap 2 (de casus). Daarna gaan we.", [5, 3]),
        ("Lees de kaart (zie stap 2.) Daarna gaan we.", [6, 3]),
        ("Lees [de tekst](https://x.nl). Daarna gaan we.", [3, 3]),
        ("Typ `# taal: uit`. Daarna gaan we.", [1, 3]),
        ("We werken o.a. met d.w.z. kaarten.", [6]),  # an abbreviation of single letters is one word
        ("J. Jansen komt op de 3. plaats.", [7]),
        ("Is dat zo? ja, dat is zo.", [3, 4]),
    ],
)
def test_sentences_end_after_numbers_brackets_and_links_and_not_after_abbreviations(line, lengths):
    assert sentence_lengths(line) == lengths


def test_a_sentence_ending_in_a_number_is_no_longer_one_long_sentence():
    line = (
        "Werk in groepjes van 3. Er kunnen een paar mensen over blijven, en die sluiten "
        "dan aan bij een groepje van 4. Dat is goed."
    )
    assert codes(line) == []


# What remains in the measured texts, each read by hand.
# English werkvormen: the English keywords are for mixed teams (docs/taalgids.md), and these two files
# are English throughout; a Dutch dictionary rightly knows none of their English words.
ENGLISH_FILES = {"tests/data/good/engelse-blokken.werkvorm", "tests/data/good/engelse-trefwoorden.werkvorm"}
# Real long sentences in formats/, each counted by hand (a list marker such as '1.' is not counted):
# they are the formats' own Dutch, and T201 is right to point at them.
LONG_SENTENCES = {
    ("formats/brainstorm-in-groepjes.werkvorm", 24, 23),  # 'Leg de spelregels van een brainstorm uit: …'
    ("formats/incidentmethode.werkvorm", 20, 23),  # 'Vraag iedere deelnemer een kort incident mee te nemen: …'
    ("formats/intervisie-participatie.werkvorm", 20, 30),  # 'We zijn benieuwd hoe jij dat doet en nodigen …'
    ("formats/intervisie-participatie.werkvorm", 30, 23),  # 'Open met het herhalen van het doel … (leren …)'
    ("formats/intervisie-participatie.werkvorm", 36, 28),  # 'Vraag aan elk van de leidinggevenden om te …'
    ("formats/intervisie-participatie.werkvorm", 49, 27),  # 'Vraag elk van de leidinggevenden om te vertellen …'
    ("formats/intervisie-participatie.werkvorm", 57, 36),  # 'Bouw samen een beeld op rondom de thema's …'
    ("formats/intervisie-participatie.werkvorm", 62, 23),  # 'Vraag iedere deelnemer naar 1 ding dat …'
    ("formats/intervisie-participatie.werkvorm", 75, 21),  # 'Deel de voorbeelden – geanonimiseerd en na overleg …'
    ("formats/intervisie-participatie.werkvorm", 79, 25),  # 'Bij grote groepen is het aan te raden om …'
    ("formats/intervisie-participatie.werkvorm", 90, 22),  # 'Is er voor jou sprake van te veel participatie …'
    ("formats/kennismaken-in-tweetallen.werkvorm", 40, 24),  # 'Geef na 2 minuten een teken dat de ander …'
    ("formats/liefdevol-roddelen.werkvorm", 42, 33),  # 'De andere deelnemers luisteren en stellen …'
    ("formats/liefdevol-roddelen.werkvorm", 46, 24),  # 'Na deze ronde draait de leidinggevende zich om …'
    ("formats/liefdevol-roddelen.werkvorm", 55, 23),  # 'Vraag de casusinbrenger zich weer in de groep …'
    ("formats/liefdevol-roddelen.werkvorm", 73, 22),  # 'Deze samenvatting kan in een later overleg …'
}
MEASURED = sorted((ROOT / "formats").glob("*.werkvorm")) + sorted((ROOT / "tests/data/good").glob("*.werkvorm"))


def measured_files() -> list:
    found = []
    for path in MEASURED:
        checked = taal_file(str(path), ALL_TEXT)
        found.extend((str(path.relative_to(ROOT)), d) for d in checked.diagnostics)
    return found


def test_formats_and_the_good_corpus_have_no_false_spelling_or_sentence_alarm():
    found = measured_files()
    typos = sorted({name for name, d in found if d.code == "T101"})
    long_ones = {(name, d.span.line, int(d.message.split()[3])) for name, d in found if d.code == "T201"}
    assert typos == sorted(ENGLISH_FILES)
    assert long_ones == LONG_SENTENCES
    assert [(name, d.span.line) for name, d in found if d.code == "T105"] == []


def test_the_guide_examples_have_no_spelling_or_sentence_alarm():
    found = []
    for text in examples():
        lines = text.split("\n")
        found += [(d.code, lines[d.span.line - 1]) for d in check_taal(parse(text), lines, "g", ALL_TEXT)]
    assert [(code, line) for code, line in found if code in ("T101", "T105", "T201")] == []


def test_the_measurement_can_fail(tmp_path):
    """A control: a typo and a long sentence added to a measured file are found."""
    text = (ROOT / "formats/wat-werkt-al.werkvorm").read_text(encoding="utf-8")
    added = "    Eén medewekers" + " en nog een woord" * 6 + " erbij. Iedereen verteld het.\n"
    copy = tmp_path / "kopie.werkvorm"
    copy.write_text(text.rstrip("\n") + "\n" + added, encoding="utf-8")
    assert {d.code for d in taal_file(str(copy), ALL_TEXT).diagnostics} >= {"T101", "T105", "T201"}
