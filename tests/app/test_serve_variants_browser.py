"""serve's variant choosers in real headless Chromium (issue 24), on one page: the preview shows the
variant chosen above it, and 'Bestanden maken' asks for the variant chosen beside it. The downloads
themselves are answered by a stand-in here (test_serve_variants.py checks the real ones over HTTP):
what only a browser can prove is that the page's own script sends the choice."""

from __future__ import annotations

import pytest
from test_editor import start

from conftest import ROOT
from serving import wait_for

WERKVORM = ROOT / "formats" / "incidentmethode.werkvorm"
VARIANT = "90 min"

# Records the address the page asks its downloads from and answers with an empty listing.
STAND_IN = """
window.askedDownloads = [];
const realFetch = window.fetch;
window.fetch = (address, options) => {
  if (String(address).includes("/downloads")) {
    window.askedDownloads.push(String(address));
    const listing = {alles: {naam: "alles.zip", adres: "#"}, groepen: [], bestanden: []};
    return Promise.resolve(new Response(JSON.stringify(listing), {status: 200}));
  }
  return realFetch(address, options);
};
"""


def preview(browser, name: str) -> str:
    return browser.execute_script(
        "const f = document.querySelector(`iframe[data-uitvoer='${arguments[0]}']`);"
        # While the frame loads its next document, that document may have no body yet.
        "return f && f.contentDocument && f.contentDocument.body ? f.contentDocument.body.innerText : '';",
        name,
    )


@pytest.mark.browser
def test_the_preview_and_the_downloads_follow_the_chosen_variant(browser, tmp_path):
    from selenium.webdriver.support.ui import Select

    folder = tmp_path / "werkvormen"
    folder.mkdir()
    (folder / "sessie.werkvorm").write_text(WERKVORM.read_text(encoding="utf-8"), encoding="utf-8")
    url, process = start(folder)
    try:
        browser.get(url + "/werkvorm/sessie")
        assert wait_for(lambda: "Stap" in preview(browser, "draaiboek"))  # the base's preview is there
        assert "Anders dan in de basis" not in preview(browser, "draaiboek")

        Select(browser.find_element("id", "voorbeeld-variant")).select_by_value(VARIANT)
        assert wait_for(lambda: "Anders dan in de basis" in preview(browser, "draaiboek"))
        assert VARIANT in preview(browser, "draaiboek")
        assert wait_for(lambda: VARIANT in preview(browser, "deelnemers"))  # that frame may still be loading

        browser.execute_script(STAND_IN)
        Select(browser.find_element("id", "downloads-variant")).select_by_value(VARIANT)
        browser.find_element("id", "downloads-maken").click()
        assert wait_for(lambda: browser.execute_script("return window.askedDownloads.length") == 1)
        assert browser.execute_script("return window.askedDownloads[0]").endswith("/downloads?variant=90%20min")
        status = browser.find_element("id", "downloads-status")
        assert wait_for(lambda: f"(variant '{VARIANT}')" in status.text)

        Select(browser.find_element("id", "downloads-variant")).select_by_value("")
        browser.find_element("id", "downloads-maken").click()
        assert wait_for(lambda: browser.execute_script("return window.askedDownloads.length") == 2)
        assert browser.execute_script("return window.askedDownloads[1]").endswith("/downloads")
    finally:
        process.terminate()
        _, err = process.communicate(timeout=10)
    assert b"Traceback" not in err, err.decode()
