"""werkvorm taal: every rule fires on text written to trip it and stays silent on plain text; words
carry their own line and column; the corpus in tests/data/taal keeps its recorded diagnostics."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT
from corpus import DATA, TAAL, expected_taal
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.language.parser import parse
from werkvorm_dsl.taal import spelling
from werkvorm_dsl.taal.check import Settings, check_taal
from werkvorm_dsl.taal.spelling import WordList

HEADER = "WERKVORM Test\nduur: 30 min\n\nSESSIE\nstap Begin.\n    duur: 10 min\n"


def found(body: str, settings: Settings = Settings(), words: WordList = WordList()):
    text = HEADER + body
    return check_taal(parse(text, "t.werkvorm"), text.split("\n"), "t.werkvorm", settings, words)


def codes(body: str, **kwargs) -> list[str]:
    return [d.code for d in found(body, **kwargs)]


@pytest.mark.parametrize("path", TAAL, ids=lambda p: str(p.relative_to(DATA / "taal")))
def test_taal_file_has_its_recorded_diagnostics(path):
    assert expected_taal(path) == path.with_suffix(".taal.txt").read_text(encoding="utf-8")


def test_typo_is_found_with_a_suggestion_at_its_place():
    [typo] = found("    De medewekers komen.\n")
    assert (typo.code, typo.span.line, typo.span.column, typo.span.end_column) == ("T101", 7, 8, 18)
    assert '"medewerkers"' in typo.message and typo.is_error


def test_a_suggestion_is_a_whole_word_never_a_part_of_a_compound():
    """Hunspell's nl dictionary suggests "uur-" (a compound's first part) for "uurr": the message
    read 'bedoelt u "uur" of "uur-"?'."""
    [typo] = found("    Het duurt een uurr.\n")
    assert typo.code == "T101" and '"uur"' in typo.message and '"uur-"' not in typo.message, typo.message


@pytest.mark.parametrize(
    "line",
    [
        "Lees de gesprekskaart en de deelnemerslijst.",
        "De HR-adviseur pakt zo'n kaart.",
        "Tel de auto's en de collega's.",
        "VOORBEREIDING IS ALLES.",
        "Mail naar info@voorbeeld.nl of kijk op https://www.voorbeeld.nl/xyzq.",
        "Om 14:00 begint blok 2 met 3 tot 5 mensen.",
        "Lees [de tekst](https://qqq.zz/abcde).",
    ],
)
def test_correct_dutch_links_numbers_and_addresses_pass(line):
    assert [d for d in found(f"    {line}\n") if d.code.startswith("T1")] == []


def test_typo_on_a_continuation_line_has_the_columns_of_that_line():
    [typo] = [
        d for d in found("    voorbeeld: Een regel die doorloopt\n      op de volgende rgel.\n") if d.code == "T101"
    ]
    assert (typo.span.line, typo.span.column, typo.span.end_column) == (8, 22, 26)


def test_invisible_characters_inside_a_word_are_no_typo_and_columns_stay_those_of_the_source():
    diagnostics = found("    Een voor\u00adbereiding en een sa\u200dmenvatting, dan een medewekers.\n")
    [typo] = [d for d in diagnostics if d.code == "T101"]
    source_line = (HEADER + "    Een voor\u00adbereiding en een sa\u200dmenvatting, dan een medewekers.\n").split("\n")[
        6
    ]
    assert source_line[typo.span.column - 1 : typo.span.end_column - 1] == "medewekers"


def test_ligature_is_read_as_its_letters():
    assert codes("    Een \ufb01jne dag.\n") == []


def test_cyrillic_letter_inside_a_dutch_word_is_named():
    [lookalike] = found("    De medew\u0435rkers komen.\n")
    assert lookalike.code == "T102" and "Cyrillische" in lookalike.message


def test_word_lists_accept_a_name_and_keep_case_rules():
    words = WordList.of(["Qwertzmann", "qwertzbord"])
    assert codes("    Qwertzmann en QWERTZBORD en Qwertzbord.\n", words=words) == []
    assert codes("    qwertzmann komt.\n", words=words) == ["T101"]  # a name keeps its capital


def test_shipped_field_words_pass():
    assert codes("    De casusinbrenger en de intervisiebegeleider gebruiken post-its.\n") == []


def test_long_sentence_fires_above_the_threshold_and_not_at_it():
    twenty = " ".join(["woord"] * 19) + " einde."
    assert codes(f"    {twenty}\n") == []
    assert codes(f"    {twenty[:-1]} extra.\n") == ["T201"]
    assert codes(f"    {twenty}\n", settings=Settings(max_sentence_words=10)) == ["T201"]


def test_difficult_word_names_the_plain_alternative_in_its_forms():
    [hard] = found("    We gaan het faciliteren.\n")
    assert hard.code == "T202" and "mogelijk maken" in hard.message
    assert codes("    De begeleider faciliteert het.\n") == ["T202"]
    assert codes("    Dit gaat door middel van een gesprek.\n") == ["T202"]
    assert codes("    De begeleider helpt daarbij.\n") == []


def test_passive_is_a_hint_and_the_active_sentence_is_silent():
    [hint] = found("    De vraag wordt door de begeleider gesteld.\n")
    assert hint.code == "T203" and not hint.is_error and not hint.is_warning
    assert codes("    De begeleider stelt de vraag.\n") == []
    assert codes("    Het wordt laat.\n") == []


def test_readability_score_fires_on_hard_text_and_not_on_plain_text():
    hard = (
        "    De implementatiestrategie betreffende organisatieontwikkeling vereist interdisciplinaire "
        "samenwerkingsverbanden, beleidsmatige verantwoordelijkheidstoedeling en systematische "
        "kwaliteitsbewaking binnen gemeentelijke organisatieonderdelen.\n"
    ) * 3
    plain = (
        "    We gaan zitten. Ieder zegt zijn naam. Dan kijkt de groep naar het plan. Wie wil, zegt wat hij ziet.\n" * 4
    )
    assert "T204" in codes(hard, settings=Settings(max_sentence_words=100))
    assert "T204" not in codes(plain)


def test_facilitator_text_is_spell_checked_but_exempt_from_b1_unless_asked():
    body = "    begeleider: Hier mag u faciliteren zeggen, maar niet medewekers.\n"
    assert codes(body) == ["T101"]
    assert sorted(codes(body, settings=Settings(facilitator_b1=True))) == ["T101", "T202"]


def test_switch_turns_off_one_rule_for_the_next_line_only():
    body = "    # taal: uit T202\n    We gaan faciliteren en medewekers.\n    We gaan faciliteren.\n"
    assert codes(body) == ["T101", "T202"]
    assert [d.span.line for d in found(body)] == [8, 9]
    assert codes("    # taal: uit\n    We gaan faciliteren en medewekers.\n") == []
    assert codes("    # taal: aan\n    Goed.\n") == ["T103"]


def test_formats_have_no_spelling_problem():
    from werkvorm_dsl.pipeline import taal_paths

    results = taal_paths([str(ROOT / "formats")])
    assert [(r.path, d.code, d.message) for r in results for d in r.diagnostics if d.code.startswith("T1")] == []


def test_cli_exit_codes(tmp_path, capsys):
    typo = tmp_path / "typo.werkvorm"
    typo.write_text(HEADER + "    De medewekers komen.\n", encoding="utf-8")
    warning = tmp_path / "w.werkvorm"
    warning.write_text(HEADER + "    We gaan faciliteren.\n", encoding="utf-8")
    assert main(["taal", str(typo)]) == 1
    assert main(["taal", str(warning)]) == 0
    assert main(["taal", "--strict", str(warning)]) == 1
    assert main(["taal", str(tmp_path / "er-niet")]) == 2
    assert main(["taal", "--zinlengte", "drie", str(warning)]) == 2
    assert main(["taal", "--format", "github", str(typo)]) == 1
    assert "::error file=" in capsys.readouterr().out


def test_missing_dictionary_is_one_dutch_line_and_exit_2(tmp_path, capsys, monkeypatch):
    import enchant

    def no_dictionary(self, tag):
        raise enchant.errors.DictNotFoundError(tag)

    monkeypatch.setattr(enchant.Broker, "request_dict", no_dictionary)
    spelling.speller.cache_clear()
    try:
        path = tmp_path / "x.werkvorm"
        path.write_text(HEADER, encoding="utf-8")
        assert main(["taal", str(path)]) == 2
        assert "T100" in capsys.readouterr().err
    finally:
        spelling.speller.cache_clear()


def test_many_unknown_words_get_a_bounded_number_of_suggestions(monkeypatch):
    calls = []
    real = spelling.Speller.suggest
    monkeypatch.setattr(spelling.Speller, "suggest", lambda self, word: calls.append(word) or real(self, "medewekers"))
    body = "".join(
        f"    Qwx{index}zz zoekt.\n".replace(str(index), "abcdefghij"[index % 10] * (1 + index // 10))
        for index in range(60)
    )
    diagnostics = [d for d in found(body) if d.code == "T101"]
    assert len(diagnostics) == 60 and len(calls) == spelling.MAX_SUGGESTED_WORDS


def test_taal_loads_the_dictionary_once_per_process():
    probe = (
        "from werkvorm_dsl.taal import spelling; from werkvorm_dsl.pipeline import taal_paths; import sys; "
        f"taal_paths([{str(ROOT / 'formats')!r}]); taal_paths([{str(ROOT / 'formats')!r}]); "
        "print(spelling.speller.cache_info().misses)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip() == "1", result.stderr


def test_every_taal_code_is_documented_and_every_documented_one_is_used():
    import re

    source = "\n".join(
        path.read_text(encoding="utf-8") for path in sorted((ROOT / "src/werkvorm_dsl/taal").glob("*.py"))
    )
    used = set(re.findall(r'"(T\d{3})"', source))
    documented = set(re.findall(r"^### (T\d{3}):", (ROOT / "docs/meldingen.md").read_text(encoding="utf-8"), re.M))
    assert used and used == documented


def test_difficult_word_list_is_large_enough_and_every_entry_names_a_public_source():
    text = (ROOT / "src/werkvorm_dsl/taal/data/moeilijke-woorden.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    assert all(len(row) == 3 and row[0] == row[0].lower() and row[1] and row[2].startswith("http") for row in rows)
    assert len({row[0] for row in rows}) == len(rows) >= 150


def test_hostile_sentence_of_auxiliaries_is_read_in_one_pass():
    # 20,000 auxiliaries in one sentence and no participle: the old loop scanned the rest of the
    # sentence from each of them (quadratic); counting calls keeps this test free of timing.
    from werkvorm_dsl.taal.plain_language import passive
    from werkvorm_dsl.taal.text import Piece, Reader, Token, sentences

    piece = Piece(Reader.PROGRAMME, tokens=[Token("wordt", 1, 1 + i * 6, True) for i in range(20000)])
    [sentence] = sentences(piece)
    seen = []
    original = Token.plain
    try:
        Token.plain = property(lambda self: seen.append(1) or original.fget(self))
        assert list(passive(sentence, "x")) == []
    finally:
        Token.plain = original
    assert len(seen) <= 2 * 20000


def test_build_summary_mentions_open_taal_problems(tmp_path, capsys):
    path = tmp_path / "tikfout.werkvorm"
    path.write_text(HEADER + "    De medewekers gaan het plan faciliteren.\n", encoding="utf-8")
    clean = tmp_path / "schoon.werkvorm"
    clean.write_text(HEADER + "    De medewerkers komen.\n", encoding="utf-8")
    assert main(["build", "--formaten", "md", "--to", str(tmp_path / "uit"), str(path), str(clean)]) == 0
    out = capsys.readouterr().out
    assert "1 woord niet in het woordenboek en 1 taalwaarschuwing; zie 'werkvorm taal" in out
    assert [line for line in out.splitlines() if "schoon.werkvorm: let op" in line] == []


def test_the_build_summary_counts_typos_without_asking_for_slow_suggestions(tmp_path, monkeypatch):
    # Suggestions cost up to half a second a word: a build that only counts must never ask for them.
    from werkvorm_dsl.pipeline import check_file, taal_note

    source = tmp_path / "typo.werkvorm"
    source.write_text(
        "WERKVORM T\nduur: 10 min\n\nSESSIE\nstap Bespreek de medewekers en de vorbereiding.\n    duur: 10 min\n",
        encoding="utf-8",
    )

    def no_suggestions(self, word):
        raise AssertionError(f"suggestie gevraagd voor {word}")

    monkeypatch.setattr(spelling.Speller, "suggest", no_suggestions)
    assert taal_note(check_file(str(source))).startswith("2 woorden niet in het woordenboek")
