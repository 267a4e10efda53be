"""The suggestion thread of live taal stands back for the checks of the author's keys (issue 21, item 10):
on a busy processor a key's check comes first, the suggestions (up to a second a word) after."""

import os
import threading

from werkvorm_dsl.taal.live import SUGGESTION_NICENESS, Suggester


class RecordingDictionary:
    """A dictionary whose suggestions say how nice the thread asking for them was."""

    def __init__(self):
        self.niceness: list[int] = []

    def suggest(self, word: str) -> list[str]:
        self.niceness.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return [word + "e"]


def test_suggestions_are_looked_up_in_a_thread_nicer_than_the_checks():
    dictionary, found = RecordingDictionary(), threading.Event()
    suggester = Suggester(on_found=lambda document: found.set(), load=lambda: dictionary)
    ours = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    suggester.want("werkvorm.werkvorm", ["medewekers"])
    assert found.wait(10)
    assert dictionary.niceness == [min(ours + SUGGESTION_NICENESS, 19)]
    assert suggester.cached("medewekers") == ("medewekerse",)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == ours  # this thread as it was
