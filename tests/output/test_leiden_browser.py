"""The live view in headless Chromium with a controlled clock: steps change on time, +1 minute, pause, reload, axe."""

import json
import re

import pytest

from browsing import AXE, RUN_AXE, axe_in_every_page
from conftest import ROOT
from strategies import context_for
from werkvorm_dsl import parse
from werkvorm_dsl.output import registry

pytestmark = pytest.mark.browser

MINUTE = 60_000
T0 = 1_796_000_000_000  # a fixed moment (in 2026): the page's Date.now() answers what the test sets
# The page reads the real clock through Date.now(); here that clock is a number the test sets, kept in
# sessionStorage so that it lives through a reload as the real clock would.
FAKE_CLOCK = f"""
Date.now = () => Number(sessionStorage.getItem("nep-klok") || "{T0}");
"""
SET_CLOCK = """
sessionStorage.setItem("nep-klok", String(arguments[0]));
document.dispatchEvent(new Event("visibilitychange"));
return Number(document.body.dataset.stap);
"""


@pytest.fixture
def page(browser, tmp_path):
    """troika-consulting's live view (rounds, groups, a time box), opened with the controlled clock."""
    path = ROOT / "formats/troika-consulting.werkvorm"
    html = registry.get("leiden").render(context_for(parse(path.read_text(encoding="utf-8"), path.name))).text("html")
    target = tmp_path / "leiden.html"
    target.write_text(html, encoding="utf-8")
    added = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FAKE_CLOCK})
    browser.get(target.as_uri())
    browser.execute_script("localStorage.clear(); sessionStorage.clear();")
    browser.refresh()
    plan = re.search(r'<script type="application/json" id="plan">(.*?)</script>', html, re.S)
    yield browser, json.loads(plan.group(1))["stappen"]
    browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": added["identifier"]})


def step_at(browser, moment: float) -> int:
    return browser.execute_script(SET_CLOCK, moment)


def press(browser, key: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    browser.find_element("tag name", "h1").click()  # the keys go to the page, not to a button
    ActionChains(browser).send_keys(key).perform()


def timed(steps) -> list[int]:
    return [i for i, step in enumerate(steps) if step["minuten"] > 0]


def test_every_step_begins_at_its_planned_minute(page):
    browser, steps = page
    press(browser, " ")
    for i in timed(steps):
        start = T0 + steps[i]["begin"] * MINUTE
        assert step_at(browser, start + 500) == i, steps[i]["titel"]
        if i:
            assert step_at(browser, start - 500) < i
    end = T0 + (steps[-1]["begin"] + steps[-1]["minuten"]) * MINUTE
    assert step_at(browser, end + 500) == len(steps)


def test_one_minute_more_moves_every_later_step_and_a_reload_keeps_it(page):
    from selenium.webdriver.common.keys import Keys

    browser, steps = page
    press(browser, " ")
    step_at(browser, T0 + 1000)
    press(browser, "+")
    later = timed(steps)[1:]
    for i in later:
        start = T0 + (steps[i]["begin"] + 1) * MINUTE
        assert step_at(browser, start - 500) < i and step_at(browser, start + 500) == i
    browser.refresh()
    second = later[0]
    assert step_at(browser, T0 + (steps[second]["begin"] + 1) * MINUTE - 500) < second
    # Pause: time stands still on the step's countdown, and goes on after it.
    press(browser, Keys.SPACE)
    left = browser.find_element("id", "over").text
    step_at(browser, T0 + 30 * MINUTE)
    assert browser.find_element("id", "over").text == left
    assert "Gepauzeerd" in browser.find_element("id", "status").text


def test_next_ends_the_step_now_and_the_status_says_when_time_runs_out(page):
    from selenium.webdriver.common.keys import Keys

    browser, steps = page
    first, second = timed(steps)[:2]
    press(browser, " ")
    step_at(browser, T0 + 1000)
    press(browser, Keys.ARROW_RIGHT)
    assert step_at(browser, T0 + 1500) == second
    press(browser, Keys.ARROW_LEFT)
    assert step_at(browser, T0 + 2000) == first
    near_end = T0 + 2000 + steps[first]["minuten"] * MINUTE * 0.97
    step_at(browser, near_end)
    klok = browser.find_element("id", "klok")
    assert "op" in klok.get_attribute("class").split()
    assert "bijna om" in browser.find_element("id", "status").text


@pytest.mark.parametrize("width", [390, 1280])
def test_the_live_view_passes_axe(page, width):
    assert AXE.exists()
    browser, _ = page
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": False}
    )
    browser.set_script_timeout(60)
    with axe_in_every_page(browser):
        browser.refresh()
        assert browser.execute_async_script(RUN_AXE) == []
        press(browser, " ")
        step_at(browser, T0 + 3 * MINUTE)
        assert json.dumps(browser.execute_async_script(RUN_AXE)) == "[]"
