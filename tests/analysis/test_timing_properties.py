"""Properties of the timing model of issue 10 over generated session trees: rounds, subgroups, boxes,
breaks and optional parts nested up to three deep, printed as an author writes them.

- the shortest way is never longer than the longest;
- both are monotone in the `deelnemers:` range and in every repetition count and group size;
- a time box caps its block: the block adds n × box, whatever is inside (E406 when the inside's
  shortest way does not fit);
- a GROEPJES block costs the same whatever `deelnemers:` is (the number of subgroups does not matter);
- n untimed steps outside any box under a `duur:` below n × floor is E401;
- for a round of steps under a `deelnemers:` range: the shortest way is never longer than the longest,
  and both grow with the group size and the round count (any numbers).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from strategies import quick_share
from werkvorm_dsl.analysis.checks import check
from werkvorm_dsl.analysis.timing import compute
from werkvorm_dsl.language.diagnostics import Severity
from werkvorm_dsl.language.parser import parse

MAX_DEPTH = 3  # the spec's limit; a fourth nested block is E217
TIMING_ERRORS = {"E401", "E406"}  # the only errors a well-formed generated werkvorm may get


def examples(count: int = 100) -> settings:
    """At most `count` examples in `make test` (a share of them in `make quick`); the fuzz profile
    (HYPOTHESIS_PROFILE=fuzz) runs its own number."""
    loaded = settings().max_examples
    return settings(max_examples=quick_share(count) if loaded <= 150 else loaded)


# --- the session tree ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    duration: str | None  # the text after "duur:"; None: an untimed step
    optional: bool = False


@dataclass(frozen=True)
class Pause:
    low: int
    high: int


@dataclass(frozen=True)
class Block:
    kind: str  # "RONDE", "GROEPJES" or "BLOK"
    count: tuple[int, int] | str | None  # RONDE: times or "per deelnemer"/"per lid"; GROEPJES: size; BLOK: None
    box: int | None
    optional: bool
    parts: tuple


Part = Step | Pause | Block


def render_session(parts: tuple) -> str:
    lines: list[str] = []
    _render_parts(parts, 0, 0, lines)
    return "\n".join(lines) + "\n"


def _render_parts(parts: tuple, step_indent: int, block_indent: int, lines: list[str]) -> None:
    """Steps stand at their block's opener indentation; nested openers 4 further (as `fmt` writes them)."""
    for part in parts:
        if isinstance(part, Step):
            _render_step(part, " " * step_indent, lines)
        elif isinstance(part, Pause):
            span = f"{part.low} min" if part.low == part.high else f"{part.low} tot {part.high} min"
            lines.append(f"{' ' * step_indent}PAUZE {span}")
        else:
            _render_block(part, block_indent, lines)


def _render_step(step: Step, indent: str, lines: list[str]) -> None:
    lines.append(f"{indent}stap Stap {len(lines) + 1}.")
    if step.duration is None and not step.optional:
        return
    duration = "als er tijd is" if step.duration is None else step.duration
    if step.optional and step.duration is not None:
        duration += ", als er tijd is"
    lines.append(f"{indent}    duur: {duration}")


def _render_block(block: Block, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    optional = ", als er tijd is" if block.optional else ""
    if block.kind == "RONDE":
        count = block.count if isinstance(block.count, str) else _times(block.count)
        lines.append(f"{pad}RONDE {count}{optional}: telkens een ander")
    elif block.kind == "GROEPJES":
        low, high = block.count
        size = f"{low}" if low == high else f"{low} tot {high}"
        lines.append(f"{pad}GROEPJES van {size}{optional}: ieder groepje apart")
    else:
        lines.append(f"{pad}BLOK {block.box} min{optional}: samen")
    if block.box is not None and block.kind != "BLOK":
        lines.append(f"{pad}tijdvak: {block.box} min")
    _render_parts(block.parts, indent, indent + 4, lines)
    lines.append(f"{pad}EINDE {block.kind}")


def _times(count: tuple[int, int]) -> str:
    low, high = count
    return f"{low} keer" if low == high else f"{low} tot {high} keer"


def werkvorm_text(parts: tuple, people: tuple[int, int], duur: int | None = 60, floor: int | None = None) -> str:
    lines = ["WERKVORM Gegenereerde sessie"]
    if duur is not None:
        lines.append(f"duur: {duur} min")
    low, high = people
    lines.append(f"deelnemers: {low}" if low == high else f"deelnemers: {low} tot {high}")
    if floor is not None:
        lines.append(f"minimum per stap: {floor} min")
    return "\n".join(lines) + "\n\nSESSIE\n" + render_session(parts)


# --- strategies --------------------------------------------------------------------------------------


def _range(low_max: int, extra_max: int) -> st.SearchStrategy[tuple[int, int]]:
    return st.tuples(st.integers(1, low_max), st.integers(0, extra_max)).map(lambda t: (t[0], t[0] + t[1]))


durations = st.one_of(
    st.integers(1, 10).map(lambda a: f"{a} min"),
    st.tuples(st.integers(1, 6), st.integers(1, 6)).map(lambda t: f"{t[0]} tot {t[0] + t[1]} min"),
    st.integers(1, 4).map(lambda a: f"{a} min per persoon"),
    st.integers(1, 4).map(lambda a: f"{a} min per deelnemer"),
    st.integers(1, 10).map(lambda a: f"maximaal {a} min"),
    st.integers(1, 10).map(lambda a: f"minstens {a} min"),
    st.integers(1, 10).map(lambda a: f"globaal {a} min"),
)
# Only plain durations and untimed steps are made optional: the spec combines "als er tijd is" with those.
steps = st.one_of(
    st.builds(Step, durations),
    st.builds(Step, st.none()),
    st.builds(Step, st.one_of(st.none(), st.integers(1, 10).map(lambda a: f"{a} min")), st.just(True)),
)
pauses = _range(10, 5).map(lambda r: Pause(*r))
round_counts = st.one_of(_range(3, 2), st.sampled_from(["per deelnemer", "per lid"]))
group_sizes = _range(4, 2).map(lambda r: (r[0] + 1, r[1] + 1))  # 2 to 7 people
boxes = st.one_of(st.none(), st.integers(1, 30))


def parts(depth: int, min_size: int = 1) -> st.SearchStrategy[tuple]:
    """The contents of a block at `depth` (0: the session itself)."""
    one = st.one_of(steps, steps, pauses, blocks(depth + 1)) if depth < MAX_DEPTH else st.one_of(steps, pauses)
    return st.lists(one, min_size=min_size, max_size=4 if depth == 0 else 3).map(tuple)


def counted_blocks(depth: int) -> st.SearchStrategy[Block]:
    """A RONDE with a number of times or a GROEPJES with a size: a block with a count to change."""
    return st.one_of(
        st.builds(Block, st.just("RONDE"), _range(3, 2), boxes, st.booleans(), st.deferred(lambda: parts(depth))),
        st.builds(Block, st.just("GROEPJES"), group_sizes, boxes, st.booleans(), st.deferred(lambda: parts(depth))),
    )


def blocks(depth: int) -> st.SearchStrategy[Block]:
    inner = st.deferred(lambda: parts(depth))
    return st.one_of(
        counted_blocks(depth),
        st.builds(Block, st.just("RONDE"), round_counts, boxes, st.booleans(), inner),
        st.builds(Block, st.just("BLOK"), st.none(), st.integers(1, 30), st.booleans(), inner),
    )


sessions = parts(0)
people = _range(11, 8).map(lambda r: (r[0] + 1, r[1] + 1))  # 2 to 20 participants
floors = st.one_of(st.none(), st.integers(1, 4))


# --- helpers -----------------------------------------------------------------------------------------


def read(text: str):
    """The timing and the diagnostics of a generated werkvorm, which must be well formed."""
    werkvorm = parse(text, "gegenereerd.werkvorm")
    diagnostics = check(werkvorm)
    wrong = [d for d in diagnostics if d.severity is Severity.ERROR and d.code not in TIMING_ERRORS]
    assert not wrong, f"the generated werkvorm does not read as written: {[(d.code, d.message) for d in wrong]}\n{text}"
    return compute(werkvorm), diagnostics


def count_sites(parts_: tuple, path: tuple = ()) -> list[tuple]:
    """Paths to every block with a count (RONDE times, GROEPJES size)."""
    found = []
    for index, part in enumerate(parts_):
        if isinstance(part, Block):
            if isinstance(part.count, tuple):
                found.append(path + (index,))
            found.extend(count_sites(part.parts, path + (index,)))
    return found


def bumped(parts_: tuple, path: tuple, end: str, delta: int) -> tuple:
    """The tree with the count at `path` made larger at its low or its high end."""
    index, rest = path[0], path[1:]
    block = parts_[index]
    if rest:
        new = replace(block, parts=bumped(block.parts, rest, end, delta))
    else:
        low, high = block.count
        count = (low + delta, max(high, low + delta)) if end == "low" else (low, high + delta)
        new = replace(block, count=count)
    return parts_[:index] + (new,) + parts_[index + 1 :]


def e406_count(diagnostics) -> int:
    return sum(d.code == "E406" for d in diagnostics)


# --- properties -------------------------------------------------------------------------------------


@examples()
@given(sessions, people, st.one_of(st.none(), st.integers(1, 300)), floors)
def test_the_shortest_way_is_never_longer_than_the_longest(session, group, duur, floor):
    timing, _ = read(werkvorm_text(session, group, duur, floor))
    assert 0 <= timing.shortest <= timing.longest


@examples()
@given(sessions, people, st.integers(0, 5), st.integers(0, 5), floors)
def test_both_ways_grow_with_the_number_of_participants(session, group, more_low, more_high, floor):
    low, high = group
    larger = (low + more_low, max(high + more_high, low + more_low))
    before, _ = read(werkvorm_text(session, group, floor=floor))
    after, _ = read(werkvorm_text(session, larger, floor=floor))
    assert after.shortest >= before.shortest and after.longest >= before.longest, (group, larger)


@examples()
@given(sessions, counted_blocks(1), sessions, st.data(), people, floors)
def test_both_ways_grow_with_every_repetition_count_and_group_size(before_, block, after_, data, group, floor):
    session = before_ + (block,) + after_
    path = data.draw(st.sampled_from(count_sites(session)), label="count")
    end = data.draw(st.sampled_from(["low", "high"]), label="end")
    delta = data.draw(st.integers(1, 3), label="delta")
    larger = bumped(session, path, end, delta)
    before, _ = read(werkvorm_text(session, group, floor=floor))
    after, _ = read(werkvorm_text(larger, group, floor=floor))
    assert after.shortest >= before.shortest and after.longest >= before.longest


boxed_rounds = st.builds(
    Block, st.just("RONDE"), _range(3, 2), st.integers(1, 30), st.just(False), st.deferred(lambda: parts(1))
)
boxed_bloks = st.builds(
    Block, st.just("BLOK"), st.none(), st.integers(1, 30), st.just(False), st.deferred(lambda: parts(1))
)
boxed_groups = st.builds(
    Block, st.just("GROEPJES"), group_sizes, st.integers(1, 30), st.just(False), st.deferred(lambda: parts(1))
)


def _figures(parts_: tuple, group, floor) -> tuple[Fraction, Fraction, int]:
    if not parts_:
        return Fraction(0), Fraction(0), 0
    timing, diagnostics = read(werkvorm_text(parts_, group, floor=floor))
    return timing.shortest, timing.longest, e406_count(diagnostics)


@examples()
@given(parts(0, min_size=0), st.one_of(boxed_rounds, boxed_bloks), parts(0, min_size=0), people, floors)
def test_a_time_box_caps_its_block_and_e406_says_when_the_inside_does_not_fit(before_, block, after_, group, floor):
    times = block.count if block.kind == "RONDE" else (1, 1)
    full_low, full_high, full_e406 = _figures(before_ + (block,) + after_, group, floor)
    rest_low, rest_high, rest_e406 = _figures(before_ + after_, group, floor)
    # Outside GROEPJES the inside of a round or a BLOK counts the same at the top of a session.
    inner_low, _, inner_e406 = _figures(block.parts, group, floor)

    assert (full_low - rest_low, full_high - rest_high) == (times[0] * block.box, times[1] * block.box)
    assert full_e406 == rest_e406 + inner_e406 + (inner_low > block.box)


@examples()
@given(parts(0, min_size=0), boxed_groups, parts(0, min_size=0), people, floors)
def test_a_time_box_caps_a_groepjes_block(before_, block, after_, group, floor):
    full_low, full_high, _ = _figures(before_ + (block,) + after_, group, floor)
    rest_low, rest_high, _ = _figures(before_ + after_, group, floor)
    assert (full_low - rest_low, full_high - rest_high) == (block.box, block.box)


@examples()
@given(
    st.builds(Block, st.just("GROEPJES"), group_sizes, boxes, st.booleans(), st.deferred(lambda: parts(1))),
    people,
    people,
    floors,
)
def test_a_groepjes_block_costs_the_same_whatever_the_number_of_participants(block, group, other_group, floor):
    one, _ = read(werkvorm_text((block,), group, floor=floor))
    other, _ = read(werkvorm_text((block,), other_group, floor=floor))
    assert (one.shortest, one.longest) == (other.shortest, other.longest), (group, other_group)


@examples()
@given(st.integers(1, 12), st.integers(1, 4), parts(0, min_size=0), st.data(), people)
def test_untimed_steps_under_a_duration_below_their_floors_are_an_error(untimed, floor, others, data, group):
    floors_total = untimed * floor
    assume(floors_total >= 2)  # a duration of at least 1 min must stay below the floors
    duur = data.draw(st.integers(1, floors_total - 1), label="duur")
    where = data.draw(st.integers(0, len(others)), label="where")
    session = others[:where] + (Step(None),) * untimed + others[where:]
    timing, diagnostics = read(werkvorm_text(session, group, duur=duur, floor=floor))
    assert timing.shortest >= floors_total
    assert "E401" in {d.code for d in diagnostics}, [(d.code, d.message) for d in diagnostics]


AS_TIME_ALLOWS = "zo vaak als de tijd toelaat"


def _with_round(session: tuple, count) -> tuple:
    """The session with its (one) open-ended round held `count` times instead."""

    def swap(parts_: tuple) -> tuple:
        return tuple(_swapped(part) for part in parts_)

    def _swapped(part):
        if not isinstance(part, Block):
            return part
        if part.count == AS_TIME_ALLOWS:
            return replace(part, count=(count, count), parts=part.parts)
        return replace(part, parts=swap(part.parts))

    return swap(session)


# One open-ended round, at the top or inside a round or GROEPJES without a box (inside a box the
# spec does not say what "as often as time allows" means).
open_ended = st.builds(
    Block, st.just("RONDE"), st.just(AS_TIME_ALLOWS), st.none(), st.just(False), st.deferred(lambda: parts(2))
)
wrapped_open_ended = st.one_of(
    open_ended,
    st.builds(
        lambda count, inner, before, after: Block("RONDE", count, None, False, before + (inner,) + after),
        _range(3, 2),
        open_ended,
        parts(2, min_size=0),
        parts(2, min_size=0),
    ),
    st.builds(
        lambda size, inner, before, after: Block("GROEPJES", size, None, False, before + (inner,) + after),
        group_sizes,
        open_ended,
        parts(2, min_size=0),
        parts(2, min_size=0),
    ),
)


@examples(60)
@given(parts(0, min_size=0), wrapped_open_ended, parts(0, min_size=0), st.integers(5, 120), people, floors)
def test_as_often_as_time_allows_is_the_largest_count_that_fits(before_, block, after_, duur, group, floor):
    session = before_ + (block,) + after_

    def held(count: int):
        return read(werkvorm_text(_with_round(session, count), group, duur, floor))[0]

    timing, diagnostics = read(werkvorm_text(session, group, duur, floor))
    low, high = 1, duur  # every repetition adds at least 1 min, so more than `duur` never fits
    while low < high:  # the largest count whose longest way stays within the duration (at least 1)
        middle = (low + high + 1) // 2
        low, high = (middle, high) if held(middle).longest <= duur else (low, middle - 1)
    assert timing.shortest == held(1).shortest
    assert timing.longest == held(low).longest, f"expected {low} repetitions"
    assert "I409" in {d.code for d in diagnostics}


def timed(participants: tuple[int, int], rounds: tuple[int, int], step_minutes: list[int], per_person: int) -> str:
    steps = "\n".join(
        f"stap Stap {i}\n    duur: {m} min" if m else f"stap Stap {i}" for i, m in enumerate(step_minutes)
    )
    return (
        f"WERKVORM T\nduur: 1 uur\ndeelnemers: {participants[0]} tot {participants[1]}\n\nSESSIE\n"
        f"stap Rondje\n    duur: {per_person} min per deelnemer\n"
        f"RONDE {rounds[0]} tot {rounds[1]} keer\n{steps}\nEINDE RONDE\n"
    )


pair = st.tuples(st.integers(1, 30), st.integers(0, 30)).map(lambda t: (t[0], t[0] + t[1]))


@given(pair, pair, st.lists(st.integers(0, 20), min_size=1, max_size=5), st.integers(0, 5))
def test_shortest_never_exceeds_longest(participants, rounds, steps, per_person):
    timing = compute(parse(timed(participants, rounds, steps, per_person)))
    assert timing.shortest <= timing.longest
    assert timing.untimed_low <= timing.untimed_high


@given(pair, pair, st.lists(st.integers(0, 20), min_size=1, max_size=5), st.integers(0, 5), st.integers(1, 5))
def test_timing_grows_with_group_size_and_round_count(participants, rounds, steps, per_person, more):
    base = compute(parse(timed(participants, rounds, steps, per_person)))
    bigger_group = compute(parse(timed((participants[0] + more, participants[1] + more), rounds, steps, per_person)))
    more_rounds = compute(parse(timed(participants, (rounds[0] + more, rounds[1] + more), steps, per_person)))
    for grown in (bigger_group, more_rounds):
        assert grown.shortest >= base.shortest and grown.longest >= base.longest
