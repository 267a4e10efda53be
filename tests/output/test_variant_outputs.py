"""A variant's own documents name it (issue 24): the live view, the overzicht and the cards, as the
draaiboek and hand-out already do; the base's documents name no variant. Built in memory."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT
from werkvorm_dsl.language.source import read
from werkvorm_dsl.output import registry
from werkvorm_dsl.output.registry import Resources
from werkvorm_dsl.pipeline import BuildOptions, build_context, check_source, variants_of

SOURCES = [ROOT / "formats/incidentmethode.werkvorm", ROOT / "tests/data/good/varianten.werkvorm"]


def documents(checked) -> dict[str, str]:
    context = build_context(checked, BuildOptions(), Resources())
    found: dict[str, str] = {}
    for name, formats in (("leiden", {"html"}), ("overzicht", {"html", "md"}), ("kaarten", {"html", "md"})):
        found.update(registry.render_files(context, name, formats))  # type: ignore[arg-type]
    return found


def live_plan(html: str) -> dict:
    found = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_each_variants_live_view_overzicht_and_cards_name_it(path):
    whole = check_source(read(str(path)))
    base = documents(whole)
    assert live_plan(base["leiden.html"])["variant"] is None
    assert "(variant " not in base["leiden.html"].partition("<body>")[0]
    others = [text for name, text in base.items() if name != "leiden.html"]
    assert not any("(variant " in text or "Variant</th>" in text or "**Variant:**" in text for text in others)
    variants = variants_of(whole)
    assert variants
    for variant in variants:
        assert variant.variant is not None
        name = variant.variant.name
        made = documents(variant)
        assert live_plan(made["leiden.html"])["variant"] == name
        assert f"(variant {name})</title>" in made["leiden.html"]
        assert re.search(rf"<th scope=\"row\">Variant</th><td>{re.escape(name)}\b", made["overzicht.html"])
        assert f"- **Variant:** {name}" in made["overzicht.md"]
        # The cards lie on the participants' table: the name, never the author's explanation.
        assert f"(variant {name})</p>" in made["kaarten.html"] and f"(variant {name})\n" in made["kaarten.md"]
        if variant.variant.description:
            assert variant.variant.description not in made["kaarten.html"] + made["kaarten.md"]
