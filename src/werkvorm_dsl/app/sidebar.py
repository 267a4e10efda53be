"""The list of werkvormen beside the editor: each title, its file where titles repeat, and its state in words."""

from __future__ import annotations

import os
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass

from werkvorm_dsl.app.cards import State, shown_name, state_of, unreadable_state
from werkvorm_dsl.app.editing import printable, title_of
from werkvorm_dsl.language.source import UnreadableFile
from werkvorm_dsl.pipeline import check_file
from werkvorm_dsl.system.names import slug_for


@dataclass(frozen=True)
class Entry:
    """One werkvorm in the list."""

    slug: str
    title: str
    file: str  # its path inside the served folder
    state: State
    same_title: bool = False  # another werkvorm in the folder has this title: show the file too

    def as_json(self) -> dict:
        return {
            "slug": self.slug,
            "titel": self.title,
            "bestand": self.file,
            "zelfdeTitel": self.same_title,
            **self.state.as_json(),
        }


class Checks:
    """Each file's title and state, checked again only when the file changed (its size, time or
    inode): the list is asked for after every save and every change in the folder."""

    KEPT = 1000

    def __init__(self) -> None:
        self.known: OrderedDict[tuple, tuple[str, State]] = OrderedDict()
        self.lock = threading.Lock()

    def of(self, path: str) -> tuple[str, State]:
        try:
            status = os.stat(path)
            key: tuple = (path, status.st_ino, status.st_size, status.st_mtime_ns)
        except OSError:
            key = (path, None)
        with self.lock:
            if key in self.known:
                self.known.move_to_end(key)
                return self.known[key]
        found = _title_and_state(path)
        with self.lock:
            self.known[key] = found
            while len(self.known) > self.KEPT:
                self.known.popitem(last=False)
        return found


def _title_and_state(path: str) -> tuple[str, State]:
    try:
        checked = check_file(path)
    except UnreadableFile as fault:
        return printable(os.path.basename(path)), unreadable_state(fault.code)
    return title_of(checked, path), state_of(checked.diagnostics)


def entries(folder: str, paths: list[str], checks: Checks) -> list[Entry]:
    """The werkvormen in the order given, each marked when its title is not the only one."""
    found = [(path, *checks.of(path)) for path in paths]
    titles = Counter(title.casefold() for _, title, _ in found)
    return [
        Entry(slug_for(path), title, shown_name(folder, path), state, titles[title.casefold()] > 1)
        for path, title, state in found
    ]
