"""The suite's own time bound (tests/conftest.py's time_limit) fails code that runs too long, by its
own CPU time, and a piece of code that blocks, by the wall clock: a control for every test that uses it."""

from __future__ import annotations

import time

import pytest

from conftest import HANG_FACTOR, time_limit


@pytest.mark.slow  # spends its bound on purpose
def test_a_busy_loop_past_its_bound_fails():
    with pytest.raises(TimeoutError, match="longer than 1 s"), time_limit(1):
        while True:
            pass


@pytest.mark.slow  # waits on purpose
def test_waiting_without_work_is_caught_by_the_wall_clock(monkeypatch):
    monkeypatch.setattr("conftest.HANG_FACTOR", 1)
    started = time.monotonic()
    with pytest.raises(TimeoutError), time_limit(1):
        time.sleep(5)
    assert time.monotonic() - started < 4 and HANG_FACTOR > 1
