"""Reading werkvorm files from disk: encodings, byte-order marks, binary files and folders."""

from __future__ import annotations

from dataclasses import dataclass
import os

from .diagnostics import Diagnostic, Severity
from .nodes import Span

SUFFIX = ".werkvorm"
MAX_BYTES = 20 * 1024 * 1024  # far beyond any real werkvorm; bounds memory on a stray file


class UnreadableFile(Exception):
    """A file that cannot be opened at all; the CLI reports it with exit code 2."""


@dataclass(frozen=True, slots=True)
class Source:
    filename: str
    text: str
    problems: tuple[Diagnostic, ...]  # a file that is not text gives an error here, and no text


def decode(data: bytes, filename: str) -> Source:
    """Bytes to text, forgiving what Windows editors write, refusing what is not text at all."""
    first_line = Span(1, 1, 1, 2)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Notepad's "Unicode": UTF-16 with a byte-order mark. Readable, but not what we ask for.
        text = data.decode("utf-16", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        return Source(filename, text, (Diagnostic("W002", Severity.WARNING, filename, first_line,
                                                  "Dit bestand is als UTF-16 opgeslagen; ik lees het toch.",
                                                  "Kies bij 'Opslaan als' de codering UTF-8."),))
    if b"\x00" in data[:8192]:
        return Source(filename, "", (Diagnostic("E001", Severity.ERROR, filename, first_line,
                                                "Dit bestand is geen tekst; is het misschien een Word- of PDF-bestand?",
                                                "Sla de werkvorm op als platte tekst (.werkvorm of .txt)."),))
    try:
        text = data.decode("utf-8-sig")
        problems: tuple[Diagnostic, ...] = ()
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        text = data.decode("cp1252", errors="replace")
        problems = (Diagnostic("W002", Severity.WARNING, filename, Span(line, column, line, column + 1),
                               "Dit bestand is niet als UTF-8 opgeslagen; ik lees het als Windows-tekst.",
                               "Kies bij 'Opslaan als' de codering UTF-8, dan blijven letters als ë en ï goed."),)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        problems += (Diagnostic("E003", Severity.ERROR, filename, first_line, "Dit bestand is leeg.",
                                "Begin met 'werkvorm nieuw' voor een voorbeeld, of schrijf een regel als: "
                                "WERKVORM Intervisie over participatie"),)
    return Source(filename, text, problems)


# Paths are plain strings here: pathlib costs `werkvorm check` startup time on every commit hook.


def read(path: str) -> Source:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise UnreadableFile(f"{path}: kan dit bestand niet openen ({_reason(error)}).") from None
    if len(data) > MAX_BYTES:
        raise UnreadableFile(f"{path}: dit bestand is groter dan 20 MB en dus geen werkvorm.")
    return decode(data, str(path))


def _reason(error: OSError) -> str:
    import errno

    reasons = {errno.ENOENT: "het bestaat niet", errno.EACCES: "geen toestemming om te lezen",
               errno.EISDIR: "het is een map"}
    return reasons.get(error.errno, error.strerror or "onbekende reden")


def collect(paths: list[str]) -> list[str]:
    """Files as given, folders searched for *.werkvorm; raises UnreadableFile for what is not there."""
    found: list[str] = []
    for given in paths:
        if os.path.isdir(given):
            files = sorted(_werkvormen_in(given))
            if not files:
                raise UnreadableFile(f"{given}: in deze map staan geen {SUFFIX}-bestanden.")
            found.extend(files)
        elif os.path.exists(given):
            found.append(given)
        else:
            raise UnreadableFile(f"{given}: dit bestand of deze map bestaat niet.")
    return list(dict.fromkeys(found))


def _werkvormen_in(folder: str):
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # skip .git, .venv and the like
        for name in files:
            if name.endswith(SUFFIX) and os.path.isfile(os.path.join(root, name)):
                yield os.path.normpath(os.path.join(root, name))  # "./x" would not match a path in a pull request
