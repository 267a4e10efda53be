"""What an attack on `werkvorm fmt` found (issue 20): fmt gave the check something new to complain
about, or would not format what it could; and a step title wrapped onto two lines went unnoticed.
Each find is a file in tests/hostile/gevonden/ with a comment that says what went wrong."""

from __future__ import annotations

import re

import pytest
from test_fmt import holds as keeps_the_meaning
from test_fmt_diagnostics import same_diagnostics

from conftest import ROOT
from werkvorm_dsl import check, parse
from werkvorm_dsl.analysis.checks import UNFINISHED_TITLE_MARKS, UNFINISHED_TITLE_WORDS
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
from werkvorm_dsl.language.fmt import UnsafeLayout, errors_that_stop_fmt, format_text, layout
from werkvorm_dsl.language.nodes import Span

FOUND = ROOT / "tests/hostile/gevonden"


def found(name: str) -> str:
    return (FOUND / f"{name}.werkvorm").read_text(encoding="utf-8")


def formatted_copy(tmp_path, name: str, capsys) -> tuple[int, str, str]:
    """`werkvorm fmt` on a copy of the find: (exit code, the text after, what fmt said)."""
    path = tmp_path / f"{name}.werkvorm"
    path.write_text(found(name), encoding="utf-8")
    code = main(["fmt", str(path)])
    said = capsys.readouterr()
    return code, path.read_text(encoding="utf-8"), said.out + said.err


def strict_check(tmp_path, text: str) -> int:
    path = tmp_path / "na-fmt.werkvorm"
    path.write_text(text, encoding="utf-8")
    return main(["check", "--strict", str(path)])


def test_nb_under_a_finished_sentence_keeps_its_spelling_and_the_file_still_passes_strict(tmp_path, capsys):
    assert strict_check(tmp_path, found("fmt-nb-onder-afgesloten-zin")) == 0
    code, after, _ = formatted_copy(tmp_path, "fmt-nb-onder-afgesloten-zin", capsys)
    assert code == 0
    assert "\nduur: 30 min\n" in after  # fmt did lay the file out
    assert "\n    nb: Houd het kort" in after and "\n    let op: Sluit op tijd af." in after
    assert strict_check(tmp_path, after) == 0
    same_diagnostics(found("fmt-nb-onder-afgesloten-zin"), after)


def test_nb_at_the_start_of_a_paragraph_is_still_written_in_capitals():
    text = "WERKVORM X\nduur: 10 min\n\nnb: Alleen voor kleine groepen.\n\nSESSIE\nstap Welkom\n    duur: 10 min\n"
    assert "\nNB: Alleen voor kleine groepen.\n" in format_text(text)
    same_diagnostics(text, format_text(text))


def test_a_file_whose_only_error_is_in_its_timing_is_formatted(tmp_path, capsys):
    code, after, said = formatted_copy(tmp_path, "fmt-alleen-tijdfout", capsys)
    assert code == 0 and "opgemaakt" in said
    assert after == format_text(found("fmt-alleen-tijdfout")) != found("fmt-alleen-tijdfout")
    assert [d.code for d in check(parse(after)) if d.is_error] == ["E401"]  # the error stays until it is fixed
    same_diagnostics(found("fmt-alleen-tijdfout"), after)
    keeps_the_meaning(found("fmt-alleen-tijdfout"))


@pytest.mark.parametrize("path", sorted((ROOT / "tests/data/bad").glob("e4*.werkvorm")), ids=lambda p: p.name)
def test_every_timing_error_of_the_corpus_leaves_fmt_free_to_format(path):
    diagnostics = check(parse(path.read_text(encoding="utf-8")))
    assert any(d.is_error for d in diagnostics) and errors_that_stop_fmt(diagnostics) == []


def test_a_file_with_an_error_in_its_structure_is_still_left_alone(tmp_path, capsys):
    path = tmp_path / "kapot.werkvorm"
    broken = "WERKVORM Kapot\nDUUR: 10 min\nstap Te vroeg\n  duur: 5 min\n\nSESSIE\n"
    path.write_text(broken, encoding="utf-8")
    assert main(["fmt", str(path)]) == 1
    assert "niet opgemaakt" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == broken


def _codes_in_the_guide_that_stop_fmt() -> set[str]:
    guide = (ROOT / "docs/taalgids.md").read_text(encoding="utf-8")
    paragraph = re.search(
        r"\*\*Fouten\.\*\* Een bestand met een fout in de opbouw maakt `fmt` niet op.*?\n\n", guide, re.S
    )
    assert paragraph, "the guide's part on fmt says which errors stop it"
    listed = paragraph.group(0).split("Een fout in een waarde")[0]
    return set(re.findall(r"`(E\d{3})`", listed))


def _check_errors_in_meldingen() -> list[str]:
    meldingen = (ROOT / "docs/meldingen.md").read_text(encoding="utf-8")
    return [code for code in re.findall(r"^### (E\d{3}):", meldingen, re.M) if int(code[1:]) < 500]


@pytest.mark.parametrize("code", _check_errors_in_meldingen())
def test_the_guide_names_exactly_the_errors_that_stop_fmt(code):
    """From the table of codes (docs/meldingen.md): each error of the check stops fmt if and only
    if the guide's list names it, so a new code is either listed or formatted."""
    diagnostic = Diagnostic(code, Severity.ERROR, "x.werkvorm", Span(1, 1, 1, 2), "")
    assert bool(errors_that_stop_fmt([diagnostic])) == (code in _codes_in_the_guide_that_stop_fmt())


def test_warnings_never_stop_fmt():
    warning = Diagnostic("E101", Severity.WARNING, "x.werkvorm", Span(1, 1, 1, 2), "")  # as a warning
    assert errors_that_stop_fmt([warning]) == []


def test_a_step_read_in_a_running_sentence_keeps_its_question_after_fmt(tmp_path, capsys):
    before = found("fmt-stap-in-doorlopende-zin")
    code, after, _ = formatted_copy(tmp_path, "fmt-stap-in-doorlopende-zin", capsys)
    assert code == 0 and after != before
    assert [(d.code, d.span.line) for d in check(parse(after)) if d.code == "W111"] == [("W111", 11)]
    same_diagnostics(before, after)


def test_fmt_leaves_a_file_alone_when_no_layout_keeps_the_question_open(tmp_path, capsys):
    text = found("fmt-vraag-niet-te-bewaren")
    assert "W111" in {d.code for d in check(parse(text))}
    with pytest.raises(UnsafeLayout):
        format_text(text)
    code, after, said = formatted_copy(tmp_path, "fmt-vraag-niet-te-bewaren", capsys)
    assert code == 0 and after == text and "niet opgemaakt" in said


def test_fmt_formats_labels_in_look_alike_letters_instead_of_refusing():
    """The guard compared labels as written while fmt writes them plain, so it refused the file."""
    text = found("lek-homogliefen")
    after = format_text(text)
    assert after != text and "\n    begeleider: Marie stopt volgende maand.\n" in after
    same_diagnostics(text, after)


def test_the_layout_does_not_fail_on_a_step_above_the_first_heading():
    text = (ROOT / "tests/data/bad/e102-stap-voor-kopje.werkvorm").read_text(encoding="utf-8")
    keeps_the_meaning(text)
    assert "\nstap Welkom\n    duur: 10 min\n" in layout(text)


def test_a_step_title_wrapped_onto_the_next_line_is_said_on_that_line():
    text = found("titel-over-twee-regels")
    said = [(d.code, d.span.line) for d in check(parse(text)) if d.code == "W115"]
    assert said == [("W115", 8), ("W115", 12)]  # 'uitleg …' under '… en', and 'Jan en Piet' under '… met'
    same_diagnostics(text, format_text(text))


@pytest.mark.parametrize(
    "below",
    [
        "    Iedereen zegt iets.",  # a sentence of its own
        "    duur: 10 min",  # a field
        "    duuur: 10 min",  # a misspelt field (W110 speaks of it)
        "    wie: begeleider",
        "    - een opsomming",
        "\n    uitleg van de opdracht.",  # a blank line between: the author's choice
    ],
)
def test_a_title_that_ends_well_and_the_usual_lines_under_it_give_no_w115(below):
    text = f"WERKVORM X\nduur: 30 min\n\nSESSIE\nstap Kennismaking\n{below}\n    duur: 10 min\n"
    assert "W115" not in {d.code for d in check(parse(text))}


@pytest.mark.parametrize("end", [*UNFINISHED_TITLE_WORDS, *UNFINISHED_TITLE_MARKS])
def test_every_unfinished_title_end_of_the_table_is_said_even_before_a_capital(end):
    title = f"Kennismaking {end}" if end.isalpha() else f"Kennismaking{end}"
    text = f"WERKVORM X\nduur: 30 min\n\nSESSIE\nstap {title}\n    Jan en Piet.\n    duur: 10 min\n"
    assert [(d.code, d.span.line) for d in check(parse(text)) if d.code == "W115"] == [("W115", 6)]
    assert "W115" not in {d.code for d in check(parse(text.replace("\n    Jan en Piet.", "\n\n    Jan en Piet.")))}


def test_a_title_broken_by_an_odd_line_break_is_said_before_fmt_as_after():
    text = found("fmt-titel-met-onzichtbaar-regeleinde")
    assert {(d.code, d.span.line) for d in check(parse(text))} >= {("W112", 8), ("W115", 8)}
    after = format_text(text)
    assert "\nstap W\n    elkom en de vraag\n" in after
    same_diagnostics(text, after)


def test_text_after_a_field_under_the_title_is_no_title_tail_whatever_its_line_number():
    text = found("fmt-veld-met-onzichtbaar-regeleinde")
    assert "W112" in {d.code for d in check(parse(text))}
    assert "W115" not in {d.code for d in check(parse(text))}
    same_diagnostics(text, format_text(text))
