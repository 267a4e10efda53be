"""`werkvorm schrijven` (issue 21, item 1): serve on a folder, and the author's browser opened on it,
never when there is no screen, a text browser, a test, or --geen-browser; otherwise the address in Dutch."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import webbrowser
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT
from werkvorm_dsl.app import nieuw, schrijven
from werkvorm_dsl.app.cli import main

GOOD = (ROOT / "formats" / "iedereen-aan-de-beurt.werkvorm").read_text(encoding="utf-8")


def test_tests_never_open_a_browser():
    assert os.environ.get(schrijven.NO_BROWSER)  # set by conftest for every test and every subprocess


@pytest.fixture
def at_a_screen(monkeypatch):
    """An author at a screen with a graphical browser; the test removes one piece at a time."""
    monkeypatch.delenv(schrijven.NO_BROWSER, raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(schrijven.sys, "platform", "linux")
    monkeypatch.setattr(schrijven.webbrowser, "get", lambda: webbrowser.BackgroundBrowser("firefox"))
    return SimpleNamespace(geen_browser=False)


def test_a_browser_opens_for_an_author_at_a_screen(at_a_screen):
    assert schrijven.browser_wanted(at_a_screen)


def test_wayland_is_a_screen_too(at_a_screen, monkeypatch):
    monkeypatch.delenv("DISPLAY")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert schrijven.browser_wanted(at_a_screen)


def test_no_browser_without_a_screen(at_a_screen, monkeypatch):
    monkeypatch.delenv("DISPLAY")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert not schrijven.browser_wanted(at_a_screen)


@pytest.mark.parametrize("name", sorted(schrijven.TEXT_BROWSERS))
def test_no_text_browser(at_a_screen, monkeypatch, name):
    monkeypatch.setattr(schrijven.webbrowser, "get", lambda: webbrowser.GenericBrowser(name))
    assert not schrijven.browser_wanted(at_a_screen)


def test_no_browser_when_python_finds_none(at_a_screen, monkeypatch):
    def none_found():
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(schrijven.webbrowser, "get", none_found)
    assert not schrijven.browser_wanted(at_a_screen)


def test_no_browser_when_asked_by_flag_or_environment(at_a_screen, monkeypatch):
    assert not schrijven.browser_wanted(SimpleNamespace(geen_browser=True))
    monkeypatch.setenv(schrijven.NO_BROWSER, "1")
    assert not schrijven.browser_wanted(at_a_screen)


def test_the_command_is_named_as_it_can_be_typed_again(monkeypatch, tmp_path):
    program = tmp_path / ".venv" / "bin" / "werkvorm"
    program.parent.mkdir(parents=True)
    program.write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(nieuw.sys, "argv", [str(program), "nieuw", "x"])
    monkeypatch.setattr(nieuw.shutil, "which", lambda name: None)
    assert nieuw.command_name() == os.path.join(".venv", "bin", "werkvorm")
    monkeypatch.setattr(nieuw.shutil, "which", lambda name: str(program))
    assert nieuw.command_name() == "werkvorm"
    monkeypatch.setattr(nieuw.sys, "argv", ["-m"])  # python -m werkvorm_dsl, or a test
    assert nieuw.command_name() == "werkvorm"


def test_nieuw_points_to_the_browser(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["nieuw", "intervisie"]) == 0
    said = capsys.readouterr().out
    assert "werkvorm schrijven" in said and "teksteditor" in said
    assert (tmp_path / "intervisie.werkvorm").is_file()


def test_a_port_in_use_moves_to_the_next_free_one():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert schrijven._free_port(port) != port


def start(folder: Path, env: dict, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "werkvorm_dsl.app.cli", "schrijven", str(folder), *options],
        env={**env, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=20)
    return output


def wait_for(path: Path, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not path.exists():
        time.sleep(0.1)
    return path.exists()


@pytest.fixture
def fake_browser(tmp_path):
    """A 'browser' that only writes down the address it was asked to open."""
    opened = tmp_path / "geopend.txt"
    script = tmp_path / "nepbrowser"
    script.write_text(f'#!/bin/sh\nprintf %s "$1" > {opened}\n', encoding="utf-8")
    script.chmod(0o755)
    folder = tmp_path / "werkvormen"
    folder.mkdir()
    (folder / "sessie.werkvorm").write_text(GOOD, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != schrijven.NO_BROWSER}
    return SimpleNamespace(opened=opened, folder=folder, env={**env, "DISPLAY": ":0", "BROWSER": str(script)})


def test_schrijven_serves_the_folder_and_opens_the_browser_on_it(fake_browser):
    port = free_port()
    process = start(fake_browser.folder, fake_browser.env, "--port", str(port))
    try:
        assert wait_for(fake_browser.opened), "the browser was not opened"
        address = f"http://127.0.0.1:{port}/"
        assert fake_browser.opened.read_text(encoding="utf-8") == address
        with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
            connection.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
            page = b"".join(iter(lambda: connection.recv(65536), b"")).decode("utf-8", "replace")
        assert "200 OK" in page.splitlines()[0] and "sessie" in page
    finally:
        output = stop(process)
    assert f"De schrijfplek staat open in uw browser. Ziet u hem niet? Ga dan naar {address}" in output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    "how", ["--geen-browser", schrijven.NO_BROWSER, "zonder scherm"], ids=["vlag", "omgeving", "zonder-scherm"]
)
def test_without_a_browser_it_says_the_address_in_dutch(fake_browser, how):
    port = free_port()
    env, options = dict(fake_browser.env), ["--port", str(port)]
    if how == "--geen-browser":
        options.append(how)
    elif how == schrijven.NO_BROWSER:
        env[how] = "1"
    else:
        env.pop("DISPLAY")
        env.pop("WAYLAND_DISPLAY", None)
    process = start(fake_browser.folder, env, *options)
    address = f"http://127.0.0.1:{port}/"
    # As long as schrijven itself waits for its server (and a little more): a busy machine starts it late.
    deadline, said = time.monotonic() + schrijven.READY_SECONDS + 10, b""
    try:
        while time.monotonic() < deadline and b"schrijfplek" not in said:
            time.sleep(0.2)
            said += _so_far(process)
    finally:
        output = said.decode("utf-8") + stop(process)
    assert (
        f"Open de schrijfplek in uw browser: klik op dit adres, of kopieer het naar de adresbalk: {address}" in output
    )
    assert not fake_browser.opened.exists()


def _so_far(process: subprocess.Popen) -> bytes:
    """What the process printed so far, without waiting for more, read from the pipe itself: a text
    reader's readline may take two lines from the pipe and keep the second in its own buffer, where
    select no longer sees it (the address line then waited for the deadline, or was missed)."""
    import select

    pipe, found = process.stdout.fileno(), b""
    while select.select([pipe], [], [], 0)[0]:
        chunk = os.read(pipe, 65536)
        if not chunk:
            break
        found += chunk
    return found


def test_a_folder_that_is_not_there_is_one_dutch_line(tmp_path, capsys):
    assert main(["schrijven", str(tmp_path / "weg"), "--geen-browser"]) == 2
    said = capsys.readouterr()
    assert "dit is geen map" in said.err and "Traceback" not in said.err
