"""`werkvorm build`: check each werkvorm, render every output, and write the files atomically."""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date

from . import registry
from .diagnostics import render_file_text
from .files import FileFault, is_leftover, reason, replace_file, write_fault
from .nodes import Werkvorm
from .pipeline import check_file, has_errors
from .safe_text import shown, shown_path
from .source import collect
from .schedule import Plan, plan
from .values import ValueProblem, parse_clock

RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
MANIFEST = ".werkvorm-uitvoer"  # in each output folder: the files a build wrote there, one a line
LAST_DATE = date(9998, 12, 31)  # a session on the last day of 9999 would end past the calendar's end


@dataclass
class Context:
    """Everything a backend needs to render one werkvorm."""

    werkvorm: Werkvorm
    plan: Plan
    slug: str
    datum: date | None
    source_folder: str
    epoch: int
    large: bool = False  # --groot: large print for the handout and the cards
    concept: bool = False  # the werkvorm still has warnings: every printed page says CONCEPT


@dataclass
class Options:
    target: str
    only: list[str]
    formats: set[str]
    start: str | None
    datum: date | None
    archival: bool = False
    large: bool = False


def options_from(args) -> Options:
    known = registry.names()
    only = [n.strip() for n in (args.only or ",".join(known)).split(",") if n.strip()]
    unknown = [n for n in only if n not in known]
    if unknown:
        raise _option_fault(f"--only: onbekende uitvoer '{unknown[0]}'.", f"Kies uit {', '.join(known)}.")
    formats = {f.strip() for f in args.formaten.split(",") if f.strip()}
    suffixes = {suffix for name in known for suffix in registry.get(name).suffixes}
    if not formats <= suffixes:
        raise _option_fault(f"--formaten: onbekende bestandsvorm in '{args.formaten}'.",
                            f"Kies uit {', '.join(sorted(suffixes))}.")
    start = None
    if args.start:
        try:
            start = parse_clock(args.start)
        except ValueProblem as problem:
            raise _option_fault(f"--start: {problem}", "Schrijf de begintijd als 14:00.") from None
    return Options(args.to, only, formats | {"txt", "json", "ics"}, start, _datum(args.datum), args.pdf_a, args.groot)


def _datum(given: str | None) -> date | None:
    if not given:
        return None
    try:
        datum = date.fromisoformat(given)
    except ValueError:
        raise _option_fault(f"--datum: '{given}' is geen datum.", "Schrijf bijvoorbeeld 2026-12-03.") from None
    if datum > LAST_DATE:
        raise _option_fault(f"--datum: {given} ligt te ver in de toekomst voor een agenda.",
                            "Kies een datum tot en met 9998-12-31.")
    return datum


def _option_fault(message: str, hint: str) -> FileFault:
    return FileFault(message, "E507", hint=hint)


def slug_for(path: str) -> str:
    """A folder name from the file name that cannot escape the output folder on any system."""
    stem = os.path.splitext(os.path.basename(path))[0]
    ascii_only = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")[:80] or "werkvorm"
    return f"{slug}-werkvorm" if slug in RESERVED_NAMES else slug


def run(args) -> int:
    options = options_from(args)
    files = collect(args.paths)
    shared = shared_folders(files)
    for fault in shared:
        print(f"werkvorm: {fault}", file=sys.stderr)
    if shared:
        return EXIT_USAGE
    _prepare_target(options.target)
    renderer = None
    failed = 0
    progress = _Progress(len(files))
    for number, path in enumerate(files, start=1):
        progress.show(number, path)
        checked = check_file(path)
        if has_errors(checked):
            progress.clear()
            print(render_file_text(path, checked.diagnostics, checked.lines), end="")
            print(f"{shown_path(path)}: niet gebouwd, want er staan fouten in. Los die eerst op.", file=sys.stderr)
            failed += 1
            continue
        if "pdf" in options.formats and renderer is None:
            renderer = _renderer(os.path.dirname(os.path.abspath(path)), options.archival)
        elif renderer is not None:
            renderer.serve_folder(os.path.dirname(os.path.abspath(path)))
        try:
            written = build_one(path, checked.werkvorm, options, renderer,
                                concept=any(d.is_warning for d in checked.diagnostics))
        finally:
            progress.clear()
        print(f"{shown_path(path)}: {written} bestanden in {shown(os.path.join(options.target, slug_for(path)))}")
        for message in dict.fromkeys(renderer.take_problems() if renderer else ()):  # once each, not per page
            print(f"{shown_path(path)}: let op, bij het maken van een PDF meldde WeasyPrint: {shown(message)}",
                  file=sys.stderr)
    return EXIT_PROBLEMS if failed else EXIT_OK


def shared_folders(files: list[str]) -> list[FileFault]:
    """Two werkvormen whose outputs would land in one folder (a/x and b/x, Café and cafe): one
    would silently overwrite the other, so the build stops before it writes anything."""
    first_by_slug: dict[str, str] = {}
    faults = []
    for path in files:
        slug = slug_for(path)
        first = first_by_slug.setdefault(slug, path)
        if first != path and os.path.realpath(first) != os.path.realpath(path):
            faults.append(FileFault(f"{first} en {path} krijgen allebei de uitvoermap '{slug}'; ik bouw niets, "
                                    "anders overschrijft de een de ander.", "E505", path,
                                    "Geef een van de twee een andere bestandsnaam, of bouw ze apart met --to."))
    return faults


def _renderer(folder: str, archival: bool):
    try:
        from .pdf import Renderer  # WeasyPrint costs most of a second to import: only when a PDF is made
    except (ImportError, OSError) as problem:  # WeasyPrint without Pango or HarfBuzz fails on import
        raise FileFault(f"Voor PDF's ontbreekt iets op deze computer ({problem}).", "E508",
                        hint="Installeer Pango en HarfBuzz (Debian: libpango-1.0-0 libharfbuzz-subset0), of maak "
                        "alleen HTML en Markdown met --formaten html,md.") from None
    return Renderer(folder, archival=archival)


def build_one(path: str, werkvorm: Werkvorm, options: Options, renderer, concept: bool = False) -> int:
    slug = slug_for(path)
    folder = os.path.join(options.target, slug)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as error:
        raise write_fault(folder, error) from None
    _remove_leftovers(folder)
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    context = Context(werkvorm, plan(werkvorm, options.start), slug, options.datum,
                      os.path.dirname(os.path.abspath(path)), epoch, options.large, concept)
    written: list[str] = []

    def write(name: str, data: bytes) -> None:
        replace_file(os.path.join(folder, name), data)
        written.append(name)

    for name in options.only:
        document = registry.get(name).render(context)
        for suffix, text in document.files.items():
            if suffix in options.formats:
                write(f"{name}.{suffix}", text.encode("utf-8"))
        if renderer is not None and document.pdf_from_html and "html" in document.files:
            html = document.files["html"]
            if document.cards:
                accessible, sheets = renderer.cards(html)
                write(f"{name}-a6.pdf", accessible)
                write(f"{name}.pdf", sheets)
            else:
                write(f"{name}.pdf", renderer.a4(html))
    if "html" in options.formats:
        _write_html_assets(folder)
    _forget_stale_outputs(folder, set(written), options)
    return len(written)


def _write_html_assets(folder: str) -> None:
    """The fonts the HTML outputs load from fonts/ beside them (Lato, with its licence). Written
    only when missing or different, so a rebuild leaves them alone."""
    from .render import HTML_ASSET_FILES, html_asset

    fonts = os.path.join(folder, "fonts")
    try:
        if os.path.islink(fonts):
            os.unlink(fonts)  # replaced, never followed: the fonts are not written somewhere else
        os.makedirs(fonts, exist_ok=True)
    except OSError as error:
        raise write_fault(fonts, error) from None
    for name in HTML_ASSET_FILES:
        data = html_asset(name)
        target = os.path.join(fonts, name)
        if data is not None and not _holds(target, data):
            replace_file(target, data)


def _holds(path: str, data: bytes) -> bool:
    if os.path.islink(path):
        return False
    try:
        with open(path, "rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False


def _forget_stale_outputs(folder: str, written: set[str], options: Options) -> None:
    """Remove what an earlier build of this werkvorm wrote and this one, asked for the same
    output and file type, no longer makes (an .ics after `begintijd:` went). Only names in the
    manifest that this program can write are touched: never a file someone else put there."""
    listed = _manifest(folder)
    stale = {name for name in listed - written if _asked(name, options)}
    for name in sorted(stale):
        try:
            os.unlink(os.path.join(folder, name))
        except FileNotFoundError:
            pass
        except OSError as error:
            raise write_fault(os.path.join(folder, name), error) from None
    kept = sorted((listed - stale) | written)
    if kept != sorted(listed):
        replace_file(os.path.join(folder, MANIFEST), "".join(f"{name}\n" for name in kept).encode("utf-8"))


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
    return bool(match) and match.group(1) in registry.names()


def _asked(name: str, options: Options) -> bool:
    match = OUTPUT_NAME.fullmatch(name)
    return bool(match) and match.group(1) in options.only and match.group(3) in options.formats


def _remove_leftovers(folder: str) -> None:
    """A build that was killed may leave its temporary files; the next build clears them, but
    never those of a build that still runs beside it."""
    for name in os.listdir(folder):
        if is_leftover(name):
            try:
                os.unlink(os.path.join(folder, name))
            except OSError:
                pass


def _prepare_target(target: str) -> None:
    import tempfile

    try:
        os.makedirs(target, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=target, prefix=".schrijftest-", delete=True)
        probe.close()
    except OSError as error:
        raise FileFault(f"In deze map kan ik niet schrijven ({reason(error)}).", "E501", target,
                        "Kies met --to een map waarin u mag schrijven.") from None


class _Progress:
    """A one-line progress display, only on a terminal and only for more than one file."""

    def __init__(self, total: int):
        self.total = total
        self.active = total > 1 and sys.stdout.isatty()

    def show(self, number: int, path: str) -> None:
        if self.active:
            sys.stdout.write(f"\r[{number}/{self.total}] {shown(os.path.basename(path)[:60])} …\033[K")
            sys.stdout.flush()

    def clear(self) -> None:
        if self.active:
            sys.stdout.write("\r\033[K")
