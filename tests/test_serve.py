"""`werkvorm serve` end to end in real headless Chromium: edit, break and fix a werkvorm."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

GOOD = (ROOT / "formats" / "iedereen-aan-de-beurt.werkvorm").read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    (tmp_path / "sessie.werkvorm").write_text(GOOD, encoding="utf-8")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen([sys.executable, "-m", "werkvorm_dsl.cli", "serve", str(tmp_path), "--port", str(port)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert process.poll() is None, process.stdout.read()
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}", tmp_path / "sessie.werkvorm", process
    process.terminate()
    process.wait(timeout=10)


def wait_for(condition, seconds: float = 8.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except Exception:  # the page may be reloading right now
            pass
        time.sleep(0.1)
    return False


def test_preview_follows_the_file_through_an_edit_a_mistake_and_a_fix(server, browser):
    from selenium.webdriver.common.by import By

    url, path, process = server
    browser.get(url + "/")
    assert "Iedereen komt aan de beurt" in browser.find_element(By.TAG_NAME, "nav").text
    browser.get(url + "/werkvorm/sessie")
    assert browser.find_element(By.ID, "titel").text == "Iedereen komt aan de beurt"
    assert len(browser.find_elements(By.TAG_NAME, "iframe")) == 2

    saved = time.monotonic()
    path.write_text(GOOD.replace("Iedereen komt aan de beurt", "Iedereen is aan de beurt"), encoding="utf-8")
    assert wait_for(lambda: browser.find_element(By.ID, "titel").text == "Iedereen is aan de beurt")
    assert time.monotonic() - saved < 5  # "within a second" is the aim; the bound allows a loaded machine

    path.write_text(GOOD.replace("duur: anderhalf uur", "duur: een middagje"), encoding="utf-8")
    assert wait_for(lambda: "fout[E201]" in browser.find_element(By.ID, "meldingen").text)
    assert process.poll() is None  # the server keeps running

    path.write_text(GOOD, encoding="utf-8")
    assert wait_for(lambda: not browser.find_elements(By.ID, "meldingen")
                    and len(browser.find_elements(By.TAG_NAME, "iframe")) == 2)
