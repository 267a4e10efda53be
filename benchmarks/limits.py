"""Extreme but possible werkvormen: each must end in linear time and bounded memory, or in a diagnostic."""

from __future__ import annotations

LINE = "Dit is een regel tekst van een heel lange alinea die iemand uit Word heeft geplakt."
HEAD = "WERKVORM Grens\nduur: 1 uur\n\nSESSIE\n"


def five_megabytes() -> str:
    step = "stap Een stap\n    duur: 1 min\n    " + LINE + "\n\n"
    return HEAD + step * (5 * 1024 * 1024 // len(step))


def hundred_thousand_steps() -> str:
    return HEAD + "".join(f"stap Stap {i}\n    duur: 1 min\n" for i in range(100_000))


def ten_thousand_line_paragraph() -> str:
    return HEAD + "stap Lang\n    duur: 5 min\n" + "\n".join(LINE for _ in range(10_000)) + "\n"


def a_million_rounds() -> str:
    return HEAD + "RONDE 1000000 keer\nstap Casus\n    duur: 5 min\nEINDE RONDE\n"


def a_hundred_thousand_participants() -> str:
    return (
        "WERKVORM Grens\nduur: 1 uur\ndeelnemers: 1 tot 100000\n\nSESSIE\n"
        "stap Rondje\n    duur: 1 min per deelnemer\nRONDE per deelnemer\nstap Casus\n    duur: 2 min\n"
    )


def nested_and_unterminated_rounds() -> str:
    return HEAD + "RONDE 2 keer\n" * 10_000 + "stap Binnenste\n    duur: 1 min\n" + "EINDE RONDE\n" * 3


CASES = {
    "een bestand van 5 MB": five_megabytes,
    "100.000 stappen": hundred_thousand_steps,
    "een alinea van 10.000 regels": ten_thousand_line_paragraph,
    "RONDE 1000000 keer": a_million_rounds,
    "deelnemers: 1 tot 100000": a_hundred_thousand_participants,
    "10.000 rondes zonder einde": nested_and_unterminated_rounds,
}
