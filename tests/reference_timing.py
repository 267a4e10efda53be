"""A second judge of the time model, written from docs/taalgids.md alone, to hold analysis/timing.py
to what the guide says ('De tijdcontrole', 'Eén regel voor elke grens', 'Een vaste tijd', 'Als er
tijd is', 'Groepjes die tegelijk werken', 'De rest van de tijd', the table 'Tijden').

Where timing.py adds up a shortest and a longest time part by part, this judge tries every way
through a werkvorm by brute force: every number of participants, every size of every GROEPJES,
every count of every round, either end of every range, every optional part held or not. The
shortest way is the smallest total of all those ways, the longest the largest. That is slow for
anything but small werkvormen, which is what the property test (test_timing_reference.py)
generates. It shares no code with analysis/timing.py: it reads the AST into a small tree of its
own (`from_ast`) and judges that tree (`judge`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction

from werkvorm_dsl.language import nodes

MIN_SHARE = Fraction(3)  # 'minder dan 3 minuten per stap' (W403)
DEFAULT_FLOOR = Fraction(1)  # 'minimum per stap: 1 minuut, of wat u bovenaan zet'
MOST_WAYS = 200_000  # a werkvorm with more ways than this is too big to judge by brute force


# --- the judge's own tree ----------------------------------------------------------------------


@dataclass(frozen=True)
class Time:
    """A duration as the table 'Tijden' reads it, in minutes."""

    low: Fraction
    high: Fraction
    per_person: bool = False  # 'per deelnemer', 'per persoon', 'per lid'
    at_most: bool = False  # 'maximaal 10 min': the shortest way counts the floor, or 10 if that is less


@dataclass(frozen=True)
class Step:
    time: Time | None  # None: a step without a duration
    optional: bool = False  # 'als er tijd is'
    written: dict = field(default_factory=dict, compare=False)  # how a generator spelled it
    rest: bool = False  # 'duur: de rest': it fills its limit (time is then None)


@dataclass(frozen=True)
class Pause:
    time: Time
    written: dict = field(default_factory=dict, compare=False)


class Kind(Enum):
    ROUND = "RONDE"
    GROUPS = "GROEPJES"
    BOX = "BLOK"


@dataclass(frozen=True)
class Block:
    kind: Kind
    parts: tuple
    count: tuple[int, int] | None = None  # a round's 'n tot m keer' (each, per person), or a GROEPJES' size
    per_person: bool = False  # a round 'per deelnemer' or 'per lid', or 'n keer per deelnemer'
    as_time_allows: bool = False  # a round 'zo vaak als de tijd toelaat'
    box: tuple[Fraction, Fraction] | None = None  # 'BLOK 20 min', 'tijdvak: 8 min'
    optional: bool = False
    written: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Choose:
    """'KEUZE naar het aantal deelnemers': 'elk aantal deelnemers van bovenaan heeft precies één
    manier'; each way is (least, most or None for 'of meer', its parts)."""

    ways: tuple
    written: dict = field(default_factory=dict, compare=False)

    def way_for(self, people: int | None):
        return next(
            (parts for least, most, parts in self.ways if people is not None and least <= people <= (most or people)),
            None,
        )


@dataclass(frozen=True)
class Session:
    duur: tuple[Fraction, Fraction] | None
    deelnemers: tuple[int, int] | None
    floor: Fraction
    parts: tuple
    no_most: bool = False  # 'deelnemers: minimaal 5': the check counts 5, and says so (W222) where it matters
    written: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Judgement:
    """The guide's verdict: the shortest and the longest way (None where the guide gives no
    figures) and the timing codes it asks for."""

    shortest: Fraction | None
    longest: Fraction | None
    codes: frozenset[str]

    @property
    def verdict(self) -> str:
        if any(code.startswith("E") for code in self.codes):
            return "fout"
        if any(code.startswith("W") for code in self.codes):
            return "waarschuwing"
        return "in orde"


class Mistake(Enum):
    """Wrong readings of the guide, for the controls that show the property can fail."""

    BOX_ONLY_SHORTEST = "a time box is checked only at its shortest (no W408), as before issue 20"
    OPTIONAL_IN_SHORTEST = "what happens only when there is time counts in the shortest way too"
    GROUPS_ONCE_PER_GROUP = "a GROEPJES block counts its parts once for every subgroup"


# --- reading the AST ---------------------------------------------------------------------------


def from_ast(werkvorm: nodes.Werkvorm) -> Session:
    session = werkvorm.section(nodes.SectionKind.SESSION)
    parts = session.parts if isinstance(session, nodes.Section) else ()
    duur = werkvorm.total_duration
    people = werkvorm.participants
    return Session(
        None if duur is None else (duur.low, duur.high),
        None if people is None else (people.low, people.high),
        werkvorm.floor.low if werkvorm.floor is not None else DEFAULT_FLOOR,
        tuple(_read(part) for part in parts),
        people is not None and people.no_maximum,
    )


def _time(duration: nodes.Duration) -> Time:
    return Time(duration.low, duration.high, duration.per_participant, duration.bound is nodes.Bound.AT_MOST)


def _box(duration: nodes.Duration | None) -> tuple[Fraction, Fraction] | None:
    return None if duration is None else (duration.low, duration.high)


def _read(part):
    if isinstance(part, nodes.Choice):
        return Choose(
            tuple(
                (way.sizes.low, None if way.sizes.no_maximum else way.sizes.high, tuple(_read(p) for p in way.parts))
                for way in part.ways
                if way.sizes is not None
            )
        )
    if isinstance(part, nodes.Step):
        return Step(None if part.duration is None else _time(part.duration), part.optional, rest=part.rest)
    if isinstance(part, nodes.Pause):
        return Pause(Time(Fraction(0), Fraction(0)) if part.duration is None else _time(part.duration))
    inner = tuple(_read(child) for child in part.parts)
    if isinstance(part, nodes.Round):
        repeat = part.repeat
        kind = repeat.kind if repeat is not None else nodes.RepeatKind.TIMES
        times = repeat.times if repeat is not None else None
        if times is None and kind is nodes.RepeatKind.TIMES:
            times = nodes.Count(1, 1)
        return Block(
            Kind.ROUND,
            inner,
            count=None if times is None or kind is nodes.RepeatKind.AS_TIME_ALLOWS else (times.low, times.high),
            per_person=kind is nodes.RepeatKind.PER_PERSON,
            as_time_allows=kind is nodes.RepeatKind.AS_TIME_ALLOWS,
            box=_box(part.box),
            optional=part.optional,
        )
    if isinstance(part, nodes.Groups):
        size = None if part.size is None else (part.size.low, part.size.high)
        return Block(Kind.GROUPS, inner, count=size, box=_box(part.box), optional=part.optional)
    return Block(Kind.BOX, inner, box=_box(part.box), optional=part.optional)


# --- ways --------------------------------------------------------------------------------------


@dataclass
class Tally:
    """One way through some parts: its time, its time without the steps that have no duration, and
    how often a step without a duration is held (those inside a time box share the box instead)."""

    total: Fraction = Fraction(0)
    fixed: Fraction = Fraction(0)
    untimed: int = 0

    def add(self, other: Tally, times: int = 1) -> None:
        self.total += other.total * times
        self.fixed += other.fixed * times
        self.untimed += other.untimed * times


def _choices(session: Session) -> list[tuple[object, list]]:
    """Every choice a way makes, with the values it can take: either end of a range, every count."""
    found: list[tuple[object, list]] = []
    ways = [way for part in _walk(session.parts) if isinstance(part, Choose) for way in part.ways]
    if session.deelnemers is not None and session.no_most and ways:
        # 'minimaal 2' and a KEUZE: every way for a number from 2 on counts, each from its least number
        least = session.deelnemers[0]
        top = max([least] + [low for low, _, _ in ways] + [high for _, high, _ in ways if high is not None])
        found.append(("deelnemers", list(range(least, top + 1))))
    elif session.deelnemers is not None:
        found.append(("deelnemers", list(range(session.deelnemers[0], session.deelnemers[1] + 1))))
    elif any(isinstance(part, Choose) for part in _walk(session.parts)):
        # 'Staat er bovenaan geen deelnemers:, dan rekent de controle elke manier met de aantallen
        # achter zijn BIJ'
        sizes = sorted(
            {
                people
                for part in _walk(session.parts)
                if isinstance(part, Choose)
                for least, most, _ in part.ways
                for people in range(least, (most or least) + 1)
            }
        )
        found.append(("deelnemers", sizes))
    for part in _walk(session.parts):
        if part.optional if not isinstance(part, Pause | Choose) else False:
            found.append((("held", id(part)), [True, False]))
        if isinstance(part, (Step, Pause)) and part.time is not None:
            low = min(session.floor, part.time.low) if part.time.at_most else part.time.low
            found.append((("minutes", id(part)), sorted({low, part.time.high})))
        if isinstance(part, Block):
            if part.count is not None:
                found.append((("count", id(part)), list(range(part.count[0], part.count[1] + 1))))
            if part.box is not None:
                found.append((("box", id(part)), sorted(set(part.box))))
    return found


def _walk(parts):
    for part in parts:
        yield part
        if isinstance(part, Block):
            yield from _walk(part.parts)
        if isinstance(part, Choose):
            for _, _, inner in part.ways:
                yield from _walk(inner)


def number_of_ways(session: Session) -> int:
    number = 1
    for _, values in _choices(session):
        number *= len(values)
    return number


def ways(session: Session):
    """Every way through the session, as a dict from choice to value."""
    choices = _choices(session)
    if number_of_ways(session) > MOST_WAYS:
        raise ValueError(f"{number_of_ways(session)} ways: too many to try one by one")
    keys = [key for key, _ in choices]
    for values in itertools.product(*(values for _, values in choices)):
        yield dict(zip(keys, values))


@dataclass
class _Way:
    """One way, walked: the choices, how often each round 'zo vaak als de tijd toelaat' is held,
    and what each time box holds in this way."""

    session: Session
    choice: dict
    often: dict  # id(round) -> times held
    mistake: Mistake | None
    boxes: dict = field(default_factory=dict)  # id(block) -> Tally of one time through it

    def parts(self, parts, people: int | None) -> Tally:
        tally = Tally()
        for part in parts:
            tally.add(self.part(part, people))
        return tally

    def part(self, part, people: int | None) -> Tally:
        held = self.choice.get(("held", id(part)), True) if not isinstance(part, Choose) else True
        if isinstance(part, Step):
            tally = self.step(part, people)
        elif isinstance(part, Pause):
            minutes = self.choice.get(("minutes", id(part)), part.time.high)
            tally = Tally(minutes, minutes)
        elif isinstance(part, Choose):  # the way for the number of participants of this way through
            chosen = part.way_for(self.choice.get("deelnemers"))
            tally = Tally() if chosen is None else self.parts(chosen, people)
        else:
            tally = self.block(part, people)
        if held or self.mistake is Mistake.OPTIONAL_IN_SHORTEST:
            return tally
        return Tally()

    def step(self, step: Step, people: int | None) -> Tally:
        if step.rest:  # 'de rest telt eerst voor het minimum per stap'; filling its limit comes after
            self.boxes[("rest", id(step))] = True  # held in this way (a way of a KEUZE may not hold it)
            return Tally(self.session.floor, self.session.floor)
        if step.time is None:
            return Tally(self.session.floor, Fraction(0), 1)
        minutes = self.choice.get(("minutes", id(step)), step.time.high)
        if step.time.per_person:
            minutes *= people or 0  # without anyone to count: E208, judged before any way is walked
        return Tally(minutes, minutes)

    def block(self, block: Block, people: int | None) -> Tally:
        inside = people
        if block.kind is Kind.GROUPS:
            inside = self.choice[("count", id(block))] if block.count is not None else None
        times = 1
        if block.kind is Kind.ROUND:
            if block.per_person:  # once, or 'n keer', for every participant (or member of the subgroup)
                times = (people or 0) * self.choice.get(("count", id(block)), 1)
            elif block.as_time_allows:
                times = self.often.get(id(block), 1)
            else:
                times = self.choice[("count", id(block))]
        inner = self.parts(block.parts, inside)
        if block.kind is Kind.GROUPS and self.mistake is Mistake.GROUPS_ONCE_PER_GROUP and inside:
            times = -(-(self.choice.get("deelnemers", inside)) // inside)
        if block.box is None:
            tally = Tally()
            tally.add(inner, times)
            return tally
        self.boxes[id(block)] = inner
        minutes = self.choice[("box", id(block))]
        return Tally(minutes * times, minutes * times)


def _all_ways(session: Session, often: dict, mistake: Mistake | None):
    """(session tally, time boxes' tallies) for every way."""
    for choice in ways(session):
        way = _Way(session, choice, often, mistake)
        tally = way.parts(session.parts, choice.get("deelnemers"))
        way.boxes["deelnemers"] = choice.get("deelnemers")  # W403 is judged for each number on its own
        yield tally, way.boxes


# --- rounds 'zo vaak als de tijd toelaat' ------------------------------------------------------


def _limits(parts, limit=None):
    """(limit, round) for every round 'zo vaak als de tijd toelaat', in the order the rounds end;
    the limit is the innermost time box around it, or None for the session's duur."""
    for part in parts:
        if isinstance(part, Choose):
            for _, _, inner in part.ways:
                yield from _limits(inner, limit)
        if isinstance(part, Block):
            inner = part if part.box is not None else limit
            yield from _limits(part.parts, inner)
            if part.as_time_allows:
                yield limit, part


def _often(session: Session, mistake: Mistake | None) -> dict:
    """'Zo vaak als hij past': the largest number of times (at least one) for which the longest way
    through its limit stays within the limit's end; the round that ends first goes first."""
    often: dict = {}
    for limit, round_ in _limits(session.parts):
        end = _end(session, limit)
        if end is not None:
            often[id(round_)] = _most_that_fit(session, limit, round_, end, often, mistake)
    return often


def _end(session: Session, limit: Block | None) -> Fraction | None:
    if limit is not None:
        return limit.box[1] if limit.box is not None else None
    return session.duur[1] if session.duur is not None else None  # no duur: once, with W410


def _most_that_fit(session: Session, limit, round_: Block, end: Fraction, often: dict, mistake) -> int:
    def longest(times: int) -> Fraction:
        trial = {**often, id(round_): times}
        return max(
            (total.total if limit is None else boxes[id(limit)].total)
            for total, boxes in _all_ways(session, trial, mistake)
        )

    if longest(2) == longest(1):
        return 1  # a round of no time at all: 'as often as it fits' has no end; held once
    fits, too_many = 1, 2
    while longest(too_many) <= end:
        fits, too_many = too_many, too_many * 2
    while too_many - fits > 1:  # longest(fits) <= end < longest(too_many), or fits is 1
        middle = (fits + too_many) // 2
        fits, too_many = (middle, too_many) if longest(middle) <= end else (fits, middle)
    return fits


# --- the rest of the time ------------------------------------------------------------------------


@dataclass
class Rests:
    """Where the steps 'duur: de rest' stand: id(limit) -> those whose limit it is (None: the
    session's duur), and those in a round without a time box, which have none."""

    in_limit: dict = field(default_factory=dict)
    in_rounds: list = field(default_factory=list)


def _rests(parts, limit=None, in_round: bool = False, found: Rests | None = None) -> Rests:
    """'Van de grens waarin de stap staat: de vaste tijd van een BLOK of een tijdvak eromheen, en
    anders de duur bovenaan. Groepjes zonder tijdvak zijn geen grens'; in a round without a tijdvak, E413.
    The ways of a KEUZE pass the limit around them on."""
    found = found if found is not None else Rests()
    for part in parts:
        if isinstance(part, Step) and part.rest:
            if in_round:
                found.in_rounds.append(part)
            else:
                found.in_limit.setdefault(limit, []).append(part)
        elif isinstance(part, Block):
            if part.box is not None:
                _rests(part.parts, id(part), False, found)
            else:
                _rests(part.parts, limit, in_round or part.kind is Kind.ROUND, found)
        elif isinstance(part, Choose):
            for _, _, inner in part.ways:
                _rests(inner, limit, in_round, found)
    return found


def _rest_codes(session: Session, rests: Rests, ways: list[dict]) -> set[str]:
    """E412, E413 and W414 for the steps 'duur: de rest' that some way holds: a way of a KEUZE for
    numbers the werkvorm does not have is never held ('telt nooit mee'), and two ways of one KEUZE
    are never held together."""
    held_in = [{key[1] for key in boxes if isinstance(key, tuple) and key[0] == "rest"} for boxes in ways]
    codes = set()
    if any(len([s for s in steps if id(s) in held]) > 1 for held in held_in for steps in rests.in_limit.values()):
        codes.add("E412")  # 'twee stappen met de rest in dezelfde grens'
    if any(id(step) in held for held in held_in for step in rests.in_rounds):
        codes.add("E413")
    if session.duur is None and any(id(step) in held for held in held_in for step in rests.in_limit.get(None, ())):
        codes.add("W414")
    return codes


# --- the verdict -------------------------------------------------------------------------------


def _needs_participants(parts) -> bool:
    """'per deelnemer' outside GROEPJES, which needs 'deelnemers:' (E208)."""
    for part in parts:
        if isinstance(part, Step) and part.time is not None and part.time.per_person:
            return True
        if isinstance(part, Block) and part.kind is not Kind.GROUPS:
            if part.per_person or _needs_participants(part.parts):
                return True
        # a way of a KEUZE counts the numbers after its BIJ
    return False


def judge(session: Session, mistake: Mistake | None = None) -> Judgement:
    if session.deelnemers is None and _needs_participants(session.parts):
        return Judgement(None, None, frozenset({"E208"}))  # the guide gives no figures, nor other codes
    codes: set[str] = set()
    if session.no_most and _needs_participants(session.parts):
        codes.add("W222")  # 'de controle rekent met 5 deelnemers en waarschuwt'
    rests = _rests(session.parts)
    often = _often(session, mistake)
    shortest_ways = list(_all_ways(session, {}, mistake))  # 'zo vaak': once in the shortest way
    longest_ways = list(_all_ways(session, often, mistake))
    codes |= _rest_codes(session, rests, [boxes for _, boxes in longest_ways])
    shortest = min(_filled(session, rests, total, boxes, 0) for total, boxes in shortest_ways)
    longest = max(_filled(session, rests, total, boxes, 1) for total, boxes in longest_ways)
    codes |= _box_codes(session, shortest_ways, longest_ways, mistake, rests)
    people = [boxes["deelnemers"] for _, boxes in longest_ways]
    codes |= _session_codes(session, shortest, longest, [total for total, _ in longest_ways], rests, people)
    if codes & {"E412", "E413"}:
        return Judgement(None, None, frozenset(codes))  # the guide gives no figures for these
    return Judgement(shortest, longest, frozenset(codes))


def _filled(session: Session, rests: Rests, total: Tally, boxes: dict, end: int) -> Fraction:
    """One way's total, with the session's step 'duur: de rest' filling it up where that way holds it:
    'de kortste weg door de grens wordt minstens het begin ervan, de langste weg minstens het eind'."""
    held = [step for step in rests.in_limit.get(None, ()) if ("rest", id(step)) in boxes]
    if session.duur is None or len(held) != 1:
        return total.total
    return max(total.total, session.duur[end])


def _box_codes(session: Session, shortest_ways, longest_ways, mistake: Mistake | None, rests: Rests) -> set[str]:
    codes = set()
    for block in _walk(session.parts):
        if not isinstance(block, Block) or block.box is None:
            continue
        end = block.box[1]
        # the ways that hold the box: a way of a KEUZE for other numbers does not
        held = [boxes[id(block)].total for _, boxes in shortest_ways if id(block) in boxes]
        inner_longest = [boxes[id(block)] for _, boxes in longest_ways if id(block) in boxes]
        people = [boxes["deelnemers"] for _, boxes in longest_ways if id(block) in boxes]
        if not held or not inner_longest:
            continue  # in a way for numbers the werkvorm does not have (W230): never held
        inner_shortest = min(held)
        if inner_shortest > end:
            codes.add("E406")
        elif max(t.total for t in inner_longest) > end and mistake is not Mistake.BOX_ONLY_SHORTEST:
            codes.add("W408")
        has_rest = bool(rests.in_limit.get(id(block)))  # 'W403 vraagt hier niet om een duur'
        if mistake is not Mistake.BOX_ONLY_SHORTEST and not has_rest and _too_little_each(end, inner_longest, people):
            codes.add("W403")
    return codes


def _too_little_each(end: Fraction, longest: list[Tally], people: list | None = None) -> bool:
    """W403: the steps without a duration share what the longest way of the others leaves of the
    limit; less than MIN_SHARE each is too little. For each number of participants on its own
    (`people`, beside `longest`): the ways of a KEUZE for other numbers are never held with these."""
    if people is not None:
        groups: dict = {}
        for tally, number in zip(longest, people):
            groups.setdefault(number, []).append(tally)
        return any(_too_little_each(end, group) for group in groups.values())
    held = max(t.untimed for t in longest)
    if not held:
        return False
    fixed = max(t.fixed for t in longest)
    return max(Fraction(0), end - fixed) / held < MIN_SHARE


def _session_codes(
    session: Session,
    shortest: Fraction,
    longest: Fraction,
    longest_ways: list[Tally],
    rests: Rests,
    people: list | None = None,
) -> set[str]:
    codes = set()
    steps = [part for part in _walk(session.parts) if isinstance(part, Step)]
    has_box = any(isinstance(part, Block) and part.box is not None for part in _walk(session.parts))
    if steps and all(step.time is None and not step.rest for step in steps) and not has_box:
        codes.add("W411")
    if session.duur is None:
        codes.add("W404")
        if any(limit is None for limit, _ in _limits(session.parts)):
            codes.add("W410")
        return codes
    low, end = session.duur
    if shortest > end:
        codes.add("E401")
    elif longest > end:
        codes.add("W402")
    elif low < end and longest < low and not max(t.untimed for t in longest_ways):
        codes.add("W407")
    if not rests.in_limit.get(None) and _too_little_each(end, longest_ways, people):
        codes.add("W403")
    return codes
