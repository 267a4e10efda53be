"""House styles at and past the limits of logo and Word template: each build must stay under a memory bound."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib


def png(width: int, height: int) -> bytes:
    """A greyscale PNG of this size; rows of one value compress to almost nothing (as a hostile one does)."""
    row = b"\x00" + b"\x80" * width
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def template(media_bytes: int, xml_bytes: int) -> bytes:
    """python-docx's own template as a .dotx, with a picture part and an XML part of these unpacked sizes."""
    import docx

    from werkvorm_dsl.output.word_template import DOCUMENT_TYPE, TEMPLATE_TYPE

    path = os.path.join(os.path.dirname(docx.__file__), "templates", "default.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(DOCUMENT_TYPE, TEMPLATE_TYPE)
            target.writestr(name, data)
        if media_bytes:  # written in pieces: 600 MB of zeros need not be in memory to be packed
            with target.open("word/media/groot.bin", "w", force_zip64=True) as media:
                for start in range(0, media_bytes, 1 << 20):
                    media.write(bytes(min(1 << 20, media_bytes - start)))
        if xml_bytes:
            target.writestr("customXml/groot.xml", b"<a>" + b"<b/>" * (xml_bytes // 4) + b"</a>")
    return out.getvalue()


def cases() -> dict[str, tuple[bytes, bytes]]:
    """Name: (logo PNG, Word template). The first two are at the limits and must build; the others
    are past them and must be refused from their headers, before anything is decoded."""
    from werkvorm_dsl.output.logo import MOST_PIXELS
    from werkvorm_dsl.output.word_template import MOST_UNPACKED, MOST_XML

    side = int(MOST_PIXELS**0.5)
    at_limit = template(MOST_UNPACKED - MOST_XML - 2_000_000, MOST_XML - 1_000_000)
    return {
        f"logo {side}×{side} en sjabloon op de grens": (png(side, side), at_limit),
        "logo 12.000×12.000 (te groot)": (png(12_000, 12_000), template(0, 0)),
        "sjabloon dat uitpakt tot 600 MB (te groot)": (png(100, 50), template(600_000_000, 0)),
    }
