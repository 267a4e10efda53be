"""A werkvorm's downloads by what the author does with them, and all of them as one reproducible zip."""

from __future__ import annotations

import io
import time
import zipfile
from dataclasses import dataclass

ZIP_EPOCH_FLOOR = 315532800  # 1980-01-01, the first moment a zip entry can hold


@dataclass(frozen=True)
class Purpose:
    """One group of downloads on the page, with a sentence that says when to take them."""

    key: str
    heading: str
    explanation: str


PURPOSES = (
    Purpose(
        "versturen",
        "Versturen",
        "De uitnodiging: de tekst plakt u in uw e-mail, de afspraak (.ics) stuurt u mee voor de agenda.",
    ),
    Purpose("printen", "Printen", "Het draaiboek en het overzicht voor u, de hand-out en de kaarten voor de groep."),
    Purpose(
        "aanpassen",
        "Aanpassen in Word of LibreOffice",
        "Wilt u zelf nog iets veranderen, open dan deze bestanden in Word (.docx) of LibreOffice (.odt).",
    ),
    Purpose(
        "overig", "Overig", "Dezelfde stukken als webpagina, Markdown, tekst en JSON, voor wie daarmee verder werkt."
    ),
)

DOCUMENT_NAMES = {
    "draaiboek": "Draaiboek",
    "overzicht": "Overzicht",
    "deelnemers": "Hand-out",
    "kaarten": "Kaarten",
    "uitnodiging": "Uitnodiging",
    "tijdschema": "Tijdschema",
    "leiden": "Sessie leiden, klok voor de begeleider",
    "zaal": "Scherm voor de zaal, bij Sessie leiden",
}
FORMAT_NAMES = {
    "pdf": "PDF",
    "docx": "Word",
    "odt": "LibreOffice",
    "html": "webpagina",
    "md": "Markdown",
    "txt": "tekst",
    "json": "JSON",
    "ics": "agenda",
}
# The files whose purpose is not read from their format alone.
SPECIAL = {
    "uitnodiging.txt": ("versturen", "Uitnodiging: tekst voor uw e-mail"),
    "uitnodiging.ics": ("versturen", "Afspraak voor de agenda (.ics)"),
    "uitnodiging.html": ("versturen", "Uitnodiging: opgemaakt, om in uw e-mail te kopiëren"),
    "kaarten.pdf": ("printen", "Kaarten, vier op een A4 (PDF)"),
    "kaarten-a6.pdf": ("printen", "Kaarten, één per A6 (PDF)"),
}
BY_FORMAT = {"pdf": "printen", "docx": "aanpassen", "odt": "aanpassen"}


def purpose_of(name: str) -> str:
    """The key of the group a file belongs to (see PURPOSES)."""
    if name in SPECIAL:
        return SPECIAL[name][0]
    return BY_FORMAT.get(name.rpartition(".")[2], "overig")


def label_of(name: str) -> str:
    """The file as the page names it: 'Draaiboek (PDF)', 'Hand-out (Word)'."""
    if name in SPECIAL:
        return SPECIAL[name][1]
    stem, _, suffix = name.rpartition(".")
    document = DOCUMENT_NAMES.get(stem.partition("-")[0], stem)
    return f"{document} ({FORMAT_NAMES.get(suffix, suffix)})"


FORMAT_ORDER = ("pdf", "docx", "odt", "txt", "ics", "html", "md", "json")


def grouped(names: list[str]) -> list[tuple[Purpose, list[str]]]:
    """The files by purpose, in the order of PURPOSES and, within a group, in the order the
    documents are built (draaiboek first) and then by format; a group without files is left out."""
    from werkvorm_dsl.output import registry

    documents = registry.names()

    def place(name: str) -> tuple:
        stem, _, suffix = name.rpartition(".")
        document = stem.partition("-")[0]
        return (
            documents.index(document) if document in documents else len(documents),
            FORMAT_ORDER.index(suffix) if suffix in FORMAT_ORDER else len(FORMAT_ORDER),
            name,
        )

    ordered = sorted(names, key=place)
    groups = [(purpose, [name for name in ordered if purpose_of(name) == purpose.key]) for purpose in PURPOSES]
    return [(purpose, names_in) for purpose, names_in in groups if names_in]


NO_CALENDAR = (
    " Een afspraak voor de agenda komt erbij zodra de werkvorm een datum en begintijd heeft: vul ze in bij"
    " 'Deze bijeenkomst'."
)


def explanation(purpose: Purpose, names: list[str]) -> str:
    """The group's sentence; Versturen says how to get the calendar event when there is none yet."""
    if purpose.key == "versturen" and "uitnodiging.ics" not in names:
        return purpose.explanation.replace(", de afspraak (.ics) stuurt u mee voor de agenda", "") + NO_CALENDAR
    return purpose.explanation


def zip_of(folder: str, files: dict[str, bytes], epoch: int) -> bytes:
    """Every file in one zip under `folder/`, as `werkvorm build` writes them into its folder: the
    same bytes, in name order, each dated SOURCE_DATE_EPOCH (or 1980-01-01) with the same mode,
    so the same files always give the same zip."""
    stamp = time.gmtime(max(epoch, ZIP_EPOCH_FLOOR))[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(files):
            entry = zipfile.ZipInfo(f"{folder}/{name}", stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3  # Unix, whatever system made it
            archive.writestr(entry, files[name], compresslevel=9)
    return out.getvalue()


def with_html_assets(files: dict[str, bytes]) -> dict[str, bytes]:
    """The documents and, when there is HTML among them, the fonts it loads from fonts/ beside it,
    as `werkvorm build` writes them."""
    from werkvorm_dsl.output.render import HTML_ASSET_FILES, html_asset

    everything = dict(files)
    if any(name.endswith(".html") for name in files):
        for name in HTML_ASSET_FILES:
            data = html_asset(name)
            if data is not None:
                everything[f"fonts/{name}"] = data
    return everything
