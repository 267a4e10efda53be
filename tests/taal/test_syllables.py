"""taal/syllables.py reads pyphen's Dutch patterns itself: every answer must be pyphen's own."""

from __future__ import annotations

import random
import re
import subprocess
import sys

import pyphen
import pytest

from conftest import ROOT
from werkvorm_dsl.taal import syllables as reader

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def written_words() -> set[str]:
    """Every word in the werkvormen, test data and documents of this repository."""
    found: set[str] = set()
    for folder in ("formats", "tests/data", "docs"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".werkvorm", ".md", ".txt", ".tsv"):
                found |= set(WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    return found


def odd_words(count: int) -> set[str]:
    """Letter strings Dutch would never write, with accents, capitals, 'ij' and the dotted capital I,
    whose lower case is longer than itself (derandomised: the same words on every run)."""
    rng = random.Random(20)
    letters = "abcdefghijklmnopqrstuvwxyzéëïöüèàçñ'-İIJĳ"
    return {"".join(rng.choice(letters) for _ in range(rng.randint(1, 25))) for _ in range(count)}


def test_the_pattern_file_is_read_by_the_quick_reader():
    # If pyphen ships its Dutch patterns in another form one day, the reader hands them to pyphen;
    # then this test says so, and the start-up of `werkvorm taal` is slow again.
    assert isinstance(reader.dutch_points().__self__, reader.Patterns)


# 20,000 odd words against pyphen: seconds by design, so make quick leaves the sweep to make test.
@pytest.mark.parametrize(
    "words", [written_words(), pytest.param(odd_words(20000), marks=pytest.mark.slow)], ids=["written", "odd"]
)
def test_hyphenation_points_are_pyphens(words):
    hyphenator = pyphen.Pyphen(lang="nl_NL")
    points = reader.dutch_points()
    words = words | {word.upper() for word in words} | {word.capitalize() for word in words}
    assert len(words) > 1000
    different = sorted(word for word in words if points(word) != len(hyphenator.positions(word)))
    assert different == []


def test_syllables_of_known_words():
    assert [reader.syllables(w) for w in ("lettergrepen", "HR-adviseur", "casus", "a", "'s-Hertogenbosch")] == [
        1 + len(pyphen.Pyphen(lang="nl_NL").positions("lettergrepen")),
        sum(1 + len(pyphen.Pyphen(lang="nl_NL").positions(part)) for part in ("HR", "adviseur")),
        2,
        1,
        sum(1 + len(pyphen.Pyphen(lang="nl_NL").positions(part)) for part in ("s", "Hertogenbosch")),
    ]


@pytest.mark.parametrize(
    "line",
    ["% een opmerking", "a^^e9b1", "1f/f=f,1,2", "LEFTHYPHENMIN 2", "a 1b", "   ", ".a4", "4"],
    ids=["comment", "hex", "alternative", "setting", "space-inside", "spaces-alone", "twice", "digits-alone"],
)
def test_a_pattern_file_in_another_form_is_left_to_pyphen(tmp_path, line):
    path = tmp_path / "hyph_xx.dic"
    path.write_bytes(b"ISO8859-1\n.a4\n.aan5\n" + line.encode("latin-1") + b"\n")
    assert reader.Patterns.of_file(str(path)) is None


def test_a_plain_pattern_file_is_read_as_pyphen_reads_it(tmp_path):
    path = tmp_path / "hyph_xx.dic"
    path.write_bytes("ISO8859-1\n.a4\n.aan5\na1b\nb2c1\né3d\n2e0\n".encode("latin-1"))
    patterns = reader.Patterns.of_file(str(path))
    hyphenator = pyphen.Pyphen(filename=str(path))
    assert patterns is not None
    assert [patterns.points(w) for w in sorted(odd_words(3000))] == [
        len(hyphenator.positions(w)) for w in sorted(odd_words(3000))
    ]


def test_werkvorm_taal_does_not_load_pyphen():
    probe = (
        "import sys; from werkvorm_dsl.pipeline import taal_paths; "
        f"taal_paths([{str(ROOT / 'formats')!r}]); print('pyphen' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
