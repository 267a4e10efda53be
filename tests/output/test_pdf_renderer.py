"""The PDF renderer's fetcher reads only the packaged assets and the werkvorm's own folder (a real build
of hostile werkvormen: tests/output/test_hostile_text.py), and SOURCE_DATE_EPOCH sets the PDFs' dates."""

import pytest
from pypdf import PdfReader

from conftest import ROOT
from werkvorm_dsl.app.cli import main

SEED = ROOT / "formats" / "intervisie-participatie.werkvorm"


def build(*argv) -> int:
    return main(["build", *map(str, argv)])


@pytest.fixture
def fetcher(tmp_path):
    from werkvorm_dsl.output.pdf_renderer import ASSETS, FolderFetcher

    own = tmp_path / "werkvormen"
    own.mkdir()
    (own / "plaatje.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    secret = tmp_path / "geheim.txt"
    secret.write_text("geheim", encoding="utf-8")
    (own / "link-naar-geheim.txt").symlink_to(secret)
    return FolderFetcher([ASSETS, str(own)]), own, secret


def test_fetcher_serves_the_werkvorm_folder_and_the_assets(fetcher):
    from werkvorm_dsl.output.pdf_renderer import ASSETS

    fetch, own, _ = fetcher
    assert fetch.fetch(f"file://{own}/plaatje.svg").read().startswith(b"<svg")
    assert fetch.fetch(f"file://{ASSETS}/fonts.css").read().startswith(b"/*")


@pytest.mark.parametrize(
    "address",
    [
        "file:///etc/passwd",
        "file://{own}/../geheim.txt",
        "file://{own}/link-naar-geheim.txt",
        "file://{own}/%2e%2e/geheim.txt",
        "file://otherhost/{own}/plaatje.svg",
        "http://127.0.0.1:9/x.css",
        "https://example.org/font.ttf",
        "ftp://example.org/x",
    ],
)
def test_fetcher_refuses_everything_else(fetcher, address):
    fetch, own, _ = fetcher
    url = address.format(own=own)
    with pytest.raises(ValueError):
        fetch.fetch(url)
    assert fetch.refused == [url]


@pytest.mark.pdf
def test_source_date_epoch_sets_the_pdf_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    assert build("--to", tmp_path, "--only", "draaiboek", SEED) == 0
    metadata = PdfReader(tmp_path / "intervisie-participatie" / "draaiboek.pdf").metadata
    assert metadata["/CreationDate"].startswith("D:20260101")
    assert metadata["/ModDate"].startswith("D:20260101")
