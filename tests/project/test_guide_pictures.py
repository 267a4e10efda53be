"""The guide's pictures of the writing place can be made anew: each is in docs/, and
scripts/make_screenshots.py (`make screenshots`) takes it; and "Een werkdag" goes the browser's way first."""

import ast
import re

import pytest

from conftest import ROOT

GUIDE = ROOT / "docs" / "taalgids.md"
SCRIPT = ROOT / "scripts" / "make_screenshots.py"


def pictures_in_the_guide() -> list[str]:
    return sorted(set(re.findall(r"!\[[^\]]*\]\(([^)/]+\.png)\)", GUIDE.read_text(encoding="utf-8"))))


def pictures_the_script_takes() -> set[str]:
    """The names the script's scenes return, read from its source (running it takes Chromium and minutes)."""
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    scenes = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and any(getattr(target, "id", "") == "SCENES" for target in node.targets)
    )
    named = {element.id for element in scenes.elts}
    return {
        node.value.value
        for function in tree.body
        if isinstance(function, ast.FunctionDef) and function.name in named
        for node in ast.walk(function)
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Constant)
    }


def test_the_guide_shows_pictures_of_the_writing_place():
    assert len(pictures_in_the_guide()) >= 4


@pytest.mark.parametrize("picture", pictures_in_the_guide())
def test_every_picture_in_the_guide_is_in_docs_and_made_by_the_script(picture):
    assert (ROOT / "docs" / picture).stat().st_size > 10_000
    assert picture in pictures_the_script_takes()


def test_make_screenshots_runs_the_script():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("\nscreenshots:", 1)[1].split("\n\n", 1)[0]
    assert "scripts/make_screenshots.py docs" in target


def test_a_working_day_in_the_guide_starts_in_the_browser():
    """The first steps of "Een werkdag" open the writing place; the terminal commands come after."""
    text = GUIDE.read_text(encoding="utf-8")
    day = text.split("## Een werkdag", 1)[1].split("\n## ", 1)[0]
    steps = " ".join(day.split("**Liever in de terminal", 1)[0].split())  # one line: words wrap anywhere
    assert "make schrijven" in steps.split(" 2. ", 1)[0]
    for command in ("werkvorm check", "werkvorm build", "werkvorm nieuw"):
        assert command not in steps, command
    for in_the_browser in ("Nieuwe werkvorm", "Bestanden maken", "Deze bijeenkomst", "regel 26"):
        assert in_the_browser in steps, in_the_browser
