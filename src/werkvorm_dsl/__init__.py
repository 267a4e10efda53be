"""werkvorm-dsl: write a werkvorm as plain text, check its timing, and build what a session needs."""

from __future__ import annotations

from .checks import check
from .diagnostics import Diagnostic, Severity
from .nodes import Werkvorm
from .parser import parse

__all__ = ["parse", "check", "Werkvorm", "Diagnostic", "Severity"]
__version__ = "0.1.0"
