"""The .ics an HR adviser sends: Dutch local time with its time zone, the end the invitation
names, one UID per werkvorm whatever the date, and a file that two parsers read alike."""

import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from conftest import ROOT
from werkvorm_dsl import parse
from werkvorm_dsl.analysis.schedule import plan
from werkvorm_dsl.app.build_command import Context
from werkvorm_dsl.output.documents.uitnodiging import calendar_event

SEED = ROOT / "formats" / "iedereen-aan-de-beurt.werkvorm"


def event_for(start: str, day: datetime.date, epoch: int = 1767225600) -> str:
    werkvorm = parse(SEED.read_text(encoding="utf-8"), SEED.name)
    context = Context(werkvorm, plan(werkvorm, start), "iedereen-aan-de-beurt", day, ".", epoch)
    return calendar_event(context, "Onderwerp: Uitnodiging\n\nBeste collega,\nTot dan.")


def unfolded_properties(ics: str) -> dict[str, str]:
    """A second, independent reading of RFC 5545: unfold the lines, then name;params:value,
    keeping the VEVENT's own properties."""
    lines = ics.replace("\r\n", "\n").replace("\n ", "").splitlines()
    inside, found = False, {}
    for line in lines:
        if line == "BEGIN:VEVENT":
            inside = True
        elif line == "END:VEVENT":
            inside = False
        elif inside:
            name, _, value = line.partition(":")
            found[name] = value
    return found


def test_the_event_is_in_dutch_local_time_and_ends_when_the_invitation_says():
    ics = event_for("09:30", datetime.date(2026, 12, 3))
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == datetime.datetime(2026, 12, 3, 9, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert start.utcoffset() == datetime.timedelta(hours=1)  # winter time, not floating
    werkvorm = parse(SEED.read_text(encoding="utf-8"), SEED.name)
    agenda = plan(werkvorm, "09:30")
    # the text's 'tot …': the 90 min the werkvorm books ('duur: anderhalf uur'), though its steps take 87
    assert end.strftime("%H:%M") == agenda.clock(agenda.booked_end) == "11:00"
    assert "BEGIN:VTIMEZONE" in ics and "TZID:Europe/Amsterdam" in ics


def test_two_parsers_read_the_same_event():
    ics = event_for("14:00", datetime.date(2027, 6, 10))
    ours = unfolded_properties(ics)
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert ours["DTSTART;TZID=Europe/Amsterdam"] == event.decoded("dtstart").strftime("%Y%m%dT%H%M%S")
    assert ours["DTEND;TZID=Europe/Amsterdam"] == event.decoded("dtend").strftime("%Y%m%dT%H%M%S")
    assert ours["UID"] == str(event["uid"]) and ours["SEQUENCE"] == str(event.decoded("sequence"))
    assert ours["DTSTAMP"] == "20260101T000000Z"  # SOURCE_DATE_EPOCH, not 1970
    assert event.decoded("dtstart").utcoffset() == datetime.timedelta(hours=2)  # summer time


def test_moving_the_session_keeps_its_uid_and_raises_its_sequence():
    first = Calendar.from_ical(event_for("09:30", datetime.date(2026, 12, 3), 1767225600)).walk("VEVENT")[0]
    moved = Calendar.from_ical(event_for("14:00", datetime.date(2026, 12, 10), 1767229200)).walk("VEVENT")[0]
    assert first["uid"] == moved["uid"]
    assert moved.decoded("sequence") > first.decoded("sequence")


def test_the_description_does_not_repeat_the_subject_line():
    event = Calendar.from_ical(event_for("09:30", datetime.date(2026, 12, 3))).walk("VEVENT")[0]
    assert str(event["description"]).startswith("Beste collega")
