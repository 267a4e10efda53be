"""The pipeline every command shares: read a werkvorm, check it, and make something of it only without errors."""

from __future__ import annotations

from dataclasses import dataclass, field

from werkvorm_dsl.language.diagnostics import Diagnostic
from werkvorm_dsl.language.nodes import Werkvorm
from werkvorm_dsl.language.source import Source, collect, encode_like, read
from werkvorm_dsl.system.files import FileFault, rewrite_file


@dataclass
class Checked:
    """One file after reading and checking."""

    path: str
    lines: list[str]
    diagnostics: list[Diagnostic]
    werkvorm: Werkvorm | None  # None when the file could not be parsed at all


class WerkvormHasErrors(Exception):
    """Nothing is made of a werkvorm with errors; the caller shows `checked.diagnostics` to the author."""

    def __init__(self, checked: Checked):
        super().__init__(checked.path)
        self.checked = checked


def check_paths(paths: list[str], strict: bool = False) -> list[Checked]:
    """Every werkvorm in the given files and folders, checked, in the order `collect` finds them."""
    return [check_file(path, strict) for path in collect(paths)]


def check_file(path: str, strict: bool = False) -> Checked:
    return check_source(read(path), strict)


def check_source(source: Source, strict: bool = False) -> Checked:
    # Imported here, not at the top: `werkvorm --help` and a Ctrl-C during start-up need neither.
    from werkvorm_dsl.analysis.checks import check
    from werkvorm_dsl.language.parser import parse

    path = source.filename
    if any(d.is_error for d in source.problems):
        diagnostics = [d.as_error() if strict else d for d in source.problems]
        return Checked(path, source.text.split("\n"), diagnostics, None)
    werkvorm = parse(source.text, source.filename)
    diagnostics = sorted(
        [*(d.as_error() if strict else d for d in source.problems), *check(werkvorm, strict)],
        key=lambda d: (d.span.line, d.span.column),
    )
    return Checked(path, source.text.split("\n"), diagnostics, werkvorm)


def taal_paths(paths: list[str], settings=None, strict: bool = False) -> list[Checked]:
    """`werkvorm taal`: spelling and B1 signals of every werkvorm in the given files and folders.
    The Hunspell dictionary is loaded once, on the first file, and only here: never for `check`."""
    return [taal_file(path, settings, strict) for path in collect(paths)]


def taal_file(path: str, settings=None, strict: bool = False) -> Checked:
    from werkvorm_dsl.language.parser import parse
    from werkvorm_dsl.taal.check import Settings, author_words, check_taal

    source = read(path)
    lines = source.text.split("\n")
    if any(d.is_error for d in source.problems):
        return Checked(path, lines, [d.as_error() if strict else d for d in source.problems], None)
    werkvorm = parse(source.text, source.filename)
    found = [
        *source.problems,
        *check_taal(werkvorm, lines, source.filename, settings or Settings(), author_words(path)),
    ]
    diagnostics = sorted((d.as_error() if strict else d for d in found), key=lambda d: (d.span.line, d.span.column))
    return Checked(path, lines, diagnostics, werkvorm)


def taal_note(checked: Checked) -> str:
    """What `werkvorm build` adds to a werkvorm's summary line: its open taal problems, or nothing.
    Without the Dutch dictionary on this machine a build says nothing about taal: it must not fail."""
    from werkvorm_dsl.taal.check import Settings, author_words, check_taal

    if checked.werkvorm is None:
        return ""
    try:
        found = check_taal(
            checked.werkvorm, checked.lines, checked.path, Settings(suggest=False), author_words(checked.path)
        )
    except FileFault:
        return ""
    typos = sum(d.is_error for d in found)
    warnings = sum(d.is_warning for d in found)
    if not typos and not warnings:
        return ""
    parts = [f"{typos} {'woord' if typos == 1 else 'woorden'} niet in het woordenboek"] if typos else []
    parts += [f"{warnings} {'taalwaarschuwing' if warnings == 1 else 'taalwaarschuwingen'}"] if warnings else []
    return f"{' en '.join(parts)}; zie 'werkvorm taal {checked.path}'"


def has_errors(checked: Checked) -> bool:
    return checked.werkvorm is None or any(d.is_error for d in checked.diagnostics)


def without_errors(checked: Checked) -> Checked:
    """The checked file itself, or WerkvormHasErrors: the one gate before anything is made of it."""
    if has_errors(checked):
        raise WerkvormHasErrors(checked)
    return checked


def export_file(path: str) -> str:
    """The werkvorm as JSON (see docs/werkvorm.schema.json), if it has no errors."""
    from werkvorm_dsl.language.export import to_json

    return to_json(without_errors(check_file(path)).werkvorm)


@dataclass
class Formatted:
    """What `werkvorm fmt` did with each file; only the files in `changed` differ (or, with --check, would)."""

    changed: list[str] = field(default_factory=list)
    refused: list[Checked] = field(default_factory=list)  # with errors, so left alone
    unsafe: list[str] = field(default_factory=list)  # a line would mean something else in its new place
    faults: list[FileFault] = field(default_factory=list)  # unreadable, not UTF-8, or not writable


def fmt_paths(paths: list[str], only_check: bool) -> Formatted:
    """Format every werkvorm in the given files and folders; one file's problem never stops the others."""
    from werkvorm_dsl.language.fmt import UnsafeLayout

    outcome = Formatted()
    for path in collect(paths):
        try:
            if fmt_file(path, only_check):
                outcome.changed.append(path)
        except FileFault as fault:
            outcome.faults.append(fault)
        except WerkvormHasErrors as refusal:
            outcome.refused.append(refusal.checked)
        except UnsafeLayout:
            outcome.unsafe.append(path)
    return outcome


def fmt_file(path: str, only_check: bool) -> bool:
    """Format one file in place (unless only_check); True if its layout changes.

    A file with an error in its structure is left alone (WerkvormHasErrors; errors in values and
    time are no reason, see fmt.errors_that_stop_fmt), and so is one not saved as UTF-8 (FileFault
    E504): writing it back could damage letters such as ë and ï.
    """
    from werkvorm_dsl.language.fmt import errors_that_stop_fmt, format_text

    source = read(path)
    # The encoding first: whatever else is wrong, such a file must not be written back.
    not_utf8 = [d for d in source.problems if d.code == "W002"]
    if not_utf8:
        span = not_utf8[0].span
        raise FileFault(
            "Niet opgemaakt: dit bestand is niet als UTF-8 opgeslagen, en opmaken zou letters als "
            "ë en ï kunnen beschadigen.",
            "E504",
            f"{path}:{span.line}:{span.column}",
            "Kies in uw editor bij 'Opslaan als' de codering UTF-8 en probeer het opnieuw.",
        )
    checked = check_source(source)
    if checked.werkvorm is None or errors_that_stop_fmt(checked.diagnostics):
        raise WerkvormHasErrors(checked)
    formatted = encode_like(source.data, format_text(source.text))
    if formatted == source.data:
        return False
    if not only_check:
        rewrite_file(path, formatted, source.data)
    return True
