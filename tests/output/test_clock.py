"""One clock: every row's clock range equals its minutes, rows follow each other, the last ends at
the planned end; read back from tijdschema.json as a facilitator reads the schedule."""

import datetime
import itertools
import json
import re

import pytest
from hypothesis import given, settings

from conftest import ROOT
from strategies import quick_share, werkvormen
from werkvorm_dsl import parse
from werkvorm_dsl.analysis.schedule import Shares, plan
from werkvorm_dsl.app.build_command import Context
from werkvorm_dsl.output import registry

FORMATS = sorted((ROOT / "formats").glob("*.werkvorm"))


def schedule_rows(werkvorm, start="14:00"):
    agenda = plan(werkvorm, start)
    context = Context(werkvorm, agenda, "proef", datetime.date(2026, 12, 3), ".", 0)
    data = json.loads(registry.get("tijdschema").render(context).files["json"])
    return agenda, [row for row in data["agenda"] if row["soort"] != "blok"]


def minutes_of(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def assert_one_clock(agenda, rows):
    for before, after in itertools.pairwise(rows):
        assert before["eind"] == after["begin"], (before, after)
    for row in rows:
        if float(row["minuten"]).is_integer():
            assert (minutes_of(row["eind"]) - minutes_of(row["begin"])) % (24 * 60) == row["minuten"], row
    if rows:
        assert rows[-1]["eind"] == agenda.clock(agenda.end)


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.name)
def test_every_clock_range_of_the_formats_equals_its_minutes(path):
    agenda, rows = schedule_rows(parse(path.read_text(encoding="utf-8"), path.name))
    assert_one_clock(agenda, rows)
    assert all(float(row["minuten"]).is_integer() for row in rows), "a format with whole durations gets whole minutes"


@settings(max_examples=quick_share(60))
@given(werkvormen)
def test_every_clock_range_of_generated_werkvormen_equals_its_minutes(text):
    agenda, rows = schedule_rows(parse(text, "gegenereerd.werkvorm"))
    assert_one_clock(agenda, rows)


def test_two_and_a_half_minutes_each_become_three_and_two():
    # Found in issue 11: two untimed steps of 2.5 min made '14:28–14:42 · 15 min' further on.
    shares = Shares(__import__("fractions").Fraction(5, 2), 2)
    assert [shares.take(), shares.take()] == [3, 2]
    text = (
        "WERKVORM P\nduur: 60 min\n\nSESSIE\nstap A\n    duur: 25 min\nstap B\nstap C\nstap D\n    duur: 15 min\n"
        "stap E\n    duur: 15 min\n"
    )
    _agenda, rows = schedule_rows(parse(text))
    assert [(row["begin"], row["eind"], row["minuten"]) for row in rows] == [
        ("14:00", "14:25", 25),
        ("14:25", "14:28", 3),
        ("14:28", "14:30", 2),
        ("14:30", "14:45", 15),
        ("14:45", "15:00", 15),
    ]


@pytest.mark.pdf
def test_the_start_given_to_build_is_the_only_start_time_in_every_output(tmp_path):
    # Found in issue 11: 'Begintijd 14:00' above a programme that started at 9:30.
    from werkvorm_dsl.app.cli import main

    source = tmp_path / "tijd.werkvorm"
    source.write_text(
        "WERKVORM Tijd\nduur: 30 min\nbegintijd: 14:00\n\nSESSIE\nstap Welkom\n    duur: 10 min\n"
        "stap Werken\n    duur: 20 min\n",
        encoding="utf-8",
    )
    assert (
        main(
            [
                "build",
                "--to",
                str(tmp_path / "out"),
                "--start",
                "09:30",
                "--datum",
                "2026-12-03",
                "--formaten",
                "html,md,pdf",
                str(source),
            ]
        )
        == 0
    )
    import subprocess

    for output in (tmp_path / "out" / "tijd").iterdir():
        if output.is_dir():  # fonts/: the Lato files the HTML loads, no text of the werkvorm
            continue
        if output.suffix == ".pdf":  # the paper, read as its words
            text = subprocess.run(["pdftotext", str(output), "-"], capture_output=True, text=True, check=True).stdout
        else:
            text = output.read_text(encoding="utf-8")
        assert "14:00" not in text and "T140000" not in text, output.name
    invitation = (tmp_path / "out" / "tijd" / "uitnodiging.txt").read_text(encoding="utf-8")
    assert "Wanneer: donderdag 3 december 2026, van 09:30 tot 10:00 uur" in invitation


def test_participants_see_no_estimate_and_no_cut_title_and_past_only_without_a_warning(tmp_path):
    from werkvorm_dsl.output.documents.common import summary

    long_title = "Vraag de groep " + "heel " * 40 + "lang door."
    told = "We praten " + "heel " * 40 + "lang door."
    text = (
        f"WERKVORM Schatting\nduur: 60 min\n\nSESSIE\nstap Open\n    duur: 55 min\nstap {long_title}\n"
        f"    voor deelnemers: {told}\nstap Sluit af.\n"
    )
    werkvorm = parse(text)
    agenda = plan(werkvorm, "14:00")
    context = Context(werkvorm, agenda, "proef", datetime.date(2026, 12, 3), ".", 0)
    handout = registry.get("deelnemers").render(context).files["html"]
    assert told in handout and long_title not in handout  # the participants' text in full, never '…'
    # the two steps share 5 min: an estimate, not a plan. No minutes for them, and a start that
    # follows the estimate is 'ca.' too; the one after the timed step is exact.
    assert not re.search(r'class="num[^"]*">\s*ca\.', handout)
    assert ">14:55<" in handout and ">ca. 14:58<" in handout
    assert "Dat past in" not in summary(agenda) and "Dat past misschien niet" in summary(agenda)  # W403 here
    timed = parse("WERKVORM T\nduur: 60 min\n\nSESSIE\nstap Open\n    duur: 60 min\n")
    assert summary(plan(timed)) == "De stappen duren samen 60 min. Dat past in de 60 min van de werkvorm."


def test_a_werkvorm_with_warnings_is_printed_as_concept_and_a_clean_one_is_not(tmp_path):
    from werkvorm_dsl.app.cli import main

    clean = tmp_path / "klaar.werkvorm"
    clean.write_text("WERKVORM Klaar\nduur: 10 min\n\nSESSIE\nstap Welkom\n    duur: 10 min\n", encoding="utf-8")
    draft = tmp_path / "concept.werkvorm"
    draft.write_text(
        "WERKVORM Concept\nduur: 10 min\n\nSESSIE\nstap Welkom\n    duur: 10 min\n    link: [meer](#)\n",
        encoding="utf-8",
    )  # W301: a link without an address yet
    assert main(["build", "--to", str(tmp_path / "out"), "--formaten", "html", str(clean), str(draft)]) == 0
    for name in ("draaiboek", "deelnemers", "kaarten"):
        assert 'class="concept-mark"' not in (tmp_path / "out" / "klaar" / f"{name}.html").read_text(encoding="utf-8")
        assert 'class="concept-mark">CONCEPT' in (tmp_path / "out" / "concept" / f"{name}.html").read_text(
            encoding="utf-8"
        )


def test_markdown_keeps_an_ampersand_as_written():
    # Issue 11: the Markdown outputs said 'A&amp;O fonds Gemeenten'.
    from markdown_it import MarkdownIt

    from werkvorm_dsl.output.render import markdown_safe

    assert markdown_safe("A&O fonds Gemeenten") == "A&O fonds Gemeenten"
    for text in ("R&D; team", "&#x6A;avascript", "a &amp; b", "A&O"):  # the Markdown reads as the author's text
        assert MarkdownIt().renderInline(markdown_safe(text)) == MarkdownIt().renderInline(text), text


def test_every_clock_range_on_the_draaiboeks_paper_is_a_row_of_the_plan(built_formats):
    """The draaiboek's PDF, read back as text: each 'HH:MM–HH:MM' it prints starts where a row of
    tijdschema.json starts and ends where one ends (a step, a break, a block, or a round's whole
    run: '14:03–14:27, samen 24 min'), so paper and plan cannot disagree."""
    import json
    import subprocess

    for path in FORMATS:
        folder = built_formats / path.stem
        agenda = json.loads((folder / "tijdschema.json").read_text(encoding="utf-8"))["agenda"]
        begins, ends = {row["begin"] for row in agenda}, {row["eind"] for row in agenda}
        text = subprocess.run(
            ["pdftotext", "-raw", str(folder / "draaiboek.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
        printed = re.findall(r"\b(\d\d:\d\d)–(\d\d:\d\d)\b", text)
        assert printed, path.name
        wrong = [(start, end) for start, end in printed if start not in begins or end not in ends or end < start]
        assert not wrong, (path.name, wrong)
