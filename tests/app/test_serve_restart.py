"""serve starts again at once after Ctrl-C: a port is 'in use' only while something listens on it."""

from __future__ import annotations

import socket

from werkvorm_dsl.app.serve import HOST, _port_free


def _time_wait_port() -> int:
    """A port whose server side closed first: it stays in TIME_WAIT, as after serve's Ctrl-C with
    a browser tab still connected."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((HOST, 0))
    server.listen()
    port = server.getsockname()[1]
    client = socket.create_connection((HOST, port))
    accepted, _ = server.accept()
    accepted.close()  # the server closes first: its side of the connection waits
    server.close()
    client.close()
    return port


def test_a_port_with_only_waiting_connections_is_free():
    port = _time_wait_port()
    plain = socket.socket()
    try:
        plain.bind((HOST, port))
        waiting = False
    except OSError:
        waiting = True  # the control: without SO_REUSEADDR this port reads as taken
    finally:
        plain.close()
    assert waiting, "the set-up did not leave a connection waiting"
    assert _port_free(port)


def test_a_port_where_something_listens_is_in_use():
    with socket.socket() as listener:
        listener.bind((HOST, 0))
        listener.listen()
        assert not _port_free(listener.getsockname()[1])
