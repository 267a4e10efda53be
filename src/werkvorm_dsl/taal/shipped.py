"""The word lists that ship with the package, in taal/data: read beside this module, as plain files."""

from __future__ import annotations

import os

# Plain files rather than importlib.resources: importing that took 11 ms, a twentieth of `werkvorm taal`.
DATA = os.path.join(os.path.dirname(__file__), "data")


def shipped_text(name: str) -> str:
    """One of the shipped lists, whole ('veldwoorden.txt', 'werkwoorden.tsv', …)."""
    with open(os.path.join(DATA, name), encoding="utf-8") as handle:
        return handle.read()
