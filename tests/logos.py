"""Logos for the tests, made on the spot: PNGs and JPEG headers of any claimed size, SVGs with a colour to find."""

from __future__ import annotations

import io
import struct
import zlib

MAGENTA = (0xE4, 0x00, 0x7C)  # the test logo's colour: found again in every output's pixels


def png(width: int, height: int, bit_depth: int = 8, colour: int = 0) -> bytes:
    """A real greyscale PNG of this size: rows of one value compress to almost nothing, so a file of
    a few hundred kB can claim 12,000 × 12,000 pixels, as a hostile logo does."""
    row = b"\x00" + bytes([colour]) * ((width * bit_depth + 7) // 8)
    packer = zlib.compressobj(6)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, bit_depth, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def jpeg_header(width: int, height: int, marker: int = 0xC0) -> bytes:
    """The start of a JPEG up to its frame header (start-of-frame `marker`): all a reader of the size needs."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    frame = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + bytes([0xFF, marker]) + struct.pack(">H", 2 + len(frame)) + frame + b"\xff\xd9"


def real_jpeg(width: int = 40, height: int = 20, progressive: bool = False) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), MAGENTA).save(out, "JPEG", quality=95, progressive=progressive)
    return out.getvalue()


def svg(body: str, root: str = 'viewBox="0 0 200 100"', before: str = "") -> bytes:
    """An SVG logo: a magenta block on the left (so the drawing can be found in every output), and `body`."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{before}'
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" {root}>\n'
        f'<rect x="0" y="0" width="100" height="100" fill="#e4007c"/>\n{body}\n</svg>\n'
    ).encode()


def magenta_share(image_bytes: bytes, top_share: float = 1.0) -> float:
    """Which share of the picture's pixels (of its top part) is the test logo's magenta."""
    from PIL import Image

    with Image.open(io.BytesIO(image_bytes)) as opened:
        picture = opened.convert("RGB")
    width, height = picture.size
    part = picture.crop((0, 0, width, max(1, int(height * top_share))))
    data = part.tobytes()
    pixels = [data[at : at + 3] for at in range(0, len(data), 3)]
    found = sum(1 for r, g, b in pixels if abs(r - MAGENTA[0]) < 40 and g < 60 and abs(b - MAGENTA[2]) < 40)
    return found / len(pixels)
