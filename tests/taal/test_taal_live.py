"""werkvorm taal while the author types: serve's check of a draft and the parts it is made of (taal_live.py)."""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import threading

import pytest

from serving import headers, serve_client, until
from werkvorm_dsl.language.source import decode
from werkvorm_dsl.pipeline import check_source
from werkvorm_dsl.system.files import FileFault
from werkvorm_dsl.taal import check as taal
from werkvorm_dsl.taal.live import LOADING_NOTE, Availability, LiveTaal, Suggester

DEADLINE = 30  # seconds; the machine running the tests may be busy
HEADER = "WERKVORM Taal\nduur: 10 min\n\nSESSIE\n"
TYPO = HEADER + "stap Vraag de medewekers om hun verhaal.\n    duur: 10 min\n"
LONG = (
    "stap Dit is een heel lange zin met veel te veel woorden erin die maar doorgaat en doorgaat "
    "zonder dat er ooit een punt lijkt te komen voor de lezer.\n    duur: 10 min\n"
)


def checked(text: str):
    return check_source(decode(text.encode("utf-8"), "x.werkvorm"))


class SlowDictionary:
    """A suggestion dictionary that answers only when the test lets it, and says what it was asked."""

    def __init__(self):
        self.asked: list[str] = []
        self.answered = 0
        self.go = threading.Event()

    def suggest(self, word: str) -> list[str]:
        self.asked.append(word)
        assert self.go.wait(DEADLINE), "the test never let the dictionary answer"
        self.answered += 1
        return [f"{word}-goed"]


def ready_live(dictionary: SlowDictionary) -> LiveTaal:
    live = LiveTaal(suggester=Suggester(load=lambda: dictionary))
    live.start()
    until(lambda: live.availability is Availability.READY)
    return live


def test_a_typo_storm_never_makes_a_check_wait_for_suggestions():
    # 300 different unknown words; each suggestion here waits until the test allows it, so a check
    # that waited for even one of them would not come back before the dictionary is let go.
    dictionary = SlowDictionary()
    live = ready_live(dictionary)
    words = " ".join(f"qq{chr(97 + i // 26)}{chr(97 + i % 26)}zz" for i in range(300))
    draft = checked(HEADER + f"stap {words}.\n    duur: 10 min\n")
    result = live.check(draft.werkvorm, draft.lines, "x.werkvorm", document="storm")
    typos = [d for d in result.diagnostics if d.code == "T101"]
    assert len(typos) == 300 and dictionary.answered == 0
    assert result.waiting == taal.MAX_SUGGESTED_WORDS  # as `werkvorm taal`: the first 20 get suggestions
    assert not any("bedoelt u" in d.message for d in typos)
    dictionary.go.set()
    until(lambda: live.suggester.cached("qqatzz") is not None)
    again = live.check(draft.werkvorm, draft.lines, "x.werkvorm", document="storm")
    assert again.waiting == 0
    suggested = [d for d in again.diagnostics if "bedoelt u" in d.message]
    assert len(suggested) == taal.MAX_SUGGESTED_WORDS and '"qqaazz-goed"' in suggested[0].message
    assert len(dictionary.asked) == taal.MAX_SUGGESTED_WORDS  # each word looked up once


def test_words_of_a_version_typed_past_are_not_looked_up():
    dictionary = SlowDictionary()
    suggester = Suggester(load=lambda: dictionary)
    suggester.want("doc", ["medew", "medewe", "medewek"])
    until(lambda: dictionary.asked)  # the first is being looked up; the other two wait
    suggester.want("doc", ["medewekers"])  # the author typed on: that version's words replace them
    dictionary.go.set()
    until(lambda: suggester.cached("medewekers") is not None)
    assert dictionary.asked == ["medew", "medewekers"]


def test_real_suggestions_arrive_on_a_later_check():
    live = LiveTaal()
    draft = checked(TYPO)
    until(lambda: live.check(draft.werkvorm, draft.lines, "x.werkvorm", "echt").availability is Availability.READY)
    message = until(
        lambda: next(
            (
                d.message
                for d in live.check(draft.werkvorm, draft.lines, "x.werkvorm", "echt").diagnostics
                if d.code == "T101" and "bedoelt u" in d.message
            ),
            None,
        )
    )
    assert '"medewerkers"' in message


def test_while_the_dictionary_loads_a_check_gives_nothing_and_does_not_wait():
    release = threading.Event()
    loaded = taal.speller()

    def slow_load():
        assert release.wait(DEADLINE)
        return loaded

    live = LiveTaal(load=slow_load)
    draft = checked(TYPO)
    result = live.check(draft.werkvorm, draft.lines, "x.werkvorm", "laden")
    assert result.availability is Availability.LOADING and result.diagnostics == [] and result.note == LOADING_NOTE
    release.set()
    until(lambda: live.availability is Availability.READY)
    assert any(d.code == "T101" for d in live.check(draft.werkvorm, draft.lines, "x.werkvorm", "laden").diagnostics)


def no_dictionary():
    raise FileFault(
        "Het Nederlandse woordenboek (OpenTaal, voor Hunspell) is niet geïnstalleerd.",
        "T100",
        "werkvorm taal",
        "Draai 'make' opnieuw.",
    )


def test_without_a_dictionary_spelling_is_off_and_the_b1_signals_stay():
    live = LiveTaal(load=no_dictionary)
    draft = checked(HEADER + "stap Vraag de medewekers om hun verhaal.\n    duur: 5 min\n" + LONG)
    live.start()
    until(lambda: live.availability is Availability.OFF)
    result = live.check(draft.werkvorm, draft.lines, "x.werkvorm", "uit")
    assert "spellingcontrole staat uit" in result.note and "niet geïnstalleerd" in result.note
    codes = {d.code for d in result.diagnostics}
    assert "T201" in codes and "T101" not in codes


def test_a_changed_word_list_is_read_again(tmp_path):
    # serve and lsp run for hours: a word the author adds to the list counts from the next check on.
    (tmp_path / ".git").mkdir()
    path = tmp_path / "x.werkvorm"
    listed = tmp_path / taal.WORD_LIST_NAME
    listed.write_text("Jansen\n", encoding="utf-8")
    assert taal.author_words(str(path)).has("Jansen")
    listed.write_text("Jansen\nmedewekers\n", encoding="utf-8")
    os.utime(listed, ns=(1, 1))  # another version even on a file system with coarse times
    assert taal.author_words(str(path)).has("medewekers")
    listed.unlink()
    assert not taal.author_words(str(path)).has("Jansen")


def test_a_broken_enchant_library_path_is_t100_and_no_traceback(tmp_path):
    path = tmp_path / "x.werkvorm"
    path.write_text(TYPO, encoding="utf-8")
    env = {**os.environ, "PYENCHANT_LIBRARY_PATH": str(tmp_path / "bestaat-niet.so")}
    done = subprocess.run(
        [sys.executable, "-m", "werkvorm_dsl", "taal", str(path)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 2 and "T100" in done.stderr and "Traceback" not in done.stderr


# --- in werkvorm serve ---------------------------------------------------------------------------


def page_config(client, slug: str) -> dict:
    page = client.get(f"/werkvorm/{slug}")
    assert page.status_code == 200
    return json.loads(re.search(r'id="werkvorm-config">(.*?)</script>', page.text, re.S).group(1))


def check_draft(client, config, text: str) -> dict:
    answer = client.post(
        f"/api/controleer/{config['slug']}", headers=headers(config), content=json.dumps({"tekst": text})
    )
    assert answer.status_code == 200
    return answer.json()


def test_serve_underlines_a_typo_where_it_stands_and_suggests_the_word(tmp_path):
    (tmp_path / "taal.werkvorm").write_text(HEADER + "stap Welkom\n    duur: 10 min\n", encoding="utf-8")
    client = serve_client(tmp_path)
    config = page_config(client, "taal")
    # Astral characters before the word, on an earlier line and on its own: the browser counts each as two units.
    draft = TYPO.replace("Taal", "Taal 😀").replace("Vraag", "Vraag 😀")
    answer = until(lambda: (found := check_draft(client, config, draft))["taal"]["bezig"] == 0 and found)
    taal_part = answer["taal"]
    assert taal_part["stand"] == "klaar" and "meldingen" in answer  # check's own part is there as before
    typo = next(m for m in taal_part["meldingen"] if m["code"] == "T101")
    start = draft.index("medewekers") + 2
    assert (typo["van"], typo["tot"]) == (start, start + len("medewekers"))
    assert '"medewerkers"' in typo["melding"] and typo["ernst"] == "fout"
    assert "medewekers" in taal_part["rapport"] and "1 woord niet in het woordenboek" in taal_part["samenvatting"]


def test_serve_without_a_dictionary_works_as_before_and_says_so_once(tmp_path, capfd):
    text = TYPO.replace("duur: 10 min\n\n", "duur: 20 min\n\n", 1) + LONG
    (tmp_path / "taal.werkvorm").write_text(text, encoding="utf-8")
    with serve_client(tmp_path, functools.partial(LiveTaal, load=no_dictionary)) as client:
        config = page_config(client, "taal")
        first = until(lambda: (found := check_draft(client, config, text))["taal"]["stand"] == "uit" and found)
        second = check_draft(client, config, text)
    for answer in (first, second):
        assert answer["voorbeeld"] and "draaiboek" in answer["voorbeeld"]  # the preview as before
        assert "spellingcontrole staat uit" in answer["taal"]["uitleg"]
        assert {m["code"] for m in answer["taal"]["meldingen"]} == {"T201"}
        assert answer["taal"]["bezig"] == 0  # nothing to wait for: the page does not ask again
    told = capfd.readouterr().err
    assert told.count("spellingcontrole staat uit") == 1 and "Traceback" not in told


def test_serve_page_has_a_place_for_taal_under_the_preview(tmp_path):
    (tmp_path / "taal.werkvorm").write_text(TYPO, encoding="utf-8")
    page = serve_client(tmp_path).get("/werkvorm/taal").text
    assert page.index('id="kop-voorbeeld"') < page.index('id="kop-taal"') < page.index('id="taal-meldingen"')
    assert "cm-taal-spelling" in page


@pytest.mark.parametrize("text", ["", "WERKVORM\n", "\x00" * 10, HEADER + "stap " + "ä\u0308\u200d" * 5000 + "\n"])
def test_serve_taal_survives_odd_drafts(tmp_path, text):
    (tmp_path / "taal.werkvorm").write_text(TYPO, encoding="utf-8")
    client = serve_client(tmp_path)
    config = page_config(client, "taal")
    answer = client.post("/api/controleer/taal", headers=headers(config), content=json.dumps({"tekst": text}))
    assert answer.status_code in (200, 400)
    if answer.status_code == 200:
        for found in answer.json()["taal"]["meldingen"]:
            assert 0 <= found["van"] <= found["tot"] <= len(text.encode("utf-16-le")) // 2
