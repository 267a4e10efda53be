"""The command line: `werkvorm check`, `werkvorm export` and `werkvorm build`, in Dutch."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from .diagnostics import Diagnostic, render_github, render_json, render_text, summary
from .files import FileFault
from .safe_text import shown_path
from .source import Source, collect, read

MAX_SHOWN_PER_FILE = 50  # a pasted novel should not scroll a terminal for minutes
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


# argparse speaks English through gettext; authors read Dutch. Unknown strings stay as they are.
ARGPARSE_DUTCH = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "show program's version number and exit": "toon het versienummer en stop",
    "the following arguments are required: %s": "dit ontbreekt nog: %s",
    "unrecognized arguments: %s": "onbekende opties: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "onbekende keuze: %(value)r (kies uit %(choices)s)",
    "expected one argument": "hier hoort een waarde achter",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: %(message)s\n",
}
argparse._ = lambda text: ARGPARSE_DUTCH.get(text, text)


class DutchArgumentParser(argparse.ArgumentParser):
    """argparse, but its complaints are one Dutch line and exit code 2."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"werkvorm: {message}. Zie 'werkvorm --help'.\n")


@dataclass
class Checked:
    """One file after reading and checking."""

    path: str
    lines: list[str]
    diagnostics: list[Diagnostic]
    werkvorm: object | None


def check_file(path: str, strict: bool = False) -> Checked:
    return check_source(read(path), strict)


def check_source(source: Source, strict: bool = False) -> Checked:
    from .checks import check
    from .parser import parse

    path = source.filename
    if any(d.is_error for d in source.problems):
        diagnostics = [d.as_error() if strict else d for d in source.problems]
        return Checked(path, source.text.split("\n"), diagnostics, None)
    werkvorm = parse(source.text, source.filename)
    diagnostics = sorted([*(d.as_error() if strict else d for d in source.problems), *check(werkvorm, strict)],
                         key=lambda d: (d.span.line, d.span.column))
    return Checked(path, source.text.split("\n"), diagnostics, werkvorm)


def has_errors(checked: Checked) -> bool:
    return checked.werkvorm is None or any(d.is_error for d in checked.diagnostics)


def run_check(args) -> int:
    files = collect(args.paths)
    results = [check_file(path, args.strict) for path in files]
    everything = [d for r in results for d in r.diagnostics]
    if args.format == "json":
        print(render_json(everything))
    elif args.format == "github":
        for diagnostic in everything:
            print(render_github(diagnostic))
    else:
        print_diagnostics(results)
        errors = sum(d.is_error for d in everything)
        print(summary(errors, sum(d.is_warning for d in everything), len(results)))
    return EXIT_PROBLEMS if any(d.is_error for d in everything) else EXIT_OK


def print_diagnostics(results: list[Checked]) -> None:
    """Each file's diagnostics as text, at most MAX_SHOWN_PER_FILE of them."""
    for result in results:
        shown = result.diagnostics[:MAX_SHOWN_PER_FILE]
        for diagnostic in shown:
            print(render_text(diagnostic, result.lines))
            print()
        hidden = len(result.diagnostics) - len(shown)
        if hidden:
            print(f"{shown_path(result.path)}: en nog {hidden} meldingen; los eerst de bovenste op.\n")


def run_export(args) -> int:
    from .export import to_json

    result = check_file(args.file)
    if has_errors(result):
        print_diagnostics([result])
        print("Eerst de fouten oplossen; dan kan ik exporteren.", file=sys.stderr)
        return EXIT_PROBLEMS
    print(to_json(result.werkvorm))
    return EXIT_OK


def run_fmt(args) -> int:
    """Lay files out canonically; never write a file with errors; --check only reports."""
    from .fmt import UnsafeLayout

    changed, refused, faults, unsafe = [], [], [], []
    for path in collect(args.paths):
        try:
            if fmt_file(path, args.check):
                changed.append(path)
        except FileFault as fault:
            faults.append(fault)
        except WerkvormHasErrors:
            refused.append(path)
        except UnsafeLayout:
            unsafe.append(path)
    for path in unsafe:
        print(f"{shown_path(path)}: niet opgemaakt: een regel zou op een nieuwe plek iets anders betekenen, dus "
              "het bestand blijft zoals het is. Zet een lege regel boven regels die met een trefwoord beginnen.",
              file=sys.stderr)
    for path in refused:
        print(f"{shown_path(path)}: niet opgemaakt, want er staan fouten in.", file=sys.stderr)
    for fault in faults:
        print(f"werkvorm: {fault}", file=sys.stderr)
    for path in changed:
        print(f"{shown_path(path)}: {'zou veranderen' if args.check else 'opgemaakt'}")
    if not changed and not refused and not faults and not unsafe:
        print("Alles staat al netjes.")
    if faults:
        return EXIT_USAGE
    return EXIT_PROBLEMS if refused or (args.check and changed) else EXIT_OK


class WerkvormHasErrors(Exception):
    """fmt leaves a file with errors alone; its diagnostics are already printed."""


def fmt_file(path: str, only_check: bool) -> bool:
    """Format one file in place (unless only_check); True if its layout changes."""
    from .files import rewrite_file
    from .fmt import format_text
    from .source import encode_like

    source = read(path)
    checked = check_source(source)
    if has_errors(checked):
        print_diagnostics([checked])
        raise WerkvormHasErrors()
    not_utf8 = [d for d in source.problems if d.code == "W002"]
    if not_utf8:
        span = not_utf8[0].span
        raise FileFault("Niet opgemaakt: dit bestand is niet als UTF-8 opgeslagen, en opmaken zou letters als "
                        "ë en ï kunnen beschadigen.", "E504", f"{path}:{span.line}:{span.column}",
                        "Kies in uw editor bij 'Opslaan als' de codering UTF-8 en probeer het opnieuw.")
    formatted = encode_like(source.data, format_text(source.text))
    if formatted == source.data:
        return False
    if not only_check:
        rewrite_file(path, formatted, source.data)
    return True


def run_new(args) -> int:
    from .template import write_new

    return write_new(args.naam)


def run_serve(args) -> int:
    from .serve import run  # Starlette, uvicorn and watchfiles: only for the preview

    return run(args)


def run_build(args) -> int:
    from .build_outputs import run  # imports Jinja2 and, for PDFs, WeasyPrint: only here

    return run(args)


def port_number(text: str) -> int:
    """--port: a whole number from 1 to 65535, or one Dutch line from argparse (exit code 2)."""
    number = int(text) if text.isascii() and text.isdigit() else 0  # not "٣٣", which int() reads as 33
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is geen poortnummer; kies een getal van 1 tot en met 65535, "
                                         "bijvoorbeeld 8000")
    return number


def make_parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(prog="werkvorm", description="Werkvormen schrijven, controleren en omzetten.")
    parser.add_argument("--version", action="version", version="werkvorm-dsl 0.1.0", help="toon het versienummer")
    commands = parser.add_subparsers(dest="command", metavar="opdracht", parser_class=DutchArgumentParser)

    check = commands.add_parser("check", help="controleer werkvormen, ook of de tijd klopt")
    check.add_argument("paths", nargs="+", metavar="PAD", help="bestanden of mappen met .werkvorm-bestanden")
    check.add_argument("--strict", action="store_true", help="waarschuwingen tellen als fouten")
    check.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help="hoe de meldingen eruitzien (standaard: text)")
    check.set_defaults(run=run_check)

    export = commands.add_parser("export", help="schrijf een werkvorm als JSON")
    export.add_argument("file", metavar="BESTAND")
    export.add_argument("--format", choices=("json",), default="json")
    export.set_defaults(run=run_export)

    fmt = commands.add_parser("fmt", help="zet werkvormen netjes op, zonder iets aan de inhoud te veranderen")
    fmt.add_argument("paths", nargs="+", metavar="PAD", help="bestanden of mappen met .werkvorm-bestanden")
    fmt.add_argument("--check", action="store_true", help="verander niets; meld alleen wat anders zou worden")
    fmt.set_defaults(run=run_fmt)

    for name in ("nieuw", "new"):
        new = commands.add_parser(name, help="begin een nieuwe werkvorm met uitleg erin" if name == "nieuw" else "hetzelfde als nieuw")
        new.add_argument("naam", metavar="NAAM", help="de naam van het nieuwe bestand, zoals intervisie-feedback")
        new.set_defaults(run=run_new)

    serve = commands.add_parser("serve", help="een voorbeeld in de browser dat meeverandert als u opslaat")
    serve.add_argument("path", nargs="?", default=".", metavar="MAP", help="de map met werkvormen (standaard: hier)")
    serve.add_argument("--port", type=port_number, default=8000, help="de poort op 127.0.0.1 (standaard: 8000)")
    serve.set_defaults(run=run_serve)

    _add_build(commands)
    return parser


def _add_build(commands) -> None:
    # The output names come from the registry when the build runs; loading it here would cost
    # every `werkvorm check` the import of all backends.
    build = commands.add_parser("build", help="maak draaiboek, hand-out, kaarten, uitnodiging en tijdschema")
    build.add_argument("paths", nargs="+", metavar="PAD", help="bestanden of mappen met .werkvorm-bestanden")
    build.add_argument("--to", default="outputs", metavar="MAP", help="waar de uitvoer komt (standaard: outputs)")
    build.add_argument("--only", metavar="NAAM,…", help="alleen deze uitvoer, bijvoorbeeld draaiboek,kaarten (een onbekende naam toont de lijst)")
    build.add_argument("--start", metavar="UU:MM", help="begintijd van de sessie, bijvoorbeeld 14:00")
    build.add_argument("--datum", metavar="JJJJ-MM-DD", help="datum van de sessie, voor de agenda-uitnodiging")
    build.add_argument("--formaten", default="html,md,pdf", metavar="html,md,pdf",
                       help="welke bestandsvormen (standaard: html,md,pdf)")
    build.add_argument("--pdf-a", action="store_true", help="PDF/A-2a om te archiveren (ook getagd)")
    build.add_argument("--groot", action="store_true", help="grote letters in hand-out en kaarten (minstens 16 pt)")
    build.set_defaults(run=run_build)


def main(argv: list[str] | None = None) -> int:
    """The whole command; every fault an author can meet ends in one Dutch line and an exit code."""
    try:
        return _run(argv)
    except KeyboardInterrupt:
        print("\nwerkvorm: afgebroken.", file=sys.stderr)
        return EXIT_INTERRUPTED


def _run(argv: list[str] | None) -> int:
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version and usage errors; tests call main() directly
        return int(exit_.code or 0)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except FileFault as fault:
        print(f"werkvorm: {fault}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except OSError as error:  # anything the file system says that no step above turned into Dutch yet
        print(f"werkvorm: {system_fault(error)}", file=sys.stderr)
        return EXIT_USAGE
    except MemoryError:
        print("werkvorm: fout[E509]: Er is niet genoeg geheugen voor deze opdracht. "
              "Tip: sluit andere programma's, of geef minder bestanden tegelijk.", file=sys.stderr)
        return EXIT_USAGE


def system_fault(error: OSError) -> FileFault:
    from .files import reason

    return FileFault(f"Het systeem gaf een fout: {reason(error)}.", "E509", str(error.filename or ""),
                     "Probeer het opnieuw; blijft het gebeuren, vraag dan uw beheerder om hulp.")


if __name__ == "__main__":
    sys.exit(main())
