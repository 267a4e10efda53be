"""The house style form in real headless Chromium: fill it in, see the contrast said, upload an SVG logo, see
the preview change, save; the same contrast sum as the build's; no sideways scrolling at 390 px; axe clean."""

from __future__ import annotations

import random
import tomllib

import pytest
from test_editor import served  # noqa: F401  (a fixture: `werkvorm serve` in a subprocess)

from browsing import MEASURE, at_phone_width
from logos import svg
from serving import wait_for
from werkvorm_dsl.output.house_style import contrast

LOGO = svg(
    '<script>alert(1)</script><circle cx="150" cy="50" r="45" fill="#00466e"/>',
    root='viewBox="0 0 200 100" onload="alert(2)"',
)


def open_form(browser, url: str):
    from selenium.webdriver.common.by import By

    browser.get(url + "/huisstijl")
    assert wait_for(lambda: browser.find_element(By.ID, "koppen-contrast").text)
    return lambda element_id: browser.find_element(By.ID, element_id)


def frame_html(browser) -> str:
    return browser.execute_script("return document.getElementById('huisstijl-voorbeeld').getAttribute('srcdoc')")


def type_into(field, text: str) -> None:
    from selenium.webdriver.common.keys import Keys

    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys(text)


def test_fill_the_form_upload_an_svg_logo_see_the_preview_change_and_save(served, browser, tmp_path):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    url, _ = served()
    folder = tmp_path / "werkvormen"
    browser.set_window_size(1280, 900)
    field = open_form(browser, url)
    before = frame_html(browser)
    assert "data:image/svg+xml" not in before

    type_into(field("organisatie"), "Gemeente Proefstad")
    assert wait_for(lambda: "Gemeente Proefstad" in frame_html(browser))

    type_into(field("koppen"), "#eeeeee")
    assert wait_for(lambda: field("koppen-contrast").text.startswith("Te licht"))
    assert "1,1 op 1" in field("koppen-contrast").text and "4,5 op 1" in field("koppen-contrast").text
    assert "slecht" in field("koppen-contrast").get_attribute("class")
    type_into(field("koppen"), "#00466e")
    assert wait_for(lambda: "goed te lezen" in field("koppen-contrast").text)
    assert wait_for(lambda: "--accent: #00466e" in frame_html(browser))
    assert field("tekst-contrast").text.startswith("De standaardkleur is op wit papier goed te lezen")

    fonts = Select(field("lettertype"))
    fonts.select_by_value("DejaVu Sans")
    assert field("lettertype-waarschuwing").get_attribute("hidden")
    assert wait_for(lambda: '"DejaVu Sans", Lato' in frame_html(browser))

    logo = tmp_path / "gemeentelogo.svg"
    logo.write_bytes(LOGO)
    field("logo-bestand").send_keys(str(logo))
    assert wait_for(lambda: "schoongemaakt" in field("logo-status").text)
    assert "een script" in field("logo-status").text and "een gebeurtenis" in field("logo-status").text
    assert wait_for(lambda: "data:image/svg+xml;base64," in frame_html(browser))
    assert field("logo-nu").get_attribute("src").startswith("data:image/svg+xml;base64,")
    browser.switch_to.frame(field("huisstijl-voorbeeld"))
    shown = browser.find_element(By.CSS_SELECTOR, ".huisstijl img")
    assert shown.get_attribute("alt") == "Logo Gemeente Proefstad"
    assert browser.execute_script("return arguments[0].naturalWidth", shown) > 0  # the browser could draw it
    browser.switch_to.default_content()
    assert not (folder / "huisstijl.toml").exists()  # nothing written before the save

    field("huisstijl-opslaan").click()
    assert wait_for(lambda: field("huisstijl-status").text.startswith("Opgeslagen om"))
    assert tomllib.loads((folder / "huisstijl.toml").read_text(encoding="utf-8")) == {
        "organisatie": "Gemeente Proefstad",
        "logo": "huisstijl-logo.svg",
        "lettertype": "DejaVu Sans",
        "kleuren": {"koppen": "#00466e"},
    }
    cleaned = (folder / "huisstijl-logo.svg").read_bytes()
    assert b"#00466e" in cleaned and b"script" not in cleaned and b"onload" not in cleaned

    browser.refresh()  # the page now starts from the saved file
    field = open_form(browser, url)
    assert field("organisatie").get_attribute("value") == "Gemeente Proefstad"
    assert field("logo-naam").text == "Nu: huisstijl-logo.svg"


def test_a_too_light_colour_is_not_saved(served, browser, tmp_path):  # noqa: F811
    url, _ = served()
    field = open_form(browser, url)
    type_into(field("tekst"), "#999999")
    field("huisstijl-opslaan").click()
    assert wait_for(lambda: field("huisstijl-status").text.startswith("Niet opgeslagen"))
    assert not (tmp_path / "werkvormen" / "huisstijl.toml").exists()


def test_the_page_s_contrast_is_the_build_s(served, browser):  # noqa: F811
    url, _ = served()
    open_form(browser, url)
    draw = random.Random(21)
    colours = ["#000000", "#ffffff", "#767676", "#777777", "#1d4f91"]
    colours += [f"#{draw.randrange(1 << 24):06x}" for _ in range(60)]
    pairs = [(first, second) for first in colours for second in ("#ffffff", colours[draw.randrange(len(colours))])]
    in_browser = browser.execute_script("return arguments[0].map(([a, b]) => window.werkvormContrast(a, b))", pairs)
    assert in_browser == pytest.approx([contrast(a, b) for a, b in pairs], rel=1e-12)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_form_fits_the_screen_and_passes_axe(served, browser, width):  # noqa: F811
    from browsing import AXE, RUN_AXE

    url, _ = served()
    if width == 390:
        at_phone_width(browser)
    else:
        browser.set_window_size(width, 900)
    field = open_form(browser, url)
    type_into(field("tekst"), "#aaaaaa")  # a contrast warning shown, too
    assert wait_for(lambda: "Te licht" in field("tekst-contrast").text)
    browser.set_script_timeout(60)
    page_width, window_width, _, sticking_out = browser.execute_async_script(MEASURE)
    assert page_width <= window_width, sticking_out
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    assert browser.execute_async_script(RUN_AXE) == []
