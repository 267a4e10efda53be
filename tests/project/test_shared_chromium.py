"""The browser tests' one Chromium (tests/browsing.py) ends whole: quitting it leaves no browser process
behind. Debian's /usr/bin/chromium-headless-shell is a script that starts the shell without exec, so
chromedriver stopped the script and the shell ran on, using CPU, after every run; the tests start the
shell itself. The second test shows that this check sees such a leftover."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

import browsing


def _children() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int(
                    (entry / "stat").read_text(encoding="ascii", errors="replace").rsplit(")", 1)[1].split()[1]
                )
            except (OSError, IndexError, ValueError):
                continue
            found.setdefault(parent, []).append(int(entry.name))
    return found


def _descendants(pid: int) -> set[int]:
    children, found, waiting = _children(), set(), [pid]
    while waiting:
        for child in children.get(waiting.pop(), []):
            found.add(child)
            waiting.append(child)
    return found


def _alive(pids: set[int]) -> set[int]:
    """Those of `pids` still running (browsing's own test of a process: a zombie counts as ended)."""
    return {pid for pid in pids if browsing._Orphan(pid).poll() is None}


def _left_after_quit(binary: str, tmp_path) -> set[int]:
    """The processes of a browser started from `binary` that still run five seconds after it quit."""
    original = browsing.CHROMIUM
    browsing.CHROMIUM = binary
    try:
        shared = browsing.SharedChromium(tmp_path / "profiel")
        driver = shared.fresh()
        driver.get("data:text/html,<title>x</title>")
        started = _descendants(driver.service.process.pid)
        assert started, "chromedriver started no browser"
        shared.quit()
    finally:
        browsing.CHROMIUM = original
    deadline = time.monotonic() + 5
    while _alive(started) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _alive(started)


@pytest.mark.browser
def test_quitting_the_shared_chromium_leaves_no_browser_process(tmp_path):
    assert _left_after_quit(browsing.CHROMIUM, tmp_path) == set()


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists("/usr/bin/chromium-headless-shell"), reason="Debian's script is not here")
def test_the_check_sees_the_browser_that_debian_s_script_leaves_behind(tmp_path):
    left = _left_after_quit("/usr/bin/chromium-headless-shell", tmp_path)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left
