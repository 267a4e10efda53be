"""werkvorm-dsl: write a werkvorm as plain text, check its timing, and build what a session needs."""

from __future__ import annotations

__all__ = ["Diagnostic", "Severity", "Werkvorm", "check", "parse"]
__version__ = "0.1.0"

# Loaded on first use, not on import: the command line must be able to catch Ctrl-C before the
# parser (and Lark) load, and `werkvorm --help` need not load them at all.
_LAZY = {
    "parse": "language.parser",
    "check": "analysis.checks",
    "Werkvorm": "language.nodes",
    "Diagnostic": "language.diagnostics",
    "Severity": "language.diagnostics",
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'werkvorm_dsl' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{_LAZY[name]}", __name__), name)
