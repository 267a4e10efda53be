"""What an attack on the session model (issue 10) found, kept as tests: nested, parallel, boxed and
optional blocks written as a hurried author or a hostile file would, and generated session trees
whose check, plan, tijdschema and fmt must agree."""

from __future__ import annotations

import json
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import context_for, quick_share
from werkvorm_dsl import check, parse
from werkvorm_dsl.analysis.schedule import plan
from werkvorm_dsl.analysis.timing import compute
from werkvorm_dsl.language.export import to_data
from werkvorm_dsl.language.fmt import format_text
from werkvorm_dsl.output import registry

HEADER = "WERKVORM Proef\nduur: 60 min\ndeelnemers: 4 tot 6\n\nSESSIE\n"


def codes(text: str) -> list[str]:
    """The codes, without the remarks I703 and I704 that every step without 'voor deelnemers:' and a
    werkvorm without 'doel:' bring."""
    return [d.code for d in check(parse(text)) if d.code not in ("I703", "I704")]


def without_spans(data):
    if isinstance(data, dict):
        return {k: without_spans(v) for k, v in data.items() if not k.endswith("span") and k != "filename"}
    if isinstance(data, list):
        return [without_spans(item) for item in data]
    return data


# --- nesting written badly ----------------------------------------------------------------------


def nested_openers(count: int) -> str:
    return HEADER + "".join(" " * i + "RONDE 2 keer\n" for i in range(count)) + "stap A\n    duur: 1 min\n"


def test_ten_thousand_nested_openers_stay_linear_and_say_where():
    # Found: each E217 listed the lines of every block around it, 10,000 nested openers took
    # minutes. The text grows with the square of the count (each line is indented one more),
    # so the time may too, but not more.
    def seconds(count):
        text = nested_openers(count)
        start = time.process_time()
        diagnostics = check(parse(text))
        return time.process_time() - start, diagnostics, len(text)

    small, _, small_size = seconds(500)
    large, diagnostics, large_size = seconds(2000)
    assert large / small < 2 * large_size / small_size
    deep = [d for d in diagnostics if d.code == "E217"]
    assert len(deep) == 2000 - 3
    assert all(d.message.endswith("(regels 6, 7, 8); dieper dan 3 gaat niet.") for d in deep)


def test_ten_thousand_einde_lines_are_one_e104_each():
    text = HEADER + "stap A\n    duur: 1 min\n" + "EINDE\n" * 10_000
    assert codes(text) == ["E104"] * 10_000


def test_block_messages_speak_correct_dutch():
    # Found: 'Deze blok heeft geen stappen', 'Dit is een groepjes in 3 blokken'.
    empty_box = codes_and_messages(HEADER + "BLOK 5 min\nEINDE\nstap A\n    duur: 1 min\n")
    assert ("W212", "Dit blok heeft geen stappen.") in empty_box
    deep = codes_and_messages(
        HEADER + "RONDE 2 keer\n    RONDE 2 keer\n        RONDE 2 keer\n"
        "            GROEPJES van 3\n            stap A\n                duur: 1 min\n"
    )
    assert any(code == "E217" and message.startswith("Dit is een blok groepjes in 3 blokken") for code, message in deep)


def codes_and_messages(text: str) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in check(parse(text))]


# --- values that used to be dropped or accepted without a word -----------------------------------


def one_block(head: str) -> str:
    return HEADER + f"{head}\nstap A\n    duur: 2 min per persoon\nEINDE\n"


def test_a_group_of_zero_or_one_is_refused_even_as_the_low_end():
    # Found: 'GROEPJES van 0 tot 3' and 'van maximaal 4' passed, and the shortest way counted
    # subgroups of nobody (0 min for '2 min per persoon').
    for head in ("GROEPJES van 0 tot 3", "GROEPJES van 1 tot 3", "GROEPJES van maximaal 4", "GROEPJES van 1"):
        (problem,) = [d for d in check(parse(one_block(head))) if d.is_error]
        assert (problem.code, problem.span.line, problem.span.column) == ("E219", 6, 10)
        assert "groepje van 'van" not in problem.message  # it used to quote 'van 1' as the size
    assert codes(one_block("GROEPJES van 2 tot 4")) == []


def test_a_size_that_contradicts_tweetallen_is_refused():
    # Found: 'TWEETALLEN van 3' counted pairs and dropped the 3 without a word.
    assert codes(one_block("TWEETALLEN van 3")) == ["E219"]
    assert codes(one_block("VIERTALLEN van 2 tot 4")) == ["E219"]
    for head in ("TWEETALLEN", "TWEETALLEN van 2", "DRIETALLEN van 3 personen", "TWEETALLEN: in de zaal"):
        assert codes(one_block(head)) == [], head


def test_a_pause_box_or_time_box_per_person_is_refused():
    # Found: 'PAUZE 2 min per deelnemer', 'BLOK 2 min per persoon' and 'tijdvak: 2 min per persoon'
    # counted 2 min, as if 'per deelnemer' were not there.
    pause = HEADER + "PAUZE 2 min per deelnemer: koffie\nstap A\n    duur: 1 min\n"
    box = HEADER + "BLOK 2 min per persoon\nstap A\nEINDE\n"
    round_ = HEADER + "RONDE 2 keer\ntijdvak: 2 min per persoon\nstap A\nEINDE\n"
    for text, line, column in ((pause, 6, 7), (box, 6, 6), (round_, 7, 10)):
        (problem,) = [d for d in check(parse(text)) if d.code not in ("I703", "I704")]
        assert (problem.code, problem.span.line, problem.span.column) == ("E201", line, column)


# --- generated session trees: check, plan, tijdschema and fmt agree -----------------------------

STEP_DURATIONS = [
    "",
    "3 min",
    "2 tot 4 min",
    "2 min per persoon",
    "maximaal 5 min",
    "minstens 2 min",
    "globaal 4 min",
    "5 min, als er tijd is",
    "als er tijd is",
    "1 tot 2 min per lid",
]
OPENERS = [
    "RONDE 2 keer",
    "RONDE 1 tot 3 keer: telkens een ander",
    "RONDE per deelnemer",
    "RONDE per lid",
    "RONDE zo vaak als de tijd toelaat",
    "RONDE 2 keer, als er tijd is",
    "GROEPJES van 3",
    "TWEETALLEN",
    "GROEPJES van 2 tot 4: ieder een eigen plek",
    "BLOK 20 min",
    "BLOK maximaal 30 min",
    "BLOK 10 min (als er tijd is)",
]
CLOSERS = ["EINDE", "EINDE RONDE", "EINDE GROEPJES", "EINDE BLOK", None]


def _step(duration: str) -> list[str]:
    return ["stap Doe iets.", f"    duur: {duration}"] if duration else ["stap Doe iets zonder duur."]


parts = st.recursive(
    st.one_of(
        st.sampled_from(STEP_DURATIONS).map(lambda d: ("step", d)),
        st.sampled_from(["PAUZE 10 min", "PAUZE 5 tot 10 min: koffie"]).map(lambda p: ("pause", p)),
    ),
    lambda inner: st.tuples(
        st.just("block"),
        st.sampled_from(OPENERS),
        st.sampled_from(["", "8 min", "30 min"]),
        st.lists(inner, min_size=1, max_size=3),
        st.sampled_from(CLOSERS),
    ),
    max_leaves=12,
)


def _lines(part, depth: int) -> list[str]:
    indent = "    " * depth
    if part[0] == "step":
        return [indent + line for line in _step(part[1])]
    if part[0] == "pause":
        return [indent + part[1]]
    _, opener, box, inner, closer = part
    lines = [indent + opener]
    if box and not opener.startswith("BLOK"):
        lines.append(indent + f"tijdvak: {box}")
    for child in inner:
        lines += _lines(child, depth + 1 if child[0] == "block" else depth)
    if closer:
        lines.append(indent + closer)
    return lines


sessions = st.builds(
    lambda stated, people, body: (
        f"WERKVORM Proef\n{stated}{people}\nSESSIE\n"
        + "\n".join(line for part in body for line in _lines(part, 0))
        + "\n"
    ),
    st.sampled_from(["duur: 90 min\n", "duur: 45 tot 60 min\n", "", "minimum per stap: 2 min\nduur: 2 uur\n"]),
    st.sampled_from(["deelnemers: 4 tot 6\n", "deelnemers: 8\n", ""]),
    st.lists(parts, min_size=1, max_size=4),
)


def test_an_optional_step_in_a_box_at_its_shortest_stays_inside_the_box():
    text = (
        HEADER
        + "RONDE 2 keer\ntijdvak: 8 min\nstap A\n    duur: 5 tot 7 min\nstap B\n    duur: 4 min, als er tijd is\nEINDE\n"
    )
    werkvorm = parse(text)
    assert not any(d.is_error for d in check(werkvorm))
    assert plan(werkvorm).end == compute(werkvorm).planned_total


def test_a_break_in_a_box_at_its_shortest_stays_inside_the_box():
    # Found: the plan laid a 'PAUZE 5 tot 10 min' in an 8-minute box at 10 min, past the box.
    text = HEADER + "RONDE 2 keer\ntijdvak: 8 min\nPAUZE 5 tot 10 min: koffie\nEINDE\n"
    werkvorm = parse(text)
    assert not any(d.is_error for d in check(werkvorm))
    assert plan(werkvorm).end == compute(werkvorm).planned_total == 16


@settings(max_examples=quick_share(40), deadline=None)
@given(sessions)
def test_generated_session_trees_agree_everywhere(text):
    werkvorm = parse(text, "gegenereerd.werkvorm")
    diagnostics = check(werkvorm)
    timing = compute(werkvorm)
    assert timing.shortest <= timing.longest
    context = context_for(werkvorm)
    data = json.loads(registry.get("tijdschema").render(context).files["json"])
    assert (data["kortste_weg"], data["langste_weg"]) == (float(timing.shortest), float(timing.longest))
    if any(d.is_error for d in diagnostics):
        return  # nothing is built of it
    assert context.plan.end == timing.planned_total
    once = format_text(text)
    assert format_text(once) == once
    assert without_spans(to_data(parse(once))) == without_spans(to_data(werkvorm))
