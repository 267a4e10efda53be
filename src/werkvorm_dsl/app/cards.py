"""The check as the browser shows it to a person: cards with a sentence, a tip and a line to go
to, grouped by kind, and a werkvorm's state in words for its badge. No paths, no carets."""

from __future__ import annotations

import os
from dataclasses import dataclass

from werkvorm_dsl.language.code_titles import in_words, title_of
from werkvorm_dsl.language.diagnostics import Diagnostic
from werkvorm_dsl.system.safe_text import shown

# The groups of cards, in the order the page shows them: (severity as the JSON says it, heading).
GROUPS = (("fout", "Fouten"), ("waarschuwing", "Waarschuwingen"), ("opmerking", "Opmerkingen"))


def card(diagnostic: Diagnostic) -> dict:
    """One diagnostic's card: what is wrong and what to do, the line to go to, and the other
    lines it names ('zie ook'). The code stays, small, for looking it up in the guide."""
    span = diagnostic.span
    return {
        "code": diagnostic.code,
        "ernst": diagnostic.severity.value,
        "titel": title_of(diagnostic.code),
        "melding": shown(diagnostic.message),
        "tip": shown(diagnostic.hint),
        "regel": span.line,
        "kolom": span.column,
        "zieOok": [
            {"regel": place.line, "kolom": place.column, "tekst": shown(label)} for place, label in diagnostic.related
        ],
    }


def fault_card(code: str, message: str, hint: str) -> dict:
    """A card for a file that could not be read at all: no line to go to."""
    return {
        "code": code,
        "ernst": "fout",
        "titel": title_of(code),
        "melding": shown(message),
        "tip": shown(hint),
        "regel": 0,
        "kolom": 0,
        "zieOok": [],
    }


def grouped(cards: list[dict]) -> list[dict]:
    """The cards under their headings, the empty groups left out: for the page's first view (the
    script renders the same groups after each check)."""
    groups = [
        {"ernst": kind, "kop": heading, "kaarten": [c for c in cards if c["ernst"] == kind]} for kind, heading in GROUPS
    ]
    return [group for group in groups if group["kaarten"]]


def counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@dataclass(frozen=True)
class State:
    """A werkvorm's state in words: the badge ('2 fouten'), what they are about, and its look."""

    look: str  # "fout", "let-op" or "ok": the badge's colour, always with words beside it
    badge: str
    about: str  # 'duur niet te lezen; past niet in de tijd', or empty
    count: int = 0  # how many errors or warnings the badge counts

    def as_json(self) -> dict:
        return {"stand": self.look, "badge": self.badge, "uitleg": self.about}


def state_of(diagnostics: list[Diagnostic]) -> State:
    """Errors first: with errors nothing can be made, so the badge names only them."""
    errors = [d.code for d in diagnostics if d.is_error]
    warnings = [d.code for d in diagnostics if d.is_warning]
    if errors:
        return State("fout", counted(len(errors), "fout", "fouten"), in_words(errors), len(errors))
    if warnings:
        badge = counted(len(warnings), "waarschuwing", "waarschuwingen")
        return State("let-op", badge, in_words(warnings), len(warnings))
    return State("ok", "in orde", "")


UNREADABLE = "niet te openen"


def unreadable_state(code: str) -> State:
    return State("fout", UNREADABLE, title_of(code) if code else "")


def sentence(state: State) -> str:
    """The state as the line above the editor says it."""
    if state.look == "ok":
        return "Geen fouten of waarschuwingen: klaar om te plannen en te downloaden."
    if state.badge == UNREADABLE:
        return f"Dit bestand is niet te openen: {state.about}."
    them = "die" if state.count == 1 else "ze"
    if state.look == "fout":
        return f"{state.badge}: {state.about}. Los {them} op; dan worden het voorbeeld en de bestanden bijgewerkt."
    solved = f"{them} opgelost {'is' if state.count == 1 else 'zijn'}"
    return f"{state.badge}: {state.about}. Tot {solved}, staat CONCEPT op de stukken."


def shown_name(folder: str, path: str) -> str:
    """The werkvorm's file as the author knows it: its path inside the served folder, never the
    whole path on the computer."""
    try:
        relative = os.path.relpath(path, folder)
    except ValueError:
        relative = os.path.basename(path)
    name = relative if not relative.startswith("..") else os.path.basename(path)
    return shown(name.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
