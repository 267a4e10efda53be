"""The house style form of `werkvorm serve` through its endpoints: the page, a draft's preview, a logo upload and
the save; token, origin, size and read-only refused as for every write; nothing ever outside the folder."""

from __future__ import annotations

import json
import os
import re
import tomllib

import pytest
from test_editor_api import client_for, files_in

from logos import png, svg
from samples import GOOD
from serving import headers
from werkvorm_dsl.app.house_style_editing import DEFAULT_COLOURS
from werkvorm_dsl.output.house_style import MOST_BYTES

HOSTILE_LOGO = svg(
    '<script>alert(1)</script><use href="http://evil.example/x#y"/>', root='viewBox="0 0 200 100" onload="x()"'
)


@pytest.fixture
def folder(tmp_path):
    served = tmp_path / "werkvormen"
    served.mkdir()
    (served / "sessie.werkvorm").write_text(GOOD, encoding="utf-8")
    return served


@pytest.fixture
def client(folder):
    with client_for(folder) as opened:
        yield opened


def config_of(client) -> dict:
    html = client.get("/huisstijl").text
    return json.loads(re.search(r'<script type="application/json" id="werkvorm-config">(.*?)</script>', html).group(1))


def draft(**values) -> dict:
    return {"organisatie": "", "lettertype": "", "koppen": "", "tekst": "", "logo": "", **values}


def upload(client, config, content: bytes, **extra):
    sent = {**headers(config), "Content-Type": "application/octet-stream", **extra}
    return client.post("/api/huisstijl/logo", headers=sent, content=content)


def save(client, config, version=None, **values):
    body = {**draft(**values), "versie": config["versie"] if version is None else version}
    return client.post("/api/huisstijl/opslaan", headers=headers(config), content=json.dumps(body))


def test_the_page_shows_the_form_with_the_folder_s_current_style(client, folder):
    (folder / "huisstijl.toml").write_text(
        'organisatie = "Gemeente Zee"\nlettertype = "Verdwenen Font"\n[kleuren]\nkoppen = "#6b1f5c"\n', encoding="utf-8"
    )
    page = client.get("/huisstijl")
    assert page.status_code == 200 and "script-src 'self'" in page.headers["content-security-policy"]
    html = page.text
    assert 'value="Gemeente Zee"' in html and 'value="#6b1f5c"' in html
    assert "Verdwenen Font (staat niet op deze computer)" in html  # the file's font, marked as missing here
    assert "Het lettertype Verdwenen Font staat niet op deze computer" in html
    assert "Gemeente Zee" in html.split('srcdoc="', 1)[1]  # the preview is in the house style already
    config = config_of(client)
    assert config["pagina"] == "huisstijl" and config["versie"] and config["standaardKleuren"] == DEFAULT_COLOURS
    assert '<a href="/huisstijl">' in client.get("/").text  # reached from the writing place


def test_the_default_colours_are_those_of_the_style_sheet():
    from werkvorm_dsl.output.render import render

    css = render("screen.css")  # its colours come from the default palette (palette.py)
    assert f"--accent: {DEFAULT_COLOURS['koppen']};" in css and f"--ink: {DEFAULT_COLOURS['tekst']};" in css


def test_a_draft_is_previewed_with_what_passes_and_each_problem_at_its_field(client, folder):
    config = config_of(client)
    answer = client.post(
        "/api/huisstijl/voorbeeld",
        headers=headers(config),
        content=json.dumps(
            draft(organisatie="Gemeente Proef", koppen="#eeeeee", tekst="#202020", lettertype="Bad;Font")
        ),
    )
    assert answer.status_code == 200
    body = answer.json()
    assert {problem["veld"] for problem in body["meldingen"]} == {"koppen", "lettertype"}
    colour = next(p for p in body["meldingen"] if p["veld"] == "koppen")
    assert colour["code"] == "E604" and "1,1 op 1" in colour["melding"] and "4,5 op 1" in colour["melding"]
    assert "Gemeente Proef" in body["voorbeeld"] and "--ink: #202020" in body["voorbeeld"]
    assert "#eeeeee" not in body["voorbeeld"]
    assert files_in(folder) == ["sessie.werkvorm"]  # a draft writes nothing


def test_an_svg_upload_is_cleaned_shown_in_the_preview_and_saved_beside_the_file(client, folder):
    config = config_of(client)
    answer = upload(client, config, HOSTILE_LOGO)
    assert answer.status_code == 201
    logo = answer.json()
    assert logo["soort"] == "svg" and logo["adres"].startswith("data:image/svg+xml;base64,")
    assert "een script" in logo["melding"] and "schoongemaakt" in logo["melding"]
    assert files_in(folder) == ["sessie.werkvorm"]  # not written before the save
    shown = client.post(
        "/api/huisstijl/voorbeeld", headers=headers(config), content=json.dumps(draft(logo=logo["logo"]))
    )
    assert logo["adres"] in shown.json()["voorbeeld"]

    saved = save(client, config, organisatie="Gemeente Proef", koppen="#1d4f91", logo=logo["logo"])
    assert saved.status_code == 200, saved.text
    assert files_in(folder) == ["huisstijl-logo.svg", "huisstijl.toml", "sessie.werkvorm"]
    written = (folder / "huisstijl-logo.svg").read_bytes()
    assert b"script" not in written and b"onload" not in written and b"evil.example" not in written
    assert tomllib.loads((folder / "huisstijl.toml").read_text(encoding="utf-8")) == {
        "organisatie": "Gemeente Proef",
        "logo": "huisstijl-logo.svg",
        "kleuren": {"koppen": "#1d4f91"},
    }
    # the writing place's preview now has the house style too, as `werkvorm build` would
    check = client.post("/api/controleer/sessie", headers=headers(config), content=json.dumps({"tekst": GOOD}))
    assert "Gemeente Proef" in check.json()["voorbeeld"]["deelnemers"]
    assert "data:image/svg+xml;base64," in check.json()["voorbeeld"]["deelnemers"]
    page = client.get("/huisstijl").text
    assert "Nu: huisstijl-logo.svg" in page and config_of(client)["logo"] == "huidig"


@pytest.mark.parametrize(
    "content,code",
    [
        (png(12_000, 12_000, bit_depth=1), "E603"),
        (b"GIF89a" + bytes(100), "E603"),
        (svg("", before='<!DOCTYPE svg [<!ENTITY a "b">]>'), "E603"),
        (b"\x89PNG\r\n\x1a\n" + bytes(MOST_BYTES), "E544"),
    ],
)
def test_an_unusable_logo_is_refused_in_dutch_and_nothing_is_kept(client, folder, content, code):
    answer = upload(client, config_of(client), content)
    assert answer.status_code in (413, 422) and answer.json()["code"] == code
    assert "data:" not in answer.text and len(answer.text) < 1000
    assert files_in(folder) == ["sessie.werkvorm"]


def test_an_upload_that_lies_about_its_length_is_cut_off(client, folder):
    config = config_of(client)

    def chunks():
        yield b"\x89PNG\r\n\x1a\n"
        for _ in range(40):
            yield bytes(100_000)

    answer = client.post(
        "/api/huisstijl/logo",
        headers={**headers(config), "Content-Type": "application/octet-stream", "Content-Length": "100"},
        content=chunks(),
    )
    assert answer.status_code == 413


@pytest.mark.parametrize(
    "route,body",
    [
        ("/api/huisstijl/logo", HOSTILE_LOGO),
        ("/api/huisstijl/opslaan", json.dumps({**draft(organisatie="X"), "versie": ""})),
    ],
)
@pytest.mark.parametrize(
    "change",
    [
        {"X-Werkvorm-Token": "raden"},
        {"X-Werkvorm-Token": ""},
        {"Origin": "http://evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_a_write_without_the_page_s_token_or_from_elsewhere_is_refused(client, folder, route, body, change):
    config = config_of(client)
    kind = "application/octet-stream" if route.endswith("logo") else "application/json"
    answer = client.post(route, headers={**headers(config), "Content-Type": kind, **change}, content=body)
    assert answer.status_code == 403 and answer.json()["code"] == "E540"
    assert files_in(folder) == ["sessie.werkvorm"]


def test_read_only_serve_shows_the_form_and_writes_nothing(folder):
    with client_for(folder, read_only=True) as client:
        config = config_of(client)
        assert config["alleenLezen"] is True
        assert upload(client, config, HOSTILE_LOGO).json()["code"] == "E543"
        assert save(client, config, organisatie="X").json()["code"] == "E543"
        preview = client.post("/api/huisstijl/voorbeeld", headers=headers(config), content=json.dumps(draft()))
        assert preview.status_code == 200
    assert files_in(folder) == ["sessie.werkvorm"]


def test_a_save_against_a_changed_file_overwrites_nothing(client, folder):
    config = config_of(client)
    (folder / "huisstijl.toml").write_text('organisatie = "Van een ander"\n', encoding="utf-8")
    answer = save(client, config, organisatie="Van mij")
    assert answer.status_code == 409 and answer.json()["code"] == "E541"
    assert (folder / "huisstijl.toml").read_text(encoding="utf-8") == 'organisatie = "Van een ander"\n'


def test_a_bad_field_saves_nothing_and_says_which(client, folder):
    (folder / "huisstijl.toml").write_text('organisatie = "A"\n', encoding="utf-8")
    config = config_of(client)
    answer = save(client, config, organisatie="B", tekst="#cccccc")
    assert answer.status_code == 422
    assert [p["veld"] for p in answer.json()["meldingen"]] == ["tekst"] and answer.json()["code"] == "E604"
    assert (folder / "huisstijl.toml").read_text(encoding="utf-8") == 'organisatie = "A"\n'


def test_the_save_keeps_the_word_template_and_comments_and_the_file_s_mode(client, folder):
    (folder / "huisstijl.toml").write_text(
        '# van communicatie\norganisatie = "A"\nword-sjabloon = "weg.dotx"\n', encoding="utf-8"
    )
    os.chmod(folder / "huisstijl.toml", 0o640)
    config = config_of(client)
    answer = save(client, config, organisatie="B", logo="")
    assert answer.status_code == 200
    text = (folder / "huisstijl.toml").read_text(encoding="utf-8")
    assert text == '# van communicatie\norganisatie = "B"\nword-sjabloon = "weg.dotx"\n'
    assert os.stat(folder / "huisstijl.toml").st_mode & 0o777 == 0o640
    # the template named is not there: the form saved what it sets, and says what still stops a build
    assert [p["code"] for p in answer.json()["meldingen"]] == ["E603"]


def test_a_house_style_file_that_links_out_of_the_folder_is_never_read_or_written(client, folder, tmp_path):
    outside = tmp_path / "elders.toml"
    outside.write_text('organisatie = "Geheim"\n', encoding="utf-8")
    (folder / "huisstijl.toml").symlink_to(outside)
    page = client.get("/huisstijl").text
    assert "Geheim" not in page and "buiten de map" in page
    config = config_of(client)
    assert config["alleenLezen"] is True
    answer = save(client, config, version="", organisatie="Overschreven")
    assert answer.status_code == 409 and answer.json()["code"] == "E601"
    assert outside.read_text(encoding="utf-8") == 'organisatie = "Geheim"\n'


def test_a_logo_name_that_links_out_of_the_folder_is_replaced_never_followed(client, folder, tmp_path):
    outside = tmp_path / "slachtoffer.svg"
    outside.write_bytes(b"niet aankomen")
    (folder / "huisstijl-logo.svg").symlink_to(outside)
    config = config_of(client)
    logo = upload(client, config, HOSTILE_LOGO).json()["logo"]
    assert save(client, config, logo=logo).status_code == 200
    assert outside.read_bytes() == b"niet aankomen"
    assert not (folder / "huisstijl-logo.svg").is_symlink()


def test_a_hard_linked_house_style_file_is_not_changed(client, folder, tmp_path):
    (folder / "huisstijl.toml").write_text('organisatie = "A"\n', encoding="utf-8")
    os.link(folder / "huisstijl.toml", tmp_path / "tweede-naam.toml")
    config = config_of(client)
    answer = save(client, config, organisatie="B")
    assert answer.status_code == 409 and answer.json()["code"] == "E542"
    assert (tmp_path / "tweede-naam.toml").read_text(encoding="utf-8") == 'organisatie = "A"\n'


def test_an_upload_id_from_elsewhere_is_no_path(client, folder):
    config = config_of(client)
    for given in ("../../etc/passwd", "/etc/passwd", "upload-bestaatniet"):
        answer = save(client, config, logo=given)
        assert answer.status_code == 409 and answer.json()["code"] == "E545"
    assert files_in(folder) == ["sessie.werkvorm"]


@pytest.mark.parametrize("body", ["[]", '{"organisatie": 3}', '{"organisatie": "' + "x" * 500 + '"}'])
def test_a_draft_that_is_not_the_form_s_is_refused(client, body):
    answer = client.post("/api/huisstijl/voorbeeld", headers=headers(config_of(client)), content=body)
    assert answer.status_code == 400 and answer.json()["code"] == "E545"
