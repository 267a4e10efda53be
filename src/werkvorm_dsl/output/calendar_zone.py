"""Dutch local time for an .ics file: Europe/Amsterdam as Outlook and Google write it, with yearly rules."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from icalendar import Timezone

TZID = "Europe/Amsterdam"

# (name, component, DTSTART, month, offset before, offset after): summer time begins on the last
# Sunday of March at 02:00 and ends on the last Sunday of October at 03:00 local time, since 1996.
# Written as yearly RRULEs from 1601, as Outlook and Google do: a reader that keeps only the first
# RDATE of a list (vobject did) or stops at the list's end (libical and dateutil after 2037) would
# put a summer meeting an hour early; a rule holds for every year.
TRANSITIONS = (
    ("CET", "STANDARD", datetime(1601, 1, 1, 3, 0), 10, timedelta(hours=2), timedelta(hours=1)),
    ("CEST", "DAYLIGHT", datetime(1601, 1, 1, 2, 0), 3, timedelta(hours=1), timedelta(hours=2)),
)


def amsterdam_zone() -> Timezone:
    """The VTIMEZONE for TZID=Europe/Amsterdam, the same for every year and every build."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = Timezone()
    zone.add("tzid", TZID)
    for name, kind, start, month, before, after in TRANSITIONS:
        part = TimezoneStandard() if kind == "STANDARD" else TimezoneDaylight()
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        part.add("tzname", name)
        zone.add_component(part)
    return zone
