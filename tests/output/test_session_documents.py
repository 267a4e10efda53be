"""The outputs of a werkvorm that uses every session construct: a facilitator can run it from them."""

import re
from dataclasses import dataclass

import pytest
from markupsafe import escape

from conftest import ROOT
from werkvorm_dsl import parse
from werkvorm_dsl.analysis.schedule import plan
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.language.nodes import FacilitatorOnly, Groups, Note, Round, Step, TimeBox, walk
from werkvorm_dsl.output.documents import common
from werkvorm_dsl.output.render import environment, render

SOURCE = ROOT / "tests/data/good/alles-samen.werkvorm"


@pytest.fixture(scope="module")
def werkvorm():
    return parse(SOURCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    target = tmp_path_factory.mktemp("alles")
    assert (
        main(
            [
                "build",
                "--to",
                str(target),
                "--start",
                "14:00",
                "--datum",
                "2026-12-03",
                "--formaten",
                "html,md",
                str(SOURCE),
            ]
        )
        == 0
    )
    folder = target / "alles-samen"
    return {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir() if path.is_file()}


def session_parts(werkvorm):
    return tuple(walk(werkvorm.section("sessie").parts))


def test_the_werkvorm_uses_every_construct(werkvorm):
    parts = session_parts(werkvorm)
    kinds = {type(part).__name__ for part in parts}
    assert kinds == {"Step", "Pause", "Round", "Groups", "TimeBox"}
    assert any(isinstance(p, Round) and any(isinstance(q, Round) for q in p.parts) for p in parts)  # nested
    assert any(isinstance(p, Round) and p.optional for p in parts)
    assert any(isinstance(p, Step) and p.optional for p in parts)
    assert any(isinstance(p, Step) and p.absent for p in parts)
    assert any(isinstance(p, Groups) and p.box is not None for p in parts)


def test_handout_says_the_case_presenter_is_away_at_that_step_and_holds_no_facilitator_text(werkvorm, out):
    away = next(p for p in session_parts(werkvorm) if isinstance(p, Step) and p.absent)
    secrets = [
        b.text
        for p in session_parts(werkvorm)
        if isinstance(p, Step)
        for b in p.body
        if isinstance(b, (FacilitatorOnly, Note))
    ]
    assert secrets
    for name in ("deelnemers.md", "deelnemers.html", "kaarten.md", "kaarten.html"):
        assert all(secret not in out[name] for secret in secrets), name
    told = away.for_participants.text
    assert away.title.text not in out["deelnemers.md"]  # the facilitator's instruction stays theirs
    row = next(line for line in out["deelnemers.md"].splitlines() if told in line)
    assert "(**Afwezig:** casusinbrenger (verlaat de breakout room))" in row  # as every format writes it
    html_row = out["deelnemers.html"].split(told, 1)[1].split("</tr>", 1)[0]
    assert "Afwezig:" in html_row and "casusinbrenger" in html_row


def test_handout_shows_each_round_once_and_says_how_often_and_until_when(werkvorm, out):
    table = out["deelnemers.md"].split("## Programma", 1)[1]
    assert table.count("Vertel je partner over een moment waarop je trots was.") == 1
    assert "Deze ronde gebeurt 3 keer, tot 14:23" in table
    # the inner round ends inside the first time of the outer one (14:03 + 2 × 3 min), not at 14:23
    assert "Deze ronde gebeurt 2 keer, tot 14:09" in table
    assert "Deze ronde gebeurt hooguit 16 keer" in table
    assert "| *Pauze: koffie* |" in table


def test_draaiboek_names_every_block_and_every_step_once_in_the_session_text(werkvorm, out):
    text = out["draaiboek.md"].split("## Sessie", 1)[1]
    headings = [line for line in text.splitlines() if line.startswith("#")]
    parts = session_parts(werkvorm)
    for block in (p for p in parts if isinstance(p, (Round, Groups, TimeBox))):
        assert sum(line.endswith(" " + common.block_title(block)) for line in headings) == 1, block.description
    numbers = common.step_numbers(plan(werkvorm))
    for step in (p for p in parts if isinstance(p, Step)):
        assert sum(f" Stap {numbers[id(step)]} (" in line for line in headings) == 1, step.title.text
    assert sum(line.split(" ", 1)[1].startswith("Pauze") for line in headings) == 2
    assert "### Ronde: 1 keer (als er tijd is)" in headings


def test_draaiboek_html_frames_each_block_and_marks_optional_ones(werkvorm, out):
    html = out["draaiboek.html"]
    blocks = [p for p in session_parts(werkvorm) if isinstance(p, (Round, Groups, TimeBox))]
    assert html.count('<section class="block block-') == len(blocks)
    assert html.count('<section class="block block-ronde optional">') == 1
    assert html.count('<div class="step pause">') == 2
    assert re.search(r"\.block \{[^}]*border-left", html)


def test_agenda_rows_carry_their_depth(werkvorm, out):
    slots = plan(werkvorm).slots
    html_rows = re.findall(r'<tr class="(?:round-head )?depth-(\d)', out["draaiboek.html"])
    assert [int(d) for d in html_rows] == [s.depth for s in slots]
    assert max(s.depth for s in slots) == 2
    md_rows = [line for line in out["draaiboek.md"].split("## Materiaal")[0].splitlines() if line.startswith("| ")][1:]
    assert [len(re.match(r"\| [^|]* \| [^|]* \| (\u2003*)", row).group(1)) // 2 for row in md_rows] == [
        s.depth for s in slots
    ]
    txt_rows = out["tijdschema.txt"].split("\n\n", 2)[2].splitlines()
    assert [(len(row[25:]) - len(row[25:].lstrip())) // 2 for row in txt_rows] == [s.depth for s in slots]


def test_no_run_of_three_blank_lines_in_markdown_or_text(out):
    for name, text in out.items():
        if name.endswith((".md", ".txt")):
            assert "\n\n\n" not in text, name


def test_no_python_repr_or_none_anywhere(out):
    for name, text in out.items():
        assert not re.search(r"\bNone\b|Fraction\(|<werkvorm_dsl|\bTrue\b|\bFalse\b", text), name


def test_summary_row_reads_as_one_number(out):
    assert "9.… nog 8 rondes" in out["tijdschema.txt"]
    assert "…." not in out["tijdschema.txt"] + out["draaiboek.md"]


def test_tijdschema_states_the_whole_stated_range(out):
    assert "in de 75 tot 90 min van de werkvorm." in out["tijdschema.txt"]


def test_cards_one_per_step_with_separate_chips_and_no_card_for_a_break(werkvorm, out):
    steps = [p for p in session_parts(werkvorm) if isinstance(p, Step)]
    html = out["kaarten.html"]
    assert html.count('<section class="card card-stap">') == len(steps)
    assert "Pauze" not in html and "koffie" not in html
    away = next(s for s in steps if s.absent)
    card = html.split(str(escape(common.participant_text(away))), 1)[1].split("</section>", 1)[0]
    assert re.findall(r'<span class="chip[^"]*">([^<]*)</span>', card) == [
        "2 min",
        "deelnemers",
        "ronde, 3 tot 4 keer",
        "in groepjes, tegelijk",
    ]
    assert "Afwezig:" in card
    optional = html.split("Bespreek nog een casus met de hele groep.", 1)[1].split("</section>", 1)[0]
    assert '<span class="chip chip-optional">als er tijd is</span>' in optional
    # a duration per person depends on the group's size: the card says it as written
    assert "1 min per deelnemer" in html.split("Vertel je vraag.", 1)[1].split("</section>", 1)[0]


def test_invitation_mentions_the_breaks_and_that_the_end_is_the_latest(out):
    for name in ("uitnodiging.txt", "uitnodiging.md", "uitnodiging.html"):
        text = re.sub(r"<[^>]+>", "", out[name])  # the e-mail body's words, without its tags
        assert re.search(r"Wanneer:\W+\w+ 3 december 2026, van 14:00 tot uiterlijk 15:30 uur", text), name
        assert re.search(r"Duur:\W+[^\n]*, met twee pauzes van 5 min\n", text), name


def test_uitnodiging_breaks_text_names_different_lengths():
    from werkvorm_dsl.output.documents.uitnodiging import breaks_text

    text = "WERKVORM x\nduur: 1 uur\n\nSESSIE\nPAUZE 5 min\nstap a\n    duur: 5 min\nPAUZE 10 min: koffie\n"
    assert breaks_text(plan(parse(text))) == "twee pauzes (5 en 10 min)"
    assert breaks_text(plan(parse("WERKVORM x\nduur: 1 uur\n\nSESSIE\nPAUZE 10 min\n"))) == "een pauze van 10 min"
    assert breaks_text(plan(parse("WERKVORM x\nduur: 1 uur\n\nSESSIE\nstap a\n"))) == ""


def test_timeline_labels_stay_inside_the_picture_and_their_bars(werkvorm, out):
    svg = out["draaiboek.html"].split("<svg", 1)[1].split("</svg>", 1)[0]
    left, _, width, _ = map(float, re.search(r'viewBox="([^"]+)"', svg).group(1).split())
    for x, label in re.findall(r'<text x="([\d.]+)" y="58"[^>]*>([^<]+)</text>', svg):
        half = len(label) * common.LABEL_CHAR_WIDTH / 2
        assert left <= float(x) - half and float(x) + half <= left + width, label
    drawn = common.timeline(plan(werkvorm))
    for segment in drawn["segments"]:
        assert not segment.label or len(segment.label) * common.LABEL_CHAR_WIDTH <= segment.width
    leaves = plan(werkvorm).leaves
    assert len(drawn["segments"]) == len(leaves)  # leaves only: no bar for a block's head
    assert svg.count('stroke-dasharray="4 2"') == sum(s.extra for s in leaves)


@dataclass(frozen=True)
class Unheard:
    """A kind of part no template knows."""

    optional: bool = False
    parts: tuple = ()
    description: str = ""


@pytest.mark.parametrize("template", ["macros.html", "macros.md"])
def test_session_text_fails_loudly_on_an_unknown_kind_of_part(template):
    page = environment().from_string(
        f'{{% from "{template}" import session_parts with context %}}{{{{ session_parts(parts, 3) }}}}'
    )
    with pytest.raises((TypeError, AssertionError)):
        page.render(parts=[Unheard()], number_of=str, meta_of=str, block_title=str, block_notes=list, questions_of=list)


@dataclass(frozen=True)
class OddSlot:
    kind: str = "onbekend"
    depth: int = 0
    start: int = 0
    end: int = 0
    extra: bool = False


@pytest.mark.parametrize("template", ["draaiboek.html", "draaiboek.md"])
def test_agenda_fails_loudly_on_an_unknown_kind_of_row(werkvorm, template):
    from werkvorm_dsl.output.documents.draaiboek import view

    class Context:
        pass

    context = Context()
    context.werkvorm, context.plan, context.concept, context.huisstijl = werkvorm, plan(werkvorm), False, None
    context.datum = None
    data = view(context)
    data["plan"] = type("P", (), {"slots": [OddSlot()], "clock": staticmethod(str), "timing": context.plan.timing})()
    with pytest.raises(TypeError, match="OddSlot"):
        render(template, **data)


@pytest.mark.parametrize("template", ["deelnemers.html", "deelnemers.md"])
def test_handout_fails_loudly_on_an_unknown_kind_of_row(werkvorm, template):
    row = {"slot": OddSlot(), "head": None, "description": "", "absent": "", "pause": False}
    with pytest.raises(TypeError, match="OddSlot"):
        render(
            template,
            w=werkvorm,
            doctype="x",
            version="1",
            who=True,
            plan=plan(werkvorm),
            facts=[],
            question_lists=[],
            programme=[row],
            minutes=True,
            for_participants=True,
            indent=common.indent,
        )


@pytest.mark.parametrize("template", ["kaarten.html", "kaarten.md"])
def test_cards_fail_loudly_on_an_unknown_kind_of_card(werkvorm, template):
    from werkvorm_dsl.output.documents.kaarten import Card

    card = Card("onbekend", "1", "titel", "", (), (), ())
    with pytest.raises(TypeError, match="Card"):
        render(template, w=werkvorm, doctype="x", cards=[card], for_participants=True)
