"""What WeasyPrint's tagged PDF lacks, added before it is written: header-cell scope, and PDF/UA in PDF/A."""

from __future__ import annotations

from typing import Any

# The scope a header cell has by its place, as HTML decides it for a <th> without a scope: in the
# table's head it heads its column, in a body row it heads its row. Our templates write the same
# scope explicitly (scope="col" in <thead>, scope="row" in the facts table).
SCOPE_BY_GROUP = {"/THead": "/Column", "/TBody": "/Row", "/TFoot": "/Row", "/Table": "/Row"}

PDFUA_NAMESPACE = b"http://www.aiim.org/pdfua/ns/id/"
# PDF/A-2 admits XMP properties outside its own schemas only when the file describes them: the
# PDF/UA marker comes with its description, as ISO 14289-1 and the PDF Association show it.
PDFUA_EXTENSION = b"""<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about="" \
xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about="" \
xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>
"""


def finisher(archival: bool):
    """The finisher WeasyPrint calls with the document and its pydyf PDF, before writing it."""

    def finish(document: Any, pdf: Any) -> None:
        scope_header_cells(pdf)
        if archival:
            mark_universal_access(pdf)

    return finish


def scope_header_cells(pdf: Any) -> None:
    """Every /TH gets /Scope in its attributes: WeasyPrint links cells to headers by /Headers only,
    and checkers (and some screen readers) look for /Scope."""
    by_reference = {obj.reference: obj for obj in pdf.objects if hasattr(obj, "reference")}
    for obj in pdf.objects:
        if not _is_struct_elem(obj, "/TH"):
            continue
        row = by_reference.get(obj.get("P"))
        group = by_reference.get(row.get("P")) if row is not None else None
        scope = SCOPE_BY_GROUP.get(group.get("S") if group is not None else "/Table", "/Row")
        attributes = obj.get("A")
        if attributes is None:  # WeasyPrint gives every cell its table attributes; a dictionary of its kind else
            attributes = obj["A"] = type(obj)({"O": "/Table"})
        attributes["Scope"] = scope


def _is_struct_elem(obj: Any, kind: str) -> bool:
    return isinstance(obj, dict) and obj.get("Type") == "/StructElem" and obj.get("S") == kind


def mark_universal_access(pdf: Any) -> None:
    """A PDF/A-2a file keeps the PDF/UA-1 marker that WeasyPrint writes only for its pdf/ua-1 variant:
    the file is tagged, titled and in Dutch either way."""
    reference = pdf.catalog.get("Metadata")
    metadata = next((obj for obj in pdf.objects if getattr(obj, "reference", None) == reference), None)
    if metadata is None or not getattr(metadata, "stream", None):
        return
    xml = b"".join(part if isinstance(part, bytes) else str(part).encode() for part in metadata.stream)
    if PDFUA_NAMESPACE in xml or b"</rdf:RDF>" not in xml:
        return
    metadata.stream = [xml.replace(b"</rdf:RDF>", PDFUA_EXTENSION + b"</rdf:RDF>", 1)]
