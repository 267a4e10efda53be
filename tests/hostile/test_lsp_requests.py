"""`werkvorm lsp` under odd requests: every request gets an answer or a JSON-RPC error, only opened
documents are served, and exit follows the specification's codes at once."""

from __future__ import annotations

import os
import time

import pytest

from lsp_client import LspClient
from samples import GOOD
from werkvorm_dsl.language.keywords import KEYWORDS
from werkvorm_dsl.language.parser import FACT_TERMINALS

INVALID_REQUEST, INVALID_PARAMS = -32600, -32602
URI = "file:///tmp/werkvorm-lsp-test/sessie.werkvorm"


def answer(client: LspClient, method: str, params) -> dict:
    """The whole response to one request: its result or its error."""
    client.next_id += 1
    ident = client.next_id
    client.send({"jsonrpc": "2.0", "id": ident, "method": method, **({"params": params} if params is not None else {})})
    return client.wait_for(lambda m: m.get("id") == ident and "method" not in m)


@pytest.fixture
def client():
    opened = LspClient()
    opened.initialize()
    yield opened
    opened.kill()


@pytest.fixture(scope="module")
def long_lived_client():
    """One server for every bad request below: it must answer each and go on, so one process serves them all."""
    opened = LspClient()
    opened.initialize()
    yield opened
    opened.kill()


def hover(uri: str, line: int = 0, character: int = 0) -> dict:
    return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}


def test_a_document_the_editor_never_opened_is_not_read_from_disk(client, tmp_path):
    on_disk = tmp_path / "niet-geopend.werkvorm"
    on_disk.write_text(GOOD, encoding="utf-8")
    for number in range(40):
        uri = on_disk.as_uri() + f"?{number}" if number else on_disk.as_uri()
        assert answer(client, "textDocument/hover", hover(uri, 2, 3)) == {
            "jsonrpc": "2.0",
            "id": client.next_id,
            "result": None,
        }
        assert answer(client, "textDocument/documentSymbol", {"textDocument": {"uri": uri}})["result"] is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_hover_on_a_fifo_does_not_block_the_server(client, tmp_path):
    fifo = tmp_path / "pijp.werkvorm"
    os.mkfifo(fifo)
    started = time.monotonic()
    assert answer(client, "textDocument/hover", hover(fifo.as_uri()))["result"] is None
    client.open(URI, GOOD)
    assert answer(client, "textDocument/hover", hover(URI, 2, 3))["result"] is not None
    assert time.monotonic() - started < 20


@pytest.mark.parametrize(
    "params",
    [
        hover(URI, -1, 0),
        hover(URI, 0, -1),
        {"textDocument": {"uri": URI}},
        {"position": {"line": 0, "character": 0}},
        {"textDocument": {"uri": URI}, "position": {"line": "een", "character": 0}},
        None,
    ],
    ids=["line -1", "character -1", "no position", "no document", "line as text", "no params"],
)
@pytest.mark.parametrize("method", ["textDocument/hover", "textDocument/completion", "textDocument/definition"])
def test_a_request_with_parameters_that_do_not_fit_gets_invalid_params(long_lived_client, method, params):
    client = long_lived_client
    client.open(URI, GOOD)
    said = answer(client, method, params)
    assert said.get("error", {}).get("code") == INVALID_PARAMS or "result" in said, said
    assert answer(client, "textDocument/hover", hover(URI, 2, 3))["result"] is not None, "the server goes on"


@pytest.mark.parametrize("method", ["textDocument/hover", "textDocument/documentSymbol", "shutdown", "initialize"])
def test_every_request_after_shutdown_gets_invalid_request(client, method):
    client.open(URI, GOOD)
    assert "error" not in answer(client, "shutdown", None)
    params = {"processId": None, "rootUri": None, "capabilities": {}} if method == "initialize" else hover(URI, 2, 3)
    said = answer(client, method, None if method == "shutdown" else params)
    assert said.get("error", {}).get("code") == INVALID_REQUEST, said
    client.notify("exit", None)
    assert client.wait() == 0


def test_exit_without_shutdown_ends_with_code_1():
    client = LspClient()
    client.initialize()
    client.notify("exit", None)
    assert client.wait() == 1


@pytest.mark.slow  # a long check by design
def test_exit_during_a_long_check_ends_within_a_second():
    client = LspClient()
    client.initialize()
    long_text = GOOD + "".join(
        f"\nstap Stap {number}\n    duur: 1 min\n    Een lange zin over de stap.\n" for number in range(20_000)
    )
    client.open(URI, long_text)
    time.sleep(0.5)  # the check and the dictionary are under way in their threads
    assert "error" not in answer(client, "shutdown", None)
    started = time.monotonic()
    client.notify("exit", None)
    assert client.wait() == 0
    # One second as the issue asks, with room for a machine that six test runs share.
    assert time.monotonic() - started < 2


def test_hover_on_an_unreadable_duration_says_it_cannot_be_read(client):
    text = GOOD.replace("stap Afsluiting\n    duur: 5 tot 10 min", "stap Afsluiting\n    duur: veel", 1)
    assert "duur: veel" in text
    client.open(URI, text)
    line = text.split("\n").index("stap Afsluiting")
    said = answer(client, "textDocument/hover", hover(URI, line, 6))["result"]
    assert said is not None and "niet te lezen" in said["contents"]["value"], said
    assert "deelt de tijd" not in said["contents"]["value"]


HEADER_WORDS = {keyword.words["nl"][0] for keyword in KEYWORDS if keyword.terminal in FACT_TERMINALS}


def labels(client, line: int) -> set[str]:
    found = answer(client, "textDocument/completion", hover(URI, line, 0))["result"]
    return {item["label"].rstrip(":").lower() for item in found["items"]}


def test_completion_inside_the_session_offers_no_title_or_header_field(client):
    """From the keyword table: every field that belongs above the first heading (E103 elsewhere)."""
    lines = GOOD.split("\n")
    empty = lines.index("stap Afsluiting") - 1
    assert lines[empty] == ""
    client.open(URI, GOOD)
    inside = labels(client, empty)
    assert "stap" in inside
    assert not inside & {word.lower() for word in HEADER_WORDS}, inside & HEADER_WORDS
    on_top = labels(client, lines.index("doel: Elke deelnemer krijgt hulp bij een eigen vraag.") + 1)
    assert {"doel", "startvraag"} <= on_top, on_top
