"""The command line: reads the arguments, prints in Dutch and chooses the exit code; the work is in pipeline."""

from __future__ import annotations

import argparse
import signal
import sys
from typing import NoReturn

from werkvorm_dsl.language.diagnostics import render_file_text, render_github, render_json, summary
from werkvorm_dsl.pipeline import Checked, WerkvormHasErrors, check_paths, export_file, fmt_paths, taal_paths
from werkvorm_dsl.system.files import FileFault, system_fault
from werkvorm_dsl.system.safe_text import shown_path

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
# argparse translates its messages through its module's gettext alias `_`, which typeshed leaves out.
argparse._ = lambda text: ARGPARSE_DUTCH.get(text, text)  # type: ignore[attr-defined]


class TerminalWidthFormatter(argparse.HelpFormatter):
    """argparse's help layout, told the terminal's width here: argparse would load shutil for it (and
    the compression modules shutil brings) on every run, also when no help is shown."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, width if width is not None else _columns() - 2)


def _columns() -> int:
    """The terminal's width as shutil.get_terminal_size gives it: $COLUMNS, the terminal, or 80."""
    import os

    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


class DutchArgumentParser(argparse.ArgumentParser):
    """argparse, but its complaints are one Dutch line and exit code 2."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", TerminalWidthFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"werkvorm: {message}. Zie 'werkvorm --help'.\n")


def run_check(args) -> int:
    return show_results(check_paths(args.paths, args.strict, args.variant), args.format)


def run_taal(args) -> int:
    from werkvorm_dsl.taal.check import Settings

    settings = Settings(max_sentence_words=args.zinlengte, facilitator_b1=args.draaiboek)
    return show_results(taal_paths(args.paths, settings, args.strict), args.format)


def show_results(results: list[Checked], format_: str) -> int:
    """The diagnostics in the chosen format, a summary line for text, and the exit code."""
    everything = [d for r in results for d in r.diagnostics]
    if format_ == "json":
        print(render_json(everything))
    elif format_ == "github":
        for diagnostic in everything:
            print(render_github(diagnostic))
    else:
        print_diagnostics(results)
        errors = sum(d.is_error for d in everything)
        print(summary(errors, sum(d.is_warning for d in everything), len(results)))
    return EXIT_PROBLEMS if any(d.is_error for d in everything) else EXIT_OK


def print_diagnostics(results: list[Checked]) -> None:
    for result in results:
        print(render_file_text(result.path, result.diagnostics, result.lines), end="")


def run_export(args) -> int:
    try:
        print(export_file(args.file))
    except WerkvormHasErrors as refusal:
        print_diagnostics([refusal.checked])
        print(
            f"{shown_path(refusal.checked.path)}: niet geëxporteerd, want er staan fouten in. Los die eerst op.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    return EXIT_OK


def run_fmt(args) -> int:
    """What fmt did with each file; a file with errors is never written, and --check writes nothing."""
    outcome = fmt_paths(args.paths, args.check)
    print_diagnostics(outcome.refused)
    for path in outcome.unsafe:
        print(
            f"{shown_path(path)}: niet opgemaakt: een regel zou op een nieuwe plek iets anders betekenen, dus "
            "het bestand blijft zoals het is. Zet een lege regel boven regels die met een trefwoord beginnen.",
            file=sys.stderr,
        )
    for checked in outcome.refused:
        print(f"{shown_path(checked.path)}: niet opgemaakt, want er staan fouten in.", file=sys.stderr)
    for fault in outcome.faults:
        print(f"werkvorm: {fault}", file=sys.stderr)
    for path in outcome.changed:
        print(f"{shown_path(path)}: {'zou veranderen' if args.check else 'opgemaakt'}")
    if not (outcome.changed or outcome.refused or outcome.faults or outcome.unsafe):
        print("Alles staat al netjes.")
    if outcome.faults:
        return EXIT_USAGE
    return EXIT_PROBLEMS if outcome.refused or (args.check and outcome.changed) else EXIT_OK


def run_new(args) -> int:
    from werkvorm_dsl.app.nieuw import write_new

    return write_new(args.naam)


def run_serve(args) -> int:
    from werkvorm_dsl.app.serve import run  # Starlette, uvicorn and watchfiles: only for the preview

    return run(args)


def run_schrijven(args) -> int:
    from werkvorm_dsl.app.schrijven import run  # serve, and the browser: only for writing

    return run(args)


def run_lsp(args) -> int:
    try:
        from werkvorm_dsl.app.lsp import run  # pygls: only for editors
    except ModuleNotFoundError as missing:
        raise FileFault(
            f"'werkvorm lsp' heeft het pakket {missing.name or 'pygls'} nodig, en dat is niet geïnstalleerd.",
            "E520",
            hint="Installeer het met: pip install 'werkvorm-dsl[lsp]'",
        ) from None
    return run()


def run_importeer(args) -> int:
    from werkvorm_dsl.app.importeer import run  # python-docx, odfpy and pypdf: only for importing

    return run(args)


def run_build(args) -> int:
    from werkvorm_dsl.app.build_command import run  # imports Jinja2 and, for PDFs, WeasyPrint: only here

    return run(args)


def port_number(text: str) -> int:
    """--port: a whole number from 1 to 65535, or one Dutch line from argparse (exit code 2)."""
    number = int(text) if text.isascii() and text.isdigit() else 0  # not "٣٣", which int() reads as 33
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(
            f"{text!r} is geen poortnummer; kies een getal van 1 tot en met 65535, bijvoorbeeld 8000"
        )
    return number


def make_parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(prog="werkvorm", description="Werkvormen schrijven, controleren en omzetten.")
    parser.add_argument("--version", action="version", version="werkvorm-dsl 0.1.0", help="toon het versienummer")
    commands = parser.add_subparsers(dest="command", metavar="opdracht", parser_class=DutchArgumentParser)

    check = commands.add_parser("check", help="controleer werkvormen, ook of de tijd klopt")
    check.add_argument("paths", nargs="+", metavar="PAD", help="bestanden of mappen met .werkvorm-bestanden")
    check.add_argument("--strict", action="store_true", help="waarschuwingen tellen als fouten")
    check.add_argument("--variant", metavar="NAAM", help="controleer alleen deze variant (zie VARIANT in de taalgids)")
    check.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="hoe de meldingen eruitzien (standaard: text)",
    )
    check.set_defaults(run=run_check)

    _add_taal(commands)

    export = commands.add_parser("export", help="schrijf een werkvorm als JSON")
    export.add_argument("file", metavar="BESTAND")
    export.add_argument("--format", choices=("json",), default="json")
    export.set_defaults(run=run_export)

    fmt = commands.add_parser("fmt", help="zet werkvormen netjes op, zonder iets aan de inhoud te veranderen")
    fmt.add_argument("paths", nargs="+", metavar="PAD", help="bestanden of mappen met .werkvorm-bestanden")
    fmt.add_argument("--check", action="store_true", help="verander niets; meld alleen wat anders zou worden")
    fmt.set_defaults(run=run_fmt)

    for name in ("nieuw", "new"):
        new = commands.add_parser(
            name, help="begin een nieuwe werkvorm met uitleg erin" if name == "nieuw" else "hetzelfde als nieuw"
        )
        new.add_argument("naam", metavar="NAAM", help="de naam van het nieuwe bestand, zoals intervisie-feedback")
        new.set_defaults(run=run_new)

    serve = commands.add_parser("serve", help="schrijven in de browser, met een voorbeeld dat meeverandert")
    serve.add_argument("path", nargs="?", default=".", metavar="MAP", help="de map met werkvormen (standaard: hier)")
    serve.add_argument("--port", type=port_number, default=8000, help="de poort op 127.0.0.1 (standaard: 8000)")
    serve.add_argument(
        "--alleen-lezen",
        "--read-only",
        dest="alleen_lezen",
        action="store_true",
        help="alleen bekijken, bijvoorbeeld op een gedeeld scherm: niets opslaan of aanmaken",
    )
    serve.set_defaults(run=run_serve)

    schrijven = commands.add_parser(
        "schrijven", help="open de schrijfplek in uw browser: werkvorm serve, en de browser erbij"
    )
    schrijven.add_argument(
        "path", nargs="?", default=".", metavar="MAP", help="de map met werkvormen (standaard: hier)"
    )
    schrijven.add_argument(
        "--port", type=port_number, default=None, help="de poort op 127.0.0.1 (standaard: 8000, of de eerste vrije)"
    )
    schrijven.add_argument(
        "--geen-browser",
        dest="geen_browser",
        action="store_true",
        help="open geen browser; zeg alleen het adres (zo ook met WERKVORM_GEEN_BROWSER=1)",
    )
    schrijven.set_defaults(run=run_schrijven)

    lsp = commands.add_parser("lsp", help="taalserver voor editors als VS Code, Neovim en Helix (via stdin en stdout)")
    lsp.add_argument(
        "--stdio", action="store_true", help="via stdin en stdout (dat doet hij altijd; voor editors die dit meegeven)"
    )
    lsp.set_defaults(run=run_lsp)

    _add_build(commands)
    _add_importeer(commands)
    return parser


def sentence_length(text: str) -> int:
    """--zinlengte: a whole number from 5 to 100, or one Dutch line from argparse (exit code 2)."""
    number = int(text) if text.isascii() and text.isdigit() else 0
    if not 5 <= number <= 100:
        raise argparse.ArgumentTypeError(
            f"{text!r} is geen zinslengte; kies een getal van 5 tot en met 100, bijvoorbeeld 20"
        )
    return number


def _add_taal(commands) -> None:
    taal = commands.add_parser("taal", help="controleer spelling en begrijpelijke taal (B1)")
    taal.add_argument("paths", nargs="+", metavar="PAD", help="bestanden of mappen met .werkvorm-bestanden")
    taal.add_argument("--strict", action="store_true", help="waarschuwingen tellen als fouten")
    taal.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="hoe de meldingen eruitzien (standaard: text)",
    )
    taal.add_argument(
        "--zinlengte",
        type=sentence_length,
        default=20,
        metavar="N",
        help="meld zinnen van meer dan N woorden (standaard: 20)",
    )
    taal.add_argument(
        "--draaiboek", action="store_true", help="ook de tekst voor de begeleider op B1 controleren (spelling altijd)"
    )
    taal.set_defaults(run=run_taal)


def _add_importeer(commands) -> None:
    for name in ("importeer", "import"):
        command = commands.add_parser(
            name,
            help="maak een concept-werkvorm van een Word-, OpenDocument-, Markdown-, HTML-, PDF- of tekstbestand"
            if name == "importeer"
            else "hetzelfde als importeer",
        )
        command.add_argument("paths", nargs="+", metavar="BESTAND", help=".docx, .odt, .md, .txt, .html of .pdf")
        command.add_argument(
            "--naar", metavar="PAD", help="waar het concept komt: een map of een bestandsnaam (standaard: ernaast)"
        )
        command.set_defaults(run=run_importeer)


def _add_build(commands) -> None:
    # The output names come from the registry when the build runs; loading it here would cost
    # every `werkvorm check` the import of all backends.
    build = commands.add_parser("build", help="maak draaiboek, hand-out, kaarten, uitnodiging en tijdschema")
    build.add_argument("paths", nargs="+", metavar="PAD", help="bestanden of mappen met .werkvorm-bestanden")
    build.add_argument("--to", default="outputs", metavar="MAP", help="waar de uitvoer komt (standaard: outputs)")
    build.add_argument(
        "--only",
        metavar="NAAM,…",
        help="alleen deze uitvoer, bijvoorbeeld draaiboek,kaarten (een onbekende naam toont de lijst)",
    )
    build.add_argument("--start", metavar="UU:MM", help="begintijd van de sessie, bijvoorbeeld 14:00")
    build.add_argument("--datum", metavar="JJJJ-MM-DD", help="datum van de sessie, voor de agenda-uitnodiging")
    build.add_argument(
        "--formaten",
        default="html,md,pdf,docx,odt",
        metavar="html,md,pdf,docx,odt",
        help="welke bestandsvormen (standaard alle: html,md,pdf,docx,odt)",
    )
    build.add_argument(
        "--huisstijl",
        metavar="BESTAND",
        help="een huisstijlbestand (standaard: huisstijl.toml naast de werkvormen, als dat er is)",
    )
    build.add_argument(
        "-j", "--jobs", metavar="N", help="zoveel werkvormen tegelijk bouwen (standaard: één per processorkern)"
    )
    build.add_argument(
        "--variant",
        metavar="NAAM",
        help="maak alleen deze variant (zonder: de basis en elke variant, elk in een eigen map)",
    )
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
        print(
            "werkvorm: fout[E509]: Er is niet genoeg geheugen voor deze opdracht. "
            "Tip: sluit andere programma's, of geef minder bestanden tegelijk.",
            file=sys.stderr,
        )
        return EXIT_USAGE


def exit_quietly(code: int) -> NoReturn:
    """Leave the process with `code`. The work is done by now: a Ctrl-C during Python's own teardown
    (the workers being joined) would otherwise end it as killed by a signal, neither 0 nor 130."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(code)


if __name__ == "__main__":
    exit_quietly(main())
