"""The words of the language: one table, Dutch first, English aliases beside them."""

from __future__ import annotations

from enum import Enum
from functools import lru_cache

from werkvorm_dsl.system.records import record


class Shape(Enum):
    """How a keyword stands on its line."""

    SECTION = "section"  # the line is the keyword alone: SESSIE
    SECTION_WITH_TEXT = "section_with_text"  # RONDE 2 keer, VRAGEN naam: titel
    LEAD = "lead"  # the keyword, then text: stap Opening
    FIELD = "field"  # the keyword, a colon, then text: duur: 5 min


@record
class Keyword:
    """One word of the language, with its terminal in the grammar."""

    terminal: str
    shape: Shape
    words: dict[str, tuple[str, ...]]  # language code -> spellings, the first is canonical
    description: str  # Dutch, shown to authors in diagnostics
    continues: bool = False  # the text may go on over the next lines, up to a blank line
    bare: bool = False  # a heading with text that may also stand alone: TWEETALLEN
    block_example: str = ""  # for a block that holds steps up to its EINDE: an opening line, as the guide writes it
    capitals: bool = False  # a keyword only in capitals: 'Variant …', 'Keuze uit …', 'Bij twijfel …' start sentences
    block_start: str = ""  # a line that comes right under the opener, before its parts: KEUZE's first BIJ

    @property
    def canonical(self) -> str:
        return self.words["nl"][0]

    @property
    def opens_block(self) -> bool:
        return bool(self.block_example)


def _kw(
    terminal: str,
    shape: Shape,
    nl: tuple[str, ...],
    en: tuple[str, ...],
    description: str,
    continues: bool = False,
    bare: bool = False,
    block_example: str = "",
    capitals: bool = False,
    block_start: str = "",
) -> Keyword:
    return Keyword(
        terminal, shape, {"nl": nl, "en": en}, description, continues, bare, block_example, capitals, block_start
    )


S, ST, L, F = Shape.SECTION, Shape.SECTION_WITH_TEXT, Shape.LEAD, Shape.FIELD
# 'eerste keer:' … 'tiende keer:' under a RONDE: the n-th time through it (issue 24).
ORDINALS = ("eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste", "negende", "tiende")

KEYWORDS: tuple[Keyword, ...] = (
    # The title line: WERKVORM Liefdevol roddelen
    _kw("TITLE", L, ("werkvorm", "titel"), ("format", "title"), "de titel (WERKVORM)"),
    # Facts about the whole werkvorm, at the top of the file.
    _kw("KIND", F, ("soort",), ("kind",), "het veld 'soort:'"),
    _kw("DURATION", F, ("duur",), ("duration",), "het veld 'duur:'"),
    _kw("PARTICIPANTS", F, ("deelnemers", "aantal deelnemers"), ("participants",), "het veld 'deelnemers:'"),
    _kw("MODE", F, ("vorm",), ("mode",), "het veld 'vorm:'"),
    _kw("FACILITATION", F, ("begeleiding",), ("facilitation",), "het veld 'begeleiding:'", True),
    _kw("START_QUESTION", F, ("startvraag", "startvragen"), ("start question",), "het veld 'startvraag:'", True),
    _kw("GOAL", F, ("doel",), ("goal", "purpose"), "het veld 'doel:'", True),
    _kw("START_TIME", F, ("begintijd", "starttijd"), ("start time",), "het veld 'begintijd:'"),
    _kw("ROLES", F, ("rollen", "extra rollen"), ("roles",), "het veld 'rollen:'"),
    _kw("FLOOR", F, ("minimum per stap", "minimaal per stap"), ("minimum per step",), "het veld 'minimum per stap:'"),
    # Facts for one occurrence of the session, which the invitation needs: left out, they become
    # a visible '[invullen: …]' in the invitation.
    _kw("DATE", F, ("datum",), ("date",), "het veld 'datum:'"),
    _kw("PLACE", F, ("plaats", "locatie"), ("place", "location"), "het veld 'plaats:'"),
    _kw("SENDER", F, ("afzender", "uitnodiger"), ("sender", "organizer", "organiser"), "het veld 'afzender:'"),
    _kw(
        "REPLY",
        F,
        ("aanmelden", "aanmelden bij", "reageren", "reageren naar", "reageren bij", "antwoord naar"),
        ("reply to", "rsvp", "register with"),
        "het veld 'aanmelden:'",
    ),
    _kw("VERSION", F, ("versie",), ("version",), "het veld 'versie:'"),
    # Variants of one werkvorm (issue 24): 'VARIANT lang: anderhalf uur', with the facts that differ
    # below it; 'bij variant lang: 2 keer' under a line gives that line's value in the variant.
    _kw("VARIANT", ST, ("variant",), ("variant",), "een variant (VARIANT lang: anderhalf uur)", capitals=True),
    _kw(
        "VARIANT_CHANGE",
        L,
        ("bij variant",),
        ("in variant",),
        "een waarde voor een variant (bij variant lang: 15 min)",
    ),
    # Sections.
    _kw("PREPARATION", S, ("voorbereiding",), ("preparation",), "het kopje VOORBEREIDING"),
    _kw("SESSION", S, ("sessie", "sessie zelf", "programma"), ("session",), "het kopje SESSIE"),
    _kw("SUGGESTIONS", S, ("suggesties", "vervolg"), ("suggestions", "follow-up"), "het kopje SUGGESTIES"),
    _kw("OPTIONAL", S, ("optioneel",), ("optional",), "het kopje OPTIONEEL"),
    _kw("QUESTIONS", ST, ("vragen", "vragenlijst"), ("questions",), "een vragenlijst (VRAGEN naam: titel)"),
    # Parts of a session that hold other parts, and their end: SESSIE only.
    _kw("ROUND", ST, ("ronde",), ("round",), "een ronde (RONDE 2 keer)", block_example="RONDE 2 keer"),
    _kw(
        "GROUPS",
        ST,
        ("groepjes", "groepen", "subgroepen", "tweetallen", "drietallen", "viertallen"),
        ("groups", "pairs", "trios"),
        "groepjes die tegelijk werken (GROEPJES van 3)",
        bare=True,
        block_example="GROEPJES van 3",
    ),
    _kw(
        "BOX",
        ST,
        ("blok",),
        ("block", "timebox"),
        "een blok met een vaste tijd (BLOK 20 min)",
        block_example="BLOK 20 min",
    ),
    # A choice by the number of participants (issue 24): 'KEUZE naar het aantal deelnemers', then a
    # way per number: 'BIJ maximaal 12 deelnemers: de hele groep'. Both only in capitals.
    _kw(
        "CHOICE",
        ST,
        ("keuze",),
        ("choice",),
        "een keuze naar het aantal deelnemers (KEUZE)",
        bare=True,
        block_example="KEUZE naar het aantal deelnemers",
        capitals=True,
        block_start="BIJ maximaal 12 deelnemers",
    ),
    _kw(
        "WAY",
        ST,
        ("bij",),
        ("when",),
        "een manier voor een aantal deelnemers (BIJ maximaal 12 deelnemers)",
        capitals=True,
    ),
    _kw(
        "BLOCK_END",
        S,
        (
            "einde",
            "einde ronde",
            "einde groepjes",
            "einde groepen",
            "einde subgroepen",
            "einde tweetallen",
            "einde drietallen",
            "einde viertallen",
            "einde blok",
            "einde keuze",
        ),
        ("end", "end round", "end groups", "end pairs", "end trios", "end block", "end timebox", "end choice"),
        "het einde van een ronde, groepjes, blok of keuze (EINDE RONDE)",
    ),
    # Under a RONDE: what one time asks ('2e keer: Wat dan?', issue 24), its prompt on the lines below.
    _kw(
        "TIME_PROMPT",
        F,
        (
            *(f"{n}e keer" for n in range(1, 11)),
            *(f"{word} keer" for word in ORDINALS),
            "de andere keren",
            "andere keren",
            "de overige keren",
            "overige keren",
        ),
        ("1st time", "2nd time", "3rd time", *(f"{n}th time" for n in range(4, 11)), "other times"),
        "een keer van een ronde (2e keer: Wat dan?)",
        True,
    ),
    _kw("PAUSE", ST, ("pauze",), ("break",), "een pauze (PAUZE 10 min)"),
    _kw("TIME_BOX", F, ("tijdvak", "per ronde"), ("timebox", "time box"), "het veld 'tijdvak:'"),
    # Steps and what a step may hold.
    _kw("STEP", L, ("stap",), ("step",), "een stap"),
    _kw("WHO", F, ("wie",), ("who",), "het veld 'wie:'"),
    _kw("EXAMPLE", F, ("voorbeeld", "bijvoorbeeld"), ("example",), "een voorbeeld", True),
    _kw("TEASER", F, ("teaser", "prikkelende vraag"), ("teaser",), "een teaser", True),
    _kw("QUESTIONS_REF", F, ("vragen", "vragenlijst"), ("questions",), "een verwijzing naar een vragenlijst"),
    _kw("ATTACHMENT", F, ("bijlage",), ("attachment",), "een bijlage", True),
    # 'tegelijk:' with a point per role below it: what each role does in the step's minutes (issue 24).
    _kw("AT_ONCE", F, ("tegelijk",), ("at the same time",), "het veld 'tegelijk:' (rollen tegelijk)"),
    _kw("ABSENT", F, ("afwezig", "niet aanwezig"), ("absent",), "het veld 'afwezig:'"),
    _kw("MATERIALS", F, ("materiaal", "materialen", "benodigdheden"), ("materials",), "het veld 'materiaal:'", True),
    _kw(
        "FOR_PARTICIPANTS",
        F,
        ("voor deelnemers", "voor de deelnemers", "deelnemerstekst", "in de hand-out"),
        ("for participants", "handout text"),
        "tekst voor de hand-out ('voor deelnemers:')",
        True,
    ),
    _kw(
        "FACILITATOR",
        F,
        ("begeleider", "alleen begeleider", "alleen voor begeleider"),
        ("facilitator",),
        "tekst alleen voor de begeleider",
        True,
    ),
    # Anywhere.
    _kw("NOTE", F, ("nb", "nb.", "n.b.", "n.b", "let op"), ("note",), "een opmerking (NB)", True),
    _kw("LINK", F, ("link",), ("link",), "een link"),
)

# Labels that authors write for facilitator-only text in their own words: 'Alleen voor de
# begeleider:', 'Voor de begeleider:', 'Begeleider (alleen):', 'Tip voor de facilitator:'. A line
# that starts with a few of these words before a colon, one of them a role, is the field
# 'begeleider:'; inside participants' text such a label is an error (E120).
FACILITATOR_LABEL_ROLES = frozenset(
    {
        "begeleider",
        "begeleiders",
        "begeleidster",
        "facilitator",
        "facilitators",
        "gespreksleider",
        "gespreksleiders",
        "procesbegeleider",
        "procesbegeleiders",
        "trainer",
        "trainers",
        "moderator",
        "coach",
        "coaches",
        "dagvoorzitter",
        "spelleider",
        "host",
        "facilitatoren",
        "notulist",
        "notulisten",
    }
)
FACILITATOR_LABEL_FILLERS = frozenset(
    {
        "alleen",
        "voor",
        "de",
        "het",
        "een",
        "aan",
        "noot",
        "notitie",
        "notities",
        "tip",
        "tips",
        "opmerking",
        "aantekening",
        "aantekeningen",
        "info",
        "informatie",
        "instructie",
        "instructies",
        "nb",
        "let",
        "op",
        "only",
        "for",
        "the",
        "note",
        "notes",
        "to",
        "om",
        "te",
        "weten",
        "privé",
        "vertrouwelijk",
        "jou",
        "jullie",
        "als",
        "aanwijzing",
        "aanwijzingen",
        "niet",
        "voorlezen",
        "hardop",
        "delen",
        "intern",
        "achtergrond",
        "extra",
        "wel",
        "belangrijk",
        "s",
        "en",
        "and",
        "eyes",
        "ster",
        "st",
        "er",
        "e",
        "ste",
    }
)
# 'Niet voor deelnemers:' says the same from the other side.
FACILITATOR_LABEL_AUDIENCE = frozenset({"deelnemers", "deelnemer", "groep", "participants", "cursisten", "iedereen"})

# Terminals for lines that carry no keyword: the lexer sets them by their form.
LINE_TERMINALS = {
    "NUMBERED": "een genummerde regel (1. …)",
    "BULLET": "een opsommingsteken (- …)",
    "PROSE": "gewone tekst",
}

# Roles that `wie:` knows. Others are allowed, with a warning, since groups invent roles.
ROLES: dict[str, tuple[str, ...]] = {
    "begeleider": ("begeleider", "begeleiding", "facilitator", "gespreksleider", "hr"),
    "casusinbrenger": ("casusinbrenger", "inbrenger", "casushouder", "case presenter"),
    "deelnemers": ("deelnemers", "deelnemer", "groep", "anderen", "andere deelnemers", "iedereen", "participants"),
}

# Roles whose holder brings a case or question of their own: the known case presenter, and the names
# other werkvormen declare for that role with 'rollen:' (Troika's 'opdrachtgever'). The one table
# that decides it: a step with one of them makes the invitation ask every reader to bring a case.
# The guide lists the same names (docs/taalgids.md, Rollen); a test keeps the two alike.
CASE_PRESENTER_ROLES: tuple[str, ...] = ("casusinbrenger", "opdrachtgever", "probleemeigenaar", "vraageigenaar")


def is_case_presenter(role: str) -> bool:
    """Whether a role, as a step names it after 'wie:' or 'afwezig:', is one who brings a case."""
    return " ".join(role.split()).lower() in CASE_PRESENTER_ROLES


@lru_cache(maxsize=1)
def by_terminal() -> dict[str, Keyword]:
    return {keyword.terminal: keyword for keyword in KEYWORDS}


def describe_terminal(terminal: str) -> str:
    """A Dutch name for a terminal, so no grammar name ever reaches an author."""
    if terminal in LINE_TERMINALS:
        return LINE_TERMINALS[terminal]
    if terminal == "$END":
        return "het einde van het bestand"
    keyword = by_terminal().get(terminal)
    return keyword.description if keyword else "deze regel"
