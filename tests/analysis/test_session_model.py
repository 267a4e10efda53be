"""The session as a tree: closed part types, the issue's worked examples, and what the check says."""

from dataclasses import dataclass
from fractions import Fraction

import pytest

from werkvorm_dsl import check, parse
from werkvorm_dsl.analysis.timing import Findings, Scope, compute, cost_of
from werkvorm_dsl.language.fmt import format_text
from werkvorm_dsl.language.nodes import Groups, Pause, Round, Span, Step, TimeBox, walk


def werkvorm(session: str, facts: str = "duur: 1 uur\n") -> str:
    return f"WERKVORM Proef\n{facts}\nSESSIE\n{session}"


PARTNERS = """RONDE 3 keer: telkens met een nieuwe partner
stap Zoek een nieuwe partner.
    duur: 1 min
    RONDE 2 keer: elk van beiden vertelt
    stap Vertel over een moment waarop je trots was.
        duur: 2 tot 3 min
    EINDE RONDE
EINDE RONDE
"""

SUBGROUPS = """stap Schrijf in je eentje je vraag op.
    duur: 5 min
GROEPJES van 2 tot 4: ieder groepje zoekt een eigen plek
    RONDE per lid: ieder lid om de beurt
    stap Vertel je vraag.
        duur: 3 min
    stap Krijg advies van de anderen.
        duur: 5 tot 7 min
    EINDE RONDE
EINDE GROEPJES
"""

BOXED = """RONDE 3 keer: wissel van tafel
tijdvak: 8 min
stap Bespreek de vraag.
    duur: 5 tot 7 min
EINDE RONDE
"""


@pytest.mark.parametrize(
    "session, shortest, longest",
    [
        (PARTNERS, 15, 21),  # 3 × (1 + 2 × (2..3))
        (SUBGROUPS, 21, 45),  # 5 + (2..4) × (3 + 5..7), counted once for all subgroups
        (BOXED, 24, 24),  # 3 × the 8-minute box, whatever the inner steps take
    ],
    ids=["round-in-round", "subgroups", "time-box"],
)
def test_the_issues_worked_examples(session, shortest, longest):
    timing = compute(parse(werkvorm(session, "duur: 1 uur\ndeelnemers: 10 tot 12\n")))
    assert (timing.shortest, timing.longest) == (shortest, longest)


def test_the_arithmetic_shows_the_nesting():
    found = check(parse(werkvorm("stap Open\n    duur: 2 min\n" + PARTNERS, "duur: 10 min\n")))
    e401 = next(d for d in found if d.code == "E401")
    assert "2 + (1 + 2 × 2 rondes) × 3 rondes = 17 min" in e401.message


def test_the_number_of_participants_does_not_change_what_subgroups_cost():
    costs = {compute(parse(werkvorm(SUBGROUPS, f"duur: 1 uur\ndeelnemers: {n}\n"))).longest for n in (4, 9, 30)}
    assert costs == {45}


def test_untimed_steps_count_the_floor_so_too_many_of_them_cannot_fit():
    ten_untimed = "".join(f"stap Stap {i}\n" for i in range(10))
    assert "E401" in {d.code for d in check(parse(werkvorm(ten_untimed, "duur: 9 min\n")))}
    assert "E401" not in {d.code for d in check(parse(werkvorm(ten_untimed, "duur: 10 min\n")))}
    floor_two = check(parse(werkvorm(ten_untimed, "duur: 15 min\nminimum per stap: 2 min\n")))
    assert "E401" in {d.code for d in floor_two}


def test_w403_counts_distinct_steps_and_points_at_their_own_lines():
    text = werkvorm("stap Open\n    duur: 50 min\nRONDE 3 keer\nstap A\nstap B\nEINDE RONDE\n")
    w403 = next(d for d in check(parse(text)) if d.code == "W403")
    assert "2 stappen zonder duur (door de rondes samen 6 keer)" in w403.message
    assert [span.line for span, _ in w403.related] == [8, 9]


def test_which_group_sizes_fit_is_said():
    text = werkvorm(
        "RONDE per deelnemer\nstap Vertel.\n    duur: 15 min\nEINDE RONDE\n", "duur: 1 uur\ndeelnemers: 3 tot 6\n"
    )
    w402 = next(d for d in check(parse(text)) if d.code == "W402")
    assert "Het past bij 3 of 4 deelnemers; bij 5 of 6 niet (75 of 90 min)." in w402.message


def test_as_often_as_time_allows_is_worked_out_and_said():
    text = werkvorm(
        "stap Open\n    duur: 10 min\nRONDE zo vaak als de tijd toelaat\nstap Casus\n    duur: 12 min\nEINDE RONDE\n"
    )
    # I703 and I704: the steps have no text for participants, the werkvorm no goal
    found = [d for d in check(parse(text)) if d.code not in ("I703", "I704")]
    assert [d.code for d in found] == ["I409"]
    assert "4 keer" in found[0].message  # 10 + 4 × 12 = 58 ≤ 60
    assert compute(parse(text)).longest == 58
    assert not found[0].is_error and found[0].as_error() == found[0]  # --strict keeps a note a note


def test_optional_parts_count_only_in_the_longest_way():
    text = werkvorm(
        "stap Open\n    duur: 10 min\nstap Extra\n    duur: 5 min, als er tijd is\n"
        "RONDE 1 keer, als er tijd is\nstap Nog een\n    duur: 20 min\nEINDE RONDE\n"
    )
    timing = compute(parse(text))
    assert (timing.shortest, timing.longest) == (10, 35)


def test_a_box_too_small_for_its_steps_is_an_error_at_the_box():
    text = werkvorm("BLOK 10 min: brainstorm\nstap Bedenk.\n    duur: 8 min\nstap Kies.\n    duur: 4 min\nEINDE BLOK\n")
    e406 = next(d for d in check(parse(text)) if d.code == "E406")
    assert e406.span.line == 5 and [span.line for span, _ in e406.related] == [6, 8]


def test_a_ranged_total_is_checked_at_both_ends():
    short = werkvorm("stap Open\n    duur: 30 min\n", "duur: 45 tot 60 min\n")
    assert [d.code for d in check(parse(short))] == ["I704", "W407", "I703"]
    right = werkvorm("stap Open\n    duur: 50 min\n", "duur: 45 tot 60 min\n")
    assert [d.code for d in check(parse(right))] == ["I704", "I703"]  # only the remarks on the hand-out


def test_blocks_deeper_than_three_and_wrong_closers_are_reported():
    deep = "".join(f"{'    ' * i}RONDE 2 keer\n" for i in range(4)) + "stap A\n    duur: 1 min\n"
    assert "E217" in {d.code for d in check(parse(werkvorm(deep)))}
    wrong = werkvorm("RONDE 2 keer\nstap A\n    duur: 1 min\nEINDE BLOK\n")
    assert "E218" in {d.code for d in check(parse(wrong))}


def test_a_sibling_round_still_closes_the_one_before_it():
    text = werkvorm("RONDE 2 keer\nstap A\n    duur: 1 min\nRONDE 3 keer\nstap B\n    duur: 1 min\nEINDE RONDE\n")
    session = parse(text).sections[0]
    assert [type(part).__name__ for part in session.parts] == ["Round", "Round"]


def test_roles_declared_in_the_header_are_known():
    text = werkvorm(
        "stap A\n    duur: 5 min\n    wie: tijdbewaker, adviseur\n    afwezig: casusinbrenger (gaat even weg)\n",
        "duur: 1 uur\nrollen: tijdbewaker, adviseurs\n",
    )
    parsed = parse(text)
    assert [d.code for d in check(parsed)] == ["I704", "I703"]  # remarks: no goal; step A has no participants' text
    step = parsed.sections[0].parts[0]
    assert step.roles == ("tijdbewaker", "adviseurs") and step.absent == ("casusinbrenger",)


def test_fmt_indents_nested_blocks_and_keeps_them_nested():
    messy = werkvorm(PARTNERS.replace("    RONDE", "  RONDE").replace("    EINDE", "  EINDE"))
    tidy = format_text(messy)
    assert "\n    RONDE 2 keer: elk van beiden vertelt\n" in tidy and "\n    EINDE RONDE\nEINDE RONDE" in tidy
    assert format_text(tidy) == tidy
    assert compute(parse(tidy)).total == compute(parse(messy)).total


# --- the closed set of part types ------------------------------------------------------------


@dataclass(frozen=True)
class Workshop:
    """A kind of part nobody taught the walker, the timing or the templates."""

    span: Span = Span(1, 1, 1, 2)


def test_a_new_kind_of_part_fails_loudly_in_the_walker_and_the_timing():
    with pytest.raises(AssertionError):
        list(walk((Workshop(),)))
    with pytest.raises(AssertionError):
        cost_of(Workshop(), Scope(None, "deelnemers", Fraction(1), {}, 1), Findings())


def test_a_new_kind_of_part_fails_loudly_in_the_templates():
    from werkvorm_dsl.output.render import part_kind

    with pytest.raises(AssertionError):
        part_kind(Workshop())
    assert {part_kind.__name__} and all(
        kind in ("stap", "pauze", "ronde", "groepjes", "blok")
        for kind in (part_kind(cls.__new__(cls)) for cls in (Step, Pause, Round, Groups, TimeBox))
    )


def test_which_subgroup_sizes_fit_is_said():
    text = werkvorm(SUBGROUPS, "duur: 40 min\n")
    w402 = next(d for d in check(parse(text)) if d.code == "W402")
    assert "Met groepjes van 2 of 3 past het; met groepjes van 4 niet (45 min)." in w402.message


def test_a_sentence_that_starts_with_a_block_word_is_an_error_that_says_how_to_keep_it_as_text():
    text = werkvorm("stap Opening\n    duur: 5 min\n    Pauze is belangrijk voor iedereen.\n")
    e201 = next(d for d in check(parse(text)) if d.code == "E201")
    assert e201.span.line == 7 and "Zet dan een \\ vooraan de regel" in e201.hint
    escaped = werkvorm("stap Opening\n    duur: 5 min\n    \\Pauze is belangrijk voor iedereen.\n")
    assert [d.code for d in check(parse(escaped))] == ["I704", "I703"]  # only the remarks on the hand-out


@pytest.mark.parametrize(
    "people, low, high, groups",
    [
        (7, 3, 3, [4, 3]),  # a trio and a group of four, not a trio and two pairs
        (10, 3, 3, [4, 3, 3]),
        (10, 2, 4, [4, 3, 3]),  # within the sizes the author gave, as few groups as can be
        (12, 4, 6, [6, 6]),
        (7, 2, 2, [3, 2, 2]),
        (2, 3, 3, [2]),  # fewer people than one group: one group
    ],
)
def test_the_group_is_split_without_groups_under_the_smallest_size(people, low, high, groups):
    from werkvorm_dsl.language.nodes import Count
    from werkvorm_dsl.output.documents.common import split_into_groups

    assert split_into_groups(people, Count(low, high)) == groups
    assert sum(groups) == people


def test_a_size_word_with_a_colon_keeps_what_the_groups_do():
    text = werkvorm("DRIETALLEN: ieder drietal zoekt een eigen plek\nstap A\n    duur: 5 min\nEINDE\n")
    groups = parse(text).sections[0].parts[0]
    assert (groups.size.low, groups.description) == (3, "ieder drietal zoekt een eigen plek")


def test_a_time_box_shows_its_spare_minutes():
    from werkvorm_dsl.analysis.schedule import RowKind, plan

    agenda = plan(parse(werkvorm(BOXED)))
    spare = [slot for slot in agenda.slots if slot.kind is RowKind.SLACK]
    assert [slot.minutes for slot in spare] == [1, 1, 1]  # 8 min box, the step at its longest 7 min
    assert agenda.end == 24


def test_a_round_as_often_as_time_allows_that_has_no_room_says_so():
    text = werkvorm(
        "stap Open\n    duur: 70 min\nRONDE zo vaak als de tijd toelaat\nstap Casus\n    duur: 5 min\nEINDE RONDE\n"
    )
    note = next(d for d in check(parse(text)) if d.code == "I409")
    assert "past geen enkele keer meer" in note.message


def test_a_card_in_a_round_inside_a_round_says_how_often_in_all():
    import datetime

    from werkvorm_dsl.analysis.schedule import plan
    from werkvorm_dsl.app.build_command import Context
    from werkvorm_dsl.output.documents.kaarten import cards

    parsed = parse(werkvorm(PARTNERS, "duur: 1 uur\n"))
    context = Context(parsed, plan(parsed), "proef", datetime.date(2026, 12, 3), ".", 0)
    chips = {card.title: card.chips for card in cards(context)}
    assert chips["Zoek een nieuwe partner."] == ("ronde, 3 keer",)
    assert chips["Vertel over een moment waarop je trots was."] == ("ronde, 6 keer",)
