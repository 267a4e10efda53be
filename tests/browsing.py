"""The browser tests' headless Chromium, shared by all of them, and what they measure in it: a phone's
width, page widths and fonts, and axe-core."""

import os
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from conftest import ROOT

# axe-core as `make test` installs it (tests/axe), run for WCAG 2.1 A and AA. Every rule still runs on
# every element; resultTypes only spares axe describing each element that passes, which nobody reads.
AXE = ROOT / "tests/axe/node_modules/axe-core/axe.min.js"
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
                   resultTypes: ["violations"]})
   .then(result => done(result.violations.map(v => [v.id, v.help, v.nodes.slice(0, 3).map(n => n.target.join(" "))])))
   .catch(error => done([["axe-fout", String(error), []]]));
"""


@contextmanager
def axe_in_every_page(browser):
    """axe-core in every page the browser opens from here on: Chromium adds it to each new document
    before the page's own scripts (sending it along with every page took half the time of a page)."""
    added = browser.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": AXE.read_text(encoding="utf-8")}
    )
    try:
        yield
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": added["identifier"]})


# A phone's width in headless Chromium, for the tests that no page scrolls sideways there.
# Not "mobile": a mobile viewport zooms out to fit a page that is too wide, and then measures it as fitting.
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": False}
MEASURE = """
const done = arguments[arguments.length - 1];
document.fonts.ready.then(() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest(".timeline, .visually-hidden"))
    .slice(0, 3).map(e => e.tagName.toLowerCase() + "." + e.className + ": " + (e.textContent || "").slice(0, 40));
  const lato = [...document.fonts].some(f => f.family.replace(/"/g, "") === "Lato" && f.status === "loaded");
  done([root.scrollWidth, window.innerWidth, lato, wide]);
});
"""


def at_phone_width(browser):
    """From now on the browser's window is a phone's screen; MEASURE then gives [the page's width,
    the window's width, whether Lato was loaded, up to three elements that stick out]."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)


def off_the_phone(browser):
    """The browser's own window again after at_phone_width; the open page lays itself out anew for it."""
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# Debian's old headless shell: the same Blink as `chromium` without the browser's own window layer. It
# takes about a third less CPU over the browser tests, and the browser tests are a third of the suite's
# CPU. A run in the full browser: WERKVORM_TEST_CHROMIUM=/usr/bin/chromium make test. The shell itself,
# not Debian's /usr/bin script that starts it without exec: quitting would stop the script and leave the
# browser running.
CHROMIUM = os.environ.get("WERKVORM_TEST_CHROMIUM", "/usr/lib/chromium/chromium-headless-shell")
CHROMEDRIVER = "/usr/bin/chromedriver"


class SharedChromium:
    """One headless Chromium for the whole run (starting one costs a second or more). Each test gets
    it as new: one fresh tab at the first window size and timeouts, no cookies, cache or storage of the
    pages before; and a new Chromium if the last test left this one broken."""

    def __init__(self, profile: Path):
        self.profile = profile
        self.driver = None

    def fresh(self):
        from selenium.common.exceptions import WebDriverException

        if self.driver is not None:
            try:
                self._reset()
                return self.driver
            except WebDriverException:
                self.quit()
        self.driver = self._start()
        self.size, self.timeouts = self.driver.get_window_size(), self.driver.timeouts
        return self.driver

    def _start(self):
        from selenium import webdriver

        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in (
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ):
            options.add_argument(flag)
        if "headless-shell" not in CHROMIUM:
            # Given a profile folder, the shell opens no page, and chromedriver finds none to drive. Left
            # to itself, chromedriver gives each browser it starts a new, empty folder of its own.
            options.add_argument(f"--user-data-dir={self.profile}")
        return webdriver.Chrome(service=_detached_service(), options=options)

    def _reset(self):
        driver = self.driver
        old = driver.window_handles
        origins = set()
        for handle in old:
            driver.switch_to.window(handle)
            origin = driver.execute_script("return location.origin")
            if origin.startswith("http"):
                origins.add(origin)
        # A new tab has no device emulation, history, open streams or page left over; the old ones go.
        driver.switch_to.new_window("tab")
        fresh = driver.current_window_handle
        for handle in old:
            driver.switch_to.window(handle)
            driver.close()
        driver.switch_to.window(fresh)
        for origin in origins:
            driver.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        driver.set_window_size(self.size["width"], self.size["height"])
        driver.timeouts = self.timeouts

    def quit(self):
        if self.driver is not None:
            try:
                self.driver.quit()
            finally:
                self.driver = None


def _detached_service():
    """chromedriver started by a shell that exits at once, so that it is no child of the test process:
    the tests that a build leaves no child process behind (system/test_parallel.py) would see the one
    Chromium that lives through the whole run. Stopped by its process id."""
    from selenium.webdriver.chrome.service import Service

    class Detached(Service):
        def _start_process(self, path):
            shell = subprocess.run(
                ["sh", "-c", '"$@" >/dev/null 2>&1 & echo $!', "chromedriver", path, *self.command_line_args()],
                capture_output=True,
                text=True,
                check=True,
            )
            self.process = _Orphan(int(shell.stdout))

        def _terminate_process(self):
            self.process.end()

    return Detached(CHROMEDRIVER)


class _Orphan:
    """A process this one started but is not the parent of: enough of Popen for selenium's Service."""

    def __init__(self, pid: int):
        self.pid = pid

    def poll(self):
        """None while it runs; 1 once it is gone, or a zombie its new parent has not reaped yet."""
        if not Path("/proc/self").exists():  # no /proc here: ask the process table
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                return 1
            return None
        try:
            stat = Path(f"/proc/{self.pid}/stat").read_text(encoding="ascii", errors="replace")
        except FileNotFoundError:
            return 1
        return 1 if stat.rsplit(")", 1)[-1].split()[0] == "Z" else None

    def end(self):
        for sign in (signal.SIGTERM, signal.SIGKILL):
            if self.poll() is not None:
                return
            os.kill(self.pid, sign)
            deadline = time.monotonic() + 5
            while self.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
