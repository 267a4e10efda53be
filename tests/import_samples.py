"""Word and OpenDocument versions of the seed texts, made as an office writer would: a title style,
headings, bold labels, Word's own list numbering, and the session as a table with a 'Tijd' column.

`make regen` writes them to tests/data/import/ with the drafts the import makes of them; the tests
compare the import with those drafts and with the draft of the seed text itself.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests/data/seeds").glob("*.seed.txt"))
IMPORT_DATA = ROOT / "tests/data/import"
FIXED_TIME = (2026, 1, 1, 0, 0, 0)
HEADINGS = ("voorbereiding", "vorbereiding", "sessie", "sessie zelf", "suggesties", "optioneel")
NUMBERED = re.compile(r"^\s*(?:-\s+)?(\d{1,2})[.)]?\s+(.+)$")
LABEL = re.compile(r"^([A-Z][\w ]{1,24}):\s*(.*)$")
TIME = re.compile(r"\s*\((\d+) (min(?:uten)?)\)")


@dataclass
class Part:
    """One piece of a seed: a heading, a labelled fact, a paragraph, or a numbered item with its lines."""

    kind: str  # "title", "heading", "fact", "paragraph", "item"
    text: str
    label: str = ""
    more: list[str] = field(default_factory=list)


def parts_of(seed_text: str) -> list[Part]:
    """The seed read line by line, the way a writer would retype it into Word."""
    parts: list[Part] = []
    after_blank = True
    for line in (line.strip() for line in seed_text.split("\n")):
        if not line:
            after_blank = True
            continue
        joined, after_blank = not after_blank, False
        if line.lower() in HEADINGS:
            parts.append(Part("heading", line))
        elif match := NUMBERED.match(line):
            parts.append(Part("item", match.group(2)))
        elif joined and parts and parts[-1].kind == "item":
            parts[-1].more.append(line)
        elif (match := LABEL.match(line)) and match.group(2):
            parts.append(Part("fact", match.group(2), label=match.group(1)))
        elif not any(part.kind == "title" for part in parts) and len(line.split()) > 2:
            parts.append(Part("title", line))
        else:
            parts.append(Part("paragraph", line))
    return parts


def word_file(parts: list[Part]) -> bytes:
    import docx

    document = docx.Document()
    section = ""
    rows: list[tuple[str, str]] = []
    for part in parts:
        if section == "sessie" and part.kind != "item":
            _word_table(document, rows)
            rows, section = [], ""
        if part.kind == "title":
            document.add_heading(part.text, level=0)
        elif part.kind == "heading":
            document.add_heading(part.text, level=1)
            section = "sessie" if part.text.lower().startswith("sessie") else part.text.lower()
        elif part.kind == "fact":
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{part.label}:").bold = True
            paragraph.add_run(f" {part.text}")
        elif part.kind == "item" and section == "sessie":
            rows.append(_row(part))
        elif part.kind == "item":
            document.add_paragraph(" ".join([part.text, *part.more]), style="List Number")
        else:
            document.add_paragraph(part.text)
    _word_table(document, rows)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _row(part: Part) -> tuple[str, str]:
    """The step's text (its lines as paragraphs of one cell) and its time, as a 'Tijd' column shows it."""
    text = "\n".join([part.text, *part.more])
    time = TIME.search(text)
    return TIME.sub("", text), f"{time.group(1)} {time.group(2)}" if time else ""


def _word_table(document, rows: list[tuple[str, str]]) -> None:
    if not rows:
        return
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Nr", "Stap", "Tijd"), strict=True):
        cell.text = text
    for number, (text, time) in enumerate(rows, start=1):
        cells = table.add_row().cells
        cells[0].text, cells[2].text = str(number), time
        lines = text.split("\n")
        cells[1].text = lines[0]
        for line in lines[1:]:
            cells[1].add_paragraph(line)


def open_document_file(parts: list[Part]) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import ListLevelProperties, Style, TextProperties
    from odf.text import H, List, ListItem, ListLevelStyleNumber, ListStyle, P, Span

    document = OpenDocumentText()
    numbered = ListStyle(name="Genummerd")
    level = ListLevelStyleNumber(level=1, numformat="1", numsuffix=".")
    level.addElement(ListLevelProperties())
    numbered.addElement(level)
    bold = Style(name="Vet", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(numbered)
    document.automaticstyles.addElement(bold)
    listing = None
    for part in parts:
        if part.kind != "item":
            listing = None
        if part.kind == "title":
            document.text.addElement(H(outlinelevel=1, text=part.text))
        elif part.kind == "heading":
            document.text.addElement(H(outlinelevel=2, text=part.text))
        elif part.kind == "fact":
            paragraph = P()
            paragraph.addElement(Span(stylename=bold, text=f"{part.label}:"))
            paragraph.addText(f" {part.text}")
            document.text.addElement(paragraph)
        elif part.kind == "item":
            if listing is None:
                listing = List(stylename="Genummerd")
                document.text.addElement(listing)
            item = ListItem()
            item.addElement(P(text=part.text))
            for line in part.more:
                item.addElement(P(text=line))
            listing.addElement(item)
        else:
            document.text.addElement(P(text=part.text))
    buffer = io.BytesIO()
    document.write(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with fixed entry times, so `make regen` rewrites nothing that did not change."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_STORED if entry.filename == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(entry))
    return out.getvalue()


def samples() -> dict[Path, bytes]:
    """Each seed as .docx and .odt under tests/data/import, named after the seed."""
    found = {}
    for seed in SEEDS:
        name = seed.name.removesuffix(".seed.txt")
        parts = parts_of(seed.read_text("utf-8"))
        found[IMPORT_DATA / f"{name}.docx"] = word_file(parts)
        found[IMPORT_DATA / f"{name}.odt"] = open_document_file(parts)
    return found


def drafts() -> dict[Path, str]:
    """The draft the import makes of every file in tests/data/import, as its .draft.werkvorm sibling."""
    from werkvorm_dsl.app.importeer import draft_of

    sources = [*SEEDS, *sorted(IMPORT_DATA.glob("*.docx")), *sorted(IMPORT_DATA.glob("*.odt"))]
    return {IMPORT_DATA / f"{path.name}.draft.werkvorm": draft_of(str(path)).text for path in sources}


def web_page(parts: list[Part]) -> str:
    """The seed as an intranet page: a title, headings, facts with a bold label, and ordered lists."""
    from html import escape

    body: list[str] = []
    in_list = False
    for part in parts:
        if part.kind != "item" and in_list:
            body.append("</ol>")
            in_list = False
        if part.kind == "title":
            body.append(f"<h1>{escape(part.text)}</h1>")
        elif part.kind == "heading":
            body.append(f"<h2>{escape(part.text)}</h2>")
        elif part.kind == "fact":
            body.append(f"<p><strong>{escape(part.label)}:</strong> {escape(part.text)}</p>")
        elif part.kind == "item":
            if not in_list:
                body.append("<ol>")
                in_list = True
            more = "".join(f"<br>{escape(line)}" for line in part.more)
            body.append(f"<li>{escape(part.text)}{more}</li>")
        else:
            body.append(f"<p>{escape(part.text)}</p>")
    if in_list:
        body.append("</ol>")
    return '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Werkvorm</title></head><body>' + (
        "\n".join(body) + "</body></html>"
    )


# --- our own draaiboeken read back (issue 25, item 4's round trip) ----------------------------------

FORMATS = sorted((ROOT / "formats").glob("*.werkvorm"))
OWN_DRAFTS = IMPORT_DATA / "eigen"
OFFICE = ("docx", "odt")


def own_draaiboeken() -> dict[tuple[str, str], bytes]:
    """The draaiboek of every werkvorm in formats/ as Word and OpenDocument, by (file stem, suffix),
    made in memory with the options of the session's build of formats/ (tests/conftest.py)."""
    from datetime import date

    from werkvorm_dsl.language.source import read
    from werkvorm_dsl.output import registry
    from werkvorm_dsl.output.registry import Resources
    from werkvorm_dsl.pipeline import BuildOptions, build_context, check_source

    options = BuildOptions(start="14:00", datum=date(2026, 12, 3))
    found: dict[tuple[str, str], bytes] = {}
    for path in FORMATS:
        context = build_context(check_source(read(str(path))), options, Resources())
        files = registry.render_files(context, "draaiboek", set(OFFICE))
        found.update({(path.stem, suffix): files[f"draaiboek.{suffix}"] for suffix in OFFICE})  # type: ignore[misc]
    return found


def own_drafts(files: dict[tuple[str, str], bytes], folder: Path) -> dict[Path, str]:
    """What the import makes of each of those files (written into `folder` first), by the path of
    its expected draft in tests/data/import/eigen/."""
    from werkvorm_dsl.app.importeer import draft_of

    found = {}
    for (stem, suffix), data in files.items():
        path = folder / f"{stem}.draaiboek.{suffix}"
        path.write_bytes(data)
        found[OWN_DRAFTS / f"{path.name}.draft.werkvorm"] = draft_of(str(path)).text
    return found
