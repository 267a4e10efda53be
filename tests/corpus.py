"""The test corpus: good werkvormen with their AST as JSON, bad ones with their diagnostics."""

from __future__ import annotations

from pathlib import Path

from werkvorm_dsl import check, parse
from werkvorm_dsl.language.diagnostics import render_text
from werkvorm_dsl.pipeline import export_werkvorm

DATA = Path(__file__).resolve().parent / "data"
GOOD = sorted((DATA / "good").glob("*.werkvorm"))
BAD = sorted((DATA / "bad").glob("*.werkvorm"))
TAAL = sorted((DATA / "taal").rglob("*.werkvorm"))


def expected_ast(path: Path) -> str:
    """The export of a good file, its variants written out as `werkvorm export` gives them."""
    text = path.read_text(encoding="utf-8")
    return export_werkvorm(parse(text, path.name)) + "\n"


def expected_diagnostics(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    diagnostics = check(parse(text, path.name))
    lines = text.split("\n")
    return "\n\n".join(render_text(d, lines) for d in diagnostics) + "\n"


def expected_taal(path: Path) -> str:
    """What `werkvorm taal` says about a file, as text, with the path from the taal folder."""
    from werkvorm_dsl.pipeline import taal_file

    checked = taal_file(str(path))
    shown = str(path.relative_to(DATA / "taal"))
    return "\n\n".join(render_text(d, checked.lines).replace(str(path), shown, 1) for d in checked.diagnostics) + "\n"


def siblings() -> dict[Path, str]:
    """Every expected file and what it should hold now."""
    found = {p.with_suffix(".ast.json"): expected_ast(p) for p in GOOD}
    found.update({p.with_suffix(".diagnostics.txt"): expected_diagnostics(p) for p in BAD})
    found.update({p.with_suffix(".taal.txt"): expected_taal(p) for p in TAAL})
    return found
