"""The formats tell participants what each step is about ('voor deelnemers:'), and the hand-out
shows that text in full instead of the facilitator's instruction."""

import html as html_module
import re
import subprocess

import pytest

from conftest import ROOT
from seedtext import normalize
from werkvorm_dsl import check, parse
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.language.nodes import FacilitatorOnly, Note, SectionKind

FORMATS = sorted((ROOT / "formats").glob("*.werkvorm"))
MOST_WORDS = 20  # short enough to read at a glance in the programme (B1)


def session_steps(path):
    werkvorm = parse(path.read_text(encoding="utf-8"), str(path))
    return werkvorm.section(SectionKind.SESSION).steps()


def told(step) -> str:
    return " ".join(step.for_participants.text.split())


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.name)
def test_every_session_step_of_the_formats_has_text_for_participants(path):
    untold = [
        step.title.text
        for step in session_steps(path)
        if step.for_participants is None or not step.for_participants.text.strip()
    ]
    assert untold == []
    assert "I703" not in [d.code for d in check(parse(path.read_text(encoding="utf-8"), str(path)))]


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.name)
def test_participant_texts_are_short(path):
    long = [told(step) for step in session_steps(path) if len(told(step).split()) > MOST_WORDS]
    assert long == []


def shared_phrases(text: str, secret: str, length: int = 4) -> list[str]:
    """Runs of `length` words of `text` that also stand in `secret`: a shared phrase is a leak,
    a shared common word ('de', 'casusinbrenger') is not."""
    words = normalize(text).split()
    hidden = f" {normalize(secret)} "
    runs = (" ".join(words[i : i + length]) for i in range(len(words) - length + 1))
    return [run for run in runs if f" {run} " in hidden]


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.name)
def test_participant_text_repeats_nothing_meant_for_the_facilitator_alone(path):
    for step in session_steps(path):
        for block in step.body:
            if isinstance(block, (FacilitatorOnly, Note)):
                assert shared_phrases(told(step), block.text) == [], (told(step), block.text)


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.name)
def test_the_handout_programme_shows_each_participant_text_in_full(built_formats, path):
    folder = built_formats / path.stem
    markdown = normalize((folder / "deelnemers.md").read_text(encoding="utf-8"))
    page = (folder / "deelnemers.html").read_text(encoding="utf-8")
    shown = normalize(html_module.unescape(re.sub(r"<[^>]+>", " ", page)))
    pdf = normalize(
        subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", str(folder / "deelnemers.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    for step in session_steps(path):
        text = normalize(told(step))
        assert text in markdown and text in shown and text in pdf, told(step)
    # no step is left as a bare 'Stap 3'
    assert 'class="untold"' not in page
    assert not re.search(r"\*Stap \d+(?:\.\d+)*\*", (folder / "deelnemers.md").read_text(encoding="utf-8"))


def test_the_leak_check_can_fail():
    """A participant text that copies part of a facilitator note is caught by the check above."""
    text = (
        "WERKVORM Proef\nduur: 10 min\n\nSESSIE\nstap Vertel\n    duur: 10 min\n"
        "    voor deelnemers: Geef na 2 minuten een teken.\n"
        "    begeleider: Geef na 2 minuten een teken dat de ander aan de beurt is.\n"
    )
    step = parse(text).section(SectionKind.SESSION).steps()[0]
    secret = next(block.text for block in step.body if isinstance(block, FacilitatorOnly))
    assert shared_phrases(told(step), secret) == [
        "geef na 2 min",
        "na 2 min een",
        "2 min een teken",
    ]  # minuten folds to min


def test_the_handout_has_no_empty_minutes_column(tmp_path):
    """Liefdevol roddelen gives no step a duration, and a hand-out prints no estimate: its 'Min.'
    column was empty on every row (HTML, PDF, Markdown, Word). A werkvorm with durations keeps it."""
    untimed, timed = ROOT / "formats/liefdevol-roddelen.werkvorm", ROOT / "formats/balintmethode.werkvorm"
    for start in ([], ["--start", "14:00"]):
        target = tmp_path / ("klok" if start else "zonder")
        assert (
            main(
                [
                    "build",
                    "--to",
                    str(target),
                    *start,
                    "--only",
                    "deelnemers",
                    "--formaten",
                    "html,md",
                    str(untimed),
                    str(timed),
                ]
            )
            == 0
        )
        for name, has_minutes in (("liefdevol-roddelen", False), ("balintmethode", True)):
            page = (target / name / "deelnemers.html").read_text(encoding="utf-8")
            markdown = (target / name / "deelnemers.md").read_text(encoding="utf-8")
            assert ('class="num">Min.</th>' in page) is has_minutes, (name, start)
            assert ("| Min. |" in markdown) is has_minutes, (name, start)
            table = markdown.split("## Programma\n\n")[1].split("\n\n")[0].splitlines()
            cells = table[0].count("|")  # every row has as many cells as the header
            assert len(table) > 3 and all(row.replace("\\|", "").count("|") == cells for row in table), (name, start)
