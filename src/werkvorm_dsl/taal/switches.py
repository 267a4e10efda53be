"""'# taal: uit': an author switches taal's rules off for one line (T103)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
from werkvorm_dsl.language.nodes import Span

SWITCH = re.compile(r"^\s*#\s*taal\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
KNOWN_CODES = frozenset({"T101", "T102", "T105", "T201", "T202", "T203", "T204"})


@dataclass
class Switches:
    """The lines where an author switched rules off with '# taal: uit', and what the marks said wrong."""

    off: dict[int, frozenset[str]] = field(default_factory=dict)  # line -> codes; empty set: every rule
    problems: list[Diagnostic] = field(default_factory=list)

    def covers(self, diagnostic: Diagnostic) -> bool:
        codes = self.off.get(diagnostic.span.line)
        return codes is not None and (not codes or diagnostic.code in codes) and diagnostic.code in KNOWN_CODES


def switches(lines: list[str], filename: str) -> Switches:
    """'# taal: uit' switches every rule off for the next line with text; '# taal: uit T201 T203'
    only those. A comment line: the werkvorm itself stays as it is."""
    found = Switches()
    waiting: tuple[int, frozenset[str]] | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            mark = SWITCH.match(stripped)
            if mark is not None:
                column = line.index("#") + 1
                waiting = _read_switch(
                    mark.group("rest"), Span(number, column, number, column + len(stripped)), filename, found.problems
                )
            continue
        if waiting is not None:
            found.off[number] = waiting[1]
            waiting = None
    return found


def _read_switch(rest: str, span: Span, filename: str, problems: list[Diagnostic]) -> tuple[int, frozenset[str]] | None:
    words = rest.replace(",", " ").split()
    number = span.line
    if not words or words[0].lower() != "uit":
        problems.append(
            Diagnostic(
                "T103",
                Severity.WARNING,
                filename,
                span,
                "Deze '# taal:'-regel begrijp ik niet; ik zet geen controle uit.",
                "Schrijf '# taal: uit' (alles uit voor de volgende regel) of '# taal: uit T201' (alleen die melding).",
            )
        )
        return None
    codes = frozenset(w.upper() for w in words[1:])
    unknown = sorted(codes - KNOWN_CODES)
    if unknown:
        problems.append(
            Diagnostic(
                "T103",
                Severity.WARNING,
                filename,
                span,
                f"De code {', '.join(unknown)} ken ik niet in '# taal: uit'.",
                f"Kies uit {', '.join(sorted(KNOWN_CODES))}, of laat de code weg om alles uit te zetten.",
            )
        )
        if not codes & KNOWN_CODES:
            return None  # only unknown codes: switching everything off would be a guess
    return number, codes & KNOWN_CODES
