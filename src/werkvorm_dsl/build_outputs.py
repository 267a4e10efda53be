"""`werkvorm build`: check each werkvorm, render every output, and write the files atomically."""

from __future__ import annotations

import os
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import date

from . import registry
from .cli import check_file, print_diagnostics
from .nodes import Werkvorm
from .source import UnreadableFile, collect
from .timing import Plan, plan
from .values import ValueProblem, parse_clock

RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


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
        raise UnreadableFile(f"onbekende uitvoer '{unknown[0]}'; kies uit {', '.join(known)}.")
    formats = {f.strip() for f in args.formaten.split(",") if f.strip()}
    suffixes = {suffix for name in known for suffix in registry.get(name).suffixes}
    if not formats <= suffixes:
        raise UnreadableFile(f"onbekende bestandsvorm in '{args.formaten}'; kies uit {', '.join(sorted(suffixes))}.")
    start = None
    if args.start:
        try:
            start = parse_clock(args.start)
        except ValueProblem as problem:
            raise UnreadableFile(f"--start: {problem}") from None
    datum = None
    if args.datum:
        try:
            datum = date.fromisoformat(args.datum)
        except ValueError:
            raise UnreadableFile(f"--datum: '{args.datum}' is geen datum; schrijf bijvoorbeeld 2026-12-03.") from None
    return Options(args.to, only, formats | {"txt", "json", "ics"}, start, datum, args.pdf_a, args.groot)


def slug_for(path: str) -> str:
    """A folder name from the file name that cannot escape the output folder on any system."""
    stem = os.path.splitext(os.path.basename(path))[0]
    ascii_only = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")[:80] or "werkvorm"
    return f"{slug}-werkvorm" if slug in RESERVED_NAMES else slug


def write_atomically(path: str, data: bytes) -> None:
    """Write beside the target, then rename: a build that stops halfway leaves the old file whole."""
    folder = os.path.dirname(path)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def run(args) -> int:
    options = options_from(args)
    files = collect(args.paths)
    _prepare_target(options.target)
    renderer = None
    failed = 0
    progress = _Progress(len(files))
    for number, path in enumerate(files, start=1):
        progress.show(number, path)
        checked = check_file(path)
        if checked.werkvorm is None or any(d.is_error for d in checked.diagnostics):
            progress.clear()
            print_diagnostics([checked])
            print(f"{path}: niet gebouwd, want er staan fouten in. Los die eerst op.", file=sys.stderr)
            failed += 1
            continue
        if "pdf" in options.formats and renderer is None:
            renderer = _renderer(os.path.dirname(os.path.abspath(path)), options.archival)
        elif renderer is not None:
            renderer.serve_folder(os.path.dirname(os.path.abspath(path)))
        written = build_one(path, checked.werkvorm, options, renderer)
        progress.clear()
        print(f"{path}: {written} bestanden in {os.path.join(options.target, slug_for(path))}")
        for message in renderer.take_problems() if renderer else ():
            print(f"{path}: let op, bij het maken van een PDF meldde WeasyPrint: {message}", file=sys.stderr)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _renderer(folder: str, archival: bool):
    try:
        from .pdf import Renderer  # WeasyPrint costs most of a second to import: only when a PDF is made
    except (ImportError, OSError) as problem:  # WeasyPrint without Pango or HarfBuzz fails on import
        raise UnreadableFile(f"voor PDF's ontbreekt iets op deze computer ({problem}). Installeer Pango en "
                             "HarfBuzz (Debian: libpango-1.0-0 libharfbuzz-subset0), of maak alleen HTML en "
                             "Markdown met --formaten html,md.") from None
    return Renderer(folder, archival=archival)


def build_one(path: str, werkvorm: Werkvorm, options: Options, renderer) -> int:
    slug = slug_for(path)
    folder = os.path.join(options.target, slug)
    os.makedirs(folder, exist_ok=True)
    _remove_leftovers(folder)
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    context = Context(werkvorm, plan(werkvorm, options.start), slug, options.datum,
                      os.path.dirname(os.path.abspath(path)), epoch, options.large)
    written = 0
    for name in options.only:
        document = registry.get(name).render(context)
        for suffix, text in document.files.items():
            if suffix in options.formats:
                write_atomically(os.path.join(folder, f"{name}.{suffix}"), text.encode("utf-8"))
                written += 1
        if renderer is not None and document.pdf_from_html and "html" in document.files:
            html = document.files["html"]
            if document.cards:
                accessible, sheets = renderer.cards(html)
                write_atomically(os.path.join(folder, f"{name}-a6.pdf"), accessible)
                write_atomically(os.path.join(folder, f"{name}.pdf"), sheets)
                written += 2
            else:
                write_atomically(os.path.join(folder, f"{name}.pdf"), renderer.a4(html))
                written += 1
    return written


def _remove_leftovers(folder: str) -> None:
    """A build that was killed may leave its temporary files; the next build clears them."""
    for name in os.listdir(folder):
        if name.startswith(".tmp-"):
            try:
                os.unlink(os.path.join(folder, name))
            except OSError:
                pass


def _prepare_target(target: str) -> None:
    try:
        os.makedirs(target, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=target, prefix=".schrijftest-", delete=True)
        probe.close()
    except OSError:
        raise UnreadableFile(f"{target}: in deze map kan ik niet schrijven.") from None


class _Progress:
    """A one-line progress display, only on a terminal and only for more than one file."""

    def __init__(self, total: int):
        self.total = total
        self.active = total > 1 and sys.stdout.isatty()

    def show(self, number: int, path: str) -> None:
        if self.active:
            sys.stdout.write(f"\r[{number}/{self.total}] {os.path.basename(path)[:60]} …\033[K")
            sys.stdout.flush()

    def clear(self) -> None:
        if self.active:
            sys.stdout.write("\r\033[K")
