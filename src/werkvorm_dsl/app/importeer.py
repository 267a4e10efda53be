"""`werkvorm importeer`: a draft .werkvorm beside a Word, OpenDocument, Markdown, HTML, PDF or text file."""

from __future__ import annotations

import os

from werkvorm_dsl.language.import_draft import Draft, draft_from_blocks
from werkvorm_dsl.language.import_own import draft_from_own_draaiboek, is_own_draaiboek
from werkvorm_dsl.system.files import FileFault, create_file
from werkvorm_dsl.system.safe_text import shown_path


def draft_of(path: str) -> Draft:
    """The draft werkvorm of the file at `path`; FileFault (one Dutch line with a code) if it cannot be read."""
    from werkvorm_dsl.app.import_readers import read_blocks

    blocks = read_blocks(path)
    if not blocks:
        raise FileFault(
            "In dit bestand staat geen tekst om te importeren.",
            "E533",
            path,
            "Kijk of u het goede bestand koos.",
        )
    name = os.path.splitext(os.path.basename(path))[0].replace("-", " ").replace("_", " ").strip()
    if is_own_draaiboek(blocks):  # a draaiboek this program made: read back by its own form
        return draft_from_own_draaiboek(blocks, name or "Nieuwe werkvorm")
    return draft_from_blocks(blocks, name or "Nieuwe werkvorm")


def target_for(path: str, naar: str | None) -> str:
    """Where the draft goes: beside the input, or in (or as) the place --naar names."""
    own_name = os.path.splitext(os.path.basename(path))[0] + ".werkvorm"
    if naar is None:
        return os.path.join(os.path.dirname(path), own_name)
    return os.path.join(naar, own_name) if os.path.isdir(naar) else naar


def import_one(path: str, naar: str | None) -> tuple[str, Draft]:
    """Write the draft of one file, never over an existing file (E506)."""
    if not os.path.isfile(path):
        raise FileFault("Dit bestand bestaat niet.", "E510", path, "Kijk of de naam en de map kloppen.")
    draft = draft_of(path)
    target = target_for(path, naar)
    try:
        create_file(target, draft.text.encode("utf-8"))
    except FileExistsError:
        raise FileFault(
            "Dit bestand bestaat al; ik overschrijf niets.",
            "E506",
            target,
            "Geef met --naar een andere plek of naam op, of verplaats het bestaande bestand.",
        ) from None
    return target, draft


def run(args) -> int:
    """Import every file; a file that cannot be read is told in one line, and the others still go on."""
    from werkvorm_dsl.pipeline import check_file

    if args.naar and len(args.paths) > 1 and not os.path.isdir(args.naar):
        raise FileFault("Met meer bestanden tegelijk moet --naar een map zijn.", "E507", args.naar)
    failed = 0
    for path in args.paths:
        try:
            target, draft = import_one(path, args.naar)
        except FileFault as fault:
            print(f"werkvorm: {fault}")
            failed += 1
            continue
        _report(path, target, draft, check_file(target).diagnostics)
    return 2 if failed else 0


def _report(path: str, target: str, draft: Draft, diagnostics: list) -> None:
    print(f"{shown_path(path)}: concept geschreven naar {shown_path(target)}.")
    if draft.notes:
        print(f"  Dit heb ik zelf gekozen ({len(draft.notes)}); het staat ook in het concept bij '# importeer:':")
        for note in draft.notes:
            print(f"  - {note}")
    errors = sum(d.is_error for d in diagnostics)
    others = sum(d.is_warning and d.code != "W130" for d in diagnostics)
    if errors or others:
        print(f"  De controle vindt nog {errors} fout(en) en {others} andere waarschuwing(en):")
        print(f"  werkvorm check {shown_path(target)}")
    else:
        print("  De controle vindt verder geen fouten of waarschuwingen.")
