"""`werkvorm nieuw`: a commented example werkvorm that passes the check and teaches the language."""

from __future__ import annotations

import os
import shutil
import sys

TEMPLATE = """\
# Dit is een nieuwe werkvorm. Regels die met # beginnen zijn commentaar: het programma slaat ze
# over. Haal ze weg als u ze niet meer nodig hebt. Meer uitleg: docs/taalgids.md.
#
# Schrijven en meekijken in de browser:  werkvorm schrijven
# Controleren:  werkvorm check {bestand}
# Omzetten:     werkvorm build {bestand}

# De titel en de gegevens staan bovenaan.
WERKVORM {titel}
soort: intervisie
duur: 1 uur
deelnemers: 3 tot 8
vorm: online of offline
begeleiding: HR of een externe begeleider
doel: Leren van elkaars ervaringen met dit onderwerp.
startvraag: Wanneer lukte dit u de laatste keer goed?

# Voor de uitnodiging. Wat u nog niet weet, laat u weg: de uitnodiging zet er dan [invullen: …]
# zodat u ziet wat nog moet. Haal het # weg en vul in wat u wel weet:
# plaats: Stadhuis, zaal 2
# afzender: Els de Vries, gemeentesecretaris
# aanmelden: hr@gemeente.nl
# Zonder datum is dit een werkvorm om vaker te gebruiken. Plant u één bijeenkomst, zet er dan ook
# een datum en begintijd bij; werkvorm check zegt dan wat de uitnodiging nog mist:
# datum: 3 december 2026
# begintijd: 14:00

# Wat de organisator vooraf doet. Stappen beginnen met 'stap'.
VOORBEREIDING

stap Maak een afspraak met de deelnemers.
    De uitnodiging laat u bij voorkeur door de gemeentesecretaris versturen.
    teaser: Wat hebt u nodig om dit goed te doen?

# De bijeenkomst zelf. Geef elke stap een duur; het programma telt ze op.
# De tekst van een stap is een aanwijzing voor de begeleider. Wat deelnemers over die stap lezen
# in het programma van hun hand-out, schrijft u achter 'voor deelnemers:'.
SESSIE

stap Opening
    duur: 5 min
    wie: begeleider
    Herhaal het doel van de sessie en maak afspraken over vertrouwelijkheid.
    voor deelnemers: U hoort het doel van de sessie, en we maken afspraken over vertrouwelijkheid.
    begeleider: Deze regel is alleen voor de begeleider en staat niet op de hand-out.

stap Voorstelronde
    duur: 1 min per deelnemer
    wie: deelnemers
    Iedereen vertelt in één zin wat hij of zij vandaag wil leren.
    voor deelnemers: U vertelt in één zin wat u vandaag wilt leren.

# Een ronde herhaalt stappen, hier voor twee of drie casusinbrengers.
RONDE 2 tot 3 keer: telkens met een andere casusinbrenger

stap Casus vertellen
    duur: 5 min
    wie: casusinbrenger
    voorbeeld: Ik had laatst een gesprek waarin ik merkte dat ik niet goed luisterde.
    voor deelnemers: Bent u casusinbrenger? Dan vertelt u over een situatie uit uw werk.

stap Doorvragen
    duur: 8 min
    wie: deelnemers
    vragen: doorvragen
    voor deelnemers: U stelt de casusinbrenger vragen en vraagt door.

EINDE RONDE

stap Afsluiting
    duur: 5 min
    Vraag iedereen wat hij of zij meeneemt.
    voor deelnemers: U vertelt wat u meeneemt uit deze sessie.

# Ideeën voor daarna, als opsomming.
SUGGESTIES

- Plan over drie maanden een vervolg.

# Een vragenlijst waar een stap naar verwijst met 'vragen: doorvragen'.
VRAGEN doorvragen: Zo vraagt u door

1. Wat is de situatie? Wie is betrokken?
2. Wat deed u, en wat gebeurde er toen?
3. Wat zou u een volgende keer anders doen?
"""


def text_for(file_name: str, title: str) -> str:
    return TEMPLATE.format(bestand=file_name, titel=title)


def new_werkvorm(name: str) -> tuple[str, bytes]:
    """The file name and contents `werkvorm nieuw NAAM` makes: a safe name from NAAM, its title in the text."""
    from werkvorm_dsl.system.names import slug_for
    from werkvorm_dsl.system.safe_text import one_line

    slug = slug_for(name if name.endswith(".werkvorm") else name + ".werkvorm")
    file_name = f"{slug}.werkvorm"
    # A line break in the name would otherwise start a line of its own in the new werkvorm.
    title = one_line(name.removesuffix(".werkvorm").replace("-", " ")).capitalize() or "Nieuwe werkvorm"
    return file_name, text_for(file_name, title).encode("utf-8")


def write_new(name: str) -> int:
    """Write NAAM.werkvorm in the current folder, whole or not at all; never over an existing file."""
    from werkvorm_dsl.system.files import FileFault, create_file

    file_name, data = new_werkvorm(name)
    try:
        create_file(file_name, data)
    except FileExistsError:
        raise FileFault(
            "Dit bestand bestaat al; ik overschrijf niets.",
            "E506",
            file_name,
            "Kies een andere naam, of open het bestaande bestand.",
        ) from None
    werkvorm = command_name()
    print(f"{file_name} is gemaakt; de regels met # leggen uit hoe het werkt.")
    print(f"Schrijf verder in uw browser, met controle en voorbeeld erbij: {werkvorm} schrijven")
    print(f"Werkt u liever in een teksteditor? Controleer het bestand dan met: {werkvorm} check {file_name}")
    return 0


def command_name() -> str:
    """How the author can call `werkvorm` again from here: by its name when that finds this very
    program, otherwise by the path it was started with (such as .venv/bin/werkvorm)."""
    started = sys.argv[0] if sys.argv and os.path.basename(sys.argv[0]) == "werkvorm" else ""
    if not started:
        return "werkvorm"
    found = shutil.which("werkvorm")
    if found and os.path.realpath(found) == os.path.realpath(started):
        return "werkvorm"
    relative = os.path.relpath(started)
    if relative.startswith(".."):
        return os.path.abspath(started)
    return relative if os.sep in relative else os.path.join(".", relative)
