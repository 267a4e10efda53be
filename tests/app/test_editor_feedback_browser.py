"""Instant feedback in the browser editor (issue 21, item 10), in real headless Chromium: edits made
while a check runs are gathered into one next check, never two checks at once, the diagnostics shown
are always the last edit's, and the preview changes in place, asked for only while it is in view."""

import time

import pytest
from test_editor import open_editor, served  # noqa: F401  (served: a fixture, `werkvorm serve` in a subprocess)

from serving import wait_for

pytestmark = pytest.mark.browser

# Every check and preview the page asks for, as it leaves: its body, and how many of either were on
# their way at once.
COUNT_CHECKS = """
window.checks = {sent: [], previews: [], inFlight: 0, most: 0};
const original = window.fetch;
window.fetch = async function (url, options) {
  const kind = String(url).includes("/api/controleer/") ? "sent" : String(url).includes("/api/voorbeeld/") ? "previews" : "";
  if (!kind) return original.apply(this, arguments);
  const checks = window.checks;
  checks[kind].push(JSON.parse(options.body));
  checks.inFlight += 1;
  checks.most = Math.max(checks.most, checks.inFlight);
  try { return await original.apply(this, arguments); } finally { checks.inFlight -= 1; }
};
"""
TEXT = "return window.werkvormEditor.state.doc.toString()"


def counting_checks(browser) -> None:
    """From now on the page's checks are counted; the check of the page as loaded is done first."""
    assert wait_for(lambda: browser.execute_script("return window.werkvormChecked === " + TEXT[7:]), 20)
    browser.execute_script(COUNT_CHECKS)


def settled(browser) -> dict:
    """Waits until the page shows the diagnostics of the text as it is, and gives what it asked for
    until then (taal may ask again a second later, for suggestions it was still looking up)."""
    shown = "return window.checks.inFlight === 0 && window.werkvormChecked === " + TEXT[7:]
    assert wait_for(lambda: browser.execute_script(shown), 20)
    return browser.execute_script("return window.checks")


def card_codes(browser) -> list[str]:
    return browser.execute_script(
        "return [...document.querySelectorAll('#meldingen .kaart .code')].map(e => e.textContent)"
    )


@pytest.mark.parametrize("edits", [2, 10, 40])
def test_a_burst_of_edits_makes_at_most_two_checks_and_shows_the_last(served, browser, edits):  # noqa: F811
    """The edits of one go (a paste, a replace-all, keys faster than the page runs) become one check,
    or two when a check was already on its way; the page then shows the last edit's diagnostics."""
    url, _ = served()
    open_editor(browser, url)
    counting_checks(browser)
    browser.execute_script(
        "const view = window.werkvormEditor, count = arguments[0];"
        "for (let edit = 1; edit < count; edit++) view.dispatch({changes: {from: view.state.doc.line(1).to, insert: 'x'}});"
        "const at = view.state.doc.toString().indexOf('anderhalf uur');"  # the last edit makes a mistake
        "view.dispatch({changes: {from: at, to: at + 'anderhalf uur'.length, insert: 'een middagje'}});",
        edits,
    )
    checks = settled(browser)
    assert 1 <= len(checks["sent"]) <= 2 and checks["most"] == 1, checks["sent"]
    assert checks["sent"][-1]["tekst"] == browser.execute_script(TEXT)
    assert card_codes(browser) == ["E201"]  # the last edit's mistake, on its card
    assert browser.execute_script("return document.querySelector('.cm-lintRange-error').textContent") == "een middagje"


def test_fast_typing_on_a_slow_line_never_queues_checks(served, browser):  # noqa: F811
    """With every answer 300 ms on its way, keys typed meanwhile wait for no check of their own: one
    check at a time, about one for each answer while typing, and at the end the last text's diagnostics."""
    url, _ = served()
    content = open_editor(browser, url)
    counting_checks(browser)
    latency_ms = 300
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": latency_ms, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    try:
        browser.execute_script(
            "const view = window.werkvormEditor, at = view.state.doc.toString().indexOf('anderhalf uur');"
            "view.focus(); view.dispatch({selection: {anchor: at, head: at + 'anderhalf uur'.length}});"
        )
        typed = "een middagje of twee"
        started = time.monotonic()
        content.send_keys(typed)
        typing_ms = (time.monotonic() - started) * 1000
        checks = settled(browser)
    finally:
        browser.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
    assert checks["most"] == 1
    assert len(checks["sent"]) <= 2 + typing_ms / latency_ms < len(typed), (len(checks["sent"]), typing_ms)
    numbers = [sent["volgnummer"] for sent in checks["sent"]]
    assert numbers == sorted(set(numbers))
    assert "duur: een middagje of twee" in checks["sent"][-1]["tekst"] == browser.execute_script(TEXT)
    assert card_codes(browser) == ["E201"]


FRAME = "document.querySelector('iframe[data-uitvoer=\"' + arguments[0] + '\"]')"


def frame_text(browser, name: str) -> str:
    # While the frame loads its next document, that document may have no body yet.
    script = f"const f = {FRAME}; const body = f && f.contentDocument && f.contentDocument.body;"
    return browser.execute_script(script + " return body ? body.textContent : '';", name)


def test_the_preview_changes_in_place_and_keeps_its_scroll_place(served, browser):  # noqa: F811
    """After the first load a key changes only what differs in the preview's page: the same document
    (no new page, no fonts loaded again), scrolled where the reader left it."""
    url, _ = served()
    browser.set_window_size(1400, 900)
    open_editor(browser, url)
    counting_checks(browser)
    assert wait_for(
        lambda: browser.execute_script(f"return {FRAME}.contentDocument.URL", "draaiboek") == "about:srcdoc"
    )
    browser.execute_script(
        f"const f = {FRAME}; f.contentDocument.werkvormMerk = 'dezelfde pagina';"
        "window.frameLoads = 0; f.addEventListener('load', () => window.frameLoads++);"
        "f.contentWindow.scrollTo(0, 120);",
        "draaiboek",
    )
    scrolled = browser.execute_script(f"return {FRAME}.contentWindow.scrollY", "draaiboek")
    assert scrolled > 0
    for before, after in (("anderhalf uur", "twee uur"), ("twee uur", "drie uur")):
        browser.execute_script(
            "const view = window.werkvormEditor, at = view.state.doc.toString().indexOf('duur: ' + arguments[0]) + 6;"
            "view.dispatch({changes: {from: at, to: at + arguments[0].length, insert: arguments[1]}});",
            before,
            after,
        )
        settled(browser)
        assert wait_for(lambda after=after: after in frame_text(browser, "draaiboek"))
    kept = browser.execute_script(
        f"const f = {FRAME}; return [f.contentDocument.werkvormMerk, f.contentWindow.scrollY, window.frameLoads]",
        "draaiboek",
    )
    assert kept == ["dezelfde pagina", scrolled, 0]


def test_only_the_previews_in_view_are_asked_for_and_one_scrolled_to_catches_up(served, browser):  # noqa: F811
    url, _ = served()
    browser.set_window_size(1400, 700)
    open_editor(browser, url)
    counting_checks(browser)
    assert wait_for(lambda: "anderhalf uur" in frame_text(browser, "deelnemers"))
    # The hand-out at the top of the window: the draaiboek above it is out of view.
    browser.execute_script(
        f"const f = {FRAME}; window.scrollTo(0, f.getBoundingClientRect().top + scrollY)", "deelnemers"
    )
    on_screen = f"const r = {FRAME}.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight"
    assert wait_for(lambda: not browser.execute_script(on_screen, "draaiboek"))
    assert browser.execute_script(on_screen, "deelnemers")
    browser.execute_script(
        "const view = window.werkvormEditor, at = view.state.doc.toString().indexOf('anderhalf uur');"
        "view.dispatch({changes: {from: at, to: at + 'anderhalf uur'.length, insert: 'twee uur'}});"
    )
    settled(browser)
    assert wait_for(lambda: "twee uur" in frame_text(browser, "deelnemers"))
    checks = browser.execute_script("return window.checks")
    assert {tuple(sent["voorbeelden"]) for sent in checks["sent"]} == {()}  # the diagnostics wait for no preview
    assert {tuple(asked["voorbeelden"]) for asked in checks["previews"]} == {("deelnemers",)}
    assert "anderhalf uur" in frame_text(browser, "draaiboek")  # out of view: not made, not changed

    browser.execute_script("window.scrollTo(0, 0)")  # the draaiboek comes into view and asks for itself
    assert wait_for(lambda: "twee uur" in frame_text(browser, "draaiboek"))
    asked = browser.execute_script("return window.checks.previews")
    assert "draaiboek" in asked[-1]["voorbeelden"] and asked[-1]["tekst"] == browser.execute_script(TEXT)


def test_a_card_changed_in_place_offers_its_own_word_for_the_word_list(served, browser):  # noqa: F811
    """The cards are changed only where they differ: a spelling card whose word changed gets a new
    button, so "Zet … in de woordenlijst" adds the word it names, not the one the card had before."""
    url, path = served()
    open_editor(browser, url)
    counting_checks(browser)
    button = (
        "return [...document.querySelectorAll('#taal-meldingen .kaart button')]"
        ".map(b => b.textContent).filter(t => t.includes('Zwanenb'))"
    )

    def write(word: str) -> None:
        browser.execute_script(
            "const view = window.werkvormEditor, at = view.state.doc.toString().indexOf('Iedereen komt');"
            "const end = view.state.doc.line(1).to;"
            "view.dispatch({changes: {from: at, to: end, insert: 'Iedereen komt in ' + arguments[0]}});",
            word,
        )

    write("Zwanenburgh")
    assert wait_for(lambda: browser.execute_script(button) == ['Zet "Zwanenburgh" in de woordenlijst'], 30)
    write("Zwanenbergh")
    assert wait_for(lambda: browser.execute_script(button) == ['Zet "Zwanenbergh" in de woordenlijst'], 30)
    browser.execute_script(
        "[...document.querySelectorAll('#taal-meldingen .kaart button')].find(b => b.textContent.includes('Zwanenb'))"
        ".click()"
    )
    words = path.parent / "werkvorm-woorden.txt"
    assert wait_for(lambda: words.exists() and "Zwanenbergh" in words.read_text(encoding="utf-8"))
    assert "Zwanenburgh" not in words.read_text(encoding="utf-8")
