"""The .ics read as calendar programs read it: independent parsers agree on the UTC instant of every
meeting, summer and winter, this year and in 2040, and the description holds no placeholder and the
quotes the author typed."""

import datetime
import importlib.util
import io
import re
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FORMATS
from strategies import quick_share, werkvormen
from werkvorm_dsl import parse
from werkvorm_dsl.analysis.schedule import plan
from werkvorm_dsl.app.build_command import Context
from werkvorm_dsl.output import registry
from werkvorm_dsl.output.calendar_zone import TRANSITIONS, TZID

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# A summer and a winter date now, and both again after 2037, where lists of dates used to stop.
DATES = (
    datetime.date(2027, 6, 10),
    datetime.date(2026, 12, 3),
    datetime.date(2040, 6, 14),
    datetime.date(2040, 12, 13),
)


def calendar_file(source: str, day: datetime.date, start: str = "14:00", name: str = "proef") -> str:
    werkvorm = parse(source, f"{name}.werkvorm")
    context = Context(werkvorm, plan(werkvorm, start), name, day, ".", 1767225600)
    return registry.get("uitnodiging").render(context).files["ics"]


def unfolded(ics: str) -> list[str]:
    return ics.replace("\r\n", "\n").replace("\n ", "").splitlines()


def local_start(ics: str) -> datetime.datetime:
    """DTSTART as written: a local time beside its TZID, read without any library."""
    (line,) = [line for line in unfolded(ics) if line.startswith("DTSTART;")]
    assert f";TZID={TZID}:" in line, line
    return datetime.datetime.strptime(line.rpartition(":")[2], "%Y%m%dT%H%M%S")


# --- the readers: each gives the event's start as an aware datetime -------------------------------


def by_icalendar(ics: str) -> datetime.datetime:
    """icalendar with the file's own VTIMEZONE (as Outlook reads it), not its built-in zone database."""
    from icalendar import Calendar

    calendar = Calendar.from_ical(ics)
    zone = calendar.walk("VTIMEZONE")[0].to_tz()
    start = calendar.walk("VEVENT")[0]["DTSTART"].dt
    return start.replace(tzinfo=None).replace(tzinfo=zone)


def by_icalendar_tzid(ics: str) -> datetime.datetime:
    """icalendar by the zone's name (as Google and Apple read a TZID they know)."""
    from icalendar import Calendar

    return Calendar.from_ical(ics).walk("VEVENT")[0].decoded("dtstart")


def by_dateutil(ics: str) -> datetime.datetime:
    """python-dateutil's own reader of VTIMEZONE components, applied to DTSTART as written."""
    from dateutil.tz import tzical

    zone = tzical(io.StringIO(ics.replace("\r\n", "\n"))).get(TZID)
    return local_start(ics).replace(tzinfo=zone)


def by_vobject(ics: str) -> datetime.datetime:
    import vobject

    return vobject.readOne(ics).vevent.dtstart.value


def by_ics(ics: str) -> datetime.datetime:
    import ics as ics_py

    (event,) = ics_py.Calendar(ics).events
    return event.begin.datetime


def by_rule(ics: str) -> datetime.datetime:
    """A reader of our own, from RFC 5545 alone: the offset of the newest observance whose yearly
    rule (last Sunday of its month, at its local DTSTART time) has begun by the meeting."""
    start = local_start(ics)
    lines = unfolded(ics)
    observances = []
    for at, line in enumerate(lines):
        if line in ("BEGIN:STANDARD", "BEGIN:DAYLIGHT"):
            fields = dict(item.split(":", 1) for item in lines[at + 1 : lines.index(f"END:{line[6:]}", at)])
            month = int(re.search(r"BYMONTH=(\d+)", fields["RRULE"]).group(1))
            assert "BYDAY=-1SU" in fields["RRULE"] and "FREQ=YEARLY" in fields["RRULE"]
            clock = datetime.datetime.strptime(fields["DTSTART"], "%Y%m%dT%H%M%S").time()
            observances.append((month, clock, fields["TZOFFSETTO"], fields["TZOFFSETFROM"]))
    assert len(observances) == 2, "one standard and one daylight observance, no lists of dates"

    def begins(month, clock, year):
        last = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
        return datetime.datetime.combine(last - datetime.timedelta(days=(last.weekday() + 1) % 7), clock)

    begun = [
        (begins(month, clock, year), offset_to)
        for month, clock, offset_to, _ in observances
        for year in (start.year - 1, start.year)
        if begins(month, clock, year) <= start
    ]
    offset = max(begun)[1]
    sign = 1 if offset[0] == "+" else -1
    delta = datetime.timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])) * sign
    return start.replace(tzinfo=datetime.timezone(delta))


READERS = {
    "icalendar": (by_icalendar, "icalendar"),
    "icalendar-tzid": (by_icalendar_tzid, "icalendar"),
    "dateutil": (by_dateutil, "dateutil"),
    "eigen": (by_rule, None),
    "vobject": (by_vobject, "vobject"),
    "ics": (by_ics, "ics"),
}


def reader(name: str):
    read, package = READERS[name]
    if package is not None and importlib.util.find_spec(package) is None:
        pytest.skip(f"{package} ontbreekt in de venv: het staat in de extra 'test' van pyproject.toml")
    return read


def test_at_least_three_independent_readers_are_installed():
    # The readers that share no code: icalendar, dateutil's tzical and the rule reader above; vobject
    # and ics join them once installed.
    installed = [n for n, (_, p) in READERS.items() if p is None or importlib.util.find_spec(p) is not None]
    assert len({"icalendar", "dateutil", "eigen"} & set(installed)) == 3


@pytest.mark.parametrize("name", READERS)
@pytest.mark.parametrize("day", DATES, ids=str)
@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.stem)
def test_every_reader_puts_the_meeting_at_the_same_instant(path, day, name):
    read = reader(name)
    ics = calendar_file(path.read_text(encoding="utf-8"), day, "14:00", path.stem)
    expected = datetime.datetime.combine(day, datetime.time(14, 0), AMSTERDAM).astimezone(datetime.UTC)
    summer = expected.utcoffset() is not None and day.month == 6
    assert read(ics).astimezone(datetime.UTC) == expected, (name, day)
    assert expected.hour == (12 if summer else 13)


@settings(max_examples=quick_share(60), deadline=None)
@given(
    day=st.dates(datetime.date(1997, 1, 1), datetime.date(2199, 12, 31)),
    clock=st.times(datetime.time(6, 0), datetime.time(21, 59)).map(lambda t: f"{t.hour:02d}:{t.minute:02d}"),
)
def test_any_day_and_time_reads_alike_in_every_installed_reader(day, clock):
    ics = calendar_file(FORMATS[0].read_text(encoding="utf-8"), day, clock)
    hours, minutes = map(int, clock.split(":"))
    local = datetime.datetime.combine(day, datetime.time(hours, minutes))
    if local.replace(tzinfo=AMSTERDAM, fold=0).utcoffset() != local.replace(tzinfo=AMSTERDAM, fold=1).utcoffset():
        return  # the hour that is skipped or repeated when the clocks change: no meeting starts there twice
    expected = local.replace(tzinfo=AMSTERDAM).astimezone(datetime.UTC)
    for name, (read, package) in READERS.items():
        if package is None or importlib.util.find_spec(package) is not None:
            assert read(ics).astimezone(datetime.UTC) == expected, (name, day, clock)


def test_the_time_zone_is_written_with_yearly_rules_as_outlook_and_google_write_it():
    ics = calendar_file(FORMATS[0].read_text(encoding="utf-8"), datetime.date(2040, 6, 14))
    lines = unfolded(ics)
    assert "RDATE" not in ics and "1970" not in ics and "2038" not in ics
    assert "TZID:Europe/Amsterdam" in lines
    for _, kind, start, month, before, after in TRANSITIONS:
        block = lines[lines.index(f"BEGIN:{kind}") : lines.index(f"END:{kind}")]
        assert f"DTSTART:{start:%Y%m%dT%H%M%S}" in block
        assert f"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH={month}" in block
        hours = lambda delta: f"+{int(delta.total_seconds()) // 3600:02d}00"  # noqa: E731
        assert f"TZOFFSETFROM:{hours(before)}" in block and f"TZOFFSETTO:{hours(after)}" in block
    # The rule agrees with the zone database for every year the database is sure of.
    for year in range(1997, 2100):
        for month in (3, 10):
            last = datetime.date(year, month, 31)
            sunday = last - datetime.timedelta(days=(last.weekday() + 1) % 7)
            before = datetime.datetime.combine(sunday, datetime.time(0, 30), AMSTERDAM)
            after = datetime.datetime.combine(sunday, datetime.time(4, 30), AMSTERDAM)
            assert before.utcoffset() != after.utcoffset(), (year, month)


# --- the description --------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\[\s*invullen", re.IGNORECASE)


def description(ics: str) -> str:
    from icalendar import Calendar

    return str(Calendar.from_ical(ics).walk("VEVENT")[0]["description"])


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.stem)
def test_the_description_has_no_placeholder_and_says_in_one_sentence_what_is_to_come(path):
    text = description(calendar_file(path.read_text(encoding="utf-8"), DATES[0]))
    assert not PLACEHOLDER.search(text)
    still = [line for line in text.splitlines() if line.startswith("Nog niet bekend")]
    assert len(still) <= 1 and all(line.count(".") == 1 and line.endswith(".") for line in still)
    invitation = registry.get("uitnodiging")
    werkvorm = parse(path.read_text(encoding="utf-8"), path.name)
    letter_text = invitation.render(Context(werkvorm, plan(werkvorm, "14:00"), "x", DATES[0], ".", 0)).files["txt"]
    assert bool(still) == bool(PLACEHOLDER.search(letter_text))  # said exactly when something is open
    assert "Praktisch:\n\n" not in text and not text.endswith("\n\n\n")


MISSING_ALL = "WERKVORM Kringgesprek\nduur: 30 min\nvorm: online of offline\n\nSESSIE\nstap Praten.\n    duur: 30 min\n"


def test_the_sentence_names_what_the_placeholders_asked_for():
    text = description(calendar_file(MISSING_ALL, DATES[1]))
    (still,) = [line for line in text.splitlines() if line.startswith("Nog niet bekend")]
    assert still == (
        "Nog niet bekend: de plaats of link, of de bijeenkomst op locatie of online is en waar u zich aan- of afmeldt."
    )
    # the sender's own words are no fact a participant misses: the letter's subject and signature
    assert "één zin" not in text and "afzender" not in text
    assert text.index(still) < text.index("We zien u graag!")


def test_the_description_keeps_the_quotes_the_author_typed():
    source = (
        "WERKVORM Het \"goede\" gesprek van 't team\nduur: 30 min\nplaats: Zaal 'De Ruimte'\n"
        'doel: We zoeken samen naar "wat werkt" en naar \u2018wat niet\u2019.\n\nSESSIE\nstap Praten.\n    duur: 30 min\n'
    )
    text = description(calendar_file(source, DATES[1]))
    assert 'Het "goede" gesprek van \'t team' in text
    assert 'We zoeken samen naar "wat werkt" en naar \u2018wat niet\u2019.' in text
    # the template's own quotes match the author's straight ones: no curly quote the author did not type
    assert not set("\u201c\u201d\u2019") & set(text.replace("\u2018wat niet\u2019", ""))


@settings(max_examples=quick_share(40), deadline=None)
@given(werkvormen)
def test_a_generated_werkvorm_gives_a_description_without_placeholders(text):
    werkvorm = parse(text, "gegenereerd.werkvorm")
    context = Context(werkvorm, plan(werkvorm, "09:00"), "gegenereerd", datetime.date(2027, 6, 10), ".", 0)
    ics = registry.get("uitnodiging").render(context).files["ics"]
    said = description(ics)
    assert not PLACEHOLDER.search(said)
    assert by_rule(ics).astimezone(datetime.UTC) == datetime.datetime(2027, 6, 10, 7, 0, tzinfo=datetime.UTC)
