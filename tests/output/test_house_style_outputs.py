"""An SVG logo in a build: cleaned, drawn as a vector in the HTML and the PDF, and as a PNG in the .docx and the .odt."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import zipfile

import pytest

from conftest import ROOT
from logos import magenta_share, svg
from werkvorm_dsl.app.cli import main

LOGO = svg(
    '<script>alert("logo")</script><circle cx="150" cy="50" r="45" fill="#004a80" onclick="steal()"/>'
    '<use href="https://evil.example/spy.svg#x"/>',
    root='viewBox="0 0 200 100" width="9000000" height="4500000"',
)
HUISSTIJL = 'organisatie = "Gemeente Vectorstad"\nlogo = "logo.svg"\n'
pytestmark = pytest.mark.pdf  # every test reads the build below, PDFs included


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("vectorstad")
    shutil.copy(ROOT / "formats" / "iedereen-aan-de-beurt.werkvorm", folder / "sessie.werkvorm")
    (folder / "logo.svg").write_bytes(LOGO)
    (folder / "huisstijl.toml").write_text(HUISSTIJL, encoding="utf-8")
    arguments = ["--formaten", "html,pdf,docx,odt", "--only", "deelnemers,draaiboek", str(folder / "sessie.werkvorm")]
    assert main(["build", "--to", str(folder / "uit"), *arguments]) == 0
    return folder / "uit" / "sessie"


def embedded_svg(html: str) -> bytes:
    found = re.search(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    assert found, "no SVG logo in the HTML"
    return base64.b64decode(found.group(1))


def test_the_html_carries_the_cleaned_svg_as_a_vector(built):
    for name in ("deelnemers.html", "draaiboek.html"):
        html = (built / name).read_text(encoding="utf-8")
        logo = embedded_svg(html)
        assert b'fill="#e4007c"' in logo and b'fill="#004a80"' in logo  # the drawing
        assert b"script" not in logo and b"steal" not in logo and b"evil.example" not in logo
        assert b'width="192" height="96"' in logo  # its size from its shape, not the 9,000,000 it claimed
        assert 'alt="Logo Gemeente Vectorstad"' in html


def test_the_pdf_draws_the_logo_at_the_top_of_the_first_page(built, tmp_path):
    assert shutil.which("pdftoppm"), "pdftoppm ontbreekt: installeer poppler-utils"
    for name in ("deelnemers", "draaiboek"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(built / f"{name}.pdf"), str(tmp_path / name)],
            check=True,
        )
        page = next(tmp_path.glob(f"{name}*.png")).read_bytes()
        assert magenta_share(page, top_share=0.15) > 0.002, name
        assert magenta_share(page, top_share=1.0) < 0.01, name  # the logo, not a page painted over


def test_word_and_libreoffice_get_the_logo_as_a_png(built):
    for name, picture_folder in (("deelnemers.docx", "word/media/"), ("deelnemers.odt", "Pictures/")):
        with zipfile.ZipFile(built / name) as archive:
            pictures = [entry for entry in archive.namelist() if entry.startswith(picture_folder)]
            assert len(pictures) == 1 and pictures[0].endswith(".png"), pictures
            png = archive.read(pictures[0])
            everything = b"".join(archive.read(entry) for entry in archive.namelist())
        assert png.startswith(b"\x89PNG") and magenta_share(png) > 0.3
        # No SVG element; the .odt's embedded font is declared with ODF's own <svg:font-face-src>.
        assert b"evil.example" not in everything and b"steal()" not in everything
        assert not re.search(rb"<svg[\s>]", everything)


def test_the_png_keeps_the_logo_s_shape(built):
    from PIL import Image

    with zipfile.ZipFile(built / "deelnemers.docx") as archive:
        png = archive.read(next(n for n in archive.namelist() if n.startswith("word/media/")))
        body = archive.read("word/document.xml").decode("utf-8")
    with Image.open(__import__("io").BytesIO(png)) as picture:
        assert picture.size == (720, 360)
    extents = re.search(r'<wp:extent cx="(\d+)" cy="(\d+)"', body)
    assert extents and abs(int(extents.group(1)) / int(extents.group(2)) - 2.0) < 0.01
