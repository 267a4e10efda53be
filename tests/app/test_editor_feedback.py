"""Instant feedback in serve (issue 21, item 10), on the server's side: a draft is checked and previewed
once by its content, only the previews asked for are built, and a draft overtaken by a newer one from
the same page is not checked at all, so a typing storm never queues up work."""

import json
import re
import threading
import time

import pytest

from samples import GOOD
from serving import ORIGIN, PORT, headers

BROKEN = GOOD.replace("duur: anderhalf uur", "duur: een middagje")


@pytest.fixture
def folder(tmp_path):
    served = tmp_path / "werkvormen"
    served.mkdir()
    (served / "sessie.werkvorm").write_text(GOOD, encoding="utf-8")
    return served


@pytest.fixture
def counted(monkeypatch):
    """How often a text was checked and which previews were built, as serve's editing module does them."""
    from werkvorm_dsl.app import editing

    made = {"checks": [], "previews": []}
    check_source, preview_pages = editing.check_source, editing._preview_pages

    def checking(source):
        made["checks"].append(source.text)
        return check_source(source)

    def building(checked, style, names):
        made["previews"].append(names)
        return preview_pages(checked, style, names)

    monkeypatch.setattr(editing, "check_source", checking)
    monkeypatch.setattr(editing, "_preview_pages", building)
    return made


def typed(keys: int) -> str:
    """GOOD with `keys` letters more in its title: every draft a new text, as when typing."""
    return GOOD.replace("\n", "".join(chr(97 + key % 26) for key in range(keys)) + "\n", 1)


def test_a_text_checked_before_is_not_checked_or_previewed_again(folder, counted):
    from werkvorm_dsl.app.editing import DraftCache, check_draft

    path, drafts = str(folder / "sessie.werkvorm"), DraftCache()
    first = check_draft(path, typed(1), root=str(folder), drafts=drafts)
    check_draft(path, typed(2), root=str(folder), drafts=drafts)
    again = check_draft(path, typed(1), root=str(folder), drafts=drafts)  # a letter typed and taken back
    assert counted["checks"] == [typed(1), typed(2)]
    assert counted["previews"] == [("draaiboek", "deelnemers")] * 2
    assert again == first and "a</title>" in first["voorbeeld"]["draaiboek"]


def test_only_the_previews_asked_for_are_built_and_one_asked_later_alone(folder, counted):
    from werkvorm_dsl.app.editing import DraftCache, check_draft

    path, drafts = str(folder / "sessie.werkvorm"), DraftCache()
    none = check_draft(path, typed(1), root=str(folder), wanted=(), drafts=drafts)
    one = check_draft(path, typed(1), root=str(folder), wanted=("draaiboek",), drafts=drafts)
    both = check_draft(path, typed(1), root=str(folder), drafts=drafts)  # the hand-out scrolled into view
    assert none["voorbeeld"] == {} and none["meldingen"] == one["meldingen"] == both["meldingen"]
    assert set(one["voorbeeld"]) == {"draaiboek"} and set(both["voorbeeld"]) == {"draaiboek", "deelnemers"}
    assert one["voorbeeld"]["draaiboek"] == both["voorbeeld"]["draaiboek"]
    assert counted["checks"] == [typed(1)]
    assert counted["previews"] == [("draaiboek",), ("deelnemers",)]


def test_a_draft_with_errors_has_no_preview_whatever_is_asked(folder, counted):
    from werkvorm_dsl.app.editing import DraftCache, check_draft

    answer = check_draft(str(folder / "sessie.werkvorm"), BROKEN, root=str(folder), drafts=DraftCache())
    assert answer["voorbeeld"] is None and answer["fouten"] == 1 and counted["previews"] == []


def test_a_changed_house_style_makes_the_preview_anew(folder, counted):
    from werkvorm_dsl.app.editing import DraftCache, check_draft

    path, drafts = str(folder / "sessie.werkvorm"), DraftCache()
    plain = check_draft(path, GOOD, root=str(folder), drafts=drafts)["voorbeeld"]["deelnemers"]
    (folder / "huisstijl.toml").write_text('organisatie = "Gemeente Proef"\n', encoding="utf-8")
    styled = check_draft(path, GOOD, root=str(folder), drafts=drafts)["voorbeeld"]["deelnemers"]
    assert "Gemeente Proef" not in plain and "Gemeente Proef" in styled
    assert counted["checks"] == [GOOD] and len(counted["previews"]) == 2


def test_a_preview_is_made_anew_when_the_file_was_saved_since(folder, counted):
    """The documents say 'versie van' the day the file was saved: a save makes the preview anew."""
    import os

    from werkvorm_dsl.app.editing import DraftCache, check_draft

    path, drafts = folder / "sessie.werkvorm", DraftCache()
    os.utime(path, (1767225600, 1767225600))  # 1 January 2026
    before = check_draft(str(path), GOOD, root=str(folder), drafts=drafts)["voorbeeld"]["draaiboek"]
    os.utime(path, (1767225600 + 40 * 86400, 1767225600 + 40 * 86400))  # saved again 40 days later
    after = check_draft(str(path), GOOD, root=str(folder), drafts=drafts)["voorbeeld"]["draaiboek"]
    assert "1 januari 2026" in before and "10 februari 2026" in after
    assert counted["checks"] == [GOOD] and len(counted["previews"]) == 2


@pytest.mark.parametrize(("kept", "kept_chars"), [(3, 10**9), (10**6, 3 * len(typed(1)))])
def test_the_cache_keeps_a_bounded_number_of_drafts_and_characters(folder, counted, kept, kept_chars):
    from werkvorm_dsl.app.editing import DraftCache, check_draft

    path, drafts = str(folder / "sessie.werkvorm"), DraftCache(kept=kept, kept_chars=kept_chars)
    for keys in range(1, 20):
        check_draft(path, typed(keys), root=str(folder), wanted=(), drafts=drafts)
    assert len(drafts.entries) <= 3 and drafts.chars <= 3 * len(typed(19))
    assert drafts.chars == sum(size for size, _ in drafts.entries.values())
    check_draft(path, typed(1), root=str(folder), wanted=(), drafts=drafts)  # let go long ago: checked anew
    assert counted["checks"].count(typed(1)) == 2


# --- the endpoint: only the newest draft of a page is checked ------------------------------------


def config_of(client) -> dict:
    html = client.get("/werkvorm/sessie").text
    return json.loads(re.search(r'id="werkvorm-config">(.*?)</script>', html).group(1))


def draft(text: str, **fields) -> str:
    return json.dumps({"tekst": text, **fields})


@pytest.fixture
def client(folder):
    from starlette.testclient import TestClient

    from werkvorm_dsl.app.serve import create_app

    with TestClient(create_app(str(folder), PORT), base_url=ORIGIN, raise_server_exceptions=True) as opened:
        yield opened


def test_the_editor_s_own_request_gets_the_previews_in_view(client):
    config = config_of(client)
    asked = {"pagina": "p1", "volgnummer": 1, "voorbeelden": ["deelnemers"]}
    answer = client.post("/api/controleer/sessie", headers=headers(config), content=draft(typed(1), **asked))
    assert answer.status_code == 200 and set(answer.json()["voorbeeld"]) == {"deelnemers"}
    assert answer.headers["cache-control"] == "no-store"


def test_after_the_diagnostics_the_editor_asks_for_the_previews_alone(client, counted):
    """The diagnostics come without a preview built; the previews then come from the same check."""
    config = config_of(client)  # the page itself is built with its previews
    checked_before, built_before = len(counted["checks"]), len(counted["previews"])

    def ask(kind: str, number: int, previews: list[str]) -> dict:
        body = draft(typed(1), pagina="p1", volgnummer=number, voorbeelden=previews)
        return client.post(f"/api/{kind}/sessie", headers=headers(config), content=body).json()

    diagnostics = ask("controleer", 1, [])
    assert diagnostics["voorbeeld"] == {} and diagnostics["fouten"] == 0
    assert counted["previews"][built_before:] == []
    previews = ask("voorbeeld", 2, ["draaiboek"])
    assert set(previews) == {"voorbeeld", "notitie"} and set(previews["voorbeeld"]) == {"draaiboek"}
    assert "a</title>" in previews["voorbeeld"]["draaiboek"]
    assert counted["checks"][checked_before:] == [typed(1)] and counted["previews"][built_before:] == [("draaiboek",)]
    assert ask("voorbeeld", 2, ["deelnemers"]) == {"verouderd": True}  # the same number twice: overtaken


def test_a_draft_with_errors_gets_no_preview_from_the_preview_endpoint(client):
    config = config_of(client)
    body = draft(BROKEN, pagina="p1", volgnummer=1, voorbeelden=["draaiboek", "deelnemers"])
    answer = client.post("/api/voorbeeld/sessie", headers=headers(config), content=body)
    assert answer.status_code == 200 and answer.json() == {"voorbeeld": None, "notitie": ""}


def test_the_preview_endpoint_is_refused_to_another_website_and_without_the_token(client):
    config = config_of(client)
    body = draft(typed(1), voorbeelden=["draaiboek"])
    elsewhere = client.post(
        "/api/voorbeeld/sessie", headers=headers(config, Origin="https://elders.example"), content=body
    )
    tokenless = client.post(
        "/api/voorbeeld/sessie", headers={**headers(config), "X-Werkvorm-Token": "raden"}, content=body
    )
    assert elsewhere.status_code == tokenless.status_code == 403
    assert elsewhere.json()["code"] == tokenless.json()["code"] == "E540"


# Each field the editor adds, with values it never sends: every one refused in Dutch (E545), none checked.
ODD_FIELDS = [
    {"voorbeelden": "draaiboek"},
    {"voorbeelden": ["draaiboek", "kaarten"]},
    {"voorbeelden": [None]},
    {"voorbeelden": {"draaiboek": True}},
    {"pagina": "p1"},
    {"volgnummer": 1},
    {"pagina": "", "volgnummer": 1},
    {"pagina": "p" * 65, "volgnummer": 1},
    {"pagina": 7, "volgnummer": 1},
    {"pagina": "p1", "volgnummer": -1},
    {"pagina": "p1", "volgnummer": 1.5},
    {"pagina": "p1", "volgnummer": True},
    {"pagina": "p1", "volgnummer": "1"},
]


@pytest.mark.parametrize("kind", ["controleer", "voorbeeld"])
@pytest.mark.parametrize("fields", ODD_FIELDS, ids=[json.dumps(fields) for fields in ODD_FIELDS])
def test_odd_fields_are_refused_in_dutch(client, counted, fields, kind):
    config = config_of(client)
    checked_before = len(counted["checks"])
    answer = client.post(f"/api/{kind}/sessie", headers=headers(config), content=draft(typed(1), **fields))
    assert answer.status_code == 400 and answer.json()["code"] == "E545"
    assert "verzoek" in answer.json()["zin"] and len(counted["checks"]) == checked_before


def test_a_draft_older_than_one_already_seen_is_not_checked(client, counted):
    config = config_of(client)
    checked_before = len(counted["checks"])

    def send(number: int, page: str = "p1"):
        body = draft(typed(number), pagina=page, volgnummer=number)
        return client.post("/api/controleer/sessie", headers=headers(config), content=body).json()

    assert "meldingen" in send(5)
    assert send(4) == {"verouderd": True} and send(5) == {"verouderd": True}  # overtaken, or sent twice
    assert "meldingen" in send(1, page="p2")  # another page counts its own drafts
    assert counted["checks"][checked_before:] == [typed(5), typed(1)]


def test_a_storm_of_drafts_from_one_page_is_checked_at_most_twice(client, monkeypatch):
    """Twenty drafts arrive while the first is still being checked: only the first and the newest
    are checked; every other one is answered 'verouderd' at once, without waiting for its turn."""
    from concurrent.futures import ThreadPoolExecutor

    from werkvorm_dsl.app import editing

    config = config_of(client)
    checked, first_started, go_on = [], threading.Event(), threading.Event()
    check_draft = editing.check_draft

    def slow_check(path, text, *rest):
        checked.append(text)
        first_started.set()
        assert go_on.wait(20)  # the first check lasts until every draft has come in
        return check_draft(path, text, *rest)

    monkeypatch.setattr(editing, "check_draft", slow_check)

    def send(number: int) -> dict:
        body = draft(typed(number), pagina="p1", volgnummer=number)
        return client.post("/api/controleer/sessie", headers=headers(config), content=body).json()

    with ThreadPoolExecutor(max_workers=21) as pool:
        first = pool.submit(send, 1)
        assert first_started.wait(20)
        rest = [pool.submit(send, number) for number in range(2, 21)]
        overtaken = [future.result(timeout=20) for future in rest[:-1]]  # while the first still runs
        newest = rest[-1]
        time.sleep(0.2)
        assert not newest.done()  # the newest waits for the check before it, not in a queue
        go_on.set()
        answers = [first.result(timeout=20), *overtaken, newest.result(timeout=20)]
    assert checked == [typed(1), typed(20)]
    assert "meldingen" in answers[0] and "meldingen" in answers[-1]
    assert answers[1:-1] == [{"verouderd": True}] * 18
