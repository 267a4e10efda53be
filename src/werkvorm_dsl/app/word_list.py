"""'Zet in de woordenlijst': a word the author approves, added to werkvorm-woorden.txt beside the werkvorm."""

from __future__ import annotations

import os
import stat

from werkvorm_dsl.app.editing import EditRefused
from werkvorm_dsl.system.files import FileFault, create_file, reason, rewrite_file
from werkvorm_dsl.taal.spelling import MAX_WORD_LIST_BYTES, WORD_LIST_NAME, WordList, word_list_lines
from werkvorm_dsl.taal.text import TOKEN, plain_form

FIRST_LINES = "# Namen en vakwoorden die het woordenboek niet kent, één per regel (zie de taalgids).\n"
MAX_WORD = 60  # characters: longer is a sentence glued together, not a word to approve
TRIES = 3  # another window may write the list at the same moment: read it again and add once more


def add_word(werkvorm_path: str, root: str, word: str) -> bool:
    """Adds the word to the list in the werkvorm's own folder (made when missing), whole or not at
    all; False when the list already accepts it. Never a list outside `root`, the served folder."""
    word = _checked(word)
    listed = os.path.join(os.path.dirname(os.path.abspath(werkvorm_path)), WORD_LIST_NAME)
    for _ in range(TRIES):
        data = _current(listed, root)
        try:
            if data is None:
                create_file(listed, (FIRST_LINES + word + "\n").encode("utf-8"))
                return True
            if _accepts(data, word):
                return False
            rewrite_file(listed, _appended(data, word), data)
            return True
        except FileExistsError:
            continue  # made by someone else just now: add to theirs
        except FileFault as fault:
            if fault.code != "E503":  # E503: it changed between our reading and writing; try again
                raise _refused(fault.message, fault.hint) from None
    raise _refused("De woordenlijst veranderde steeds terwijl ik erin schreef.", "Probeer het zo opnieuw.")


def _checked(word: str) -> str:
    word = plain_form(word.strip())
    match = TOKEN.fullmatch(word)
    if not word or len(word) > MAX_WORD or match is None or not match.group("word"):
        raise _refused(
            "Dit is geen woord dat ik in de woordenlijst kan zetten.",
            "Alleen één woord uit de tekst, zonder spaties of leestekens eromheen.",
        )
    return word


def _current(listed: str, root: str) -> bytes | None:
    """The list's bytes, None when there is none; refused when it is no plain file inside `root`."""
    if not _within(root, os.path.dirname(listed)):
        raise _refused("Deze werkvorm staat niet in de map van werkvorm serve.", "")
    try:
        status = os.lstat(listed)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _refused(f"De woordenlijst is niet te lezen ({reason(error)}).", "") from None
    if not _within(root, listed):
        raise _refused(
            f"{WORD_LIST_NAME} in deze map wijst naar een bestand buiten de map van werkvorm serve; "
            "daar schrijf ik niet in.",
            "Zet de woordenlijst zelf in de map, niet een snelkoppeling ernaartoe.",
        )
    if stat.S_ISLNK(status.st_mode):
        status = os.stat(listed)
    if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_WORD_LIST_BYTES:
        raise _refused(f"{WORD_LIST_NAME} in deze map is geen gewone woordenlijst.", "Kijk in de map wat het is.")
    with open(listed, "rb") as handle:
        data = handle.read(MAX_WORD_LIST_BYTES + 1)
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refused(
            f"{WORD_LIST_NAME} is niet als UTF-8 opgeslagen; erin schrijven zou letters kunnen beschadigen.",
            "Open de lijst in uw teksteditor en kies bij 'Opslaan als' de codering UTF-8.",
        ) from None
    return data


def _within(root: str, path: str) -> bool:
    inside = os.path.realpath(root)
    return os.path.commonpath([inside, os.path.realpath(path)]) == inside


def _accepts(data: bytes, word: str) -> bool:
    text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return WordList.of(found for _, found in word_list_lines(text)).has(word)


def _appended(data: bytes, word: str) -> bytes:
    """The list with the word on a line of its own at the end, in the list's own line ends."""
    end = b"\r\n" if b"\r\n" in data else b"\n"
    if data and not data.endswith((b"\n", b"\r")):
        data += end
    return data + word.encode("utf-8") + end


def _refused(message: str, hint: str) -> EditRefused:
    return EditRefused(409, "E549", message, hint)
