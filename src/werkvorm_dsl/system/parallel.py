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
    lost: Callable[[str], Result] | None = None,
) -> list[Result]:
    """work(path) for every path, in up to `jobs` processes. report() sees each result in the
    order of the paths, as soon as all earlier ones are in; once stop(result) is true for a
    reported result (the disk is full), nothing further is reported or started. prepare(), if
    given, runs once before the workers are forked, so that what it loads is loaded once for all.
    A worker that dies on a path (killed, out of memory) gives lost(path) as that path's result,
    and a fresh worker takes the rest: the build never waits for a process that is gone."""
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
    # answers it, and leaving the `with` ends them: a folder they were writing keeps its old
    # set of files (see build_command) and the next build clears what they left half-made.
    with _Workers(min(jobs, len(paths)), paths, lost or _no_lost_work) as workers:
        for done, (index, result) in enumerate(workers.results(), start=1):
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


def _no_lost_work(path: str):
    raise ChildProcessError(f"the worker on {path!r} died")


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


class _Worker:
    """One forked process that works on one path at a time, told over its own pipe."""

    def __init__(self):
        context = multiprocessing.get_context("fork")
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=_serve, args=(child_end,), daemon=True)
        self.process.start()
        child_end.close()
        self.task: tuple[int, str] | None = None

    def give(self, task: tuple[int, str]) -> None:
        self.task = task
        self.connection.send(task)

    def end(self) -> None:
        """Stopped, and waited for: no zombie, and no worker still writing after the build."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


class _Workers:
    """Up to `size` workers for the paths; results() gives (index, result) as they come in."""

    def __init__(self, size: int, paths: list[str], lost: Callable[[str], Any]):
        self.size, self.lost = size, lost
        self.waiting = list(enumerate(paths))[::-1]  # popped from the end: the first path first
        self.workers: list[_Worker] = []

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exception) -> None:
        for worker in self.workers:
            worker.end()
        self.workers = []

    def results(self):
        from multiprocessing.connection import wait

        for _ in range(min(self.size, len(self.waiting))):
            self._next_task(_Worker())
        while self.workers:
            busy: dict[Any, _Worker] = {worker.connection: worker for worker in self.workers}
            busy.update({worker.process.sentinel: worker for worker in self.workers})
            for worker in {id(busy[ready]): busy[ready] for ready in wait(list(busy))}.values():
                if worker in self.workers:
                    yield self._answer_of(worker)

    def _answer_of(self, worker: _Worker) -> tuple[int, Any]:
        assert worker.task is not None, "only workers with a task are waited on"
        index, path = worker.task
        try:
            if not worker.connection.poll():
                raise EOFError  # the process ended without a word
            answer = worker.connection.recv()
        except (EOFError, OSError):
            self.workers.remove(worker)
            worker.end()
            if self.waiting:
                self._next_task(_Worker())
            return index, self.lost(path)
        if isinstance(answer, _Raised):
            raise answer.error
        self._next_task(worker)
        return answer

    def _next_task(self, worker: _Worker) -> None:
        if worker not in self.workers:
            self.workers.append(worker)
        if self.waiting:
            worker.give(self.waiting.pop())
        else:
            self.workers.remove(worker)
            worker.connection.send(None)
            worker.end()


class _Raised:
    """An exception the work raised in a worker, sent back so that this process raises it."""

    def __init__(self, error: BaseException):
        self.error = error


def _serve(connection) -> None:
    """In a worker: paths in, results out, until told to stop or the parent is gone."""
    _ignore_interrupt()
    assert _WORK is not None, "run_all sets the work before it forks the workers"
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        try:
            answer: Any = (index, _WORK(path))
        except Exception as error:
            answer = _Raised(error)
        try:
            connection.send(answer)
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            connection.send(_Raised(RuntimeError(f"the result for {path!r} could not be sent: {error}")))


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
