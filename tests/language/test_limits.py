"""Extreme inputs end, with a generous time limit; the real measurements live in `make bench`."""

import sys

import pytest

from conftest import ROOT, time_limit
from werkvorm_dsl import check, parse
from werkvorm_dsl.analysis.schedule import MAX_EXPANDED_ROUNDS, plan

sys.path.insert(0, str(ROOT / "benchmarks"))
from limits import CASES

GENEROUS_SECONDS = 60  # a hang, not a speed target: speed is measured by `make bench`


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_extreme_input_ends_with_a_werkvorm_or_diagnostics(name):
    text = CASES[name]()
    with time_limit(GENEROUS_SECONDS):
        werkvorm = parse(text, "grens.werkvorm")
        diagnostics = check(werkvorm)
        agenda = plan(werkvorm)
    assert werkvorm.title.text == "Grens"
    assert all(d.span.line >= 1 for d in diagnostics)
    # Rows are bounded however many rounds there are: the agenda stays printable.
    assert len(agenda.slots) <= 100_001 + MAX_EXPANDED_ROUNDS


def test_a_million_rounds_is_reported_not_expanded():
    werkvorm = parse(CASES["RONDE 1000000 keer"](), "grens.werkvorm")
    codes = [d.code for d in check(werkvorm)]
    assert "E401" in codes
    agenda = plan(werkvorm)
    assert len(agenda.leaves) == MAX_EXPANDED_ROUNDS + 1  # the rounds' steps, then one summary row
    assert agenda.slots[-1].title.startswith("nog 999992 rondes")
    assert agenda.end == 5 * 1_000_000


def test_long_diagnostic_lines_are_clipped_around_the_caret():
    from werkvorm_dsl.language.diagnostics import render_text

    text = "WERKVORM X\nduur: " + "x" * 10_000 + "\n"
    diagnostics = check(parse(text, "x.werkvorm"))
    rendered = render_text(diagnostics[0], text.split("\n"))
    assert max(len(line) for line in rendered.splitlines()[1:3]) < 200
