"""The documents of issue 24's constructs, built in memory from the good corpus: a KEUZE shows every way,
or only the way for the number given at build time; a round whose every time asks something else shows
each time's prompt in every document that shows the session; roles at once show each role's task."""

from __future__ import annotations

import functools
import re

import pytest

from conftest import ROOT
from werkvorm_dsl.language.source import decode
from werkvorm_dsl.output.registry import Resources
from werkvorm_dsl.pipeline import BuildOptions, build, check_source

GOOD = ROOT / "tests/data/good"
SHOWN = frozenset({"md", "html", "txt", "json"})  # every document that shows the session, without PDFs
ONLY = ("draaiboek", "overzicht", "deelnemers", "kaarten", "tijdschema", "leiden")


@functools.cache
def documents(name: str, participants: int | None = None) -> dict[str, str]:
    """Every document of a good file, as text: 'draaiboek.md' -> its text."""
    path = GOOD / name
    checked = check_source(decode(path.read_bytes(), path.name))
    options = BuildOptions(only=ONLY, formats=SHOWN, participants=participants)
    made = build(checked, options, Resources(False))
    return {file: data.decode("utf-8") for file, data in made.files.items()}


def plain(text: str) -> str:
    """The words of a document: without HTML tags and Markdown's bold and italic marks."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).replace("&#39;", "'").replace("**", "").split())


CAFE = "keuze-naar-groepsgrootte.werkvorm"
WHOLE_GROUP, TABLES = "Gesprek met de hele groep", "Gesprek aan tafel"


@pytest.mark.parametrize("document", ["draaiboek.md", "draaiboek.html", "deelnemers.md", "tijdschema.txt"])
def test_without_a_number_every_way_is_shown_under_its_numbers(document):
    text = plain(documents(CAFE)[document])
    assert WHOLE_GROUP in text and TABLES in text
    assert "maximaal 12 deelnemers" in text and "13 tot 40 deelnemers" in text


@pytest.mark.parametrize(("number", "held", "left_out"), [(8, WHOLE_GROUP, TABLES), (20, TABLES, WHOLE_GROUP)])
def test_with_a_number_only_its_way_is_shown(number, held, left_out):
    made = documents(CAFE, number)
    for document in ("draaiboek.md", "deelnemers.md", "kaarten.md", "tijdschema.txt", "leiden.html"):
        text = plain(made[document])
        assert held in text and left_out not in text, document
        assert "13 tot 40 deelnemers" not in text, document
    # the plan of the way held: 5 + 45 + 10 or 5 + 40 + 5 + 10, both 60 minutes
    assert "0:50–1:00" in made["tijdschema.txt"] or "0:50-1:00" in made["tijdschema.txt"]


def test_the_ways_start_together_and_what_follows_waits_for_the_longest():
    rows = documents(CAFE)["tijdschema.txt"].splitlines()
    starts = {row.split()[-1]: row.split()[0] for row in rows if "Gesprek" in row or "Afsluiting" in row}
    assert starts["groep"].startswith("0:05") and starts["tafel"].startswith("0:05")
    assert starts["Afsluiting"].startswith("0:50")


def test_facilitator_text_inside_a_way_stays_in_the_draaiboek():
    made = documents(CAFE)
    secret = "Let op wie nog niets zei."
    assert secret in plain(made["draaiboek.md"])
    for document in ("deelnemers.md", "deelnemers.html", "kaarten.md", "kaarten.html"):
        assert secret not in plain(made[document]), document


PROMPTS = "rondes-met-eigen-vragen.werkvorm"
ASKED = [("Wat?", "Wat is er gebeurd?"), ("Wat dan?", "Wat betekent het?"), ("Wat nu?", "Wat gaat u anders doen?")]


@pytest.mark.parametrize(
    "document", ["draaiboek.md", "draaiboek.html", "kaarten.md", "kaarten.html", "deelnemers.md", "deelnemers.html"]
)
def test_each_time_of_the_round_has_its_own_title_and_question(document):
    text = plain(documents(PROMPTS)[document])
    for title, question in ASKED:
        assert title in text and question in text, (document, title)
    assert "Kennismaken" in text and "Verdiepen" in text


def test_the_plan_heads_each_time_with_its_title():
    made = documents(PROMPTS)
    schedule = made["tijdschema.txt"]
    for index, (title, _) in enumerate(ASKED, start=1):
        assert f"Ronde {index} van 3: {title}" in schedule
    assert "Ronde 1 van 2 tot 4: Kennismaken" in schedule and "Ronde 2 van 2 tot 4: Verdiepen" in schedule
    assert "Ronde 2 van 3: Wat dan?" in plain(made["leiden.html"])  # the live view says where it is
    overview = plain(made["overzicht.md"])
    assert all(f"keer {title}" in overview for title, _ in ASKED)
    timeline = re.findall(r"<text[^>]*>([^<]*)</text>", made["draaiboek.html"])
    assert [title for title, _ in ASKED] == [label for label in timeline if label.startswith("Wat")]


TOGETHER = "rollen-tegelijk.werkvorm"
TASKS = [
    ("tijdbewaker", "let op de tijd en geeft een teken na 12 minuten"),
    ("gespreksleider", "leidt het gesprek en vat af en toe samen"),
    ("schrijver", "schrijft de afspraken op"),
]


@pytest.mark.parametrize("document", ["draaiboek.md", "draaiboek.html", "kaarten.md", "kaarten.html", "deelnemers.md"])
def test_each_role_at_once_is_shown_with_its_task(document):
    text = plain(documents(TOGETHER)[document])
    for role, task in TASKS:
        assert f"{role}: {task}" in text, (document, role)


def test_roles_at_once_are_one_step_and_their_facilitator_note_stays_hidden():
    made = documents(TOGETHER)
    steps = [row for row in made["tijdschema.txt"].splitlines() if "Het gesprek" in row]
    assert len(steps) == 1 and "15" in steps[0].split()
    secret = "Kies als tijdbewaker iemand die rustig blijft."
    assert secret in plain(made["draaiboek.md"])
    assert all(secret not in plain(made[document]) for document in ("deelnemers.md", "kaarten.md", "kaarten.html"))


OWN_TASK = """WERKVORM Taak van de begeleider
duur: 15 min
doel: Oefenen.

SESSIE
stap Het gesprek
    duur: 15 min
    tegelijk:
    - deelnemers: praten in tweetallen
    - {role}: let op Jan, hij is overspannen
"""


@pytest.mark.parametrize("role", ["begeleider", "Facilitator", "de begeleider"])
def test_the_facilitator_s_own_task_at_once_stays_off_every_participant_document(role):
    """'- begeleider: …' under 'tegelijk:' is spelled as facilitator-only text is: draaiboek and live view only."""
    import io
    import zipfile

    checked = check_source(decode(OWN_TASK.format(role=role).encode(), "taak.werkvorm"))
    made = build(checked, BuildOptions(formats=SHOWN | {"docx", "odt"}), Resources(False)).files
    secret = "hij is overspannen"

    def text_of(name: str) -> str:
        data = made[name]
        if name.endswith((".docx", ".odt")):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return " ".join(
                    archive.read(part).decode("utf-8") for part in archive.namelist() if part.endswith(".xml")
                )
        return data.decode("utf-8")

    participant = [name for name in made if name.split(".")[0] in ("deelnemers", "kaarten", "zaal", "uitnodiging")]
    assert {name.split(".")[0] for name in participant} >= {"deelnemers", "kaarten", "zaal", "uitnodiging"}
    assert [name for name in participant if secret in text_of(name)] == []
    assert secret in plain(text_of("draaiboek.md")) and secret in text_of("leiden.html")
    assert "praten in tweetallen" in plain(text_of("deelnemers.md"))  # the other roles' tasks stay
