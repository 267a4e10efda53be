"""`werkvorm build`: check each werkvorm, build its documents with the library, and write them atomically."""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from dataclasses import dataclass
from datetime import date

from werkvorm_dsl.language.diagnostics import render_file_text
from werkvorm_dsl.language.source import collect
from werkvorm_dsl.language.values import ValueProblem, parse_clock
from werkvorm_dsl.output import registry
from werkvorm_dsl.output.palette import missing_font_warnings
from werkvorm_dsl.output.registry import BuildContext, Resources
from werkvorm_dsl.pipeline import (
    BuildOptions,
    Checked,
    build,
    check_file,
    has_errors,
    house_styles,
    output_slug,
    taal_note,
    variants_of,
)
from werkvorm_dsl.system import parallel
from werkvorm_dsl.system.files import FileFault, is_leftover, reason, system_fault
from werkvorm_dsl.system.folders import remove_leftovers, replace_folder
from werkvorm_dsl.system.names import slug_for
from werkvorm_dsl.system.safe_text import shown, shown_path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
MANIFEST = ".werkvorm-uitvoer"  # in each output folder: the files a build wrote there, one a line
LAST_DATE = date(9998, 12, 31)  # a session on the last day of 9999 would end past the calendar's end
ALWAYS_MADE = {"txt", "json", "ics"}  # the invitation's text, the export and the calendar event: not in --formaten


Context = BuildContext  # the name older callers and tests use


@dataclass
class Options:
    """The command's options: where to write, how many at once, and what to build (the library's options)."""

    target: str
    build: BuildOptions
    jobs: int = 1
    huisstijl: str | None = None  # --huisstijl: one file for every werkvorm; else each folder's own
    variant: str | None = None  # --variant: only this variant of each werkvorm; None: the base and every variant

    @property
    def only(self) -> tuple[str, ...]:
        return self.build.only or ()

    @property
    def formats(self) -> frozenset[str]:
        return self.build.formats or frozenset()


def options_from(args) -> Options:
    known = registry.names()
    only = [n.strip() for n in (args.only or ",".join(known)).split(",") if n.strip()]
    unknown = [n for n in only if n not in known]
    if unknown:
        raise _option_fault(f"--only: onbekende uitvoer '{unknown[0]}'.", f"Kies uit {', '.join(known)}.")
    formats = {f.strip() for f in args.formaten.split(",") if f.strip()}
    made = registry.all_formats()
    if not formats <= made:
        raise _option_fault(
            f"--formaten: onbekende bestandsvorm in '{args.formaten}'.", f"Kies uit {', '.join(sorted(made))}."
        )
    start = None
    if args.start:
        try:
            start = parse_clock(args.start)
        except ValueProblem as problem:
            raise _option_fault(f"--start: {problem}", "Schrijf de begintijd als 14:00.") from None
    return Options(
        args.to,
        BuildOptions(
            tuple(only),
            frozenset(formats | ALWAYS_MADE),
            start,
            _datum(args.datum),
            large=args.groot,
            archival=args.pdf_a,
            participants=_participants(getattr(args, "deelnemers", None)),
        ),
        _jobs(getattr(args, "jobs", None)),
        getattr(args, "huisstijl", None),
        getattr(args, "variant", None),
    )


def _participants(given: str | None) -> int | None:
    """--deelnemers: how many people come, which decides each KEUZE in the documents."""
    if given is None:
        return None
    if not given.strip().isdecimal() or int(given) < 1:
        raise _option_fault(
            f"--deelnemers: '{given}' is geen aantal deelnemers.", "Geef een heel getal, bijvoorbeeld --deelnemers 12."
        )
    return int(given)


def _jobs(given: str | None) -> int:
    """-j: how many werkvormen are built at once; by default one per core this process may use."""
    if given is None:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    hint = "Geef een heel getal van 1 tot en met 256, bijvoorbeeld -j 2."
    if not (given.isascii() and given.isdigit()):
        raise _option_fault(f"-j: '{given}' is geen aantal.", hint)
    if not 1 <= int(given) <= 256:
        raise _option_fault(f"-j {int(given)}: dat aantal kan niet; er is minstens 1 en hooguit 256 nodig.", hint)
    return int(given)


def _datum(given: str | None) -> date | None:
    if not given:
        return None
    try:
        datum = date.fromisoformat(given)
    except ValueError:
        raise _option_fault(f"--datum: '{given}' is geen datum.", "Schrijf bijvoorbeeld 2026-12-03.") from None
    if datum > LAST_DATE:
        raise _option_fault(
            f"--datum: {given} ligt te ver in de toekomst voor een agenda.", "Kies een datum tot en met 9998-12-31."
        )
    return datum


def _option_fault(message: str, hint: str) -> FileFault:
    return FileFault(message, "E507", hint=hint)


def run(args) -> int:
    options = options_from(args)
    files = collect(args.paths)
    shared = shared_folders(files)
    for fault in shared:
        print(f"werkvorm: {fault}", file=sys.stderr)
    if shared:
        return EXIT_USAGE
    styles = house_styles(files, options.huisstijl)
    for warning in missing_font_warnings(styles):
        print(f"werkvorm: {warning}", file=sys.stderr)
    _prepare_target(options.target)
    try:
        # With a core to spare (fewer werkvormen than -j, on a machine that is not busy), each
        # werkvorm's taal note and half of its PDFs are made beside the rest; otherwise every core
        # builds already, and one process loads the dictionary once.
        spare_core = parallel.core_to_spare(options.jobs, len(files))
        outcomes = parallel.run_all(
            files,
            lambda path: build_file(path, options, styles.get(path), spare_core),
            options.jobs,
            Outcome.show,
            lambda outcome: bool(outcome.fault),
            prepare=lambda: _load_for_workers(options),
            lost=lost_worker,
        )
    finally:
        # Let go of WeasyPrint's fonts now: kept until the interpreter's teardown, their finaliser
        # runs after the modules it needs are gone and prints a traceback.
        RESOURCES.pdf_renderer = None
        # What ended workers (Ctrl-C, a fault, the out-of-memory killer) left half-made: their
        # processes are gone by now, so their fresh folders are leftovers.
        remove_leftovers(options.target)
    if any(outcome.fault or outcome.broken for outcome in outcomes):
        return EXIT_USAGE
    return EXIT_PROBLEMS if any(outcome.failed for outcome in outcomes) else EXIT_OK


def _load_for_workers(options: Options) -> None:
    """Before a parallel build forks its workers: the templates compiled and WeasyPrint imported
    once, here, instead of once in every worker (most of a second of processor time each)."""
    from werkvorm_dsl.output.render import environment

    templates = environment()
    for name in templates.list_templates():
        templates.get_template(name)
    if "pdf" in options.formats:
        try:
            import weasyprint  # noqa: F401
        except (ImportError, OSError):
            pass  # without Pango or HarfBuzz: each werkvorm then says what is missing, as before


@dataclass
class Outcome:
    """What building one werkvorm said, kept so that a parallel build prints in the files' order."""

    out: str = ""
    err: str = ""
    failed: bool = False
    fault: str = ""  # a fault of the system or the command (full disk): the build stops, exit code 2
    broken: bool = False  # the worker on it died (killed, out of memory): the others go on, exit code 2

    def show(self) -> None:
        print(self.out, end="")
        print(self.err, end="", file=sys.stderr)
        if self.fault:
            print(f"werkvorm: {self.fault}", file=sys.stderr)


RESOURCES = Resources()  # one per process: a worker of a parallel build makes its own


def build_file(path: str, options: Options, style=None, spare_core: bool = False) -> Outcome:
    """Check one werkvorm and build it unless it has errors; every fault becomes text in the outcome.
    The base goes into its own folder and each variant into one beside it (see pipeline.output_slug);
    with --variant only that variant. With a spare core, the taal note (the Dutch dictionary loads
    in half a second) is made in a child process while this one renders the outputs."""
    try:
        checked = check_file(path, variant=options.variant)
        if has_errors(checked):
            return Outcome(
                render_file_text(path, checked.diagnostics, checked.lines),
                f"{shown_path(path)}: niet gebouwd, want er staan fouten in. Los die eerst op.\n",
                True,
            )
        note_aside = parallel.Aside(lambda: taal_note(checked)) if spare_core else None
        try:
            said = _build_with_variants(checked, options, style, spare_core)
        except BaseException:
            if note_aside is not None:
                note_aside.cancel()  # a fault or Ctrl-C on the way: no child left behind
            raise
    except FileFault as fault:
        return Outcome(fault=str(fault))
    except OSError as error:
        return Outcome(fault=str(system_fault(error)))
    except MemoryError:
        return Outcome(
            fault="fout[E509]: Er is niet genoeg geheugen voor deze opdracht. Tip: sluit andere "
            "programma's, of geef minder bestanden tegelijk."
        )
    if note := (note_aside.result() if note_aside is not None else taal_note(checked)):
        said.out += f"{shown_path(path)}: let op, {shown(note)}.\n"
    return said


def _build_with_variants(checked: Checked, options: Options, style, spare_core: bool) -> Outcome:
    """The documents of the checked werkvorm and, when it is the base, of each of its variants:
    each set in its own folder, each with a line that says where."""
    said = Outcome()
    every = [checked] if checked.variant is not None else [checked, *variants_of(checked)]
    if fault := _variants_sharing_a_folder(every):
        raise fault
    for each in every:
        written, notices = build_one(each, options, RESOURCES, style, spare_core)
        which = shown_path(each.path) + (f" (variant '{shown(each.variant.name)}')" if each.variant else "")
        said.err += "".join(f"{which}: {shown(notice)}\n" for notice in notices)
        said.out += f"{which}: {written} bestanden in {shown(os.path.join(options.target, output_slug(each)))}\n"
    return said


def lost_worker(path: str) -> Outcome:
    """What a parallel build says of a werkvorm whose worker process died: one line, and its
    output folder as it was (the new set is only swapped in whole)."""
    fault = FileFault(
        "Het bouwen van deze werkvorm is afgebroken, omdat het proces dat eraan werkte is gestopt "
        "(misschien door te weinig geheugen); de uitvoermap is niet veranderd.",
        "E514",
        path,
        "Bouw deze werkvorm opnieuw, alleen of met -j 1. Gebeurt het weer, kijk dan of het logo of "
        "het Word-sjabloon van de huisstijl erg groot is.",
    )
    return Outcome(err=f"werkvorm: {fault}\n", failed=True, broken=True)


def _variants_sharing_a_folder(every: list[Checked]) -> FileFault | None:
    """Two variants whose names give one folder ('90 min' and '90-min'): the one would overwrite
    the other, so nothing of the werkvorm is built."""
    first_by_slug: dict[str, str] = {}
    for each in every:
        if each.variant is None:
            continue
        slug = output_slug(each)
        first = first_by_slug.setdefault(slug, each.variant.name)
        if first != each.variant.name:
            return FileFault(
                f"De varianten '{first}' en '{each.variant.name}' krijgen allebei de uitvoermap '{slug}'; ik bouw "
                "niets van deze werkvorm, anders overschrijft de een de ander.",
                "E505",
                each.path,
                "Geef een van de twee varianten een andere naam, met andere letters of cijfers.",
            )
    return None


def shared_folders(files: list[str]) -> list[FileFault]:
    """Two werkvormen whose outputs would land in one folder (a/x and b/x, Café and cafe): one
    would silently overwrite the other, so the build stops before it writes anything."""
    first_by_slug: dict[str, str] = {}
    faults = []
    for path in files:
        slug = slug_for(path)
        first = first_by_slug.setdefault(slug, path)
        if first != path and os.path.realpath(first) != os.path.realpath(path):
            faults.append(
                FileFault(
                    f"{first} en {path} krijgen allebei de uitvoermap '{slug}'; ik bouw niets, "
                    "anders overschrijft de een de ander.",
                    "E505",
                    path,
                    "Geef een van de twee een andere bestandsnaam, of bouw ze apart met --to.",
                )
            )
    return faults


def build_one(
    checked: Checked,
    options: Options,
    resources: Resources | None = None,
    style=None,
    spare_core: bool = False,
) -> tuple[int, list[str]]:
    """Build one checked werkvorm with the library and put its files into its own folder under the
    target, as one set (system/folders.py): how many files, and the backends' notices."""
    folder = os.path.join(options.target, output_slug(checked))
    documents = build(checked, dataclasses.replace(options.build, huisstijl=style), resources, spare_core)
    files = dict(documents.files)
    if "html" in options.formats:
        files.update(_html_assets())
    listed = set() if os.path.islink(folder) else _manifest(folder)
    stale = {name for name in listed - set(documents.files) if _asked(name, options)}
    files[MANIFEST] = "".join(f"{name}\n" for name in sorted((listed - stale) | set(documents.files))).encode()
    replace_folder(folder, files, carried=lambda name: name not in stale and not is_leftover(name))
    return len(documents.files), documents.notices


def _html_assets() -> dict[str, bytes]:
    """The fonts the HTML outputs load from fonts/ beside them (Lato, with its licence)."""
    from werkvorm_dsl.output.render import HTML_ASSET_FILES, html_asset

    found = {f"fonts/{name}": html_asset(name) for name in HTML_ASSET_FILES}
    return {name: data for name, data in found.items() if data is not None}


def _manifest(folder: str) -> set[str]:
    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8", errors="replace") as handle:
            lines = handle.read(100_000).splitlines()
    except OSError:
        return set()
    return {line for line in lines if _is_output_name(line)}


OUTPUT_NAME = re.compile(r"([a-z]+)(-a6)?\.([a-z]+)")


def _is_output_name(name: str) -> bool:
    """A file name this program writes into an output folder, and nothing else (no path)."""
    match = OUTPUT_NAME.fullmatch(name)
    return match is not None and match.group(1) in registry.names()


def _asked(name: str, options: Options) -> bool:
    match = OUTPUT_NAME.fullmatch(name)
    return match is not None and match.group(1) in options.only and match.group(3) in options.formats


def _prepare_target(target: str) -> None:
    import tempfile

    try:
        os.makedirs(target, exist_ok=True)
        remove_leftovers(target)
        probe = tempfile.NamedTemporaryFile(dir=target, prefix=".schrijftest-", delete=True)
        probe.close()
    except OSError as error:
        raise FileFault(
            f"In deze map kan ik niet schrijven ({reason(error)}).",
            "E501",
            target,
            "Kies met --to een map waarin u mag schrijven.",
        ) from None
