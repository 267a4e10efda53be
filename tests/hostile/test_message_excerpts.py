"""Every message quotes at most an excerpt of the author's text: a 10,000-letter token in any line of
any corpus file gives no line longer than a terminal can show, in `werkvorm check` and `werkvorm taal`."""

from __future__ import annotations

import re

import pytest

from corpus import BAD, GOOD, TAAL
from werkvorm_dsl import check, parse
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.language.diagnostics import render_text
from werkvorm_dsl.system.safe_text import EXCERPT_LENGTH, bounded, excerpt

LONG = "x" * 10_000
# A message line: place and code (~90), the message with a few excerpts, the hint with one.
MOST_LINE = 600


def with_long_tokens(text: str) -> str:
    """Every line's last word, or every quoted passage, replaced by 10,000 letters; empty lines stay."""
    text = re.sub(r"'[^'\n]*'", f"'{LONG}'", text)
    return "\n".join(re.sub(r"\S+$", LONG, line) if line.strip() else line for line in text.split("\n"))


@pytest.mark.parametrize("path", BAD + GOOD, ids=lambda p: p.name)
def test_no_check_message_quotes_more_than_an_excerpt(path):
    text = with_long_tokens(path.read_text(encoding="utf-8"))
    lines = text.split("\n")
    for diagnostic in check(parse(text, path.name)):
        said = [diagnostic.message, diagnostic.hint, *(label for _, label in diagnostic.related)]
        assert all(LONG[: EXCERPT_LENGTH + 1] not in part for part in said), diagnostic
        for line in render_text(diagnostic, lines).split("\n"):
            assert len(line) <= MOST_LINE, (diagnostic.code, line[:200])


@pytest.mark.parametrize("path", TAAL[:4], ids=lambda p: p.name)
def test_the_spelling_check_quotes_an_excerpt_of_a_long_token(path, tmp_path, capsys):
    """The issue's case: T101 quoted a 10,000-letter token whole (a 10,074-character line)."""
    target = tmp_path / path.name
    target.write_text(with_long_tokens(path.read_text(encoding="utf-8")), encoding="utf-8")
    main(["taal", str(target)])
    out = capsys.readouterr().out
    assert "T101" in out
    assert max(len(line) for line in out.splitlines()) <= MOST_LINE


@pytest.mark.parametrize("length", [0, 1, EXCERPT_LENGTH - 1, EXCERPT_LENGTH, EXCERPT_LENGTH + 1, 10_000])
def test_an_excerpt_is_whole_up_to_the_bound_and_cut_with_an_ellipsis_after_it(length):
    text = "é" * length
    cut = excerpt(text)
    assert len(cut) <= EXCERPT_LENGTH
    assert cut == text if length <= EXCERPT_LENGTH else cut == text[: EXCERPT_LENGTH - 1] + "…"


@pytest.mark.parametrize(
    "message",
    [
        "Bedoelt u 'duur:'? Zet dan een dubbele punt achter 'duur'. Is het echt gewone tekst, niet als het veld 'duur:'.",
        "'Begeleider (alleen):' lijkt tekst alleen voor de begeleider, maar het staat in tekst die deelnemers zien.",
    ],
)
def test_our_own_sentences_between_two_quotations_are_never_cut(message):
    assert bounded(message) == message


@pytest.mark.parametrize("quote", ["'", '"', "‘’", "“”", "«»"])
def test_a_long_quotation_is_cut_inside_its_quotes(quote):
    opening, closing = quote[0], quote[-1]
    said = bounded(f"Het woord {opening}{('a b ' * 40).strip()}{closing} is onbekend.")
    assert said.startswith(f"Het woord {opening}") and said.endswith(f"…{closing} is onbekend.")


def test_a_job_count_of_zero_says_what_is_wrong_with_it(tmp_path, capsys):
    assert main(["build", "-j", "0", "--to", str(tmp_path), str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "E507" in err and "geen aantal" not in err and "minstens 1" in err
