"""serve and variants (issue 24): the page offers each variant for the downloads, and a variant's
downloads are the files `werkvorm build` writes into that variant's folder."""

from __future__ import annotations

import html
import json
import re

import pytest

from conftest import ROOT
from serving import headers
from serving import serve_client as client_for
from werkvorm_dsl.app.build_command import MANIFEST
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.language.parser import parse

EPOCH = "1767225600"
WERKVORM = ROOT / "formats" / "incidentmethode.werkvorm"


@pytest.fixture
def served(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    folder = tmp_path / "werkvormen"
    folder.mkdir()
    (folder / "sessie.werkvorm").write_text(WERKVORM.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_the_page_offers_the_base_and_every_variant(served):
    names = [v.name for v in parse(WERKVORM.read_text(encoding="utf-8")).variants]
    assert names
    with client_for(served) as client:
        page = client.get("/werkvorm/sessie").text
    chooser = re.search(r'<select id="downloads-variant".*?</select>', page, re.S)
    assert chooser is not None
    offered = [html.unescape(v) for v in re.findall(r'<option value="([^"]*)">', chooser.group(0))]
    assert offered == ["", *names]


def test_a_page_without_variants_has_no_chooser(tmp_path):
    folder = tmp_path / "werkvormen"
    folder.mkdir()
    (folder / "sessie.werkvorm").write_text(
        (ROOT / "formats/balintmethode.werkvorm").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with client_for(folder) as client:
        assert "downloads-variant" not in client.get("/werkvorm/sessie").text


@pytest.mark.pdf
def test_a_variant_s_downloads_are_the_files_build_writes_for_it(served, tmp_path):
    # The variant with every format; of the base only its Markdown, to see the difference.
    out = str(tmp_path / "uit")
    assert main(["build", "--to", out, "--variant", "90 min", "--formaten", "html,md,pdf,docx,odt", str(served)]) == 0
    assert main(["build", "--to", str(tmp_path / "basis"), "--formaten", "md", str(served)]) == 0
    base = (tmp_path / "basis" / "sessie" / "draaiboek.md").read_bytes()
    folder = tmp_path / "uit" / "sessie--90-min"
    by_cli = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != MANIFEST}
    with client_for(served) as client:
        listing = client.get("/werkvorm/sessie/downloads", params={"variant": "90 min"})
        assert listing.status_code == 200, listing.text
        answer = listing.json()
        assert all(entry["adres"].endswith("?variant=90%20min") for entry in answer["bestanden"])
        assert answer["alles"]["naam"] == "sessie--90-min-alles.zip"
        by_serve = {entry["naam"]: client.get(entry["adres"]).content for entry in answer["bestanden"]}
    assert sorted(by_serve) == sorted(by_cli)
    assert [name for name in sorted(by_cli) if by_cli[name] != by_serve[name]] == []
    assert b"Anders dan in de basis" in by_serve["draaiboek.md"] and b"Anders dan in de basis" not in base


def test_an_unknown_variant_is_refused_with_the_names_there_are(served):
    with client_for(served) as client:
        answer = client.get("/werkvorm/sessie/downloads", params={"variant": "kort"})
    assert answer.status_code == 404
    said = answer.json()
    assert said["code"] == "E224" and "'90 min'" in said["tip"]


def _config(client) -> dict:
    page = client.get("/werkvorm/sessie").text
    found = re.search(r'<script type="application/json" id="werkvorm-config">(.*?)</script>', page)
    assert found is not None
    return json.loads(found.group(1))


def _previews(client, variant) -> tuple[int, dict]:
    text = (WERKVORM).read_text(encoding="utf-8")
    body = {"tekst": text, "voorbeelden": ["draaiboek", "deelnemers"], "variant": variant}
    answer = client.post("/api/voorbeeld/sessie", headers=headers(_config(client)), content=json.dumps(body))
    return answer.status_code, answer.json()


def test_the_preview_shows_the_chosen_variant_as_build_makes_it(served, tmp_path):
    assert main(["build", "--to", str(tmp_path / "uit"), "--formaten", "html", str(served)]) == 0
    with client_for(served) as client:
        page = client.get("/werkvorm/sessie").text
        assert '<select id="voorbeeld-variant">' in page
        status, variant = _previews(client, "90 MIN")
        assert status == 200
        for name in ("draaiboek", "deelnemers"):
            assert (
                variant["voorbeeld"][name].encode() == (tmp_path / "uit/sessie--90-min" / f"{name}.html").read_bytes()
            )
        for asked in ("", "kort"):  # the base, and a name the text does not have (typed away meanwhile)
            status, base = _previews(client, asked)
            assert status == 200
            assert base["voorbeeld"]["draaiboek"].encode() == (tmp_path / "uit/sessie/draaiboek.html").read_bytes()


def test_a_variant_that_is_not_a_name_is_refused(served):
    with client_for(served) as client:
        status, said = _previews(client, ["90 min"])
    assert status == 400 and said["code"] == "E545"
