"""This occasion's date, start time and participant count, written into a werkvorm's header as its facts.

Why facts in the file and not build options: the file is the one source every front end reads
(`werkvorm build`, `check`, the language server, serve's preview and downloads), so what the
browser made can be made again from the file alone; the check then counts the timing with this
occasion's number of participants; and the language already has these fields (`datum:`,
`begintijd:`, `deelnemers:`), which `werkvorm nieuw` suggests for one meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from werkvorm_dsl.language.nodes import Fact, Werkvorm
from werkvorm_dsl.language.values import MONTHS, ValueProblem, parse_clock

LAST_DATE = date(9998, 12, 31)  # as `werkvorm build --datum`: the calendar event must end inside 9999
MOST_PARTICIPANTS = 1000  # a werkvorm is for a room of people, not a stadium


class OccasionUnreadable(Exception):
    """A field of the form that is no date, clock time or count: a Dutch sentence and a tip (E548)."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True)
class Occasion:
    """What the author filled in; None: leave that field of the werkvorm as it is."""

    datum: date | None = None
    begintijd: str | None = None  # "HH:MM"
    deelnemers: int | None = None

    def lines(self) -> dict[str, str]:
        """The fact each given field becomes, by its Dutch keyword, in the form an author writes."""
        values = {
            "datum": written_date(self.datum) if self.datum else None,
            "begintijd": self.begintijd,
            "deelnemers": str(self.deelnemers) if self.deelnemers is not None else None,
        }
        return {key: value for key, value in values.items() if value is not None}


def written_date(day: date) -> str:
    """'10 december 2026': how the guide writes a date, and what `datum:` reads back as the same day."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def occasion_from(body: dict) -> Occasion:
    """The form's three fields (strings; empty means: leave as it is), or OccasionUnreadable."""
    return Occasion(_date(_field(body, "datum")), _clock(_field(body, "begintijd")), _count(_field(body, "deelnemers")))


def _field(body: dict, name: str) -> str:
    value = body.get(name, "")
    if not isinstance(value, str):
        raise _unreadable("Dit verzoek kan ik niet lezen.", "Ververs de pagina.")
    return value.strip()


def _date(given: str) -> date | None:
    if not given:
        return None
    try:
        day = date.fromisoformat(given)
    except ValueError:
        raise _unreadable(f"'{given[:40]}' is geen datum.", "Kies de datum in de kalender van het veld.") from None
    if day > LAST_DATE:
        raise _unreadable("Deze datum ligt te ver in de toekomst voor een agenda.", "Kies een datum tot en met 9998.")
    return day


def _clock(given: str) -> str | None:
    if not given:
        return None
    try:
        return parse_clock(given)
    except ValueProblem as problem:
        raise _unreadable(str(problem), "Schrijf de begintijd als 14:00.") from None


def _count(given: str) -> int | None:
    if not given:
        return None
    if not (given.isascii() and given.isdigit()) or not 1 <= int(given) <= MOST_PARTICIPANTS:
        raise _unreadable(
            f"'{given[:40]}' is geen aantal deelnemers.",
            f"Geef een heel getal van 1 tot en met {MOST_PARTICIPANTS}, of laat het veld leeg.",
        )
    return int(given)


def _unreadable(message: str, hint: str) -> OccasionUnreadable:
    return OccasionUnreadable(f"Bij deze bijeenkomst: {message}", hint)


def with_occasion(text: str, filename: str, occasion: Occasion) -> str:
    """The text with each given field set: a fact already there keeps its label and place and gets
    the new value; a missing one gets a line of its own under the other facts of the header."""
    from werkvorm_dsl.language.parser import parse

    werkvorm = parse(text, filename)
    lines = text.split("\n")
    added: list[str] = []
    for key, value in occasion.lines().items():
        fact = werkvorm.fact(key)
        if fact is None:
            added.append(f"{key}: {value}")
        else:
            lines[fact.span.line - 1] = _with_value(lines[fact.span.line - 1], fact, value)
    if added:
        at = _end_of_header(werkvorm)
        lines[at:at] = added
    return "\n".join(lines)


def _with_value(line: str, fact: Fact, value: str) -> str:
    """The fact's line with the text after its colon replaced; a line end the editor kept stays."""
    end = "\r" if line.endswith("\r") else ""
    before = line[: fact.value_span.column - 1] if fact.value_span.line == fact.span.line else f"{fact.label}: "
    if not before.endswith((" ", "\t")):
        before += " "
    return before + value + end


def _end_of_header(werkvorm: Werkvorm) -> int:
    """The index of the line after the header's last fact, else after the title, else the top."""
    if werkvorm.facts:
        return max(fact.span.end_line for fact in werkvorm.facts)
    if werkvorm.title is not None:
        return werkvorm.title.span.end_line
    return 0


def current(werkvorm: Werkvorm | None) -> dict[str, str]:
    """What the form shows of the werkvorm as it is: the ISO date and HH:MM the fields take, and
    the participants as written ('4 tot 6'), or empty."""
    if werkvorm is None:
        return {"datum": "", "begintijd": "", "deelnemers": ""}
    participants = werkvorm.fact("deelnemers")
    return {
        "datum": werkvorm.date.isoformat() if werkvorm.date else "",
        "begintijd": werkvorm.start_time or "",
        "deelnemers": participants.text.strip() if participants is not None else "",
    }
