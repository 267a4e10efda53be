"""The writing place's import (/api/importeer): a Word file or pasted text becomes a draft in the folder."""

from __future__ import annotations

import base64
import json

import pytest
from test_editor_api import client_for, files_in, page_config

from import_samples import IMPORT_DATA, SEEDS
from samples import GOOD
from serving import headers


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


def post(served, config, body: dict):
    return served.post("/api/importeer", headers=headers(config), content=json.dumps(body))


def test_an_uploaded_word_file_becomes_a_draft_that_opens(client, folder):
    config = page_config(client, "")
    source = IMPORT_DATA / "liefdevol-roddelen.docx"
    answer = post(client, config, {"naam": source.name, "inhoud": base64.b64encode(source.read_bytes()).decode()})
    assert answer.status_code == 201, answer.json()
    assert files_in(folder) == ["liefdevol-roddelen.werkvorm", "sessie.werkvorm"]
    written = (folder / "liefdevol-roddelen.werkvorm").read_text(encoding="utf-8")
    assert written == (IMPORT_DATA / "liefdevol-roddelen.docx.draft.werkvorm").read_text(encoding="utf-8")
    page = client.get(answer.json()["adres"])
    assert page.status_code == 200 and "W130" in page.text  # the import's notes, as cards on the page
    again = post(client, config, {"naam": source.name, "inhoud": base64.b64encode(source.read_bytes()).decode()})
    assert again.status_code == 409 and again.json()["code"] == "E506"


def test_pasted_text_without_blank_lines_becomes_a_draft(client, folder):
    config = page_config(client, "")
    pasted = "\n".join(line for line in SEEDS[0].read_text("utf-8").split("\n") if line.strip())
    answer = post(client, config, {"naam": "Geplakte werkvorm", "tekst": pasted})
    assert answer.status_code == 201, answer.json()
    assert "WERKVORM Intervisie voor leidinggevenden" in (folder / "geplakte-werkvorm.werkvorm").read_text("utf-8")
    checked = client.post(
        "/api/controleer/geplakte-werkvorm",
        headers=headers(config),
        content=json.dumps({"tekst": (folder / "geplakte-werkvorm.werkvorm").read_text(encoding="utf-8")}),
    )
    assert checked.status_code == 200 and checked.json()["fouten"] == 0


@pytest.mark.parametrize(
    "body, code",
    [
        ({"naam": "kapot.docx", "inhoud": base64.b64encode(b"geen zip").decode()}, "E531"),
        ({"naam": "plaatje.png", "inhoud": base64.b64encode(b"\x89PNG").decode()}, "E530"),
        ({"naam": "x.docx", "inhoud": "!!geen base64!!"}, "E545"),
        ({"naam": "leeg"}, "E545"),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_in_dutch(client, folder, body, code):
    answer = post(client, page_config(client, ""), body)
    assert answer.status_code == 400 and answer.json()["code"] == code
    assert files_in(folder) == ["sessie.werkvorm"]


def test_read_only_mode_imports_nothing(folder):
    with client_for(folder, read_only=True) as reading:
        answer = post(reading, page_config(reading, ""), {"naam": "x", "tekst": "Casus\n\n1. Vertel."})
        assert answer.status_code == 403 and answer.json()["code"] == "E543"
    assert files_in(folder) == ["sessie.werkvorm"]
