"""Reading werkvorm files from disk: encodings, byte-order marks, binary files and folders."""

from __future__ import annotations

import os
from dataclasses import field

from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
from werkvorm_dsl.language.nodes import Span
from werkvorm_dsl.system.files import FileFault, reason
from werkvorm_dsl.system.records import record

SUFFIX = ".werkvorm"
MAX_BYTES = 20 * 1024 * 1024  # far beyond any real werkvorm; bounds memory on a stray file


class UnreadableFile(FileFault):
    """A file that cannot be opened at all; the CLI reports it with exit code 2."""


@record
class Source:
    """A werkvorm file as text, with the problems of reading it."""

    filename: str
    text: str
    problems: tuple[Diagnostic, ...]  # a file that is not text gives an error here, and no text
    data: bytes = field(default=b"", repr=False, compare=False)  # the bytes as read, for fmt to write back safely


def decode(data: bytes, filename: str) -> Source:
    """Bytes to text, forgiving what Windows editors write, refusing what is not text at all."""
    first_line = Span(1, 1, 1, 2)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Notepad's "Unicode": UTF-16 with a byte-order mark. Readable, but not what we ask for.
        text = data.decode("utf-16", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        return Source(
            filename,
            text,
            (
                Diagnostic(
                    "W002",
                    Severity.WARNING,
                    filename,
                    first_line,
                    "Dit bestand is als UTF-16 opgeslagen; ik lees het toch.",
                    "Kies bij 'Opslaan als' de codering UTF-8.",
                ),
            ),
        )
    if b"\x00" in data[:8192]:
        return Source(
            filename,
            "",
            (
                Diagnostic(
                    "E001",
                    Severity.ERROR,
                    filename,
                    first_line,
                    "Dit bestand is geen tekst; is het misschien een Word- of PDF-bestand?",
                    "Sla de werkvorm op als platte tekst (.werkvorm of .txt).",
                ),
            ),
        )
    try:
        text = data.decode("utf-8-sig")
        problems: tuple[Diagnostic, ...] = ()
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        text = data.decode("cp1252", errors="replace")
        problems = (
            Diagnostic(
                "W002",
                Severity.WARNING,
                filename,
                Span(line, column, line, column + 1),
                "Dit bestand is niet als UTF-8 opgeslagen; ik lees het als Windows-tekst.",
                "Kies bij 'Opslaan als' de codering UTF-8, dan blijven letters als ë en ï goed.",
            ),
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        problems += (
            Diagnostic(
                "E003",
                Severity.ERROR,
                filename,
                first_line,
                "Dit bestand is leeg.",
                "Begin met 'werkvorm nieuw' voor een voorbeeld, of schrijf een regel als: "
                "WERKVORM Intervisie over participatie",
            ),
        )
    return Source(filename, text, problems)


def encode_like(original: bytes, text: str) -> bytes:
    """`text` as UTF-8 with the original's byte-order mark and line ending (that of its first line):
    fmt changes layout, not how Windows editors saved the file."""
    bom = b"\xef\xbb\xbf" if original.startswith(b"\xef\xbb\xbf") else b""
    first_break = original.find(b"\n")
    newline = "\r\n" if first_break > 0 and original[first_break - 1] == 0x0D else "\n"
    # A text with Windows line ends already (an editor's API call) is not given a second CR: '\r\r\n'.
    return bom + text.replace("\r\n", "\n").replace("\n", newline).encode("utf-8")


# Paths are plain strings here: pathlib costs `werkvorm check` startup time on every commit hook.


def read(path: str) -> Source:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise UnreadableFile(
            f"Kan dit bestand niet openen ({reason(error)}).",
            "E510",
            path,
            "Kijk of de naam klopt en of u het bestand mag lezen.",
        ) from None
    if len(data) > MAX_BYTES:
        raise UnreadableFile(
            "Dit bestand is groter dan 20 MB en dus geen werkvorm.",
            "E511",
            path,
            "Geef het .werkvorm-bestand zelf, niet een ander bestand met die naam.",
        )
    source = decode(data, str(path))
    return Source(source.filename, source.text, source.problems, data)


def collect(paths: list[str]) -> list[str]:
    """Files as given, folders searched for *.werkvorm; raises UnreadableFile for what is not there."""
    found: list[str] = []
    for given in paths:
        if os.path.isdir(given):
            files = sorted(_werkvormen_in(given))
            if not files:
                raise UnreadableFile(
                    f"In deze map staan geen {SUFFIX}-bestanden.",
                    "E513",
                    given,
                    "Geef de map waarin uw werkvormen staan, of een bestand.",
                )
            found.extend(files)
        elif os.path.exists(given):
            found.append(given)
        else:
            raise UnreadableFile(
                "Dit bestand of deze map bestaat niet.",
                "E512",
                given,
                "Kijk of de naam goed gespeld is; 'ls' of de verkenner toont wat er staat.",
            )
    return list(dict.fromkeys(found))


def _werkvormen_in(folder: str):
    """Every .werkvorm file below `folder`; a stack, not recursion, so any depth of folders works."""
    waiting = [folder]
    while waiting:
        current = waiting.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue  # a folder we may not read holds nothing we can check; os.walk skipped it too
        for entry in entries:
            if _is_folder(entry):
                if not entry.name.startswith("."):  # skip .git, .venv and the like
                    waiting.append(entry.path)
            elif entry.name.endswith(SUFFIX) and os.path.isfile(entry.path):
                yield os.path.normpath(entry.path)  # "./x" would not match a path in a pull request


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)  # a link to a folder could loop forever
    except OSError:
        return False
