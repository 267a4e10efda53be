"""`werkvorm schrijven`: the writing place of `werkvorm serve`, opened in the author's own browser."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
import webbrowser

# Set in tests (tests/conftest.py) and wherever no browser may open; `--geen-browser` does the same.
NO_BROWSER = "WERKVORM_GEEN_BROWSER"
# Browsers that draw in the terminal: the page needs scripts and a mouse, and the terminal is busy.
TEXT_BROWSERS = frozenset({"www-browser", "links", "links2", "elinks", "lynx", "w3m"})
DEFAULT_PORT = 8000  # as `werkvorm serve`
PORTS_TRIED = 20  # from the chosen port upwards, when `werkvorm serve` already runs on it
READY_SECONDS = 30  # how long to wait for the server before saying the address instead


def run(args) -> int:
    from werkvorm_dsl.app import serve

    if args.port is None:
        args.port = _free_port(DEFAULT_PORT) if os.path.isdir(args.path) else DEFAULT_PORT
    address = f"http://{serve.HOST}:{args.port}/"
    stopped = threading.Event()
    opener = threading.Thread(target=_open_when_ready, args=(address, args, stopped), daemon=True)
    opener.start()
    try:
        return serve.run(args)
    finally:
        stopped.set()


def browser_wanted(args) -> bool:
    """Open a browser only for an author at a screen: not in tests, not over ssh, not in a text browser."""
    if getattr(args, "geen_browser", False) or os.environ.get(NO_BROWSER):
        return False
    if sys.platform not in ("darwin", "win32") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    return not _draws_in_the_terminal(browser)


def _draws_in_the_terminal(browser) -> bool:
    # webbrowser falls back on these when it finds no graphical browser (or BROWSER names one);
    # it registers them by their command's name.
    words = str(getattr(browser, "name", "")).split()
    return bool(words) and os.path.basename(words[0]) in TEXT_BROWSERS


def _open_when_ready(address: str, args, stopped: threading.Event) -> None:
    """Once the server answers, open the page, or say the address: in Dutch, for clicking or pasting."""
    if not _answers(args.port, stopped):
        return  # serve stopped before it began (a folder that is not there, a port in use): it said why
    opened = browser_wanted(args) and _open(address)
    if opened:
        _say(f"De schrijfplek staat open in uw browser. Ziet u hem niet? Ga dan naar {address}")
    else:
        _say(f"Open de schrijfplek in uw browser: klik op dit adres, of kopieer het naar de adresbalk: {address}")


def _open(address: str) -> bool:
    try:
        return webbrowser.open(address, new=2)
    except webbrowser.Error:
        return False


def _answers(port: int, stopped: threading.Event) -> bool:
    from werkvorm_dsl.app.serve import HOST

    deadline = time.monotonic() + READY_SECONDS
    while not stopped.is_set() and time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return True
        except OSError:
            stopped.wait(0.1)
    return False


def _free_port(first: int) -> int:
    """The first port from `first` on where nothing listens; `first` itself when all are taken, so
    that serve says what is wrong."""
    from werkvorm_dsl.app.serve import _port_free

    for port in range(first, min(first + PORTS_TRIED, 65536)):
        if _port_free(port):
            return port
    return first


def _say(line: str) -> None:
    try:
        print(line, flush=True)
    except (OSError, ValueError):
        pass  # no terminal left to tell
