"""Which font families this machine has, as fontconfig (what WeasyPrint and LibreOffice use) lists them."""

from __future__ import annotations

import functools
import shutil
import subprocess


@functools.lru_cache(maxsize=1)
def families() -> frozenset[str] | None:
    """Every installed family name, in lower case; None where fontconfig cannot be asked."""
    command = shutil.which("fc-list")
    if command is None:
        return None
    try:
        listed = subprocess.run(
            [command, "--format", "%{family}\n"], capture_output=True, text=True, timeout=20, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    # A face may carry several names ('DejaVu Sans,DejaVu Sans Condensed'): each counts.
    return frozenset(name.strip().lower() for line in listed.splitlines() for name in line.split(",") if name.strip())


def installed(family: str) -> bool | None:
    """Whether the family is on this machine; None when that cannot be known."""
    known = families()
    return None if known is None else family.strip().lower() in known
