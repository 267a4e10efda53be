"""The editor's endpoints of `werkvorm serve` under attack: tokens, origins, odd bodies and names,
stale versions, full disks; whatever is refused leaves every file as it was."""

import errno
import json
import os
import re
import stat
import threading

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


def client_for(folder, read_only=False):
    from starlette.testclient import TestClient

    from werkvorm_dsl.app.serve import create_app

    return TestClient(create_app(str(folder), PORT, read_only), base_url=ORIGIN, raise_server_exceptions=False)


@pytest.fixture
def client(folder):
    with client_for(folder) as opened:
        yield opened


def page_config(client, slug="sessie") -> dict:
    html = client.get(f"/werkvorm/{slug}" if slug else "/").text
    return json.loads(re.search(r'<script type="application/json" id="werkvorm-config">(.*?)</script>', html).group(1))


def save(client, config, text, version=None, **extra):
    return client.post(
        "/api/opslaan/sessie",
        headers=headers(config, **extra),
        content=json.dumps({"tekst": text, "versie": version or config["versie"]}),
    )


def files_in(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_save_with_the_page_s_token_and_version_writes_and_keeps_the_mode(client, folder):
    path = folder / "sessie.werkvorm"
    os.chmod(path, 0o604)
    config = page_config(client)
    answer = save(client, config, GOOD + "\n# nog een regel\n")
    assert answer.status_code == 200
    assert path.read_text(encoding="utf-8") == GOOD + "\n# nog een regel\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o604
    assert answer.json()["versie"] != config["versie"]
    # the new version is the one to save against next; the old one is stale now
    assert save(client, config, GOOD + "# twee\n", answer.json()["versie"]).status_code == 200
    assert save(client, config, BROKEN).status_code == 409
    assert path.read_text(encoding="utf-8") == GOOD + "# twee\n"
    assert files_in(folder) == ["sessie.werkvorm"]


@pytest.mark.parametrize("token", [None, "", "raden", "x" * 43, "ë", "\t"])
def test_a_missing_or_wrong_token_is_refused(client, folder, token):
    config = page_config(client)
    sent = headers(config)
    if token is None:
        del sent["X-Werkvorm-Token"]
    else:
        sent["X-Werkvorm-Token"] = token.encode("utf-8")
    answer = client.post(
        "/api/opslaan/sessie", headers=sent, content=json.dumps({"tekst": BROKEN, "versie": config["versie"]})
    )
    assert answer.status_code == 403
    assert answer.json()["code"] == "E540" and "ververs de pagina" in answer.json()["melding"].lower()
    assert (folder / "sessie.werkvorm").read_text(encoding="utf-8") == GOOD


@pytest.mark.parametrize(
    "extra",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": f"http://127.0.0.1:{PORT + 1}"},
        {"Origin": f"https://127.0.0.1:{PORT}"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_another_origin_is_refused_even_with_the_token(client, folder, extra):
    config = page_config(client)
    for url, body in (
        ("/api/opslaan/sessie", {"tekst": BROKEN, "versie": config["versie"]}),
        ("/api/nieuw", {"naam": "x"}),
        ("/api/controleer/sessie", {"tekst": BROKEN}),
    ):
        answer = client.post(url, headers=headers(config, **extra), content=json.dumps(body))
        assert answer.status_code == 403 and answer.json()["code"] == "E540", url
    assert client.get("/werkvorm/sessie/downloads", headers=extra).status_code == 403
    assert files_in(folder) == ["sessie.werkvorm"]
    assert (folder / "sessie.werkvorm").read_text(encoding="utf-8") == GOOD


def test_two_origin_headers_are_refused(client, folder):
    config = page_config(client)
    sent = [(k, v) for k, v in headers(config).items()] + [("Origin", "http://evil.example")]
    answer = client.post(
        "/api/opslaan/sessie", headers=sent, content=json.dumps({"tekst": BROKEN, "versie": config["versie"]})
    )
    assert answer.status_code == 403
    assert (folder / "sessie.werkvorm").read_text(encoding="utf-8") == GOOD


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        (b"tekst=x", "application/x-www-form-urlencoded", 415),
        (b'{"tekst": "x", "versie": "y"}', "text/plain", 415),
        (b"{", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b'{"versie": "y"}', "application/json", 400),
        (b'{"tekst": 5, "versie": "y"}', "application/json", 400),
        (b'{"tekst": "\\ud800", "versie": "VERSIE"}', "application/json", 400),  # half a character
        (b'{"tekst": "WERKVORM x\\u0000", "versie": "VERSIE"}', "application/json", 400),
        (b"\xff\xfe{}", "application/json", 400),
        (b"[" * 100_000, "application/json", 400),
    ],
)
def test_odd_bodies_are_refused_in_dutch(client, folder, body, content_type, status):
    config = page_config(client)
    body = body.replace(b"VERSIE", config["versie"].encode())
    answer = client.post("/api/opslaan/sessie", headers=headers(config, **{"Content-Type": content_type}), content=body)
    assert answer.status_code == status
    assert answer.json()["code"] == "E545" and answer.json()["melding"].startswith("fout[E545]")
    assert (folder / "sessie.werkvorm").read_text(encoding="utf-8") == GOOD


def test_a_body_over_the_cap_is_refused_before_it_is_read_whole(client, folder):
    from werkvorm_dsl.app.editing import MAX_EDIT_BYTES

    config = page_config(client)
    huge = json.dumps({"tekst": "a" * (3 * MAX_EDIT_BYTES + 10), "versie": config["versie"]})
    assert save(client, config, "a" * (MAX_EDIT_BYTES + 10)).status_code == 413  # the text itself is too big
    answer = client.post("/api/opslaan/sessie", headers=headers(config), content=huge)
    assert answer.status_code == 413 and answer.json()["code"] == "E544"

    def lying():  # a body that says it is small, sent in pieces without a length
        yield b'{"tekst": "'
        for _ in range(7):
            yield b"a" * MAX_EDIT_BYTES
        yield b'"}'

    answer = client.post("/api/opslaan/sessie", headers=headers(config), content=lying())
    assert answer.status_code == 413
    assert (folder / "sessie.werkvorm").read_text(encoding="utf-8") == GOOD


@pytest.mark.parametrize(
    "slug", ["..", "%2e%2e", "..%2fetc%2fpasswd", "sessie%00", "SESSIE", "sessie.werkvorm", "elders", "link", "%c3%a9"]
)
def test_only_werkvormen_inside_the_folder_can_be_written(client, folder, slug, tmp_path):
    outside = tmp_path / "elders.werkvorm"
    outside.write_text(GOOD, encoding="utf-8")
    (folder / "link.werkvorm").symlink_to(outside)
    config = page_config(client)
    answer = client.post(
        f"/api/opslaan/{slug}",
        headers=headers(config),
        content=json.dumps({"tekst": BROKEN, "versie": config["versie"]}),
    )
    assert answer.status_code == 404
    assert outside.read_text(encoding="utf-8") == GOOD
    assert (folder / "sessie.werkvorm").read_text(encoding="utf-8") == GOOD


def test_a_file_the_editor_could_not_write_back_as_it_was_is_only_shown(client, folder, tmp_path):
    config = page_config(client)
    cp1252 = folder / "windows.werkvorm"
    cp1252.write_bytes(GOOD.replace("Iedereen", "Café").encode("cp1252"))
    linked = folder / "gekoppeld.werkvorm"
    linked.write_text(GOOD, encoding="utf-8")
    os.link(linked, tmp_path / "andere-naam.werkvorm")
    locked = folder / "op-slot.werkvorm"
    locked.write_text(GOOD, encoding="utf-8")
    os.chmod(locked, 0o444)  # root could write it; the editor respects what the owner said
    for path, code in ((cp1252, "E542"), (linked, "E542"), (locked, "E543")):
        slug = path.stem
        page = client.get(f"/werkvorm/{slug}").text
        assert page_config(client, slug)["alleenLezen"] is True
        assert 'id="opslaan"' not in page
        before = path.read_bytes()
        version = client.get(f"/api/tekst/{slug}").json()["versie"]
        answer = client.post(
            f"/api/opslaan/{slug}",
            headers=headers(config),
            content=json.dumps({"tekst": "WERKVORM Anders\n", "versie": version}),
        )
        assert answer.json()["code"] == code, slug
        assert path.read_bytes() == before


def test_bom_and_windows_line_ends_stay(client, folder):
    path = folder / "sessie.werkvorm"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"))
    config = page_config(client)
    loaded = client.get("/api/tekst/sessie").json()
    assert "\r" not in loaded["tekst"] and not loaded["tekst"].startswith("\ufeff")
    assert save(client, config, loaded["tekst"] + "# einde\n", loaded["versie"]).status_code == 200
    assert path.read_bytes() == b"\xef\xbb\xbf" + (GOOD + "# einde\n").replace("\n", "\r\n").encode("utf-8")


@pytest.mark.parametrize("failing", ["write", "replace"])
def test_a_full_disk_leaves_the_file_whole_and_says_so_in_dutch(client, folder, monkeypatch, failing):
    config = page_config(client)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, failing, full)
    answer = save(client, config, BROKEN)
    monkeypatch.undo()
    assert answer.status_code == 500
    assert answer.json()["code"] == "E501" and "schijf is vol" in answer.json()["melding"]
    assert (folder / "sessie.werkvorm").read_text(encoding="utf-8") == GOOD
    assert files_in(folder) == ["sessie.werkvorm"]


def test_two_saves_from_one_version_at_once_one_wins(client, folder):
    config = page_config(client)
    answers = []

    def saving(text):
        answers.append((text, save(client, config, text).status_code))

    threads = [threading.Thread(target=saving, args=(GOOD + f"# versie {n}\n",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    won = [text for text, status in answers if status == 200]
    assert len(won) == 1 and sorted(status for _, status in answers) == [200, 409, 409, 409]
    assert (folder / "sessie.werkvorm").read_text(encoding="utf-8") == won[0]


def test_read_only_mode_refuses_every_write_but_checks(folder):
    with client_for(folder, read_only=True) as client:
        config = page_config(client)
        assert config["alleenLezen"] is True
        assert 'id="nieuw"' not in client.get("/").text
        assert save(client, config, BROKEN).json()["code"] == "E543"
        answer = client.post("/api/nieuw", headers=headers(config), content=json.dumps({"naam": "nieuw"}))
        assert answer.status_code == 403 and answer.json()["code"] == "E543"
        checked = client.post("/api/controleer/sessie", headers=headers(config), content=json.dumps({"tekst": BROKEN}))
        assert checked.status_code == 200 and checked.json()["fouten"] == 1
    assert files_in(folder) == ["sessie.werkvorm"]
    assert (folder / "sessie.werkvorm").read_text(encoding="utf-8") == GOOD


@pytest.mark.parametrize(
    "name, file_name",
    [
        ("Intervisie feedback", "intervisie-feedback.werkvorm"),
        ("../../etc/passwd", "passwd.werkvorm"),
        ("/tmp/elders", "elders.werkvorm"),
        ("a\x00b", "a-b.werkvorm"),
        ("con", "con-werkvorm.werkvorm"),
        ("\u202eevil", "evil.werkvorm"),
        ("regel\nbreuk", "regel-breuk.werkvorm"),
        ("日本語", "werkvorm.werkvorm"),
    ],
)
def test_nieuw_makes_a_file_inside_the_folder_only(client, folder, name, file_name):
    config = page_config(client, "")
    answer = client.post("/api/nieuw", headers=headers(config), content=json.dumps({"naam": name}))
    assert answer.status_code == 201, answer.json()
    assert files_in(folder) == sorted(["sessie.werkvorm", file_name])
    text = (folder / file_name).read_text(encoding="utf-8")
    assert "\u202e" not in text and "\x00" not in text and "WERKVORM " in text
    assert client.get(answer.json()["adres"]).status_code == 200
    again = client.post("/api/nieuw", headers=headers(config), content=json.dumps({"naam": name}))
    assert again.status_code == 409 and again.json()["code"] == "E506"


@pytest.mark.parametrize("name", ["", "   ", "x" * 121, "\ud800"])
def test_nieuw_refuses_names_it_cannot_use(client, folder, name):
    config = page_config(client, "")
    answer = client.post("/api/nieuw", headers=headers(config), content=json.dumps({"naam": name}))
    assert answer.status_code == 400 and answer.json()["code"] == "E545"
    assert files_in(folder) == ["sessie.werkvorm"]


def test_nieuw_never_shadows_a_werkvorm_in_a_subfolder(client, folder):
    (folder / "team").mkdir()
    (folder / "team" / "intervisie.werkvorm").write_text(GOOD, encoding="utf-8")
    config = page_config(client, "")
    answer = client.post("/api/nieuw", headers=headers(config), content=json.dumps({"naam": "intervisie"}))
    assert answer.status_code == 409
    assert files_in(folder) == ["sessie.werkvorm", "team"]


def test_a_draft_is_checked_at_the_places_the_browser_counts(client, folder):
    config = page_config(client)
    # An emoji takes two UTF-16 units in the browser: the underline must still sit on the value.
    text = BROKEN.replace("WERKVORM Iedereen", "WERKVORM 🎉 Iedereen")
    answer = client.post("/api/controleer/sessie", headers=headers(config), content=json.dumps({"tekst": text}))
    result = answer.json()
    assert answer.status_code == 200 and result["voorbeeld"] is None and result["fouten"] == 1
    (problem,) = [d for d in result["meldingen"] if d["code"] == "E201"]
    utf16 = text.encode("utf-16-le")
    assert utf16[2 * problem["van"] : 2 * problem["tot"]].decode("utf-16-le") == "een middagje"
    assert (folder / "sessie.werkvorm").read_text(encoding="utf-8") == GOOD  # checking writes nothing
    fixed = client.post("/api/controleer/sessie", headers=headers(config), content=json.dumps({"tekst": GOOD})).json()
    assert fixed["fouten"] == 0 and set(fixed["voorbeeld"]) == {"draaiboek", "deelnemers"}


def test_hostile_drafts_never_become_markup_in_the_check_s_answer(client):
    from samples import HOSTILE, INJECTED

    config = page_config(client)
    for path in HOSTILE:
        text = path.read_bytes().decode("utf-8", "replace").replace("\x00", "")
        answer = client.post("/api/controleer/sessie", headers=headers(config), content=json.dumps({"tekst": text}))
        assert answer.status_code == 200, path.name
        for html in (answer.json()["voorbeeld"] or {}).values():
            html = html.lower()
            assert not [injected for injected in INJECTED if injected in html], path.name
            hrefs = re.findall(r'href="([^"]*)"', html)
            assert all(h.startswith(("https://", "http://", "mailto:")) for h in hrefs), (path.name, hrefs)


@pytest.mark.pdf
def test_downloads_are_built_in_memory_and_refused_with_errors(client, folder):
    listing = client.get("/werkvorm/sessie/downloads")
    assert listing.status_code == 200
    names = [f["naam"] for f in listing.json()["bestanden"]]
    assert names[0].endswith(".pdf") and "draaiboek.pdf" in names and "uitnodiging.txt" in names
    pdf = client.get("/werkvorm/sessie/download/draaiboek.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf.headers["content-type"] == "application/pdf"
    assert client.get("/werkvorm/sessie/download/..%2fsessie.werkvorm").status_code == 404
    assert client.get("/werkvorm/sessie/download/geheim.pdf").status_code == 404
    assert files_in(folder) == ["sessie.werkvorm"]  # nothing was written into the folder
    (folder / "sessie.werkvorm").write_text(BROKEN, encoding="utf-8")
    refused = client.get("/werkvorm/sessie/downloads")
    assert refused.status_code == 409 and refused.json()["code"] == "E547"


def test_every_answer_keeps_other_sites_and_scripts_out(client):
    for address in ("/", "/werkvorm/sessie", "/werkvorm/sessie/draaiboek.html", "/api/tekst/sessie"):
        answer = client.get(address)
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["cross-origin-resource-policy"] == "same-origin"
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "script-src 'none'" in client.get("/werkvorm/sessie/draaiboek.html").headers["content-security-policy"]
    assert client.post("/api/opslaan/sessie", headers={"Host": "evil.example"}).status_code == 400


def test_a_file_that_vanishes_mid_request_gives_dutch_not_a_traceback(client, folder, monkeypatch):
    import werkvorm_dsl.app.editing as editing

    config = page_config(client)

    def gone(path, *args):  # the file went between reading it and looking at its mode
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)

    monkeypatch.setattr(editing, "_editable", gone)
    answer = save(client, config, BROKEN)
    monkeypatch.undo()
    assert answer.status_code == 500 and answer.json()["code"] == "E509"
    assert "bestaat niet" in answer.json()["melding"]
    assert (folder / "sessie.werkvorm").read_text(encoding="utf-8") == GOOD
