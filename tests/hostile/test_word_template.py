"""Hostile Word templates: every broken or hostile .dotx is one E603 line, never a traceback, and
nothing in a template that reaches outside the document gets into the .docx files sent to participants."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import pytest

from conftest import ROOT
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.output import word_template
from word_templates import REFUSED, reaching_out_template, valid_template

WERKVORM = ROOT / "formats" / "intervisie-participatie.werkvorm"


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
