"""The writing place in `werkvorm serve` (issue 21), through its endpoints: this occasion's facts,
downloads by purpose and in one zip equal to `werkvorm build`, messages as cards in words, the
list of werkvormen current after every save, and the word list."""

import io
import json
import os
import re
import zipfile

import pytest
from test_editor_api import client_for, files_in, page_config, save

from conftest import ROOT
from samples import GOOD
from serving import headers
from werkvorm_dsl.app.cli import main

EPOCH = "1767225600"
TWO_ERRORS = GOOD.replace("duur: anderhalf uur", "duur: een middagje").replace("duur: 3 min", "duur: een tel")
WARNING = GOOD.replace("stap Afsluiting\n", "stap Afsluiting\n    link: [meer](#)\n")  # W301


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    served = tmp_path / "werkvormen"
    served.mkdir()
    (served / "sessie.werkvorm").write_text(GOOD, encoding="utf-8")
    return served


@pytest.fixture
def client(folder):
    with client_for(folder) as opened:
        yield opened


def post(client, address: str, body: dict, config: dict | None = None, **extra):
    config = config or page_config(client)
    return client.post(address, headers=headers(config, **extra), content=json.dumps(body))


def occasion(client, text: str, **fields) -> str:
    answer = post(client, "/api/gelegenheid/sessie", {"tekst": text, **fields})
    assert answer.status_code == 200, answer.text
    return answer.json()["tekst"]


def checked(client, text: str) -> dict:
    answer = post(client, "/api/controleer/sessie", {"tekst": text})
    assert answer.status_code == 200, answer.text
    return answer.json()


# --- this occasion: date, start time and participants, as facts in the file --------------------


@pytest.mark.pdf  # the downloads include the PDFs
def test_the_occasion_s_facts_go_into_the_header_and_the_invitation_gets_its_ics(client, folder):
    text = occasion(client, GOOD, datum="2026-12-10", begintijd="09:30", deelnemers="5")
    assert "datum: 10 december 2026\n" in text and "begintijd: 09:30\n" in text and "deelnemers: 5\n" in text
    assert "begintijd: 14:00" not in text and "deelnemers: 4 tot 6" not in text
    assert (
        text.replace("datum: 10 december 2026\n", "")
        .replace("09:30", "14:00")
        .replace("deelnemers: 5", "deelnemers: 4 tot 6")
        == GOOD
    )  # nothing else changed
    assert files_in(folder) == ["sessie.werkvorm"] and (folder / "sessie.werkvorm").read_text(encoding="utf-8") == GOOD
    answer = checked(client, text)
    assert answer["fouten"] == 0 and answer["gelegenheid"] == {
        "datum": "2026-12-10",
        "begintijd": "09:30",
        "deelnemers": "5",
    }
    config = page_config(client)
    assert save(client, config, text).status_code == 200
    listing = client.get("/werkvorm/sessie/downloads").json()
    sending = next(group for group in listing["groepen"] if group["sleutel"] == "versturen")
    assert {f["naam"] for f in sending["bestanden"]} >= {"uitnodiging.txt", "uitnodiging.ics"}
    invitation = client.get("/werkvorm/sessie/download/uitnodiging.txt").text
    assert "10 december 2026" in invitation and "09:30" in invitation
    assert "[invullen: datum]" not in invitation and "[invullen: begintijd]" not in invitation
    assert (
        "DTSTART;TZID=Europe/Amsterdam:20261210T093000" in client.get("/werkvorm/sessie/download/uitnodiging.ics").text
    )


def _facts_of_the_occasion():
    """Every spelling of the three keywords, from the keyword table itself."""
    from werkvorm_dsl.language.keywords import KEYWORDS

    wanted = {"DATE": "2026-12-10", "START_TIME": "09:30", "PARTICIPANTS": "7"}
    for keyword in KEYWORDS:
        if keyword.terminal in wanted:
            for spelling in (word for words in keyword.words.values() for word in words):
                yield keyword.terminal, spelling, wanted[keyword.terminal]


@pytest.mark.parametrize(("terminal", "spelling", "value"), list(_facts_of_the_occasion()))
def test_a_fact_already_there_keeps_its_label_and_place_whatever_its_spelling(terminal, spelling, value):
    from werkvorm_dsl.app.occasion import occasion_from, with_occasion
    from werkvorm_dsl.language.parser import parse

    old = {"DATE": "3 december 2026", "START_TIME": "14:00", "PARTICIPANTS": "4 tot 6"}[terminal]
    field = {"DATE": "datum", "START_TIME": "begintijd", "PARTICIPANTS": "deelnemers"}[terminal]
    text = f"WERKVORM Proef\nduur: 1 uur\n{spelling.capitalize()}: {old}\ndoel: Leren.\n\nSESSIE\nstap Welkom\n"
    changed = with_occasion(text, "proef.werkvorm", occasion_from({field: value}))
    lines = changed.split("\n")
    assert lines[2].startswith(f"{spelling.capitalize()}: ") and old not in changed
    assert len(lines) == len(text.split("\n"))  # replaced in place, nothing added
    werkvorm = parse(changed, "proef.werkvorm")
    read_back = {
        "datum": werkvorm.date.isoformat() if werkvorm.date else None,
        "begintijd": werkvorm.start_time,
        "deelnemers": str(werkvorm.participants.low) if werkvorm.participants else None,
    }
    assert read_back[field] == value and not werkvorm.parse_problems


def test_missing_facts_come_under_the_header_s_last_fact_in_dutch():
    from werkvorm_dsl.app.occasion import Occasion, with_occasion
    from werkvorm_dsl.language.parser import parse

    text = "WERKVORM Proef\nduur: 1 uur\n\n# commentaar\nSESSIE\nstap Welkom\n"
    changed = with_occasion(text, "proef.werkvorm", Occasion(begintijd="10:00", deelnemers=3))
    assert (
        changed == "WERKVORM Proef\nduur: 1 uur\nbegintijd: 10:00\ndeelnemers: 3\n\n# commentaar\nSESSIE\nstap Welkom\n"
    )
    bare = with_occasion("WERKVORM Kaal\n\nSESSIE\n", "kaal.werkvorm", Occasion(begintijd="10:00"))
    assert bare == "WERKVORM Kaal\nbegintijd: 10:00\n\nSESSIE\n" and parse(bare, "k").start_time == "10:00"
    assert with_occasion(text, "proef.werkvorm", Occasion()) == text  # empty fields: left as it is


@pytest.mark.parametrize("month", range(1, 13))
def test_the_written_date_reads_back_as_the_same_day(month):
    from datetime import date

    from werkvorm_dsl.app.occasion import written_date
    from werkvorm_dsl.language.values import parse_date

    for day in (date(2026, month, 1), date(2027, month, 28), date(9998, month, 9)):
        assert parse_date(written_date(day)) == day


@pytest.mark.parametrize(
    "fields",
    [
        {"datum": "10-12-2026"},
        {"datum": "2026-13-01"},
        {"datum": "9999-06-01"},
        {"begintijd": "25:00"},
        {"begintijd": "half drie"},
        {"deelnemers": "0"},
        {"deelnemers": "vijf"},
        {"deelnemers": "1001"},
        {"deelnemers": "-3"},
        {"deelnemers": 5},
    ],
)
def test_an_odd_occasion_is_refused_in_dutch_and_changes_nothing(client, folder, fields):
    answer = post(client, "/api/gelegenheid/sessie", {"tekst": GOOD, **fields})
    assert answer.status_code == 400 and answer.json()["code"] in ("E548", "E545")
    assert answer.json()["zin"] and "Traceback" not in answer.text
    assert (folder / "sessie.werkvorm").read_text(encoding="utf-8") == GOOD


def test_the_occasion_needs_the_page_s_token(client):
    config = {**page_config(client), "token": "geraden"}
    answer = post(client, "/api/gelegenheid/sessie", {"tekst": GOOD, "datum": "2026-12-10"}, config)
    assert answer.status_code == 403 and answer.json()["code"] == "E540"


# --- downloads by purpose, and all of them in one zip --------------------------------------------


def built_by_the_cli(path, target) -> dict[str, bytes]:
    """What `werkvorm build` writes for one werkvorm, by its place in the output folder (fonts/
    included), without the manifest the build keeps for itself."""
    from werkvorm_dsl.app.build_command import MANIFEST

    assert main(["build", "--to", str(target), str(path)]) == 0
    written = target / "sessie"
    return {
        str(p.relative_to(written)): p.read_bytes()
        for p in sorted(written.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


@pytest.mark.pdf  # the downloads include the PDFs
def test_the_zip_holds_exactly_what_werkvorm_build_writes_byte_for_byte(client, folder, tmp_path):
    config = page_config(client)
    text = occasion(client, GOOD, datum="2026-12-10", begintijd="09:30")
    assert save(client, config, text).status_code == 200
    answer = client.get("/werkvorm/sessie/alles.zip")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    assert 'filename="sessie-alles.zip"' in answer.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    names = archive.namelist()
    assert names == sorted(names) and all(name.startswith("sessie/") for name in names)
    zipped = {name.removeprefix("sessie/"): archive.read(name) for name in names}
    by_cli = built_by_the_cli(folder / "sessie.werkvorm", tmp_path / "uit")
    assert {"uitnodiging.ics", "draaiboek.docx", "deelnemers.odt", "kaarten-a6.pdf", "fonts/Lato-Regular.ttf"} <= set(
        by_cli
    )
    assert sorted(zipped) == sorted(by_cli)
    assert [name for name in sorted(by_cli) if zipped[name] != by_cli[name]] == []
    assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}  # SOURCE_DATE_EPOCH
    assert client.get("/werkvorm/sessie/alles.zip").content == answer.content  # reproducible
    assert files_in(folder) == ["sessie.werkvorm"]


@pytest.mark.pdf  # the downloads include the PDFs
def test_the_comparison_with_the_cli_sees_a_difference(client, folder, tmp_path):
    # The test above could pass by comparing a build with itself: a zip of the version before the
    # occasion was saved differs from the CLI's build of the version after.
    before = zipfile.ZipFile(io.BytesIO(client.get("/werkvorm/sessie/alles.zip").content))
    config = page_config(client)
    assert save(client, config, occasion(client, GOOD, datum="2026-12-10")).status_code == 200
    by_cli = built_by_the_cli(folder / "sessie.werkvorm", tmp_path / "uit")
    assert "uitnodiging.ics" in by_cli and "sessie/uitnodiging.ics" not in before.namelist()
    assert before.read("sessie/uitnodiging.txt") != by_cli["uitnodiging.txt"]


@pytest.mark.pdf  # the downloads include the PDFs
def test_every_download_is_in_exactly_one_group_and_named_for_a_person(client):
    listing = client.get("/werkvorm/sessie/downloads").json()
    flat = [f["naam"] for f in listing["bestanden"]]
    grouped = [f["naam"] for group in listing["groepen"] for f in group["bestanden"]]
    assert sorted(grouped) == sorted(flat) and len(grouped) == len(set(grouped))
    assert [g["kop"] for g in listing["groepen"]] == [
        "Versturen",
        "Printen",
        "Aanpassen in Word of LibreOffice",
        "Overig",
    ]
    purposes = {f["naam"]: group["sleutel"] for group in listing["groepen"] for f in group["bestanden"]}
    for name, purpose in purposes.items():
        suffix = name.rpartition(".")[2]
        expected = {"pdf": "printen", "docx": "aanpassen", "odt": "aanpassen"}.get(suffix, "overig")
        if name in ("uitnodiging.txt", "uitnodiging.ics", "uitnodiging.html"):
            expected = "versturen"
        assert purpose == expected, name
    labels = [f["label"] for group in listing["groepen"] for f in group["bestanden"]]
    assert len(labels) == len(set(labels)) and not [
        label for label in labels if re.search(r"\.(pdf|docx|odt|md)\b", label)
    ]
    assert listing["alles"] == {"naam": "sessie-alles.zip", "adres": "/werkvorm/sessie/alles.zip"}


def test_the_zip_is_refused_with_errors_and_needs_a_page_of_ours(client, folder):
    assert client.get("/werkvorm/sessie/alles.zip", headers={"Origin": "http://evil.example"}).status_code == 403
    (folder / "sessie.werkvorm").write_text(TWO_ERRORS, encoding="utf-8")
    refused = client.get("/werkvorm/sessie/alles.zip")
    assert refused.status_code == 409 and refused.json()["code"] == "E547"
    assert client.get("/werkvorm/elders/alles.zip").status_code == 404


# --- messages for a person -----------------------------------------------------------------------


def test_messages_are_cards_without_paths_or_carets(client, folder):
    answer = checked(client, TWO_ERRORS)
    cards = answer["meldingen"]
    assert [c["code"] for c in cards] == ["E201", "E201"] and [c["regel"] for c in cards] == [3, 23]
    for card in cards:
        assert card["titel"] == "duur niet te lezen" and card["tip"] and card["ernst"] == "fout"
        assert str(folder) not in json.dumps(card) and "^" not in json.dumps(card)
    assert answer["stand"] == {"stand": "fout", "badge": "2 fouten", "uitleg": "duur niet te lezen"}
    assert answer["samenvatting"].startswith("2 fouten: duur niet te lezen.")
    (folder / "sessie.werkvorm").write_text(TWO_ERRORS, encoding="utf-8")
    page = client.get("/werkvorm/sessie").text
    assert str(folder) not in page and "~~" not in page and "fout[" not in page
    assert 'data-regel="3"' in page and ">regel 3</a>" in page and ">regel 23</a>" in page
    assert "Bestand: sessie.werkvorm" in page and "Fouten (2)" in page


def test_the_terminal_output_of_check_is_as_before(folder, capsys):
    (folder / "sessie.werkvorm").write_text(TWO_ERRORS, encoding="utf-8")
    path = str(folder / "sessie.werkvorm")
    assert main(["check", path]) == 1
    said = capsys.readouterr().out
    assert f"{path}:3:7: fout[E201]: " in said and "    3 | duur: een middagje" in said
    assert re.search(r"^ +\^~+$", said, re.M) and said.rstrip().endswith(
        "1 bestand gecontroleerd: 2 fouten, 0 waarschuwingen."
    )


def test_the_badge_is_current_right_after_a_save_with_two_errors(client, folder):
    config = page_config(client)
    before = client.get("/api/werkvormen").json()["werkvormen"]
    assert [(w["slug"], w["badge"]) for w in before] == [("sessie", "in orde")]
    assert save(client, config, TWO_ERRORS).status_code == 200
    after = client.get("/api/werkvormen").json()["werkvormen"][0]
    assert (after["stand"], after["badge"], after["uitleg"]) == ("fout", "2 fouten", "duur niet te lezen")
    assert "2 fouten" in client.get("/").text
    saved = save(client, {**config, "versie": client.get("/api/tekst/sessie").json()["versie"]}, WARNING)
    assert saved.status_code == 200
    after = client.get("/api/werkvormen").json()["werkvormen"][0]
    assert (after["stand"], after["badge"], after["uitleg"]) == ("let-op", "1 waarschuwing", "link zonder adres")


def test_the_concept_mark_says_what_is_open_in_words_not_a_terminal_command(client, folder):
    (folder / "sessie.werkvorm").write_text(WARNING, encoding="utf-8")
    for name in ("draaiboek", "deelnemers"):
        page = client.get(f"/werkvorm/sessie/{name}.html").text
        mark = re.search(r'<p class="concept-mark">(.*?)</p>', page).group(1)
        assert (
            mark
            == "CONCEPT: deze werkvorm heeft nog 1 waarschuwing (link zonder adres), dus dit stuk is nog niet definitief."
        )
    assert "werkvorm check" not in client.get("/werkvorm/sessie/draaiboek.html").text


def test_the_list_names_the_file_where_titles_repeat(client, folder):
    for copy in ("kopie-1", "kopie-2"):
        (folder / f"{copy}.werkvorm").write_text(GOOD, encoding="utf-8")
    (folder / "anders.werkvorm").write_text(GOOD.replace("Iedereen komt aan de beurt", "Iets anders"), encoding="utf-8")
    listed = {w["slug"]: w for w in client.get("/api/werkvormen").json()["werkvormen"]}
    assert {slug for slug, w in listed.items() if w["zelfdeTitel"]} == {"sessie", "kopie-1", "kopie-2"}
    assert listed["kopie-1"]["bestand"] == "kopie-1.werkvorm" and not listed["anders"]["zelfdeTitel"]
    page = client.get("/").text
    for name in ("sessie.werkvorm", "kopie-1.werkvorm", "kopie-2.werkvorm"):
        assert f'<span class="bestand">{name}</span>' in page
    assert '<span class="bestand">anders.werkvorm</span>' not in page
    assert 'id="zoeken"' in page


def test_the_list_of_werkvormen_is_for_our_own_pages_only(client):
    assert client.get("/api/werkvormen", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403


# --- the word list ----------------------------------------------------------------------------


SPELT_WRONG = GOOD.replace("We sluiten de sessie af.", "We sluiten de sessie af bij Zwanenburgh.")


def add(client, word: str, config: dict | None = None):
    return post(client, "/api/woordenlijst/sessie", {"woord": word}, config)


def test_a_word_goes_into_the_list_once_and_the_next_check_accepts_it(client, folder):
    from werkvorm_dsl.taal.check import WORD_LIST_NAME

    first = add(client, "Zwanenburgh")
    assert first.status_code == 200 and first.json() == {"toegevoegd": True, "woord": "Zwanenburgh"}
    listed = folder / WORD_LIST_NAME
    text = listed.read_text(encoding="utf-8")
    assert text.startswith("# ") and text.endswith("\nZwanenburgh\n")
    again = add(client, "Zwanenburgh")
    assert again.status_code == 200 and again.json()["toegevoegd"] is False
    assert listed.read_text(encoding="utf-8") == text  # no duplicate
    assert add(client, "casusoverleg").json()["toegevoegd"] is True
    assert add(client, "Casusoverleg").json()["toegevoegd"] is False  # a word in lower case counts in any case
    assert listed.read_text(encoding="utf-8").count("\n") == text.count("\n") + 1
    assert files_in(folder) == ["sessie.werkvorm", WORD_LIST_NAME]  # no temporary file left


def test_a_spelling_card_names_its_word_and_it_goes_once_it_is_listed(folder):
    from serving import serve_client, until

    client = serve_client(folder)
    found = until(lambda: (answer := checked(client, SPELT_WRONG))["taal"]["bezig"] == 0 and answer)
    typo = next(m for m in found["taal"]["meldingen"] if m["code"] == "T101")
    assert typo["woord"] == "Zwanenburgh" and typo["regel"] == 38
    assert add(client, typo["woord"]).status_code == 200
    after = checked(client, SPELT_WRONG)["taal"]["meldingen"]
    assert "Zwanenburgh" not in [m.get("woord") for m in after]


def test_a_list_with_windows_line_ends_and_no_last_line_end_keeps_its_form(client, folder):
    from werkvorm_dsl.taal.check import WORD_LIST_NAME

    listed = folder / WORD_LIST_NAME
    listed.write_bytes(b"\xef\xbb\xbf# eigen woorden\r\nBalint")
    os.chmod(listed, 0o640)
    assert add(client, "Zwanenburgh").json()["toegevoegd"] is True
    assert listed.read_bytes() == b"\xef\xbb\xbf# eigen woorden\r\nBalint\r\nZwanenburgh\r\n"
    assert os.stat(listed).st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    "word", ["", " ", "twee woorden", "#kop", "regel\nnieuw", "x" * 61, "12345", "../geheim", "a/b"]
)
def test_what_is_not_one_word_is_refused(client, folder, word):
    answer = add(client, word)
    assert answer.status_code in (400, 409) and answer.json()["code"] in ("E549", "E545")
    assert files_in(folder) == ["sessie.werkvorm"]


def test_the_word_list_is_written_only_with_the_token_and_never_read_only(client, folder):
    config = {**page_config(client), "token": "geraden"}
    assert add(client, "Zwanenburgh", config).status_code == 403
    with client_for(folder, read_only=True) as reading:
        answer = post(reading, "/api/woordenlijst/sessie", {"woord": "Zwanenburgh"})
        assert answer.status_code == 403 and answer.json()["code"] == "E543"
    assert files_in(folder) == ["sessie.werkvorm"]


def test_a_word_list_outside_the_folder_is_never_written(client, folder, tmp_path):
    from werkvorm_dsl.taal.check import WORD_LIST_NAME

    elsewhere = tmp_path / "elders.txt"
    elsewhere.write_text("# van iemand anders\n", encoding="utf-8")
    (folder / WORD_LIST_NAME).symlink_to(elsewhere)
    answer = add(client, "Zwanenburgh")
    assert answer.status_code == 409 and answer.json()["code"] == "E549"
    assert elsewhere.read_text(encoding="utf-8") == "# van iemand anders\n"


def test_a_word_list_not_in_utf8_is_left_alone(client, folder):
    from werkvorm_dsl.taal.check import WORD_LIST_NAME

    (folder / WORD_LIST_NAME).write_bytes("Café\n".encode("latin-1"))
    answer = add(client, "Zwanenburgh")
    assert answer.status_code == 409 and "UTF-8" in answer.json()["zin"]
    assert (folder / WORD_LIST_NAME).read_bytes() == "Café\n".encode("latin-1")


def test_a_werkvorm_in_a_subfolder_gets_the_list_beside_it(client, folder):
    from werkvorm_dsl.taal.check import WORD_LIST_NAME

    (folder / "team").mkdir()
    (folder / "team" / "overleg.werkvorm").write_text(GOOD.replace("Iedereen", "Team"), encoding="utf-8")
    config = page_config(client, "overleg")
    answer = client.post(
        "/api/woordenlijst/overleg", headers=headers(config), content=json.dumps({"woord": "Zwanenburgh"})
    )
    assert answer.status_code == 200
    assert (folder / "team" / WORD_LIST_NAME).exists() and not (folder / WORD_LIST_NAME).exists()


# --- the titles the badge and the CONCEPT mark use ---------------------------------------------


def test_every_check_code_has_the_title_docs_meldingen_gives_it():
    from werkvorm_dsl.language.code_titles import TITLES

    headings = re.findall(
        r"^### ([EWI][0-47]\d\d|T\d\d\d): (.+)$", (ROOT / "docs/meldingen.md").read_text("utf-8"), re.M
    )
    documented = {code: title.replace("`", "") for code, title in headings}
    different = {code: title for code, title in documented.items() if TITLES.get(code) != title}
    assert different == {}, (
        f"add these to TITLES in language/code_titles.py, as docs/meldingen.md heads them: {different}"
    )
    assert set(TITLES) == set(documented), f"not in docs/meldingen.md: {sorted(set(TITLES) - set(documented))}"
