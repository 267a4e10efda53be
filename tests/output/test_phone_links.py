"""A long link title and a long address wrap on a phone (390 px): no hand-out or draaiboek scrolls sideways."""

from __future__ import annotations

import pytest

from browsing import MEASURE, PHONE, at_phone_width
from conftest import ROOT
from werkvorm_dsl.app.cli import main

# As measured in issue 22: a title with a long domain name in it, and a long address behind it.
LINK = (
    "link: [Wise Crowds op collaboratiohelvetica.ch, een verzameling werkvormen voor grote groepen]"
    "(https://www.collaboratiohelvetica.ch/de/methoden/wise-crowds-grossgruppen-beratung-in-kleinen-runden-2026)"
)
DOCUMENTS = ("deelnemers", "draaiboek", "kaarten", "overzicht")


@pytest.fixture(scope="module")
def long_link_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lange-link")
    source = (ROOT / "formats" / "troika-consulting.werkvorm").read_text(encoding="utf-8")
    title = source.splitlines()[0]
    (folder / "link.werkvorm").write_text(source.replace(title, f"{title}\n{LINK}", 1), encoding="utf-8")
    for large in (False, True):
        options = ["--groot"] if large else []
        target = folder / ("groot" if large else "normaal")
        assert main(["build", "--to", str(target), *options, "--formaten", "html", str(folder / "link.werkvorm")]) == 0
    return folder


@pytest.mark.parametrize("large", [False, True], ids=["normaal", "groot"])
def test_a_long_link_title_wraps_at_390_px(long_link_build, browser, large):
    at_phone_width(browser)
    wide = {}
    for document in DOCUMENTS:
        page = long_link_build / ("groot" if large else "normaal") / "link" / f"{document}.html"
        html = page.read_text(encoding="utf-8")
        if "collaboratiohelvetica" not in html:
            continue
        browser.get(page.as_uri())
        width, screen, _, sticking_out = browser.execute_async_script(MEASURE)
        if width > PHONE["width"] or screen != PHONE["width"]:
            wide[document] = (width, sticking_out)
    assert wide == {}


def test_the_link_is_in_the_documents_it_should_be_in(long_link_build):
    for document in ("deelnemers", "draaiboek"):
        html = (long_link_build / "normaal" / "link" / f"{document}.html").read_text(encoding="utf-8")
        assert "collaboratiohelvetica" in html, document
