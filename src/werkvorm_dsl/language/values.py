"""Reading the values authors write: durations, group sizes, round counts and clock times."""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

from werkvorm_dsl.language.nodes import Bound, Count, Duration, Material, Per, Repeat, RepeatKind, Span

DURATION_FORMS = (
    "5 min, 5 minuten, 1 uur, een uur, anderhalf uur, 1,5 uur, 1 uur en 15 minuten, "
    "15 tot 20 min, 15-20 min of 2 min per deelnemer"
)
# "[invullen: datum]": a fact left open on purpose, for the invitation to show as a gap to fill in.
PLACEHOLDER = re.compile(r"\[\s*invullen\b[^\]\n]{0,200}\]", re.IGNORECASE)
COUNT_FORMS = "3 tot 10, 3-10, minimaal 3, maximaal 10 of 6"
REPEAT_FORMS = "3 keer, 2 tot 3 keer, per deelnemer, per lid of zo vaak als de tijd toelaat"
GROUP_FORMS = "GROEPJES van 3, GROEPJES van 2 tot 4, TWEETALLEN of DRIETALLEN"


class ValueProblem(ValueError):
    """A value an author wrote that cannot be read; the message is Dutch and says why."""


def _shown(text: str, width: int = 40) -> str:
    """A value as quoted in a message: whole when short, its start when it is a pasted novel."""
    text = text.strip()
    return text if len(text) <= width else text[: width - 1] + "…"


NUMBER_WORDS = {
    "een": 1,
    "één": 1,
    "eén": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "twintig": 20,
    "dertig": 30,
    "veertig": 40,
    "vijftig": 50,
    "zestig": 60,
    "zeventig": 70,
    "tachtig": 80,
    "negentig": 90,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "ten": 10,
}
# Words that are themselves an amount of time, in minutes.
TIME_WORDS = {"kwartier": Fraction(15), "driekwartier": Fraction(45)}
HALVES = {"half": Fraction(1, 2), "anderhalf": Fraction(3, 2), "anderhalve": Fraction(3, 2)}
UNITS = {
    **dict.fromkeys(("min", "mins", "minuut", "minuten", "m", "minute", "minutes"), Fraction(1)),
    **dict.fromkeys(("uur", "uren", "u", "h", "hour", "hours"), Fraction(60)),
}
FILLER = {"ongeveer", "circa", "ca", "zo'n", "zon", "about", "±", "plusminus", "pm", "ruim"}
RANGE_WORDS = {"tot", "-", "à", "a", "of", "to"}
PER_PERSON = re.compile(
    r"\b(per|voor elke|elke|ieder|iedere|per\s+elke)\s+"
    r"(deelnemer|persoon|participant|person|lid|groepslid|member)\b|\bp\.?p\.?$"
)
# Words before a duration that say how it is meant: 'maximaal 10 min', 'minstens 5 min', 'globaal 20 min'.
BOUND_WORDS = {
    Bound.AT_MOST: ("maximaal", "hooguit", "hoogstens", "max.", "max", "maximum", "at most", "up to"),
    Bound.AT_LEAST: ("minstens", "minimaal", "ten minste", "tenminste", "minimum", "min.", "at least"),
    Bound.ABOUT: ("globaal", "roughly"),
}
# 'als er tijd is' after a duration or a block's opener: the part is held only when there is time.
OPTIONAL_MARK = re.compile(
    r"(?:^|[\s,;(])\s*(?:alleen\s+)?(?:als\s+er\s+(?:nog\s+)?tijd\s+(?:over\s+)?is|als\s+het\s+past|optioneel|"
    r"if\s+time\s+allows|optional)\s*\)?\s*[.,;]?\s*$",
    re.IGNORECASE,
)
AS_TIME_ALLOWS = re.compile(
    r"^zo\s+vaak\s+als\s+(?:de\s+tijd\s+(?:toelaat|het\s+toelaat)|het\s+past|er\s+tijd\s+is)|^as\s+often\s+as\s+time\s+allows",
    re.IGNORECASE,
)
GROUP_SIZE_WORDS = {"tweetallen": 2, "paren": 2, "duo's": 2, "drietallen": 3, "viertallen": 4, "pairs": 2, "trios": 3}
TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[a-zà-ÿ']+|[-±]")

MAX_MINUTES = Fraction(60 * 24 * 366)  # a year: beyond it a number is surely a slip


def _tokens(text: str) -> list[str]:
    cleaned = text.lower().replace("–", "-").replace("—", "-").replace("min.", "min").replace("ca.", "ca")
    return [t for t in TOKEN.findall(cleaned) if t not in FILLER and t != "en" and t != "and"]


def _number(token: str) -> Fraction | None:
    if token[0].isdigit():
        return Fraction(token.replace(",", "."))
    if token in NUMBER_WORDS:
        return Fraction(NUMBER_WORDS[token])
    return HALVES.get(token)


@lru_cache(maxsize=4096)
def split_optional(text: str) -> tuple[str, bool]:
    """'10 min, als er tijd is' -> ('10 min', True): the part is held only when there is time."""
    found = OPTIONAL_MARK.search(text)
    if not found:
        return text, False
    return text[: found.start()].rstrip(" ,;("), True


def _bound(text: str) -> tuple[str, Bound]:
    lowered = text.lower()
    for bound, words in BOUND_WORDS.items():
        for word in words:
            if lowered.startswith(word) and (len(lowered) == len(word) or not lowered[len(word)].isalpha()):
                return text[len(word) :].strip(), bound
    return text, Bound.EXACT


@lru_cache(maxsize=4096)  # authors write the same few durations over and over; a Duration is frozen
def parse_duration(text: str) -> Duration:
    """'15 tot 20 min' -> Duration(15, 20). Raises ValueProblem with a Dutch reason."""
    stripped = text.strip()
    if not stripped:
        raise ValueProblem("Er staat geen duur.")
    rest, bound = _bound(stripped)
    if bound is not Bound.EXACT:
        if not rest:
            raise ValueProblem(f"Na '{_shown(stripped)}' staat geen duur.")
        found = parse_duration(rest)
        if found.bound is not Bound.EXACT:
            raise ValueProblem(f"In '{_shown(stripped)}' staan twee woorden als 'maximaal' of 'minstens'.")
        return Duration(found.low, found.high, found.per_participant, bound)
    per_participant = bool(PER_PERSON.search(stripped.lower()))
    core = PER_PERSON.sub(" ", stripped.lower()) if per_participant else stripped
    tokens = _tokens(core)
    sides = _split_range(tokens)
    if sides is None:
        raise ValueProblem(f"ik herken '{_shown(stripped)}' niet als duur.")
    low_tokens, high_tokens = sides
    high = _amount(high_tokens, default_unit=None)
    if high is None:
        raise ValueProblem(f"ik herken '{_shown(stripped)}' niet als duur.")
    low = high if low_tokens is None else _amount(low_tokens, default_unit=_last_unit(high_tokens))
    if low is None:
        raise ValueProblem(f"ik herken '{_shown(stripped)}' niet als duur.")
    if low > high:
        raise ValueProblem(f"In '{_shown(stripped)}' is het begin van de reeks groter dan het eind.")
    if high > MAX_MINUTES:
        raise ValueProblem(f"'{_shown(stripped)}' is langer dan een jaar; is dat een tikfout?")
    return Duration(low, high, per_participant)


def _split_range(tokens: list[str]) -> tuple[list[str] | None, list[str]] | None:
    cuts = [i for i, t in enumerate(tokens) if t in RANGE_WORDS]
    if not cuts:
        return None, tokens
    if len(cuts) > 1 or cuts[0] in (0, len(tokens) - 1):
        return None
    return tokens[: cuts[0]], tokens[cuts[0] + 1 :]


def _last_unit(tokens: list[str]) -> Fraction | None:
    units = [UNITS[t] for t in tokens if t in UNITS]
    return units[0] if units else None


def _amount(tokens: list[str], default_unit: Fraction | None) -> Fraction | None:
    """A sum of 'number unit' parts: '1 uur 15 min', 'een half uur', 'anderhalf uur', 'kwartier'."""
    total, pending, seen_any = Fraction(0), None, False
    for token in tokens:
        if token in TIME_WORDS:
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


def parse_count(text: str, noun_words: tuple[str, ...] = ()) -> Count:
    """'3 tot 10', 'minimaal 3, maximaal 10 deelnemers', '6' -> Count. Raises ValueProblem."""
    lowered = text.lower().replace("–", "-").replace("—", "-")
    for noun in noun_words:
        lowered = lowered.replace(noun, " ")
    known = {
        "minimaal",
        "minstens",
        "min",
        "vanaf",
        "maximaal",
        "hoogstens",
        "max",
        "tot",
        "of",
        "à",
        "a",
        "to",
        "at",
        "least",
        "most",
    }
    strangers = [w for w in re.findall(r"[a-zà-ÿ]+", lowered) if w not in known and _whole(w) is None]
    if strangers:
        raise ValueProblem(f"'{_shown(text)}' is geen aantal dat ik kan lezen ('{strangers[0]}' begrijp ik niet).")
    low = _after(lowered, ("minimaal", "minstens", "min", "vanaf", "at least"))
    high = _after(lowered, ("maximaal", "hoogstens", "max", "at most"))
    if low is None and high is None:
        numbers = [_whole(t) for t in re.findall(r"\d+|[a-zé]+", lowered) if _whole(t) is not None]
        separators = re.findall(r"\btot\b|-|\bà\b|\bof\b|\bto\b", lowered)
        if len(numbers) == 1 and not separators:
            low = high = numbers[0]
        elif len(numbers) == 2 and separators:
            low, high = numbers
    if high is None:
        raise ValueProblem(f"'{_shown(text)}' is geen aantal dat ik kan lezen; geef een minimum en een maximum.")
    if low is None:
        low = 1
    if low > high:
        raise ValueProblem(f"In '{_shown(text)}' is het minimum groter dan het maximum.")
    if high < 1:
        raise ValueProblem(f"In '{_shown(text)}' staat geen getal van 1 of meer.")
    return Count(low, high)


def _whole(token: str) -> int | None:
    if token.isdigit():
        return int(token) if len(token) <= 9 else None
    return NUMBER_WORDS.get(token)


def _after(text: str, words: tuple[str, ...]) -> int | None:
    for word in words:
        match = re.search(rf"\b{re.escape(word)}\.?\s+(\d+|[a-zé]+)", text)
        if match and _whole(match.group(1)) is not None:
            return _whole(match.group(1))
    return None


def parse_repeat(text: str) -> Repeat:
    """The text after RONDE: '2 tot 3 keer', 'per deelnemer', 'per lid', 'zo vaak als de tijd
    toelaat', or the older 'in groepjes van 4 tot 6' (as often as a group has members)."""
    lowered = text.lower().strip()
    if AS_TIME_ALLOWS.search(lowered):
        return Repeat(None, text.strip(), RepeatKind.AS_TIME_ALLOWS)
    if PER_PERSON.search(lowered) or re.search(r"\b(elke|iedere|ieder) (deelnemer|lid|groepslid)\b", lowered):
        return Repeat(None, text.strip(), RepeatKind.PER_PERSON)
    group = re.search(r"groep(?:je)?s?\s+van\s+(.+)$", lowered)
    if group:
        return Repeat(parse_count(group.group(1), ("personen", "deelnemers", "mensen")), text.strip())
    times = re.match(r"^(.*?)\s*(?:keer|maal|rondes|ronden|times)\b", lowered)
    if times:
        return Repeat(parse_count(times.group(1)), text.strip())
    raise ValueProblem(f"'{_shown(text)}' zegt niet hoe vaak de ronde gehouden wordt.")


def parse_group_size(label: str, text: str) -> Count:
    """The size of the subgroups: 'TWEETALLEN', 'GROEPJES van 3', 'groepjes van 2 tot 4 personen'."""
    implied = GROUP_SIZE_WORDS.get(label.lower().strip())
    lowered = re.sub(r"^(?:van|of|met)\s+", "", text.lower().strip())
    if implied is not None:
        if re.match(r"\d", lowered) and parse_count(lowered, GROUP_NOUNS) != Count(implied, implied):
            # 'TWEETALLEN van 3' used to count pairs and drop the 3 without a word
            raise ValueProblem(
                f"{label.upper()} zijn groepjes van {implied}, maar er staat '{_shown(text)}'; "
                f"schrijf GROEPJES {_shown(text)}."
            )
        return Count(implied, implied)
    if not lowered:
        raise ValueProblem("Er staat niet hoe groot de groepjes zijn.")
    named = next((size for word, size in GROUP_SIZE_WORDS.items() if lowered == word), None)
    if named is not None:
        return Count(named, named)
    size = parse_count(lowered, GROUP_NOUNS)
    if size.low < 2:  # 'van 0 tot 3' or 'van maximaal 4' used to pass: a group of one is no group
        raise ValueProblem(
            f"Een groepje van {size.low} is geen groepje; schrijf 2 of meer, bijvoorbeeld "
            f"'van 2 tot {max(size.high, 3)}'."
        )
    return size


GROUP_NOUNS = ("personen", "deelnemers", "mensen", "leden", "people", "persons")
SIZE_START = re.compile(r"^\s*(?:(?:van|of|met)\s+)?(?:\d|minimaal|maximaal|minstens|hoogstens)", re.IGNORECASE)


def implies_group_size(label: str) -> bool:
    """TWEETALLEN, DRIETALLEN, VIERTALLEN: the word itself says how big the groups are."""
    return label.lower().strip() in GROUP_SIZE_WORDS


MATERIAL = re.compile(r"^(?:(\d{1,6})|(een|één|twee|drie|vier|vijf|zes|tien))\s+(.+?)\s*$", re.IGNORECASE)
MATERIAL_PER = re.compile(
    r"\s+(?:per|voor\s+elk(?:e)?|voor\s+ieder(?:e)?)\s+(deelnemer|persoon|groepje|groep|tweetal|drietal|tafel|"
    r"participant|person|group)\s*$",
    re.IGNORECASE,
)


def parse_materials(text: str, span: Span) -> tuple[Material, ...]:
    """'2 stiften per deelnemer, flip-over, 1 vel per groepje' -> Materials, in the order written."""
    found = []
    for part in re.split(r"[,;\n]", text):
        part = part.strip().rstrip(".").strip()
        if not part:
            continue
        per, name = Per.SESSION, part
        per_match = MATERIAL_PER.search(part)
        if per_match:
            word = per_match.group(1).lower()
            per = Per.PERSON if word in ("deelnemer", "persoon", "participant", "person") else Per.GROUP
            name = part[: per_match.start()].strip()
        amount = None
        count = MATERIAL.match(name)
        if count:
            amount = int(count.group(1)) if count.group(1) else NUMBER_WORDS[count.group(2).lower()]
            name = count.group(3)
        found.append(Material(name, amount, per, span))
    return tuple(found)


def parse_clock(text: str) -> str:
    """'14:00', '9.30', '14u' -> 'HH:MM'. Raises ValueProblem."""
    match = re.fullmatch(r"\s*(\d{1,2})(?:[:.](\d{2})|u|\s*uur)?\s*", text.lower())
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
_WEEKDAY = r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|di|wo|do|vr|za|zo)\.?,?\s+)?"
LAST_DATE = (9998, 12, 31)


def parse_date(text: str):
    """'2026-12-03', '3-12-2026', '3 december 2026', 'donderdag 3 dec. 2026' -> a date. Raises ValueProblem."""
    from datetime import date

    folded = text.strip().lower()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", folded)
    numeric = re.fullmatch(_WEEKDAY + r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", folded)
    written = re.fullmatch(_WEEKDAY + r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})", folded)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif numeric:
        day, month, year = (int(g) for g in numeric.groups())
    elif written and written.group(2) in _MONTH_NUMBER:
        day, month, year = int(written.group(1)), _MONTH_NUMBER[written.group(2)], int(written.group(3))
    else:
        raise ValueProblem(f"'{_shown(text)}' is geen datum die ik kan lezen.")
    if (year, month, day) > LAST_DATE or year < 1:
        raise ValueProblem(f"'{_shown(text)}' ligt te ver in de tijd voor een agenda.")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueProblem(f"'{_shown(text)}' bestaat niet in de kalender.") from None


DATE_FORMS = "'3 december 2026' of '2026-12-03'"


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
