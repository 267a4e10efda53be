"""The draaiboek's timeline: one way of numbering rounds, and a legend that explains only what is drawn."""

import re

import pytest

from conftest import ROOT
from werkvorm_dsl import parse
from werkvorm_dsl.app.cli import main


def _timeline_svg(tmp_path, source) -> str:
    assert main(["build", "--only", "draaiboek", "--formaten", "html", "--to", str(tmp_path), str(source)]) == 0
    page = (tmp_path / source.stem / "draaiboek.html").read_text(encoding="utf-8")
    return page.split('<div class="timeline">', 1)[1].split("</svg>", 1)[0]


def test_timeline_numbers_the_repetitions_of_every_round_the_same_way():
    """wat-werkt-al: a round of four said 'R1 R2 R3 R4' and the round after it (held once, when
    there is time) 'ronde 1', as if a second count began. One form for every repetition, and a
    round held once is no repetition: it says '1 keer', as the agenda does."""
    from werkvorm_dsl.analysis.schedule import plan
    from werkvorm_dsl.output.documents import common

    werkvorm = parse((ROOT / "formats/wat-werkt-al.werkvorm").read_text(encoding="utf-8"))
    labels = [span.label for span in common.timeline(plan(werkvorm))["rounds"]]
    assert labels == ["R1", "R2", "R3", "R4", "1 keer"]
    roomy = parse(
        "WERKVORM R\nduur: 1 uur\n\nSESSIE\nRONDE 3 keer\nstap Vertel\n    duur: 10 min\nEINDE RONDE\n"
        "RONDE 1 keer\nstap Nog eens\n    duur: 2 min\nEINDE RONDE\nstap Slot\n    duur: 5 min\n"
    )
    labels = [span.label for span in common.timeline(plan(roomy))["rounds"]]
    assert labels == ["ronde 1", "ronde 2", "ronde 3", "1×"]  # the long form where all have room for it


LEGEND = ("vaste duur", "geschat", "als er tijd is", "pauze", "gestelde duur", "ronde")


@pytest.mark.parametrize(
    "source, shown",
    [
        (
            "WERKVORM A\nduur: 30 min\n\nSESSIE\nstap Begin\n    duur: 10 min\nstap Praat\n",
            {"vaste duur", "geschat", "gestelde duur"},
        ),
        ("WERKVORM B\n\nSESSIE\nstap Begin\n    duur: 10 min\n", {"vaste duur"}),
        (
            "WERKVORM C\nduur: 1 uur\n\nSESSIE\nstap Begin\n    duur: 10 min\nPAUZE 5 min\nRONDE 2 tot 3 keer\nstap Vertel\n"
            "    duur: 10 min\nEINDE RONDE\n",
            {"vaste duur", "pauze", "als er tijd is", "gestelde duur", "ronde"},
        ),
    ],
    ids=["geschat", "kaal", "alles"],
)
def test_the_timeline_legend_explains_only_what_is_drawn(tmp_path, source, shown):
    """The legend listed 'pauze' and 'als er tijd is' under timelines with neither."""
    path = tmp_path / "tijdlijn.werkvorm"
    path.write_text(source, encoding="utf-8")
    svg = _timeline_svg(tmp_path / "uit", path)
    legend = {
        text
        for text in re.findall(r'font-size="10" fill="#1a1a1a">([^<]+)</text>', svg)
        if not re.fullmatch(r"ronde \d+|R\d+|1 keer|1×", text)
    }
    assert {next(word for word in LEGEND if text.startswith(word)) for text in legend} == shown
    xs = [
        float(x)
        for x in re.findall(
            r'<text x="([\d.]+)" y="\d+" font-size="10" fill="#1a1a1a">(?:vaste|geschat|als er|pauze|gestelde|ronde<)',
            svg,
        )
    ]
    assert xs == sorted(xs) and len(xs) == len(shown)  # side by side, in order
