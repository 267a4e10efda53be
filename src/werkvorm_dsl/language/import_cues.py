"""What an imported text says in its own words: section headings, fact labels, durations, roles and round cues."""

from __future__ import annotations

import re

from werkvorm_dsl.language.folding import fold
from werkvorm_dsl.language.keywords import KEYWORDS, ROLES, Shape
from werkvorm_dsl.language.values import ValueProblem, parse_participants, parse_session_duration, parse_step_duration
from werkvorm_dsl.system.records import record

# The headings authors write, and the section of the language each one becomes. A heading that is
# already a spelling of the section's keyword needs no note; the others are named in the draft.
SECTION_WORDS: dict[str, str] = {
    "voorbereiding": "VOORBEREIDING",
    "voorbereidingen": "VOORBEREIDING",
    "vooraf": "VOORBEREIDING",
    "sessie": "SESSIE",
    "sessie zelf": "SESSIE",
    "de sessie": "SESSIE",
    "tijdens de sessie": "SESSIE",
    "programma": "SESSIE",
    "uitvoering": "SESSIE",
    "werkwijze": "SESSIE",
    "stappenplan": "SESSIE",
    "stappen": "SESSIE",
    "verloop": "SESSIE",
    "aanpak": "SESSIE",
    "suggesties": "SUGGESTIES",
    "vervolg": "SUGGESTIES",
    "tips": "SUGGESTIES",
    "variaties": "SUGGESTIES",
    "variatie": "SUGGESTIES",
    "varianten": "SUGGESTIES",
    "nazorg": "SUGGESTIES",
    "optioneel": "OPTIONEEL",
    "vragen": "VRAGEN",
    "vragenlijst": "VRAGEN",
}
STEP_SECTIONS = ("VOORBEREIDING", "SESSIE")

# Labels authors put before a fact, and the field of the language each one becomes.
FACT_LABELS: dict[str, str] = {
    "duur": "duur",
    "tijdsduur": "duur",
    "tijd": "duur",
    "totale duur": "duur",
    "totale tijd": "duur",
    "aantal deelnemers": "deelnemers",
    "deelnemers": "deelnemers",
    "groepsgrootte": "deelnemers",
    "aantal personen": "deelnemers",
    "doel": "doel",
    "doelen": "doel",
    "doelstelling": "doel",
    "begeleiding": "begeleiding",
    "begeleider": "begeleiding",
    "materiaal": "materiaal",
    "materialen": "materiaal",
    "benodigdheden": "materiaal",
    "werkvorm": "soort",
    "soort": "soort",
    "soort werkvorm": "soort",
    "startvraag": "startvraag",
    "startvragen": "startvragen",
    "vorm": "vorm",
}
MODE_WORDS = ("online", "offline", "fysiek", "hybride", "op locatie")

LABEL_LINE = re.compile(r"^\W{0,3}(?P<label>[^\W\d][\w ]{1,24}?)\W{0,3}\s*:\s*(?P<value>.*)$")
# 'Begeleiding door HR of een externe begeleider': a label without a colon, only before 'door'.
LABEL_WITHOUT_COLON = re.compile(r"^(?P<label>begeleiding)\s+(?P<value>(?:door|van)\s.*)$", re.IGNORECASE)
TITLE_PREFIX = re.compile(r"^\W{0,3}werkvorm\s*(?:nr\.?|nummer)?\s*\d{0,3}\s*[:.]?\W{0,3}$", re.IGNORECASE)

_AMOUNT = r"\d{1,3}(?:[,.]\d)?(?:\s*(?:-|–|à|a|tot|of)\s*\d{1,3})?"
_UNIT = r"(?:minuten|minuut|min\.?|uur|kwartier)"
_ABOUT = r"(?:(?:ca\.?|circa|ongeveer|±|max\.?|maximaal)\s*)?"
# Where authors put a step's time: '(10 min)', '– 10 minuten' at the end, "10'", 'ca. 5 à 10 min'.
DURATION_IN_TEXT = re.compile(
    rf"\(\s*(?P<bracketed>{_ABOUT}{_AMOUNT}\s*{_UNIT})\s*\)"
    rf"|\s[-–—]\s*(?P<dashed>{_ABOUT}{_AMOUNT}\s*{_UNIT})\s*$"
    rf"|(?<![\w'])(?P<primed>\d{{1,3}})\s*['’](?!\w)"
    rf"|^(?P<alone>{_ABOUT}{_AMOUNT}\s*{_UNIT})$",
    re.IGNORECASE,
)
ROUND_CUES = (
    re.compile(r"\bga zo nog (?P<low>\d+) of (?P<high>\d+)\b.*\baf\b", re.IGNORECASE),
    re.compile(r"\bherhaal\b.*\bvoor (?:elke|iedere) (?P<per>deelnemer|collega|casusinbrenger)\b", re.IGNORECASE),
    re.compile(r"\b(?P<times>\d+) (?:rondes|ronden)\b", re.IGNORECASE),
)
SUBJECT = re.compile(
    r"^(?:de |het )?(?:andere |overige )?(?P<who>deelnemers|begeleider|casusinbrenger|inbrenger|groep|iedereen)\b",
    re.IGNORECASE,
)
# A step that opens with one of these verbs, followed by whom or what it acts on, tells the facilitator
# what to do ('Vraag de inbrenger …', 'Laat iedereen …'): the import guesses 'wie: begeleider'. Verbs a
# participant could as well be told ('Noteer', 'Schrijf', 'Vertel') are not here.
FACILITATOR_VERBS = frozenset(
    {"vraag", "laat", "nodig", "geef", "verdeel", "introduceer", "heet", "zorg", "leg", "vat", "licht", "sluit", "open"}
)
ACTED_ON = frozenset(
    {"de", "het", "een", "aan", "iedereen", "ieder", "iedere", "elk", "elke", "alle", "allen", "hen", "ze"}
    | {"kort", "uit"}
)
QUESTION_LIST_INTRO = re.compile(r"(vragen|uitvragen|vraag)\b.*:\s*$", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z'\"‘“(])")


def folded(text: str) -> str:
    """Lower case, look-alike characters plain, markup and a closing colon gone: for matching."""
    return fold(text).strip().strip("*_#").strip().rstrip(":").strip().lower()


def section_of(text: str) -> tuple[str, bool] | None:
    """The section a heading line names, and whether it is spelled differently from the section's
    own word (then the draft says so); None if the line names no section."""
    word = folded(text)
    if word in SECTION_WORDS:
        return SECTION_WORDS[word], word not in _keyword_spellings()
    for known, section in SECTION_WORDS.items():
        if len(word) >= 6 and _one_letter_apart(word, known):
            return section, True
    return None


def _one_letter_apart(one: str, other: str) -> bool:
    if abs(len(one) - len(other)) > 1 or one == other:
        return False
    if len(one) == len(other):
        return sum(a != b for a, b in zip(one, other, strict=True)) == 1
    shorter, longer = sorted((one, other), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _keyword_spellings() -> frozenset[str]:
    return frozenset(word for keyword in KEYWORDS for word in keyword.words["nl"])


def starts_with_structure_word(line: str) -> bool:
    """Whether a line of prose starts with a word the language reads as a heading or a step."""
    first = folded(line.split(" ", 1)[0]) if line.strip() else ""
    return any(first in kw.words["nl"] for kw in KEYWORDS if kw.shape is not Shape.FIELD) or line.startswith("#")


def field_label_of(line: str) -> str:
    """The label of a line that starts with a field of a step ('Bijvoorbeeld:'), or ''."""
    label, colon, _ = line.partition(":")
    if not colon or folded(label) not in _step_field_words():
        return ""
    return label


# The fields a step may hold; the others are facts of the whole werkvorm and stand at the top.
STEP_FIELDS = frozenset(
    {"DURATION", "WHO", "EXAMPLE", "TEASER", "QUESTIONS_REF", "ATTACHMENT", "ABSENT", "MATERIALS"}
    | {"FOR_PARTICIPANTS", "FACILITATOR", "NOTE", "LINK", "TIME_BOX"}
)


def _step_field_words() -> frozenset[str]:
    return frozenset(word for kw in KEYWORDS if kw.terminal in STEP_FIELDS for word in kw.words["nl"])


def field_terminal(label: str) -> str | None:
    """The terminal of the step field a label names ('Bijvoorbeeld' is EXAMPLE), or None."""
    word = folded(label)
    return next((kw.terminal for kw in KEYWORDS if kw.terminal in STEP_FIELDS and word in kw.words["nl"]), None)


def werkvorm_field_label_of(line: str) -> str:
    """The label of a line that starts with a fact of the whole werkvorm ('Aantal deelnemers:'), or ''."""
    label, colon, _ = line.partition(":")
    words = frozenset(
        w for kw in KEYWORDS if kw.shape is Shape.FIELD and kw.terminal not in STEP_FIELDS for w in kw.words["nl"]
    )
    return label if colon and folded(label) in words else ""


@record
class Fact:
    """A fact of the whole werkvorm, read from a labelled line."""

    field: str
    value: str
    label: str


def fact_of(line: str) -> Fact | None:
    """'Duur: 60 minuten' as the field duur; None for a line that is no labelled fact."""
    match = LABEL_LINE.match(line) or LABEL_WITHOUT_COLON.match(line)
    if match is None:
        return None
    label = folded(match.group("label"))
    field = FACT_LABELS.get(label)
    if field is None or not match.group("value").strip():
        return None
    return Fact(field, match.group("value").strip(), match.group("label").strip())


def reads_as(field: str, value: str) -> bool:
    """Whether the language reads `value` in this field; only time and numbers can be misread."""
    place = {"duur": parse_session_duration, "deelnemers": parse_participants}.get(field)
    if place is None:
        return True
    try:
        place(value)
    except ValueProblem:
        return False
    return True


def is_mode(text: str) -> bool:
    return any(word in text.lower() for word in MODE_WORDS)


@record
class FoundDuration:
    """A step's time found in its text: the value for 'duur:', and the text it was written as."""

    value: str
    written: str
    start: int
    end: int


def duration_in(text: str) -> FoundDuration | None:
    """The first time in a step's text that the language reads as a step's duration."""
    for match in DURATION_IN_TEXT.finditer(text):
        value = _duration_value(match)
        if value and is_step_time(value):
            return FoundDuration(value, match.group(0).strip(), match.start(), match.end())
    return None


def _duration_value(match: re.Match[str]) -> str:
    if match.group("primed"):
        return f"{match.group('primed')} min"
    return next(group for group in (match.group(n) for n in ("bracketed", "dashed", "alone")) if group)


def is_step_time(value: str) -> bool:
    try:
        parse_step_duration(value)
    except ValueProblem:
        return False
    return True


def round_repeat(text: str) -> str | None:
    """How often a round goes, from a cue in the text ('ga zo nog 1 of 2 collega's af'), or None."""
    for cue in ROUND_CUES:
        match = cue.search(text)
        if match is None:
            continue
        found = match.groupdict()
        if found.get("low"):
            return f"{int(found['low']) + 1} tot {int(found['high']) + 1} keer"
        if found.get("per"):
            return "per deelnemer"
        return f"{found['times']} keer"
    return None


def role_of(sentence: str) -> str | None:
    """The role a step's first sentence names as its subject ('De andere deelnemers luisteren')."""
    match = SUBJECT.match(sentence.strip())
    if match is None:
        return None
    said = match.group("who").lower()
    return next((role for role, words in ROLES.items() if said in words), None)


def facilitator_verb(sentence: str) -> str | None:
    """The verb of a step written as an instruction to the facilitator ('Vraag de inbrenger …' ->
    'Vraag'), or None: the first word one of FACILITATOR_VERBS, the second whom or what it acts on."""
    words = sentence.strip().split()
    if len(words) < 3 or words[0].lower() not in FACILITATOR_VERBS:
        return None
    return words[0] if words[1].lower().strip(",:") in ACTED_ON else None


def sentences_of(text: str) -> list[str]:
    return [part for part in SENTENCE_END.split(text.strip()) if part]
