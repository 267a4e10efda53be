"""The writing place of `werkvorm serve` as a new author meets it, in real headless Chromium:
create a werkvorm and see it open, type mistakes, follow a card to its line, approve a word, set
the date and start time, download everything and get what `werkvorm build` makes; axe finds
nothing on any page, wide or at 390 px; and all of it works with the keyboard alone."""

import io
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from test_editor import SCREENSHOTS, start

from browsing import PHONE, at_phone_width
from samples import GOOD
from serving import wait_for
from werkvorm_dsl.app.cli import main

EPOCH = "1767225600"
SLOW = 120  # seconds: every PDF, Word and LibreOffice file of a werkvorm, on a busy machine


@pytest.fixture
def author(tmp_path, monkeypatch):
    """`werkvorm serve` on a folder the author just made: empty, or with the werkvormen given."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # serve inherits it: its files and the CLI's are comparable
    started = []
    folder = tmp_path / "werkvormen"
    folder.mkdir()

    def serve(files: dict[str, str] | None = None, *options: str) -> tuple[str, Path]:
        write(folder, files or {})
        url, process = start(folder, *options)
        started.append(process)
        return url, folder

    yield serve
    for process in started:
        stop_without_traceback(process)


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def stop_without_traceback(process) -> None:
    process.terminate()
    _, err = process.communicate(timeout=10)
    assert b"Traceback" not in err, err.decode()


def by_css(browser, selector: str):
    from selenium.webdriver.common.by import By

    return browser.find_elements(By.CSS_SELECTOR, selector)


def editor_text(browser) -> str:
    return browser.execute_script("return window.werkvormEditor.state.doc.toString()")


def cursor_line(browser) -> int:
    return browser.execute_script(
        "const v = window.werkvormEditor; return v.state.doc.lineAt(v.state.selection.main.head).number"
    )


def select(browser, text: str, occurrence: int = 0) -> None:
    """The editor's selection on the given occurrence of `text`; typing replaces it."""
    found = browser.execute_script(
        "const view = window.werkvormEditor, doc = view.state.doc.toString();"
        "let at = -1; for (let i = 0; i <= arguments[1]; i++) at = doc.indexOf(arguments[0], at + 1);"
        "if (at >= 0) { view.focus(); view.dispatch({selection: {anchor: at, head: at + arguments[0].length}}); }"
        "return at;",
        text,
        occurrence,
    )
    assert found >= 0, text


def card_with(browser, code: str):
    cards = [card for card in by_css(browser, ".kaart") if code in card.text]
    return cards[0] if cards else None


def card_text(browser, text: str) -> str:
    """The text of the first card that holds `text`; the cards are drawn anew after every check."""
    found = []
    assert wait_for(lambda: found.append(next(c.text for c in by_css(browser, ".kaart") if text in c.text)) or True)
    return found[-1]


def click_in_card(browser, text: str, selector: str) -> str:
    """Clicks the link or button in the first card that holds `text`; returns its text. A check
    may draw the cards anew between finding one and clicking it: then it is found again."""
    clicked = []

    def attempt() -> bool:
        card = next(c for c in by_css(browser, ".kaart") if text in c.text)
        target = card.find_element("css selector", selector)
        label = target.text
        target.click()
        clicked.append(label)
        return True

    assert wait_for(attempt), text
    return clicked[0]


def date_keys(browser, day: str) -> str:
    """What to type into a date field for an ISO day, in the order this browser's locale shows it."""
    order = browser.execute_script(
        "return new Intl.DateTimeFormat().formatToParts(new Date(2026, 11, 10))"
        ".filter(p => p.type !== 'literal').map(p => p.type)"
    )
    year, month, number = day.split("-")
    return "".join({"year": year, "month": month, "day": number}[part] for part in order)


def time_keys(browser, clock: str) -> str:
    """What to type into a time field for HH:MM: with AM/PM where this browser's locale shows it."""
    twelve = browser.execute_script(
        "return new Intl.DateTimeFormat(undefined, {hour: 'numeric'}).resolvedOptions().hour12"
    )
    hours, minutes = (int(part) for part in clock.split(":"))
    if not twelve:
        return f"{hours:02d}{minutes:02d}"
    return f"{(hours % 12) or 12:02d}{minutes:02d}{'P' if hours >= 12 else 'A'}"


def fetched(url: str) -> tuple[int, str, bytes]:
    """What the browser would download from the address: status, content type and bytes."""
    with urllib.request.urlopen(url, timeout=SLOW) as answer:
        return answer.status, answer.headers.get_content_type(), answer.read()


def built_by_the_cli(path: Path, target: Path) -> dict[str, bytes]:
    from werkvorm_dsl.app.build_command import MANIFEST
    from werkvorm_dsl.system.names import slug_for

    assert main(["build", "--to", str(target), str(path)]) == 0
    written = target / slug_for(str(path))
    return {
        str(p.relative_to(written)): p.read_bytes() for p in written.rglob("*") if p.is_file() and p.name != MANIFEST
    }


def screenshot(browser, folder: Path, name: str) -> None:
    """Into the test's folder always, into WERKVORM_SCHERMAFDRUKKEN too when set; a page, not a blank."""
    assert browser.save_screenshot(str(folder / name))
    assert (folder / name).stat().st_size > 10_000
    if SCREENSHOTS:
        import shutil

        shutil.copy(folder / name, Path(SCREENSHOTS) / name)


def create(browser, url: str, name: str) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.get(url + "/")
    field = by_css(browser, "#nieuw-naam")[0]
    field.send_keys(name, Keys.ENTER)


def test_a_new_author_writes_checks_plans_and_downloads_in_the_browser(author, browser, tmp_path):
    from selenium.webdriver.common.keys import Keys

    url, folder = author()
    browser.set_window_size(1280, 900)
    browser.get(url + "/")
    assert "nog geen werkvormen" in by_css(browser, "nav")[0].text

    # Creating opens the new werkvorm in the editor, every time (it reloaded the start page, 3 of 3).
    for number, name in enumerate(("Intervisie donderdag", "Intervisie vrijdag", "Intervisie maandag")):
        create(browser, url, name)
        slug = name.lower().replace(" ", "-")
        assert wait_for(lambda slug=slug: browser.current_url.endswith(f"/werkvorm/{slug}")), browser.current_url
        assert wait_for(lambda name=name: f"WERKVORM {name}" in editor_text(browser))
        assert len(by_css(browser, "#werkvormen li")) == number + 1
    content = by_css(browser, ".cm-content")[0]

    # A misspelt keyword and a spelling mistake, each on its card, in words, with its line.
    select(browser, "duur: 5 min")
    content.send_keys("duuur: 5 min")
    select(browser, "U hoort het doel")
    content.send_keys("Je hoort het dooel bij Zwanenburgh")
    assert wait_for(lambda: card_with(browser, "W110") and card_with(browser, "T101"), seconds=20)
    keyword_card = card_text(browser, "W110")
    assert "lijkt op een veld" in keyword_card.lower() and "Tip:" in keyword_card
    assert "/" not in keyword_card and "^" not in keyword_card  # no path, no caret
    wrong_line = editor_text(browser).split("\n").index("    duuur: 5 min") + 1
    assert f"regel {wrong_line}" in keyword_card
    browser.execute_script("window.werkvormEditor.dispatch({selection: {anchor: 0}})")
    assert click_in_card(browser, "W110", "a.regel") == f"regel {wrong_line}"
    assert wait_for(lambda: cursor_line(browser) == wrong_line)
    assert browser.execute_script("return window.werkvormEditor.hasFocus")
    assert "waarschuwing" in by_css(browser, "#controle-status")[0].text
    browser.execute_script("document.querySelector('#meldingen .kaart').scrollIntoView({block: 'center'})")
    screenshot(browser, tmp_path, "meldingen-als-kaarten.png")

    # Follow the spelling card to its line too, and fix the word there.
    assert wait_for(lambda: [c for c in by_css(browser, "#taal-meldingen .kaart") if "dooel" in c.text])
    click_in_card(browser, "dooel", "a.regel")
    assert wait_for(lambda: "dooel" in editor_text(browser).split("\n")[cursor_line(browser) - 1])
    select(browser, "dooel")
    content.send_keys("doel")
    select(browser, "duuur")
    content.send_keys("duur")
    # The place name is right: into the word list with the card's button.
    assert wait_for(
        lambda: (
            [c for c in by_css(browser, "#taal-meldingen .kaart") if "Zwanenburgh" in c.text]
            and not card_with(browser, "W110")
            and not [c for c in by_css(browser, "#taal-meldingen .kaart") if "dooel" in c.text]
        ),
        seconds=20,
    )
    assert click_in_card(browser, "Zwanenburgh", "button") == 'Zet "Zwanenburgh" in de woordenlijst'
    assert wait_for(lambda: not [c for c in by_css(browser, "#taal-meldingen .kaart") if "Zwanenburgh" in c.text])
    assert (folder / "werkvorm-woorden.txt").read_text(encoding="utf-8").endswith("\nZwanenburgh\n")

    # Save with two errors: the badge says so at once, in words (it said "in orde").
    select(browser, "duur: 5 min")
    content.send_keys("duur: een middagje")
    select(browser, "duur: 8 min")
    content.send_keys("duur: een tel")
    content.send_keys(Keys.CONTROL, "s")
    current = 'nav a[aria-current="page"]'
    assert wait_for(lambda: "2 fouten" in by_css(browser, current)[0].find_element("xpath", "..").text)
    assert "duur niet te lezen" in by_css(browser, current)[0].find_element("xpath", "..").text
    select(browser, "duur: een middagje")
    content.send_keys("duur: 5 min")
    select(browser, "duur: een tel")
    content.send_keys("duur: 8 min")

    # The date and start time of this occasion: into the text, saved, and the invitation has them.
    browser.find_element("id", "gelegenheid-datum").send_keys(date_keys(browser, "2026-12-10"))
    browser.find_element("id", "gelegenheid-begintijd").send_keys(time_keys(browser, "09:30"))
    browser.find_element("css selector", "#gelegenheid button").click()
    path = folder / "intervisie-maandag.werkvorm"
    assert wait_for(lambda: "datum: 10 december 2026" in path.read_text(encoding="utf-8"), seconds=15)
    saved = path.read_text(encoding="utf-8")
    assert "begintijd: 09:30" in saved and "duur: 5 min" in saved and "Zwanenburgh" in saved
    assert wait_for(lambda: "opgeslagen" in browser.find_element("id", "gelegenheid-status").text)

    # Everything at once: the zip holds what `werkvorm build` writes, byte for byte.
    browser.find_element("id", "downloads-maken").click()
    assert wait_for(lambda: by_css(browser, "#downloads a.alles"), seconds=SLOW)
    headings = [h.text for h in by_css(browser, "#downloads h4")]
    assert headings == ["Versturen", "Printen", "Aanpassen in Word of LibreOffice", "Overig"]
    sending = by_css(browser, "#downloads section")[0].text
    assert "tekst voor uw e-mail" in sending and "agenda (.ics)" in sending
    browser.execute_script("document.getElementById('kop-klaar').scrollIntoView()")
    screenshot(browser, tmp_path, "downloaden.png")
    status, kind, zipped = fetched(by_css(browser, "#downloads a.alles")[0].get_attribute("href"))
    assert status == 200 and kind == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(zipped))
    in_zip = {name.removeprefix("intervisie-maandag/"): archive.read(name) for name in archive.namelist()}
    by_cli = built_by_the_cli(path, tmp_path / "uit")
    assert "uitnodiging.ics" in by_cli and "draaiboek.docx" in by_cli and "fonts/Lato-Regular.ttf" in by_cli
    assert sorted(in_zip) == sorted(by_cli)
    assert [name for name in sorted(by_cli) if in_zip[name] != by_cli[name]] == []
    assert "DTSTART;TZID=Europe/Amsterdam:20261210T093000" in by_cli["uitnodiging.ics"].decode()
    assert sorted(p.name for p in folder.iterdir()) == [
        "intervisie-donderdag.werkvorm",
        "intervisie-maandag.werkvorm",
        "intervisie-vrijdag.werkvorm",
        "werkvorm-woorden.txt",
    ]


def test_copies_with_one_title_show_their_file_and_the_search_finds_by_title(author, browser):
    from selenium.webdriver.common.keys import Keys

    copies = {f"kopie-{n}.werkvorm": GOOD for n in (1, 2, 3)}
    other = GOOD.replace("Iedereen komt aan de beurt", "Ideeën ophalen")
    url, _ = author({**copies, "ideeen.werkvorm": other})
    browser.get(url + "/")
    names = [e.text for e in by_css(browser, "#werkvormen .bestand")]
    assert names == ["kopie-1.werkvorm", "kopie-2.werkvorm", "kopie-3.werkvorm"]
    search = browser.find_element("id", "zoeken")
    search.send_keys("ideeen")
    shown = [li for li in by_css(browser, "#werkvormen li") if li.is_displayed()]
    assert [li.find_element("css selector", "a").text for li in shown] == ["Ideeën ophalen"]
    assert browser.find_element("id", "zoek-status").text == "1 van 4 werkvormen."
    search.send_keys(Keys.CONTROL, "a")
    search.send_keys(Keys.BACKSPACE, "kopie-2")
    shown = [li for li in by_css(browser, "#werkvormen li") if li.is_displayed()]
    assert [li.find_element("css selector", ".bestand").text for li in shown] == ["kopie-2.werkvorm"]
    search.send_keys(Keys.CONTROL, "a")
    search.send_keys(Keys.BACKSPACE, "niets dergelijks")
    assert not [li for li in by_css(browser, "#werkvormen li") if li.is_displayed()]
    assert "Geen werkvorm gevonden" in browser.find_element("id", "zoek-status").text


# --- axe on every page of the writing place, wide and at a phone's width -------------------------

WITH_PROBLEMS = GOOD.replace("duur: anderhalf uur", "duur: een middagje").replace(
    "We sluiten de sessie af.", "We sluiten de sesie af."
)
WITH_WARNING = GOOD.replace("stap Afsluiting\n", "stap Afsluiting\n    link: [meer](#)\n")


def axe_violations(browser) -> list:
    from browsing import AXE, RUN_AXE

    assert AXE.exists(), "axe-core ontbreekt: draai 'make test' (dat installeert het met npm in tests/axe)"
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    return browser.execute_async_script(RUN_AXE)


def every_page(browser, url: str) -> dict[str, list]:
    """Each page in every state the writing place shows: empty and full list, cards of every kind,
    the downloads made, and read-only. Returns the violations by page."""
    found = {}
    pages = {
        "start": ("/", lambda: by_css(browser, "#nieuw-naam")),
        "fouten": (
            "/werkvorm/fout",
            lambda: by_css(browser, "#meldingen .kaart") and by_css(browser, "#taal-meldingen .kaart"),
        ),
        "waarschuwing": ("/werkvorm/concept", lambda: by_css(browser, "#meldingen .kaart.waarschuwing")),
        "downloads": ("/werkvorm/sessie", lambda: by_css(browser, "iframe")),
    }
    for name, (address, ready) in pages.items():
        browser.get(url + address)
        assert wait_for(ready, seconds=20), name
        if name == "downloads":
            browser.find_element("id", "downloads-maken").click()
            assert wait_for(lambda: by_css(browser, "#downloads a.alles"), seconds=SLOW)
        if violations := axe_violations(browser):
            found[name] = violations
    return found


@pytest.fixture(scope="module")
def every_state(tmp_path_factory):
    """`werkvorm serve` on a werkvorm in order, one with errors and one with a warning, for both widths
    of the test below: one server, which makes the downloads once (it keeps them by the file's version)
    and gives both widths the same pages. Stopped after the last, with no traceback."""
    folder = tmp_path_factory.mktemp("elke-staat") / "werkvormen"
    folder.mkdir()
    write(folder, {"sessie.werkvorm": GOOD, "fout.werkvorm": WITH_PROBLEMS, "concept.werkvorm": WITH_WARNING})
    url, process = start(folder)
    yield url
    stop_without_traceback(process)


@pytest.mark.parametrize("width", ["breed", "telefoon"])
def test_every_page_of_the_writing_place_passes_axe(every_state, browser, width):
    url = every_state
    browser.set_script_timeout(60)
    if width == "telefoon":
        at_phone_width(browser)
    else:
        browser.set_window_size(1280, 900)
    assert every_page(browser, url) == {}
    if width == "telefoon":
        browser.get(url + "/werkvorm/fout")
        assert wait_for(lambda: by_css(browser, "#meldingen .kaart"))
        wide = browser.execute_script("return document.documentElement.scrollWidth")
        assert wide <= PHONE["width"]  # nothing scrolls sideways on a phone
        assert not browser.find_element("id", "lijst").get_attribute("open")  # the list folds away to one line


def test_the_read_only_pages_and_an_empty_folder_pass_axe(author, browser, tmp_path):
    url, _ = author({"fout.werkvorm": WITH_PROBLEMS}, "--alleen-lezen")
    browser.set_script_timeout(60)
    found = {}
    for address in ("/", "/werkvorm/fout"):
        browser.get(url + address)
        assert wait_for(lambda address=address: address == "/" or by_css(browser, "#meldingen .kaart"))
        if violations := axe_violations(browser):
            found[address] = violations
    assert found == {}
    empty = tmp_path / "leeg"
    empty.mkdir()
    other, process = start(empty)
    try:
        browser.get(other + "/")
        assert "nog geen werkvormen" in browser.find_element("tag name", "nav").text
        assert axe_violations(browser) == []
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_axe_sees_a_card_without_a_name_for_its_link(author, browser):
    """The same run fails on a card whose line link has no text: the check above can fail."""
    url, _ = author({"fout.werkvorm": WITH_PROBLEMS})
    browser.set_script_timeout(60)
    browser.get(url + "/werkvorm/fout")
    assert wait_for(lambda: by_css(browser, "#meldingen a.regel"))
    from browsing import AXE, RUN_AXE

    browser.execute_script(AXE.read_text(encoding="utf-8"))
    # Emptied in the same turn as axe starts: a later check cannot draw the cards anew in between.
    emptied = "document.querySelectorAll('a.regel').forEach(a => { a.textContent = ''; });\n" + RUN_AXE
    assert "link-name" in [v[0] for v in browser.execute_async_script(emptied)]


# --- the keyboard alone ----------------------------------------------------------------------------


SHOWS_FOCUS = (
    "const e = arguments[0], s = getComputedStyle(e);"
    "return s.outlineStyle !== 'none' || !!e.closest('.cm-editor.cm-focused') || ['BODY', 'IFRAME'].includes(e.tagName);"
)


def tab_to(browser, wanted, most: int = 60) -> int:
    """Tab until the focused element is `wanted` (a predicate on it); how many presses it took.
    Each stop must show where the focus is: an outline, or the focused editor's frame (a link
    inside a preview shows the browser's own ring, in the preview's document)."""
    from selenium.webdriver import ActionChains
    from selenium.webdriver.common.keys import Keys

    for presses in range(1, most + 1):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        active = browser.switch_to.active_element
        assert wait_for(  # the editor marks itself focused a frame after the focus arrives
            lambda active=active: browser.execute_script(SHOWS_FOCUS, active), seconds=2
        ), active.get_attribute("outerHTML")[:120]
        if wanted(active):
            return presses
    raise AssertionError(f"not reached with {most} presses of Tab")


def keys(browser, *pressed) -> None:
    from selenium.webdriver import ActionChains

    ActionChains(browser).send_keys(*pressed).perform()


def test_everything_with_the_keyboard_alone(author, browser):
    from selenium.webdriver import ActionChains
    from selenium.webdriver.common.keys import Keys

    url, folder = author()
    browser.set_window_size(1280, 900)
    browser.get(url + "/")
    tab_to(browser, lambda e: e.get_attribute("id") == "nieuw-naam")
    keys(browser, "Met het toetsenbord", Keys.ENTER)
    assert wait_for(lambda: browser.current_url.endswith("/werkvorm/met-het-toetsenbord"))
    assert wait_for(lambda: "WERKVORM Met het toetsenbord" in editor_text(browser))

    # The skip link first, then into the text: a mistake typed at the cursor.
    assert tab_to(browser, lambda e: e.get_attribute("class") == "overslaan") == 1
    keys(browser, Keys.ENTER)
    tab_to(browser, lambda e: "cm-content" in (e.get_attribute("class") or ""))
    line = editor_text(browser).split("\n").index("duur: 1 uur") + 1
    ActionChains(browser).key_down(Keys.CONTROL).send_keys(Keys.HOME).key_up(Keys.CONTROL).perform()
    for _ in range(200):  # down, line by line as the screen shows them (long lines wrap), to the header's duur
        if cursor_line(browser) == line:
            break
        keys(browser, Keys.DOWN)
    keys(browser, Keys.END, *[Keys.BACKSPACE] * len("1 uur"), "een poosje")
    assert wait_for(lambda: card_with(browser, "E201"), seconds=20)
    assert editor_text(browser).split("\n")[line - 1] == "duur: een poosje"

    # Leave the text (Esc, Tab), save, and follow the card back to the line.
    keys(browser, Keys.ESCAPE)
    assert tab_to(browser, lambda e: e.get_attribute("id") == "opslaan") == 1
    keys(browser, Keys.ENTER)
    path = folder / "met-het-toetsenbord.werkvorm"
    assert wait_for(lambda: "duur: een poosje" in path.read_text(encoding="utf-8"))
    tab_to(browser, lambda e: e.get_attribute("class") == "regel" and "E201" in e.find_element("xpath", "../..").text)
    assert browser.switch_to.active_element.text == f"regel {line}"
    browser.execute_script("window.werkvormEditor.dispatch({selection: {anchor: 0}})")
    keys(browser, Keys.ENTER)
    assert wait_for(lambda: cursor_line(browser) == line)
    assert "cm-content" in browser.switch_to.active_element.get_attribute("class")
    # The card's place is the value that could not be read: select it to the end of its line, type anew.
    ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.END).key_up(Keys.SHIFT).send_keys("1 uur").perform()
    assert wait_for(lambda: not card_with(browser, "E201"), seconds=20)

    # This occasion's date and start time, and the form sent with Enter.
    keys(browser, Keys.ESCAPE)
    tab_to(browser, lambda e: e.get_attribute("id") == "gelegenheid-datum")
    keys(browser, date_keys(browser, "2026-06-18"))
    tab_to(browser, lambda e: e.get_attribute("id") == "gelegenheid-begintijd")
    keys(browser, time_keys(browser, "13:15"), Keys.ENTER)
    assert wait_for(lambda: "datum: 18 juni 2026" in path.read_text(encoding="utf-8"), seconds=15)
    assert "begintijd: 13:15" in path.read_text(encoding="utf-8") and "\nduur: 1 uur\n" in path.read_text(
        encoding="utf-8"
    )

    # The files: made with Enter, the zip reached with Tab.
    tab_to(browser, lambda e: e.get_attribute("id") == "downloads-maken")
    keys(browser, Keys.ENTER)
    assert wait_for(lambda: by_css(browser, "#downloads a.alles"), seconds=SLOW)
    tab_to(browser, lambda e: "alles" in (e.get_attribute("class") or ""))
    status, _, zipped = fetched(browser.switch_to.active_element.get_attribute("href"))
    assert status == 200 and "met-het-toetsenbord/uitnodiging.ics" in zipfile.ZipFile(io.BytesIO(zipped)).namelist()

    # The list of werkvormen and its search box, from the top of the page.
    browser.get(url + "/werkvorm/met-het-toetsenbord")
    assert wait_for(lambda: by_css(browser, ".cm-content"))
    tab_to(browser, lambda e: e.get_attribute("id") == "zoeken")
    keys(browser, "toetsenbord")
    assert browser.find_element("id", "zoek-status").text == "1 van 1 werkvormen."


def test_on_a_phone_the_text_comes_first_and_the_cards_fit(author, browser, tmp_path):
    """At 390 px the list folds away to one line above the text, and the cards fit the screen;
    the guide's picture of it comes from scripts/make_screenshots.py."""
    url, _ = author({"sessie.werkvorm": GOOD, "fout.werkvorm": WITH_PROBLEMS})
    at_phone_width(browser)
    browser.get(url + "/werkvorm/fout")
    assert wait_for(
        lambda: by_css(browser, "#meldingen .kaart") and by_css(browser, "#taal-meldingen .kaart"), seconds=20
    )
    assert not browser.find_element("id", "lijst").get_attribute("open")
    assert browser.find_element("id", "titel").location["y"] < 200  # the werkvorm at the top, not 12 titles
    assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE["width"]
    card = by_css(browser, "#meldingen .kaart")[0]
    assert card.location["x"] >= 0 and card.location["x"] + card.size["width"] <= PHONE["width"]
    time.sleep(0.5)  # the fonts and the editor's layout settle
    screenshot(browser, tmp_path, "schrijven-op-de-telefoon.png")
