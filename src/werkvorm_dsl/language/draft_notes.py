"""What `check` says of an imported draft and of pasted text: the import's notes, and 'not yet a werkvorm'."""

from __future__ import annotations

from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
from werkvorm_dsl.language.folding import fold
from werkvorm_dsl.language.keywords import KEYWORDS
from werkvorm_dsl.language.nodes import Span

NOTE_MARK = "# importeer:"  # the comment `werkvorm importeer` writes above each of its guesses
PASTED_LINES = 3  # fewer lines without a blank between them are a short werkvorm, not a pasted text


def import_notes(text: str, filename: str) -> list[Diagnostic]:
    """One W130 for each guess the import left in the draft, until the author removes its comment."""
    notes = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped.lower().startswith(NOTE_MARK):
            continue
        column = len(line) - len(line.lstrip()) + 1
        notes.append(
            Diagnostic(
                "W130",
                Severity.WARNING,
                filename,
                Span(number, column, number, column + len(stripped)),
                f"Bij het importeren gekozen: {stripped[len(NOTE_MARK) :].strip()}",
                "Kijk of het klopt en verbeter het zo nodig; haal dan deze regel met '# importeer:' weg.",
            )
        )
    return notes


def not_yet_a_werkvorm(text: str, filename: str) -> Diagnostic | None:
    """E004 for a text that has no title line and no blank line between its paragraphs, as Word and
    e-mail give it when copied: one message that names the cause, not a warning on every line. Its
    headings (Voorbereiding, Sessie) do not make it a werkvorm: the pasted seeds have them too."""
    lines = [line.strip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    if len(lines) < PASTED_LINES or "" in lines or any(_is_title_line(line) for line in lines):
        return None
    return Diagnostic(
        "E004",
        Severity.ERROR,
        filename,
        Span(1, 1, 1, 1 + len(text.split("\n", 1)[0])),
        "Deze tekst is nog geen werkvorm: er staat geen regel 'WERKVORM …' in en geen lege regel tussen "
        "de alinea's, zoals in tekst die uit Word of een e-mail is gekopieerd.",
        "Laat het programma er een werkvorm van maken met: werkvorm importeer BESTAND. Dat zet de titel, "
        "de kopjes, de stappen en hun duur voor u klaar, en zegt wat u nog moet nakijken.",
    )


def _is_title_line(line: str) -> bool:
    """'WERKVORM Intervisie', not 'Werkvorm 2:' above a title, as a booklet numbers its werkvormen."""
    words = fold(line).lower().split()
    named = any(char.isalpha() for char in " ".join(words[1:]))
    return bool(words) and ((words[0] in _title_words() and named) or line.startswith("#"))


def _title_words() -> frozenset[str]:
    return frozenset(word for kw in KEYWORDS if kw.terminal == "TITLE" for word in kw.words["nl"])
