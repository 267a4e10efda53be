"""Writing in the browser with `werkvorm serve`, end to end in real headless Chromium: type, see the
mistake underlined in Dutch, fix, save; a stale tab, another website and read-only mode refused."""

import http.client
import http.server
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT
from samples import GOOD
from serving import free_port, wait_for

SCREENSHOTS = os.environ.get("WERKVORM_SCHERMAFDRUKKEN")  # a folder to copy these pictures to, if wanted


def start(folder: Path, *options: str) -> tuple[str, subprocess.Popen]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    # Started beside the folder, as an author would: the page then names 'werkvormen', not a temporary path.
    process = subprocess.Popen(
        [sys.executable, "-m", "werkvorm_dsl.app.cli", "serve", folder.name, "--port", str(port), *options],
        env=env,
        cwd=folder.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return f"http://127.0.0.1:{port}", process
        except OSError:
            assert process.poll() is None, process.communicate()
            time.sleep(0.1)
    raise AssertionError("werkvorm serve did not start within 20 seconds")


@pytest.fixture
def served(tmp_path):
    """`werkvorm serve` on a folder with one werkvorm; stopped after the test, with no traceback."""
    started = []

    folder = tmp_path / "werkvormen"  # the browser keeps its profile in tmp_path itself
    folder.mkdir()

    def serve(*options: str):
        (folder / "sessie.werkvorm").write_text(GOOD, encoding="utf-8")
        url, process = start(folder, *options)
        started.append(process)
        return url, folder / "sessie.werkvorm"

    yield serve
    for process in started:
        process.terminate()
        _, err = process.communicate(timeout=10)
        assert b"Traceback" not in err, err.decode()


def open_editor(browser, url: str):
    from selenium.webdriver.common.by import By

    browser.get(url + "/werkvorm/sessie")
    assert wait_for(lambda: browser.find_element(By.CSS_SELECTOR, ".cm-content"))
    return browser.find_element(By.CSS_SELECTOR, ".cm-content")


def select(browser, text: str) -> None:
    """Put the editor's selection on `text`, as a double click and drag would; typing replaces it."""
    found = browser.execute_script(
        "const view = window.werkvormEditor, at = view.state.doc.toString().indexOf(arguments[0]);"
        "if (at >= 0) { view.focus(); view.dispatch({selection: {anchor: at, head: at + arguments[0].length}}); }"
        "return at;",
        text,
    )
    assert found >= 0, text


def editor_text(browser) -> str:
    return browser.execute_script("return window.werkvormEditor.state.doc.toString()")


def test_type_a_mistake_see_it_underlined_fix_it_and_save(served, browser, tmp_path_factory):
    from selenium.webdriver import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url, path = served()
    os.chmod(path, 0o640)
    browser.set_window_size(1400, 900)
    content = open_editor(browser, url)
    assert content.get_attribute("contenteditable") == "true"
    assert browser.find_elements(By.CSS_SELECTOR, ".cm-lineNumbers .cm-gutterElement")
    assert "duur:" in [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".cm-line span")]  # a field, highlighted

    select(browser, "anderhalf uur")
    content.send_keys("een middagje")
    assert wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".cm-lintRange-error"))
    underlined = browser.find_element(By.CSS_SELECTOR, ".cm-lintRange-error")
    assert underlined.text == "een middagje"
    ActionChains(browser).move_to_element(underlined).perform()
    assert wait_for(lambda: "Fout (E201)" in browser.find_element(By.CSS_SELECTOR, ".cm-tooltip-lint").text)
    tooltip = browser.find_element(By.CSS_SELECTOR, ".cm-tooltip-lint").text
    assert "middagje" in tooltip and "niet als duur" in tooltip
    assert "E201" in browser.find_element(By.CSS_SELECTOR, "#meldingen .kaart.fout").text
    _screenshot(browser, tmp_path_factory.mktemp("schermafdruk"), "schrijven-in-de-browser.png")
    assert path.read_text(encoding="utf-8") == GOOD  # nothing is written while typing

    select(browser, "een middagje")
    content.send_keys("twee uur")
    assert wait_for(
        lambda: (
            not browser.find_elements(By.CSS_SELECTOR, ".cm-lintRange-error")
            and not browser.find_elements(By.CSS_SELECTOR, "#meldingen .kaart")
        )
    )
    assert len(browser.find_elements(By.TAG_NAME, "iframe")) == 2
    browser.switch_to.frame(browser.find_elements(By.TAG_NAME, "iframe")[0])
    assert wait_for(lambda: "twee uur" in browser.find_element(By.TAG_NAME, "body").text)  # the live preview
    browser.switch_to.default_content()

    # A keyboard user leaves the editor with Esc and then Tab, and lands on the save button.
    content.send_keys(Keys.ESCAPE, Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("id") == "opslaan"
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    assert wait_for(lambda: "duur: twee uur" in path.read_text(encoding="utf-8"))
    assert path.read_text(encoding="utf-8") == GOOD.replace("duur: anderhalf uur", "duur: twee uur")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert wait_for(lambda: "Opgeslagen" in browser.find_element(By.ID, "opslag-status").text)
    assert [p.name for p in path.parent.iterdir()] == ["sessie.werkvorm"]  # no temporary file left


def test_a_second_tab_s_stale_save_is_refused_and_it_can_reload(served, browser):
    from selenium.webdriver.common.by import By

    url, path = served()
    first = browser.current_window_handle
    open_editor(browser, url)
    browser.switch_to.new_window("tab")
    second = browser.current_window_handle
    content = open_editor(browser, url)
    select(browser, "Iedereen komt aan de beurt")
    content.send_keys("Tweede tabblad")  # unsaved changes here

    browser.switch_to.window(first)
    select(browser, "Iedereen komt aan de beurt")
    browser.find_element(By.CSS_SELECTOR, ".cm-content").send_keys("Eerste tabblad")
    browser.find_element(By.ID, "opslaan").click()
    assert wait_for(lambda: "Eerste tabblad" in path.read_text(encoding="utf-8"))

    browser.switch_to.window(second)
    browser.find_element(By.ID, "opslaan").click()
    assert wait_for(lambda: browser.find_element(By.ID, "conflict").is_displayed())
    assert "veranderd" in browser.find_element(By.ID, "conflict-melding").text
    assert "Eerste tabblad" in path.read_text(encoding="utf-8")  # the first tab's save stands
    assert "Tweede tabblad" not in path.read_text(encoding="utf-8")
    browser.find_element(By.ID, "herladen").click()
    assert wait_for(lambda: "Eerste tabblad" in editor_text(browser))
    assert not browser.find_element(By.ID, "conflict").is_displayed()


class _OtherWebsite(http.server.BaseHTTPRequestHandler):
    page = b""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.page)

    def log_message(self, *args):
        pass


def test_another_website_cannot_save_or_create(served, browser):
    from selenium.webdriver.common.by import By

    url, path = served()
    target = url + "/api/opslaan/sessie"
    # A page on another origin tries what it can: a fetch without CORS, one with a made-up token
    # (which needs a preflight), and a plain form post.
    _OtherWebsite.page = f"""<!DOCTYPE html><html><head><title>start</title></head><body>
<form id="f" method="POST" action="{target}" enctype="text/plain">
<input name='{{"tekst": "GEHACKT", "versie": "' value='x"}}'></form>
<script>
const body = JSON.stringify({{tekst: "GEHACKT", versie: "x"}});
Promise.allSettled([
  fetch("{target}", {{method: "POST", mode: "no-cors", headers: {{"Content-Type": "text/plain"}}, body}}),
  fetch("{target}", {{method: "POST", headers: {{"Content-Type": "application/json", "X-Werkvorm-Token": "raden"}}, body}}),
  fetch("{url}/api/nieuw", {{method: "POST", mode: "no-cors", body: JSON.stringify({{naam: "gehackt"}})}}),
]).then(r => {{ document.title = r.map(x => x.status).join(","); }});
</script></body></html>""".encode()
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _OtherWebsite)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        browser.get(f"http://127.0.0.1:{other.server_address[1]}/")
        assert wait_for(lambda: browser.title != "start")
        # Our answers may not be read by other sites (CORP), and the made-up token needs a preflight
        # that is refused: no script over there learns anything. The file below tells what was done.
        assert browser.title == "rejected,rejected,rejected"
        browser.execute_script("document.getElementById('f').submit()")
        assert wait_for(lambda: "E540" in browser.find_element(By.TAG_NAME, "body").text)
    finally:
        other.shutdown()
    assert path.read_text(encoding="utf-8") == GOOD
    assert sorted(p.name for p in path.parent.iterdir()) == ["sessie.werkvorm"]


def test_read_only_mode_shows_but_never_writes(served, browser):
    from selenium.webdriver.common.by import By

    url, path = served("--alleen-lezen")
    browser.get(url + "/")
    assert not browser.find_elements(By.ID, "nieuw")
    content = open_editor(browser, url)
    assert content.get_attribute("contenteditable") == "false"
    assert not browser.find_elements(By.ID, "opslaan")
    # Even the page's own token cannot write.
    browser.set_script_timeout(20)
    answers = browser.execute_async_script("""
const done = arguments[arguments.length - 1];
const config = JSON.parse(document.getElementById("werkvorm-config").textContent);
const headers = {"Content-Type": "application/json", "X-Werkvorm-Token": config.token};
Promise.all([
  fetch("/api/opslaan/sessie", {method: "POST", headers, body: JSON.stringify({tekst: "GEHACKT", versie: config.versie})}),
  fetch("/api/nieuw", {method: "POST", headers, body: JSON.stringify({naam: "nieuw"})}),
]).then(rs => Promise.all(rs.map(r => r.json().then(j => [r.status, j.code])))).then(done);
""")
    assert answers == [[403, "E543"], [403, "E543"]]
    assert path.read_text(encoding="utf-8") == GOOD
    assert sorted(p.name for p in path.parent.iterdir()) == ["sessie.werkvorm"]


def test_a_new_werkvorm_from_the_index_and_its_downloads(served, browser):
    from selenium.webdriver.common.by import By

    url, path = served()
    browser.get(url + "/")
    browser.find_element(By.ID, "nieuw-naam").send_keys("Intervisie over feedback")
    browser.find_element(By.CSS_SELECTOR, "#nieuw button").click()
    assert wait_for(lambda: browser.current_url.endswith("/werkvorm/intervisie-over-feedback"))
    created = path.parent / "intervisie-over-feedback.werkvorm"
    assert created.exists() and "WERKVORM Intervisie over feedback" in created.read_text(encoding="utf-8")
    assert wait_for(lambda: "WERKVORM Intervisie over feedback" in editor_text(browser))

    browser.find_element(By.ID, "downloads-maken").click()
    assert wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#downloads a"), seconds=90)
    links = {
        a.get_attribute("download"): a.get_attribute("href")
        for a in browser.find_elements(By.CSS_SELECTOR, "#downloads a")
    }
    assert {"draaiboek.pdf", "deelnemers.pdf", "kaarten.pdf", "draaiboek.html", "uitnodiging.txt"} <= set(links)
    host, _, address = links["draaiboek.pdf"].removeprefix("http://").partition("/")
    connection = http.client.HTTPConnection(*host.split(":"), timeout=60)
    connection.request("GET", "/" + address)
    response = connection.getresponse()
    assert response.status == 200 and response.read(5) == b"%PDF-"
    assert "attachment" in response.getheader("Content-Disposition")
    assert sorted(p.name for p in path.parent.iterdir()) == ["intervisie-over-feedback.werkvorm", "sessie.werkvorm"]


def test_the_editor_page_passes_axe(served, browser):
    from selenium.webdriver.common.by import By

    from browsing import AXE, RUN_AXE

    url, path = served()
    path.write_text(GOOD.replace("duur: anderhalf uur", "duur: een middagje"), encoding="utf-8")  # a diagnostic shown
    browser.set_script_timeout(60)
    found = {}
    for page in ("/", "/werkvorm/sessie"):
        browser.get(url + page)
        assert wait_for(lambda page=page: browser.find_elements(By.CSS_SELECTOR, ".cm-content") or page == "/")
        if page != "/":
            assert wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".cm-lintRange-error"))
        browser.execute_script(AXE.read_text(encoding="utf-8"))
        violations = browser.execute_async_script(RUN_AXE)
        if violations:
            found[page] = violations
    assert found == {}


def _screenshot(browser, folder: Path, name: str) -> None:
    """Into the test's own folder always; into WERKVORM_SCHERMAFDRUKKEN too when it is set."""
    assert browser.save_screenshot(str(folder / name))
    assert (folder / name).stat().st_size > 10_000  # a page, not an empty picture
    if SCREENSHOTS:
        shutil.copy(folder / name, Path(SCREENSHOTS) / name)


def test_after_visiting_many_werkvormen_the_editor_still_checks(served, browser):
    """Pages left behind must close their change stream: Chromium opens six connections to one
    server, and streams kept open by earlier pages left none for checking (found by make bench)."""
    from selenium.webdriver.common.by import By

    url, path = served()
    for number in range(7):
        (path.parent / f"extra-{number}.werkvorm").write_text(
            GOOD.replace("Iedereen komt", f"Nummer {number} komt"), encoding="utf-8"
        )
    for number in range(7):
        browser.get(f"{url}/werkvorm/extra-{number}")
        assert wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".cm-content"))
        for key in ("x", "\b"):  # a letter typed and taken away: the page is checked, and left unchanged
            browser.execute_script("window.werkvormLatency = null;")
            select(browser, "komt aan de beurt")
            browser.execute_script(
                "const view = window.werkvormEditor;view.dispatch({selection: {anchor: view.state.selection.main.to}});"
            )
            browser.find_element(By.CSS_SELECTOR, ".cm-content").send_keys(key)
            assert wait_for(lambda: browser.execute_script("return window.werkvormLatency")), (number, key)
    content = open_editor(browser, url)
    select(browser, "anderhalf uur")
    content.send_keys("een middagje")
    assert wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".cm-lintRange-error"))
