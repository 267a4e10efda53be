"""Every HTML output has no axe-core violations of WCAG 2.1 A and AA, in real headless Chromium."""

from pathlib import Path
from typing import NamedTuple

import pytest

from browsing import AXE, MEASURE, PHONE, RUN_AXE, at_phone_width, axe_in_every_page, off_the_phone
from conftest import ROOT

FORMATS = sorted((ROOT / "formats").glob("*.werkvorm"))


def _output_folders() -> int:
    """One output folder for each werkvorm, and one beside it for each of its variants."""
    from werkvorm_dsl.language.parser import parse

    return sum(1 + len(parse(path.read_text(encoding="utf-8")).variants) for path in FORMATS)


@pytest.fixture(scope="module")
def pages(built_formats, built_formats_large):
    """Every HTML output of formats/, in ordinary and in large print."""
    found = sorted(built_formats.rglob("*.html")) + sorted(built_formats_large.rglob("*.html"))
    # draaiboek, overzicht, deelnemers, kaarten, uitnodiging, leiden, zaal
    assert len(found) == 2 * 7 * _output_folders()
    # The live view and its room's screen carry no fonts/ folder (they work alone, from a USB stick), so the
    # Lato rule is not their own; test_leiden_browser.py runs axe on them at 390 and 1280 px, running.
    kept = [page for page in found if page.name not in ("leiden.html", "zaal.html")]
    # Large print changes the hand-out and the cards only (a class on <html>): the large-print draaiboek,
    # overzicht and invitation are the ordinary files byte for byte, with the same fonts/ beside them,
    # and a page that is the same file gives the same answers. Each is opened once.
    first_of: dict[bytes, Path] = {}
    for page in kept:
        first_of.setdefault(page.read_bytes(), page)
    return list(first_of.values())


def test_every_html_output_passes_axe(pages, opened):
    """axe runs on every page at the browser's own window size (see `opened`)."""
    problems = {}
    for page in pages:
        if violations := opened[page].violations:
            problems[str(page.relative_to(page.parents[2]))] = violations
    assert problems == {}


def test_axe_can_fail(browser, tmp_path):
    """The same run finds a violation in a page built to have one."""
    bad = tmp_path / "fout.html"
    bad.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body><img src='x.png'></body></html>", encoding="utf-8"
    )
    with axe_in_every_page(browser):
        browser.get(bad.as_uri())
        ids = [v[0] for v in browser.execute_async_script(RUN_AXE)]
    assert "image-alt" in ids and "html-has-lang" in ids


def test_no_html_output_scrolls_sideways_on_a_phone_and_each_has_lato(pages, opened):
    """At 390 px, in headless Chromium, no HTML output is wider than the screen (a table's last
    column cut off, a long word), and each shows its text in Lato from the fonts/ folder beside it."""
    problems = {}
    for page in pages:
        width, screen, lato, wide = opened[page].measured
        # The invitation's HTML is an e-mail body: mail programs drop web fonts, so it names Lato
        # first and falls back to the reader's own; the width rule holds for it all the same.
        wants_lato = not page.name.startswith("uitnodiging")
        if width > PHONE["width"] or screen != PHONE["width"] or (wants_lato and not lato):
            problems[str(page.relative_to(page.parents[2]))] = (width, screen, lato, wide)
    assert problems == {}


def test_the_phone_width_test_can_fail(browser, tmp_path):
    """The same measurement finds a page that is too wide and a page without Lato."""
    wide = tmp_path / "breed.html"
    wide.write_text(
        '<!DOCTYPE html><html lang="nl"><head><meta name="viewport" content="width=device-width, '
        'initial-scale=1"><title>x</title></head><body><table><tr><td style="white-space:nowrap">'
        + "breed " * 40
        + "</td></tr></table></body></html>",
        encoding="utf-8",
    )
    at_phone_width(browser)
    browser.get(wide.as_uri())
    width, screen, lato, _ = browser.execute_async_script(MEASURE)
    assert width > PHONE["width"] == screen and not lato


BROKEN_WORDS = """
const done = arguments[arguments.length - 1];
document.fonts.ready.then(() => {
  const broken = [];
  for (const cell of document.querySelectorAll(arguments[0])) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(word[0]);
      }
    }
  }
  done(broken.slice(0, 5));
});
"""


class Opened(NamedTuple):
    measured: list  # MEASURE's answer at a phone's width
    who_cells: int
    broken_who: list  # BROKEN_WORDS' answer for the Wie column, at a phone's width
    violations: list  # RUN_AXE's answer at the browser's own window size


@pytest.fixture(scope="module")
def opened(pages, chromium) -> dict:
    """Every page opened once, and what the tests of this file ask of it: first at a phone's width
    (MEASURE, the Wie column), then, with the phone's screen taken away again, axe at the browser's
    own window size. Opening the hundred pages costs more than measuring them, so one load serves
    both: the window changes size as a reader's does, and the page lays itself out anew for it."""
    assert AXE.exists(), "axe-core ontbreekt: draai 'make test' (dat installeert het met npm in tests/axe)"
    browser = chromium.fresh()
    browser.set_script_timeout(60)
    found = {}
    with axe_in_every_page(browser):
        for page in pages:
            at_phone_width(browser)
            browser.get(page.as_uri())
            measured = browser.execute_async_script(MEASURE)
            who_cells = browser.execute_script("return document.querySelectorAll('td.who').length")
            broken_who = browser.execute_async_script(BROKEN_WORDS, "td.who")
            off_the_phone(browser)
            found[page] = Opened(measured, who_cells, broken_who, browser.execute_async_script(RUN_AXE))
    return found


def test_no_role_in_the_wie_column_is_broken_on_a_phone(pages, opened):
    """At 390 px the Wie column is wide enough for every role word in formats/: it broke
    'casusinbrenger' as 'casusinbrenger|er' with no hyphen (a column 5rem wide that breaks anywhere)."""
    problems, cells = {}, 0
    for page in pages:
        cells += opened[page].who_cells
        if broken := opened[page].broken_who:
            problems[str(page.relative_to(page.parents[2]))] = broken
    assert cells and problems == {}


def test_the_broken_word_measurement_can_fail(browser, tmp_path):
    narrow = tmp_path / "smal.html"
    narrow.write_text(
        '<!DOCTYPE html><html lang="nl"><head><title>x</title></head><body><table><tr>'
        '<td class="who" style="width: 3rem; max-width: 3rem; overflow-wrap: anywhere">casusinbrenger'
        "</td></tr></table></body></html>",
        encoding="utf-8",
    )
    browser.get(narrow.as_uri())
    assert browser.execute_async_script(BROKEN_WORDS, "td.who") == ["casusinbrenger"]
