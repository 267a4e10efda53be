"""`make screenshots`: the guide's pictures of the writing place, taken anew in headless Chromium.

    python scripts/make_screenshots.py [MAP]      (MAP: where the pictures go; docs/ when not given)

Starts `werkvorm serve` from this checkout on a new folder with three werkvormen from formats/,
and walks the route of "Een werkdag" in docs/taalgids.md in Debian's Chromium (headless, no
sandbox, an empty profile): the start page, a mistake while typing, the cards, planning and
downloading, the same page on a phone, and leading the session with the room's screen. Nothing
in formats/ changes. Dates are fixed by SOURCE_DATE_EPOCH (as `make` sets it), and the live view's
clock by FIXED_CLOCK, so only real changes to the pages change the pictures. Look at every picture
before committing it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
# Chromium shows a date or time field in its own language, whatever --lang, LANGUAGE or the page's
# lang say, and takes Dutch only when its Dutch locale is installed (Debian: chromium-l10n, the same
# version as chromium). Without it the guide's pictures would read 12/10/2026 and 09:30 AM.
DUTCH_LOCALE = Path("/usr/lib/chromium/locales/nl.pak")
EPOCH = os.environ.get("SOURCE_DATE_EPOCH", "1767225600")  # the Makefile's: 1 January 2026
FOLDER_CONTENTS = ("iedereen-aan-de-beurt", "kennismaken-in-tweetallen", "troika-consulting")
SLOW = 180  # seconds for every file of a werkvorm, PDFs and Word included, on a busy machine


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else ROOT / "docs"
    if not target.is_dir():
        print(f"make_screenshots: {target} is geen map.", file=sys.stderr)
        return 2
    missing = [program for program in (CHROMIUM, CHROMEDRIVER) if not shutil.which(program)]
    if missing:
        named = ", ".join(missing)
        print(f"make_screenshots: installeer chromium en chromium-driver ({named} ontbreekt).", file=sys.stderr)
        return 2
    if not DUTCH_LOCALE.exists():
        print(
            "make_screenshots: zonder Chromiums Nederlandse taal tonen de datumvelden Amerikaanse datums "
            "(12/10/2026, 09:30 AM). Installeer eerst chromium-l10n (apt-get install chromium-l10n).",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory() as place:
        folder = Path(place) / "werkvormen"  # the page names the folder: as an author's would be named
        folder.mkdir()
        for name in FOLDER_CONTENTS:
            shutil.copy(ROOT / "formats" / f"{name}.werkvorm", folder)
            dated(folder / f"{name}.werkvorm")
        url, server = serve(folder)
        browser = chromium(Path(place) / "profiel")
        try:
            for scene in SCENES:
                name = scene(browser, url, folder)
                picture = target / name
                assert browser.save_screenshot(str(picture)), name
                assert picture.stat().st_size > 10_000, f"{name}: an empty picture"
                print(f"{picture}", flush=True)
        finally:
            browser.quit()
            server.terminate()
            server.wait(timeout=10)
    return 0


def dated(path: Path) -> None:
    """The file saved at SOURCE_DATE_EPOCH: the documents' 'versie van …' is the day it was saved."""
    os.utime(path, (int(EPOCH), int(EPOCH)))


def serve(folder: Path) -> tuple[str, subprocess.Popen]:
    """`werkvorm serve` from this checkout's source, started beside the folder as an author would."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "SOURCE_DATE_EPOCH": EPOCH}
    server = subprocess.Popen(
        [sys.executable, "-m", "werkvorm_dsl.app.cli", "serve", folder.name, "--port", str(port)],
        cwd=folder.parent,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    wait_for(lambda: socket.create_connection(("127.0.0.1", port), timeout=0.2).close() is None, "serve starts")
    return f"http://127.0.0.1:{port}", server


def chromium(profile: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--lang=nl-NL")  # Dutch as the browser's own language: a date field reads 10-12-2026
    options.add_experimental_option("prefs", {"intl.accept_languages": "nl-NL,nl"})
    dutch = {**os.environ, "LANGUAGE": "nl", "LANG": "nl_NL.UTF-8"}
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER, env=dutch), options=options)
    browser.execute_cdp_cmd("Emulation.setLocaleOverride", {"locale": "nl-NL"})  # the pages' own Intl dates
    return browser


def wait_for(condition, what: str, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = condition()
            if found:
                return found
        except Exception:  # the page may be loading right now
            pass
        time.sleep(0.1)
    raise SystemExit(f"make_screenshots: gaf het op na {seconds} s wachten op: {what}")


def window(browser, width: int, height: int) -> None:
    """The page's own size in pixels (the window's size would include what a browser draws around it)."""
    size = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", size)


def css(browser, selector: str) -> list:
    return browser.find_elements("css selector", selector)


def settle(browser) -> None:
    """The fonts loaded, the editor laid out, and the page's checks answered."""
    browser.execute_async_script("document.fonts.ready.then(() => arguments[arguments.length - 1]())")
    time.sleep(0.6)


def select(browser, text: str) -> None:
    """The editor's selection on `text`, as a double click and a drag would put it; typing replaces it."""
    found = browser.execute_script(
        "const view = window.werkvormEditor, at = view.state.doc.toString().indexOf(arguments[0]);"
        "if (at >= 0) { view.focus(); view.dispatch({selection: {anchor: at, head: at + arguments[0].length},"
        " scrollIntoView: true}); } return at;",
        text,
    )
    assert found >= 0, text


def open_werkvorm(browser, url: str, slug: str):
    browser.get(f"{url}/werkvorm/{slug}")
    wait_for(lambda: browser.execute_script("return window.werkvormChecked !== undefined"), "the editor's first check")
    return css(browser, ".cm-content")[0]


def start_page(browser, url: str, folder: Path) -> str:
    """Step 1 and 2 of the day: the folder's werkvormen, and a name for a new one."""
    window(browser, 1280, 720)
    browser.get(url + "/")
    wait_for(lambda: css(browser, "#nieuw-naam"), "the start page")
    css(browser, "#nieuw-naam")[0].send_keys("Intervisie maandag")
    settle(browser)
    return "schrijfplek-beginpagina.png"


def typing_a_mistake(browser, url: str, folder: Path) -> str:
    """Step 3: typing, a mistake underlined with its message, the preview beside the text."""
    from selenium.webdriver import ActionChains

    window(browser, 1400, 760)
    content = open_werkvorm(browser, url, "iedereen-aan-de-beurt")
    select(browser, "anderhalf uur")
    content.send_keys("een middagje")
    underlined = wait_for(lambda: css(browser, ".cm-lintRange-error"), "the underline")[0]
    settle(browser)
    ActionChains(browser).move_to_element(underlined).perform()
    wait_for(lambda: "E201" in css(browser, ".cm-tooltip-lint")[0].text, "the underline's message")
    return "schrijven-in-de-browser.png"


def cards(browser, url: str, folder: Path) -> str:
    """A new werkvorm, opened at once, with a misspelt keyword and a spelling mistake on their cards."""
    from selenium.webdriver.common.keys import Keys

    window(browser, 1280, 760)
    browser.get(url + "/")
    wait_for(lambda: css(browser, "#nieuw-naam"), "the start page")
    css(browser, "#nieuw-naam")[0].send_keys("Intervisie maandag", Keys.ENTER)
    wait_for(lambda: browser.current_url.endswith("/werkvorm/intervisie-maandag"), "the new werkvorm's page")
    dated(folder / "intervisie-maandag.werkvorm")
    content = open_werkvorm(browser, url, "intervisie-maandag")
    select(browser, "duur: 5 min")
    content.send_keys("duuur: 5 min")
    select(browser, "U hoort het doel")
    content.send_keys("Je hoort het dooel bij Zwanenburgh")
    wait_for(
        lambda: "W110" in css(browser, "#meldingen")[0].text and "dooel" in css(browser, "#taal-meldingen")[0].text,
        "the cards",
    )
    browser.execute_script("document.querySelector('#meldingen .kaart').scrollIntoView({block: 'center'})")
    settle(browser)
    return "meldingen-als-kaarten.png"


def planning_and_downloads(browser, url: str, folder: Path) -> str:
    """Step 4: this occasion's date and start time into the text, and every file grouped by purpose."""
    window(browser, 1280, 760)
    content = css(browser, ".cm-content")[0]  # the page as the cards left it: nothing saved yet
    select(browser, "duuur")
    content.send_keys("duur")
    select(browser, "dooel")
    content.send_keys("doel")
    browser.execute_script(
        "for (const [id, value] of [['gelegenheid-datum', '2026-12-10'], ['gelegenheid-begintijd', '09:30'],"
        " ['gelegenheid-deelnemers', '8']]) { const field = document.getElementById(id); field.value = value;"
        " field.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    css(browser, "#gelegenheid button")[0].click()
    wait_for(lambda: "opgeslagen" in css(browser, "#gelegenheid-status")[0].text, "the occasion saved")
    css(browser, "#downloads-maken")[0].click()
    wait_for(lambda: css(browser, "#downloads a.alles"), "every file made", SLOW)
    browser.execute_script("document.getElementById('kop-klaar').scrollIntoView()")
    settle(browser)
    return "downloaden.png"


def on_a_phone(browser, url: str, folder: Path) -> str:
    """The same writing place at 390 px: the list folded away, the werkvorm and its state on top."""
    source = (folder / "iedereen-aan-de-beurt.werkvorm").read_text(encoding="utf-8")
    (folder / "oefenen.werkvorm").write_text(source.replace("duur: anderhalf uur", "duur: een middagje"), "utf-8")
    dated(folder / "oefenen.werkvorm")
    window(browser, 390, 844)
    open_werkvorm(browser, url, "oefenen")
    wait_for(lambda: css(browser, "#meldingen .kaart"), "the card")
    settle(browser)
    return "schrijven-op-de-telefoon.png"


# The live view reads the real clock; the pictures read this one, so that they show the same times on every
# run: 10 December 2026, 14:00 in Amsterdam, and the minutes since then that a scene sets.
LIVE_START_MS = 1_796_907_600_000
FIXED_CLOCK = f"""
Date.now = () => Number(sessionStorage.getItem("nep-klok") || "{LIVE_START_MS}");
"""


def at_minute(browser, minutes: float) -> None:
    browser.execute_script(
        "sessionStorage.setItem('nep-klok', String(arguments[0]));"
        " document.dispatchEvent(new Event('visibilitychange'));",
        LIVE_START_MS + int(minutes * 60_000),
    )


def leading_the_session(browser, url: str, folder: Path) -> str:
    """'Sessie leiden' from serve on a laptop: troika consulting twelve minutes in, in its first round."""
    browser.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "Europe/Amsterdam"})
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FIXED_CLOCK})
    window(browser, 1280, 900)
    browser.get(f"{url}/werkvorm/troika-consulting/leiden")
    browser.execute_script("localStorage.clear(); sessionStorage.clear();")
    browser.refresh()
    css(browser, "#start")[0].click()
    at_minute(browser, 14.6)  # the advisers talk it over, near its end: orange, with words
    settle(browser)
    return "sessie-leiden.png"


def the_room_s_screen(browser, url: str, folder: Path) -> str:
    """The room's screen the live view opens, on the beamer: the same moment, in participants' words."""
    window(browser, 1280, 720)
    browser.get(f"{url}/werkvorm/troika-consulting/zaal")  # the live view left its moment in this browser
    wait_for(lambda: browser.execute_script("return document.body.dataset.stap"), "the room's screen follows")
    settle(browser)
    return "scherm-voor-de-zaal.png"


# In the order of "Een werkdag": each scene leaves the folder as the next one expects it.
SCENES = [
    start_page,
    typing_a_mistake,
    cards,
    planning_and_downloads,
    on_a_phone,
    leading_the_session,
    the_room_s_screen,
]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
