"""What several outputs show alike: the facts, numbered steps, grouped lists and the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import assert_never

from werkvorm_dsl.analysis.choices import count_text, way_title
from werkvorm_dsl.analysis.schedule import Plan, RowKind, Slot, choice_title, groups_name
from werkvorm_dsl.analysis.timing import Timing
from werkvorm_dsl.analysis.variants import VariantNote
from werkvorm_dsl.language.nodes import (
    Choice,
    Container,
    Count,
    Fact,
    Groups,
    ListSection,
    Material,
    Materials,
    Part,
    Pause,
    Per,
    QuestionList,
    RepeatKind,
    Round,
    Section,
    SectionKind,
    Step,
    TimeBox,
    Way,
    Werkvorm,
    walk,
)
from werkvorm_dsl.language.values import format_minutes, parse_materials
from werkvorm_dsl.output.blocks import BulletList, grouped  # noqa: F401  (the documents' templates use both)
from werkvorm_dsl.output.typography import dutch, minute_unit

FACT_ORDER = ("soort", "duur", "deelnemers", "vorm", "begeleiding")  # then date, start, place and version
# The roles, shown after the place in every document: the hand-out's 'Wie' column names them.
SHARED_FACTS = ("rollen",)
# Facts for whoever organises and leads the session, shown after those in the draaiboek and the
# overview (not on the hand-out, the invitation says them): every fact an author writes is shown
# somewhere, and a sentence that happens to start with 'Rollen:' is never lost.
ORGANISER_FACTS = ("afzender", "aanmelden")


def facts(
    werkvorm: Werkvorm, plan: Plan | None = None, datum: date | None = None, for_participants: bool = False
) -> list[tuple[str, str]]:
    """(label, value) for page 1, in a fixed order, start questions and goal apart. One clock and
    one date: `--start` overrides 'begintijd:' and `--datum` overrides 'datum:' in every document.
    The version stands in the document's heading line instead (see `version`)."""
    from werkvorm_dsl.analysis.invitation import open_choices

    shown = []
    undecided = {id(fact) for fact in open_choices(werkvorm)} if for_participants else set()
    late = overrun(plan) if plan is not None else None
    for key in FACT_ORDER:
        for fact in werkvorm.facts_of(key):
            if id(fact) not in undecided:  # 'vorm: online of offline' is the organiser's choice, not news
                shown.append((_label(fact), late if key == "duur" and late else fact.text))
    day = datum or werkvorm.date
    start = plan.start_clock if plan is not None else werkvorm.start_time
    hours = f"{start} tot {plan.clock(plan.booked_end)}" if plan is not None and start else start
    if day is not None:
        shown.append(("Wanneer", f"{spoken_date(day)}, {hours}" if hours else spoken_date(day)))
    elif hours and plan is not None:
        shown.append(("Wanneer", hours))  # from when until when, as on a day: '14:00 tot 14:45'
    elif hours:
        clock = werkvorm.fact("begintijd")
        shown.append((_label(clock) if clock else "Begintijd", hours))
    for fact in werkvorm.facts_of("plaats"):
        shown.append((_label(fact), fact.text))
    for key in SHARED_FACTS if for_participants else SHARED_FACTS + ORGANISER_FACTS:
        shown += [(_label(fact), fact.text) for fact in werkvorm.facts_of(key)]
    return shown


def variant_fact(variant: VariantNote | None, for_participants: bool) -> list[tuple[str, str]]:
    """The first line of page 1 in a variant's documents: which variant it is. Participants read
    only its name: the explanation after 'VARIANT naam:' is for the facilitator."""
    if variant is None:
        return []
    if for_participants or not variant.description:
        return [("Variant", variant.name)]
    return [("Variant", f"{variant.name}: {variant.description}")]


def participant_text(step: Step | None) -> str:
    """What participants read about a step: its 'voor deelnemers:' text, else its title. A title is
    often the facilitator's instruction ('Bedank de casusinbrenger.'), but a bare 'Stap 3' told
    participants nothing at all, and most titles ('De klant vertelt de vraag') serve them well;
    `werkvorm check` names the steps shown by their title (I703), so the author can decide. The
    hand-out and the table cards say it alike."""
    if step is None:
        return ""
    if step.for_participants is not None and step.for_participants.text.strip():
        return step.for_participants.text
    return step.title.text


def any_roles(werkvorm: Werkvorm) -> bool:
    """Whether a schedule needs its 'Wie' column: an empty column is only ink."""
    session = werkvorm.section(SectionKind.SESSION)
    return isinstance(session, Section) and any(step.roles for step in session.steps())


def _label(fact: Fact) -> str:
    return fact.label[:1].upper() + fact.label[1:]


WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def spoken_date(day: date) -> str:
    """'donderdag 3 december 2026'."""
    from werkvorm_dsl.language.values import MONTHS

    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def version(werkvorm: Werkvorm) -> str:
    """The author's 'versie:', or the day the file last changed: a printed copy says which one it is."""
    import datetime
    import os

    fact = werkvorm.fact("versie")
    if fact is not None and fact.text.strip():
        return fact.text.strip()
    try:
        changed = datetime.datetime.fromtimestamp(os.stat(werkvorm.filename).st_mtime, datetime.UTC).date()
    except (OSError, ValueError, OverflowError):
        return "zonder datum"  # not read from a file (a test, serve's draft): nothing to date it by
    from werkvorm_dsl.language.values import MONTHS

    return f"van {changed.day} {MONTHS[changed.month - 1]} {changed.year}"


def list_sections(werkvorm: Werkvorm) -> list[ListSection]:
    return [s for s in werkvorm.sections if isinstance(s, ListSection)]


def question_lists(werkvorm: Werkvorm) -> list[QuestionList]:
    return [s for s in werkvorm.sections if isinstance(s, QuestionList)]


@dataclass(frozen=True)
class QuestionsAtStep:
    """A question list as the draaiboek shows it at a step: in full, or as a pointer to where it was."""

    questions: QuestionList
    printed_at: Step | None  # None: in full here; else the first step that has it in full


def questions_at_steps(werkvorm: Werkvorm) -> dict[int, list[QuestionsAtStep]]:
    """For each session step (by identity), its question lists: each once per step, in full the
    first QUESTION_LIST_FULL_PRINTS times a list is named, after that a pointer (W215, W216)."""
    from werkvorm_dsl.analysis.checks import QUESTION_LIST_FULL_PRINTS

    lists = werkvorm.question_lists()
    session = werkvorm.section(SectionKind.SESSION)
    printed: dict[str, list[Step]] = {}
    found: dict[int, list[QuestionsAtStep]] = {}
    for step in session.steps() if session is not None and hasattr(session, "steps") else ():
        here = found.setdefault(id(step), [])
        for key in dict.fromkeys(ref.text.lower() for ref in step.question_refs):
            if key not in lists:
                continue
            earlier = printed.setdefault(key, [])
            full = len(earlier) < QUESTION_LIST_FULL_PRINTS
            here.append(QuestionsAtStep(lists[key], None if full else earlier[0]))
            if full:
                earlier.append(step)
    return found


def step_numbers(plan: Plan) -> dict[int, str]:
    """The number each part carries in the agenda, by the part's identity."""
    numbers: dict[int, str] = {}
    for slot in plan.slots:
        if slot.part is not None:
            numbers.setdefault(id(slot.part), slot.number)
    return numbers


def slot_times(plan: Plan) -> dict[int, tuple[str, str, str]]:
    """For each part, the clock times and minutes of its first occurrence."""
    times: dict[int, tuple[str, str, str]] = {}
    for slot in plan.slots:
        if slot.part is not None and id(slot.part) not in times:
            times[id(slot.part)] = (plan.clock(slot.start), plan.clock(slot.end), slot.minutes_text)
    return times


def step_meta(part: Step | Pause, times: dict, plan: Plan) -> str:
    """'0:05–0:25 · 20 min · wie: deelnemers', or 'ca. 3 min (schatting)' for a step without a
    duration; for a break its clock times and minutes."""
    clock = ["–".join(times[id(part)][:2])] if id(part) in times else []
    match part:
        case Step():
            return " · ".join(clock + _step_facts(part, times))
        case Pause():
            return " · ".join(clock + ([f"{times[id(part)][2]} min"] if id(part) in times else []))
        case _:
            assert_never(part)


def _step_facts(step: Step, times: dict) -> list[str]:
    facts = []
    if step.duration_text is not None:
        # As the author wrote it ('1 tot 2 min per deelnemer'), with one unit word for minutes.
        facts.append(minute_unit(dutch(step.duration_text.text)))
    elif id(step) in times:
        facts.append(f"{times[id(step)][2]} min (schatting)")
    if step.optional and (step.duration_text is None or "tijd" not in step.duration_text.text.lower()):
        facts.append("als er tijd is")
    if step.roles:
        facts.append("wie: " + ", ".join(step.roles))
    return facts


def indent(slot: Slot) -> str:
    """Em spaces before a row of a Markdown table, two per block it is inside: Markdown has no
    other way to show nesting in a cell, and every reader keeps these spaces."""
    return "\u2003\u2003" * slot.depth


def block_title(block: Container | Choice | Way) -> str:
    """The heading of a round, subgroups, time box, KEUZE or one of its ways in the draaiboek."""
    optional = " (als er tijd is)" if getattr(block, "optional", False) else ""
    match block:
        case Round():
            return f"Ronde: {block.repeat.text if block.repeat else block.heading.text}{optional}"
        case Groups():
            return f"{_groups_name(block)}, tegelijk{optional}"
        case TimeBox():
            return f"Blok van {format_minutes(block.box.high)} min{optional}" if block.box else f"Blok{optional}"
        case Choice():
            return choice_title(block)
        case Way():
            return way_title(block)
        case _:
            assert_never(block)


def block_of(slot: Slot) -> Container | Choice | Way:
    """The round, subgroups, time box, KEUZE or way of a KEUZE that a block's head row (or its
    summed-up repetitions) shows."""
    part = slot.part
    match part:
        case Round() | Groups() | TimeBox() | Choice() | Way():
            return part
        case Step() | Pause() | None:
            raise TypeError(f"a row of kind {slot.kind.value!r} shows no block")
        case _:
            assert_never(part)


def _groups_name(groups: Groups) -> str:
    return groups_name(groups.size)


def rows_by_part(plan: Plan) -> dict[int, list]:
    """Each part's rows in the plan, found in one pass (a search per block would be quadratic)."""
    found: dict[int, list] = {}
    for slot in plan.slots:
        if slot.part is not None:
            found.setdefault(id(slot.part), []).append(slot)
    return found


def block_notes(
    block: Container | Choice | Way,
    plan: Plan,
    werkvorm: Werkvorm,
    rows_of: dict[int, list],
    persons_of: dict[int, Count] | None = None,
) -> list[str]:
    """What the facilitator needs to know about a block: its time, its box, how to split the group."""
    notes = []
    rows = [row for row in rows_of.get(id(block), ()) if row.kind in (RowKind.BLOCK, RowKind.SUMMARY)]
    run = rows[:1]
    for row in rows[1:]:
        if row.start != run[-1].end:
            break  # the block is held again later, inside another repetition of the block around it
        run.append(row)
    if run:
        first, last = run[0], run[-1]
        again = " (de eerste keer)" if len(run) < len(rows) else ""
        notes.append(
            f"{plan.clock(first.start)}–{plan.clock(last.end)}, samen "
            f"{format_minutes(_tenth(last.end - first.start))} min{again}"
        )
    match block:
        case Round():
            if block.box is not None:
                notes.append(
                    f"Tijdvak: {format_minutes(block.box.high)} min voor elke ronde, hoe lang de stappen ook zijn."
                )
            if block.repeat is not None and block.repeat.kind is RepeatKind.AS_TIME_ALLOWS:
                notes.append(f"Zo vaak als de tijd toelaat: dat is {plan.timing.fits.get(id(block), 1)} keer.")
        case Groups():
            if block.box is not None:
                notes.append(
                    f"Tijdvak: {format_minutes(block.box.high)} min voor het hele blok, hoe lang de stappen ook zijn."
                )
            if block.size is not None:
                notes.extend(group_split_notes(block.size, werkvorm, (persons_of or {}).get(id(block))))
        case TimeBox():
            pass  # its time is in its title
        case Choice():
            notes.append(_choice_note(block, plan))
        case Way():
            pass  # its numbers are in its title
        case _:
            assert_never(block)
    return notes


def persons_in_ways(werkvorm: Werkvorm) -> dict[int, Count]:
    """For each part inside a way of a KEUZE (by identity), the numbers of participants of that way
    within those of 'deelnemers:': GROEPJES there split only those."""
    from werkvorm_dsl.analysis.schedule import way_persons

    found: dict[int, Count] = {}
    session = werkvorm.section(SectionKind.SESSION)
    for part in walk(session.parts) if isinstance(session, Section) else ():
        if isinstance(part, Choice):
            for way in part.ways:
                persons = way_persons(way, werkvorm.participants)
                if persons is not None:
                    found.update({id(inner): persons for inner in walk(way.parts)})
    return found


def _choice_note(choice: Choice, plan: Plan) -> str:
    """What the facilitator decides here: one way, by the number of participants on the day."""
    if len(plan.timing.by_size) < 2:
        return "Kies de manier die past bij het aantal deelnemers."
    ways = "; ".join(
        f"met {count_text(sizes)} deelnemers {_minutes_span(cost.low, cost.high)}"
        for sizes, cost in plan.timing.by_size
    )
    return f"Kies de manier die past bij het aantal deelnemers. De hele sessie duurt {ways}."


def _minutes_span(low: Fraction, high: Fraction) -> str:
    if low == high:
        return f"{format_minutes(_tenth(low))} min"
    return f"{format_minutes(_tenth(low))} tot {format_minutes(_tenth(high))} min"


def split_into_groups(people: int, size: Count) -> list[int]:
    """Groups as even as can be: the fewest groups with none above the largest size, unless that
    leaves groups under the smallest size; then no group under it, and a few one larger (seven
    people in trios: a trio and a group of four, as facilitators do). Fewer people than the
    smallest size make one group."""
    if people <= size.high:
        return [people]
    count = -(-people // size.high)
    if people // count < size.low:
        count = max(1, people // size.low)
    base, rest = divmod(people, count)
    return [base + 1] * rest + [base] * (count - rest)


MOST_SPLITS_SHOWN = 4


def group_split_notes(size: Count, werkvorm: Werkvorm, persons: Count | None = None) -> list[str]:
    """How to split the group, for the smallest and the largest number of participants and for
    the awkward numbers between them (where groups come out uneven). `persons`: the numbers of
    the way of a KEUZE the groups are in, in place of 'deelnemers:'."""
    persons = persons or werkvorm.participants
    if persons is None:
        return []
    sizes = range(persons.low, persons.high + 1)
    if len(sizes) <= MOST_SPLITS_SHOWN:
        shown = list(sizes)
    else:
        awkward = [n for n in sizes[1:-1] if len(set(split_into_groups(n, size))) > 1][: MOST_SPLITS_SHOWN - 2]
        shown = [persons.low, *awkward, persons.high]
    online = any("online" in fact.text.lower() for fact in werkvorm.facts_of("vorm"))
    notes = []
    for people in shown:
        groups = split_into_groups(people, size)
        larger = (
            f" Een groepje van {max(groups)} is groter dan {size.high}: reken daar op meer tijd, of doe zelf mee."
            if max(groups) > size.high
            else ""
        )
        notes.append(
            f"Bij {people} deelnemers: {_describe_split(groups)}"
            f"{f' ({len(groups)} breakout-rooms)' if online and len(groups) > 1 else ''}.{larger}"
        )
    return notes


def _describe_split(groups: list[int]) -> str:
    counts: dict[int, int] = {}
    for group in groups:
        counts[group] = counts.get(group, 0) + 1
    words = [f"{count} {'groepje' if count == 1 else 'groepjes'} van {size}" for size, count in counts.items()]
    return " en ".join(words) if len(words) <= 2 else ", ".join(words[:-1]) + " en " + words[-1]


def materials_checklist(werkvorm: Werkvorm, plan: Plan) -> list[str]:
    """Everything to bring, once, with 'per deelnemer' and 'per groepje' worked out for the largest group."""
    # 'deelnemers: minimaal 5' has no largest group: the list then says 'per deelnemer'
    most = _most_participants(werkvorm)
    found: dict[str, tuple[int | None, str]] = {}

    def add(material: Material, groups: int | None) -> None:
        amount, note = material.amount, ""
        count = f"{amount} " if amount else ""
        # A worked-out count reads '60 × naamkaartje': the author wrote the name for one
        # ('1 naamkaartje per deelnemer'), and a Dutch plural cannot be guessed safely.
        if material.per is Per.PERSON and most is not None:
            amount, note = (amount or 1) * most, f" ({material.amount or 1} per deelnemer, bij {most} deelnemers)"
            count = f"{amount} × "
        elif material.per is Per.PERSON:
            note = " per deelnemer"
        elif material.per is Per.GROUP and groups is not None:
            amount, note = (amount or 1) * groups, f" ({material.amount or 1} per groepje, bij {groups} groepjes)"
            count = f"{amount} × "
        elif material.per is Per.GROUP:
            note = " per groepje"
        key = material.name.lower()
        if key not in found or (amount or 0) > (found[key][0] or 0):
            found[key] = (amount, f"{count}{material.name}{note}")

    session = werkvorm.section(SectionKind.SESSION)
    parts = tuple(walk(session.parts)) if isinstance(session, Section) else ()
    # Found once, not per step: asking for each step whether some group holds it made the
    # checklist quadratic in the number of steps.
    in_groups = {id(inner) for part in parts if isinstance(part, Groups) for inner in walk(part.parts)}
    whole_session = _most_groups(werkvorm, None)
    for material in werkvorm.materials:
        add(material, whole_session)
    for part in parts:
        match part:
            case Groups():
                groups_here = _most_groups(werkvorm, part)
                for inner in walk(part.parts):
                    for material in _step_materials(inner):
                        add(material, groups_here)
            case Step():
                if id(part) not in in_groups:
                    for material in _step_materials(part):
                        add(material, whole_session)
            case Pause() | Round() | TimeBox() | Choice():
                pass  # what they hold is walked on its own; their intro lists no material
            case _:
                assert_never(part)
    return [text for _, text in found.values()]


def _step_materials(part: Part) -> list[Material]:
    """What a step's 'materiaal:' lines list; other parts list none of their own."""
    match part:
        case Step():
            return [
                material
                for block in part.body
                if isinstance(block, Materials)
                for material in parse_materials(block.text, block.span)
            ]
        case Pause() | Round() | Groups() | TimeBox() | Choice():
            return []
        case _:
            assert_never(part)


def _most_participants(werkvorm: Werkvorm) -> int | None:
    persons = werkvorm.participants
    return None if persons is None or persons.no_maximum else persons.high


def _most_groups(werkvorm: Werkvorm, groups: Groups | None) -> int | None:
    persons = werkvorm.participants
    if persons is None or persons.no_maximum:
        return None
    session = werkvorm.section(SectionKind.SESSION)
    if groups is not None:
        candidates = [groups]
    elif isinstance(session, Section):
        candidates = [part for part in walk(session.parts) if isinstance(part, Groups)]
    else:
        candidates = []
    counts = [len(split_into_groups(persons.high, g.size)) for g in candidates if g.size is not None]
    return max(counts) if counts else None


def summary(plan: Plan) -> str:
    """The plan set against the stated duration, in plain Dutch sentences: what the steps take,
    what is left for the steps without a duration, and whether it fits (as `werkvorm check` says)."""
    timing = plan.timing
    sentences = []
    count = timing.untimed_high
    steps = "stap" if count == 1 else "stappen"
    if not count:
        sentences.append(f"De stappen duren samen {_minutes_text(timing.longest)}.")
    elif not timing.fixed_longest:
        sentences.append(
            f"Geen stap heeft een eigen duur; de {count} {steps} delen samen "
            f"{_minutes_text(plan.end)}, elk ongeveer {_about(timing.planned_share)}."
        )
    elif timing.stated_high is None:
        sentences.append(
            f"De stappen met een duur nemen {_minutes_text(timing.fixed_longest)}; het draaiboek geeft de "
            f"{count} {steps} zonder duur elk ongeveer {_about(timing.planned_share)}."
        )
    else:
        sentences.append(_untimed_share_sentence(plan))
    if timing.shortest != timing.longest and not count:  # with steps without a duration, the plan fills the time
        sentences.append(
            f"Op zijn kortst duurt de sessie {_minutes_text(timing.shortest)}, op zijn langst "
            f"{_minutes_text(timing.longest)}."
        )
    if timing.stated_high is None:
        sentences.append("Er staat bovenaan geen totale duur.")
    else:
        stated = stated_phrase(timing)
        if plan.open_least is not None and plan.end <= timing.stated_high:
            sentences.append(
                f"Bij {plan.open_least} deelnemers past dat in {stated}. Bovenaan staat geen grootste aantal "
                "deelnemers, dus of het bij meer past, is niet te zeggen: de controle geeft er een waarschuwing bij."
            )
        elif fits_without_warning(timing):
            sentences.append(f"Dat past in {stated}.")
        elif plan.end <= timing.stated_high:
            sentences.append(f"Dat past misschien niet in {stated}: de controle geeft er een waarschuwing bij.")
        else:
            late = overrun(plan)
            sentences.append(f"Dat past niet: {late}." if late else f"Dat past niet in {stated}.")
    return " ".join(sentences)


def _untimed_share_sentence(plan: Plan) -> str:
    """What is left for the steps without a duration, in the words and numbers of `werkvorm check`
    (W403): 'de stappen met een duur nemen 35 van de 30 min' left nothing, where this sentence said
    '3 min blijft over'. When the share is under the floor, it says what the plan gives instead."""
    from werkvorm_dsl.analysis.timing import untimed_share_text

    timing = plan.timing
    assert timing.stated_high is not None and timing.share is not None  # only called with both
    count = timing.untimed_high
    left = max(Fraction(0), timing.stated_high - timing.fixed_longest)
    steps = len(untimed_steps_outside_boxes(plan)) or count
    sentence = (
        f"De stappen met een duur nemen {format_minutes(_tenth(timing.fixed_longest))} van de "
        f"{format_minutes(timing.stated_high)} min; {untimed_share_text(steps, count, left, timing.share)}"
    )
    if timing.share < timing.floor:
        sentence += (
            f" Het draaiboek geeft {'die stap' if count == 1 else 'elk van die stappen'} het minimum van "
            f"{format_minutes(timing.floor)} min."
        )
    return sentence


def untimed_steps_outside_boxes(plan: Plan) -> set[int]:
    """The steps without a duration that share the session's time (by identity), as `werkvorm
    check` counts them: a step inside a block with a fixed time shares that block's time instead."""
    enclosing: list[Slot] = []  # the block heads around the current row, by depth
    found: set[int] = set()
    for slot in plan.slots:
        del enclosing[slot.depth :]
        if slot.kind is RowKind.BLOCK:
            enclosing.append(slot)
        elif slot.kind is RowKind.STEP and slot.step is not None and slot.step.duration is None and not slot.step.rest:
            if not any(isinstance(head.part, Round | Groups | TimeBox) and head.part.box for head in enclosing):
                found.add(id(slot.step))
    return found


def stated_phrase(timing: Timing) -> str:
    """'de 30 min van de werkvorm', 'de 45 tot 60 min van de werkvorm': the stated duration, as
    every sentence that sets the plan against it says it."""
    assert timing.stated_high is not None
    low = f"{format_minutes(timing.stated_low)} tot " if timing.stated_low not in (None, timing.stated_high) else ""
    return f"de {low}{format_minutes(timing.stated_high)} min van de werkvorm"


def overrun(plan: Plan) -> str | None:
    """'gepland tot 14:37, 7 min langer dan de 30 min van de werkvorm' when the plan ends after the
    stated duration, else None. Every document says an overrun in these words, in place of the
    stated duration alone ('Duur: 30 min' beside 'tot 14:37' were two contradicting facts)."""
    stated = plan.timing.stated_high
    if stated is None or plan.end <= stated:
        return None
    over = _whole(plan.end) - _whole(stated)  # as the clock rounds, so 14:37 and '7 min' agree
    if over <= 0:
        return None
    until = f"gepland tot {plan.clock(plan.end)}" if plan.start_clock else f"gepland {_whole(plan.end)} min"
    return f"{until}, {over} min langer dan {stated_phrase(plan.timing)}"


def _whole(minutes: Fraction) -> int:
    return int(minutes + Fraction(1, 2))  # halves up, as Plan.clock rounds


def _about(minutes: Fraction) -> str:
    """An estimate in whole minutes, as the schedule deals them out."""
    return f"{max(1, int(minutes + Fraction(1, 2)))} min"


def _minutes_text(minutes: Fraction) -> str:
    return f"{format_minutes(_tenth(minutes))} min"


def fits_without_warning(timing: Timing) -> bool:
    """'(past)' only where `werkvorm check` says nothing about the time either (no E401, W402,
    W403 or W407): a verdict on paper never contradicts the check."""
    from werkvorm_dsl.analysis.timing import MIN_SHARE

    low, high = timing.stated_low, timing.stated_high
    if high is None or timing.longest > high:
        return False
    if timing.untimed_high and timing.share is not None and timing.share < MIN_SHARE:
        return False
    shorter_than_booked = low is not None and low < high and timing.longest < low and not timing.untimed_high
    return not shorter_than_booked


def _tenth(value: Fraction) -> Fraction:
    return Fraction(round(value * 10), 10)


@dataclass(frozen=True)
class Segment:
    """One bar of the timeline: a step, a pause or what happens only with time to spare."""

    x: float
    width: float
    label: str  # empty when the number would not fit inside the bar
    estimated: bool
    extra: bool
    pause: bool = False


@dataclass(frozen=True)
class RoundSpan:
    """One repetition of a round, drawn as a bracket above its steps: 'ronde 2', or 'R2' where
    that is all that fits, so '2.1 2.2' under it reads as the second round's steps. A round held
    once is not a repetition: its bracket says '1 keer', as the agenda does."""

    x: float
    width: float
    label: str
    extra: bool


class LegendKind(StrEnum):
    """What the legend under the timeline can explain; it explains only what is drawn."""

    FIXED = "vaste duur"
    ESTIMATE = "geschat"
    EXTRA = "als er tijd is (streepjesrand)"
    PAUSE = "pauze"
    STATED = "gestelde duur"
    ROUND = "ronde"


@dataclass(frozen=True)
class LegendItem:
    """One entry of the timeline's legend, at its place."""

    kind: LegendKind
    x: float  # where its sample starts; its words follow at x + LEGEND_SAMPLE


LABEL_CHAR_WIDTH = 6.6  # a digit or dot in Lato at font-size 11, a little generous: no label spills over its bar
ROUND_CHAR_WIDTH = 5.4  # a letter at font-size 10
TIMELINE_MARGIN = 30.0  # room left and right of the bar for the first and last clock time ("14:00")
LEGEND_SAMPLE = 19.0  # a legend item's sample and the space after it
LEGEND_GAP = 22.0  # between two legend items


def timeline(plan: Plan, width: float = 600.0) -> dict:
    """Geometry for the timeline picture; the template draws it, the agenda says it in words.
    Only rows that take time of their own are drawn (not block heads), each subgroup block once;
    the repetitions of the outermost rounds get a numbered bracket above them."""
    total = max(plan.end, plan.timing.stated_high or Fraction(0), Fraction(1))
    scale = width / float(total)
    segments = []
    for s in plan.leaves:
        bar = max(float(s.minutes) * scale, 0.0)
        fits = len(s.number) * LABEL_CHAR_WIDTH + 4 <= bar
        segments.append(
            Segment(
                float(s.start) * scale, bar, s.number if fits else "", s.estimated, s.extra, s.kind is RowKind.PAUSE
            )
        )
    step = 10 if total <= 60 else 15 if total <= 120 else 30 if total <= 240 else 60
    ticks = [(float(m) * scale, plan.clock(Fraction(m))) for m in range(0, int(total) + 1, step)]
    stated = float(plan.timing.stated_high) * scale if plan.timing.stated_high else None
    rounds = round_spans(plan, scale)
    return {
        "segments": segments,
        "ticks": ticks,
        "stated_x": stated,
        "width": width,
        "margin": TIMELINE_MARGIN,
        "rounds": rounds,
        "legend": legend(segments, rounds, stated is not None),
        "alt": timeline_alt(plan),
    }


def legend(segments: list[Segment], rounds: list[RoundSpan], stated: bool) -> list[LegendItem]:
    """The legend's items for what this timeline draws, in a fixed order, side by side: it listed
    'pauze' and 'als er tijd is' under timelines that had neither."""
    drawn = {
        LegendKind.FIXED: any(not (s.estimated or s.extra or s.pause) for s in segments),
        LegendKind.ESTIMATE: any(s.estimated for s in segments),
        LegendKind.EXTRA: any(s.extra for s in segments) or any(r.extra for r in rounds),
        LegendKind.PAUSE: any(s.pause for s in segments),
        LegendKind.STATED: stated,
        LegendKind.ROUND: bool(rounds),
    }
    items, x = [], 0.0
    for kind in LegendKind:
        if drawn[kind]:
            items.append(LegendItem(kind, x))
            x += LEGEND_SAMPLE + len(kind.value) * ROUND_CHAR_WIDTH + LEGEND_GAP
    return items


def round_spans(plan: Plan, scale: float) -> list[RoundSpan]:
    """The repetitions of the outermost rounds, as brackets; a round inside another is left to the
    agenda, where its rows say which repetition they belong to. All brackets say it the same way:
    'ronde 2' where every bracket has room for that, else 'R2' (a round of four said 'R1 … R4' and
    the round after it 'ronde 1'); a round held once says '1 keer', its steps' numbers say which. A round
    whose every time asks something else says what each time asks ('Wat dan?') where each bracket has
    room for it."""
    heads = [s for s in plan.slots if s.kind is RowKind.BLOCK and isinstance(s.part, Round) and s.round_number]
    if not heads:
        return []
    outermost = min(head.depth for head in heads)
    heads = [head for head in heads if head.depth == outermost]
    once = {id(head.part) for head in heads if head.round_total == "1"}  # not a repetition: no number
    forms = (lambda n: f"ronde {n}", lambda n: f"R{n}")

    def fits(head: Slot, text: str) -> bool:
        return len(text) * ROUND_CHAR_WIDTH + 6 <= float(head.minutes) * scale

    def label(head: Slot, form: int) -> str:
        if id(head.part) in once:
            return next((text for text in ("1 keer", "1×") if fits(head, text)), "")
        return forms[form](head.round_number)

    repeated = [head for head in heads if id(head.part) not in once]
    # A round whose every time asks something else ('Wat?', 'Wat dan?') says so in its brackets,
    # where each of them has room for it; the other rounds say their numbers, all in one way.
    asked = {id(head): _asked(head) for head in repeated}
    by_round: dict[int, list[Slot]] = {}
    for head in repeated:
        by_round.setdefault(id(head.part), []).append(head)
    prompted = {key for key, times in by_round.items() if all(asked[id(h)] and fits(h, asked[id(h)]) for h in times)}
    numbered = [head for head in repeated if id(head.part) not in prompted]
    form = next((f for f in range(len(forms)) if all(fits(head, label(head, f)) for head in numbered)), len(forms) - 1)

    def shown(head: Slot) -> str:
        if id(head.part) in prompted:
            return asked[id(head)]
        return label(head, form) if fits(head, label(head, form)) else ""

    return [
        RoundSpan(float(head.start) * scale, float(head.minutes) * scale, shown(head), head.extra) for head in heads
    ]


def _asked(head: Slot) -> str:
    """What the time of a round that a head row starts asks, in plain words; '' when it says nothing."""
    from werkvorm_dsl.output.render import plain

    round_ = head.part
    if not isinstance(round_, Round) or head.round_number is None:
        return ""
    prompt = round_.prompt_for(head.round_number)
    return plain(prompt.title) if prompt is not None else ""


def timeline_alt(plan: Plan, most: int = 24) -> str:
    """The picture's meaning in words: the agenda, for screen readers and the tagged PDF."""
    leaves = plan.leaves
    rows = [
        f"{s.number}. {plan.clock(s.start)}–{plan.clock(s.start + s.minutes)}, {s.minutes_text} min"
        f"{' (schatting)' if s.estimated else ''}{' (als er tijd is)' if s.extra else ''}"
        f"{f' ({s.note})' if s.note else ''}"
        for s in leaves[:most]
    ]
    more = f"; en nog {len(leaves) - most} stappen" if len(leaves) > most else ""
    return f"Tijdlijn van de sessie. {summary(plan)} " + "; ".join(rows) + more + "."
