"""The live view (leiden.html): one plan with tijdschema.json, self-contained, small, and author text never markup."""

import itertools
import json
import re

import pytest
from hypothesis import given, settings

from conftest import ROOT
from strategies import context_for, quick_share, werkvormen
from werkvorm_dsl import parse
from werkvorm_dsl.output import registry

FORMATS = sorted((ROOT / "formats").glob("*.werkvorm"))
PLAN_SCRIPT = re.compile(r'<script type="application/json" id="plan">(.*?)</script>', re.S)
MOST_BYTES = 150_000  # issue 26: the file stays small enough to mail or carry on a phone


def rendered(context) -> tuple[str, str]:
    """The live view's HTML and the tijdschema's JSON for one werkvorm."""
    return registry.get("leiden").render(context).text("html"), registry.get("tijdschema").render(context).text("json")


def embedded_plan(html: str) -> dict:
    found = PLAN_SCRIPT.findall(html)
    assert len(found) == 1
    return json.loads(found[0])


def timed_rows(tijdschema: str) -> list[dict]:
    """The tijdschema's rows that take time of their own: what the live view steps through."""
    return [
        row for row in json.loads(tijdschema)["agenda"] if row["soort"] != "blok" and row["minuten"] not in (0, None)
    ]


def assert_one_plan(html: str, tijdschema: str) -> None:
    steps = [step for step in embedded_plan(html)["stappen"] if step["minuten"] != 0]
    rows = timed_rows(tijdschema)
    assert [(s["nummer"], s["begin_klok"], s["minuten"]) for s in steps] == [
        (r["nummer"], r["begin"], r["minuten"]) for r in rows
    ]
    # The starts follow from the minutes, so a view that adds them up starts each step on time.
    for step, following in itertools.pairwise(steps):
        assert following["begin"] >= step["begin"] + step["minuten"] - 1e-9


def context_of(path):
    return context_for(parse(path.read_text(encoding="utf-8"), path.name))


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.stem)
def test_the_live_view_starts_every_step_where_the_tijdschema_says(path):
    html, tijdschema = rendered(context_of(path))
    assert embedded_plan(html)["stappen"]
    assert_one_plan(html, tijdschema)


@settings(max_examples=quick_share(40))
@given(werkvormen)
def test_the_live_view_of_a_generated_werkvorm_follows_the_tijdschema(text):
    html, tijdschema = rendered(context_for(parse(text, "gegenereerd.werkvorm")))
    assert_one_plan(html, tijdschema)


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.stem)
def test_the_live_view_is_one_small_file_that_loads_nothing(path):
    html, _ = rendered(context_of(path))
    assert len(html.encode("utf-8")) < MOST_BYTES
    markup = PLAN_SCRIPT.sub("", html)
    for outside in ("src=", "href=", "url(", "@import", "http:", "https:", "fetch(", "XMLHttpRequest"):
        assert outside not in markup, outside


def test_the_one_plan_comparison_can_fail():
    html, tijdschema = rendered(context_of(FORMATS[0]))
    data = embedded_plan(html)
    data["stappen"][-1]["begin_klok"] = "23:59"
    moved = html.replace(PLAN_SCRIPT.search(html).group(1), json.dumps(data))
    with pytest.raises(AssertionError):
        assert_one_plan(moved, tijdschema)


HOSTILE = "</script><script>alert(1)</script> <!-- & <b>vet</b>"


def test_author_text_travels_as_data_and_never_as_markup():
    text = (
        "WERKVORM Proef\nduur: 20 min\n\nSESSIE\n"
        f"stap Opening {HOSTILE}\n    duur: 10 min\n    wie: begeleider\n    Zeg: {HOSTILE}\n"
        f"    begeleider: geheim {HOSTILE}\n\n"
        "stap Afsluiting\n    duur: 10 min\n    Bedank iedereen.\n"
    )
    html, _ = rendered(context_for(parse(text, "proef.werkvorm")))
    assert "<script>alert" not in html and "<b>vet" not in html and "<!--" not in html
    assert html.lower().count("</script>") == 2  # the plan's and the clock's
    data = embedded_plan(html)
    first = data["stappen"][0]
    said = " ".join(line["tekst"] for line in first["tekst"])
    assert "alert(1)" in first["titel"] and "<b>vet</b>" in said and "geheim" in said


def test_the_live_view_is_never_a_participant_document():
    from test_confidentiality import PARTICIPANT_OUTPUTS

    assert "leiden" in registry.names() and "leiden" not in PARTICIPANT_OUTPUTS


def assert_every_extra_row_can_be_left_out(html: str) -> None:
    """What the plan holds only when there is time, the facilitator can leave out while leading: it is in an
    optional part (skip it), or in a later time of a round than it is held for sure ('nog een ronde?')."""
    for step in embedded_plan(html)["stappen"]:
        if step["als_er_tijd_is"] and step["minuten"] > 0:
            later = [r for r in step["rondes"] if r["nr"] + r["herhalingen"] - 1 > r["zeker"]]
            assert step["optioneel"] or later, step["titel"]


@settings(max_examples=quick_share(40))
@given(werkvormen)
def test_every_row_held_only_when_there_is_time_can_be_left_out(text):
    html, _ = rendered(context_for(parse(text, "gegenereerd.werkvorm")))
    assert_every_extra_row_can_be_left_out(html)


def test_the_left_out_check_can_fail():
    text = "WERKVORM Proef\nduur: 20 min\n\nSESSIE\nstap Evaluatie\n    duur: 5 min, als er tijd is\n"
    html, _ = rendered(context_for(parse(text, "proef.werkvorm")))
    assert_every_extra_row_can_be_left_out(html)
    data = embedded_plan(html)
    data["stappen"][0]["optioneel"] = None
    with pytest.raises(AssertionError):
        assert_every_extra_row_can_be_left_out(html.replace(PLAN_SCRIPT.search(html).group(1), json.dumps(data)))
