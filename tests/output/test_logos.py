"""Hostile logos (issue 23, item 2): SVGs with scripts, events, outside references, HTML or entities are
cleaned or refused; PNGs and JPEGs that claim too many pixels are refused before any decoder sees them."""

from __future__ import annotations

import base64
import re
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from logos import jpeg_header, magenta_share, png, real_jpeg, svg
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.output.logo import (
    DRAWING,
    JPEG_FRAMES,
    MOST_PIXELS,
    MOST_SIDE,
    SVG,
    SVG_HEIGHT,
    XLINK,
    LogoRefused,
    read_logo,
)

EVIL = "evil.example"
# Each hostile SVG, and what must come of it: "cleaned" (usable, with none of the listed strings left,
# and the magenta block still drawn) or "refused" (LogoRefused, one Dutch sentence).
HOSTILE_SVGS = {
    "script": (svg("<script>alert('x')</script>"), "cleaned", ["<script", "alert"]),
    "script in another namespace": (
        svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'),
        "cleaned",
        ["script", "alert"],
    ),
    "onload on the root": (svg("", root='viewBox="0 0 200 100" onload="alert(1)"'), "cleaned", ["onload", "alert"]),
    "onclick on a shape": (svg('<circle cx="150" cy="50" r="40" OnClick="alert(1)"/>'), "cleaned", ["alert"]),
    "use of an outside file": (svg(f'<use href="http://{EVIL}/logo.svg#a"/>'), "cleaned", [EVIL]),
    "xlink:href to a local file": (svg('<use xlink:href="file:///etc/passwd#x"/>'), "cleaned", ["passwd"]),
    "image from the web": (svg(f'<image href="https://{EVIL}/p.png" width="10" height="10"/>'), "cleaned", [EVIL]),
    "image as a nested svg": (
        svg('<image href="data:image/svg+xml;base64,PHN2Zy8+" width="10" height="10"/>'),
        "cleaned",
        ["svg+xml"],
    ),
    "an embedded PNG with an outside address beside it": (
        svg(
            f'<image xlink:href="data:image/png;base64,{base64.b64encode(png(4, 4)).decode()}" '
            f'href="http://{EVIL}/p.png" width="10" height="10"/>'
        ),
        "cleaned",
        [EVIL],
    ),
    "an embedded pixel bomb": (
        svg(
            f'<image href="data:image/png;base64,{base64.b64encode(png(12_000, 12_000, 1)).decode()}" width="9" height="9"/>'
        ),
        "cleaned",
        ["data:image/png"],
    ),
    "css @import": (
        svg(f"<style>@import url(http://{EVIL}/a.css); rect {{ stroke: black }}</style>"),
        "cleaned",
        [EVIL],
    ),
    "css url() in a rule": (svg(f"<style>rect {{ fill: url(http://{EVIL}/p#g) }}</style>"), "cleaned", [EVIL]),
    "css @font-face": (
        svg(f"<style>@font-face {{ font-family: x; src: url(//{EVIL}/f.woff) }}</style>"),
        "cleaned",
        [EVIL, "font-face"],
    ),
    "css url() in a style attribute": (
        svg(f'<circle cx="150" cy="50" r="40" style="fill:url(http://{EVIL}/p);stroke:blue"/>'),
        "cleaned",
        [EVIL],
    ),
    "css escaped url()": (
        svg(f'<circle cx="150" cy="50" r="40" style="fill:\\75 rl(http://{EVIL}/p)"/>'),
        "cleaned",
        [EVIL],
    ),
    "url() in a presentation attribute": (
        svg(f'<circle cx="150" cy="50" r="40" fill="url( \'http://{EVIL}/g\' )"/>'),
        "cleaned",
        [EVIL],
    ),
    "foreignObject with HTML": (
        svg(
            '<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml"><iframe src="x"/></div></foreignObject>'
        ),
        "cleaned",
        ["foreignObject", "iframe", "<div"],
    ),
    "javascript link": (
        svg('<a href="javascript:alert(1)"><circle cx="150" cy="50" r="40"/></a>'),
        "cleaned",
        ["javascript"],
    ),
    "animation that sets a link": (
        svg('<a><animate attributeName="href" to="javascript:alert(1)"/><circle cx="150" cy="50" r="4"/></a>'),
        "cleaned",
        ["javascript", "animate"],
    ),
    "stylesheet processing instruction": (
        svg("", before=f'<?xml-stylesheet href="http://{EVIL}/s.css"?>\n'),
        "cleaned",
        [EVIL, "xml-stylesheet"],
    ),
    "xinclude": (
        svg('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>'),
        "cleaned",
        ["passwd", "include"],
    ),
    "xml:base": (svg('<g xml:base="http://evil.example/"><use href="#x"/></g>'), "cleaned", [EVIL]),
    "huge width and height": (
        svg("", root='width="100000000" height="50000000" viewBox="0 0 200 100"'),
        "cleaned",
        ["100000000", "50000000"],
    ),
    "huge size without a viewBox": (svg("", root='width="200000000" height="100000000"'), "refused", []),
    "a number beyond a million inside": (svg('<rect x="0" y="0" width="4e7" height="10"/>'), "refused", []),
    "a nested drawing of endless size": (
        svg('<svg width="1e9" height="1e9"><rect width="1" height="1"/></svg>'),
        "refused",
        [],
    ),
    "a negative letter size": (
        svg('<text x="110" y="90" font-size="-5">a</text><text style="font-size:-3px;fill:red">b</text>'),
        "cleaned",
        ["-5", "-3px"],
    ),
    "an endless letter size": (
        svg('<text x="110" y="90" font-size="1e12">a</text><text style="font:bold 5e9px serif">b</text>'),
        "cleaned",
        ["1e12", "5e9"],
    ),
    "entity expansion": (
        svg(
            "<text>&e5;</text>",
            before='<!DOCTYPE svg [<!ENTITY e0 "ha"><!ENTITY e1 "&e0;&e0;&e0;&e0;&e0;&e0;&e0;&e0;&e0;&e0;">'
            '<!ENTITY e2 "&e1;&e1;&e1;&e1;&e1;&e1;&e1;&e1;&e1;&e1;"><!ENTITY e3 "&e2;&e2;&e2;&e2;&e2;&e2;&e2;">'
            '<!ENTITY e4 "&e3;&e3;&e3;&e3;&e3;&e3;&e3;&e3;"><!ENTITY e5 "&e4;&e4;&e4;&e4;&e4;&e4;&e4;&e4;">]>\n',
        ),
        "refused",
        [],
    ),
    "external entity": (
        svg("<text>&x;</text>", before='<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'),
        "refused",
        [],
    ),
    "parameter entity": (
        svg("", before=f'<!DOCTYPE svg [<!ENTITY % p SYSTEM "http://{EVIL}/x.dtd"> %p;]>\n'),
        "refused",
        [],
    ),
    "use that copies itself a billion times": (
        svg(
            '<defs><rect id="a0" width="1" height="1"/>'
            + "".join(f'<g id="a{n}">' + f'<use href="#a{n - 1}"/>' * 10 + "</g>" for n in range(1, 10))
            + '</defs><use href="#a9"/>'
        ),
        "refused",
        [],
    ),
    "reference loop": (svg('<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g>'), "refused", []),
    "gradient loop through url()": (
        svg('<g id="a" clip-path="url(#b)"/><clipPath id="b"><use href="#a"/></clipPath>'),
        "refused",
        [],
    ),
    "a viewBox of astronomical size": (svg("", root='viewBox="0 0 1e300 1e300"'), "refused", []),
    "a line, not a logo": (svg("", root='viewBox="0 0 100000 1"'), "refused", []),
    "no size at all": (svg("", root=""), "refused", []),
    "not XML": (b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>", "refused", []),
    "HTML calling itself svg": (b"<!DOCTYPE html><svg><html><body><script>1</script></body></html>", "refused", []),
    "UTF-16": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 1"/>'.encode("utf-16"), "refused", []),
}


def outside_references(data: bytes) -> list[str]:
    """Every reference in a cleaned SVG that leaves it (an href, a url()), as the invariant checks them."""
    from lxml import etree

    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    found = []
    for element in root.iter():
        for key, value in element.attrib.items():
            if key in ("href", f"{{{XLINK}}}href") and not value.startswith(
                ("#", "data:image/png;", "data:image/jpeg;")
            ):
                found.append(value)
            found += [url for url in re.findall(r"url\(\s*['\"]?([^)'\"]*)", value) if not url.startswith("#")]
        if etree.QName(element).localname == "style":
            found += [
                url for url in re.findall(r"url\(\s*['\"]?([^)'\"]*)", element.text or "") if not url.startswith("#")
            ]
    return found


def assert_clean(data: bytes) -> None:
    """The invariants of every cleaned SVG: only drawing elements in the SVG namespace, no event
    attributes, no reference out of the file, no entity, no processing instruction, no DOCTYPE."""
    from lxml import etree

    text = data.decode("utf-8")
    assert "<!DOCTYPE" not in text and "<!ENTITY" not in text and "<?xml-stylesheet" not in text
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    for element in root.iter():
        assert isinstance(element.tag, str), element
        name = etree.QName(element)
        assert name.namespace == SVG and name.localname in DRAWING, name
        assert not any(etree.QName(key).localname.lower().startswith("on") for key in element.attrib), element.attrib
    assert outside_references(data) == []
    assert "javascript" not in text.lower()


@pytest.mark.parametrize("name", sorted(HOSTILE_SVGS))
def test_each_hostile_svg_is_cleaned_or_refused(name):
    content, outcome, gone = HOSTILE_SVGS[name]
    if outcome == "refused":
        with pytest.raises(LogoRefused) as refused:
            read_logo(content)
        assert re.search(r"\b(het|dit|de|een)\b", refused.value.message.lower())  # a Dutch sentence
        assert refused.value.message.endswith(".") and refused.value.hint.endswith(".")
        assert len(refused.value.message) < 300 and "Traceback" not in refused.value.message
        return
    logo = read_logo(content)
    assert logo.kind == "svg"
    assert_clean(logo.data)
    for word in gone:
        assert word not in logo.data.decode("utf-8"), word
    assert logo.height == SVG_HEIGHT and 0 < logo.width <= 50 * SVG_HEIGHT
    assert magenta_share(logo.raster().data) > 0.2  # the drawing itself stayed, and can be drawn


def test_what_cleaning_removed_is_said_in_dutch():
    logo = read_logo(HOSTILE_SVGS["script"][0])
    assert logo.removed == ("een script",)
    mixed = svg(f'<script>1</script><a href="http://{EVIL}"><use href="http://{EVIL}/x#y" onload="x()"/></a>')
    assert set(read_logo(mixed).removed) == {
        "een script",
        "een link",
        "een verwijzing naar een bestand of website buiten het logo",
        "een gebeurtenis (zoals onload of onclick)",
    }
    assert read_logo(svg('<circle cx="150" cy="50" r="40" fill="url(#g)"/>')).removed == ()


def test_a_logo_with_nothing_hostile_keeps_its_drawing():
    kept = svg(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#004"/></linearGradient></defs>'
        '<style>.b { fill: url(#g) }</style><circle class="b" cx="150" cy="50" r="40"/>'
        '<text x="110" y="95" font-family="DejaVu Sans">Gemeente &amp; co</text>'
    )
    logo = read_logo(kept)
    text = logo.data.decode("utf-8")
    for part in ('<linearGradient id="g">', "url(#g)", 'class="b"', "Gemeente &amp; co", 'viewBox="0 0 200 100"'):
        assert part in text, part
    assert (logo.width, logo.height) == (2 * SVG_HEIGHT, SVG_HEIGHT)  # its own shape, 2 : 1


ATTRIBUTE_NAMES = st.sampled_from(
    ["onload", "onClick", "ONMOUSEOVER", "href", "style", "fill", "clip-path", "class", "transform", "data-x", "begin"]
)
ATTRIBUTE_VALUES = st.sampled_from(
    [
        "alert(1)",
        "javascript:alert(1)",
        " JavaScript :alert(1)",
        f"http://{EVIL}/x",
        f"url(http://{EVIL}/x)",
        f"url('//{EVIL}/x')",
        "\\75 rl(http://evil.example/x)",
        f"fill:url(http://{EVIL}/x);stroke:red",
        "url(#g)",
        "#g",
        "red",
        "translate(1 2)",
        "data:image/svg+xml;base64,PHN2Zy8+",
        f"image-set('http://{EVIL}/x' 1x)",
    ]
)
ELEMENTS = st.sampled_from(
    ["g", "rect", "use", "image", "script", "a", "text", "foreignObject", "set", "style", "pattern"]
)


@given(st.lists(st.tuples(ELEMENTS, st.dictionaries(ATTRIBUTE_NAMES, ATTRIBUTE_VALUES, max_size=4)), max_size=8))
def test_any_mix_of_hostile_parts_comes_out_clean(parts):
    from xml.sax.saxutils import quoteattr

    body = "".join(
        f"<{tag} " + " ".join(f"{key}={quoteattr(value)}" for key, value in attributes.items()) + "/>"
        for tag, attributes in parts
    )
    logo = read_logo(svg(body))
    assert_clean(logo.data)


# --- PNG and JPEG: measured before decoding ---------------------------------------------------


@pytest.mark.parametrize(
    "width,height",
    [(12_000, 12_000), (20_000, 20_000), (MOST_SIDE + 1, 10), (10, MOST_SIDE + 1), (5000, MOST_PIXELS // 5000 + 1)],
)
def test_a_png_that_claims_too_many_pixels_is_refused_from_its_header(width, height, monkeypatch):
    content = png(width, height, bit_depth=1)
    assert len(content) < 2_000_000
    _no_decoding(monkeypatch)
    with pytest.raises(LogoRefused) as refused:
        read_logo(content)
    assert f"{width} bij {height} pixels" in refused.value.message


def test_a_png_within_the_limits_passes_with_its_size():
    logo = read_logo(png(4000, MOST_PIXELS // 4000, bit_depth=1))
    assert (logo.kind, logo.width, logo.height) == ("png", 4000, MOST_PIXELS // 4000)


@pytest.mark.parametrize("marker", sorted(JPEG_FRAMES))
def test_every_kind_of_jpeg_frame_gives_its_size_and_is_refused_when_too_big(marker, monkeypatch):
    _no_decoding(monkeypatch)
    assert read_logo(jpeg_header(300, 200, marker)).width == 300
    with pytest.raises(LogoRefused):
        read_logo(jpeg_header(12_000, 12_000, marker))


@pytest.mark.parametrize("progressive", [False, True])
def test_a_real_jpeg_is_measured_as_pillow_would(progressive):
    logo = read_logo(real_jpeg(40, 20, progressive))
    assert (logo.kind, logo.width, logo.height) == ("jpeg", 40, 20)


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDX" + bytes(13),
        b"\xff\xd8\xff\xe0\x00",
        b"GIF89a",
        b"",
    ],
)
def test_a_broken_or_other_image_is_one_dutch_refusal(content):
    with pytest.raises(LogoRefused) as refused:
        read_logo(content)
    assert refused.value.message and refused.value.hint


def _no_decoding(monkeypatch):
    """Any decoding by Pillow fails the test: the size must come from the header alone."""
    from PIL import Image, ImageFile

    def decoded(*args, **kwargs):
        raise AssertionError("Pillow decoded or opened the image")

    monkeypatch.setattr(ImageFile.ImageFile, "load", decoded)
    monkeypatch.setattr(Image, "open", decoded)


# --- in a build ---------------------------------------------------------------------------------

WERKVORM = """WERKVORM Logo-proef
soort: intervisie
duur: 30 min
deelnemers: 3 tot 8
doel: Kijken of het logo goed komt.

SESSIE

stap Opening
    duur: 30 min
    Welkom.
"""


@pytest.mark.parametrize("size", [12_000, 20_000])
def test_a_pixel_bomb_logo_stops_the_build_with_one_line_and_no_raw_warning(tmp_path, capfd, monkeypatch, size):
    (tmp_path / "proef.werkvorm").write_text(WERKVORM, encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(png(size, size, bit_depth=1))
    (tmp_path / "huisstijl.toml").write_text('logo = "logo.png"\n', encoding="utf-8")
    _no_decoding(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a DecompressionBombWarning would now fail the build loudly
        code = main(["build", "--to", str(tmp_path / "uit"), "-j", "1", str(tmp_path / "proef.werkvorm")])
    out, err = capfd.readouterr()
    assert code == 2
    assert "fout[E603]" in err and f"{size} bij {size} pixels" in err
    assert "DecompressionBomb" not in err + out and "data:" not in err + out and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and len(err) < 400
    assert not (tmp_path / "uit").exists()


@pytest.mark.pdf
def test_a_logo_weasyprint_cannot_read_is_named_without_its_data_address(tmp_path, capfd):
    (tmp_path / "proef.werkvorm").write_text(WERKVORM, encoding="utf-8")
    broken = png(40, 20)[:60]  # a good header, and the picture itself cut off
    (tmp_path / "logo.png").write_bytes(broken)
    (tmp_path / "huisstijl.toml").write_text('logo = "logo.png"\n', encoding="utf-8")
    code = main(
        [
            "build",
            "--to",
            str(tmp_path / "uit"),
            "--formaten",
            "pdf",
            "--only",
            "deelnemers",
            str(tmp_path / "proef.werkvorm"),
        ]
    )
    out, err = capfd.readouterr()
    assert code in (0, 2)
    assert "base64," not in out + err and "Traceback" not in err
    assert max(len(line) for line in (out + err).splitlines()) < 400


def test_weasyprint_s_remarks_never_carry_a_data_address():
    from werkvorm_dsl.output.pdf_renderer import without_data_addresses

    address = "data:image/png;base64," + "iVBORw0KGgo" * 50_000
    said = without_data_addresses(f"Failed to load image at {address!r}: cannot identify image")
    assert said == "Failed to load image at 'data:image/png…': cannot identify image"
    assert without_data_addresses("data:,hallo en data:text/plain;charset=utf-8,x") == "data:… en data:text/plain…"


# --- drawing an SVG as a PNG: in a child process with bounded memory and time -----------------


def test_a_mask_that_asks_cairo_for_gigabytes_is_one_dutch_line(tmp_path):
    from werkvorm_dsl.output.logo import rasterised
    from werkvorm_dsl.system.files import FileFault

    huge = svg(
        '<mask id="m" maskUnits="userSpaceOnUse" x="0" y="0" width="60000" height="60000">'
        '<rect width="60000" height="60000" fill="white"/></mask><rect width="200" height="100" mask="url(#m)"/>'
    )
    logo = read_logo(huge)  # nothing wrong to see in the file itself
    rasterised.cache_clear()
    with pytest.raises(FileFault) as refused:
        logo.raster()
    assert refused.value.code == "E603" and "te veel geheugen" in refused.value.message


def test_the_drawing_child_imports_nothing_from_the_current_folder(tmp_path, monkeypatch):
    from werkvorm_dsl.output.logo import rasterised

    (tmp_path / "cairosvg.py").write_text(f"open({str(tmp_path / 'geraakt')!r}, 'w').close()\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    rasterised.cache_clear()
    assert read_logo(svg("")).raster().data.startswith(b"\x89PNG")
    assert not (tmp_path / "geraakt").exists()


def test_without_cairosvg_the_build_says_what_to_install(monkeypatch):
    from werkvorm_dsl.output import logo
    from werkvorm_dsl.system.files import FileFault

    monkeypatch.setattr(logo, "RASTER_CHILD", "import sys; sys.exit(3)")
    logo.rasterised.cache_clear()
    with pytest.raises(FileFault) as refused:
        read_logo(svg('<circle cx="150" cy="50" r="3"/>')).raster()
    logo.rasterised.cache_clear()
    assert refused.value.code == "E508" and "cairosvg" in refused.value.message
