"""Hostile inputs for the growth rows of `make bench`: time at size n against 4n, for check and render."""

from __future__ import annotations

HEAD = "WERKVORM Groei\nduur: 1 uur\n\nSESSIE\nstap Lang\n    duur: 5 min\n    "


def one_line(unit: str):
    """A step whose one line repeats `unit` n times."""
    return lambda n: HEAD + unit * n + "\n"


def long_list(n: int) -> str:
    return HEAD + "\n".join(f"    - punt {i}" for i in range(n)) + "\n"


def list_named_by_every_step(n: int) -> str:
    """n steps that each name one long question list (twice): W215, W216, and the draaiboek stays small."""
    steps = "".join(f"stap Stap {i}\n    duur: 0 min\n    vragen: lang\n    vragen: lang\n" for i in range(n))
    questions = "".join(f"- Vraag {i} met een flinke zin erbij?\n" for i in range(200))
    return f"WERKVORM Groei\nduur: 1 uur\n\nSESSIE\n{steps}\nVRAGEN lang: Een lange lijst\n{questions}"


def prose_of_keywords(n: int) -> str:
    """n wrapped prose lines that each start with a keyword word, a label or an odd line break:
    the structure rule, the label scan and the normalisation on every line."""
    lines = [
        "stap voor stap",
        "Stap voor stap.",
        "vragen stellen en",
        "voorbeeld: zo",
        "Voor de begeleider\\: x.",
        "ronde na ronde",
        "#hashtag erbij",
        "be\u200bgeleider zegt\u2028dit",
        "welkom… Begeleider\\: nee",
    ]
    return HEAD + "\n    ".join(f"{lines[i % len(lines)]} {i} en" for i in range(n)) + "\n"


def many_blocks(n: int) -> str:
    """n rounds, groups and boxes, each nesting another: the plan, the draaiboek's block notes and
    the cards walk every block; a search per block would make this quadratic."""
    blocks = []
    for i in range(n):
        blocks.append(
            f"RONDE 2 keer: ronde {i}\nstap A {i}\n    duur: 1 min\n    GROEPJES van 2 tot 3\n"
            f"    tijdvak: 3 min\n    stap B {i}\n        duur: 1 min\n    EINDE\nEINDE\n"
            f"BLOK 2 min\nstap C {i}\nEINDE\nPAUZE 1 min\n"
        )
    return "WERKVORM Groei\nduur: 1 uur\ndeelnemers: 4 tot 9\n\nSESSIE\n" + "".join(blocks)


def many_variants(n: int) -> str:
    """n variants of one session of 20 steps, each with its own total and one step's own duration:
    check resolves and checks every variant, and each gets its own documents, as `werkvorm build` makes them."""
    names = [f"v{i}" for i in range(n)]
    variants = "".join(f"VARIANT {name}: variant {i}\nduur: {50 + i % 20} min\n\n" for i, name in enumerate(names))
    steps = []
    for number in range(20):
        ours = [(i, name) for i, name in enumerate(names) if i % 20 == number]
        changes = [f"    bij variant {name}: {1 + (number + i) % 3} min" for i, name in ours]
        steps.append("\n".join([f"stap Stap {number}", "    duur: 3 min", *changes]))
    return "WERKVORM Groei\nduur: 1 uur\ndeelnemers: 4 tot 9\n\n" + variants + "SESSIE\n" + "\n".join(steps) + "\n"


# name: (werkvorm text for size n, n)
CASES = {
    "een regel van n keer '['": (one_line("["), 8_000),
    "n keer '*_[``'": (one_line("*_[``"), 4_000),
    "n keer '[a]('": (one_line("[a]("), 4_000),
    "n keer '[x](a(b)'": (one_line("[x](a(b)"), 2_000),
    "n keer '](<'": (one_line("](<"), 8_000),
    "een opsomming van n punten": (long_list, 5_000),
    "n stappen met één lange vragenlijst": (list_named_by_every_step, 100),
    "n regels die met een trefwoord beginnen": (prose_of_keywords, 4_000),
    "n geneste rondes, groepjes, blokken en pauzes": (many_blocks, 100),
    "'stap (5 min)' en n spaties": (
        lambda n: HEAD.replace("stap Lang\n    duur: 5 min", "stap (5 min)" + " " * n + "x"),
        20_000,
    ),
    "n varianten (elk met eigen stukken)": (many_variants, 25),
}


def check_and_render(text: str) -> None:
    """What `werkvorm check` and the HTML and Markdown part of `werkvorm build` do with a text: the
    documents of the werkvorm and of each of its variants."""
    from werkvorm_dsl import check, parse
    from werkvorm_dsl.analysis.variants import resolve

    werkvorm = parse(text, "groei.werkvorm")
    check(werkvorm)
    for each in [werkvorm, *(resolve(werkvorm, variant.name) for variant in werkvorm.variants)]:
        _render(each)


def _render(werkvorm) -> None:
    from werkvorm_dsl.analysis.schedule import plan
    from werkvorm_dsl.app.build_command import Context
    from werkvorm_dsl.output import registry

    context = Context(werkvorm, plan(werkvorm), "groei", None, ".", 0)
    for name in ("draaiboek", "deelnemers", "kaarten"):
        registry.get(name).render(context)
