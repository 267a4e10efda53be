"""Building many werkvormen at once: worker processes, each result reported in the files' order."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from typing import TypeVar

from .safe_text import shown

Result = TypeVar("Result")

_WORK: Callable | None = None  # the work of this build, inherited by the forked workers


def run_all(paths: list[str], work: Callable[[str], Result], jobs: int, report: Callable[[Result], None],
            stop: Callable[[Result], bool]) -> list[Result]:
    """work(path) for every path, in up to `jobs` processes. report() sees each result in the
    order of the paths, as soon as all earlier ones are in; once stop(result) is true for a
    reported result (the disk is full), nothing further is reported or started."""
    progress = Progress(len(paths))
    if jobs <= 1 or len(paths) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return _one_by_one(paths, work, report, stop, progress)
    global _WORK
    _WORK = work
    results: dict[int, Result] = {}
    reported: list[Result] = []
    # Forked workers share what this process loaded; they ignore Ctrl-C, so only this process
    # answers it, and leaving the `with` terminates them: a file they were writing keeps its
    # old version (every write is atomic) and the next build clears their temporary files.
    with multiprocessing.get_context("fork").Pool(min(jobs, len(paths)), initializer=_ignore_interrupt) as pool:
        for done, (index, result) in enumerate(pool.imap_unordered(_work_on, enumerate(paths)), start=1):
            results[index] = result
            progress.show(f"{done} van {len(paths)} klaar")
            while len(reported) in results:
                following = results.pop(len(reported))
                progress.clear()
                report(following)
                reported.append(following)
                if stop(following):
                    return reported
    progress.clear()
    return reported


def _one_by_one(paths, work, report, stop, progress) -> list:
    reported = []
    for number, path in enumerate(paths, start=1):
        progress.show(f"{number} van {len(paths)}: {os.path.basename(path)[:60]}")
        result = work(path)
        progress.clear()
        report(result)
        reported.append(result)
        if stop(result):
            break
    return reported


def _work_on(numbered: tuple[int, str]) -> tuple[int, object]:
    index, path = numbered
    return index, _WORK(path)


def _ignore_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Progress:
    """A one-line progress display, only on a terminal and only for more than one file."""

    def __init__(self, total: int):
        self.active = total > 1 and sys.stdout.isatty()

    def show(self, text: str) -> None:
        if self.active:
            sys.stdout.write(f"\r[{shown(text)}] …\033[K")
            sys.stdout.flush()

    def clear(self) -> None:
        if self.active:
            sys.stdout.write("\r\033[K")
            sys.stdout.flush()
