"""Confidentiality: no text of a facilitator field, in any spelling the lexer accepts, in any place, reaches a
participant output (the hand-out, the cards, the invitation); nor any leak an attack on the rules found."""

import functools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from strategies import context_for
from werkvorm_dsl import check, parse
from werkvorm_dsl.output import registry

FOUND = ROOT / "tests/hostile/gevonden"


SECRET = "Zqvx geheim"


LABELS = [
    "begeleider",
    "alleen begeleider",
    "alleen voor begeleider",
    "facilitator",
    "Alleen voor de begeleider",
    "Voor de begeleider",
    "Begeleider (alleen)",
    "Voor begeleiders",
    "Tip voor de facilitator",
    "Noot voor de gespreksleider",
    "BEGELEIDER",
    "Begeleider",
]


DISGUISES = [
    "{}",
    "\u200b{}",
    "\ufeff{}",
    "{}\u00ad",
    "be\u200bgeleider{}",
    "{}\u2060",
    "\uff42\uff45\uff47\uff45\uff4c\uff45\uff49\uff44\uff45\uff52{}",
]


COLONS = [":", "\uff1a", " :", "\ufe55"]


BEFORE = [
    "stap Opening\n",
    "stap Opening\u2028",
    "stap Opening\x0b",
    "    Welkom iedereen.\n",
    "    Welkom iedereen\n",
    "    duur: 5 min\n",
    "    - een punt\n",
    "    voorbeeld: Zo gaat het\n",
    "    Welkom.\u2029",
]
# Issue 24: under the points of 'tegelijk:' too; generated (below), the exhaustive sweep keeps to BEFORE.
AT_ONCE = ["    tegelijk:\n    - tijdbewaker: let op de tijd\n", "    tegelijk:\n    - begeleider: leidt het gesprek\n"]


# The constructs of issue 24 that hold steps: the secret's step stands in each (before it, after it).
AROUND = [
    ("", ""),
    (
        "KEUZE naar het aantal deelnemers\nBIJ maximaal 12 deelnemers: de hele groep\n",
        "BIJ 13 of meer deelnemers: aan tafels\nstap Aan tafel\n    duur: 10 min\nEINDE KEUZE\n",
    ),
    ("RONDE 2 keer\n    1e keer: Wat?\n        Wat viel u op?\n    de andere keren: Wat nu?\n", "EINDE RONDE\n"),
    ("RONDE 1 tot 3 keer\n    eerste keer: Kennismaken\n    de andere keren: Verdiepen\n", "EINDE\n"),
]


PARTICIPANT_OUTPUTS = ("deelnemers", "kaarten", "uitnodiging", "zaal")


def disguised(label: str, disguise: str) -> str:
    """The label with an invisible or full-width disguise: around it, or inside 'begeleider'."""
    if "{}" in disguise and not disguise.startswith("{}") and not disguise.endswith("{}"):
        return label  # an infix disguise needs a word to go in
    if not disguise.startswith(("{}", "\u200b", "\ufeff")) or disguise.endswith("geleider{}") or "\uff42" in disguise:
        word = disguise.format("")
        return label.replace("begeleider", word) if "begeleider" in label else label
    return disguise.format(label)


@st.composite
def secret_werkvormen(draw):
    label = disguised(draw(st.sampled_from(LABELS)), draw(st.sampled_from(DISGUISES)))
    colon = draw(st.sampled_from(COLONS))
    before = draw(st.sampled_from(BEFORE + AT_ONCE))
    more = draw(st.sampled_from(["", "\n    en Xwyq nog meer", "\nXwyq vervolg"]))
    head = "stap Opening\n" if not before.startswith("stap") else ""
    opening, closing = draw(st.sampled_from(AROUND))
    return (
        f"WERKVORM Geheim\nduur: 30 min\nbegintijd: 14:00\n\nSESSIE\n{opening}{head}{before}    {label}{colon} "
        f"{SECRET}{more}\n    duur: 10 min\n{closing}stap Slot\n    duur: 5 min\n"
    )


def participant_texts(werkvorm) -> dict[str, str]:
    return _rendered(werkvorm, werkvorm.parse_problems)


@functools.cache
def _rendered(werkvorm, parse_problems) -> dict[str, str]:
    """The participant outputs are a function of what the parser made (context_for fixes the rest):
    texts that parse to an equal werkvorm, spans and parse problems included, share one render."""
    context = context_for(werkvorm)
    found = {}
    for name in PARTICIPANT_OUTPUTS:
        for suffix, content in registry.get(name).render(context).files.items():
            found[f"{name}.{suffix}"] = content if isinstance(content, str) else content.decode("utf-8", "replace")
    return found


@functools.cache  # the same rendered outputs come back for many texts (see _rendered)
def plain(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", text).replace("\\n", " ").replace("\r\n ", "").split())


def secret_stays_hidden(text: str) -> None:
    werkvorm = parse(text)
    if any(d.is_error for d in check(werkvorm)):
        return  # the build refuses a werkvorm with errors: nothing is printed
    for name, content in participant_texts(werkvorm).items():
        assert "Zqvx" not in plain(content), f"{name} shows facilitator text:\n{text}"
        assert "Xwyq" not in plain(content), f"{name} shows the facilitator text's second line:\n{text}"


@given(secret_werkvormen())
def test_no_facilitator_text_in_any_spelling_reaches_participants(text):
    secret_stays_hidden(text)


def test_every_label_disguise_and_place_keeps_the_secret():
    """Every combination, all 3,024 of them, each parsed and checked. They parse to some 200 distinct
    werkvormen, and participant_texts renders each of those once: the sweep stays whole in `make test`
    at the cost of 200 renders instead of 3,024 (it took a minute)."""
    for label in LABELS:
        for disguise in DISGUISES:
            for before in BEFORE:
                for colon in COLONS:
                    written = disguised(label, disguise)
                    secret_stays_hidden(
                        f"WERKVORM Geheim\nduur: 30 min\n\nSESSIE\nstap Opening\n{before}"
                        f"    {written}{colon} {SECRET}\n    duur: 10 min\n"
                    )


def test_the_secret_check_can_fail():
    with pytest.raises(AssertionError):
        secret_stays_hidden(
            # an example reaches the cards; a plain paragraph no longer does (it is the facilitator's)
            f"WERKVORM Geheim\nduur: 30 min\n\nSESSIE\nstap Opening\n    voorbeeld: begeleider\\: {SECRET}\n"
            "    duur: 10 min\n"
        )


NAMES = ("Jan", "Piet", "Marie", "Kees", "Anna", "Bram", "Els", "Tom")


@pytest.mark.parametrize("path", sorted(FOUND.glob("lek-*.werkvorm")), ids=lambda p: p.name)
def test_found_leaks_are_refused_or_hidden(path):
    werkvorm = parse(path.read_text(encoding="utf-8"))
    if any(d.is_error for d in check(werkvorm)):
        return  # the build refuses it, and the error names the line
    for name, content in participant_texts(werkvorm).items():
        shown = [n for n in NAMES if re.search(rf"\b{n}\b", plain(content))]
        assert not shown, f"{name} shows {shown}"
