"""Werkvorm texts, hostile inputs and facts about them that test files of several stages share."""

import re

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


GUIDE = ROOT / "docs" / "taalgids.md"
FENCED = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
# A fragment of a session ('stap …', 'RONDE …') is checked inside a minimal werkvorm, with the group
# size the guide's text around it assumes ('1 min per deelnemer'); a block of shell commands or of
# check's output starts otherwise and is no werkvorm text.
FRAGMENT_HEAD = "WERKVORM Voorbeeld\ndeelnemers: 5 tot 8\n\n"
WHOLE = re.compile(r"WERKVORM\b")
SESSION = re.compile(r"SESSIE\b")
SESSION_PART = re.compile(r"(?:stap|RONDE|BLOK|PAUZE|GROEPJES|TWEETALLEN|DRIETALLEN|VIERTALLEN)\b")


def guide_examples() -> list[str]:
    """Every werkvorm example of docs/taalgids.md, a fragment inside a minimal werkvorm."""
    found = []
    for block in FENCED.findall(GUIDE.read_text(encoding="utf-8")):
        if WHOLE.match(block):
            found.append(block)
        elif SESSION.match(block):
            found.append(FRAGMENT_HEAD + block)
        elif SESSION_PART.match(block):
            found.append(FRAGMENT_HEAD + "SESSIE\n" + block)
    return found


# The pages that run a clock of their own: the live view and the room's screen it leads.
LIVE_VIEW_TEMPLATES = tuple(ROOT / f"src/werkvorm_dsl/output/templates/{name}.html" for name in ("leiden", "zaal"))
LIVE_VIEW_PLAN = re.compile(r'(<script type="application/json" id="plan">)(.*?)(</script>)', re.S)


def markup_of(html: str) -> str:
    """An HTML output as markup only. The live view (leiden.html) and the room's screen (zaal.html) have two
    scripts by design: their plan, author text as JSON in which no '<' may stand, and their clock, which must be
    their template's own to the byte. Both are left out here, so that a test for injected markup reads what
    remains; every other output is as it is."""
    plan = LIVE_VIEW_PLAN.search(html)
    if plan is None:
        return html
    assert "<" not in plan.group(2), "the live view's plan holds a '<'"
    clocks = [
        re.search(r"<script>.*?</script>", path.read_text(encoding="utf-8"), re.S) for path in LIVE_VIEW_TEMPLATES
    ]
    own = [clock.group(0) for clock in clocks if clock and html.count(clock.group(0)) == 1]
    assert len(own) == 1, "the live view's clock is not the template's own"
    return LIVE_VIEW_PLAN.sub(r"\1\3", html).replace(own[0], "")
