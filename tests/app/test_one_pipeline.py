"""One pipeline: `werkvorm build`, serve's preview and downloads make the same documents from the same options."""

from __future__ import annotations

import json
import re
import struct
import zlib

import pytest

from conftest import ROOT
from werkvorm_dsl.app.build_command import MANIFEST
from werkvorm_dsl.app.cli import main

EPOCH = "1767225600"
ORGANISATION = "Gemeente Bloemendaal aan Zee"
HUISSTIJL = f"""organisatie = "{ORGANISATION}"
logo = "logo.png"
lettertype = "DejaVu Serif"

[kleuren]
koppen = "#6b1f5c"
tekst = "#202020"
"""
PORT = 8124
ORIGIN = f"http://127.0.0.1:{PORT}"
WERKVORM = ROOT / "formats" / "iedereen-aan-de-beurt.werkvorm"
EVERY_FORMAT = "html,md,pdf,docx,odt"


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x6b\x1f\x5c" * 8 for _ in range(4))
    header = struct.pack(">IIBBBBB", 8, 4, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture
def styled(tmp_path, monkeypatch):
    """A served folder with one werkvorm and a huisstijl.toml (with a logo) beside it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    folder = tmp_path / "werkvormen"
    folder.mkdir()
    # With a date, so that the calendar event is made too (serve has no --datum).
    dated = WERKVORM.read_text(encoding="utf-8").replace("begintijd: 14:00\n", "begintijd: 14:00\ndatum: 2026-12-03\n")
    assert "datum: 2026-12-03" in dated
    (folder / "sessie.werkvorm").write_text(dated, encoding="utf-8")
    (folder / "huisstijl.toml").write_text(HUISSTIJL, encoding="utf-8")
    (folder / "logo.png").write_bytes(tiny_png())
    return folder


def client_for(folder):
    from starlette.testclient import TestClient

    from werkvorm_dsl.app.serve import create_app

    return TestClient(create_app(str(folder), PORT), base_url=ORIGIN, raise_server_exceptions=False)


def built_by_the_cli(folder, target, formats: str = EVERY_FORMAT) -> dict[str, bytes]:
    """The files `werkvorm build` writes for the folder's werkvorm: its documents, not the fonts
    beside them nor the manifest (which serve has no use for)."""
    assert main(["build", "--to", str(target), "--formaten", formats, str(folder)]) == 0
    written = target / "sessie"
    return {p.name: p.read_bytes() for p in written.iterdir() if p.is_file() and p.name != MANIFEST}


def downloaded(client) -> dict[str, bytes]:
    listing = client.get("/werkvorm/sessie/downloads")
    assert listing.status_code == 200, listing.text
    files = {}
    for entry in listing.json()["bestanden"]:
        answer = client.get(entry["adres"])
        assert answer.status_code == 200, entry
        files[entry["naam"]] = answer.content
    return files


def page_token(client) -> str:
    html = client.get("/werkvorm/sessie").text
    found = re.search(r'<script type="application/json" id="werkvorm-config">(.*?)</script>', html)
    return json.loads(found.group(1))["token"]


def checked_draft(client, text: str) -> dict:
    answer = client.post(
        "/api/controleer/sessie",
        headers={"X-Werkvorm-Token": page_token(client), "Content-Type": "application/json", "Origin": ORIGIN},
        content=json.dumps({"tekst": text}),
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.mark.pdf
def test_the_cli_and_serve_s_downloads_make_the_same_documents_byte_for_byte(styled, tmp_path):
    by_cli = built_by_the_cli(styled, tmp_path / "uit")
    with client_for(styled) as client:
        by_serve = downloaded(client)
    assert sorted(by_serve) == sorted(by_cli)
    assert {"draaiboek.pdf", "kaarten-a6.pdf", "draaiboek.docx", "deelnemers.odt", "uitnodiging.ics"} <= set(by_cli)
    different = [name for name in sorted(by_cli) if by_cli[name] != by_serve[name]]
    assert different == []
    # Both sides carry the house style: the comparison is not of two unstyled builds.
    assert ORGANISATION.encode() in by_serve["draaiboek.html"]
    assert b"--accent: #6b1f5c;" in by_serve["deelnemers.html"]


def test_the_preview_and_the_live_editor_show_the_documents_the_cli_writes(styled, tmp_path):
    by_cli = built_by_the_cli(styled, tmp_path / "uit", "html")
    text = (styled / "sessie.werkvorm").read_text(encoding="utf-8")
    with client_for(styled) as client:
        for name in ("draaiboek", "deelnemers"):
            page = client.get(f"/werkvorm/sessie/{name}.html")
            assert page.status_code == 200
            assert page.content == by_cli[f"{name}.html"], name
        live = checked_draft(client, text)["voorbeeld"]
        assert {name: html.encode() for name, html in live.items()} == {
            name: by_cli[f"{name}.html"] for name in ("draaiboek", "deelnemers")
        }
        assert ORGANISATION in client.get("/werkvorm/sessie/draaiboek.html").text
        assert ORGANISATION in live["draaiboek"] and ORGANISATION in live["deelnemers"]


def test_the_comparison_sees_a_house_style_left_out_on_one_side(styled, tmp_path):
    # The tests above could pass with both sides unstyled, or fail to see a difference: without
    # the huisstijl.toml, serve's preview is no longer what the CLI wrote with it.
    by_cli = built_by_the_cli(styled, tmp_path / "uit", "html")
    (styled / "huisstijl.toml").unlink()
    with client_for(styled) as client:
        page = client.get("/werkvorm/sessie/draaiboek.html")
    assert page.status_code == 200 and ORGANISATION not in page.text
    assert page.content != by_cli["draaiboek.html"]


def test_a_house_style_with_problems_is_refused_alike_and_the_preview_says_why(styled, tmp_path, capsys):
    (styled / "huisstijl.toml").write_text(HUISSTIJL.replace("#6b1f5c", "#ffff00"), encoding="utf-8")
    assert main(["build", "--to", str(tmp_path / "uit"), "--formaten", "html", str(styled)]) == 2
    assert "fout[E604]" in capsys.readouterr().err
    with client_for(styled) as client:
        refused = client.get("/werkvorm/sessie/downloads")
        assert refused.status_code == 409 and refused.json()["code"] == "E604"
        assert "huisstijl.toml" in refused.json()["melding"] and "contrast" in refused.json()["melding"]
        live = checked_draft(client, (styled / "sessie.werkvorm").read_text(encoding="utf-8"))
        assert live["voorbeeld"] is not None and ORGANISATION not in live["voorbeeld"]["draaiboek"]
        assert "zonder huisstijl" in live["rapport"] and "E604" in live["rapport"]
        assert "zonder huisstijl" in client.get("/werkvorm/sessie").text


def test_serve_reads_no_house_style_from_outside_its_folder(styled, tmp_path):
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (elsewhere / "huisstijl.toml").write_text(HUISSTIJL.replace(ORGANISATION, "Geheim"), encoding="utf-8")
    (elsewhere / "logo.png").write_bytes(tiny_png())
    (styled / "huisstijl.toml").unlink()
    (styled / "huisstijl.toml").symlink_to(elsewhere / "huisstijl.toml")
    with client_for(styled) as client:
        assert "Geheim" not in client.get("/werkvorm/sessie/draaiboek.html").text
        refused = client.get("/werkvorm/sessie/downloads")
        assert refused.status_code == 409 and refused.json()["code"] == "E601"
        assert "Geheim" not in refused.text


def test_a_build_computes_the_timing_once(tmp_path, monkeypatch):
    from werkvorm_dsl.analysis import schedule, timing
    from werkvorm_dsl.pipeline import BuildOptions, build, check_file

    real = timing.compute
    calls = []

    def counted(werkvorm, *args, **kwargs):
        if not args and not kwargs:  # the whole werkvorm's timing, not the sizes tried inside it
            calls.append(werkvorm)
        return real(werkvorm, *args, **kwargs)

    monkeypatch.setattr(timing, "compute", counted)
    monkeypatch.setattr(schedule, "compute", counted)
    checked = check_file(str(WERKVORM))
    documents = build(checked, BuildOptions(formats=frozenset({"html", "md", "txt"})))
    assert "draaiboek.html" in documents.files and "tijdschema.txt" in documents.files
    assert len(calls) == 1
    schedule.plan(checked.werkvorm)  # the counter itself counts: a plan made apart computes its own
    assert len(calls) == 2


def test_an_odt_is_the_same_whatever_the_process_made_before(monkeypatch):
    # odfpy keeps the namespaces it has seen in a class-level dict; the first .odt of a process
    # (a worker of `build -j`, or serve's first download) once came out different from the rest.
    from odf.element import Element

    from werkvorm_dsl.pipeline import BuildOptions, build, check_file

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    checked = check_file(str(WERKVORM))
    options = BuildOptions(only=("draaiboek",), formats=frozenset({"odt"}))
    monkeypatch.setattr(Element, "namespaces", {})  # as in a process that made no .odt yet
    first = build(checked, options).files["draaiboek.odt"]
    assert build(checked, options).files["draaiboek.odt"] == first


@pytest.mark.parametrize("options", [{"only": ("draaiboekje",)}, {"formats": frozenset({"html", "rtf"})}])
def test_a_document_or_format_the_registry_does_not_know_is_refused(options):
    from werkvorm_dsl.pipeline import BuildOptions, build, check_file

    with pytest.raises(ValueError, match=r"draaiboekje|rtf"):
        build(check_file(str(WERKVORM)), BuildOptions(**options))
