"""Closed kinds (parts, blocks, agenda rows, cards): a new kind is refused by mypy at every match on
its kind, and at run time by assert_never, never skipped in silence.

The checker's side runs mypy on a copy of the package in which each closed kind has one member more
(a fake part, block, row kind and card kind); the matches that must report it are found in the
source, as those whose cases cover every member of the kind. tests/analysis/test_session_model.py holds the
first runtime test of a new kind of part (the walker, the timing and the templates); this file
extends it to every dispatch and adds the checker.
"""

from __future__ import annotations

import ast
import functools
import os
import re
import shutil
import subprocess
import sys
import typing
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

import pytest

from werkvorm_dsl import parse
from werkvorm_dsl.analysis import checks, choices, round_prompts, schedule, timing
from werkvorm_dsl.analysis.schedule import Plan, RowKind, plan
from werkvorm_dsl.app import editor_services
from werkvorm_dsl.language import nodes, prose
from werkvorm_dsl.language.nodes import Section, Span
from werkvorm_dsl.output import render
from werkvorm_dsl.output.documents import common, deelnemers, kaarten, leiden, overzicht, zaal
from werkvorm_dsl.output.documents.kaarten import CardKind

ROOT = next(folder for folder in Path(__file__).resolve().parents if (folder / "pyproject.toml").is_file())
PACKAGE = ROOT / "src" / "werkvorm_dsl"


# --- the closed kinds, and the member each gets in the copy ----------------------------------------


@dataclass(frozen=True)
class Kind:
    """A closed kind: its members (read from the package itself), and how the copy adds one more."""

    name: str
    members: tuple  # classes of a union, or members of an enum
    file: str  # where the copy adds the new member, relative to the package
    anchor: str  # how the line starts that the new member is added to: the union, or the enum's last member
    addition: str
    as_mypy_says: str  # the new member's type in mypy's message


KINDS = (
    Kind(
        "part",
        typing.get_args(nodes.Part),
        "language/nodes.py",
        "Part = ",
        " | Workshop",
        "Workshop",
    ),
    Kind(
        "block",
        typing.get_args(nodes.Block),
        "language/nodes.py",
        "Block = ",
        " | Sticker",
        "Sticker",
    ),
    Kind(
        "row",
        tuple(RowKind),
        "analysis/schedule.py",
        '    SLACK = "speling"',
        '\n    EXTRA = "extra"',
        "Literal[RowKind.EXTRA]",
    ),
    Kind(
        "card",
        tuple(CardKind),
        "output/documents/kaarten.py",
        '    QUESTIONS = "vragen"',
        '\n    NOTE = "notitie"',
        "Literal[CardKind.NOTE]",
    ),
)

# The new part and block, defined in the copy's nodes.py after its imports, before the unions that name them.
NEW_NODES = '''
@dataclass(frozen=True, slots=True)
class Workshop:
    """A kind of part that no dispatch knows."""

    span: Span


@dataclass(frozen=True, slots=True)
class Sticker:
    """A kind of block that no dispatch knows: neither a keyword's text nor plain prose."""

    text: str
    span: Span


'''


# --- where the package dispatches on a kind --------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """A match whose cases cover every member of a kind: a dispatch on that kind."""

    file: str  # relative to the package
    function: str  # the outermost function it is in
    match_line: int
    never_line: int | None  # the line of its closing `assert_never`, if it has one


def _pattern_names(match: ast.Match) -> tuple[set[str], set[tuple[str, str]]]:
    """The classes in the match's class patterns, and the (enum, member) of its value patterns."""
    classes: set[str] = set()
    values: set[tuple[str, str]] = set()
    for case in match.cases:
        for node in ast.walk(case.pattern):
            if isinstance(node, ast.MatchClass):
                classes.add(node.cls.attr if isinstance(node.cls, ast.Attribute) else getattr(node.cls, "id", ""))
            elif isinstance(node, ast.MatchValue) and isinstance(node.value, ast.Attribute):
                owner = node.value.value
                values.add((getattr(owner, "id", ""), node.value.attr))
    return classes, values


def _covers(kind: Kind, match: ast.Match) -> bool:
    classes, values = _pattern_names(match)
    if kind.name in ("row", "card"):
        enum = type(kind.members[0]).__name__
        return {(enum, member.name) for member in kind.members} <= values
    known = [getattr(nodes, name) for name in classes if isinstance(getattr(nodes, name, None), type)]
    return all(any(issubclass(member, cls) for cls in known) for member in kind.members)


def _closing_never(match: ast.Match) -> int | None:
    last = match.cases[-1]
    if not (isinstance(last.pattern, ast.MatchAs) and last.pattern.pattern is None):
        return None
    calls = [
        node for node in ast.walk(last) if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "assert_never"
    ]
    return calls[0].lineno if calls else None


@functools.cache
def _modules(package: Path) -> tuple[tuple[Path, ast.Module], ...]:
    """Every module of the package, parsed (the generated parser tables left out)."""
    paths = sorted(path for path in package.rglob("*.py") if path.name != "parser_tables.py")
    return tuple((path, ast.parse(path.read_text(encoding="utf-8"))) for path in paths)


def dispatch_sites(package: Path, kind: Kind) -> list[Site]:
    found = []
    for path, tree in _modules(package):
        outermost: dict[int, str] = {}
        for function in (node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)):
            for inner in ast.walk(function):
                outermost.setdefault(id(inner), function.name)
        for match in (node for node in ast.walk(tree) if isinstance(node, ast.Match)):
            if _covers(kind, match):
                relative = path.relative_to(package).as_posix()
                found.append(Site(relative, outermost.get(id(match), ""), match.lineno, _closing_never(match)))
    return found


# --- mypy on a copy with one more member of every kind -------------------------------------------------


NEVER_CALL = re.compile(r"^(\s*)assert_never\((.+)\)\s*$", re.MULTILINE)


def _extend(package: Path) -> None:
    """Add the new members to the copy, and let mypy say the type at every assert_never."""
    _add_after(package / "language/nodes.py", "from typing import assert_never", "\n" + NEW_NODES)
    for kind in KINDS:
        _add_after(package / kind.file, kind.anchor, kind.addition)
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        marked = NEVER_CALL.sub(r"\1reveal_type(\2)\n\1assert_never(\2)", text)
        if marked != text:
            path.write_text(marked, encoding="utf-8")


def _add_after(path: Path, start: str, addition: str) -> None:
    """`addition` at the end of the first line that starts with `start`."""
    text = path.read_text(encoding="utf-8")
    line = next((line for line in text.splitlines() if line.startswith(start)), None)
    assert line is not None, f"{path.name} has no line starting with {start!r}: update this test"
    path.write_text(text.replace(line, line + addition, 1), encoding="utf-8")


@dataclass(frozen=True)
class Checked:
    package: Path
    lines: list[str]


@pytest.fixture(scope="module")
def checked_copy(tmp_path_factory) -> Checked:
    copy = tmp_path_factory.mktemp("closed-kinds")
    package = copy / "src" / "werkvorm_dsl"
    for source in PACKAGE.rglob("*.py"):
        target = package / source.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    shutil.copyfile(ROOT / "pyproject.toml", copy / "pyproject.toml")
    if (ROOT / ".mypy_cache").is_dir():  # make lint's cache: then only our own modules are checked again
        shutil.copytree(ROOT / ".mypy_cache", copy / ".mypy_cache")
    _extend(package)
    environment = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "MYPYPATH")}
    done = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=copy, env=environment, capture_output=True, text=True, timeout=900
    )
    assert re.search(r"^(Found \d+ errors? in|Success:)", done.stdout, re.MULTILINE), done.stdout + done.stderr
    return Checked(package, done.stdout.splitlines())


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_mypy_reports_a_new_kind_at_every_match_on_its_kind(checked_copy, kind):
    sites = dispatch_sites(checked_copy.package, kind)
    assert sites, f"no match dispatches on the {kind.name} kind: the test would prove nothing"
    missing = []
    for site in sites:
        if site.never_line is not None:
            wanted = (
                f'src/werkvorm_dsl/{site.file}:{site.never_line}: error: Argument 1 to "assert_never" '
                f'has incompatible type "{kind.as_mypy_says}"'
            )
        else:
            wanted = f"src/werkvorm_dsl/{site.file}:{site.match_line}: error: Match statement has unhandled case"
        if not any(line.startswith(wanted) for line in checked_copy.lines):
            missing.append(f"{site.file}:{site.match_line} ({site.function})")
    assert not missing, f"mypy let a new {kind.name} kind through at: {missing}"


def test_the_walker_and_the_timing_are_among_the_matches_found():
    """The search for dispatches finds the ones known to exist (so a change to it cannot go blind)."""
    part = next(kind for kind in KINDS if kind.name == "part")
    functions = {(site.file, site.function) for site in dispatch_sites(PACKAGE, part)}
    assert {("language/nodes.py", "walk"), ("analysis/timing.py", "_cost_of"), ("output/render.py", "part_kind")} <= (
        functions
    )


def test_every_assert_never_is_on_a_typed_subject(checked_copy):
    """A match on an unannotated parameter is a match on Any: mypy would verify nothing there."""
    revealed = [line for line in checked_copy.lines if "Revealed type is" in line]
    untyped = [line for line in revealed if re.search(r"\bAny\b", line)]
    assert not untyped, "assert_never on a subject of type Any:\n" + "\n".join(untyped)
    # the new members are seen where they are dispatched on (elsewhere the branch is unreachable)
    assert any('"werkvorm_dsl.language.nodes.Workshop"' in line for line in revealed), revealed


# --- no dispatch on a closed kind by if/elif or by 'otherwise it must be …' -----------------------------


CLOSED_CLASSES = {
    cls.__name__ for cls in (*typing.get_args(nodes.Part), *typing.get_args(nodes.Block), Section, nodes.ListSection)
} | {"QuestionList"}
CLOSED_ENUMS = {"RowKind", "CardKind"}


def _isinstance_subject(test: ast.expr) -> str | None:
    """The expression an `isinstance(x, <closed kind>)` test is about, as source text."""
    if not (isinstance(test, ast.Call) and getattr(test.func, "id", "") == "isinstance" and len(test.args) == 2):
        return None
    kinds = test.args[1].elts if isinstance(test.args[1], ast.Tuple) else [test.args[1]]
    if not all(getattr(kind, "id", None) in CLOSED_CLASSES for kind in kinds):
        return None
    return ast.unparse(test.args[0])


def _enum_subject(test: ast.expr) -> str | None:
    """The expression an `x is RowKind.STEP` or `x in (RowKind.A, RowKind.B)` test is about."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    right = test.comparators[0]
    values = right.elts if isinstance(right, ast.Tuple) else [right]
    owners = {getattr(getattr(value, "value", None), "id", None) for value in values}
    if not owners or not owners <= CLOSED_ENUMS:
        return None
    return ast.unparse(test.left)


def if_chain_dispatches(package: Path) -> list[str]:
    found = []
    for path, tree in _modules(package):
        for node in ast.walk(tree):
            place = f"{path.relative_to(package).as_posix()}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.If) and len(node.orelse) == 1 and isinstance(node.orelse[0], ast.If):
                for subject_of in (_isinstance_subject, _enum_subject):
                    subject = subject_of(node.test)
                    if subject is not None and subject == subject_of(node.orelse[0].test):
                        found.append(f"{place}: if/elif on the kind of {subject}")
            elif isinstance(node, ast.IfExp):
                subject = _isinstance_subject(node.test)
                uses = {ast.unparse(n.value) for n in ast.walk(node.orelse) if isinstance(n, ast.Attribute)}
                if subject is not None and subject in uses:
                    found.append(f"{place}: '… if isinstance({subject}, …) else {ast.unparse(node.orelse)}'")
    return found


def test_no_if_chain_dispatches_on_a_closed_kind():
    """isinstance may test one property ('is this a round?'); a chain of them, or an else that takes
    the rest to be the other kinds, falls through in silence when a kind is added: use a match."""
    assert if_chain_dispatches(PACKAGE) == []


def test_the_if_chain_search_finds_a_chain(tmp_path):
    (tmp_path / "chain.py").write_text(
        "def f(part):\n"
        "    if isinstance(part, Step):\n        return 1\n"
        "    elif isinstance(part, (Round, Groups)):\n        return 2\n"
        "    return part.body if isinstance(part, Step) else part.intro\n"
        "def g(slot):\n"
        "    if slot.kind is RowKind.STEP:\n        return 1\n"
        "    elif slot.kind in (RowKind.PAUSE, RowKind.BLOCK):\n        return 2\n",
        encoding="utf-8",
    )
    assert len(if_chain_dispatches(tmp_path)) == 3


# --- the runtime refuses a new kind ----------------------------------------------------------------


@dataclass(frozen=True)
class Workshop:
    """A kind of part nobody taught the package (as in test_session_model.py)."""

    span: Span = Span(1, 1, 1, 2)


@dataclass(frozen=True)
class Sticker:
    """A kind of block nobody taught the package."""

    text: str = "plakbriefje"
    span: Span = Span(1, 1, 1, 2)


SESSION = """WERKVORM Proef
duur: 1 uur
deelnemers: 4 tot 8

SESSIE
stap Open.
    duur: 5 min
    materiaal: stiften
PAUZE 5 min
RONDE 2 keer
stap Vertel.
    duur: 3 min
EINDE RONDE
GROEPJES van 2
stap Bespreek.
    duur: 5 min
EINDE GROEPJES
BLOK 10 min
stap Schrijf.
EINDE BLOK
"""


@pytest.fixture(scope="module")
def known():
    """A werkvorm with every known kind of part, and its plan."""
    werkvorm = parse(SESSION)
    return werkvorm, plan(werkvorm)


def with_workshop(werkvorm):
    """The same werkvorm, a Workshop added at the end of its session."""
    sections = tuple(
        replace(section, parts=(*section.parts, Workshop())) if isinstance(section, Section) else section
        for section in werkvorm.sections
    )
    return replace(werkvorm, sections=sections)


def _scope():
    return schedule._Scope(None, schedule.Shares(Fraction(1), 0), False, False)


def _slot_of(agenda: Plan, **changes):
    return replace(agenda.slots[0], **changes)


# One case per function that dispatches on a kind (the test below holds this table to the source).
PART_CASES = {
    "language/nodes.py:walk": lambda known: list(nodes.walk((Workshop(),))),
    "language/nodes.py:is_optional": lambda known: nodes.is_optional(Workshop()),
    "language/prose.py:_add_part": lambda known: prose._add_part(Workshop(), []),
    "analysis/timing.py:_cost_of": lambda known: timing.cost_of(
        Workshop(), timing.Scope(None, "deelnemers", Fraction(1), {}, 1), timing.Findings()
    ),
    "analysis/timing.py:_label": lambda known: timing._label(Workshop()),
    "analysis/schedule.py:_lay_part": lambda known: schedule._lay_part(
        Workshop(), _scope(), Fraction(0), "1", 0, schedule._Layout(known[1].timing, [], 10), None
    ),
    "analysis/timing.py:_has_box": lambda known: timing._has_box(Workshop()),
    "analysis/timing.py:_untimed_steps": lambda known: list(timing._untimed_steps((Workshop(),))),
    "analysis/schedule.py:_skip": lambda known: schedule._skip(
        Workshop(), _scope(), Fraction(0), "1", 0, schedule._Layout(known[1].timing, [], 10)
    ),
    "analysis/checks.py:_per_person_outside_groups": lambda known: list(
        checks._per_person_outside_groups((Workshop(),))
    ),
    "analysis/checks.py:_part_blocks": lambda known: checks._part_blocks(Workshop()),
    "output/render.py:part_kind": lambda known: render.part_kind(Workshop()),
    "output/documents/common.py:block_of": lambda known: common.block_of(_slot_of(known[1], part=Workshop())),
    "output/documents/common.py:_step_materials": lambda known: common._step_materials(Workshop()),
    "output/documents/common.py:materials_checklist": lambda known: common.materials_checklist(
        with_workshop(known[0]), known[1]
    ),
    "output/documents/overzicht.py:_part_text": lambda known: overzicht._part_text(_slot_of(known[1], part=Workshop())),
    "output/documents/kaarten.py:times_held": lambda known: kaarten.times_held(with_workshop(known[0]), known[1]),
    "output/documents/leiden.py:own_blocks": lambda known: leiden.own_blocks(Workshop()),
    "app/editor_services.py:_part_title": lambda known: editor_services._part_title(Workshop()),
    "app/editor_services.py:_part_symbol": lambda known: editor_services._part_symbol(None, Workshop()),
    "analysis/choices.py:_decided_parts": lambda known: choices._decided_parts((Workshop(),), 5),
    "analysis/round_prompts.py:_in_parts": lambda known: list(round_prompts._in_parts(known[0], (Workshop(),), None)),
}
BLOCK_CASES = {
    "language/nodes.py:facilitator_only": lambda known: nodes.facilitator_only(Sticker()),
    "language/prose.py:_add_blocks": lambda known: prose._add_blocks((Sticker(),), []),
    "output/render.py:kind": lambda known: render.kind(Sticker()),
    "output/documents/leiden.py:_line": lambda known: leiden._line(Sticker()),
    "output/documents/kaarten.py:_for_the_table": lambda known: kaarten._for_the_table(Sticker()),
}
ROW_CASES = {
    "output/documents/deelnemers.py:programme": lambda known: deelnemers.programme(
        replace(known[1], slots=(_slot_of(known[1], kind="extra"),)), known[0]
    ),
    "output/documents/overzicht.py:glance_rows": lambda known: overzicht.glance_rows(
        replace(known[1], slots=(_slot_of(known[1], kind="extra"),))
    ),
    "output/documents/zaal.py:_participant_line": lambda known: zaal._participant_line(
        _slot_of(known[1], kind="extra")
    ),
}
CARD_CASES = {
    "output/documents/kaarten.py:labelled": lambda known: kaarten.labelled(
        [kaarten.Card("notitie", "1", "Titel", "", (), (), ())], False
    ),
}
CASES = {"part": PART_CASES, "block": BLOCK_CASES, "row": ROW_CASES, "card": CARD_CASES}


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_dispatch_on_a_kind_has_a_runtime_case(kind):
    found = {f"{site.file}:{site.function}" for site in dispatch_sites(PACKAGE, kind)}
    assert found == set(CASES[kind.name])


@pytest.mark.parametrize(
    "call", [case for cases in CASES.values() for case in cases.values()], ids=[n for c in CASES.values() for n in c]
)
def test_a_new_kind_fails_loudly_at_run_time(known, call):
    with pytest.raises(AssertionError):
        call(known)


@pytest.mark.parametrize(
    "step",
    [
        lambda werkvorm: checks.check(werkvorm),
        lambda werkvorm: plan(werkvorm),
        lambda werkvorm: list(prose.pieces(werkvorm)),
    ],
    ids=["check", "plan", "pieces"],
)
def test_a_werkvorm_with_a_new_kind_of_part_is_refused_before_any_output(known, step):
    """check and plan come before every document: neither passes an unknown part over in silence."""
    with pytest.raises(AssertionError):
        step(with_workshop(known[0]))
