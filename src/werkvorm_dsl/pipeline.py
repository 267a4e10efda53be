"""The pipeline every command shares: read a werkvorm, check it, and make something of it only without errors."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from werkvorm_dsl.language.diagnostics import Diagnostic
from werkvorm_dsl.language.nodes import Werkvorm
from werkvorm_dsl.language.source import Source, collect, encode_like, read
from werkvorm_dsl.system.files import FileFault, rewrite_file
from werkvorm_dsl.system.names import slug_for

if TYPE_CHECKING:  # for the type checker only: `werkvorm check` loads neither the schedule nor any output
    from werkvorm_dsl.analysis.schedule import Plan
    from werkvorm_dsl.analysis.timing import Timing
    from werkvorm_dsl.analysis.variants import VariantNote
    from werkvorm_dsl.output.house_style import Huisstijl
    from werkvorm_dsl.output.registry import BuildContext, Resources


@dataclass
class Checked:
    """One file after reading and checking, with the timing the checks computed: every document,
    hover and preview made of it reads the same timing and plan, computed once."""

    path: str
    lines: list[str]
    diagnostics: list[Diagnostic]
    werkvorm: Werkvorm | None  # None when the file could not be parsed at all
    timing: Timing | None = None  # None without a werkvorm, or when only taal looked at it
    variant: VariantNote | None = None  # a variant resolved into `werkvorm` (issue 24); None: the base
    _plan: Plan | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def plan(self) -> Plan:
        """The agenda, laid out on first use (`werkvorm check` needs none) from the carried timing."""
        if self.werkvorm is None:
            raise WerkvormHasErrors(self)
        if self._plan is None:
            from werkvorm_dsl.analysis.schedule import plan

            self._plan = plan(self.werkvorm, timing=self.timing)
        return self._plan


class WerkvormHasErrors(Exception):
    """Nothing is made of a werkvorm with errors; the caller shows `checked.diagnostics` to the author."""

    def __init__(self, checked: Checked):
        super().__init__(checked.path)
        self.checked = checked


def check_paths(paths: list[str], strict: bool = False, variant: str | None = None) -> list[Checked]:
    """Every werkvorm in the given files and folders, checked, in the order `collect` finds them;
    with `variant`, that variant of each (issue 24)."""
    return [check_file(path, strict, variant) for path in collect(paths)]


def check_file(path: str, strict: bool = False, variant: str | None = None) -> Checked:
    source = read(path)
    if variant is not None:
        return check_variant(source, variant, strict)
    return check_source(source, strict)


def check_variant(source: Source, name: str, strict: bool = False) -> Checked:
    """`werkvorm check --variant NAAM`: what the check says of that variant alone, each diagnostic
    naming it; E224 on line 1 when the werkvorm has no such variant."""
    from werkvorm_dsl.analysis.variants import variant_named
    from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
    from werkvorm_dsl.language.nodes import Span

    whole = check_source(source, strict)
    if whole.werkvorm is None:
        return whole
    try:
        variant = variant_named(whole.werkvorm, name)
    except KeyError:
        names = ", ".join(f"'{v.name}'" for v in whole.werkvorm.variants) or "geen"
        missing = Diagnostic(
            "E224",
            Severity.ERROR,
            source.filename,
            Span(1, 1, 1, 2),
            f"Deze werkvorm heeft geen variant '{name}'.",
            f"Bekende varianten: {names}.",
        )
        return Checked(whole.path, whole.lines, [missing], whole.werkvorm, whole.timing)
    return variant_of(whole, variant.name, strict)


def variant_of(whole: Checked, name: str, strict: bool = False) -> Checked:
    """One variant of a checked werkvorm, resolved and checked on its own: its documents are built
    from this, as the base's are from `whole`."""
    from werkvorm_dsl.analysis.checks import check, in_variant
    from werkvorm_dsl.analysis.variants import resolve, variant_lines, variant_named, variant_note

    assert whole.werkvorm is not None  # a file that could not be read has no variants
    variant = variant_named(whole.werkvorm, name)
    resolved = resolve(whole.werkvorm, variant.name)
    said = [in_variant(d, variant.name) for d in check(resolved, strict)]
    lines = variant_lines(whole.werkvorm)  # what is said of the variants themselves holds for each
    own = [d for d in whole.diagnostics if d.code in ("E223", "E224", "E225") or d.span.line in lines]
    diagnostics = sorted([*own, *said], key=lambda d: (d.span.line, d.span.column))
    return Checked(whole.path, whole.lines, diagnostics, resolved, variant=variant_note(whole.werkvorm, variant))


def variants_of(whole: Checked, strict: bool = False) -> list[Checked]:
    """Every variant of a checked werkvorm, in the order written; none for a file without them."""
    if whole.werkvorm is None:
        return []
    return [variant_of(whole, variant.name, strict) for variant in whole.werkvorm.variants]


def output_slug(checked: Checked) -> str:
    """The output folder (and serve's page) of a werkvorm, or of one of its variants:
    'incidentmethode' and 'incidentmethode--90-min'. A file's own slug never holds '--'."""
    from werkvorm_dsl.system.names import variant_slug

    base = slug_for(checked.path)
    return base if checked.variant is None else f"{base}--{variant_slug(checked.variant.name)}"


def check_source(source: Source, strict: bool = False) -> Checked:
    # Imported here, not at the top: `werkvorm --help` and a Ctrl-C during start-up need neither.
    from werkvorm_dsl.analysis.checks import check
    from werkvorm_dsl.analysis.timing import compute
    from werkvorm_dsl.language.draft_notes import import_notes, not_yet_a_werkvorm
    from werkvorm_dsl.language.parser import parse

    path = source.filename
    if any(d.is_error for d in source.problems):
        diagnostics = [d.as_error() if strict else d for d in source.problems]
        return Checked(path, source.text.split("\n"), diagnostics, None)
    pasted = not_yet_a_werkvorm(source.text, path)
    if pasted is not None:  # one message that names the cause, instead of a warning on every line
        return Checked(path, source.text.split("\n"), [*source.problems, pasted], None)
    werkvorm = parse(source.text, source.filename)
    timing = compute(werkvorm)
    found = [*source.problems, *import_notes(source.text, path)]
    diagnostics = sorted(
        [*(d.as_error() if strict else d for d in found), *check(werkvorm, strict, timing)],
        key=lambda d: (d.span.line, d.span.column),
    )
    return Checked(path, source.text.split("\n"), diagnostics, werkvorm, timing)


def taal_paths(paths: list[str], settings=None, strict: bool = False) -> list[Checked]:
    """`werkvorm taal`: spelling and B1 signals of every werkvorm in the given files and folders.
    The Hunspell dictionary is loaded once, on the first file, and only here: never for `check`.
    Every file is read first, then checked: the reading is done while Hunspell loads the
    dictionary in a thread of its own (spelling.load_soon), instead of waiting for it after one file."""
    read_first = [_taal_read(path) for path in collect(paths)]
    return [_taal_checked(read, settings, strict) for read in read_first]


def taal_file(path: str, settings=None, strict: bool = False) -> Checked:
    return _taal_checked(_taal_read(path), settings, strict)


def _taal_read(path: str) -> tuple[str, Source, Werkvorm | None]:
    from werkvorm_dsl.language.parser import parse

    source = read(path)
    if any(d.is_error for d in source.problems):
        return path, source, None
    return path, source, parse(source.text, source.filename)


def _taal_checked(read: tuple[str, Source, Werkvorm | None], settings, strict: bool) -> Checked:
    from werkvorm_dsl.taal.check import Settings, check_taal
    from werkvorm_dsl.taal.spelling import author_words

    path, source, werkvorm = read
    lines = source.text.split("\n")
    if werkvorm is None:
        return Checked(path, lines, [d.as_error() if strict else d for d in source.problems], None)
    found = [
        *source.problems,
        *check_taal(werkvorm, lines, source.filename, settings or Settings(), author_words(path)),
    ]
    diagnostics = sorted((d.as_error() if strict else d for d in found), key=lambda d: (d.span.line, d.span.column))
    return Checked(path, lines, diagnostics, werkvorm)


def taal_note(checked: Checked) -> str:
    """What `werkvorm build` adds to a werkvorm's summary line: its open taal problems, or nothing.
    Without the Dutch dictionary on this machine a build says nothing about taal: it must not fail."""
    from werkvorm_dsl.taal.check import Settings, check_taal
    from werkvorm_dsl.taal.spelling import author_words

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


@dataclass(frozen=True)
class BuildOptions:
    """What to make of a werkvorm. `werkvorm build`, serve's preview and downloads and the editor
    all pass these, so the same options make the same documents, byte for byte. Whether a
    document says CONCEPT is not an option: the werkvorm's own warnings decide it."""

    only: tuple[str, ...] | None = None  # the documents (the registry's names), in order; None: all
    formats: frozenset[str] | None = None  # "html", "pdf" …; None: every format a backend makes
    start: str | None = None  # "14:00" (--start): when the session begins, over its `begintijd:`
    datum: date | None = None  # --datum: the day, for the invitation's calendar event
    large: bool = False  # --groot: large print for the hand-out and the cards
    archival: bool = False  # --pdf-a: PDF/A-2a
    huisstijl: Huisstijl | None = None  # a municipality's look (see house_style_for); None: the default
    participants: int | None = None  # --deelnemers: the number on the day, which decides each KEUZE


@dataclass
class Documents:
    """Every file a build made, in memory: file name (draaiboek.html, kaarten-a6.pdf) -> bytes, in
    the order made; and what the backends met on the way that the author should hear."""

    slug: str  # the werkvorm's output folder, and its page in serve
    files: dict[str, bytes]
    notices: list[str]


def house_styles(paths: list[str], given: str | None = None) -> dict[str, Huisstijl]:
    """The house style of each werkvorm that has one: the file `given` (--huisstijl) for all, else
    the huisstijl.toml in its own folder. Each file is read once; a FileFault (HuisstijlProblems)
    names every problem of every file at once."""
    from werkvorm_dsl.output.house_style import for_files

    return for_files(paths, given)


def house_style_for(path: str, given: str | None = None) -> Huisstijl | None:
    """The house style one werkvorm is built with, found as `werkvorm build` finds it."""
    return house_styles([path], given).get(path)


def build(
    checked: Checked, options: BuildOptions, resources: Resources | None = None, spare_core: bool = False
) -> Documents:
    """Every document the options ask for, made in memory from a werkvorm without errors (else
    WerkvormHasErrors), from the timing and plan its check computed. Nothing is written. With a
    spare core, half of the PDFs are rendered in a child process meanwhile (see formats/pdf.py);
    `resources` lets a process share one PDF renderer across werkvormen."""
    from werkvorm_dsl.output import registry
    from werkvorm_dsl.output.registry import Resources

    if resources is None:
        resources = Resources(options.archival)
    resources.archival = options.archival
    context = build_context(without_errors(checked), options, resources)
    only = list(options.only) if options.only is not None else registry.names()
    formats = set(options.formats) if options.formats is not None else registry.all_formats()
    unknown = sorted(set(only) - set(registry.names())) + sorted(formats - registry.all_formats())
    if unknown:  # a front end's mistake, not an author's: each front end offers only the registry's names
        raise ValueError(f"no such document or format: {', '.join(unknown)}")
    ahead = _render_ahead(context, only, formats) if spare_core else None
    files: dict[str, bytes] = {}
    try:
        for name in only:
            for file_name, data in registry.render_files(context, name, formats).items():
                files[file_name] = data.encode("utf-8") if isinstance(data, str) else data
    except BaseException:
        if ahead is not None:
            ahead.cancel()  # a fault or Ctrl-C on the way: no child left behind
        raise
    return Documents(context.slug, files, resources.take_notices())


def build_context(checked: Checked, options: BuildOptions, resources: Resources) -> BuildContext:
    """What every backend reads: the werkvorm, its plan (from the given start), the options."""
    from werkvorm_dsl.output.registry import BuildContext

    werkvorm = checked.werkvorm
    if werkvorm is None:
        raise WerkvormHasErrors(checked)
    agenda = checked.plan
    number = options.participants or _one_number(werkvorm)
    if number is not None:
        werkvorm, agenda = _decided_for(werkvorm, number, agenda)
    if options.start is not None:
        agenda = dataclasses.replace(agenda, start_clock=options.start)
    return BuildContext(
        werkvorm,
        agenda,
        output_slug(checked),
        options.datum,
        os.path.dirname(os.path.abspath(checked.path)),
        int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0),
        options.large,
        concept_note(checked.diagnostics),  # CONCEPT on every page while warnings remain
        options.huisstijl,
        resources,
        checked.variant,
    )


def _one_number(werkvorm: Werkvorm) -> int | None:
    """'deelnemers: 8' (of the werkvorm or of its variant): the one number that decides each KEUZE."""
    persons = werkvorm.participants
    return persons.low if persons is not None and persons.low == persons.high and not persons.no_maximum else None


def _decided_for(werkvorm: Werkvorm, number: int, agenda: Plan) -> tuple[Werkvorm, Plan]:
    """The werkvorm with each KEUZE decided for `number` participants, and its plan; unchanged without a KEUZE."""
    from werkvorm_dsl.analysis.choices import decided, has_choices

    if not has_choices(werkvorm):
        return werkvorm, agenda
    from werkvorm_dsl.analysis.schedule import plan
    from werkvorm_dsl.analysis.timing import compute
    from werkvorm_dsl.language.nodes import Count

    chosen = decided(werkvorm, number)
    return chosen, plan(chosen, timing=compute(chosen, Count(number, number)))


def concept_note(diagnostics: list[Diagnostic]) -> str:
    """What a draft's CONCEPT mark says is still open, in words a participant may read too: the
    number of warnings and the titles of their codes, never a message (it may quote any text)."""
    from werkvorm_dsl.language.code_titles import in_words

    codes = [d.code for d in diagnostics if d.is_warning]
    if not codes:
        return ""
    return f"{len(codes)} {'waarschuwing' if len(codes) == 1 else 'waarschuwingen'} ({in_words(codes)})"


def _render_ahead(context: BuildContext, only: list[str], formats: set[str]):
    if "pdf" not in formats:
        return None
    from werkvorm_dsl.output.formats.pdf import render_ahead

    return render_ahead(context, only)


def export_file(path: str) -> str:
    """The werkvorm as JSON (see docs/werkvorm.schema.json), if it has no errors."""
    werkvorm = without_errors(check_file(path)).werkvorm
    assert werkvorm is not None  # without_errors refuses a file that could not be read
    return export_werkvorm(werkvorm)


def export_werkvorm(werkvorm: Werkvorm) -> str:
    """The JSON export of a werkvorm with each of its variants resolved (issue 24), in the order written."""
    from werkvorm_dsl.analysis.variants import resolve
    from werkvorm_dsl.language.export import to_json

    return to_json(werkvorm, [(variant, resolve(werkvorm, variant.name)) for variant in werkvorm.variants])


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
