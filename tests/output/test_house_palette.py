"""A made-up house style on every document and format: no default blue remains (read from the CSS, SVG
and office XML, and counted in the pixels of every PDF page), and the house colour is there."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import pytest

from conftest import ROOT
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.output.palette import TINTS, Palette, palette_for

pytestmark = pytest.mark.pdf  # the builds below make PDFs

GREEN = "#1b5e20"  # a made-up municipality's heading colour
INK = "#2b2b2b"
HOUSE = f'organisatie = "Gemeente Groendorp"\nlogo = "logo.png"\n[kleuren]\nkoppen = "{GREEN}"\ntekst = "{INK}"\n'
# Rounds (timeline brackets, round rows), estimates, a draft (CONCEPT), an optional step.
SEEDS = ("troika-consulting", "liefdevol-roddelen")
DEFAULT = Palette()
# Every colour the default look derives from its accent, from the palette's own table; and the blues
# that were once hard-coded in a template or that Word's own heading styles carry.
ACCENT_NAMES = ("accent", *TINTS)
DEFAULT_BLUES = sorted({getattr(DEFAULT, name) for name in ACCENT_NAMES} | {"#0b4f8a", "#365f91", "#4f81bd", "#2f5496"})
TEXT_SUFFIXES = (".html", ".md", ".txt", ".ics", ".json")
OFFICE_SUFFIXES = (".docx", ".odt")


def grey_logo() -> bytes:
    """A grey square: neither blue nor the house green, so the pixel counts below see only the documents."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 40), (120, 120, 120)).save(out, format="PNG")
    return out.getvalue()


def _build(folder, *options):
    assert main(["build", "--to", str(folder / "uit"), *options, *(str(folder / f"{s}.werkvorm") for s in SEEDS)]) == 0
    return folder / "uit"


@pytest.fixture(scope="module")
def house_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("groendorp")
    for seed in SEEDS:
        shutil.copy(ROOT / "formats" / f"{seed}.werkvorm", folder / f"{seed}.werkvorm")
    (folder / "logo.png").write_bytes(grey_logo())
    (folder / "huisstijl.toml").write_text(HOUSE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def house_build(house_folder):
    return _build(house_folder, "--formaten", "html,md,pdf,docx,odt", "--start", "14:00")


@pytest.fixture(scope="module")
def house_build_large(house_folder, tmp_path_factory):
    target = tmp_path_factory.mktemp("groendorp-groot")
    assert main(["build", "--to", str(target), "--groot", "--formaten", "html,pdf,docx,odt",
                 *(str(house_folder / f"{s}.werkvorm") for s in SEEDS)]) == 0  # fmt: skip
    return target


def _readable_parts(path) -> dict[str, str]:
    """A file's text as a reader of its source sees it: the whole file, or every XML part of an office file."""
    if path.suffix in OFFICE_SUFFIXES:
        with zipfile.ZipFile(path) as archive:
            return {
                name: archive.read(name).decode("utf-8")
                for name in archive.namelist()
                if name.endswith((".xml", ".rels"))
            }
    return {path.name: path.read_text(encoding="utf-8")}


def _files(build, suffixes):
    found = sorted(p for p in build.rglob("*") if p.suffix in suffixes and "fonts" not in p.parts)
    assert found, f"no {suffixes} files in the build"
    return found


@pytest.mark.parametrize("blue", DEFAULT_BLUES)
@pytest.mark.parametrize("large", [False, True], ids=["normal", "groot"])
def test_no_default_blue_in_any_text_or_office_file(house_build, house_build_large, blue, large):
    build = house_build_large if large else house_build
    for path in _files(build, TEXT_SUFFIXES + OFFICE_SUFFIXES):
        for part, text in _readable_parts(path).items():
            assert blue[1:].lower() not in text.lower(), f"{blue} in {path.relative_to(build)} ({part})"


# Where each colour of the palette is drawn: the style sheets of every page, or the timeline alone
# (an estimate's hatching; a step only when there is time, which one of the SEEDS has).
DRAWN_IN = {"accent": "*", "soft": "*", "mid": "*", "pale": "timeline", "light": "timeline"}


def test_the_table_of_drawn_colours_names_every_accent_colour():
    assert set(DRAWN_IN) == set(ACCENT_NAMES)


@pytest.mark.parametrize("name", ACCENT_NAMES)
def test_every_html_document_draws_with_the_house_palette(house_build, name):
    wanted = getattr(palette_for_house(), name)
    if DRAWN_IN[name] == "timeline":
        timelines = [
            re.search(r"<svg.*?</svg>", p.read_text(encoding="utf-8"), re.S)
            for p in house_build.glob("*/draaiboek.html")
        ]
        assert any(found and wanted in found.group(0) for found in timelines), f"{name} {wanted} in no timeline"
        return
    for path in _files(house_build, (".html",)):
        if path.name == "uitnodiging.html":
            continue  # the e-mail has only the accent (below): no tables, no timeline
        assert wanted in path.read_text(encoding="utf-8"), f"{name} {wanted} not in {path.name}"


def palette_for_house() -> Palette:
    from werkvorm_dsl.output.house_style import Huisstijl

    return palette_for(Huisstijl("huisstijl.toml", heading_colour=GREEN, text_colour=INK))


def test_the_e_mail_has_the_house_colour_logo_and_name(house_build):
    for seed in SEEDS:
        html = (house_build / seed / "uitnodiging.html").read_text(encoding="utf-8")
        assert f"color:{GREEN}" in html and f"color:{INK}" in html
        assert 'src="data:image/png;base64,' in html and "Gemeente Groendorp" in html


def test_the_timeline_and_the_cards_take_the_accent(house_build):
    html = (house_build / SEEDS[0] / "draaiboek.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg and f'fill="{GREEN}"' in svg.group(0)
    cards = (house_build / SEEDS[0] / "kaarten.html").read_text(encoding="utf-8")
    assert cards.count('class="card-house"') == cards.count('<section class="card ') > 1  # logo and name on each card


def _page_images(pdf, tmp_path) -> list[bytes]:
    assert shutil.which("pdftoppm"), "pdftoppm ontbreekt: installeer poppler-utils"
    prefix = tmp_path / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(prefix)], check=True)
    return [png.read_bytes() for png in sorted(tmp_path.glob(f"{pdf.stem}-*.png"))]


def blue_pixels(png: bytes) -> int:
    """Pixels of a clearly blue hue (the default accent #1d4f91 and its mid tint): text in green,
    black or red, anti-aliased or not, never has much more blue than red and green. The palest tints
    are too near grey to tell by pixel; the files' text is read for them above."""
    from PIL import Image, ImageChops

    with Image.open(io.BytesIO(png)) as opened:
        red, green, blue = opened.convert("RGB").split()
    # Per pixel in C: subtract clamps at 0, which changes no answer to 'more than 40 (or 15) above'.
    bluer_than_red = ImageChops.subtract(blue, red).point(lambda v: 255 if v > 40 else 0)
    bluer_than_green = ImageChops.subtract(blue, green).point(lambda v: 255 if v > 15 else 0)
    return _count_set(ImageChops.multiply(bluer_than_red, bluer_than_green))


def house_pixels(png: bytes) -> int:
    from PIL import Image, ImageChops

    wanted = [int(GREEN[i : i + 2], 16) for i in (1, 3, 5)]
    with Image.open(io.BytesIO(png)) as opened:
        channels = opened.convert("RGB").split()
    near = [channel.point(lambda v, w=w: 255 if abs(v - w) < 25 else 0) for channel, w in zip(channels, wanted)]
    return _count_set(ImageChops.multiply(ImageChops.multiply(near[0], near[1]), near[2]))


def _count_set(mask) -> int:
    """The pixels of a mask of 0 and 255 that are set."""
    return mask.histogram()[255]


@pytest.mark.parametrize("large", [False, True], ids=["normal", "groot"])
def test_no_page_of_any_pdf_shows_the_default_blue(house_build, house_build_large, large, tmp_path):
    build = house_build_large if large else house_build
    for pdf in _files(build, (".pdf",)):
        images = _page_images(pdf, tmp_path)
        assert images, pdf
        for number, png in enumerate(images, start=1):
            assert blue_pixels(png) == 0, f"{pdf.relative_to(build)} page {number}: {blue_pixels(png)} blue pixels"
        assert house_pixels(images[0]) > 50, f"{pdf.relative_to(build)}: no house green on page 1"


def test_the_pixel_count_sees_the_default_blue(tmp_path):
    """The count above can fail: without a house style the same documents show the blue."""
    folder = tmp_path / "standaard"
    folder.mkdir()
    shutil.copy(ROOT / "formats" / f"{SEEDS[0]}.werkvorm", folder / f"{SEEDS[0]}.werkvorm")
    assert main(["build", "--to", str(tmp_path / "uit"), "--only", "draaiboek,kaarten", "--formaten", "pdf",
                 str(folder / f"{SEEDS[0]}.werkvorm")]) == 0  # fmt: skip
    for name in ("draaiboek", "kaarten"):
        first = _page_images(tmp_path / "uit" / SEEDS[0] / f"{name}.pdf", tmp_path)[0]
        assert blue_pixels(first) > 50, name
