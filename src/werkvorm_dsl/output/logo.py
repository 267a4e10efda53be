"""A house style's logo as untrusted input: PNG and JPEG measured before decoding, SVG rebuilt clean.

A logo comes from whoever made the house style, or from an upload in `werkvorm serve`, and it goes
into every document, also those sent to participants. So a PNG or JPEG is measured from its header
before any decoder sees it (a small file can claim 12,000 × 12,000 pixels and take gigabytes to
decode), and an SVG is parsed without entities or network and rebuilt from a list of drawing
elements: no scripts, no event attributes, no HTML inside, nothing fetched from outside the file.
"""

from __future__ import annotations

import base64
import functools
import math
import re
import struct
from dataclasses import dataclass, field

from werkvorm_dsl.output.safe_xml import safe_parser

MOST_PIXELS = 16_000_000  # 4000 × 4000: more than any printed logo needs, a few dozen MB to decode
MOST_SIDE = 10_000  # pixels on one side
MOST_RATIO = 50  # a logo wider than 50 times its height (or taller) is not one
MOST_ELEMENTS = 20_000  # what the drawing may hold, references (<use>, url(#…)) counted in full
MOST_NUMBER = 1_000_000  # any number in the drawing: beyond this, renderers overflow (Pango's font sizes)
SVG_HEIGHT = 96  # the cleaned SVG's own height in CSS pixels (one inch); the width follows its shape
RASTER_HEIGHT = 360  # pixels of the PNG for Word and LibreOffice: sharp at the 15 mm it is printed
RASTER_MOST_WIDTH = 3600
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
# What a logo draws with. Anything else is left out: scripts, <foreignObject> (HTML inside),
# animations (which can change a link), filters and patterns (which make renderers allocate
# surfaces of any size), and the editors' own bookkeeping (metadata, Inkscape's namedview).
DRAWING = frozenset(
    {
        "svg", "g", "defs", "symbol", "use", "path", "rect", "circle", "ellipse", "line", "polyline",
        "polygon", "text", "tspan", "textPath", "title", "desc", "linearGradient", "radialGradient",
        "stop", "clipPath", "mask", "marker", "style", "switch", "image",
    }
)  # fmt: skip
UNWRAPPED = frozenset({"a"})  # a link's drawing stays, the link goes
SILENTLY_LEFT_OUT = frozenset({"metadata"})  # only the drawing program's notes
# What the author hears was left out, in words, once each (see CleanSvg.removed).
SCRIPT = "een script"
EVENT = "een gebeurtenis (zoals onload of onclick)"
OUTSIDE = "een verwijzing naar een bestand of website buiten het logo"
HTML_INSIDE = "ingesloten HTML (foreignObject)"
ANIMATION = "een animatie"
LINK = "een link"
IMAGE = "een ingesloten afbeelding die geen PNG of JPEG is, of te groot"
NOT_DRAWN = "een onderdeel dat hier niet getekend wordt ({name})"
LEFT_OUT_ELEMENTS = {
    "script": SCRIPT,
    "foreignObject": HTML_INSIDE,
    "animate": ANIMATION,
    "animateMotion": ANIMATION,
    "animateTransform": ANIMATION,
    "animateColor": ANIMATION,
    "set": ANIMATION,
}
LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in)?\s*")
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
NOT_MEASURES = frozenset({"id", "class", "href", f"{{{XLINK}}}href"})  # names and addresses, not sizes
FONT_SIZES = frozenset({"font-size", "font"})
DATA_IMAGE = re.compile(r"\s*data:image/(png|jpeg|jpg);base64,([A-Za-z0-9+/=\s]+)", re.ASCII)


class LogoRefused(Exception):
    """Why a logo cannot be used, in one Dutch sentence, and what to do instead."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True)
class Logo:
    """A logo that passed: PNG or JPEG as given, or an SVG rebuilt clean; its size in its own units
    (pixels, or the cleaned SVG's CSS pixels), from its header or its viewBox."""

    data: bytes
    kind: str  # "png", "jpeg" or "svg"
    width: float
    height: float
    removed: tuple[str, ...] = field(default=(), compare=False)  # what cleaning left out of an SVG, in Dutch

    @property
    def data_uri(self) -> str:
        media = "image/svg+xml" if self.kind == "svg" else f"image/{self.kind}"
        return f"data:{media};base64,{base64.b64encode(self.data).decode('ascii')}"

    @property
    def suffix(self) -> str:
        return {"png": "png", "jpeg": "jpg", "svg": "svg"}[self.kind]

    def raster(self) -> Logo:
        """The logo as Word and LibreOffice take it: a PNG or JPEG as is, an SVG drawn as a PNG."""
        if self.kind != "svg":
            return self
        png = rasterised(self.data, *_raster_size(self.width / self.height))
        width, height = pixel_size(png, "png")
        return Logo(png, "png", width, height)


def read_logo(content: bytes) -> Logo:
    """The logo in these bytes, checked (LogoRefused with the reason); an SVG comes back cleaned."""
    if content.startswith(PNG_SIGNATURE):
        return _raster(content, "png")
    if content.startswith(JPEG_SIGNATURE):
        return _raster(content, "jpeg")
    if _looks_like_svg(content):
        return clean_svg(content)
    if content.startswith(b"\x1f\x8b"):
        raise LogoRefused("Het logo is een ingepakt SVG-bestand (.svgz).", "Sla het op als gewoon SVG (.svg).")
    raise LogoRefused("Het logo is geen PNG, JPEG of SVG.", "Sla het logo op als .png, .jpg of .svg.")


def _raster(content: bytes, kind: str) -> Logo:
    width, height = pixel_size(content, kind)
    return Logo(content, kind, width, height)


def pixel_size(content: bytes, kind: str) -> tuple[int, int]:
    """Width and height from the PNG or JPEG header, refused above the limits before anything is
    decoded: Pillow only warns below twice its own limit, and WeasyPrint decodes what it gets."""
    try:
        width, height = _png_size(content) if kind == "png" else _jpeg_size(content)
    except (struct.error, ValueError):
        raise LogoRefused(
            f"Het logo is geen goed {kind.upper()}-bestand: de afmetingen zijn niet te lezen.",
            "Open het in een tekenprogramma en sla het opnieuw op.",
        ) from None
    if not width or not height:
        raise LogoRefused("Het logo heeft geen breedte of hoogte.", "Sla het opnieuw op in een tekenprogramma.")
    if width > MOST_SIDE or height > MOST_SIDE or width * height > MOST_PIXELS:
        raise LogoRefused(
            f"Het logo is {width} bij {height} pixels; dat is groter dan ik lees "
            f"(hooguit {MOST_SIDE} pixels per kant en {MOST_PIXELS // 1_000_000} miljoen in totaal).",
            "Maak het logo kleiner, bijvoorbeeld 1000 pixels breed; dat is op papier nog steeds scherp.",
        )
    return width, height


def _png_size(content: bytes) -> tuple[int, int]:
    length, chunk, width, height = struct.unpack(">I4sII", content[8:24])
    if chunk != b"IHDR" or length < 8:
        raise ValueError("no header")
    return width, height


# Start-of-frame markers (SOF0-SOF15 but DHT, JPG and DAC), where a JPEG gives its size.
JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
JPEG_BARE_MARKERS = frozenset({0x01, *range(0xD0, 0xD8)})  # no length follows these


def _jpeg_size(content: bytes) -> tuple[int, int]:
    index = 2
    while index + 4 <= len(content):
        if content[index] != 0xFF:
            raise ValueError("not a marker")
        marker = content[index + 1]
        if marker == 0xFF:  # fill byte
            index += 1
            continue
        if marker in JPEG_BARE_MARKERS:
            index += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, or the scan before any frame header
            break
        (length,) = struct.unpack(">H", content[index + 2 : index + 4])
        if marker in JPEG_FRAMES:
            height, width = struct.unpack(">HH", content[index + 5 : index + 9])
            return width, height
        if length < 2:
            raise ValueError("bad length")
        index += 2 + length
    raise ValueError("no size")


def _looks_like_svg(content: bytes) -> bool:
    head = content[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE")) and b"<svg" in content[:65536]


# --- SVG ---------------------------------------------------------------------------------------


def clean_svg(content: bytes) -> Logo:
    """The SVG rebuilt from its drawing alone (see DRAWING), sized SVG_HEIGHT high in its own shape;
    `removed` says in Dutch what was left out. Refused: no XML, entities, no size, too much."""
    root = _parsed(content)
    width, height = _shape(root)
    cleaner = _Cleaner()
    clean = cleaner.rebuilt(root)
    _check_amount(clean)
    _check_numbers(clean)
    clean.set("width", _number(SVG_HEIGHT * width / height))
    clean.set("height", str(SVG_HEIGHT))
    if root.get("viewBox") is None:
        clean.set("viewBox", f"0 0 {_number(width)} {_number(height)}")
    from lxml import etree

    data = etree.tostring(clean, xml_declaration=True, encoding="utf-8")
    return Logo(data, "svg", SVG_HEIGHT * width / height, SVG_HEIGHT, tuple(dict.fromkeys(cleaner.removed)))


def _parsed(content: bytes):
    from lxml import etree

    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LogoRefused("Het SVG-logo is niet in UTF-8 opgeslagen.", "Sla het opnieuw op als SVG (UTF-8).") from None
    if "<!ENTITY" in text:
        # Entities are how an XML file makes a computer expand it without end, or read other files.
        raise LogoRefused(
            "Het SVG-logo bevat eigen afkortingen (XML-entities); die lees ik niet, omdat ze een "
            "computer kunnen laten vastlopen of andere bestanden kunnen laten lezen.",
            "Sla het logo opnieuw op als gewoon SVG, bijvoorbeeld in Inkscape als 'Normaal SVG', "
            "of in Illustrator als SVG 1.1 zonder Illustrator-gegevens.",
        )
    parser = safe_parser(remove_comments=True, remove_pis=True, encoding="utf-8")
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as error:
        line = f" (regel {error.lineno})" if error.lineno else ""
        raise LogoRefused(
            f"Het SVG-logo is geen goed XML-bestand{line}.",
            "Open het in een tekenprogramma en sla het opnieuw op als SVG.",
        ) from None
    if etree.QName(root).localname != "svg" or etree.QName(root).namespace not in (SVG, None):
        raise LogoRefused("Dit bestand is geen SVG-tekening.", "Sla het logo op als .svg, .png of .jpg.")
    return root


def _shape(root) -> tuple[float, float]:
    """The logo's width and height in its own units: from the viewBox, else from width and height."""
    box = root.get("viewBox")
    if box is not None:
        parts = [part for part in re.split(r"[\s,]+", box.strip()) if part]
        numbers = _finite_numbers(parts)
        if numbers is None or len(numbers) != 4:
            raise LogoRefused(
                "De viewBox van het SVG-logo is niet te lezen.", "Sla het opnieuw op in een tekenprogramma."
            )
        width, height = numbers[2], numbers[3]
    else:
        given = _length(root.get("width")), _length(root.get("height"))
        if given[0] is None or given[1] is None:
            raise LogoRefused(
                "Het SVG-logo heeft geen afmetingen (geen viewBox, en geen breedte en hoogte in getallen).",
                "Sla het opnieuw op in een tekenprogramma; dat zet de afmetingen erin.",
            )
        width, height = given[0], given[1]
    if width <= 0 or height <= 0:
        raise LogoRefused("Het SVG-logo heeft geen breedte of hoogte.", "Sla het opnieuw op in een tekenprogramma.")
    if max(width, height) > MOST_NUMBER:
        raise _too_large_number()
    if max(width / height, height / width) > MOST_RATIO:
        raise LogoRefused(
            f"Het SVG-logo is meer dan {MOST_RATIO} keer zo breed als hoog (of andersom).",
            "Snijd het logo bij tot de tekening zelf.",
        )
    return width, height


def _finite_numbers(parts: list[str]) -> list[float] | None:
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        return None
    return numbers if all(math.isfinite(n) for n in numbers) else None


def _length(value: str | None) -> float | None:
    match = LENGTH.fullmatch(value or "")
    if match is None:
        return None
    number = float(match.group(1))
    return number if math.isfinite(number) else None


def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


class _Cleaner:
    """Copies what a logo draws into a new tree; whatever it leaves out that the author put there on
    purpose (a script, a link, an outside reference) is named in `removed`."""

    def __init__(self):
        self.removed: list[str] = []

    def rebuilt(self, root):
        from lxml import etree

        clean = etree.Element(f"{{{SVG}}}svg", nsmap={None: SVG, "xlink": XLINK})
        self._attributes(root, clean, "svg", outermost=True)
        clean.text = root.text
        for child in root:
            self._copy(child, clean)
        return clean

    def _copy(self, element, parent) -> None:
        from lxml import etree

        if not isinstance(element.tag, str):
            return  # an entity reference left unexpanded (there are no declarations, see _parsed)
        name = etree.QName(element)
        if name.namespace not in (SVG, None):
            self._keep_tail(element, parent)  # another program's elements (Inkscape, RDF): never drawn
            return
        tag = name.localname
        if tag in UNWRAPPED:
            self.removed.append(LINK)
            self._unwrap(element, parent)
            return
        if tag not in DRAWING:
            if tag not in SILENTLY_LEFT_OUT:
                self.removed.append(LEFT_OUT_ELEMENTS.get(tag, NOT_DRAWN.format(name=tag)))
            self._keep_tail(element, parent)
            return
        if tag == "image" and not self._image_allowed(element):
            self.removed.append(IMAGE)
            self._keep_tail(element, parent)
            return
        copy = etree.SubElement(parent, f"{{{SVG}}}{tag}")
        self._attributes(element, copy, tag)
        copy.text = _style_sheet(element.text, self) if tag == "style" else element.text
        copy.tail = element.tail
        for child in element:
            self._copy(child, copy)

    def _unwrap(self, element, parent) -> None:
        """A link's contents in the link's place."""
        if element.text:
            self._append_text(parent, element.text)
        for child in element:
            self._copy(child, parent)
        self._keep_tail(element, parent)

    def _keep_tail(self, element, parent) -> None:
        if element.tail:
            self._append_text(parent, element.tail)

    @staticmethod
    def _append_text(parent, text: str) -> None:
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    def _attributes(self, element, copy, tag: str, outermost: bool = False) -> None:
        from lxml import etree

        for key, value in element.attrib.items():
            name = etree.QName(key)
            if name.namespace == XML and name.localname in ("space", "lang"):
                copy.set(key, value)
                continue
            if (name.namespace == XLINK and name.localname == "href") or (name.namespace is None and key == "href"):
                if self._reference_allowed(value, tag):
                    copy.set(key, value)
                continue
            if name.namespace is not None:
                continue  # another program's settings
            if key.lower().startswith("on"):
                self.removed.append(EVENT)
                continue
            if outermost and key in ("width", "height", "x", "y"):
                continue  # the size is set anew from the shape (clean_svg)
            cleaned = self._value(key, value)
            if cleaned is not None:
                copy.set(key, cleaned)

    def _value(self, key: str, value: str) -> str | None:
        """An attribute value, unless it reaches outside the logo (fill="url(http://…)"); a style
        attribute without the declarations that do."""
        if "javascript:" in re.sub(r"\s", "", value).lower():
            self.removed.append(SCRIPT)
            return None
        if key == "style":
            return _declarations(value, self)
        if key in FONT_SIZES and not _sane_size(value):
            return None  # a negative or endless letter size, which makes Pango complain on the terminal
        if ("(" in value or "\\" in value) and _reaches_outside(value):
            self.removed.append(OUTSIDE)
            return None
        return value

    def _reference_allowed(self, value: str, tag: str) -> bool:
        if value.strip().startswith("#"):
            return True
        if tag == "image" and _embedded_image(value):
            return True
        self.removed.append(SCRIPT if "javascript:" in value.lower() else OUTSIDE)
        return False

    @staticmethod
    def _image_allowed(element) -> bool:
        """An image is kept only when every address it has is an embedded PNG or JPEG (see _embedded_image)."""
        addresses = [element.get(key) for key in (f"{{{XLINK}}}href", "href") if element.get(key) is not None]
        return bool(addresses) and all(_embedded_image(address) for address in addresses)


def _embedded_image(address: str) -> bool:
    """Whether an image's address is a PNG or JPEG inside the file, within the same limits as a logo
    of its own: nothing is fetched, and no decoder sees more pixels than a logo may have."""
    match = DATA_IMAGE.fullmatch(address)
    if match is None:
        return False
    try:
        read = read_logo(base64.b64decode("".join(match.group(2).split()), validate=True))
    except (ValueError, LogoRefused):
        return False
    return read.kind in ("png", "jpeg")


def _reaches_outside(css: str) -> bool:
    """Whether CSS text (a value, or a rule's declarations) names a url() other than #an-id, in any
    spelling CSS allows (escapes included: tinycss2 reads them as a browser does)."""
    import tinycss2

    return any(not url.startswith("#") for url in _urls(tinycss2.parse_component_value_list(css)))


def _urls(tokens):
    for token in tokens:
        if token.type == "url":
            yield token.value.strip()
        elif token.type == "function":
            if token.lower_name in ("url", "src", "image", "image-set"):
                strings = [t.value for t in token.arguments if t.type == "string"]
                yield (strings[0] if strings else "").strip()
            yield from _urls(token.arguments)
        elif token.type in ("() block", "[] block", "{} block"):
            yield from _urls(token.content)


def _sane_size(css: str) -> bool:
    """Whether every number in a letter size (or the `font` shorthand) is from 0 to MOST_NUMBER."""
    import tinycss2

    numbers = [
        t.value for t in tinycss2.parse_component_value_list(css) if t.type in ("number", "dimension", "percentage")
    ]
    return all(0 <= number <= MOST_NUMBER for number in numbers)


def _check_numbers(clean) -> None:
    """Refuses a drawing with a number beyond MOST_NUMBER anywhere in its attributes or style: no
    logo needs one, and renderers overflow on them (a size that turns negative)."""
    for element in clean.iter():
        values = [value for key, value in element.attrib.items() if key not in NOT_MEASURES]
        if element.tag == f"{{{SVG}}}style" and element.text:
            values.append(element.text)
        for value in values:
            if any(abs(float(number)) > MOST_NUMBER for number in NUMBER.findall(value)):
                raise _too_large_number()


def _too_large_number() -> LogoRefused:
    return LogoRefused(
        "In het SVG-logo staat een getal van meer dan een miljoen; zo groot tekent geen logo, "
        "en de programma's die het tekenen lopen erop vast.",
        "Sla het logo opnieuw op in een tekenprogramma, of als PNG.",
    )


def _declarations(css: str, cleaner: _Cleaner) -> str:
    """A style attribute without the declarations that reach outside the logo."""
    import tinycss2

    kept = []
    for declaration in tinycss2.parse_blocks_contents(css, skip_comments=True, skip_whitespace=True):
        if declaration.type != "declaration":
            continue
        if any(not url.startswith("#") for url in _urls(declaration.value)):
            cleaner.removed.append(OUTSIDE)
            continue
        if declaration.lower_name in FONT_SIZES and not _sane_size(tinycss2.serialize(declaration.value)):
            continue
        kept.append(f"{declaration.name}:{tinycss2.serialize(declaration.value).strip()}"
                    + ("!important" if declaration.important else ""))  # fmt: skip
    return ";".join(kept)


def _style_sheet(css: str | None, cleaner: _Cleaner) -> str | None:
    """A <style> element's rules, each with only the declarations that stay inside the logo; at-rules
    (@import, @font-face and the like, which fetch) are left out."""
    import tinycss2

    if not css:
        return css
    rules = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule":
            cleaner.removed.append(OUTSIDE if rule.lower_at_keyword in ("import", "font-face") else
                                   NOT_DRAWN.format(name="@" + rule.lower_at_keyword))  # fmt: skip
            continue
        if rule.type != "qualified-rule":
            continue
        selector = tinycss2.serialize(rule.prelude).strip()
        rules.append(f"{selector} {{ {_declarations(tinycss2.serialize(rule.content), cleaner)} }}")
    return "\n".join(rules)


def _check_amount(clean) -> None:
    """Refuses a drawing that would take renderers too long: more than MOST_ELEMENTS elements once
    every reference to another part (<use href="#…">, fill="url(#…)") is counted as a copy of it,
    which is how a small file makes a renderer draw billions of shapes; or a reference loop."""
    # Every element's proxy held for the count: lxml makes proxies on demand, and the count keys
    # them by id(), which must stay one element's for the whole walk.
    everything = list(clean.iter())
    ids = {element.get("id"): element for element in everything if element.get("id")}
    weights: dict[int, int] = {}
    if _weight(clean, ids, weights) > MOST_ELEMENTS:
        raise LogoRefused(
            f"Het SVG-logo tekent meer dan {MOST_ELEMENTS:,} onderdelen (verwijzingen meegeteld); "
            "dat is te veel om veilig te tekenen.".replace(",", "."),
            "Sla het logo eenvoudiger op, of als PNG.",
        )


def _references(element, ids: dict) -> list:
    targets = []
    for key, value in element.attrib.items():
        if key.endswith("href") and value.strip().startswith("#"):
            targets.append(ids.get(value.strip()[1:]))
        elif "url(" in value:
            targets.extend(ids.get(name) for name in re.findall(r"url\(\s*['\"]?#([^)'\"\s]+)", value))
    return [target for target in targets if target is not None]


def _weight(root, ids: dict, weights: dict[int, int]) -> int:
    """How many elements drawing `root` means, references counted in full; iterative, as a chain of
    references may be longer than Python's recursion allows. A loop is refused."""
    open_now: set[int] = set()
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        element, children_done = stack.pop()
        key = id(element)
        if key in weights:
            continue
        parts = list(element) + _references(element, ids)  # type: ignore[call-overload]
        if children_done:
            open_now.discard(key)
            weights[key] = min(1 + sum(weights[id(part)] for part in parts), MOST_ELEMENTS + 1)
            continue
        if key in open_now:
            raise LogoRefused(
                "Het SVG-logo verwijst naar zichzelf (een onderdeel gebruikt zichzelf).",
                "Sla het logo opnieuw op in een tekenprogramma, of als PNG.",
            )
        open_now.add(key)
        stack.append((element, True))
        for part in parts:
            if id(part) in open_now:
                raise LogoRefused(
                    "Het SVG-logo verwijst naar zichzelf (een onderdeel gebruikt zichzelf).",
                    "Sla het logo opnieuw op in een tekenprogramma, of als PNG.",
                )
            if id(part) not in weights:
                stack.append((part, False))
    return weights[id(root)]


def _raster_size(ratio: float) -> tuple[int, int]:
    width = RASTER_HEIGHT * ratio
    if width <= RASTER_MOST_WIDTH:
        return max(round(width), 1), RASTER_HEIGHT
    return RASTER_MOST_WIDTH, max(round(RASTER_MOST_WIDTH / ratio), 1)


# CairoSVG draws some parts (a <mask>) on a surface as large as the part's own numbers, so an
# innocent-looking file can ask for gigabytes. It runs in a child process of its own, with a cap on
# its memory and time: whatever it meets, the build hears one sentence, never an out-of-memory kill.
RASTER_MEMORY = 768 * 1024 * 1024  # address space of the child: Python and Cairo take about 60 MB
RASTER_SECONDS = 60
RASTER_CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
try:
    import cairosvg
except (ImportError, OSError):
    sys.exit(3)
width, height = int(sys.argv[1]), int(sys.argv[2])
svg = sys.stdin.buffer.read()
sys.stdout.buffer.write(cairosvg.svg2png(bytestring=svg, output_width=width, output_height=height, unsafe=False))
"""
MISSING_LIBRARY = 3


@functools.lru_cache(maxsize=4)
def rasterised(svg: bytes, width: int, height: int) -> bytes:
    """A cleaned SVG drawn as a PNG of this size by CairoSVG in its safe mode (no entities, nothing
    fetched but data: addresses), in a child process with bounded memory and time. A missing
    library, or a drawing it cannot make within those bounds, is one Dutch line (E508, E603)."""
    import subprocess
    import sys

    from werkvorm_dsl.system.files import FileFault

    command = [sys.executable, "-I", "-c", RASTER_CHILD.format(memory=RASTER_MEMORY), str(width), str(height)]
    try:
        # -I: the child reads no environment variables and no module from the current folder
        done = subprocess.run(command, input=svg, capture_output=True, timeout=RASTER_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        done = None
    if done is not None and done.returncode == MISSING_LIBRARY:
        raise FileFault(
            "Om het SVG-logo in de Word- en LibreOffice-bestanden te zetten, ontbreekt cairosvg (of libcairo2).",
            "E508",
            "",
            "Installeer ze met: pip install cairosvg en apt-get install libcairo2; of gebruik een PNG-logo.",
        )
    if done is None or done.returncode != 0 or not done.stdout.startswith(b"\x89PNG"):
        why = "het duurde te lang" if done is None else "het vroeg te veel geheugen, of de tekening klopt niet"
        raise FileFault(
            f"Het SVG-logo kon ik niet omzetten naar een afbeelding voor Word en LibreOffice ({why}).",
            "E603",
            "",
            "Sla het logo eenvoudiger op in een tekenprogramma (zonder maskers), of gebruik een PNG-logo.",
        )
    return done.stdout
