"""Variants written out (issue 24): the export gives each resolved variant, and a variant written to a
file as a plain werkvorm checks as the variant does (generated werkvormen, derandomised in make test)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import ROOT
from strategies import quick_share
from werkvorm_dsl.analysis.timing import compute
from werkvorm_dsl.analysis.variants import resolve, resolved_text, variant_note
from werkvorm_dsl.language.diagnostics import Severity
from werkvorm_dsl.language.export import to_document
from werkvorm_dsl.language.parser import parse
from werkvorm_dsl.language.source import read
from werkvorm_dsl.pipeline import check_file, check_source, check_variant, export_werkvorm

SCHEMA = json.loads((ROOT / "docs/werkvorm.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)
WITH_VARIANTS = [
    path
    for path in sorted((ROOT / "formats").glob("*.werkvorm")) + sorted((ROOT / "tests/data/good").glob("*.werkvorm"))
    if parse(path.read_text(encoding="utf-8")).variants
]


@pytest.mark.parametrize("path", WITH_VARIANTS, ids=lambda p: p.name)
def test_the_export_gives_the_base_and_each_variant_written_out(path):
    werkvorm = parse(path.read_text(encoding="utf-8"), path.name)
    document = json.loads(export_werkvorm(werkvorm))
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda e: list(e.path))
    assert errors == [], errors[0].message if errors else ""
    assert [each["name"] for each in document["resolved_variants"]] == [v.name for v in werkvorm.variants]
    for each in document["resolved_variants"]:
        assert each["werkvorm"] == to_document(resolve(werkvorm, each["name"]))
        assert each["werkvorm"]["variants"] == each["werkvorm"]["resolved_variants"] == []
    base = {key: value for key, value in document.items() if key != "resolved_variants"}
    assert base == {key: value for key, value in to_document(werkvorm).items() if key != "resolved_variants"}


def test_the_schema_refuses_a_written_out_variant_with_variants_of_its_own():
    werkvorm = parse(WITH_VARIANTS[0].read_text(encoding="utf-8"))
    document = json.loads(export_werkvorm(werkvorm))
    document["resolved_variants"][0]["werkvorm"]["variants"] = document["variants"]
    assert not VALIDATOR.is_valid(document)


# --- the property: generated werkvormen with variants -----------------------------------------------

NAMES = ("lang", "kort", "online", "90 min", "groot")
DURATIONS = ("5 min", "10 min", "15 min", "20 min", "5 tot 10 min")


@st.composite
def changes(draw, names: list[str], values: st.SearchStrategy[str], optional: bool = False) -> str:
    """Lines 'bij variant naam: waarde' for some of the variants, under the line they change."""
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    extra = ("niet", "wel") if optional else ("niet",)
    return "".join(f"    bij variant {name}: {draw(st.one_of(values, st.sampled_from(extra)))}\n" for name in chosen)


@st.composite
def step(draw, names: list[str], number: int) -> str:
    optional = draw(st.booleans())
    duration = draw(st.sampled_from(DURATIONS)) + (", als er tijd is" if optional else "")
    return f"stap Stap {number}\n    duur: {duration}\n" + draw(
        changes(names, st.sampled_from(DURATIONS), optional=optional)
    )


@st.composite
def part(draw, names: list[str], number: int) -> str:
    kind = draw(st.sampled_from(("step", "round", "groups", "pause", "block")))
    inner = draw(step(names, number * 10))
    match kind:
        case "step":
            return draw(step(names, number))
        case "round":
            times = st.sampled_from(("1 keer", "2 keer", "3 keer"))
            return f"RONDE {draw(times)}: ronde {number}\n" + draw(changes(names, times)) + inner + "EINDE RONDE\n"
        case "groups":
            sizes = st.sampled_from(("van 3", "van 4", "van 2 tot 3"))
            return (
                f"GROEPJES {draw(sizes)}: groepjes {number}\n"
                + draw(changes(names, sizes))
                + inner
                + "EINDE GROEPJES\n"
            )
        case "pause":
            return f"PAUZE 5 min: pauze {number}\n" + draw(changes(names, st.sampled_from(("10 min", "15 min"))))
        case _:
            boxes = st.sampled_from(("20 min", "30 min"))
            return f"BLOK 20 min: blok {number}\n" + draw(changes(names, boxes)) + inner + "EINDE BLOK\n"


@st.composite
def werkvormen_with_variants(draw) -> str:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True))
    totals = st.sampled_from(("30 min", "45 min", "1 uur", "anderhalf uur", "40 tot 60 min"))
    header = f"WERKVORM Gegenereerd\nduur: {draw(totals)}\ndeelnemers: 4 tot 12\n\n"
    variants = ""
    for name in names:
        facts = f"duur: {draw(totals)}\n" if draw(st.booleans()) else ""
        facts += "deelnemers: 8 tot 12\n" if draw(st.booleans()) else ""
        variants += f"VARIANT {name}\n{facts}\n"
    parts = [draw(part(names, number)) for number in range(1, draw(st.integers(1, 5)) + 1)]
    return header + variants + "SESSIE\n" + "".join(parts)


def verdict(diagnostics) -> tuple:
    """What a check concludes: the worst severity, and the codes on their lines."""
    worst = max((2 if d.severity is Severity.ERROR else 1 for d in diagnostics), default=0)
    return worst, sorted((d.code, d.span.line, d.span.column) for d in diagnostics)


@settings(max_examples=quick_share(40))
@given(werkvormen_with_variants())
def test_a_variant_written_out_to_a_file_checks_as_the_variant(text):
    with tempfile.TemporaryDirectory() as folder:
        original = Path(folder, "vorm.werkvorm")
        original.write_text(text, encoding="utf-8")
        whole = check_source(read(str(original)))
        assert whole.werkvorm is not None
        for variant in whole.werkvorm.variants:
            written = Path(folder, "uitgeschreven.werkvorm")
            written.write_text(resolved_text(whole.werkvorm, variant), encoding="utf-8")
            as_file = check_file(str(written))
            as_variant = check_variant(read(str(original)), variant.name)
            assert verdict(as_file.diagnostics) == verdict(as_variant.diagnostics), text
            assert as_file.werkvorm is not None and as_variant.werkvorm is not None
            ours, theirs = compute(as_file.werkvorm), compute(as_variant.werkvorm)
            assert (ours.shortest, ours.longest) == (theirs.shortest, theirs.longest), text


def test_a_new_group_size_keeps_the_description_and_the_draaiboek_says_it_once():
    werkvorm = parse(
        "WERKVORM Groepjes\nduur: 30 min\n\nVARIANT groot\n\nVARIANT klein\n\nSESSIE\n"
        "DRIETALLEN: wat neemt u mee?\n    bij variant groot: van 4\nstap Vertel.\n    duur: 10 min\nEINDE DRIETALLEN\n"
        "GROEPJES van 3, als er tijd is: met de buurman\n    bij variant klein: 2\nstap Praat.\n"
        "    duur: 10 min\nEINDE GROEPJES\n"
    )
    groot, klein = werkvorm.variants
    assert "GROEPJES van 4: wat neemt u mee?" in resolved_text(werkvorm, groot).split("\n")
    assert "GROEPJES van 2, als er tijd is: met de buurman" in resolved_text(werkvorm, klein).split("\n")
    assert variant_note(werkvorm, groot).differences == (
        "Bij 'DRIETALLEN: wat neemt u mee?': groepjes van 4 in plaats van de vaste grootte",
    )
    assert variant_note(werkvorm, klein).differences == (
        "Bij 'GROEPJES van 3, als er tijd is: met de buurman': groepjes van 2 in plaats van 3",
    )
