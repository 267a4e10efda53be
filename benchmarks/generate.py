"""Generated werkvormen for benchmarks and limit tests: realistic shape, any number of them."""

from __future__ import annotations

from pathlib import Path


def werkvorm_text(index: int, steps: int = 8) -> str:
    lines = [
        f"WERKVORM Gegenereerde werkvorm {index}",
        "soort: intervisie",
        "duur: 1 uur",
        "deelnemers: 3 tot 8",
        "rollen: tijdbewaker",
        "materiaal: 2 stiften per deelnemer, flip-over",
        "minimum per stap: 2 min",
        "",
        "VOORBEREIDING",
        "stap Nodig de groep uit.",
        "    teaser: Wanneer voelde jij je echt gehoord?",
        "",
        "SESSIE",
    ]
    for step in range(steps):
        lines += [
            f"stap Stap {step} van werkvorm {index}",
            "    duur: 4 min",
            "    wie: deelnemers",
            "    Vraag iedere deelnemer naar een *voorbeeld* uit de praktijk.",
            "",
        ]
    lines += [
        "RONDE 2 tot 3 keer: telkens een ander",
        "stap Casus",
        "    duur: 3 min",
        "EINDE RONDE",
        "",
        "PAUZE 5 min: koffie",
        "",
        "GROEPJES van 3: elk groepje een eigen tafel",
        "tijdvak: 8 min",
        "    RONDE per lid",
        "    stap Vertel je vraag.",
        "        duur: 1 tot 2 min",
        "        wie: tijdbewaker",
        "    EINDE RONDE",
        "EINDE GROEPJES",
        "",
        "BLOK maximaal 5 min: afronden",
        "stap Wat neem je mee?",
        "    duur: als er tijd is",
        "EINDE BLOK",
        "",
        "SUGGESTIES",
        "- Herhaal dit over een halfjaar.",
        "",
    ]
    return "\n".join(lines)


def write_werkvormen(folder: Path, count: int) -> None:
    for index in range(count):
        (folder / f"werkvorm-{index:04d}.werkvorm").write_text(
            werkvorm_text(index, steps=index % 4 + 4), encoding="utf-8"
        )
