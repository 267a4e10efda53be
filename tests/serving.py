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


def wait_for(condition, seconds: float = 30.0):
    """Whether `condition` holds within `seconds`. Generous on purpose: it returns as soon as the
    condition holds, and CI runs the suite on every core, so the server may answer late."""
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


def until(condition, seconds: float = 30):  # the machine running the tests may be busy
    """Asks `condition` until it gives something true, or fails after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds} s")


def serve_client(folder, live_factory=None):
    """serve's app for `folder` in this process (a TestClient), with `live_factory` for its live taal check."""
    from starlette.testclient import TestClient

    from werkvorm_dsl.app import serve

    original = serve.LiveTaal
    serve.LiveTaal = live_factory or original
    try:
        return TestClient(serve.create_app(str(folder), PORT), base_url=ORIGIN, raise_server_exceptions=False)
    finally:
        serve.LiveTaal = original
