"""Hostile and broken files for `werkvorm importeer`: one Dutch line with a code, never a traceback."""

from __future__ import annotations

import io
import zipfile

import pytest

from werkvorm_dsl.app.cli import main

BOMB_ENTRY_BYTES = 300 * 1024 * 1024  # more than the import unpacks; zip stores it in about 300 kB


def zip_bomb(path):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(BOMB_ENTRY_BYTES // len(chunk)):
                entry.write(chunk)


def broken_xml_docx(path):
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as original, zipfile.ZipFile(path, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            copy.writestr(item, b"<w:document><w:body><w:p>" if item.filename == "word/document.xml" else data)


def broken_xml_odt(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content><office:body>")


def scanned_pdf(path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with open(path, "wb") as file:
        writer.write(file)


HOSTILE = {
    "bom.docx": (zip_bomb, "E531"),
    "kapot.docx": (broken_xml_docx, "E531"),
    "kapot.odt": (broken_xml_odt, "E531"),
    "geen-zip.docx": (lambda p: p.write_bytes(b"Dit is geen Word-bestand."), "E531"),
    "geen-zip.odt": (lambda p: p.write_bytes(b"\x00\x01 geen zip"), "E531"),
    "leeg.txt": (lambda p: p.write_bytes(b""), "E533"),
    "leeg.md": (lambda p: p.write_text("\n\n   \n", encoding="utf-8"), "E533"),
    "gescand.pdf": (scanned_pdf, "E532"),
    "kapot.pdf": (lambda p: p.write_bytes(b"%PDF-1.7\n1 0 obj <<"), "E531"),
    "groot.txt": (lambda p: p.write_bytes(b"a" * (51 * 1024 * 1024)), "E531"),
    "plaatje.png": (lambda p: p.write_bytes(b"\x89PNG\r\n"), "E530"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_gets_one_dutch_line_with_its_code(tmp_path, capsys, name):
    make, code = HOSTILE[name]
    path = tmp_path / name
    make(path)
    assert main(["importeer", str(path)]) == 2
    out, err = capsys.readouterr()
    lines = [line for line in (out + err).splitlines() if line.strip()]
    assert len(lines) == 1 and f"fout[{code}]" in lines[0] and "Traceback" not in out + err
    assert not list(tmp_path.glob("*.werkvorm")), "nothing is written for a file that cannot be read"


def test_a_missing_file_is_said_in_one_line(tmp_path, capsys):
    assert main(["importeer", str(tmp_path / "weg.docx")]) == 2
    assert "fout[E510]" in capsys.readouterr().out


def test_an_existing_draft_is_never_overwritten(tmp_path, capsys):
    source = tmp_path / "casus.txt"
    source.write_text("Casus\n\nSessie\n\n1. Vertel (5 min)\n", encoding="utf-8")
    (tmp_path / "casus.werkvorm").write_text("van de auteur\n", encoding="utf-8")
    assert main(["importeer", str(source)]) == 2
    assert "fout[E506]" in capsys.readouterr().out
    assert (tmp_path / "casus.werkvorm").read_text(encoding="utf-8") == "van de auteur\n"
    assert main(["importeer", str(source), "--naar", str(tmp_path / "ander.werkvorm")]) == 0
    assert (tmp_path / "ander.werkvorm").read_text(encoding="utf-8").startswith("WERKVORM Casus")
