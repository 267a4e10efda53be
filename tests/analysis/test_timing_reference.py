"""A second, independent judge: `werkvorm check` must agree with the guide's time model as
tests/reference_timing.py reads it, on generated werkvormen with every construct and every way of
writing a value.

Each generated werkvorm is a tree of the reference's own nodes, written out as an author would:
every value in one of the spellings the guide's tables allow (`een kwartier`, `15-20 min`, `hooguit
10 min`, `RONDE 2 of 3 keer`, `TWEETALLEN`, `minimaal 3, maximaal 10 deelnemers`, English
keywords …), blocks nested up to the allowed depth. The text must read back as the tree it was
written from, and the check's timing codes, verdict and both totals must equal the reference's.
The controls show that the property fails when the reference reads the guide wrongly.
`make test` runs a fixed sample; HYPOTHESIS_PROFILE=fuzz (`make fuzz`) runs many more.
"""

from __future__ import annotations

import itertools
import tomllib
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, Phase, assume, find, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from reference_timing import (
    Block,
    Judgement,
    Kind,
    Mistake,
    Pause,
    Session,
    Step,
    Time,
    from_ast,
    judge,
    number_of_ways,
)
from strategies import quick_share
from werkvorm_dsl import check, parse
from werkvorm_dsl.analysis.timing import compute
from werkvorm_dsl.language.diagnostics import Severity

# The codes of the time model; I409 is an 'opmerking' and takes no part in a verdict.
TIMING_CODES = {
    "E401",
    "W402",
    "W403",
    "W404",
    "E406",
    "W407",
    "W408",
    "W410",
    "W411",
    "E208",
    "W222",
    "E412",
    "E413",
    "W414",
}
# The codes for which the guide gives no figures, only that the werkvorm is wrong.
WITHOUT_FIGURES = {"E208", "E412", "E413"}
MAX_DEPTH = 3  # blocks inside blocks; a fourth is E217
MOST_WAYS_GENERATED = 3000  # keeps the brute force of one example well under a second


def examples(count: int) -> settings:
    """`count` examples in `make test` (the ci profile, derandomised); the fuzz profile its own number."""
    loaded = settings().max_examples
    return settings(
        max_examples=quick_share(count) if loaded <= 150 else loaded,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


# --- spelling values as the guide's tables allow --------------------------------------------------

UNITS = ["", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
TEENS = ["tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien"]
TENS = ["", "", "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig"]


def dutch_number(number: int) -> str:
    """1 to 99 in words, as the guide's 'getallen in woorden' reads them: 'vijfentwintig',
    'tweeëntwintig' (a diaeresis where 'en' follows an e)."""
    if number < 10:
        return UNITS[number]
    if number < 20:
        return TEENS[number - 10]
    tens, unit = divmod(number, 10)
    if not unit:
        return TENS[tens]
    joint = "ën" if UNITS[unit].endswith("e") else "en"
    return f"{UNITS[unit]}{joint}{TENS[tens]}"


def minutes_forms(minutes: Fraction) -> list[str]:
    """Every way the table 'Tijden' writes this many minutes."""
    if minutes.denominator != 1:
        decimal = str(float(minutes))
        return [f"{decimal.replace('.', ',')} min", f"{decimal} min"]  # '2,5 min' and '2.5 min'
    whole = int(minutes)
    forms = [f"{whole} min", f"{whole} minuten", f"{whole} minuut", f"{whole} min."]
    if whole < 100:
        forms.append(f"{dutch_number(whole)} {'minuut' if whole == 1 else 'minuten'}")
    hours, rest = divmod(whole, 60)
    if hours and not rest:
        forms += [f"{hours} uur"] + (["een uur"] if hours == 1 else [])
    elif hours:
        forms += [f"{hours} uur en {rest} minuten", f"{hours} uur {rest} min"]
    forms += {15: ["een kwartier"], 30: ["een half uur"], 90: ["anderhalf uur", "1,5 uur", "1.5 uur"]}.get(whole, [])
    return forms


def range_forms(low: Fraction, high: Fraction) -> list[str]:
    """'15 tot 20 min', '15-20 min', '45 min tot 1 uur'."""
    if low == high:
        return minutes_forms(low)
    plain = [f"{_number(low)} tot {_number(high)} min", f"{_number(low)}-{_number(high)} min"]
    return plain + [
        f"{low_form} tot {high_form}" for low_form in minutes_forms(low) for high_form in minutes_forms(high)
    ]


def _number(minutes: Fraction) -> str:
    return str(int(minutes)) if minutes.denominator == 1 else str(float(minutes)).replace(".", ",")


BOUND_WORDS = {"maximaal": ["maximaal", "hooguit", "max"], "minstens": ["minstens", "minimaal"]}
AS_WRITTEN = ["globaal", "ongeveer", "circa", "ca.", "zo'n", "±"]  # 'ongeveer 10 min' is 10, as 'globaal 10 min'
OPTIONAL_MARKS = [", als er tijd is", " (als er tijd is)", ", optioneel", ", if time allows"]
REST_FORMS = ["de rest", "de rest van de tijd", "wat overblijft", "de resterende tijd", "De rest.", "the rest"]


def pick(draw, forms: list[str]) -> str:
    return draw(st.sampled_from(forms))


# --- generating the reference's own tree, with its spellings -------------------------------------

minute_values = st.one_of(st.integers(1, 12).map(Fraction), st.sampled_from([Fraction(3, 2), Fraction(5, 2)]))


@st.composite
def durations(draw, in_groups: bool) -> tuple[Time, str]:
    """A step's duration and how it is written."""
    form = draw(st.sampled_from(["vast", "reeks", "per persoon", "maximaal", "minstens", "zoals geschreven"]))
    low = draw(minute_values)
    ranged = form == "reeks" or (form == "per persoon" and draw(st.booleans()))
    high = low + draw(st.integers(1, 5)) if ranged else low
    if form == "per persoon":
        per = pick(draw, ["per deelnemer", "per persoon"] + (["per lid"] if in_groups else []))
        return Time(low, high, per_person=True), f"{pick(draw, range_forms(low, high))} {per}"
    text = pick(draw, range_forms(low, high))
    if form == "maximaal":
        return Time(low, high, at_most=True), f"{pick(draw, BOUND_WORDS['maximaal'])} {text}"
    if form == "minstens":
        return Time(low, high), f"{pick(draw, BOUND_WORDS['minstens'])} {text}"
    if form == "zoals geschreven":
        return Time(low, high), f"{pick(draw, AS_WRITTEN)} {text}"
    return Time(low, high), text


@st.composite
def steps(draw, in_groups: bool) -> Step:
    if draw(st.integers(0, 9)) == 0:  # 'duur: de rest', seldom: two in one limit are E412
        return Step(None, False, {"duur": pick(draw, REST_FORMS)}, rest=True)
    timed, optional = draw(st.integers(0, 3)) > 0, draw(st.integers(0, 4)) == 0
    if not timed:
        return Step(None, optional, {"duur": "als er tijd is" if optional else None})
    time, text = draw(durations(in_groups))
    return Step(time, optional, {"duur": text + (pick(draw, OPTIONAL_MARKS) if optional else "")})


@st.composite
def pauses(draw) -> Pause:
    low = Fraction(draw(st.integers(1, 15)))
    high = low + draw(st.sampled_from([0, 0, 5]))
    opener = pick(draw, ["PAUZE", "BREAK"])
    return Pause(
        Time(low, high), {"regel": f"{opener} {pick(draw, range_forms(low, high))}{pick(draw, ['', ': koffie'])}"}
    )


@st.composite
def box_times(draw) -> tuple[tuple[Fraction, Fraction], str]:
    low = Fraction(draw(st.integers(1, 40)))
    high = low + draw(st.sampled_from([0, 0, 0, 5]))
    return (low, high), pick(draw, range_forms(low, high))


@st.composite
def counts(draw, widest: int) -> tuple[int, int]:
    low = draw(st.integers(1, 3))
    return low, low + draw(st.integers(0, widest))


@st.composite
def blocks(draw, depth: int, in_groups: bool) -> Block:
    kind = draw(st.sampled_from(list(Kind)))
    optional = draw(st.integers(0, 5)) == 0
    mark = pick(draw, [", als er tijd is", ", optioneel"]) if optional else ""
    written: dict = {}
    count, per_person, often, box = None, False, False, None
    inside_groups = in_groups or kind is Kind.GROUPS
    if kind is Kind.ROUND:
        how = draw(st.sampled_from(["keer", "keer", "per", "keer per", "vaak", "vaak", "groepjes"]))
        english = draw(st.booleans())
        if how in ("keer", "groepjes"):
            count = draw(counts(2))
            low, high = count
            if how == "groepjes":
                amount = f"in groepjes van {low}" if low == high else f"in groepjes van {low} tot {high}"
            elif english:
                amount = f"{low} times" if low == high else f"{low} to {high} times"
            else:
                amount = (
                    f"{low} keer"
                    if low == high
                    else f"{low} {pick(draw, ['tot'] + (['of'] if high == low + 1 else []))} {high} keer"
                )
        elif how == "per":
            per_person = True
            amount = "per member" if english else pick(draw, ["per deelnemer", "per lid"])
        elif how == "keer per":
            per_person, count = True, draw(counts(1))
            low, high = count
            each = f"{low} keer" if low == high else f"{low} tot {high} keer"
            amount = f"{each} {pick(draw, ['per deelnemer', 'per lid'])}"
            count = None if count == (1, 1) else count  # '1 keer per deelnemer' is 'per deelnemer'
        else:
            often = True
            amount = "as often as time allows" if english else "zo vaak als de tijd toelaat"
        written["opener"] = f"{'ROUND' if english else 'RONDE'} {amount}{mark}{pick(draw, ['', ': telkens een ander'])}"
        written["einde"] = pick(draw, ["EINDE RONDE", "EINDE", "END ROUND", "END"])
    elif kind is Kind.GROUPS:
        low = draw(st.integers(2, 4))
        count = (low, low + draw(st.integers(0, 2)))
        named = {2: ["TWEETALLEN", "PAIRS"], 3: ["DRIETALLEN", "TRIOS"], 4: ["VIERTALLEN"]}
        if count[0] == count[1] and draw(st.booleans()):
            word = pick(draw, named[count[0]])
            written["opener"] = f"{word}{mark}{pick(draw, ['', ': ieder groepje apart'])}"
            closers = [f"EINDE {word}", "EINDE", "EINDE GROEPJES"] if word.endswith("TALLEN") else ["END", "END GROUPS"]
            written["einde"] = pick(draw, closers)
        else:
            size = f"{count[0]}" if count[0] == count[1] else f"{count[0]} tot {count[1]}"
            english = draw(st.booleans())
            written["opener"] = (
                f"GROUPS of {size.replace('tot', 'to')}{mark}" if english else f"GROEPJES van {size}{mark}"
            )
            written["einde"] = pick(draw, ["EINDE GROEPJES", "EINDE", "END GROUPS", "END"])
    if kind is Kind.BOX or draw(st.integers(0, 2)) == 0:
        box, box_text = draw(box_times())
        if kind is Kind.BOX:
            at_most = draw(st.integers(0, 3)) == 0 and box[0] == box[1]
            written["opener"] = (
                f"{pick(draw, ['BLOK', 'BLOCK'])} {'maximaal ' if at_most else ''}{box_text}{mark}"
                f"{pick(draw, ['', ': samen'])}"
            )
            written["einde"] = pick(draw, ["EINDE BLOK", "EINDE", "END BLOCK", "END"])
        else:
            label = pick(draw, ["tijdvak:", "timebox:"] + (["per ronde:"] if kind is Kind.ROUND else []))
            written["tijdvak"] = f"{label} {box_text}"
            written["tijdvak_inspringen"] = pick(draw, ["", "    "])
    written["stappen_inspringen"] = pick(draw, ["", "    "])
    inner = draw(parts(depth + 1, inside_groups, min_size=1))
    return Block(kind, inner, count, per_person, often, box, optional, written)


def parts(depth: int, in_groups: bool, min_size: int = 1) -> st.SearchStrategy[tuple]:
    """The contents of a block at `depth` (0: the session itself)."""
    leaves = [steps(in_groups), steps(in_groups), pauses()]
    if depth < MAX_DEPTH:
        leaves.append(st.deferred(lambda: blocks(depth, in_groups)))
    return st.lists(st.one_of(leaves), min_size=min_size, max_size=4 if depth == 0 else 3).map(tuple)


@st.composite
def participant_counts(draw) -> tuple[tuple[int, int], bool, str]:
    """A number of participants as the guide's table writes it: (least, most), whether no most was
    written ('minimaal 5': the check counts 5), and the text."""
    low = draw(st.integers(1, 8))
    if draw(st.integers(0, 5)) == 0:
        forms = [f"minimaal {low}", f"minstens {low}", f"vanaf {low}", f"{low}+", f"{low} of meer", f"≥ {low}"]
        return (low, low), True, pick(draw, forms)
    high = low + draw(st.integers(0, 3))
    if low == high:
        forms = [f"{low}", f"{low} deelnemers", dutch_number(low)]
    else:
        forms = [
            f"{low} tot {high}",
            f"{low}-{high}",
            f"{low} tot en met {high}",
            f"minimaal {low}, maximaal {high} deelnemers",
        ] + ([f"{low} of {high}"] if high == low + 1 else [])
        if low == 1:
            forms += [f"maximaal {high}", f"≤ {high}"]
    return (low, high), False, pick(draw, forms)


@st.composite
def sessions(draw) -> Session:
    written: dict = {}
    duur = None
    if draw(st.integers(0, 5)):
        low = Fraction(draw(st.integers(5, 150)))
        high = low + draw(st.sampled_from([0, 0, 0, 15]))
        duur = (low, high)
        written["duur"] = pick(draw, range_forms(low, high))
    deelnemers, no_most = None, False
    if draw(st.integers(0, 4)):
        deelnemers, no_most, text = draw(participant_counts())
        written["deelnemers"] = f"{pick(draw, ['deelnemers:', 'aantal deelnemers:'])} {text}"
    floor = Fraction(1)
    if draw(st.integers(0, 3)) == 0:
        floor = Fraction(draw(st.integers(1, 3)))
        written["minimum"] = (
            f"{pick(draw, ['minimum per stap:', 'minimum per step:'])} {pick(draw, minutes_forms(floor))}"
        )
    session = Session(duur, deelnemers, floor, draw(parts(0, False)), no_most, written)
    assume(number_of_ways(session) <= MOST_WAYS_GENERATED)
    return session


# --- writing the tree out as an author would ------------------------------------------------------


def render(session: Session) -> str:
    lines = ["WERKVORM Gegenereerde werkvorm"]
    if session.duur is not None:
        lines.append(f"duur: {session.written['duur']}")
    if session.deelnemers is not None:
        lines.append(session.written["deelnemers"])
    if "minimum" in session.written:
        lines.append(session.written["minimum"])
    lines += ["", "SESSIE"]
    _render(session.parts, "", "", lines)
    return "\n".join(lines) + "\n"


def _render(parts: tuple, step_pad: str, block_pad: str, lines: list[str]) -> None:
    """Steps stand at `step_pad`; a block inside a block opens four spaces further than its parent."""
    for part in parts:
        if isinstance(part, Step):
            lines.append(f"{step_pad}stap Stap {len(lines)}.")
            if part.written["duur"] is not None:
                lines.append(f"{step_pad}    duur: {part.written['duur']}")
        elif isinstance(part, Pause):
            lines.append(f"{step_pad}{part.written['regel']}")
        else:
            lines.append(f"{block_pad}{part.written['opener']}")
            if "tijdvak" in part.written:
                lines.append(f"{block_pad}{part.written['tijdvak_inspringen']}{part.written['tijdvak']}")
            _render(part.parts, block_pad + part.written["stappen_inspringen"], block_pad + "    ", lines)
            lines.append(f"{block_pad}{part.written['einde']}")


# --- the property ------------------------------------------------------------------------------------


def check_judgement(text: str) -> tuple[Judgement, list]:
    """What `werkvorm check` says about the timing of a text, as a Judgement, with its diagnostics."""
    werkvorm = parse(text, "gegenereerd.werkvorm")
    diagnostics = check(werkvorm)
    timing = compute(werkvorm)
    codes = frozenset(d.code for d in diagnostics if d.code in TIMING_CODES)
    return Judgement(timing.shortest, timing.longest, codes), diagnostics


def verdict_of(diagnostics) -> str:
    timing = [d for d in diagnostics if d.code in TIMING_CODES]
    if any(d.severity is Severity.ERROR for d in timing):
        return "fout"
    return "waarschuwing" if any(d.severity is Severity.WARNING for d in timing) else "in orde"


def disagreement(session: Session, mistake: Mistake | None = None) -> str:
    """'' when check and the reference agree on this werkvorm; else what differs."""
    text = render(session)
    werkvorm = parse(text, "gegenereerd.werkvorm")
    read = from_ast(werkvorm)
    if read != session:
        return f"the text does not read as the tree it was written from:\n{text}\nread: {read}\nwritten: {session}"
    found, diagnostics = check_judgement(text)
    others = [(d.code, d.message) for d in diagnostics if d.is_error and d.code not in TIMING_CODES]
    if others:
        return f"errors that are not the timing's: {others}\n{text}"
    expected = judge(session, mistake)
    shown = "\n".join(f"  {d.code} {d.span.line}: {d.message}" for d in diagnostics)
    if expected.shortest is None:  # E208, E412, E413: the guide says only that it is an error
        if expected.codes & WITHOUT_FIGURES <= found.codes and verdict_of(diagnostics) == expected.verdict:
            return ""
        return f"codes {sorted(found.codes)}, the guide says {sorted(expected.codes)}\n{text}{shown}"
    if found.codes != expected.codes or verdict_of(diagnostics) != expected.verdict:
        return f"codes {sorted(found.codes)}, the guide says {sorted(expected.codes)}\n{text}{shown}"
    if (found.shortest, found.longest) != (expected.shortest, expected.longest):
        return (
            f"ways {found.shortest} to {found.longest}, the guide says {expected.shortest} to "
            f"{expected.longest}\n{text}{shown}"
        )
    return ""


@examples(150)
@given(sessions())
def test_check_agrees_with_the_guide_on_generated_werkvormen(session):
    problem = disagreement(session)
    assert not problem, problem


# Seconds by design (the search draws up to 400 werkvormen): make test runs it, make quick does not.
@pytest.mark.slow
@pytest.mark.parametrize("mistake", list(Mistake), ids=lambda m: m.name)
def test_the_property_catches_a_wrong_reading_of_the_guide(mistake):
    """The control: a reference that reads the guide wrongly disagrees with check on some werkvorm
    that the generator makes (find raises if it does not, and this test fails)."""
    found = find(
        sessions(),
        lambda session: bool(disagreement(session, mistake)),
        settings=settings(
            max_examples=400,
            derandomize=True,
            database=None,
            phases=(Phase.generate,),  # the first werkvorm that shows the mistake will do; no shrinking
            suppress_health_check=list(HealthCheck),
        ),
    )
    assert disagreement(found, mistake) and not disagreement(found)


# --- the reference on the hand-made shapes and on formats/ -----------------------------------------

SHAPES = tomllib.loads((ROOT / "tests/data/timing-shapes.toml").read_text(encoding="utf-8"))["shape"]
STRUCTURE_CODES = {"E217", "E218", "E104"}


def judge_every_variant(werkvorm) -> Judgement:
    """The guide's 'De controle kijkt naar elke variant': the figures of the werkvorm as written, and
    the codes of it and of every variant. (The variant is written out by the program's resolve; the
    reference judges its time on its own.)"""
    from werkvorm_dsl.analysis.variants import resolve

    base = judge(from_ast(werkvorm))
    codes = set(base.codes)
    for variant in werkvorm.variants:
        codes |= judge(from_ast(resolve(werkvorm, variant.name))).codes
    return Judgement(base.shortest, base.longest, frozenset(codes))


def shape_text(shape: dict) -> str:
    from test_timing_shapes import werkvorm_text

    return werkvorm_text(shape)


# A shape whose construct the code does not know yet (`pending`, issue 24) waits for it here too: the
# reference learns a construct together with the check.
@pytest.mark.parametrize(
    "shape",
    [s for s in SHAPES if not set(s["codes"]) & STRUCTURE_CODES and "pending" not in s],
    ids=lambda s: s["id"],
)
def test_the_reference_agrees_with_the_hand_made_shapes(shape):
    werkvorm = parse(shape_text(shape), f"{shape['id']}.werkvorm")
    expected = judge_every_variant(werkvorm)
    found, diagnostics = check_judgement(shape_text(shape))
    assert found.codes == expected.codes, [(d.code, d.message) for d in diagnostics]
    assert verdict_of(diagnostics) == expected.verdict
    if "shortest" in shape:
        assert (expected.shortest, expected.longest) == (
            Fraction(str(shape["shortest"])),
            Fraction(str(shape["longest"])),
        )
        assert (found.shortest, found.longest) == (expected.shortest, expected.longest)


WRITTEN = sorted((ROOT / "formats").glob("*.werkvorm")) + sorted((ROOT / "tests/data/good").glob("*.werkvorm"))


@pytest.mark.parametrize("path", WRITTEN, ids=lambda p: p.name)
def test_the_reference_agrees_with_check_on_the_formats_and_the_good_corpus(path):
    text = path.read_text(encoding="utf-8")
    expected = judge(from_ast(parse(text, path.name)))
    found, diagnostics = check_judgement(text)
    assert found.codes == expected.codes, [(d.code, d.message) for d in diagnostics]
    assert verdict_of(diagnostics) == expected.verdict
    assert (found.shortest, found.longest) == (expected.shortest, expected.longest)


# --- the plan keeps to the same rule ------------------------------------------------------------


@examples(80)
@given(sessions())
def test_the_plan_never_runs_a_time_box_past_its_time_and_says_what_it_shortens(session):
    """The guide's 'Wat het draaiboek doet als het tijdvak vol is': the plan follows the check's
    totals, no row inside a time box ends after the box, a step gets its longest time unless a note
    says the box cut it, and a note is never there without a cut."""
    from werkvorm_dsl.analysis.schedule import RowKind, plan

    werkvorm = parse(render(session), "gegenereerd.werkvorm")
    assume(not any(d.is_error for d in check(werkvorm)))  # nothing is built of a werkvorm with errors
    agenda = plan(werkvorm)
    assert agenda.end == compute(werkvorm).planned_total
    leaves = agenda.leaves
    assert all(before.end == after.start for before, after in itertools.pairwise(leaves))
    for head in (slot for slot in agenda.slots if slot.kind is RowKind.BLOCK and slot.boxed):
        inside = [slot for slot in agenda.slots if slot.number.startswith(f"{head.number}.")]
        assert all(slot.end <= head.end for slot in inside if head.start <= slot.start < head.end)
    for slot in leaves:
        step = slot.step
        if slot.kind is not RowKind.STEP or step is None or step.duration is None:
            continue
        people = 1
        if step.duration.per_participant:
            people = max((s.size.high for s in _groups_around(werkvorm, step)), default=None) or (
                werkvorm.participants.high if werkvorm.participants else 0
            )
        longest = step.duration.high * people
        cut = slot.note.startswith("ingekort") or slot.note == "geen tijd meer in het tijdvak"
        assert (slot.minutes < longest) == cut, (slot.title, slot.minutes, longest, slot.note)


def _groups_around(werkvorm, step):
    """The GROEPJES blocks a step stands in, innermost last."""
    from werkvorm_dsl.language.nodes import Groups, Section

    def path(parts, trail):
        for part in parts:
            if part is step:
                return trail
            inner = getattr(part, "parts", None)
            if inner is not None:
                found = path(inner, trail + ([part] if isinstance(part, Groups) else []))
                if found is not None:
                    return found
        return None

    session = next(s for s in werkvorm.sections if isinstance(s, Section) and s.kind == "sessie")
    return (path(session.parts, []) or [])[-1:]
