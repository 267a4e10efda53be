"""Short Dutch titles of the diagnostic codes (as docs/meldingen.md heads them), for a summary in words."""

from __future__ import annotations

# The headings of docs/meldingen.md for the codes `werkvorm check` and `werkvorm taal` give, without
# their Markdown (tests/test_writing_place_api.py keeps the two the same). A banner or a badge says
# what is wrong with these, never with the message itself: a message may quote the author's text,
# and a banner is printed on every page.
TITLES = {
    "E001": "geen tekst",
    "W002": "niet in UTF-8 opgeslagen",
    "E003": "leeg bestand",
    "E004": "nog geen werkvorm",
    "E100": "regel op een onverwachte plek",
    "E101": "onbekend kopje",
    "W110": "lijkt op een veld",
    "W111": "trefwoord midden in een alinea",
    "W112": "onzichtbaar regeleinde",
    "W113": "commentaar midden in een alinea",
    "W114": "onzichtbaar stuurteken",
    "W115": "titel van een stap over twee regels",
    "W116": "lijkt op een trefwoord",
    "W117": "veld zonder dubbele punt",
    "W118": "duur achter een ander woord",
    "W119": "zin die met een trefwoord begint",
    "E120": "tekst voor de begeleider tussen tekst voor deelnemers",
    "E121": "begeleider-veld zonder tekst",
    "W130": "keuze bij het importeren",
    "E102": "stap buiten VOORBEREIDING of SESSIE",
    "E103": "gegeven op de verkeerde plek",
    "E104": "EINDE RONDE zonder ronde",
    "E105": "ronde buiten de SESSIE",
    "E106": "veld zonder stap",
    "E107": "opsomming op een onverwachte plek",
    "E108": "blok niet ingesprongen",
    "E201": "duur niet te lezen",
    "E202": "aantal deelnemers niet te lezen",
    "E203": "ronde zonder aantal",
    "E204": "onbekende vragenlijst",
    "E205": "twee vragenlijsten met dezelfde naam",
    "E206": "begintijd niet te lezen",
    "E207": "dubbel",
    "E208": "per deelnemer, maar hoeveel deelnemers?",
    "W209": "stap zonder tekst",
    "W210": "onbekende rol",
    "E210": "geen titel",
    "W211": "geen SESSIE",
    "W212": "lege ronde",
    "E214": "kopje twee keer",
    "W215": "vragenlijst twee keer bij één stap",
    "W216": "vragenlijst bij veel stappen",
    "E217": "te veel blokken in elkaar",
    "E218": "EINDE van een ander blok",
    "E219": "grootte van de groepjes niet te lezen",
    "E220": "datum niet te lezen",
    "E221": "duur van 0 minuten",
    "W222": "geen grootste aantal deelnemers",
    "E223": "twee varianten met dezelfde naam",
    "E224": "onbekende variant",
    "E225": "bij variant op de verkeerde plek",
    "W301": "link zonder adres",
    "W302": "adres wordt geen link",
    "W303": "adres te lang voor een QR-code",
    "E401": "past niet in de tijd",
    "W402": "past misschien niet in de tijd",
    "W403": "weinig tijd voor stappen zonder duur",
    "W404": "geen totale duur",
    "W405": "duur in de tekst",
    "E406": "stappen passen niet in het tijdvak",
    "W407": "de sessie is korter dan gepland",
    "W408": "stappen passen misschien niet in het tijdvak",
    "I409": "zo vaak past de ronde",
    "W410": "niet uit te rekenen hoe vaak de ronde past",
    "W411": "geen enkele stap heeft een duur",
    "E412": "twee stappen met de rest van de tijd",
    "E413": "de rest van de tijd in een ronde zonder tijdvak",
    "W414": "de rest van de tijd zonder grens",
    "W701": "nog in te vullen",
    "W702": "de uitnodiging voor deze datum is nog niet af",
    "I703": "stappen zonder tekst voor deelnemers",
    "I704": "geen doel",
    "T100": "woordenboek ontbreekt",
    "T101": "woord niet in het woordenboek",
    "T102": "letter uit een ander schrift",
    "T103": "# taal:-regel niet begrepen",
    "T104": "woordenlijst niet te lezen",
    "T105": "d of t",
    "T201": "lange zin",
    "T202": "moeilijk woord",
    "T203": "lijdende vorm",
    "T204": "tekst moeilijk leesbaar",
}


def title_of(code: str) -> str:
    """The code's title, or the code itself for one this table does not know yet."""
    return TITLES.get(code, code)


def in_words(codes: list[str], most: int = 3) -> str:
    """What the codes say, once each, in the order given: 'duur niet te lezen; lege ronde'; with
    more than `most` different ones, the first ones and 'en meer'."""
    titles = list(dict.fromkeys(title_of(code) for code in codes))
    shown = "; ".join(titles[:most])
    return shown + ("; en meer" if len(titles) > most else "")
