"""The documents as their readers meet them: the invitation an HR adviser sends, the hand-out's
programme for participants, and the one-page overzicht a facilitator keeps time by."""

import datetime
import json
import re
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from werkvorm_dsl import parse
from werkvorm_dsl.analysis.checks import check
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.language.values import MONTHS, ValueProblem, parse_date

FORMATS = sorted((ROOT / "formats").glob("*.werkvorm"))

PLANNED = """WERKVORM Gepland
duur: 30 min
doel: Leren van elkaars goede gesprekken.
datum: donderdag 3 december 2026
begintijd: 14:00
plaats: Stadhuis, zaal 2
afzender: Els de Vries, gemeentesecretaris
aanmelden: hr@gemeente.example
vorm: op locatie
begeleiding: door HR

VOORBEREIDING
stap Stuur de uitnodiging.
    voorbeeld: 'We praten over goede gesprekken.'
    teaser: "Wanneer had jij een goed gesprek?"

SESSIE
stap Open met de bedoeling.
    duur: 10 min
    voor deelnemers: We beginnen met de bedoeling van de middag.
stap Bespreek de casus.
    duur: 15 min
    voor deelnemers: Eén van jullie brengt een casus in.
    begeleider: Let op de tijd.
stap Bedank iedereen.
    duur: 5 min
    voor deelnemers: We sluiten samen af.
"""


def built(tmp_path, text: str, *options: str, name: str = "proef") -> dict[str, str]:
    source = tmp_path / f"{name}.werkvorm"
    source.write_text(text, encoding="utf-8")
    assert main(["build", "--to", str(tmp_path / "out"), "--formaten", "html,md", *options, str(source)]) == 0
    folder = tmp_path / "out" / name
    return {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir() if path.is_file()}


def codes(text: str) -> list[str]:
    return [d.code for d in check(parse(text, "proef.werkvorm"))]


# --- the invitation ----------------------------------------------------------------------------


def test_a_planned_session_with_every_fact_gives_an_invitation_with_nothing_to_fill_in(tmp_path):
    out = built(tmp_path, PLANNED)
    assert not [c for c in codes(PLANNED) if c.startswith(("W70", "I70"))]
    for name in ("uitnodiging.txt", "uitnodiging.md", "uitnodiging.html"):
        assert "invullen" not in out[name], name
    text = out["uitnodiging.txt"]
    assert "Wanneer: donderdag 3 december 2026, van 14:00 tot 14:30 uur" in text
    assert "Waar: Stadhuis, zaal 2" in text
    assert "Aanmelden of afmelden: hr@gemeente.example" in text
    assert text.rstrip().endswith("Met vriendelijke groet,\nEls de Vries, gemeentesecretaris")
    # example text is the invitation's own words now, without the quote marks around it
    assert "\nWe praten over goede gesprekken.\n" in text and "'We praten" not in text
    assert "- Wanneer had jij een goed gesprek?" in text
    html = out["uitnodiging.html"]
    assert 'href="mailto:hr@gemeente.example"' in html


def test_the_calendar_event_has_the_place_and_the_organizer_who_gets_the_replies(tmp_path):
    source = tmp_path / "gepland.werkvorm"
    source.write_text(PLANNED, encoding="utf-8")
    assert main(["build", "--to", str(tmp_path / "out"), "--formaten", "md", str(source)]) == 0
    from icalendar import Calendar

    event = Calendar.from_ical((tmp_path / "out/gepland/uitnodiging.ics").read_bytes()).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == "Stadhuis, zaal 2"
    assert str(event["ORGANIZER"]) == "mailto:hr@gemeente.example"
    assert event["ORGANIZER"].params["CN"] == "Els de Vries, gemeentesecretaris"
    assert event.decoded("DTSTART") == datetime.datetime(2026, 12, 3, 14, 0, tzinfo=event.decoded("DTSTART").tzinfo)


def test_a_format_to_reuse_gets_visible_placeholders_and_no_warning(tmp_path):
    text = "WERKVORM Herbruikbaar\nduur: 30 min\nvorm: online of offline\n\nSESSIE\nstap Open.\n    duur: 30 min\n"
    assert "W702" not in codes(text)
    out = built(tmp_path, text)
    invitation = out["uitnodiging.txt"]
    for missing in (
        "[invullen: datum]",
        "[invullen: begintijd]",
        "[invullen: plaats of link]",
        "[invullen: naam en functie van de afzender]",
        "[invullen: waar deelnemers zich aan- of afmelden]",
        "[invullen: kies: online of offline]",
        "[invullen: één zin over waar de bijeenkomst over gaat]",  # no 'doel:' or 'voorbeeld:' says it
    ):
        assert missing in invitation, missing
    assert "Vorm: online of offline" not in invitation  # an open choice is not passed on as decided
    html = out["uitnodiging.html"]
    assert html.count("<mark") == 7


def test_a_planned_session_is_warned_about_each_missing_fact_and_each_open_choice():
    text = (
        "WERKVORM Gepland\nduur: 30 min\ndatum: 3-12-2026\nvorm: online of offline\n"
        "begeleiding: HR en/of extern\n\nSESSIE\nstap Open.\n    duur: 30 min\n"
    )
    found = [d for d in check(parse(text, "p.werkvorm")) if d.code == "W702"]
    messages = " ".join(d.message for d in found)
    for missing in ("begintijd", "plaats of link", "afzender", "aan- of afmelden", "waar de bijeenkomst over gaat"):
        assert missing in messages, missing
    assert sum("laat nog een keuze open" in d.message for d in found) == 2
    assert len(found) == 7
    # each open choice's tip shows its own field decided, not 'vorm: online' under 'begeleiding:'
    tips = [d.hint for d in found if "laat nog een keuze open" in d.message]
    assert "'vorm: online'" in tips[0] and "'begeleiding: HR'" in tips[1], tips


def test_an_attachment_names_its_file_when_it_lies_beside_the_werkvorm(tmp_path):
    text = (
        "WERKVORM Bijlage\nduur: 10 min\n\nVOORBEREIDING\nstap Stuur mee.\n"
        "    bijlage: de gesprekskaart (gesprekskaart.pdf)\n\nSESSIE\nstap Open.\n    duur: 10 min\n"
    )
    (tmp_path / "gesprekskaart.pdf").write_bytes(b"%PDF-1.4\n")
    out = built(tmp_path, text)
    assert "(bestand: gesprekskaart.pdf)" in out["uitnodiging.txt"]
    (tmp_path / "gesprekskaart.pdf").unlink()
    out = built(tmp_path, text)
    assert "(bestand: [invullen: het bestand bij deze bijlage])" in out["uitnodiging.txt"]


def test_an_attachment_never_names_a_file_outside_the_werkvorms_folder(tmp_path):
    (tmp_path / "geheim.pdf").write_bytes(b"%PDF-1.4\n")
    inner = tmp_path / "map"
    inner.mkdir()
    text = (
        "WERKVORM Bijlage\nduur: 10 min\n\nVOORBEREIDING\nstap Stuur mee.\n    bijlage: ../geheim.pdf\n\n"
        "SESSIE\nstap Open.\n    duur: 10 min\n"
    )
    out = built(inner, text)
    assert "bestand: geheim.pdf" not in out["uitnodiging.txt"]
    assert "[invullen: het bestand bij deze bijlage]" in out["uitnodiging.txt"]


def test_an_author_placeholder_is_w701_at_its_column():
    text = "WERKVORM P\nduur: 10 min\n\nSESSIE\nstap Lees voor: [invullen: naam].\n    duur: 10 min\n"
    (found,) = [d for d in check(parse(text, "p.werkvorm")) if d.code == "W701"]
    line = text.split("\n")[found.span.line - 1]
    assert line[found.span.column - 1 :].startswith("[invullen: naam]")


def test_the_datum_option_overrides_the_date_in_the_file_everywhere(tmp_path):
    out = built(tmp_path, PLANNED, "--datum", "2027-01-14")
    for name, text in out.items():
        assert "3 december" not in text and "20261203" not in text, name
    assert "donderdag 14 januari 2027" in out["uitnodiging.txt"]
    assert "donderdag 14 januari 2027" in out["deelnemers.md"] and "donderdag 14 januari 2027" in out["draaiboek.md"]


def test_hostile_text_in_the_invitation_stays_text_and_a_mark_never_crosses_a_tag(tmp_path):
    text = (
        "WERKVORM <script>x</script>\nduur: 10 min\nplaats: *[invullen: <b>zaal</b>*]\n"
        "afzender: [klik](javascript:alert(1))\naanmelden: javascript:alert(2)\n\nSESSIE\nstap Open.\n"
        "    duur: 10 min\n"
    )
    html = built(tmp_path, text)["uitnodiging.html"]
    body = html.split("</head>", 1)[1].lower()
    assert "<script" not in body and "<b>" not in body and 'href="javascript' not in body
    for mark in re.findall(r"<mark[^>]*>(.*?)</mark>", html):
        assert "<" not in mark  # a highlight around plain text only


@given(st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9998, 12, 31)))
def test_every_written_form_of_a_date_reads_back_as_that_date(day):
    written = [
        day.isoformat() if day.year >= 1000 else None,
        f"{day.day}-{day.month}-{day.year:04d}",
        f"{day.day} {MONTHS[day.month - 1]} {day.year:04d}",
        f"{day.day} {MONTHS[day.month - 1][:3]}. {day.year:04d}",
    ]
    for form in filter(None, written):
        assert parse_date(form) == day, form


@pytest.mark.parametrize(
    "text",
    ["30 februari 2026", "2026-13-01", "morgen", "3 decembre 2026", "99999-01-01", "1 januari 9999", "", "3 december"],
)
def test_a_date_that_is_no_date_is_e220_with_forms_to_copy(text):
    with pytest.raises(ValueProblem):
        parse_date(text)
    source = f"WERKVORM D\nduur: 10 min\ndatum: {text}\n\nSESSIE\nstap Open.\n    duur: 10 min\n"
    if text:
        assert "E220" in codes(source)


# --- the hand-out's programme ------------------------------------------------------------------


def test_the_handout_shows_participants_text_and_never_the_facilitators_instruction(tmp_path):
    out = built(tmp_path, PLANNED)
    for name in ("deelnemers.md", "deelnemers.html"):
        handout = out[name]
        assert "We beginnen met de bedoeling van de middag." in handout
        for instruction in ("Open met de bedoeling.", "Bespreek de casus.", "Bedank iedereen.", "Let op de tijd."):
            assert instruction not in handout, (name, instruction)
    assert "Open met de bedoeling." in out["draaiboek.md"] and "We beginnen met de bedoeling" in out["draaiboek.md"]


def test_without_participants_text_a_step_shows_its_title_and_the_check_names_it(tmp_path):
    """Issue 22: a bare 'Stap 1' told participants nothing; the title is shown, and I703 says so."""
    text = "WERKVORM N\nduur: 10 min\n\nSESSIE\nstap De klant vertelt de vraag\n    duur: 10 min\n"
    (alone,) = [d for d in check(parse(text, "n.werkvorm")) if d.code == "I703"]
    assert alone.span.line == 5 and "‘De klant vertelt de vraag’" in alone.message and not alone.is_error
    out = built(tmp_path, text)
    assert "De klant vertelt de vraag" in out["deelnemers.md"] and "*Stap 1*" not in out["deelnemers.md"]
    partial = text + "stap Sluit af.\n    voor deelnemers: We sluiten af.\n"
    (remark,) = [d for d in check(parse(partial, "p.werkvorm")) if d.code == "I703"]
    assert remark.span.line == 5 and "geen tekst voor deelnemers" in remark.message
    told = text + "    voor deelnemers: De klant vertelt.\n"
    assert "I703" not in codes(told)


def test_not_for_participants_stays_the_facilitators_however_near_the_new_field_it_is(tmp_path):
    text = (
        "WERKVORM N\nduur: 10 min\n\nSESSIE\nstap Open.\n    duur: 10 min\n    voor deelnemers: Welkom.\n"
        "    Niet voor deelnemers: geheim een.\n    Niet voor de deelnemers: geheim twee.\n"
        "    Alleen voor de begeleider: geheim drie.\n"
    )
    out = built(tmp_path, text)
    for name in ("deelnemers.md", "deelnemers.html", "kaarten.md", "kaarten.html", "uitnodiging.txt"):
        assert "geheim" not in out[name], name
    assert "Welkom." in out["deelnemers.md"]


def test_without_a_start_time_the_handout_shows_durations_and_no_clock(tmp_path):
    out = built(tmp_path, PLANNED.replace("begintijd: 14:00\n", ""))
    table = out["deelnemers.md"].split("## Programma", 1)[1]
    assert "| Min. | Wat |" in table and "Tijd" not in table and "0:00" not in table


# --- the overzicht -----------------------------------------------------------------------------


def minutes_of(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.stem)
def test_the_overzicht_is_one_page_whose_clock_adds_up(built_formats, path):
    folder = built_formats / path.stem
    pdf = folder / "overzicht.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), "het overzicht past op één pagina"
    # -raw: the words in the order they were written, so a hidden table caption cannot land between them
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    rows = re.findall(r"^(\d\d:\d\d)–(\d\d:\d\d) (?:ca\. )?(\d+) ", text, re.M)
    assert rows
    agenda = json.loads((folder / "tijdschema.json").read_text(encoding="utf-8"))["agenda"]
    assert rows[0][0] == agenda[0]["begin"] == "14:00"
    for (start, end, minutes), following in zip(rows, rows[1:] + [None]):
        assert minutes_of(end) - minutes_of(start) == int(minutes), (start, end, minutes)
        if following is not None:
            assert following[0] == end  # no gap, no overlap
    assert rows[-1][1] == max(row["eind"] for row in agenda)


def test_the_overzicht_names_extra_rounds_and_the_latest_start_of_the_closing(tmp_path):
    text = (
        "WERKVORM O\nduur: 30 min\n\nSESSIE\nstap Open.\n    duur: 5 min\nRONDE 2 tot 3 keer: met een casus\n"
        "stap Vertel.\n    duur: 5 min\nEINDE RONDE\nstap Sluit af.\n    duur: 5 min\n"
    )
    out = built(tmp_path, text, "--start", "14:00", "--only", "overzicht")
    sheet = out["overzicht.md"]
    assert "| 14:05–14:15 | 10 | 2\\. Ronde, 2 keer: met een casus; rondes om 14:05 en 14:10 |" in sheet
    assert "| 14:15–14:20 | 5 | Ronde 3: alleen als er tijd is |" in sheet
    assert "Begin uiterlijk om 14:25 aan de afsluiting** (stap 3), dan eindigt de sessie om 14:30." in sheet
    relative = built(tmp_path, text, "--only", "overzicht", name="zonder")["overzicht.md"]
    assert "Begin uiterlijk 25 min na het begin" in relative and "om 0:25" not in relative


# The participant documents as the shared builds have them, in the text formats: in ordinary print
# the hand-out, the cards and the invitation; in large print the hand-out and the cards.
TEXT_FORMATS = (".html", ".md", ".txt", ".ics", ".json")


def participant_files(folder, documents):
    return [p for p in folder.iterdir() if p.is_file() and p.stem in documents and p.suffix in TEXT_FORMATS]


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.stem)
def test_no_participant_document_cuts_text_short(built_formats, built_formats_large, path):
    # Found in issue 11: the hand-out cut the key instruction off mid-sentence ('… over wat...').
    source = path.read_text(encoding="utf-8")
    written = source.count("…") + source.count("...")
    outputs = participant_files(built_formats / path.stem, ("deelnemers", "kaarten", "uitnodiging"))
    outputs += participant_files(built_formats_large / path.stem, ("deelnemers", "kaarten"))
    assert len(outputs) >= 10
    for output in outputs:
        text = output.read_text(encoding="utf-8")
        assert text.count("…") + text.count("...") <= written * 4, output.name  # a list may be printed a few times


def test_a_link_without_an_address_says_so_instead_of_dropping_it_silently(tmp_path):
    # Found in issue 11: 'Deze vind je hier.' with the link silently gone, and '(het adres volgt nog)' as if final.
    text = (
        "WERKVORM L\nduur: 10 min\nlink: Meer informatie\n\nSESSIE\nstap Open.\n    duur: 10 min\n"
        "    Deze vind je [hier](#) en [daar]().\n    Niet [dit](javascript:alert(1)).\n"
    )
    out = built(tmp_path, text)
    for name in ("draaiboek.md", "draaiboek.html"):
        page = out[name].replace("\\[", "[").replace("\\]", "]")
        assert "hier [invullen: adres van de link]" in page and "daar [invullen: adres van de link]" in page, name
        assert "dit [invullen" not in page  # a refused address is no missing one: check said W302
    for name in ("kaarten.md", "kaarten.html"):  # issue 22: a card on the table never shows a placeholder
        assert "invullen" not in out[name] and "Open." in out[name], name
    assert "Meer informatie [invullen: adres van de link]" in out["draaiboek.md"]


def test_a_reply_address_written_as_mailto_is_one_link_and_the_organizer(tmp_path):
    text = PLANNED.replace("aanmelden: hr@gemeente.example", "aanmelden: mailto:hr@gemeente.example")
    out = built(tmp_path, text)
    assert 'href="mailto:hr@gemeente.example"' in out["uitnodiging.html"]
    assert "mailto:mailto:" not in out["uitnodiging.html"] and "mailto:mailto:" not in out["uitnodiging.ics"]


def test_a_schedule_without_any_role_prints_no_empty_who_column(tmp_path):
    # Found in issue 11: an empty 'Wie' column, printed all the same.
    text = "WERKVORM W\nduur: 10 min\n\nSESSIE\nstap Open.\n    duur: 10 min\n    voor deelnemers: Welkom.\n"
    out = built(tmp_path, text, "--start", "14:00")
    for name in ("draaiboek.md", "draaiboek.html", "deelnemers.md", "deelnemers.html"):
        assert "Wie" not in out[name], name
    with_role = built(tmp_path, text + "    wie: begeleider\n", "--start", "14:00", name="rol")
    assert "| Wie |" in with_role["deelnemers.md"] and ">Wie</th>" in with_role["draaiboek.html"]


def test_the_invitation_ends_when_the_werkvorm_is_booked_to_end_as_the_overzicht_says(tmp_path):
    # Found in review: 'tot 15:27' beside 'Duur: anderhalf uur', while the overzicht ended at 15:30.
    text = (
        "WERKVORM E\nduur: 30 min\ndatum: 3 december 2026\n\nSESSIE\nstap Open.\n    duur: 20 min\n"
        "stap Sluit af.\n    duur: 7 min\n"
    )
    out = built(tmp_path, text, "--start", "14:00")
    assert "van 14:00 tot 14:30 uur" in out["uitnodiging.txt"]
    assert "DTEND;TZID=Europe/Amsterdam:20261203T143000" in out["uitnodiging.ics"]
    assert "dan eindigt de sessie om 14:30" in out["overzicht.md"]
    ranged = built(tmp_path, text.replace("duur: 30 min", "duur: 25 tot 30 min"), "--start", "14:00", name="reeks")
    assert "tot uiterlijk 14:30 uur" in ranged["uitnodiging.txt"]


def test_the_handout_leaves_out_choices_the_organiser_has_not_made(tmp_path):
    text = PLANNED.replace("vorm: op locatie", "vorm: online of offline")
    out = built(tmp_path, text)
    assert "online of offline" not in out["deelnemers.md"] and "online of offline" in out["draaiboek.md"]
    assert "Begeleiding:** door HR" in out["deelnemers.md"]


def test_participants_text_beside_facilitator_labels_keeps_each_where_it_belongs(tmp_path):
    # Attack: the new field right under facilitator text, a label right under the new field, a
    # zero-width space inside its keyword and a line separator inside its text.
    text = (
        "WERKVORM A\nduur: 30 min\n\nSESSIE\nstap Open.\n    duur: 10 min\n    voor deelnemers: Welkom een\n"
        "    Niet voorlezen: geheim een.\nstap Twee.\n    begeleider: Geheim twee.\n"
        "    voor deelnemers: Welkom twee.\nstap Drie.\n    voor deel\u200bnemers: Welkom drie\u2028en meer.\n"
    )
    out = built(tmp_path, text)
    for name in ("deelnemers.md", "deelnemers.html", "kaarten.md", "kaarten.html", "uitnodiging.txt"):
        assert "geheim" not in out[name].lower(), name
    assert all(f"Welkom {n}" in out["deelnemers.md"] for n in ("een", "twee", "drie"))
    assert "en meer" in out["deelnemers.md"]
