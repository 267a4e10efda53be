"""werkvorm-dsl: write a werkvorm as plain text, check its timing, and build what a session needs."""

from __future__ import annotations

__all__ = ["parse", "check", "Werkvorm", "Diagnostic", "Severity"]
__version__ = "0.1.0"

# Loaded on first use, not on import: the command line must be able to catch Ctrl-C before the
# parser (and Lark) load, and `werkvorm --help` need not load them at all.
_LAZY = {"parse": "parser", "check": "checks", "Werkvorm": "nodes", "Diagnostic": "diagnostics",
         "Severity": "diagnostics"}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'werkvorm_dsl' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{_LAZY[name]}", __name__), name)
