"""Werkvormen for property tests: generated from the grammar itself (hypothesis.extra.lark), and
the files of formats/ mutated the way authors and editors break them; with a build context for each."""

import datetime
import re
import sys

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from conftest import ROOT
from werkvorm_dsl.analysis.schedule import plan
from werkvorm_dsl.app.build_command import Context
from werkvorm_dsl.language.keywords import KEYWORDS, Shape

sys.path.insert(0, str(ROOT / "scripts"))
from make_parser import grammar_lark


def quick_share(count: int) -> int:
    """A property test's own number of examples: `count` under `make test` (and `make fuzz`, as before),
    the same share of it under `make quick`, whose profile draws 25 where `make test` draws 150."""
    loaded = settings().max_examples
    return max(10, count * loaded // 150) if loaded < 150 else count


FORMAT_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "formats").glob("*.werkvorm"))]
SPELLINGS = sorted({w for kw in KEYWORDS for ws in kw.words.values() for w in ws})

WORDS = [
    "Welkom",
    "de",
    "groep",
    "vertelt",
    "een",
    "casus",
    "*nadruk*",
    "[link](https://example.org)",
    "&",
    "<b>",
    "ë",
    "vraag?",
    "team",
    "'citaat'",
    "(haakjes)",
    "—",
    "100%",
]
prose = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(lambda w: "Tekst " + " ".join(w))

VALUES = {
    "DURATION": st.sampled_from(
        [
            "5 min",
            "1 uur",
            "15 tot 20 min",
            "2 min per deelnemer",
            "anderhalf uur",
            "maximaal 10 min",
            "5 min, als er tijd is",
            "globaal 3 min",
            "minstens 4 min",
            "als er tijd is",
            "45 tot 60 min",
        ]
    ),
    "PARTICIPANTS": st.sampled_from(["3 tot 10", "6", "minimaal 2, maximaal 4"]),
    "START_TIME": st.sampled_from(["14:00", "9.30"]),
    "ROUND": st.sampled_from(
        [
            "2 keer",
            "2 tot 3 keer: telkens een ander",
            "per deelnemer",
            "in groepjes van 3",
            "per lid",
            "zo vaak als de tijd toelaat",
            "1 keer, als er tijd is: nog een casus",
        ]
    ),
    "GROUPS": st.sampled_from(["van 3", "van 2 tot 4", "van 3: ieder groepje een eigen plek"]),
    "BOX": st.sampled_from(["20 min", "maximaal 15 min: brainstorm", "30 min, als er tijd is"]),
    "PAUSE": st.sampled_from(["10 min", "15 min: koffie"]),
    "TIME_BOX": st.sampled_from(["8 min", "12 min"]),
    "ROLES": st.just("tijdbewaker, observator"),
    "FLOOR": st.sampled_from(["1 min", "2 min"]),
    "ABSENT": st.sampled_from(["casusinbrenger (verlaat de ruimte)", "tijdbewaker"]),
    "MATERIALS": st.sampled_from(["2 stiften per deelnemer, flip-over", "1 vel per groepje"]),
    "QUESTIONS": st.sampled_from(["doorvragen: Zo vraag je door", "extra"]),
    "QUESTIONS_REF": st.just("doorvragen"),
    "WHO": st.sampled_from(["begeleider", "deelnemers, casusinbrenger"]),
    "LINK": st.sampled_from(["[Meer](https://example.org/x)", "https://example.org", "Nog geen adres"]),
}


def line_for(keyword) -> st.SearchStrategy:
    spelling = st.sampled_from([w for words in keyword.words.values() for w in words])
    value = VALUES.get(keyword.terminal, prose)
    if keyword.terminal == "TITLE":
        return st.builds(lambda v: f"WERKVORM {v}\n", value)
    if keyword.shape is Shape.SECTION:
        return spelling.map(lambda w: f"\n{w.upper()}\n")
    if keyword.shape is Shape.SECTION_WITH_TEXT:
        # Openers indented deeper nest inside the block above them.
        indent = (
            st.sampled_from(["", "", "    ", "        "])
            if keyword.terminal in ("ROUND", "GROUPS", "BOX")
            else st.just("")
        )
        return st.builds(lambda i, w, v: f"\n{i}{w.upper()} {v}\n", indent, spelling, value)
    if keyword.shape is Shape.LEAD:
        return st.builds(lambda w, v: f"{w} {v}\n", spelling, value)
    return st.builds(lambda w, v: f"    {w}: {v}\n\n", spelling, value)


EXPLICIT = {kw.terminal: line_for(kw) for kw in KEYWORDS}
EXPLICIT.update(
    {
        "PROSE": prose.map(lambda t: f"{t}\n\n"),
        "NUMBERED": st.builds(lambda n, t: f"{n}. {t}\n\n", st.integers(1, 12), prose),
        "BULLET": prose.map(lambda t: f"- {t}\n\n"),
    }
)
werkvormen = from_lark(grammar_lark(), start="start", explicit=EXPLICIT)


def context_for(werkvorm):
    return Context(werkvorm, plan(werkvorm, "09:00"), "gegenereerd", datetime.date(2026, 12, 3), ".", 0)


@st.composite
def mutated_format(draw):
    lines = draw(st.sampled_from(FORMAT_TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        action = draw(
            st.sampled_from(
                [
                    "delete",
                    "swap",
                    "duplicate",
                    "cut",
                    "garble",
                    "tab",
                    "nul",
                    "long",
                    "number",
                    "wrap",
                    "keyword",
                    "break",
                ]
            )
        )
        if action == "delete":
            del lines[i]
        elif action == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "duplicate":
            lines.insert(j, lines[i])
        elif action == "cut":
            lines = lines[:i] + [lines[i][: draw(st.integers(0, max(0, len(lines[i]))))]]
        elif action == "tab":
            lines[i] = "\t" + lines[i].replace("    ", "\t")
        elif action == "nul":
            lines[i] = lines[i][:3] + "\x00" + lines[i][3:]
        elif action == "number":  # numbers right after a keyword: fmt once ate them
            number = draw(st.sampled_from(["3", "2030:", "1000", "3.", "3.5", "12)", "0"]))
            lines[i] = re.sub(r"^(\s*\S+)", lambda m, number=number: f"{m.group(1)} {number}", lines[i], count=1)
        elif action == "wrap":  # an editor's hard wrap at any space
            spaces = [k for k, c in enumerate(lines[i]) if c == " " and lines[i][:k].strip()]
            if spaces:
                k = draw(st.sampled_from(spaces))
                lines[i : i + 1] = [lines[i][:k], " " * (len(lines[i]) - len(lines[i].lstrip())) + lines[i][k + 1 :]]
        elif action == "keyword":  # a keyword word at the start of a line of prose
            lines[i] = re.sub(
                r"^(\s*)", lambda m: m.group(1) + draw(st.sampled_from(SPELLINGS)) + " ", lines[i], count=1
            )
        elif action == "break":
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + draw(st.sampled_from(["\u2028", "\x0b", "\x0c", "\u200b", "\x1b"])) + lines[i][k:]
        elif action == "long":
            lines[i] = lines[i] + " woord" * draw(st.integers(1000, 5000))
        else:
            lines[i] = draw(st.text(max_size=30))
    return "\n".join(lines)
