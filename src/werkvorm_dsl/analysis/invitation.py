"""What an invitation must say, what the werkvorm gives of it, and what is still to be filled in.

One place decides this, so the invitation's `[invullen: …]` placeholders and the check's
messages about them cannot disagree. Pure: no templates, no files written.
"""

from __future__ import annotations

import os
import re
from datetime import date

from werkvorm_dsl.language.nodes import Attachment, Block, Example, Fact, Section, SectionKind, Werkvorm
from werkvorm_dsl.system.records import record

# '[invullen: zaal]', '[ invullen ]', '[INVULLEN: datum]': something an author left to fill in.
# 'online of offline', 'HR en/of extern', 'HR/extern': an option still open. Only read in the
# facts an invitation states as decided; a slash inside a word pair, never inside an address.
OPEN_CHOICE = re.compile(r"\s(?:of|en/of|or)\s|(?<=[^\W\d_])/(?=[^\W\d_])", re.IGNORECASE)
DECIDED_FACTS = ("vorm", "begeleiding")
# Files an attachment may name, as in 'bijlage: de gesprekskaart (gesprekskaart.pdf)'.
ATTACHED_FILE = re.compile(
    r"(?<![\w/\\.])[\w\-]{1,120}\.(?:pdf|docx?|odt|pptx?|odp|xlsx?|ods|png|jpe?g)\b", re.IGNORECASE
)


@record
class Missing:
    """An item the invitation shows as '[invullen: …]', with the line that adds it."""

    what: str  # as in the placeholder: 'plaats of link'
    how: str  # the line an author writes: "plaats: Stadhuis, zaal 2"


MISSING_DATE = Missing("datum", "datum: 3 december 2026")
MISSING_START = Missing("begintijd", "begintijd: 14:00")
MISSING_PLACE = Missing("plaats of link", "plaats: Stadhuis, zaal 2 (of een link naar de online vergadering)")
MISSING_SENDER = Missing("naam en functie van de afzender", "afzender: Els de Vries, gemeentesecretaris")
MISSING_REPLY = Missing("waar deelnemers zich aan- of afmelden", "aanmelden: hr@gemeente.nl")
# Without 'doel:' or a 'voorbeeld:' nothing tells the reader what the meeting is about.
MISSING_ABOUT = Missing("één zin over waar de bijeenkomst over gaat", "doel: Leren van elkaars aanpak")


def placeholder(what: str) -> str:
    return f"[invullen: {what}]"


def is_planned(werkvorm: Werkvorm) -> bool:
    """A werkvorm with a date is one session about to be held: its invitation must be complete.
    Without one it is a format to reuse, and what its invitation lacks is only remarked."""
    return werkvorm.date is not None


def missing_facts(werkvorm: Werkvorm, datum: date | None = None, start: str | None = None) -> list[Missing]:
    """What the invitation cannot say yet; `datum` and `start` are given on the command line."""
    missing = []
    if datum is None and werkvorm.date is None:
        missing.append(MISSING_DATE)
    if start is None and werkvorm.start_time is None:
        missing.append(MISSING_START)
    for key, item in (("plaats", MISSING_PLACE), ("afzender", MISSING_SENDER), ("aanmelden", MISSING_REPLY)):
        fact = werkvorm.fact(key)
        if fact is None or not fact.text.strip():
            missing.append(item)
    if not says_what_about(werkvorm):
        missing.append(MISSING_ABOUT)
    return missing


def has_goal(werkvorm: Werkvorm) -> bool:
    return any(fact.text.strip() for fact in werkvorm.facts_of("doel"))


def says_what_about(werkvorm: Werkvorm) -> bool:
    """Whether the invitation can say what the meeting is about: from 'doel:' or a 'voorbeeld:'."""
    return has_goal(werkvorm) or any(example.text.strip() for example in examples(werkvorm))


def open_choices(werkvorm: Werkvorm) -> list[Fact]:
    """Facts the invitation states as decided that still offer a choice: 'vorm: online of offline'."""
    return [fact for key in DECIDED_FACTS for fact in werkvorm.facts_of(key) if OPEN_CHOICE.search(f" {fact.text} ")]


def first_choice(fact: Fact) -> str:
    """The first option an open choice offers, as the example of a decided fact: 'online of
    offline' gives 'online', 'door HR of externe begeleider' gives 'door HR'."""
    return OPEN_CHOICE.split(f" {fact.text.strip()} ", maxsplit=1)[0].strip()


def shown_fact(fact: Fact) -> str:
    """A fact as the invitation says it: an open choice becomes a placeholder naming the options."""
    if OPEN_CHOICE.search(f" {fact.text} "):
        return placeholder(f"kies: {fact.text.strip()}")
    return fact.text


def unquoted(text: str) -> str:
    """Example text used as the invitation's own words, without the quote marks around it."""
    stripped = text.strip()
    pairs = {"'": "'", '"': '"', "‘": "’", "“": "”", "„": "”", "«": "»"}
    if len(stripped) >= 2 and pairs.get(stripped[0]) == stripped[-1] and stripped[-1] not in stripped[1:-1]:
        return stripped[1:-1].strip()
    return text


def attachments(werkvorm: Werkvorm) -> list[Attachment]:
    return [block for block in _preparation_blocks(werkvorm) if isinstance(block, Attachment)]


def examples(werkvorm: Werkvorm) -> list[Example]:
    """The 'voorbeeld:' texts of the preparation: what the invitation may say in its own words."""
    return [block for block in _preparation_blocks(werkvorm) if isinstance(block, Example)]


def _preparation_blocks(werkvorm: Werkvorm) -> list[Block]:
    preparation = werkvorm.section(SectionKind.PREPARATION)
    if not isinstance(preparation, Section):
        return []
    return [block for step in preparation.steps() for block in step.body]


def attached_file(attachment: Attachment, folder: str | None) -> str | None:
    """The file an attachment names, when it lies in the werkvorm's own folder; None otherwise.
    Only a plain name is looked up: never a path, so nothing outside the folder is touched."""
    if folder is None:
        return None
    for found in ATTACHED_FILE.finditer(attachment.text):
        name = found.group(0)
        if os.path.isfile(os.path.join(folder, name)):
            return name
    return None


def folder_of(werkvorm: Werkvorm) -> str | None:
    """The werkvorm's folder, or None when it was not read from a file ('-' or '<stdin>')."""
    if not werkvorm.filename or werkvorm.filename in ("-", "<stdin>"):
        return None
    return os.path.dirname(os.path.abspath(werkvorm.filename))
