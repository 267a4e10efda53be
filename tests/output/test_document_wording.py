"""What a facilitator reads in the outputs agrees with what the author wrote, in plain Dutch."""

import re
from types import SimpleNamespace

import pytest

from werkvorm_dsl import parse
from werkvorm_dsl.analysis.schedule import plan
from werkvorm_dsl.output.documents import common, kaarten

BOXED = """WERKVORM Troika in het kort
duur: 35 min
deelnemers: 6 tot 12
materiaal: 1 naamkaartje per deelnemer, 1 flip-over per groepje, 3 stiften

SESSIE
DRIETALLEN
    RONDE per lid
        tijdvak: 10 min
    stap De opdrachtgever vertelt
        duur: 1 tot 2 min
    stap De adviseurs overleggen
        duur: 4 tot 5 min
    EINDE RONDE
EINDE DRIETALLEN

stap Terugblik
    duur: globaal 3 min, als er tijd is
"""


def context_of(text: str):
    werkvorm = parse(text)
    return SimpleNamespace(werkvorm=werkvorm, plan=plan(werkvorm))


def card_minutes(context) -> dict[str, str]:
    return {card.title: card.minutes for card in kaarten.cards(context) if card.kind == "stap"}


def test_a_card_says_the_duration_as_written_not_the_plans_pick_inside_a_time_box():
    minutes = card_minutes(context_of(BOXED))
    # the plan lays the box out at the shortest way (1 and 4 min); the draaiboek says '1 tot 2 min'
    assert minutes["De opdrachtgever vertelt"] == "1 tot 2 min"
    assert minutes["De adviseurs overleggen"] == "4 tot 5 min"


def test_an_optional_steps_card_leaves_als_er_tijd_is_to_its_chip():
    context = context_of(BOXED)
    card = next(c for c in kaarten.cards(context) if c.title == "Terugblik")
    assert card.minutes == "globaal 3 min"
    assert "als er tijd is" in card.chips


def test_an_untimed_steps_card_shows_no_estimate_as_if_it_were_a_plan():
    # Issue 11: 'ca. 3,2' as a chip on every card read as a plan; participants get no estimate.
    context = context_of("WERKVORM X\nduur: 10 min\n\nSESSIE\nstap Een\n    duur: 4 min\nstap Twee\n")
    assert card_minutes(context) == {"Een": "4 min", "Twee": ""}


def test_a_worked_out_material_count_needs_no_dutch_plural():
    context = context_of(BOXED)
    items = common.materials_checklist(context.werkvorm, context.plan)
    assert "12 × naamkaartje (1 per deelnemer, bij 12 deelnemers)" in items
    assert "4 × flip-over (1 per groepje, bij 4 groepjes)" in items
    assert "3 stiften" in items  # a count the author wrote stays as written
    assert not any(re.match(r"\d+ naamkaartje", item) for item in items)


def test_the_plan_summary_says_where_the_stated_duration_comes_from():
    text = common.summary(context_of(BOXED).plan)
    assert text.endswith("Dat past in de 35 min van de werkvorm.")
    assert "vaste duur van de" not in text
    ranged = common.summary(context_of(BOXED.replace("duur: 35 min", "duur: 25 tot 35 min")).plan)
    assert ranged.endswith("Dat past in de 25 tot 35 min van de werkvorm.")


@pytest.mark.pdf
def test_phone_layout_rules_reach_browsers_but_not_weasyprint(tmp_path, capsys):
    from conftest import ROOT
    from werkvorm_dsl.app.cli import main

    source = ROOT / "formats/troika-consulting.werkvorm"
    assert main(["build", "--to", str(tmp_path), "--formaten", "html,pdf", str(source)]) == 0
    page = (tmp_path / "troika-consulting" / "draaiboek.html").read_text(encoding="utf-8")
    narrow = page.split('<style media="screen and (max-width: 36rem)">', 1)[1].split("</style>", 1)[0]
    assert "td.what { min-width:" in narrow
    # WeasyPrint knows media types only; a media feature in the main style sheet made it warn
    assert "WeasyPrint" not in capsys.readouterr().err


def test_tijdschema_rows_keep_one_column_for_the_step_whatever_the_duration_words():
    from werkvorm_dsl.output.render import render

    context = context_of(
        "WERKVORM X\nduur: 1 uur\n\nSESSIE\nstap Kort\n    duur: 5 min\n"
        "stap Hooguit\n    duur: maximaal 10 min\nstap Minstens\n    duur: minstens 10 min\n"
        "stap Reeks\n    duur: 15 tot 20 min\n"
    )
    text = render("tijdschema.txt", w=context.werkvorm, plan=context.plan, summary="", fmt=str)
    rows = [line for line in text.splitlines() if re.match(r"\d+:\d\d–", line)]
    assert len(rows) == 4
    assert len({row.index(title) for row, title in zip(rows, ["Kort", "Hooguit", "Minstens", "Reeks"])}) == 1


def _steps_with_materials(count: int) -> str:
    steps = "".join(f"stap Stap {i}\n    duur: 1 min\n    materiaal: {i} kaartjes\n\n" for i in range(count))
    return f"WERKVORM X\ndeelnemers: 4 tot 12\n\nSESSIE\n{steps}GROEPJES van 3\nstap Samen\n    duur: 1 min\nEINDE GROEPJES\n"


def test_the_materials_checklist_grows_linearly_with_the_steps(monkeypatch):
    from werkvorm_dsl.language import nodes

    visited = []
    original = nodes.walk

    def counting_walk(parts):
        for part in original(parts):
            visited.append(part)
            yield part

    def visits(count: int) -> int:
        context = context_of(_steps_with_materials(count))
        visited.clear()
        monkeypatch.setattr(nodes, "walk", counting_walk)
        common.materials_checklist(context.werkvorm, context.plan)
        monkeypatch.setattr(nodes, "walk", original)
        return len(visited)

    # four times the steps, about four times the work (it was sixteen: each step walked them all)
    assert visits(400) <= 4.5 * visits(100)


def test_online_split_names_breakout_rooms_as_the_guide_spells_them():
    werkvorm = parse("WERKVORM X\ndeelnemers: 7\nvorm: online\n\nSESSIE\nDRIETALLEN\nstap A\n    duur: 1 min\nEINDE\n")
    groups = next(part for part in nodes_walk(werkvorm) if type(part).__name__ == "Groups")
    assert common.group_split_notes(groups.size, werkvorm) == [
        "Bij 7 deelnemers: 1 groepje van 4 en 1 groepje van 3 (2 breakout-rooms). Een groepje van 4 is groter "
        "dan 3: reken daar op meer tijd, of doe zelf mee."
    ]


def nodes_walk(werkvorm):
    from werkvorm_dsl.language.nodes import walk

    return walk(werkvorm.section("sessie").parts)
