"""Pausing Python's cyclic garbage collector while a werkvorm is read or checked."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Reading and checking make many small objects and no cycles; the cyclic collector would scan
    them again and again while they are made (that made 100,000 steps take quadratic time, and costs
    a tenth of an ordinary check). Nested pauses leave the collector to the outermost one."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
