"""Reading the values authors write: durations, group sizes, round counts, clock times and dates.

A value is read whole or refused. Every character of it belongs to a token (a number, a word or a
sign), and the value is understood only when every token has its place in one of the documented
forms; a token left over is a ValueProblem, never skipped. The forms tables below (DURATION_FORMS,
COUNT_FORMS, REPEAT_FORMS, GROUP_FORMS, CLOCK_FORMS, DATE_FORMS) hold every documented spelling
with the value it means: the tips in the diagnostics are drawn from them, and the tests read them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from datetime import date
from fractions import Fraction
from functools import lru_cache

from werkvorm_dsl.language.nodes import Bound, Count, Duration, Material, Per, Repeat, RepeatKind, Span

# "[invullen: datum]": a fact left open on purpose, for the invitation to show as a gap to fill in.
PLACEHOLDER = re.compile(r"\[\s*invullen\b[^\]\n]{0,200}\]", re.IGNORECASE)


class ValueProblem(ValueError):
    """A value an author wrote that cannot be read; the message is Dutch and says why.

    `meant` holds texts the author may have meant ('minimaal 4' for '>4'): the place that reads the
    value offers those it reads itself as the tip, so a tip is never wrong itself. `hint` is a tip
    already made; `code` is set when the problem is not the place's usual one (E221 for 0 minutes)."""

    def __init__(self, message: str, hint: str = "", code: str = "", meant: tuple[str, ...] = ()):
        super().__init__(message)
        self.hint = hint
        self.code = code
        self.meant = meant


def _shown(text: str, width: int = 40) -> str:
    """A value as quoted in a message: whole when short, its start when it is a pasted novel."""
    text = text.strip()
    return text if len(text) <= width else text[: width - 1] + "…"


def _either(texts: Iterable[str]) -> str:
    """ "'a', 'b' of 'c'": examples as a tip lists them, each quoted, so a comma inside one is clear."""
    quoted = [f"'{text}'" for text in texts]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " of " + quoted[-1]


def _reads(place: Callable[[str], object], text: str) -> bool:
    try:
        place(text)
    except ValueProblem:
        return False
    return True


# Set while a tip's candidates are tried: they only need to be read, so they get no tips of their
# own, and making a tip never recurses.
_TRYING_CANDIDATES: ContextVar[bool] = ContextVar("trying_candidates", default=False)


def _tip(place: Callable[[str], object], texts: Iterable[str], shown: Callable[[str], str] = str) -> str:
    """'Schrijf 'a' of 'b'.' from those of `texts` that `place` reads."""
    if _TRYING_CANDIDATES.get():
        return ""  # a candidate's own tip is never shown
    trying = _TRYING_CANDIDATES.set(True)
    try:
        good = list(dict.fromkeys(shown(text) for text in texts if _reads(place, text)))
    finally:
        _TRYING_CANDIDATES.reset(trying)
    return f"Schrijf {_either(good)}." if good else ""


def _in_place(
    read: Callable[[str], object], place: Callable[[str], object], text: str, shown: Callable[[str], str] = str
):
    """`read(text)`, with what the author may have meant turned into a tip that `place` reads."""
    try:
        return read(text)
    except ValueProblem as problem:
        meant = [m for m in problem.meant if m.strip() != text.strip()]
        if not meant:
            raise
        raise ValueProblem(str(problem), _tip(place, meant, shown) or problem.hint, problem.code) from None


# --- number words ----------------------------------------------------------------------------------

_ONES = ("een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")
_TEENS = ("tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien")
_TENS = ("twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig")
_ONES_EN = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS_EN = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS_EN = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def _number_words() -> dict[str, int]:
    """Every number from one to ninety-nine in words, Dutch and English, made by the languages' own
    rules ('vijfentwintig', 'tweeëntwintig', 'twenty-five'), so no number in between is missing."""
    words = {"één": 1, "eén": 1}
    for ones, teens, tens, compound in (
        (_ONES, _TEENS, _TENS, _dutch_compound),
        (_ONES_EN, _TEENS_EN, _TENS_EN, _english_compound),
    ):
        words.update({word: number for number, word in enumerate(ones, 1)})
        words.update({word: number for number, word in enumerate(teens, 10)})
        for ten, ten_word in enumerate(tens, 2):
            words[ten_word] = ten * 10
            for one, one_word in enumerate(ones, 1):
                words.update(dict.fromkeys(compound(one_word, ten_word), ten * 10 + one))
    return words


def _dutch_compound(one: str, ten: str) -> tuple[str, ...]:
    """'vijfentwintig'; after an e the e of 'en' takes a diaeresis ('tweeëntwintig'), which authors
    often leave out ('tweeentwintig'); 'éénentwintig' is an old spelling still seen."""
    if one.endswith("e"):
        return (f"{one}ën{ten}", f"{one}en{ten}")
    if one == "een":
        return (f"{one}en{ten}", f"één{'en'}{ten}")
    return (f"{one}en{ten}",)


def _english_compound(one: str, ten: str) -> tuple[str, ...]:
    return (f"{ten}-{one}",)


NUMBER_WORDS = _number_words()
# Words that are themselves an amount of time, in minutes.
TIME_WORDS = {"kwartier": Fraction(15), "driekwartier": Fraction(45)}
HALVES = {"half": Fraction(1, 2), "halve": Fraction(1, 2), "anderhalf": Fraction(3, 2), "anderhalve": Fraction(3, 2)}
UNITS = {
    **dict.fromkeys(("min", "mins", "minuut", "minuten", "m", "minute", "minutes"), Fraction(1)),
    **dict.fromkeys(("uur", "uren", "u", "h", "hour", "hours"), Fraction(60)),
}
# Words that leave a value as it is: 'ongeveer 10 min' is 10 min.
FILLER = {"ongeveer", "circa", "ca", "zo'n", "zon", "about", "±", "plusminus", "pm", "ruim", "around"}
CONNECTORS = {"en", "and"}  # '1 uur en 15 minuten'
RANGE_WORDS = {"tot", "-", "à", "a", "of", "to"}
PER_WORDS = {"per", "elke", "ieder", "iedere", "each", "every"}
PERSON_NOUNS = {"deelnemer", "persoon", "participant", "person", "lid", "groepslid", "member"}
# Words before a duration that say how it is meant: 'maximaal 10 min', 'minstens 5 min', 'globaal 20 min'.
BOUND_WORDS = {
    Bound.AT_MOST: ("maximaal", "hooguit", "hoogstens", "max", "maximum"),
    Bound.AT_LEAST: ("minstens", "minimaal", "tenminste", "minimum", "min"),
    Bound.ABOUT: ("globaal", "roughly"),
}
AT_LEAST_WORDS = {"minimaal", "minstens", "tenminste", "minimum", "min", "vanaf"}
AT_MOST_WORDS = {"maximaal", "hooguit", "hoogstens", "max", "maximum"}
TIMES_WORDS = {"keer", "maal", "rondes", "ronden", "times", "x", "×"}
GROUP_WORDS = {"groepjes", "groepje", "groepen", "groep"}
AS_OFTEN_AS_TIME_ALLOWS = {
    "zo vaak als de tijd toelaat",
    "zo vaak als de tijd het toelaat",
    "zo vaak als het past",
    "zo vaak als er tijd is",
    "as often as time allows",
}

# --- the scanner: every character of a value is in a token, so nothing is skipped unread ------------

# Digits are 0-9 only: '³' and '٣' are refused as signs, not read as numbers.
_SCAN = re.compile(r"\s*(?:([0-9]+(?:[.,][0-9]+)*)|([^\W\d_]+(?:'[^\W\d_]+)*)|(>=|<=|\S))")
_SIGNS = {"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "~": "±", "≈": "±", ">=": "≥", "<=": "≤"}
_ABBREVIATED = {"min", "mins", "max", "ca", "u", "m", "p", "h"}  # words that may carry a full stop: 'min.'
# Words written apart that are read as one: 'ten minste', 'tot en met', 'voor elke deelnemer', 'p.p.'.
_PHRASES = {
    ("ten", "minste"): "tenminste",
    ("at", "least"): "tenminste",
    ("at", "most"): "hoogstens",
    ("up", "to"): "hoogstens",
    ("tot", "en", "met"): "tot",
    ("t", "/", "m"): "tot",
    ("of", "meer"): "+",
    ("or", "more"): "+",
    ("voor", "elke"): "per",
    ("voor", "ieder"): "per",
    ("voor", "iedere"): "per",
    ("per", "elke"): "per",
    ("for", "each"): "per",
    ("for", "every"): "per",
    ("p", "p"): "pp",
}


class _AmbiguousNumber(ValueProblem):
    """'1.000' or '2,500': a thousand in Dutch, one or two and a half in English."""

    def __init__(self, number: str, text: str):
        readings = [re.sub(r"[.,]", "", number)]
        whole, *parts = re.split(r"[.,]", number)
        if len(parts) == 1:  # '2,500' may be two and a half; '1.000.000' is only a million
            readings.append(f"{whole},{parts[0].rstrip('0')}" if parts[0].rstrip("0") else whole)
        super().__init__(
            f"'{number}' kan twee dingen betekenen{_in_value(text, number)}: in het Nederlands is 1.000 "
            "duizend, in het Engels één.",
            "Schrijf duizend zonder punt (1000) en een deel met een komma (1,5).",
            meant=tuple(text.strip().replace(number, reading, 1) for reading in readings),
        )


@lru_cache(maxsize=4096)  # authors write the same few values over and over
def _scan(text: str) -> tuple[str, ...]:
    """The tokens of a value, lower case: numbers, words and each sign on its own. Nothing is dropped."""
    cleaned = unicodedata.normalize("NFC", text).lower().replace("’", "'").strip()
    raw: list[str] = []
    for number, word, sign in _SCAN.findall(cleaned):
        if number and re.search(r"[.,]\d{3}(?!\d)", number) and not re.fullmatch(r"0[.,]\d+", number):
            raise _AmbiguousNumber(number, text)
        raw.append(number or word or _SIGNS.get(sign, sign))
    return _joined(_without_abbreviation_stops(raw))


def _without_abbreviation_stops(tokens: list[str]) -> list[str]:
    return [t for i, t in enumerate(tokens) if not (t == "." and i > 0 and tokens[i - 1] in _ABBREVIATED)]


def _joined(tokens: list[str]) -> tuple[str, ...]:
    """Phrases of several words as one token, and English compounds ('twenty-five') as one number."""
    found: list[str] = []
    i = 0
    while i < len(tokens):
        if i + 2 < len(tokens) and tokens[i + 1] == "-" and f"{tokens[i]}-{tokens[i + 2]}" in NUMBER_WORDS:
            found.append(f"{tokens[i]}-{tokens[i + 2]}")
            i += 3
            continue
        for size in (3, 2):
            phrase = tuple(tokens[i : i + size])
            if phrase in _PHRASES:
                found.append(_PHRASES[phrase])
                i += size
                break
        else:
            found.append(tokens[i])
            i += 1
    return tuple(found)


def _sentence(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """A full stop at the very end ends a sentence and says nothing about the value."""
    return tokens[:-1] if tokens and tokens[-1] == "." else tokens


_DIGITS = frozenset("0123456789")


def _is_numeral(token: str) -> bool:
    return token[:1] in _DIGITS


_DECIMAL = re.compile(r"[0-9]+(?:[.,][0-9]+)?")


def _number(token: str) -> Fraction | None:
    if _is_numeral(token):
        # '0.0.0' starts like a number but is none: not read, so the value is refused, never a crash.
        return Fraction(token.replace(",", ".")) if _DECIMAL.fullmatch(token) else None
    if token in NUMBER_WORDS:
        return Fraction(NUMBER_WORDS[token])
    return HALVES.get(token)


def _whole(token: str) -> int | None:
    """A whole number of people or times: digits (up to nine of them) or a number word."""
    if token and all(c in _DIGITS for c in token):
        return int(token) if len(token) <= 9 else None
    return NUMBER_WORDS.get(token)


# --- durations ------------------------------------------------------------------------------------

# 'als er tijd is' after a duration or a block's opener: the part is held only when there is time.
OPTIONAL_MARK = re.compile(
    r"(?:^|[\s,;(])\s*(?:alleen\s+)?(?:als\s+er\s+(?:nog\s+)?tijd\s+(?:over\s+)?is|als\s+het\s+past|optioneel|"
    r"if\s+time\s+allows|optional)\s*\)?\s*[.,;]?\s*$",
    re.IGNORECASE,
)
MAX_MINUTES = Fraction(60 * 24 * 366)  # a year: beyond it a number is surely a slip
_DURATION_WORDS = set(UNITS) | set(TIME_WORDS) | set(HALVES) | FILLER | CONNECTORS | RANGE_WORDS | set(NUMBER_WORDS)
_BOUND_SIGNS = {"+": "minstens", ">": "minstens", "≥": "minstens", "<": "maximaal", "≤": "maximaal"}


# 'duur: de rest': a step that takes what is left of its time box or of the session (issue 24).
REST_OF_TIME = frozenset(
    {
        "de rest",
        "rest",
        "de rest van de tijd",
        "rest van de tijd",
        "wat overblijft",
        "wat er overblijft",
        "de resterende tijd",
        "resterende tijd",
        "de overige tijd",
        "the rest",
        "the rest of the time",
        "remaining time",
        "the remaining time",
    }
)


def is_rest_of_time(text: str) -> bool:
    """'de rest', 'wat overblijft', 'De rest van de tijd.': the step takes what its limit leaves."""
    return " ".join(text.strip().rstrip(".").lower().split()) in REST_OF_TIME


@lru_cache(maxsize=4096)
def split_optional(text: str) -> tuple[str, bool]:
    """'10 min, als er tijd is' -> ('10 min', True): the part is held only when there is time."""
    found = OPTIONAL_MARK.search(text)
    if not found:
        return text, False
    return text[: found.start()].rstrip(" ,;("), True


@lru_cache(maxsize=4096)  # authors write the same few durations over and over; a Duration is frozen
def parse_duration(text: str) -> Duration:
    """'15 tot 20 min' -> Duration(15, 20). Raises ValueProblem with a Dutch reason."""
    stripped = text.strip()
    if not stripped:
        raise ValueProblem("Er staat geen duur.")
    tokens = _sentence(_scan(stripped))
    bound, rest = _leading_bound(tokens)
    if bound is not Bound.EXACT:
        if not rest:
            raise ValueProblem(f"Na '{_shown(stripped)}' staat geen duur.")
        if _leading_bound(rest)[0] is not Bound.EXACT:
            raise ValueProblem(f"In '{_shown(stripped)}' staan twee woorden als 'maximaal' of 'minstens'.")
    per_participant, rest = _per_person_tail(rest)
    _refuse_strangers(rest, stripped)
    core = [t for t in rest if t not in FILLER and t not in CONNECTORS]
    sides = _split_range(core)
    if sides is None:
        raise ValueProblem(f"ik herken '{_shown(stripped)}' niet als duur.")
    low_tokens, high_tokens = sides
    high = _amount(high_tokens, default_unit=None)
    if high is None:
        meant = (f"{stripped} min",) if re.fullmatch(r"[\d,\s]+", stripped) else ()
        raise ValueProblem(f"ik herken '{_shown(stripped)}' niet als duur.", meant=meant)
    low = high if low_tokens is None else _amount(low_tokens, default_unit=_first_unit(high_tokens))
    if low is None:
        raise ValueProblem(f"ik herken '{_shown(stripped)}' niet als duur.")
    if low > high:
        raise ValueProblem(f"In '{_shown(stripped)}' is het begin van de reeks groter dan het eind.")
    if high > MAX_MINUTES:
        raise ValueProblem(f"'{_shown(stripped)}' is langer dan een jaar; is dat een tikfout?")
    return Duration(low, high, per_participant, bound)


def _leading_bound(tokens: tuple[str, ...]) -> tuple[Bound, tuple[str, ...]]:
    for bound, words in BOUND_WORDS.items():
        if tokens and tokens[0] in words:
            return bound, tokens[1:]
    return Bound.EXACT, tokens


def _per_person_tail(tokens: tuple[str, ...]) -> tuple[bool, tuple[str, ...]]:
    """'… per deelnemer', '… voor elk lid', '… p.p.' at the end: the amount is for each person."""
    if tokens[-1:] == ("pp",):
        return True, tokens[:-1]
    if len(tokens) >= 2 and tokens[-2] in PER_WORDS and tokens[-1] in PERSON_NOUNS:
        return True, tokens[:-2]
    return False, tokens


def _refuse_strangers(tokens: tuple[str, ...], stripped: str) -> None:
    """A token that has no place in any duration is named; a sign meant as 'minstens' or a 'per
    deelnemer' in the wrong place gets the spelling that says it."""
    strangers = [t for t in tokens if not _is_numeral(t) and t not in _DURATION_WORDS]
    if not strangers:
        return
    # 'per' and 'deelnemer' anywhere but at the end are strangers too, but seldom the one to name
    stranger = next((t for t in strangers if t not in PER_WORDS and t not in PERSON_NOUNS), strangers[0])
    meant: tuple[str, ...] = ()
    if stranger in _BOUND_SIGNS:
        meant = (f"{_BOUND_SIGNS[stranger]} {' '.join(stripped.replace(stranger, ' ', 1).split())}",)
    elif stranger in PER_WORDS:
        words = stripped.split()
        at = next((i for i, word in enumerate(words) if word.lower() in PER_WORDS), None)
        if at is not None and at + 1 < len(words):
            meant = (" ".join(words[:at] + words[at + 2 :] + words[at : at + 2]),)
    raise ValueProblem(f"ik herken '{_shown(stripped)}' niet als duur ('{stranger}' begrijp ik niet).", meant=meant)


def _split_range(tokens: list[str]) -> tuple[list[str] | None, list[str]] | None:
    cuts = [i for i, t in enumerate(tokens) if t in RANGE_WORDS]
    if not cuts:
        return None, tokens
    if len(cuts) > 1 or cuts[0] in (0, len(tokens) - 1):
        return None
    return tokens[: cuts[0]], tokens[cuts[0] + 1 :]


def _first_unit(tokens: list[str]) -> Fraction | None:
    """'15 tot 20 min': the beginning of a range has the unit its end starts with."""
    units = [UNITS[t] for t in tokens if t in UNITS]
    return units[0] if units else None


def _amount(tokens: list[str], default_unit: Fraction | None) -> Fraction | None:
    """A sum of 'number unit' parts: '1 uur 15 min', 'een half uur', 'anderhalf uur', 'kwartier'."""
    total, pending, seen_any = Fraction(0), None, False
    for token in tokens:
        if token in TIME_WORDS:
            if pending is None and seen_any:
                return None  # '5 min kwartier': a quarter of an hour without its number only stands first
            total += (pending or 1) * TIME_WORDS[token]
            pending, seen_any = None, True
        elif token in UNITS:
            if pending is None:
                return None
            total += pending * UNITS[token]
            pending, seen_any = None, True
        else:
            number = _number(token)
            if number is None:
                return None
            # 'een half uur': a half after a one multiplies it rather than standing next to it.
            pending = number if pending is None else (pending * number if number < 1 else None)
            if pending is None:
                return None
    if pending is not None:
        if default_unit is None:
            return None
        total += pending * default_unit
        seen_any = True
    return total if seen_any else None


# Each place of a duration allows less than reading does: a step's own 'duur:' anything but 0 minutes;
# the session's 'duur:', a PAUZE, a BLOK and a 'tijdvak:' one time for everyone, which is a cap (so
# 'maximaal 20 min' is 20 min there, and 'minstens' has no end); 'minimum per stap:' one fixed amount.
# The tip for a problem without one of its own is DURATION_TIP, as read by the place.


def parse_step_duration(text: str) -> Duration:
    """A step's 'duur:': any duration but 0 minutes."""
    duration = _in_place(parse_duration, parse_step_duration, text)
    _not_zero(duration, "Een stap duurt nooit 0 minuten: ook aankondigen kost tijd.", STEP_ZERO_TIP)
    return duration


STEP_ZERO_TIP = (
    "Schrijf hoe lang de stap duurt, bijvoorbeeld '1 min'. Gebeurt hij alleen als er tijd is, schrijf dan "
    "'5 min, als er tijd is'. Weet u het nog niet, laat 'duur:' dan weg: dan telt de stap voor het minimum "
    "per stap."
)


def parse_session_duration(text: str) -> Duration:
    """The 'duur:' on top: how long the session is, as promised to the participants."""
    duration = _in_place(parse_duration, parse_session_duration, text)
    if duration.per_participant:
        raise ValueProblem(
            "De totale duur kan niet per deelnemer zijn.",
            "Schrijf de duur van de hele sessie, bijvoorbeeld '1 uur'.",
        )
    _no_least(duration, parse_session_duration, "De duur bovenaan is wat u belooft: één duur of een reeks.")
    _not_zero(duration, "Een sessie van 0 minuten kan niet.", "Schrijf hoe lang de sessie duurt, bijvoorbeeld '1 uur'.")
    return duration


def parse_fixed_duration(text: str) -> Duration:
    """A PAUZE, a BLOK or a 'tijdvak:': a fixed time, the same for everyone."""
    duration = _in_place(parse_duration, parse_fixed_duration, text)
    if duration.per_participant:  # it used to count as if 'per deelnemer' were not there
        raise ValueProblem(
            "Een pauze, blok of tijdvak duurt voor iedereen even lang; 'per deelnemer' kan hier niet.",
            "Schrijf de tijd voor de hele groep, bijvoorbeeld '10 min'. Duurt een stap erin per deelnemer, zet "
            "dat dan bij die stap.",
        )
    _no_least(duration, parse_fixed_duration, "Een pauze, blok of tijdvak heeft een vaste tijd.")
    _not_zero(
        duration,
        "Een pauze, blok of tijdvak van 0 minuten kan niet: er past niets in.",
        "Schrijf de tijd die het krijgt, bijvoorbeeld '10 min', of haal de regel weg.",
    )
    return duration


def parse_floor(text: str) -> Duration:
    """'minimum per stap:': what a step without a duration counts at least; one fixed amount above 0."""
    duration = _in_place(parse_duration, parse_floor, text)
    if duration.per_participant or duration.low != duration.high or duration.bound in (Bound.AT_MOST, Bound.AT_LEAST):
        raise ValueProblem("Het minimum per stap is één vaste duur.", "Schrijf bijvoorbeeld '2 min'.")
    _not_zero(
        duration,
        "Met een minimum van 0 minuten tellen stappen zonder duur voor niets, en ziet de controle niet meer "
        "dat er te veel zijn.",
        "Schrijf '1 min' (zo telt het ook zonder deze regel), of haal de regel weg.",
    )
    return duration


def _not_zero(duration: Duration, message: str, hint: str) -> None:
    if duration.high == 0:
        raise ValueProblem(message, hint, "E221")


def _no_least(duration: Duration, place: Callable[[str], Duration], message: str) -> None:
    """A fixed time is a cap: 'maximaal 20 min' there is 20 min, but 'minstens 20 min' has no end."""
    if duration.bound is Bound.AT_LEAST:
        bare = format_duration(Duration(duration.low, duration.high))
        raise ValueProblem(f"{message} 'minstens' kan hier niet: dan staat er geen eind.", _tip(place, [bare]))


# --- counts: participants, times and group sizes ---------------------------------------------------

# The shape of a count, one letter per token: n a number, ~ a range word, L 'minimaal', H 'maximaal',
# ',' a separator, and the signs themselves. Each shape that is a count, and how it reads:
# (low, high, no maximum).
_COUNT_SHAPES: dict[str, Callable[[list[int]], tuple[int, int, bool]]] = {
    "n": lambda n: (n[0], n[0], False),
    "n~n": lambda n: (n[0], n[1], False),
    "n+": lambda n: (n[0], n[0], True),
    "≥n": lambda n: (n[0], n[0], True),
    "Ln": lambda n: (n[0], n[0], True),
    "≤n": lambda n: (1, n[0], False),
    "Hn": lambda n: (1, n[0], False),
    "LnHn": lambda n: (n[0], n[1], False),
    "Ln,Hn": lambda n: (n[0], n[1], False),
    "HnLn": lambda n: (n[1], n[0], False),
    "Hn,Ln": lambda n: (n[1], n[0], False),
}
_SHAPE_LETTERS = {
    **dict.fromkeys(RANGE_WORDS, "~"),
    **dict.fromkeys(AT_LEAST_WORDS, "L"),
    **dict.fromkeys(AT_MOST_WORDS, "H"),
    **dict.fromkeys((",", ";", "en", "and"), ","),
    **{sign: sign for sign in "+≥≤<>"},
}


def parse_count(text: str, noun_words: tuple[str, ...] = ()) -> Count:
    """'3 tot 10', 'minimaal 3, maximaal 10 deelnemers', '6', '4+' -> Count. Raises ValueProblem."""
    tokens = [t for t in _sentence(_scan(text.strip())) if t not in noun_words and t not in FILLER]
    numbers, shape = [], ""
    for token in tokens:
        whole = _whole(token)
        if token in _SHAPE_LETTERS:
            shape += _SHAPE_LETTERS[token]
        elif whole is not None:
            numbers.append(whole)
            shape += "n"
        elif _is_numeral(token):
            raise ValueProblem(f"'{token}' is geen heel getal" + _in_value(text, token) + ".")
        else:
            raise ValueProblem(f"'{_shown(text)}' is geen aantal dat ik kan lezen ('{token}' begrijp ik niet).")
    if shape in (">n", "<n"):
        # '>4': strictly more than 4, or 4 and more as people often mean? Both are offered.
        number = numbers[0]
        meant = (f"minimaal {number}", f"minimaal {number + 1}")
        if shape == "<n":
            meant = (f"maximaal {number}", f"maximaal {number - 1}")
        raise ValueProblem(f"Bij '{shape[0]}{number}' weet ik niet of {number} zelf meetelt.", meant=meant)
    if shape not in _COUNT_SHAPES:
        raise ValueProblem(f"'{_shown(text)}' is geen aantal dat ik kan lezen.")
    low, high, no_maximum = _COUNT_SHAPES[shape](numbers)
    if low > high:
        raise ValueProblem(f"In '{_shown(text)}' is het minimum groter dan het maximum.")
    if high < 1:
        raise ValueProblem(f"In '{_shown(text)}' staat geen getal van 1 of meer.")
    return Count(low, high, no_maximum)


def _in_value(text: str, part: str) -> str:
    """' (in '3 tot 4,5')' after a message about a part, unless the part is the whole value."""
    return "" if text.strip() == part else f" (in '{_shown(text)}')"


def format_count(count: Count) -> str:
    """The canonical spelling, which parse_count reads back to the same Count."""
    if count.no_maximum:
        return f"minimaal {count.low}"
    return str(count.low) if count.low == count.high else f"{count.low} tot {count.high}"


PARTICIPANT_NOUNS = ("deelnemers", "deelnemer", "personen", "persoon", "mensen", "participants", "people")


def parse_participants(text: str) -> Count:
    """'deelnemers:': a count, a range, at most or at least some number ('minimaal 5', '5+')."""
    return _in_place(_participant_count, parse_participants, text)


def _participant_count(text: str) -> Count:
    return parse_count(text, PARTICIPANT_NOUNS)


def _fixed(count: Count, message: str, meant: tuple[str, ...]) -> Count:
    """Times and group sizes need a most: 'at least 3 times' says nothing of how long it takes."""
    if count.no_maximum:
        raise ValueProblem(message, meant=meant)
    return count


# --- how often a round is held ---------------------------------------------------------------------


def parse_repeat(text: str) -> Repeat:
    """The text after RONDE: '2 tot 3 keer', 'per deelnemer', '2 keer per deelnemer', 'per lid',
    'zo vaak als de tijd toelaat', or the older 'in groepjes van 4 tot 6' (as often as a group has
    members). Raises ValueProblem."""
    return _in_place(_repeat, parse_repeat, text, round_line)


def _repeat(text: str) -> Repeat:
    stripped = text.strip()
    tokens = _sentence(_scan(stripped))
    if " ".join(tokens) in AS_OFTEN_AS_TIME_ALLOWS:
        return Repeat(None, stripped, RepeatKind.AS_TIME_ALLOWS)
    per_person, rest = _per_person_tail(tokens)
    if per_person:
        each = _times(rest, stripped) if rest else None
        return Repeat(None if each == Count(1, 1) else each, stripped, RepeatKind.PER_PERSON)
    if rest[:1] == ("in",):
        rest = rest[1:]
    if len(rest) >= 3 and rest[0] in GROUP_WORDS and rest[1] == "van":
        members = _count_of(" ".join(rest[2:]), GROUP_NOUNS, "in groepjes van {}")
        return Repeat(_fixed(members, _no_most_times(stripped), _times_meant(members)), stripped)
    return Repeat(_times(rest, stripped), stripped)


def _times(tokens: tuple[str, ...], stripped: str) -> Count:
    """'2 tot 3 keer': a count and then a word for times."""
    if len(tokens) < 2 or tokens[-1] not in TIMES_WORDS:
        meant = (f"{stripped} keer",) if tokens and tokens[-1] not in TIMES_WORDS else ()
        if tokens[:2] == ("zo", "vaak"):
            meant = ("zo vaak als de tijd toelaat",)
        raise ValueProblem(f"'{_shown(stripped)}' zegt niet hoe vaak de ronde gehouden wordt.", meant=meant)
    count = _count_of(" ".join(tokens[:-1]), (), "{} keer")
    return _fixed(count, _no_most_times(stripped), _times_meant(count))


def _no_most_times(text: str) -> str:
    return f"In '{_shown(text)}' staat niet hoe vaak de ronde hooguit gehouden wordt."


def _times_meant(count: Count) -> tuple[str, ...]:
    return (f"{count.low} keer", f"{count.low} tot {count.low + 2} keer", "zo vaak als de tijd toelaat")


def _count_of(text: str, nouns: tuple[str, ...], spelled: str) -> Count:
    """A count inside a longer value; what the author may have meant is spelled as that value."""
    try:
        return parse_count(text, nouns)
    except ValueProblem as problem:
        meant = tuple(spelled.format(m) for m in problem.meant)
        raise ValueProblem(str(problem), problem.hint, problem.code, meant) from None


def round_line(text: str) -> str:
    """A repeat as the whole line an author writes: 'RONDE 3 keer'."""
    return f"RONDE {text}"


# --- group sizes -----------------------------------------------------------------------------------

GROUP_SIZE_WORDS = {"tweetallen": 2, "paren": 2, "duo's": 2, "drietallen": 3, "viertallen": 4, "pairs": 2, "trios": 3}
GROUP_NOUNS = ("personen", "deelnemers", "mensen", "leden", "people", "persons")
_SIZE_BOUND_WORDS = {"minimaal", "maximaal", "minstens", "hoogstens", "hooguit", "vanaf"}


def starts_with_size(text: str) -> bool:
    """Whether the text after TWEETALLEN and its kind is a size ('van 3', 'van drie', '3', 'minimaal
    3') rather than what the groups do ('met je buurman', 'twee tweetallen bij elkaar')."""
    words = [word.strip(",.:;") for word in text.lower().split()]
    if len(words) >= 2 and words[0] == "van":
        # 'van een andere afdeling' says who, not how many
        return _size_word(words[1]) or (words[1] in NUMBER_WORDS and words[1] not in ("een", "één", "eén"))
    if len(words) >= 2 and words[0] in ("of", "met"):
        return words[1][:1] in _DIGITS
    return bool(words) and _size_word(words[0])


def _size_word(word: str) -> bool:
    return word[:1] in _DIGITS or word[:1] in "≥≤<>" or word in _SIZE_BOUND_WORDS


def parse_group_size(label: str, text: str) -> Count:
    """The size of the subgroups: 'TWEETALLEN', 'GROEPJES van 3', 'groepjes van 2 tot 4 personen'."""
    implied = GROUP_SIZE_WORDS.get(label.lower().strip())
    size_text = re.sub(r"^(?:van|of|met)\s+", "", text.strip(), flags=re.IGNORECASE)
    if implied is not None:
        if size_text and _subgroup_count(size_text) != Count(implied, implied):
            # 'TWEETALLEN van 3' used to count pairs and drop the 3 without a word
            raise ValueProblem(
                f"{label.upper()} zijn groepjes van {implied}, maar er staat '{_shown(text)}'.",
                _tip(group_line, [f"GROEPJES {text.strip()}", label.upper()]),
            )
        return Count(implied, implied)
    if not size_text:
        raise ValueProblem("Er staat niet hoe groot de groepjes zijn.")
    named = GROUP_SIZE_WORDS.get(size_text.lower())
    if named is not None:
        return Count(named, named)
    size = _subgroup_count(size_text)
    if size.low < 2:  # 'van 0 tot 3' or 'van maximaal 4' used to pass: a group of one is no group
        raise ValueProblem(
            f"Een groepje van {size.low} is geen groepje; schrijf 2 of meer.",
            _tip(group_line, [f"GROEPJES van 2 tot {max(size.high, 3)}"]),
        )
    return size


def _subgroup_count(text: str) -> Count:
    try:
        size = parse_count(text, GROUP_NOUNS)
    except ValueProblem as problem:
        meant = tuple(f"GROEPJES van {m}" for m in problem.meant)
        raise ValueProblem(str(problem), _tip(group_line, meant) or problem.hint, problem.code) from None
    meant = (f"GROEPJES van {size.low} tot {size.low + 2}", f"GROEPJES van {size.low}")
    message = f"In '{_shown(text)}' staat niet hoe groot de groepjes hooguit zijn."
    return _in_place(lambda _: _fixed(size, message, meant), group_line, text)


def group_line(line: str) -> Count:
    """The size a whole GROEPJES line says: 'GROEPJES van 3', 'TWEETALLEN'."""
    label, _, text = line.strip().partition(" ")
    return parse_group_size(label, text)


def implies_group_size(label: str) -> bool:
    """TWEETALLEN, DRIETALLEN, VIERTALLEN: the word itself says how big the groups are."""
    return label.lower().strip() in GROUP_SIZE_WORDS


# --- materials -------------------------------------------------------------------------------------

# A count before a material: digits, or a number word. Not 'een': that is as often the article
# ('een flip-over') as a count, and read as 1 it changed what the author wrote.
MATERIAL = re.compile(r"^(?:(\d{1,6})|(één|eén|twee|drie|vier|vijf|zes|tien))\s+(.+?)\s*$", re.IGNORECASE)
MATERIAL_PER = re.compile(
    r"\s+(?:per|voor\s+elk(?:e)?|voor\s+ieder(?:e)?)\s+(deelnemer|persoon|groepje|groep|tweetal|drietal|tafel|"
    r"participant|person|group)\s*$",
    re.IGNORECASE,
)
MATERIAL_SEPARATOR = re.compile(r"[,;]")
CONJUNCTIONS = frozenset({"en", "of", "maar", "want", "dus", "and", "or", "but"})
SENTENCE_INSIDE = re.compile(r"[.!?]\s+\S")  # a full stop with more after it: two sentences
MATERIAL_WORDS = 6  # a thing to bring takes a few words; a part that takes more is a sentence


def parse_materials(text: str, span: Span) -> tuple[Material, ...]:
    """'2 stiften per deelnemer, flip-over, 1 vel per groepje' -> Materials, in the order written.
    Each line is a list of things, split at commas and semicolons; a line that is a sentence
    ('1 Miro-bord of papier, en papier voor aantekeningen; online werken …') stays one item."""
    found = []
    for line in text.split("\n"):
        if is_sentence(line):
            found.append(Material(line.strip().rstrip(".").strip(), None, Per.SESSION, span))  # as written
            continue
        found += [_material(part, span) for part in MATERIAL_SEPARATOR.split(line) if part.strip().rstrip(".").strip()]
    return tuple(found)


def is_sentence(line: str) -> bool:
    """Whether a materials line is a sentence rather than a list: two sentences in it, a part after
    a comma that starts with 'en' or 'of', or a part longer than a thing to bring takes."""
    parts = [part.split() for part in MATERIAL_SEPARATOR.split(line.strip())]
    return (
        SENTENCE_INSIDE.search(line) is not None
        or any(words and words[0].lower() in CONJUNCTIONS for words in parts[1:])
        or any(len(words) > MATERIAL_WORDS for words in parts)
    )


def _material(part: str, span: Span) -> Material:
    part = part.strip().rstrip(".").strip()
    per, name = Per.SESSION, part
    per_match = MATERIAL_PER.search(part)
    if per_match:
        word = per_match.group(1).lower()
        per = Per.PERSON if word in ("deelnemer", "persoon", "participant", "person") else Per.GROUP
        name = part[: per_match.start()].strip()
    amount = None
    count = MATERIAL.match(name)
    if count:
        amount = int(count.group(1)) if count.group(1) else NUMBER_WORDS[_plain_number(count.group(2))]
        name = count.group(3)
    return Material(name, amount, per, span)


def _plain_number(word: str) -> str:
    return word.lower().replace("é", "e")


# --- clock times and dates -------------------------------------------------------------------------

CLOCK = re.compile(r"\s*(\d{1,2})(?:[:.](\d{2}))?(?:\s*(?:u|uur))?\s*")


def parse_clock(text: str) -> str:
    """'14:00', '9.30', '14u', '14:00 uur' -> 'HH:MM'. Raises ValueProblem."""
    match = CLOCK.fullmatch(text.lower())
    if not match:
        raise ValueProblem(f"'{_shown(text)}' is geen tijd die ik kan lezen, schrijf bijvoorbeeld 14:00.")
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 23 or minutes > 59:
        raise ValueProblem(f"'{_shown(text)}' is geen tijd op de klok.")
    return f"{hours:02d}:{minutes:02d}"


MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_MONTH_NUMBER = {name: number for number, name in enumerate(MONTHS, 1)}
_MONTH_NUMBER.update({name[:3]: number for name, number in list(_MONTH_NUMBER.items())})
_MONTH_NUMBER.update(
    {
        "mrt": 3,
        "sept": 9,
        "march": 3,
        "may": 5,
        "june": 6,
        "july": 7,
        "october": 10,
        "january": 1,
        "february": 2,
        "august": 8,
    }
)
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_WEEKDAY_NUMBER = {**{day[:2]: n for n, day in enumerate(WEEKDAYS)}, **{day: n for n, day in enumerate(WEEKDAYS)}}
_WEEKDAY = r"(?:(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|di|wo|do|vr|za|zo)\.?,?\s+)?"
LAST_DATE = (9998, 12, 31)


def parse_date(text: str) -> date:
    """'2026-12-03', '3-12-2026', '3 december 2026', 'donderdag 3 dec. 2026' -> a date. Raises ValueProblem."""
    folded = text.strip().lower()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", folded)
    numeric = re.fullmatch(_WEEKDAY + r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", folded)
    written = re.fullmatch(_WEEKDAY + r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})", folded)
    weekday: str | None = None
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif numeric:
        weekday, (day, month, year) = numeric.group(1), (int(g) for g in numeric.groups()[1:])
    elif written and written.group(3) in _MONTH_NUMBER:
        weekday, day, year = written.group(1), int(written.group(2)), int(written.group(4))
        month = _MONTH_NUMBER[written.group(3)]
    else:
        raise ValueProblem(f"'{_shown(text)}' is geen datum die ik kan lezen.")
    if (year, month, day) > LAST_DATE or year < 1:
        raise ValueProblem(f"'{_shown(text)}' ligt te ver in de tijd voor een agenda.")
    try:
        found = date(year, month, day)
    except ValueError:
        raise ValueProblem(f"'{_shown(text)}' bestaat niet in de kalender.") from None
    if weekday is not None and _WEEKDAY_NUMBER[weekday] != found.weekday():
        # 'maandag 3 december 2026' used to be read as the 3rd, a Thursday, without a word
        named = f"{day} {MONTHS[month - 1]} {year}"
        actual, written_day = WEEKDAYS[found.weekday()], WEEKDAYS[_WEEKDAY_NUMBER[weekday]]
        raise ValueProblem(
            f"{named} is een {actual}, geen {written_day}.",
            f"Schrijf {_either([f'{actual} {named}', named])}, of kies de goede datum.",
        )
    return found


# --- writing values back ---------------------------------------------------------------------------


def format_minutes(minutes: Fraction) -> str:
    """Minutes as an author writes them: 7,5 rather than 15/2."""
    if minutes.denominator == 1:
        return str(minutes.numerator)
    # Authors write decimals, so every value read has a finite decimal form; show it whole.
    scaled, places = minutes, 0
    while scaled.denominator != 1 and places < 12:
        scaled, places = scaled * 10, places + 1
    if scaled.denominator != 1:
        return f"{float(minutes):.1f}".replace(".", ",")
    digits = str(abs(scaled.numerator)).rjust(places + 1, "0")
    sign = "-" if minutes < 0 else ""
    return f"{sign}{digits[:-places]},{digits[-places:]}"


def format_duration(duration: Duration) -> str:
    """The canonical spelling, which parse_duration reads back to the same Duration."""
    if duration.low == duration.high:
        text = f"{format_minutes(duration.low)} min"
    else:
        text = f"{format_minutes(duration.low)} tot {format_minutes(duration.high)} min"
    bound = "" if duration.bound is Bound.EXACT else f"{duration.bound.value} "
    return bound + text + (" per deelnemer" if duration.per_participant else "")


# --- the documented forms --------------------------------------------------------------------------
# Every spelling the guide documents, with the value it means; the tests check that each is read as
# that value. The tips offer the forms in the *_TIP tuples, as far as the place reads them.


def _minutes(low: int, high: int | None = None, per: bool = False, bound: Bound = Bound.EXACT) -> Duration:
    return Duration(Fraction(low), Fraction(low if high is None else high), per, bound)


DURATION_FORMS: tuple[tuple[str, Duration], ...] = (
    ("1 min", _minutes(1)),
    ("2 min", _minutes(2)),
    ("5 min", _minutes(5)),
    ("5 minuten", _minutes(5)),
    ("5 minuut", _minutes(5)),
    ("1 uur", _minutes(60)),
    ("een uur", _minutes(60)),
    ("twee uur", _minutes(120)),
    ("anderhalf uur", _minutes(90)),
    ("1,5 uur", _minutes(90)),
    ("een half uur", _minutes(30)),
    ("een kwartier", _minutes(15)),
    ("1 uur en 15 minuten", _minutes(75)),
    ("1 uur 15 min", _minutes(75)),
    ("vijfentwintig minuten", _minutes(25)),
    ("15 tot 20 min", _minutes(15, 20)),
    ("15-20 min", _minutes(15, 20)),
    ("45 min tot 1 uur", _minutes(45, 60)),
    ("2 min per deelnemer", _minutes(2, per=True)),
    ("2 min per persoon", _minutes(2, per=True)),
    ("2 min per lid", _minutes(2, per=True)),
    ("ongeveer 10 min", _minutes(10)),
    ("circa 10 min", _minutes(10)),
    ("globaal 10 min", _minutes(10, bound=Bound.ABOUT)),
    ("maximaal 10 min", _minutes(10, bound=Bound.AT_MOST)),
    ("hooguit 10 min", _minutes(10, bound=Bound.AT_MOST)),
    ("max 10 min", _minutes(10, bound=Bound.AT_MOST)),
    ("minstens 10 min", _minutes(10, bound=Bound.AT_LEAST)),
    ("minimaal 10 min", _minutes(10, bound=Bound.AT_LEAST)),
)
DURATION_TIP = (
    "5 min",
    "5 minuten",
    "1 uur",
    "een uur",
    "anderhalf uur",
    "1,5 uur",
    "1 uur en 15 minuten",
    "15 tot 20 min",
    "15-20 min",
    "2 min per deelnemer",
)
FLOOR_TIP = ("1 min", "2 min")
COUNT_FORMS: tuple[tuple[str, Count], ...] = (
    ("6", Count(6, 6)),
    ("zes", Count(6, 6)),
    ("6 deelnemers", Count(6, 6)),
    ("3 tot 10", Count(3, 10)),
    ("3-10", Count(3, 10)),
    ("3 of 4", Count(3, 4)),
    ("3 tot en met 10", Count(3, 10)),
    ("minimaal 3, maximaal 10", Count(3, 10)),
    ("minimaal 3, maximaal 10 deelnemers", Count(3, 10)),
    ("maximaal 10", Count(1, 10)),
    ("minimaal 3", Count(3, 3, True)),
    ("minstens 3", Count(3, 3, True)),
    ("vanaf 3", Count(3, 3, True)),
    ("3+", Count(3, 3, True)),
    ("3 of meer", Count(3, 3, True)),
    ("≥ 3", Count(3, 3, True)),
    ("≤ 10", Count(1, 10)),
)
COUNT_TIP = ("3 tot 10", "3-10", "minimaal 3, maximaal 10", "minimaal 3", "maximaal 10", "6")
REPEAT_FORMS: tuple[tuple[str, Repeat], ...] = (
    ("3 keer", Repeat(Count(3, 3), "3 keer")),
    ("drie keer", Repeat(Count(3, 3), "drie keer")),
    ("3x", Repeat(Count(3, 3), "3x")),
    ("2 tot 3 keer", Repeat(Count(2, 3), "2 tot 3 keer")),
    ("2 of 3 keer", Repeat(Count(2, 3), "2 of 3 keer")),
    ("per deelnemer", Repeat(None, "per deelnemer", RepeatKind.PER_PERSON)),
    ("per lid", Repeat(None, "per lid", RepeatKind.PER_PERSON)),
    ("2 keer per deelnemer", Repeat(Count(2, 2), "2 keer per deelnemer", RepeatKind.PER_PERSON)),
    ("zo vaak als de tijd toelaat", Repeat(None, "zo vaak als de tijd toelaat", RepeatKind.AS_TIME_ALLOWS)),
    ("in groepjes van 3", Repeat(Count(3, 3), "in groepjes van 3")),
    ("in groepjes van 4 tot 6", Repeat(Count(4, 6), "in groepjes van 4 tot 6")),
)
REPEAT_TIP = (
    "3 keer",
    "2 tot 3 keer",
    "per deelnemer",
    "2 keer per deelnemer",
    "per lid",
    "zo vaak als de tijd toelaat",
)
GROUP_FORMS: tuple[tuple[str, Count], ...] = (  # whole GROEPJES lines, read by group_line
    ("GROEPJES van 3", Count(3, 3)),
    ("GROEPJES van drie", Count(3, 3)),
    ("GROEPJES van 2 tot 4", Count(2, 4)),
    ("GROEPJES van 3 personen", Count(3, 3)),
    ("TWEETALLEN", Count(2, 2)),
    ("DRIETALLEN", Count(3, 3)),
    ("VIERTALLEN", Count(4, 4)),
)
GROUP_TIP = ("GROEPJES van 3", "GROEPJES van 2 tot 4", "TWEETALLEN", "DRIETALLEN")
CLOCK_FORMS: tuple[tuple[str, str], ...] = (
    ("14:00", "14:00"),
    ("9.30", "09:30"),
    ("14u", "14:00"),
    ("14 uur", "14:00"),
    ("14:00 uur", "14:00"),
)
CLOCK_TIP = ("14:00", "9.30")
DATE_FORMS: tuple[tuple[str, date], ...] = (
    ("3 december 2026", date(2026, 12, 3)),
    ("donderdag 3 december 2026", date(2026, 12, 3)),
    ("3 dec. 2026", date(2026, 12, 3)),
    ("3-12-2026", date(2026, 12, 3)),
    ("2026-12-03", date(2026, 12, 3)),
)
DATE_TIP = ("3 december 2026", "2026-12-03")


@lru_cache(maxsize=32)
def forms_tip(place: Callable[[str], object], forms: tuple[str, ...], shown: Callable[[str], str] = str) -> str:
    """'Schrijf bijvoorbeeld: …' with those documented forms that this place reads, as the author
    writes them there; the tip of a problem that has no tip of its own."""
    good = [shown(form) for form in forms if _reads(place, form)]
    return f"Schrijf bijvoorbeeld: {_either(good)}." if good else ""
