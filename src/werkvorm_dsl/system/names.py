"""Safe names: the output folder (and page address) a werkvorm's file name gives, on any system."""

from __future__ import annotations

import os
import re
import unicodedata

# Windows refuses these as file or folder names, whatever the suffix.
RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def slug_for(path: str) -> str:
    """A folder name from the file name that cannot escape the output folder on any system."""
    return _slug(os.path.splitext(os.path.basename(path))[0])


def variant_slug(name: str) -> str:
    """The part of a folder name a variant's name gives ('90 min' -> '90-min'), safe as slug_for's."""
    return _slug(name)


def _slug(stem: str) -> str:
    ascii_only = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")[:80] or "werkvorm"
    return f"{slug}-werkvorm" if slug in RESERVED_NAMES else slug
