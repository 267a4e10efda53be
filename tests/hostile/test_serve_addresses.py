"""serve: two werkvormen that would share an address are never mixed up, and a save keeps the file's line ends."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest

from samples import GOOD
from serving import ORIGIN, PORT, headers
from werkvorm_dsl.app import serve

# The three names that all became /werkvorm/intervisie, and others of the same class.
SHARING = [
    ("intervisie.werkvorm", "sub/intervisie.werkvorm"),
    ("intervisie.werkvorm", "Intervisie .werkvorm"),
    ("sub/intervisie.werkvorm", "Intervisie .werkvorm"),
    ("café.werkvorm", "cafe.werkvorm"),
]


def client_for(folder):
    from starlette.testclient import TestClient

    return TestClient(serve.create_app(str(folder), PORT), base_url=ORIGIN, raise_server_exceptions=False)


def page_config(client, slug) -> dict:
    html = client.get(f"/werkvorm/{slug}").text
    found = re.search(r'<script type="application/json" id="werkvorm-config">(.*?)</script>', html)
    return json.loads(found.group(1)) if found else {}


def served(tmp_path, names) -> tuple:
    folder = tmp_path / "map"
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(GOOD.replace("WERKVORM", f"# {name}\nWERKVORM", 1), encoding="utf-8")
    return folder, {name: (folder / name).read_bytes() for name in names}


@pytest.mark.parametrize("names", SHARING, ids=" en ".join)
def test_serve_does_not_start_on_a_folder_where_two_werkvormen_share_an_address(tmp_path, capsys, names):
    folder, _ = served(tmp_path, names)
    code = serve.run(SimpleNamespace(path=str(folder), port=8124, alleen_lezen=False))
    err = capsys.readouterr().err
    assert code == 2 and "E505" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("names", SHARING, ids=" en ".join)
def test_an_address_two_werkvormen_share_opens_and_saves_neither(tmp_path, names):
    """A second file that appears while serve runs: its address refuses every use, so an author
    never edits a file other than the one clicked."""
    folder, before = served(tmp_path, names[:1])
    with client_for(folder) as client:
        slug = next(entry["slug"] for entry in client.get("/api/werkvormen").json()["werkvormen"])
        config = page_config(client, slug)
        (folder / names[1]).parent.mkdir(parents=True, exist_ok=True)
        (folder / names[1]).write_text(GOOD.replace("WERKVORM", "# ander\nWERKVORM", 1), encoding="utf-8")
        before = {name: (folder / name).read_bytes() for name in names}
        for answer in (
            client.get(f"/werkvorm/{slug}"),
            client.get(f"/api/tekst/{slug}"),
            client.get(f"/werkvorm/{slug}/draaiboek.html"),
            client.post(
                f"/api/opslaan/{slug}",
                headers=headers(config),
                content=json.dumps({"tekst": "WERKVORM Overschreven\n", "versie": config["versie"]}),
            ),
        ):
            assert answer.status_code == 409 and "E505" in answer.text, answer.text
    assert {name: (folder / name).read_bytes() for name in names} == before


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_a_save_keeps_the_file_s_line_ends_whatever_the_editor_sends(tmp_path, newline):
    folder = tmp_path / "map"
    folder.mkdir()
    path = folder / "sessie.werkvorm"
    path.write_bytes(GOOD.replace("\n", newline).encode("utf-8"))
    with client_for(folder) as client:
        config = page_config(client, "sessie")
        for sent in ("\r\n", "\n"):
            text = GOOD.replace("anderhalf uur", "2 uur").replace("\n", sent)
            answer = client.post(
                "/api/opslaan/sessie",
                headers=headers(config),
                content=json.dumps({"tekst": text, "versie": config["versie"]}),
            )
            assert answer.status_code == 200, answer.text
            config["versie"] = answer.json()["versie"]
            data = path.read_bytes()
            assert b"\r\r" not in data
            assert data == GOOD.replace("anderhalf uur", "2 uur").replace("\n", newline).encode("utf-8")


def test_the_index_renders_no_preview_and_an_output_page_only_its_own(tmp_path, monkeypatch):
    folder, _ = served(tmp_path, [f"werkvorm-{number}.werkvorm" for number in range(6)])
    made = []
    real = serve.preview
    monkeypatch.setattr(serve, "preview", lambda path, root=None: made.append(path) or real(path, root))
    with client_for(folder) as client:
        assert client.get("/").status_code == 200
        assert made == []
        assert client.get("/werkvorm/werkvorm-3/draaiboek.html").status_code == 200
    assert [path.rsplit("/", 1)[-1] for path in made] == ["werkvorm-3.werkvorm"]


@pytest.mark.slow  # a page that takes seconds by design
def test_a_slow_output_page_does_not_hold_up_the_text_of_another(tmp_path, monkeypatch):
    import threading
    import time

    folder, _ = served(tmp_path, ["traag.werkvorm", "snel.werkvorm"])
    real = serve.preview

    def slow(path, root=None):
        time.sleep(3)  # as 50 werkvormen took once, or one very large one
        return real(path, root)

    monkeypatch.setattr(serve, "preview", slow)
    with client_for(folder) as client:
        rendering = threading.Thread(target=client.get, args=("/werkvorm/traag/draaiboek.html",))
        rendering.start()
        time.sleep(0.3)
        started = time.monotonic()
        assert client.get("/api/tekst/snel").status_code == 200
        took = time.monotonic() - started
        rendering.join()
    assert took < 1.5, took
