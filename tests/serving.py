"""`werkvorm serve` in the tests: a free port, waiting for a page, and the headers the editor's endpoints want."""

import socket
import time

# The address the in-process TestClient pretends to serve on: the Origin the endpoints accept.
PORT = 8123
ORIGIN = f"http://127.0.0.1:{PORT}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


def headers(config: dict, **extra) -> dict:
    """What the editor page sends with a save: its token, JSON, and its own origin."""
    return {"X-Werkvorm-Token": config["token"], "Content-Type": "application/json", "Origin": ORIGIN, **extra}
