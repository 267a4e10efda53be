"""`werkvorm fmt`: idempotent, and the werkvorm means exactly what it meant before."""

from hypothesis import given, settings

from conftest import ROOT
from strategies import mutated_format, quick_share, werkvormen
from werkvorm_dsl import parse
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.language.export import to_data
from werkvorm_dsl.language.fmt import format_text, layout

FILES = sorted((ROOT / "formats").glob("*.werkvorm")) + sorted((ROOT / "tests/data/good").glob("*.werkvorm"))


def meaning(text: str):
    """The AST without its spans, keywords compared without regard to case: what fmt must keep."""

    def strip(data):
        if isinstance(data, dict):
            return {
                k: (v.lower() if k == "label" else strip(v))
                for k, v in data.items()
                if not k.endswith("span") and k != "filename"
            }
        if isinstance(data, list):
            return [strip(item) for item in data]
        return data

    return strip(to_data(parse(text)))


def comments(text: str) -> list[str]:
    """Comment lines as the lexer reads them: invisible characters and control characters gone."""
    from werkvorm_dsl.language.folding import CONTROLS, ODD_BREAKS, normalise

    lines = ODD_BREAKS.sub("\n", CONTROLS.sub("", normalise(text))).split("\n")
    return [line.strip() for line in lines if line.strip().startswith("#")]


def holds(text: str) -> None:
    formatted = layout(text)  # without fmt's last guard, which would hide a layout that changes meaning
    assert format_text(formatted) == formatted
    assert meaning(formatted) == meaning(text)
    assert comments(formatted) == comments(text)


def test_fmt_keeps_the_meaning_and_comments_of_every_good_file():
    for path in FILES:
        holds(path.read_text(encoding="utf-8"))


@given(werkvormen)
def test_fmt_keeps_the_meaning_of_generated_werkvormen(text):
    holds(text)


@settings(max_examples=quick_share(100))
@given(mutated_format())
def test_fmt_keeps_the_meaning_of_mutated_formats_without_errors(text):
    from werkvorm_dsl import check

    if any(d.is_error for d in check(parse(text))):
        return  # fmt refuses those; see the next tests
    holds(text)


def test_formats_are_kept_formatted(capsys):
    assert main(["fmt", "--check", str(ROOT / "formats")]) == 0


def test_fmt_keeps_the_colon_between_a_group_word_and_its_description():
    text = (
        "WERKVORM x\nduur: 10 min\n\nSESSIE\ntweetallen: met je buurman\nstap a\n    duur: 5 min\nEINDE\n\n"
        "Drietallen ieder drietal apart\nstap b\n    duur: 5 min\nEINDE\n\nGROEPJES van 3: aan tafel\nstap c\n"
        "    duur: 5 min\nEINDE\n"
    )
    formatted = format_text(text)
    assert "\nTWEETALLEN: met je buurman\n" in formatted
    assert "\nDRIETALLEN: ieder drietal apart\n" in formatted
    assert "\nGROEPJES van 3: aan tafel\n" in formatted
    holds(text)


def test_fmt_check_lists_files_that_would_change_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "rommelig.werkvorm"
    messy = "werkvorm:   Rommelig\nDUUR:10 min\n\n\n\nsessie:\n  Stap   Welkom\nDuur:10 min\n"
    path.write_text(messy, encoding="utf-8")
    assert main(["fmt", "--check", str(path)]) == 1
    assert "zou veranderen" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == messy
    assert main(["fmt", str(path)]) == 0
    assert (
        path.read_text(encoding="utf-8") == "WERKVORM Rommelig\nduur: 10 min\n\nSESSIE\nstap Welkom\n    duur: 10 min\n"
    )


def test_fmt_never_writes_a_file_it_could_not_parse(tmp_path, capsys):
    path = tmp_path / "kapot.werkvorm"
    broken = "WERKVORM Kapot\nduur: 10 min\nstap Te vroeg\n\nSESSIE\n"
    path.write_text(broken, encoding="utf-8")
    assert main(["fmt", str(path)]) == 1
    assert "niet opgemaakt" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == broken


def test_nieuw_writes_a_template_that_passes_the_check_and_is_formatted(tmp_path, monkeypatch, capsys):
    from werkvorm_dsl import check

    monkeypatch.chdir(tmp_path)
    assert main(["nieuw", "Intervisie over feedback"]) == 0
    path = tmp_path / "intervisie-over-feedback.werkvorm"
    text = path.read_text(encoding="utf-8")
    werkvorm = parse(text, path.name)
    assert werkvorm.title.text == "Intervisie over feedback"
    assert check(werkvorm) == []
    assert format_text(text) == text
    assert (
        main(["new", "Intervisie over feedback"]) == 2
    )  # never over an existing file: a usage fault, not an error in a werkvorm
    assert "bestaat al" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == text


def test_fmt_leaves_a_file_alone_and_says_so_when_a_layout_would_change_its_meaning(tmp_path, monkeypatch, capsys):
    from werkvorm_dsl.language import fmt

    path = tmp_path / "t.werkvorm"
    messy = "WERKVORM T\nDUUR: 10 min\n"
    path.write_text(messy, encoding="utf-8")
    monkeypatch.setattr(fmt, "layout", lambda text: text.lower() + "\nstap Erbij\n")  # a layout gone wrong
    assert main(["fmt", str(path)]) == 0
    assert "niet opgemaakt" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == messy


def test_fmt_formats_a_file_with_an_escaped_line_under_prose():
    text = (ROOT / "tests/hostile/gevonden/fmt-backslash-regel-blokkeert-hele-bestand.werkvorm").read_text(
        encoding="utf-8"
    )
    assert format_text(text) != text  # the guard no longer has to keep the original
    holds(text)
