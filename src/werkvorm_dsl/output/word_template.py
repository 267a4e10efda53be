"""A municipality's Word template read as untrusted input: unpacked within limits, checked and cleaned once.

A .dotx or .docx is a zip of XML parts. Sent by e-mail or downloaded from an intranet, it can be
broken (cut off, no content types), hostile to the computer (a small file that unpacks to
gigabytes, XML entities that expand without end or read other files) or hostile to the people who
receive the documents made from it: an attached template or another relationship with an
external target (`TargetMode="External"`) makes Word fetch from a network share or web server when
a participant opens the hand-out (the known remote-template technique), and a field such as
INCLUDEPICTURE or DDEAUTO in a header does the same. So the template is unpacked with limits on
entries and unpacked size, every XML part is parsed without entities, DTD or network, and what
reaches outside is left out. The result is a .docx (not a template) whose parts are all rewritten
by us, made once per build and opened by every .docx document.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
import zlib

from werkvorm_dsl.output.safe_xml import safe_parser

MOST_ENTRIES = 400  # a real template has a few dozen parts
MOST_UNPACKED = 24_000_000  # all parts together, unpacked: images included
MOST_XML = 6_000_000  # the XML parts together: each document parses them again, at ~10 bytes per byte
CHUNK = 64 * 1024
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ATTACHED_TEMPLATE = OFFICE_RELATIONSHIPS + "/attachedTemplate"
TEMPLATE_TYPE = b"wordprocessingml.template.main+xml"
DOCUMENT_TYPE = b"wordprocessingml.document.main+xml"
MACRO_TYPES = (b"macroEnabled", b"vbaProject")
# Fields that only show what the document itself knows; any other (INCLUDEPICTURE, INCLUDETEXT,
# LINK, DDE, DDEAUTO, IMPORT, HYPERLINK …) can fetch or run something when Word updates it.
SAFE_FIELDS = frozenset(
    "PAGE NUMPAGES SECTIONPAGES SECTION DATE TIME CREATEDATE SAVEDATE PRINTDATE TITLE SUBJECT "
    "AUTHOR KEYWORDS COMMENTS STYLEREF REF PAGEREF SEQ NUMWORDS NUMCHARS FILENAME TOC".split()
)
FIELD_NAME = re.compile(r"\s*([A-Za-z]+)")
HINT_SAVE_AGAIN = "Open het sjabloon in Word en sla het opnieuw op als Word-sjabloon (.dotx)."


class TemplateRefused(Exception):
    """Why a Word template cannot be used, in one Dutch sentence, and what to do instead."""

    def __init__(self, message: str, hint: str = HINT_SAVE_AGAIN):
        super().__init__(message)
        self.message, self.hint = message, hint


@functools.lru_cache(maxsize=2)  # serve reads the house style for every check of a draft
def cleaned_template(content: bytes) -> bytes:
    """The template in these bytes as a clean .docx (TemplateRefused with the reason)."""
    parts = _unpacked(content)
    for required in ("[Content_Types].xml", "_rels/.rels"):
        if required not in parts:
            raise TemplateRefused(f"Het Word-sjabloon is onvolledig: het onderdeel {required} ontbreekt.")
    if any(kind in parts["[Content_Types].xml"] for kind in MACRO_TYPES):
        raise TemplateRefused(
            "Het Word-sjabloon bevat macro's; die neem ik niet over in documenten voor deelnemers.",
            "Sla het in Word op als Word-sjabloon zonder macro's (.dotx).",
        )
    dropped = _dropped_relationships(parts)
    rebuilt = {name: _cleaned_part(name, data, dropped) for name, data in parts.items()}
    rebuilt["[Content_Types].xml"] = rebuilt["[Content_Types].xml"].replace(TEMPLATE_TYPE, DOCUMENT_TYPE)
    document = _zipped(rebuilt)
    _check_opens(document)
    return document


def _unpacked(content: bytes) -> dict[str, bytes]:
    """Every entry of the zip, read in chunks: its own stated sizes are not trusted."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
        if len(entries) > MOST_ENTRIES:
            raise TemplateRefused(f"Het Word-sjabloon bestaat uit meer dan {MOST_ENTRIES} onderdelen.")
        names = [entry.filename for entry in entries]
        if len(set(names)) != len(names):
            raise TemplateRefused("Het Word-sjabloon bevat een onderdeel twee keer.")
        budget = _Budget()
        return {entry.filename: _read_entry(archive, entry, budget) for entry in entries if not entry.is_dir()}
    except TemplateRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError, OSError):
        raise TemplateRefused("Het Word-sjabloon is beschadigd of onvolledig (geen goed zip-bestand).") from None


class _Budget:
    """What the whole template may still unpack to."""

    def __init__(self):
        self.left, self.xml_left = MOST_UNPACKED, MOST_XML

    def take(self, size: int, xml: bool) -> None:
        self.left -= size
        if xml:
            self.xml_left -= size
        if self.left < 0 or self.xml_left < 0:
            limit = MOST_XML if self.xml_left < 0 else MOST_UNPACKED
            raise TemplateRefused(
                f"Het Word-sjabloon wordt uitgepakt groter dan {limit // 1_000_000} MB; zo groot is een sjabloon niet.",
                "Haal grote afbeeldingen uit het sjabloon, of sla het opnieuw op als Word-sjabloon (.dotx).",
            )


def _read_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: _Budget) -> bytes:
    xml = _is_xml(entry.filename)
    chunks = []
    with archive.open(entry) as stream:
        while chunk := stream.read(CHUNK):
            budget.take(len(chunk), xml)
            chunks.append(chunk)
    return b"".join(chunks)


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels"))


def _parsed(name: str, data: bytes):
    """One XML part, parsed without entities, DTD or network; a part with a DTD is refused."""
    from lxml import etree

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # looked for before parsing: libxml2 would stop on some
        raise _entities_refused(name)
    parser = safe_parser()
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        raise TemplateRefused(f"Het onderdeel {_shown_name(name)} van het Word-sjabloon is geen goed XML.") from None
    if root.getroottree().docinfo.doctype or _has_entities(root):  # a DTD in UTF-16 passes the look above
        raise _entities_refused(name)
    return root


def _entities_refused(name: str) -> TemplateRefused:
    # Entities are how an XML file makes a computer expand it without end, or read other files.
    return TemplateRefused(
        f"Het onderdeel {_shown_name(name)} van het Word-sjabloon bevat eigen XML-afkortingen (entities); "
        "die lees ik niet, omdat ze een computer kunnen laten vastlopen of andere bestanden laten lezen."
    )


def _has_entities(root) -> bool:
    from lxml import etree

    return any(isinstance(node, etree._Entity) for node in root.iter())


def _shown_name(name: str) -> str:
    from werkvorm_dsl.system.safe_text import shown

    return shown(name)[:60]


def _dropped_relationships(parts: dict[str, bytes]) -> dict[str, set[str]]:
    """For each part, the ids of its relationships that reach outside or attach a template."""
    dropped: dict[str, set[str]] = {}
    for name, data in parts.items():
        if not name.endswith(".rels"):
            continue
        root = _parsed(name, data)
        ids = {
            relation.get("Id", "")
            for relation in root.iter(f"{{{RELATIONSHIPS}}}Relationship")
            if _reaches_outside(relation)
        }
        dropped[_source_of(name)] = ids
    return dropped


def _reaches_outside(relation) -> bool:
    return (relation.get("TargetMode") or "").lower() == "external" or relation.get("Type") == ATTACHED_TEMPLATE


def _source_of(rels_name: str) -> str:
    """The part a relationships part belongs to: word/_rels/settings.xml.rels is word/settings.xml's."""
    folder, _, file_name = rels_name.rpartition("_rels/")
    return folder + file_name.removesuffix(".rels")


def _cleaned_part(name: str, data: bytes, dropped: dict[str, set[str]]) -> bytes:
    """An XML part rewritten from its parsed tree, without what reaches outside; other parts as they are."""
    if not _is_xml(name):
        return data
    from lxml import etree

    root = _parsed(name, data)
    if name.endswith(".rels"):
        for relation in list(root.iter(f"{{{RELATIONSHIPS}}}Relationship")):
            if _reaches_outside(relation):
                root.remove(relation)
    else:
        _forget_references(root, dropped.get(name, set()))
        _remove_outward_fields(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _forget_references(root, ids: set[str]) -> None:
    """Attached templates go, and every attribute that named a dropped relationship (a header's
    hyperlink stays as text, a linked picture loses its link)."""
    for attached in list(root.iter(f"{{{WORD}}}attachedTemplate")):
        attached.getparent().remove(attached)
    if not ids:
        return
    for element in root.iter():
        for key in [key for key in element.attrib if key.startswith(f"{{{OFFICE_RELATIONSHIPS}}}")]:
            if element.attrib[key] in ids:
                del element.attrib[key]


def _remove_outward_fields(root) -> None:
    """Fields other than the document's own facts: a simple field keeps its shown text, a complex
    field's instruction is emptied (Word then shows its last result)."""
    for simple in list(root.iter(f"{{{WORD}}}fldSimple")):
        if not _safe_field(simple.get(f"{{{WORD}}}instr", "")):
            parent = simple.getparent()
            place = parent.index(simple)
            for offset, child in enumerate(list(simple)):
                parent.insert(place + offset, child)
            parent.remove(simple)
    _empty_outward_instructions(root)


def _empty_outward_instructions(root) -> None:
    """A complex field's instruction may be split over many runs ('INCL', 'UDEPICTURE …'): it is
    judged whole, from its begin mark to its separate or end mark, nested fields each on their own."""
    open_fields: list[list] = []
    for element in root.iter(f"{{{WORD}}}fldChar", f"{{{WORD}}}instrText"):
        if element.tag == f"{{{WORD}}}instrText":
            if open_fields:
                open_fields[-1].append(element)
            elif not _safe_field(element.text or ""):
                element.text = ""  # an instruction outside any field mark: judged alone
            continue
        kind = element.get(f"{{{WORD}}}fldCharType")
        if kind == "begin":
            open_fields.append([])
        elif kind == "separate" and open_fields:
            _judge(open_fields[-1])  # the field's result follows, and then its end mark
            open_fields[-1] = []
        elif kind == "end" and open_fields:
            _judge(open_fields.pop())
    for pieces in open_fields:
        _judge(pieces)


def _judge(pieces: list) -> None:
    if not _safe_field("".join(piece.text or "" for piece in pieces)):
        for piece in pieces:
            piece.text = ""


def _safe_field(instruction: str) -> bool:
    found = FIELD_NAME.match(instruction)
    return found is None or found.group(1).upper() in SAFE_FIELDS


def _zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def _check_opens(document: bytes) -> None:
    """python-docx must open it, or every .docx of the build would fail later with a traceback."""
    import docx

    try:
        docx.Document(io.BytesIO(document))
    except Exception:  # python-docx raises what its parts raise: KeyError, ValueError, lxml's errors …
        raise TemplateRefused("Word kan dit sjabloon niet als document openen (het hoofddocument ontbreekt).") from None
