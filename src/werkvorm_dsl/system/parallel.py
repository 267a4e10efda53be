"""Building many werkvormen at once: worker processes, each result reported in the files' order."""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from werkvorm_dsl.system.safe_text import shown

Result = TypeVar("Result")

_WORK: Callable[[str], Any] | None = None  # the work of this build, inherited by the forked workers


def run_all(
    paths: list[str],
    work: Callable[[str], Result],
    jobs: int,
    report: Callable[[Result], None],
    stop: Callable[[Result], bool],
    prepare: Callable[[], None] | None = None,
) -> list[Result]:
    """work(path) for every path, in up to `jobs` processes. report() sees each result in the
    order of the paths, as soon as all earlier ones are in; once stop(result) is true for a
    reported result (the disk is full), nothing further is reported or started. prepare(), if
    given, runs once before the workers are forked, so that what it loads is loaded once for all."""
    progress = Progress(len(paths))
    if jobs <= 1 or len(paths) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return _one_by_one(paths, work, report, stop, progress)
    if prepare is not None:
        prepare()
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


def _work_on(numbered: tuple[int, str]) -> tuple[int, Any]:
    """In a worker: the work on one path. Its result comes back pickled, so its type is the work's."""
    index, path = numbered
    assert _WORK is not None, "run_all sets the work before it forks the workers"
    return index, _WORK(path)


def _ignore_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def core_to_spare(jobs: int, tasks: int) -> bool:
    """Whether work aside (see Aside) can have a core of its own: fewer tasks than the -j allows,
    and a core that other programs leave idle. On a busy machine a second process only costs:
    it copies memory and would wait for a core all the same."""
    if jobs <= tasks:
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return busy_cores() < cores - 1


def busy_cores() -> float:
    """How many cores other programs keep busy: on Linux the tasks running at this moment, less
    this one (the load average trails by a minute, and would count this build's own start);
    elsewhere the load average of the last minute; unknown counts as busy."""
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            return int(handle.read().split()[3].split("/")[0]) - 1  # '0.52 0.58 0.59 2/467 1234'
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("inf")


class Aside(Generic[Result]):
    """work() in a forked child process while this process goes on; result() waits for it.

    For work that needs no core of its own but can use an idle one (the taal note of a build,
    while WeasyPrint renders). Where fork is missing or fails, or the child does not finish its
    work, result() does the work here instead: the caller sees what it would have seen inline.
    """

    def __init__(self, work: Callable[[], Result]):
        self.work = work
        self.pid, self.reading = 0, -1
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        try:
            reading, writing = os.pipe()
            pid = os.fork()
        except OSError:
            return
        if pid == 0:  # the child: never returns
            _answer(reading, writing, work)
        os.close(writing)
        self.pid, self.reading = pid, reading

    def result(self) -> Result:
        if not self.pid:
            return self.work()
        with os.fdopen(self.reading, "rb") as answer:
            self.reading = -1
            data = answer.read()
        self._reap()
        try:
            done, value = pickle.loads(data)
        except Exception:  # the child died on the way (killed, out of memory): no answer
            done, value = False, None
        return value if done else self.work()

    def cancel(self) -> None:
        """The result is not needed (the build failed): stop the child, leave no zombie."""
        if not self.pid:
            return
        if self.reading >= 0:
            os.close(self.reading)
            self.reading = -1
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        self._reap()

    def _reap(self) -> None:
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        self.pid = 0


def _answer(reading: int, writing: int, work: Callable) -> None:
    """In the forked child: work(), its result pickled into the pipe, and out, whatever happens."""
    try:
        os.close(reading)
        # What the child inherited stays out of its garbage collections: scanning it would write to
        # every inherited object and so copy all of the parent's memory, page by page.
        gc.freeze()
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to answer
        try:
            data = pickle.dumps((True, work()))
        except BaseException:  # the parent does the work itself, and meets the same fault there
            data = pickle.dumps((False, None))
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(0)  # no atexit handlers, no flushing of the parent's buffers a second time


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
