"""Werkvorm texts, hostile inputs and facts about them that test files of several stages share."""

from conftest import ROOT
from werkvorm_dsl import parse
from werkvorm_dsl.language.nodes import FacilitatorOnly, Note

# The werkvorm serve's tests edit: a format of ours, clean.
GOOD = (ROOT / "formats" / "iedereen-aan-de-beurt.werkvorm").read_text(encoding="utf-8")

# A werkvorm with a round, roles and a question list: what the editor services and the LSP point at.
ROUNDS = """\
WERKVORM Rondes
duur: 45 min
begintijd: 14:00
deelnemers: 4
rollen: tijdbewaker

SESSIE
stap Welkom
    duur: 5 min
    wie: begeleider

RONDE 3 keer: telkens een ander
stap Vertellen
    duur: 5 min
    wie: casusinbrenger
    vragen: verdieping

stap Vragen stellen
    duur: 4 min
EINDE RONDE

stap Afsluiting
    duur: 10 min

VRAGEN verdieping: Vragen die verdiepen
- Wat gebeurde er?
- Wat deed je?
"""

# Hostile werkvormen (tests/hostile), and markup none of them may turn into in any output.
HOSTILE = sorted((ROOT / "tests/hostile").glob("*.werkvorm"))
INJECTED = (
    "<script>alert(",
    "<style>body",
    "<iframe",
    "<img src=x",
    "<svg onload",
    "<object data",
    "<b onclick",
    "<link rel",
    "</title></head><body>",
    '<a href="javascript',
)


def facilitator_texts(path):
    """Every text of a werkvorm file meant for the facilitator alone (its notes and facilitator fields)."""
    werkvorm = parse(path.read_text(encoding="utf-8"))
    found = []

    def walk(node):
        if isinstance(node, (FacilitatorOnly, Note)):
            found.append(node.text)
        elif isinstance(node, tuple):
            for item in node:
                walk(item)
        elif hasattr(node, "__dataclass_fields__"):
            for field in node.__dataclass_fields__:
                walk(getattr(node, field))

    walk(werkvorm)
    return found
