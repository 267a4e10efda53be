"""Serve opens the live view ('Sessie leiden'): its clock may run, by its hash, and nothing else."""

import base64
import hashlib
import re

import pytest
from test_editor_api import client_for
from test_writing_place_api import TWO_ERRORS

from samples import GOOD


@pytest.fixture
def served(tmp_path):
    folder = tmp_path / "werkvormen"
    folder.mkdir()
    (folder / "sessie.werkvorm").write_text(GOOD, encoding="utf-8")
    with client_for(folder) as client:
        yield client, folder


def script_hashes(policy: str) -> list[str]:
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    return re.findall(r"'sha256-([^']+)'", script_src)


def test_the_page_links_to_the_live_view(served):
    client, _ = served
    assert 'href="/werkvorm/sessie/leiden"' in client.get("/werkvorm/sessie").text


def test_the_live_view_runs_only_its_own_clock(served):
    client, _ = served
    answer = client.get("/werkvorm/sessie/leiden")
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    policy = answer.headers["content-security-policy"]
    clock = re.findall(r"<script>(.*?)</script>", answer.text, re.S)
    assert len(clock) == 1 and '<script type="application/json" id="plan">' in answer.text
    expected = base64.b64encode(hashlib.sha256(clock[0].encode("utf-8")).digest()).decode("ascii")
    assert script_hashes(policy) == [expected]
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "connect-src 'self'" in policy and "default-src 'none'" in policy


def test_the_live_view_is_refused_with_errors_or_from_elsewhere(served):
    client, folder = served
    assert client.get("/werkvorm/sessie/leiden", headers={"Origin": "http://evil.example"}).status_code == 403
    (folder / "sessie.werkvorm").write_text(TWO_ERRORS, encoding="utf-8")
    refused = client.get("/werkvorm/sessie/leiden")
    assert refused.status_code == 409 and refused.json()["code"] == "E547"
    assert client.get("/werkvorm/elders/leiden").status_code == 404


def test_the_room_s_screen_is_served_beside_the_live_view_with_its_own_clock(served):
    client, _ = served
    answer = client.get("/werkvorm/sessie/zaal")
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    clock = re.findall(r"<script>(.*?)</script>", answer.text, re.S)
    expected = base64.b64encode(hashlib.sha256(clock[0].encode("utf-8")).digest()).decode("ascii")
    assert len(clock) == 1 and script_hashes(answer.headers["content-security-policy"]) == [expected]
    assert "Let op de vertrouwelijkheid" not in answer.text  # GOOD's facilitator field
    assert "We openen de sessie en maken werkafspraken." in answer.text


@pytest.mark.browser
def test_the_clock_runs_under_serve_s_policy_in_chromium(browser, tmp_path):
    """In real Chromium, from the served page's link: the clock script runs (the policy allows its hash); a step
    that ran over is offered in the report, and its link opens the editor on the step's line."""
    from test_editor import start
    from test_leiden_browser import FAKE_CLOCK, MINUTE, T0, press, step_at

    folder = tmp_path / "werkvormen"
    folder.mkdir()
    (folder / "sessie.werkvorm").write_text(GOOD, encoding="utf-8")
    url, process = start(folder)
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FAKE_CLOCK})
    try:
        browser.get(url + "/werkvorm/sessie/leiden")
        assert browser.execute_script("return document.body.dataset.stap") == "0"
        assert browser.find_element("id", "titel").text.startswith("Sessie leiden: ")
        refused = [entry for entry in browser.get_log("browser") if "Content Security Policy" in entry["message"]]
        assert refused == []
        first = browser.execute_script("return JSON.parse(document.getElementById('plan').textContent).stappen[0]")
        press(browser, " ")
        press(browser, "+")
        press(browser, "+")  # the opening takes two minutes more than planned
        step_at(browser, T0 + (first["minuten"] + 2) * MINUTE + 500)
        browser.find_element("css selector", "#verslag-blok summary").click()
        link = browser.find_element("css selector", "#uitlopers-lijst a")
        assert link.text == f"1. {first['titel']}: 2 min langer (regel {first['regel']})"
        link.click()
        line = browser.execute_script("return document.querySelector('.cm-activeLine').textContent")
        assert line == GOOD.splitlines()[first["regel"] - 1]
    finally:
        process.terminate()
        _, err = process.communicate(timeout=10)
    assert b"Traceback" not in err, err.decode()
