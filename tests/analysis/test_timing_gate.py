"""Timing that could be fooled (issue 20, 'What was measured'): each werkvorm in tests/hostile/tijd/
passed `werkvorm check --strict` although it cannot fit its time. Now each fails it, with the codes
in its file name on the line of the limit it breaks, and the draaiboek shows what the author wrote
and never runs a time box past its time."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from werkvorm_dsl import check, parse
from werkvorm_dsl.analysis.schedule import RowKind, plan
from werkvorm_dsl.analysis.timing import compute
from werkvorm_dsl.app.cli import main

CASES = sorted((ROOT / "tests/hostile/tijd").glob("*.werkvorm"))
# The line each case's warning stands on: the line with the time of the limit it breaks.
LIMIT_LINES = {
    "w403-tien-stappen-zonder-duur-in-blok": 9,
    "w408-blok-met-reeks-maximaal-en-rondes": 8,
    "w408-groepjes-per-lid-in-tijdvak": 9,
    "w408-tweetallen-praten-in-vijf-minuten": 11,
    "w411-geen-stap-met-een-duur": 6,
}


def read(path):
    return parse(path.read_text(encoding="utf-8"), path.name)


def case(stem: str):
    return read(ROOT / "tests/hostile/tijd" / f"{stem}.werkvorm")


def codes_in_name(path) -> set[str]:
    return {code.upper() for code in re.findall(r"[ew]\d{3}", path.stem)}


def test_every_case_has_its_line():
    assert {path.stem for path in CASES} == set(LIMIT_LINES)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_a_timing_that_could_be_fooled_fails_the_strict_check(path, capsys):
    assert main(["check", "--strict", str(path)]) == 1
    assert main(["check", str(path)]) == 0  # warnings: the draaiboek can still be made
    output = capsys.readouterr().out
    for code in codes_in_name(path):
        assert f"{path.name}:{LIMIT_LINES[path.stem]}:" in output and f"[{code}]" in output, output


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_the_warning_stands_on_the_line_of_the_limit(path):
    found = {(d.code, d.span.line) for d in check(read(path))}
    for code in codes_in_name(path):
        assert (code, LIMIT_LINES[path.stem]) in found, found


def untimed_steps(count: int, inside_box: bool) -> str:
    steps = "".join(f"stap Stap {n}\n" for n in range(1, count + 1))
    body = f"BLOK 10 min\n{steps}EINDE BLOK\n" if inside_box else steps
    return f"WERKVORM Tien stappen\nduur: 10 min\n\nSESSIE\n{body}"


def test_untimed_steps_in_a_box_get_w403_as_under_a_duration():
    under_duration = [d for d in check(parse(untimed_steps(10, False))) if d.code == "W403"]
    in_box = [d for d in check(parse(untimed_steps(10, True))) if d.code == "W403"]
    assert len(under_duration) == len(in_box) == 1
    assert "10 stappen zonder duur delen 10 min, dat is 1 min per keer" in under_duration[0].message
    assert "10 stappen zonder duur delen 10 min, dat is 1 min per keer" in in_box[0].message


def test_the_group_sizes_that_fit_a_box_are_named():
    (warning,) = [d for d in check(case("w408-groepjes-per-lid-in-tijdvak")) if d.code == "W408"]
    assert (
        "Met groepjes van 2 past het; met groepjes van 3 tot en met 6 niet (30, 40, 50 of 60 min)." in warning.message
    )


def test_the_plan_shows_what_the_author_wrote_where_a_full_box_cuts_it():
    agenda = plan(case("w408-blok-met-reeks-maximaal-en-rondes"))
    rows = {slot.title: slot for slot in agenda.slots if slot.kind is RowKind.STEP}
    # Parts take their longest time while what follows still fits at its shortest.
    assert [rows["Inleiding"].minutes, rows["Casus"].minutes, rows["Advies"].minutes] == [29, 1, 30]
    assert "maximaal 1" not in {slot.minutes_text for slot in agenda.slots}
    assert rows["Casus"].note == "ingekort: er staat maximaal 90 min, maar het tijdvak is vol"
    assert rows["Inleiding"].note == "ingekort: er staat 1 tot 60 min, maar het tijdvak is vol"
    (rest,) = [slot for slot in agenda.slots if slot.kind is RowKind.SUMMARY]
    assert (rest.title, rest.minutes, rest.note) == ("nog 9 rondes", 0, "geen tijd meer in het tijdvak")


@pytest.mark.parametrize("path", [*CASES, *sorted((ROOT / "formats").glob("*.werkvorm"))], ids=lambda p: p.stem)
def test_no_row_of_the_plan_runs_past_its_time_box(path):
    werkvorm = read(path)
    agenda = plan(werkvorm)
    assert agenda.end == compute(werkvorm).planned_total
    heads = [slot for slot in agenda.slots if slot.kind is RowKind.BLOCK and slot.boxed]
    for head in heads:
        inside = [
            slot for slot in agenda.slots if slot.number.startswith(f"{head.number}.") and slot.start >= head.start
        ]
        assert all(slot.end <= head.end for slot in inside if slot.start < head.end), head.title


def test_troika_consulting_plans_its_phases_at_their_longest_while_the_round_s_box_allows():
    """The format's 10-minute round holds phases of 1 to 2, 1 to 2, 4 to 5 and 1 to 2 minutes (7
    to 11): the plan gives the first three their longest time and the last what is left."""
    werkvorm = read(ROOT / "formats/troika-consulting.werkvorm")
    assert "W408" in {d.code for d in check(werkvorm)}
    first_round = [slot for slot in plan(werkvorm).slots if slot.kind is RowKind.STEP and slot.round_number == 1]
    first_round = [slot for slot in first_round if slot.depth == 2]
    assert [slot.minutes for slot in first_round] == [2, 2, 5, 1]
    assert first_round[-1].note == "ingekort: er staat 1 tot 2 min, maar het tijdvak is vol"
    assert all(slot.note == "" for slot in first_round[:-1])
