"""'Werkvorm uit Word of tekst' on the writing place's start page, in real headless Chromium: an
uploaded Word file and pasted text each open as a draft in the editor, the import's notes on cards."""

from __future__ import annotations

from test_writing_place_browser import author, by_css, editor_text  # noqa: F401 (author is a fixture)

from import_samples import IMPORT_DATA, SEEDS
from serving import wait_for


def import_cards(browser) -> list[str]:
    return [card.text for card in by_css(browser, "#meldingen .kaart") if "importeren" in card.text]


def test_an_uploaded_word_file_opens_as_a_draft_with_its_notes_on_cards(author, browser):  # noqa: F811
    url, folder = author()
    browser.get(url + "/")
    by_css(browser, "#importeer-bestand")[0].send_keys(str(IMPORT_DATA / "liefdevol-roddelen.docx"))
    by_css(browser, "#importeer button")[0].click()
    assert wait_for(lambda: browser.current_url.endswith("/werkvorm/liefdevol-roddelen")), browser.current_url
    assert wait_for(lambda: "WERKVORM Liefdevol roddelen" in editor_text(browser))
    expected = (IMPORT_DATA / "liefdevol-roddelen.docx.draft.werkvorm").read_text(encoding="utf-8")
    assert (folder / "liefdevol-roddelen.werkvorm").read_text(encoding="utf-8") == expected
    notes = expected.count("# importeer:")
    assert wait_for(lambda: len(import_cards(browser)) == notes), import_cards(browser)


def test_pasted_text_opens_as_a_draft(author, browser):  # noqa: F811
    url, folder = author()
    browser.get(url + "/")
    pasted = "\n".join(line for line in SEEDS[0].read_text("utf-8").split("\n") if line.strip())
    browser.execute_script("document.getElementById('importeer-tekst').value = arguments[0]", pasted)
    by_css(browser, "#importeer-naam")[0].send_keys("Participatie")
    by_css(browser, "#importeer button")[0].click()
    assert wait_for(lambda: browser.current_url.endswith("/werkvorm/participatie")), browser.current_url
    assert wait_for(lambda: "WERKVORM Intervisie voor leidinggevenden" in editor_text(browser))
    assert (folder / "participatie.werkvorm").exists()


def test_an_import_that_fails_says_why_on_the_page(author, browser):  # noqa: F811
    url, folder = author()
    browser.get(url + "/")
    by_css(browser, "#importeer button")[0].click()
    assert wait_for(lambda: "Kies een bestand" in by_css(browser, "#importeer-melding")[0].text)
    assert list(folder.iterdir()) == []
