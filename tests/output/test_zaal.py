"""The room's screen (zaal.html): the live view's rows in participants' words only, small, and never a facilitator text."""

import dataclasses
import itertools
import json
import re

import pytest
from hypothesis import HealthCheck, example, given, settings

from conftest import ROOT
from strategies import context_for, quick_share, werkvormen
from werkvorm_dsl import parse
from werkvorm_dsl.language.nodes import BulletItem, FacilitatorOnly, Note, Paragraph
from werkvorm_dsl.output import registry

FORMATS = sorted((ROOT / "formats").glob("*.werkvorm"))
PLAN_SCRIPT = re.compile(r'<script type="application/json" id="plan">(.*?)</script>', re.S)
MOST_BYTES = 150_000  # issue 26, as for the live view
MARK = "Zqvx"
# What only the facilitator reads: the facilitator fields and NBs, and a step's or a break's own prose and list
# (the hand-out leaves those out too; participants read 'voor deelnemers:').
FACILITATOR_TEXT = (FacilitatorOnly, Note, Paragraph, BulletItem)
# Every kind of facilitator text in one werkvorm: a field, an NB, a round's and a break's intro.
SECRETS = (
    "WERKVORM Geheim\nduur: 60 min\n\nSESSIE\nstap Opening\n    duur: 5 min\n    voor deelnemers: Welkom.\n"
    "    begeleider: Zqvx let op Jan\n\n    NB: Zqvx onveilig\n\n"
    "RONDE 2 tot 3 keer: telkens een ander\nstap Casus\n    duur: 10 min\n    Zqvx de uitleg aan de begeleider.\n"
    "EINDE RONDE\n\nPAUZE 10 min: koffie\n    Zqvx zet de koffie klaar.\n\nstap Slot\n    duur: 5 min\n"
)


def screen(context) -> dict:
    found = PLAN_SCRIPT.findall(registry.get("zaal").render(context).text("html"))
    assert len(found) == 1
    return json.loads(found[0])


def live_plan(context) -> dict:
    return json.loads(PLAN_SCRIPT.search(registry.get("leiden").render(context).text("html")).group(1))


def with_marked_secrets(node, counter=None):
    """The werkvorm with every facilitator text replaced by a marker of its own."""
    counter = counter if counter is not None else itertools.count()
    if isinstance(node, FACILITATOR_TEXT):
        return dataclasses.replace(node, text=f"{MARK}{next(counter)} woorden")
    if isinstance(node, tuple):
        return tuple(with_marked_secrets(item, counter) for item in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        changes = {
            field.name: with_marked_secrets(getattr(node, field.name), counter)
            for field in dataclasses.fields(node)
            if field.init
        }
        return dataclasses.replace(node, **changes)
    return node


def test_every_format_gets_a_screen_row_for_every_row_of_the_live_view():
    for path in FORMATS:
        context = context_for(parse(path.read_text(encoding="utf-8"), path.name))
        rows, live = screen(context), live_plan(context)
        assert len(rows["stappen"]) == len(live["stappen"]) > 0, path.name
        assert rows["kanaal"] == live["zaal"], path.name  # the live view talks on the screen's channel
        html = registry.get("zaal").render(context).text("html")
        assert len(html.encode("utf-8")) < MOST_BYTES
        markup = PLAN_SCRIPT.sub("", html)
        for outside in ("src=", "href=", "url(", "@import", "http:", "https:", "fetch(", "XMLHttpRequest"):
            assert outside not in markup, (path.name, outside)
        assert all(row["tekst"] for row in rows["stappen"]), path.name  # never an empty screen


def test_the_screen_holds_no_facilitator_text_and_the_live_view_does():
    """The check below can fail: the same werkvorm's live view shows every marked facilitator text."""
    context = context_for(parse(SECRETS, "geheim.werkvorm"))
    html = registry.get("zaal").render(context).text("html")
    assert MARK not in html and "Jan" not in html and "koffie klaar" not in html
    assert "Welkom." in html and "telkens een ander" in html and "Pauze: koffie" in html
    live = registry.get("leiden").render(context).text("html")
    assert all(secret in live for secret in ("Zqvx let op", "Zqvx onveilig", "Zqvx de uitleg", "Zqvx zet de koffie"))


@settings(max_examples=quick_share(40), suppress_health_check=[HealthCheck.too_slow])
@given(werkvormen)
@example(SECRETS)
def test_no_facilitator_text_of_a_generated_werkvorm_reaches_the_screen_file(text):
    werkvorm = with_marked_secrets(parse(text, "gegenereerd.werkvorm"))
    html = registry.get("zaal").render(context_for(werkvorm)).text("html")
    assert MARK not in html


def test_marking_reaches_every_facilitator_text():
    marked = with_marked_secrets(parse(SECRETS, "geheim.werkvorm"))
    live = registry.get("leiden").render(context_for(marked)).text("html")
    assert len(set(re.findall(rf"{MARK}\d+", live))) == 4


@pytest.mark.parametrize("hostile", ["</script><script>alert(1)</script>", "<!-- & <b>vet</b>"])
def test_participant_text_travels_as_data_and_never_as_markup(hostile):
    text = f"WERKVORM Proef\nduur: 10 min\n\nSESSIE\nstap Opening\n    duur: 10 min\n    voor deelnemers: {hostile}\n"
    html = registry.get("zaal").render(context_for(parse(text, "proef.werkvorm"))).text("html")
    assert "<script>alert" not in html and "<b>vet" not in html and "<!-- &" not in html
    assert screen(context_for(parse(text, "proef.werkvorm")))["stappen"][0]["tekst"] == hostile


def test_a_variants_screen_names_it_and_never_its_explanation():
    """As on the cards, which also lie before the participants: the variant's name, not the author's note on it."""
    from werkvorm_dsl.language.source import read
    from werkvorm_dsl.output.registry import Resources
    from werkvorm_dsl.pipeline import BuildOptions, build_context, check_source, variants_of

    whole = check_source(read(str(ROOT / "tests/data/good/varianten.werkvorm")))
    assert screen(build_context(whole, BuildOptions(), Resources()))["variant"] is None
    variants = variants_of(whole)
    assert variants
    for variant in variants:
        context = build_context(variant, BuildOptions(), Resources())
        assert screen(context)["variant"] == variant.variant.name
        html = registry.get("zaal").render(context).text("html")
        if variant.variant.description:
            assert variant.variant.description not in html
