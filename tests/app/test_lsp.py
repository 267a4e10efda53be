"""`werkvorm lsp` end to end: a JSON-RPC client over stdio speaks to the server as an editor would."""

from __future__ import annotations

import json
import sys
import time

import pytest

from lsp_client import LspClient
from samples import ROUNDS
from werkvorm_dsl.app.lsp import CHECK_DELAY

# An astral character (two UTF-16 code units) and a composed letter before the error on line 5.
BROKEN = "WERKVORM Kapot\nduur: 10 min\n\nSESSIE\nstap 😀 Café\u2028welkom\n    duur: 30 min\n"


@pytest.fixture(scope="module")
def server():
    client = LspClient()
    client.initialize()
    yield client
    assert client.stop() == 0
    assert client.process.stderr.read() == b""  # a whole session without a single complaint


def opened(server: LspClient, name: str, text: str) -> tuple[str, list[dict]]:
    uri = f"file:///tmp/werkvorm-lsp-test/{name}.werkvorm"
    server.open(uri, text)
    return uri, server.diagnostics(uri)


def test_initialize_announces_what_the_server_does():
    client = LspClient()
    try:
        capabilities = client.initialize()["capabilities"]
        assert capabilities["positionEncoding"] == "utf-16"
        assert capabilities["textDocumentSync"]["change"] == 1  # the whole text on each change
        for provider in (
            "hoverProvider",
            "definitionProvider",
            "documentSymbolProvider",
            "documentFormattingProvider",
            "completionProvider",
        ):
            assert capabilities[provider], provider
        assert client.stop() == 0
    finally:
        client.kill()


def test_a_broken_file_gets_its_diagnostics_in_utf16_columns(server):
    _, found = opened(server, "kapot", BROKEN)
    by_code = {d["code"]: d for d in found}
    odd_break = by_code["W112"]
    # 'stap 😀 Café' is 11 characters, 12 UTF-16 code units; the line separator comes after it.
    assert odd_break["range"] == {"start": {"line": 4, "character": 12}, "end": {"line": 4, "character": 13}}
    assert odd_break["severity"] == 2 and odd_break["source"] == "werkvorm"
    assert "regelscheidingsteken" in odd_break["message"] and "Tip:" in odd_break["message"]


def test_an_error_has_its_code_severity_and_related_places(server):
    text = "WERKVORM Te lang\nduur: 10 min\n\nSESSIE\nstap Welkom\n    duur: 30 min\n"
    uri, found = opened(server, "te-lang", text)
    too_long = next(d for d in found if d["code"] == "E401")
    assert too_long["severity"] == 1
    assert too_long["range"]["start"] == {"line": 1, "character": 0}
    related = too_long["relatedInformation"]
    assert related[0]["location"] == {
        "uri": uri,
        "range": {"start": {"line": 4, "character": 0}, "end": {"line": 5, "character": 16}},
    }
    assert "Welkom" in related[0]["message"]


def test_a_note_is_information_not_a_problem(server):
    text = (
        "WERKVORM Zo vaak\nduur: 30 min\n\nSESSIE\nRONDE zo vaak als de tijd toelaat\nstap Vertellen\n"
        "    duur: 10 min\nEINDE RONDE\n"
    )
    _, found = opened(server, "opmerking", text)
    note = next(d for d in found if d["code"] == "I409")
    assert note["severity"] == 3  # Information
    assert "3 keer" in note["message"]


def test_diagnostics_follow_changes_and_the_last_version_wins(server):
    uri, found = opened(
        server,
        "verandert",
        "WERKVORM Goed\nduur: 5 min\ndoel: Kennismaken.\n\nSESSIE\nstap Welkom\n    duur: 5 min\n    voor deelnemers: Welkom.\n",
    )
    assert found == []
    for version, minutes in ((2, 50), (3, 60), (4, 70)):  # typed quickly: checked once the typing pauses
        server.change(
            uri,
            f"WERKVORM Goed\nduur: 5 min\ndoel: Kennismaken.\n\nSESSIE\nstap Welkom\n    duur: {minutes} min\n"
            "    voor deelnemers: Welkom.\n",
            version,
        )
    final = server.diagnostics(uri, version=4)
    assert [d["code"] for d in final] == ["E401"] and "70 min" in final[0]["message"]
    time.sleep(2 * CHECK_DELAY)
    server.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})  # everything sent before is read
    later = [
        n
        for n in server.notifications
        if n.get("method") == "textDocument/publishDiagnostics" and n["params"]["uri"] == uri
    ]
    assert all(n["params"]["version"] == 4 for n in later)  # no older version's diagnostics after the newest


def labels(result) -> list[str]:
    return [item["label"] for item in (result["items"] if isinstance(result, dict) else result)]


def test_completion_offers_keywords_in_the_authors_language(server):
    uri, _ = opened(server, "nl", "WERKVORM Nieuw\nduur: 10 min\n\nses\n")
    result = server.at("textDocument/completion", uri, 3, 3)
    item = next(item for item in result["items"] if item["label"] == "SESSIE")
    assert item["textEdit"]["range"] == {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 3}}
    english, _ = opened(server, "en", "FORMAT New\nduration: 10 min\nparticipants: 4\n\nses\n")
    assert "SESSION" in labels(server.at("textDocument/completion", english, 4, 3))
    assert "SESSIE" not in labels(server.at("textDocument/completion", english, 4, 3))


def test_completion_offers_question_lists_roles_and_durations(server):
    uri, _ = opened(server, "rondes", ROUNDS)
    assert labels(server.at("textDocument/completion", uri, 15, 12)) == ["verdieping"]
    roles = labels(server.at("textDocument/completion", uri, 9, 9))
    assert "tijdbewaker" in roles and "casusinbrenger" in roles
    durations = labels(server.at("textDocument/completion", uri, 8, 10))
    assert "5 min" in durations and "10 tot 15 min" in durations


def test_hover_shows_the_sum_and_the_clock(server):
    uri, _ = opened(server, "rondes-hover", ROUNDS)
    round_ = server.at("textDocument/hover", uri, 11, 2)["contents"]["value"]
    assert "(5 + 4) × 3 rondes = 27 min" in round_ and "Begint om 14:05, 14:14 en 14:23" in round_
    step = server.at("textDocument/hover", uri, 17, 3)["contents"]["value"]
    assert "4 min per keer" in step and "14:10" in step
    assert server.at("textDocument/hover", uri, 0, 3) is None  # the title line is no part of the session


def test_definition_goes_from_a_reference_to_its_question_list(server):
    uri, _ = opened(server, "rondes-definitie", ROUNDS)
    location = server.at("textDocument/definition", uri, 15, 14)
    assert location["uri"] == uri and location["range"]["start"] == {"line": 24, "character": 0}


def test_document_symbols_are_the_outline(server):
    uri, _ = opened(server, "rondes-overzicht", ROUNDS)
    symbols = server.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    assert [s["name"] for s in symbols] == ["Rondes", "SESSIE", "VRAGEN verdieping: Vragen die verdiepen"]
    session = symbols[1]
    assert [s["name"] for s in session["children"]] == ["Welkom", "RONDE 3 keer: telkens een ander", "Afsluiting"]
    assert [s["name"] for s in session["children"][1]["children"]] == ["Vertellen", "Vragen stellen"]


def test_formatting_lays_out_as_fmt_does(server):
    messy = "WERKVORM Rommelig\nDUUR:   5 min\n\n\n\nsessie\n   stap Welkom\n duur: 5 min\n"
    uri, _ = opened(server, "rommelig", messy)
    edits = server.request(
        "textDocument/formatting", {"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": True}}
    )
    from werkvorm_dsl.language.fmt import format_text

    assert edits == [
        {
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 8, "character": 0}},
            "newText": format_text(messy),
        }
    ]


def test_formatting_leaves_a_file_with_errors_alone_and_says_why(server):
    # A step above SESSIE (E102): an error in the structure, for which fmt leaves a file alone.
    uri, _ = opened(server, "fout", "WERKVORM Fout\nduur: 10 min\nstap Welkom\n  duur: 5 min\n\nSESSIE\n")
    edits = server.request(
        "textDocument/formatting", {"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": True}}
    )
    assert edits == []
    shown = server.wait_for(lambda m: m.get("method") == "window/showMessage")
    assert "fouten" in shown["params"]["message"]


def test_odd_unicode_never_stops_the_server(server):
    nasty = (
        "WERKVORM \ud800 half\x00 \u202eomgekeerd\n\ufeffduur:\u200b 10 min\n\nSESSIE\x1b[31m\n"
        "stap e\u0301\u0301\U0001f600\u2029x\x07\n" + "\U0001d54a" * 500 + "\n"
    )
    uri, found = opened(server, "raar", nasty)
    lines = nasty.split("\n")
    for diagnostic in found:
        for end in ("start", "end"):
            place = diagnostic["range"][end]
            assert 0 <= place["line"] < len(lines)
            units = len(lines[place["line"]].encode("utf-16-le", "surrogatepass")) // 2
            assert 0 <= place["character"] <= units
    for line in range(len(lines)):
        server.at("textDocument/hover", uri, line, 3)
        server.at("textDocument/completion", uri, line, 1000)
    server.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})


@pytest.mark.slow  # a large input by design
def test_a_huge_document_is_checked_and_the_server_still_answers(server):
    step = "stap Een stap met wat tekst erin\n    duur: 1 min\n    wie: deelnemers\n\n"
    text = "WERKVORM Groot\nduur: 10000 min\n\nSESSIE\n" + step * 10_000
    uri, found = opened(server, "groot", text)
    assert all(d["severity"] != 1 for d in found)
    hovered = server.at("textDocument/hover", uri, 4 + 4 * 9_999, 2)
    assert "1 min" in hovered["contents"]["value"]


def test_garbage_on_stdin_costs_one_dutch_line_and_the_server_goes_on():
    client = LspClient()
    try:
        client.send_raw(b"dit is geen bericht\r\n\r\n")
        client.send_raw(b"Content-Length: 12\r\n\r\n{niet json!}")
        client.send_raw(b"Content-Length: 2\r\n\r\n[]")
        client.send({"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", "params": {"kapot": True}})
        client.initialize()
        uri = "file:///tmp/na-de-rommel.werkvorm"
        client.open(
            uri,
            "WERKVORM Goed\nduur: 5 min\ndoel: Kennismaken.\n\nSESSIE\nstap Welkom\n    duur: 5 min\n    voor deelnemers: Welkom.\n",
        )
        assert client.diagnostics(uri) == []
        assert client.stop() == 0
        complaints = client.process.stderr.read().decode("utf-8").splitlines()
        assert 1 <= len(complaints) <= 4
        assert all(line.startswith("werkvorm lsp: ") and "Traceback" not in line for line in complaints)
    finally:
        client.kill()


def test_a_header_that_claims_a_huge_message_neither_crashes_nor_eats_memory():
    client = LspClient()
    try:
        client.send_raw(b"Content-Length: 999999999999999\r\n\r\n" + b"x" * 1000)
        client.process.stdin.close()  # the editor is gone
        assert client.wait() == 0
        complaints = client.process.stderr.read().decode("utf-8")
        assert "Traceback" not in complaints and "MemoryError" not in complaints
        assert complaints.count("\n") <= 1
    finally:
        client.kill()


def test_the_editor_closing_the_connection_ends_the_server_quietly():
    client = LspClient()
    try:
        client.initialize()
        client.process.stdin.close()
        assert client.wait() == 0
        assert client.process.stderr.read() == b""
    finally:
        client.kill()


def test_without_pygls_the_command_says_what_to_install(capsys, monkeypatch):
    from werkvorm_dsl.app.cli import main

    for name in [name for name in sys.modules if name.split(".")[0] in ("pygls", "lsprotocol")] + ["pygls"]:
        monkeypatch.setitem(sys.modules, name, None)  # as if never installed, even if loaded by another test
    monkeypatch.delitem(sys.modules, "werkvorm_dsl.app.lsp", raising=False)
    assert main(["lsp"]) == 2
    error = capsys.readouterr().err
    assert "fout[E520]" in error and "pip install 'werkvorm-dsl[lsp]'" in error and error.count("\n") == 1


def test_the_vscode_extension_starts_this_server():
    from conftest import ROOT

    package = json.loads((ROOT / "editors/vscode/package.json").read_text(encoding="utf-8"))
    language = package["contributes"]["languages"][0]
    assert language["id"] == "werkvorm" and ".werkvorm" in language["extensions"]
    assert package["contributes"]["grammars"][0]["language"] == "werkvorm"
    assert (ROOT / "editors/vscode" / package["contributes"]["grammars"][0]["path"]).is_file()
    json.loads((ROOT / "editors/vscode" / language["configuration"]).read_text(encoding="utf-8"))
    extension = (ROOT / "editors/vscode" / package["main"]).read_text(encoding="utf-8")
    assert "'lsp'" in extension and "vscode-languageclient" in package["dependencies"]


# --- werkvorm taal in the editor -------------------------------------------------------------------

TAAL_TEXT = "WERKVORM Taal\nduur: 10 min\n\nSESSIE\nstap Vraag 😀 de medewekers om hun verhaal.\n    duur: 10 min\n"


def taal_published(client: LspClient, uri: str, matches, timeout: float = 60) -> list[dict]:
    """The diagnostics of the first publication for `uri` whose taal diagnostics satisfy `matches`."""
    message = client.wait_for(
        lambda m: (
            m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and matches([d for d in m["params"]["diagnostics"] if d["source"] == "werkvorm taal"])
        ),
        timeout,
    )
    return [d for d in message["params"]["diagnostics"] if d["source"] == "werkvorm taal"]


def test_a_typo_is_published_with_its_range_and_later_its_suggestion(server):
    uri = "file:///tmp/werkvorm-lsp-test/taal.werkvorm"
    server.open(uri, TAAL_TEXT)
    found = taal_published(server, uri, lambda taal: any(d["code"] == "T101" for d in taal))
    typo = next(d for d in found if d["code"] == "T101")
    # 'stap Vraag 😀 de ' is 16 characters and 17 UTF-16 code units
    assert typo["range"] == {"start": {"line": 4, "character": 17}, "end": {"line": 4, "character": 27}}
    assert typo["severity"] == 1 and "medewekers" in typo["message"] and "Tip:" in typo["message"]
    later = taal_published(server, uri, lambda taal: any("bedoelt u" in d["message"] for d in taal))
    assert '"medewerkers"' in next(d for d in later if d["code"] == "T101")["message"]


def test_a_typo_storm_leaves_the_server_answering(server):
    # 300 unknown words: their suggestions take many seconds in the background, and meanwhile a
    # change is published and a hover answered, each without waiting for them.
    words = " ".join(f"qq{chr(97 + i // 26)}{chr(97 + i % 26)}zz" for i in range(300))
    uri = "file:///tmp/werkvorm-lsp-test/storm.werkvorm"
    text = f"WERKVORM Storm\nduur: 10 min\n\nSESSIE\nstap {words}.\n    duur: 10 min\n"
    server.open(uri, text)
    taal_published(server, uri, lambda taal: len([d for d in taal if d["code"] == "T101"]) == 300)
    server.change(uri, text.replace("qqaazz", "welkom"), 2)
    changed = server.wait_for(
        lambda m: (
            m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and m["params"].get("version") == 2
        )
    )
    hovered = server.at("textDocument/hover", uri, 4, 2)
    assert hovered is not None and "10 min" in hovered["contents"]["value"]
    typos = [d for d in changed["params"]["diagnostics"] if d["code"] == "T101"]
    assert len(typos) == 299
    # Not all 20 suggestions can be there yet: each takes a noticeable part of a second.
    assert sum("bedoelt u" in d["message"] for d in typos) < 20
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})


def test_without_the_dictionary_the_editor_hears_once_and_keeps_the_other_checks(tmp_path):
    client = LspClient(env={"PYENCHANT_LIBRARY_PATH": str(tmp_path / "bestaat-niet.so")})
    try:
        client.initialize()
        uri = "file:///tmp/werkvorm-lsp-test/zonder.werkvorm"
        long_step = (
            "stap Dit is een heel lange zin met veel te veel woorden erin die maar doorgaat en doorgaat "
            "zonder dat er ooit een punt lijkt te komen voor de lezer.\n    duur: 30 min\n"
        )
        client.open(uri, TAAL_TEXT + long_step)
        told = client.wait_for(lambda m: m.get("method") == "window/showMessage")
        assert "spellingcontrole staat uit" in told["params"]["message"] and told["params"]["type"] == 3
        message = client.wait_for(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and any(d["code"] == "T201" for d in m["params"]["diagnostics"])
            )
        )
        codes = {d["code"] for d in message["params"]["diagnostics"]}
        assert "E401" in codes and "T101" not in codes  # check's own diagnostics as before; no spelling
        assert client.stop() == 0
        assert client.process.stderr.read() == b""
        assert not any(m.get("method") == "window/showMessage" for m in client.notifications)  # once
    finally:
        client.kill()
