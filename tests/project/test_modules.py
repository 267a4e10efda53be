"""The package's imports: no module needs the command line, no cycles, any module can be imported first."""

from __future__ import annotations

import ast
import random
import subprocess
import sys

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "werkvorm_dsl"
ENTRY_POINTS = {"werkvorm_dsl.__main__"}  # pyproject's `werkvorm` script runs __main__.main
# The stages, lowest first: a module may import from its own stage and the stages below it, never
# from one above. Within output/, the registry, render and friends come before the documents and
# the formats that register with them. `pipeline` is the library's front door; app/ the front ends.
STAGES = (
    "werkvorm_dsl.system",
    "werkvorm_dsl.language",
    "werkvorm_dsl.analysis",
    "werkvorm_dsl.taal",
    "werkvorm_dsl.output",
    "werkvorm_dsl.output.documents",
    "werkvorm_dsl.output.formats",
    "werkvorm_dsl.pipeline",
    "werkvorm_dsl.app",
)
# The registry loads the documents and formats packages on first use, and each backend registers
# itself with the registry: a plugin pattern, lazy on one side on purpose. Any other cycle or
# upward import is a mistake.
LAZY_BY_DESIGN = {
    ("werkvorm_dsl.output.registry", "werkvorm_dsl.output.documents"),
    ("werkvorm_dsl.output.registry", "werkvorm_dsl.output.formats"),
}


def module_name(path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_by(name: str, top_level_only: bool = False) -> set[str]:
    """The package's modules that `name` imports, wherever the import statement stands (or only at
    the top level, where it runs on import). Its own parent packages are left out: Python imports
    those before the module anyway."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    statements = tree.body if top_level_only else ast.walk(tree)
    targets = set()
    for node in statements:
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            targets |= {module, *(f"{module}.{alias.name}" for alias in node.names)}
    ancestors = {name.rsplit(".", depth)[0] for depth in range(1, name.count(".") + 1)}
    return {target for target in targets if target in MODULES and target != name and target not in ancestors}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle's modules (Tarjan's strongly connected components with more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(edges[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while not component or component[-1] != module:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return found


def test_the_import_reader_sees_the_imports_it_must():
    # Without this, a reader that found nothing would make every test below pass.
    assert "werkvorm_dsl.pipeline" in imported_by("werkvorm_dsl.app.cli")
    assert "werkvorm_dsl.output.registry" in imported_by("werkvorm_dsl.app.build_command")  # `from … import registry`
    assert "werkvorm_dsl.language.parser" in imported_by("werkvorm_dsl.pipeline")  # inside a function
    assert "werkvorm_dsl.language.parser" not in imported_by("werkvorm_dsl.pipeline", top_level_only=True)
    assert "werkvorm_dsl.output.registry" in imported_by(
        "werkvorm_dsl.output.documents.draaiboek"
    )  # `from ..registry import`
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_only_the_entry_point_imports_the_command_line():
    users = {name for name in MODULES if "werkvorm_dsl.app.cli" in imported_by(name)}
    assert users <= ENTRY_POINTS, f"{sorted(users - ENTRY_POINTS)} import cli; import from pipeline instead"


def test_the_package_has_no_import_cycle():
    edges = {
        name: imported_by(name) - {target for source, target in LAZY_BY_DESIGN if source == name} for name in MODULES
    }
    assert cycles(edges) == []


def test_the_lazy_registry_import_stays_lazy():
    # The one cycle allowed above is harmless only while the registry imports backends in a function.
    for source, target in LAZY_BY_DESIGN:
        assert target in imported_by(source)
        assert target not in imported_by(source, top_level_only=True)


def import_each_first(order: list[str], path: str) -> subprocess.CompletedProcess:
    """In a fresh interpreter: each module first with none of its package loaded, then all of them in
    `order`. A cycle of imports at the top of modules fails with one of them first."""
    probe = (
        "import importlib, sys\n"
        f"sys.path.insert(0, {path!r})\n"
        f"order = {order!r}\n"
        "package = order[0].split('.')[0]\n"
        "def forget():\n"
        "    for loaded in [m for m in sys.modules if m.split('.')[0] == package]:\n"
        "        del sys.modules[loaded]\n"
        "for first in order:\n"
        "    forget()\n"
        "    try:\n"
        "        importlib.import_module(first)\n"
        "    except Exception as error:\n"
        "        sys.exit(f'importing {first} first: {error!r}')\n"
        "forget()\n"
        "for name in order:\n"
        "    importlib.import_module(name)\n"
    )
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_every_module_imports_first_in_a_fresh_interpreter_in_random_order():
    seed = random.randrange(1_000_000)
    order = sorted(MODULES)
    random.Random(seed).shuffle(order)
    result = import_each_first(order, str(PACKAGE.parent))
    assert result.returncode == 0, f"seed {seed}: {result.stderr}"


def test_importing_each_module_first_finds_a_cycle(tmp_path):
    package = tmp_path / "kringetje"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from .b import B\nA = 1\n")
    (package / "b.py").write_text("from .a import A\nB = 2\n")
    result = import_each_first(["kringetje", "kringetje.a", "kringetje.b"], str(tmp_path))
    assert result.returncode != 0
    assert "importing kringetje.a first" in result.stderr and "partially initialized" in result.stderr


def stage_of(module: str) -> int | None:
    """The index of the deepest stage in STAGES that holds the module; None for the package itself
    and its entry point, which stand above every stage."""
    found = [index for index, stage in enumerate(STAGES) if module == stage or module.startswith(stage + ".")]
    return max(found, default=None)


def upward_imports() -> list[str]:
    found = []
    for name in MODULES:
        own = stage_of(name)
        if own is None:
            continue
        for target in imported_by(name):
            if (name, target) in LAZY_BY_DESIGN:
                continue
            theirs = stage_of(target)
            if theirs is not None and theirs > own:
                found.append(f"{name} imports {target} ({STAGES[theirs]} is above {STAGES[own]})")
    return sorted(found)


def test_every_module_belongs_to_a_stage():
    outside = sorted(name for name in MODULES if stage_of(name) is None)
    assert outside == ["werkvorm_dsl", "werkvorm_dsl.__main__"]


def test_no_module_imports_from_a_stage_above_its_own():
    assert upward_imports() == []


def test_an_upward_import_is_found(monkeypatch):
    # The test above must be able to fail: a language module that imports the checks is upward.
    real = imported_by

    def with_upward(name: str, top_level_only: bool = False) -> set[str]:
        extra = {"werkvorm_dsl.analysis.checks"} if name == "werkvorm_dsl.language.nodes" else set()
        return real(name, top_level_only) | extra

    monkeypatch.setattr(sys.modules[__name__], "imported_by", with_upward)
    assert upward_imports() == [
        "werkvorm_dsl.language.nodes imports werkvorm_dsl.analysis.checks "
        "(werkvorm_dsl.analysis is above werkvorm_dsl.language)"
    ]
