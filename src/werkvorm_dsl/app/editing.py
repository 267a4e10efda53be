"""Editing in the browser (`werkvorm serve`): load, check a draft, save safely, start anew, build downloads."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from werkvorm_dsl.app.cards import card, sentence, state_of
from werkvorm_dsl.app.occasion import current
from werkvorm_dsl.language.diagnostics import MAX_SHOWN_PER_FILE, Diagnostic, render_text
from werkvorm_dsl.language.source import Source, UnreadableFile, decode, encode_like, read
from werkvorm_dsl.pipeline import BuildOptions, Checked, build, check_source, has_errors, house_style_for, variant_of
from werkvorm_dsl.system.files import FileFault, create_file, rewrite_file
from werkvorm_dsl.system.names import slug_for
from werkvorm_dsl.taal.live import Availability, LiveTaal

if TYPE_CHECKING:
    from werkvorm_dsl.output.house_style import Huisstijl

MAX_EDIT_BYTES = 2 * 1024 * 1024  # a werkvorm is a few kB; this bounds a request and the editor's memory
MAX_UNDERLINES = 500  # beyond this many problems an author fixes the first ones first
MAX_NAME = 120  # characters of a new werkvorm's name
PREVIEWS = ("draaiboek", "deelnemers")
# Serve builds as `werkvorm build` does without options: no --start or --datum, and each werkvorm's
# own house style (see house_style). The preview is the HTML of two documents; downloads are all.
PREVIEW_OPTIONS = BuildOptions(only=PREVIEWS, formats=frozenset({"html"}))
DOWNLOAD_OPTIONS = BuildOptions()  # every document in every format
# 'Sessie leiden' and the room's screen it leads, made alone: they wait for no PDF
LIVE_VIEW_OPTIONS = BuildOptions(only=("leiden", "zaal"), formats=frozenset({"html"}))


class EditRefused(Exception):
    """What the editor may not do, as one Dutch message with a code, and the HTTP status that says it."""

    def __init__(self, status: int, code: str, message: str, hint: str = ""):
        from werkvorm_dsl.system.safe_text import bounded

        message = bounded(message, runs=False)  # a name the author typed is quoted as an excerpt
        super().__init__(message)
        self.status, self.code, self.message, self.hint = status, code, message, hint

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "melding": f"fout[{self.code}]: {self.message}" + (f" Tip: {self.hint}" if self.hint else ""),
            # For the page: the sentence and the tip on their own, without the code in front.
            "zin": self.message,
            "tip": self.hint,
        }


def printable(text: str) -> str:
    """A file name (or text holding one) as it can be shown: a byte that is not UTF-8, which Python
    keeps as a lone surrogate, becomes U+FFFD instead of failing the whole page."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def version_of(data: bytes) -> str:
    """What the page remembers of the file it loaded, to tell at saving whether it changed since."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Loaded:
    """A werkvorm as the editor gets it."""

    text: str
    version: str
    refusal: str  # Dutch: why this file is shown but cannot be edited here; empty when it can


def load(path: str) -> Loaded:
    source = read(path)
    try:
        _editable(path, source.data, source.problems)
    except EditRefused as refusal:
        return Loaded(source.text, version_of(source.data), refusal.message + " " + refusal.hint)
    return Loaded(source.text, version_of(source.data), "")


def _editable(path: str, data: bytes, problems) -> None:
    """Refuses a file the editor could not write back as it was (see docs/meldingen.md, E542)."""
    codes = {d.code for d in problems}
    if "E001" in codes:
        raise EditRefused(409, "E542", "Dit bestand is geen tekst, dus ik bewerk het hier niet.")
    if "W002" in codes:
        raise EditRefused(
            409,
            "E542",
            "Dit bestand is niet als UTF-8 opgeslagen; opslaan vanuit de browser zou "
            "letters als ë en ï kunnen veranderen, dus hier kunt u het alleen bekijken.",
            "Open het in uw teksteditor en kies bij 'Opslaan als' de codering UTF-8.",
        )
    if len(data) > MAX_EDIT_BYTES:
        raise EditRefused(
            409,
            "E542",
            "Dit bestand is groter dan 2 MB; zo groot is geen werkvorm, dus ik bewerk het hier niet.",
            "Open het in een teksteditor.",
        )
    status = os.stat(path)
    if status.st_nlink > 1:
        raise EditRefused(
            409,
            "E542",
            "Dit bestand heeft nog een naam op een andere plek (een harde koppeling); "
            "opslaan zou dat andere bestand ook veranderen, dus hier kunt u het alleen bekijken.",
            "Open het in uw teksteditor.",
        )
    if not status.st_mode & stat.S_IWUSR:
        raise EditRefused(
            403,
            "E543",
            "Dit bestand is alleen-lezen gemaakt; ik verander het niet.",
            "Maak het eerst schrijfbaar als u het hier wilt bewerken.",
        )


def save(path: str, text: str, version: str) -> str:
    """Write the editor's text over the file, whole or not at all, if the file is still the one the
    page loaded; returns the new version. Keeps the file's mode, owner, byte-order mark and line ends."""
    try:
        source = read(path)
    except UnreadableFile:
        raise EditRefused(
            404,
            "E546",
            "Dit bestand is er niet meer (weggehaald of hernoemd?); er is niets opgeslagen.",
            "Kopieer uw tekst en begin een nieuwe werkvorm.",
        ) from None
    if version_of(source.data) != version:
        raise _stale()
    _editable(path, source.data, source.problems)
    data = encode_like(source.data, _checked_text(text))
    if data == source.data:
        return version
    try:
        rewrite_file(path, data, source.data)
    except FileFault as fault:
        if fault.code == "E503":  # it changed between our reading and the rename
            raise _stale() from None
        raise EditRefused(500, fault.code or "E509", fault.message, fault.hint) from None
    return version_of(data)


def _stale() -> EditRefused:
    return EditRefused(
        409,
        "E541",
        "Dit bestand is veranderd sinds u het hier opende (in een ander venster of een "
        "andere editor); ik heb niets overschreven.",
        "Laad het opnieuw om die versie te zien, of kopieer eerst uw eigen tekst.",
    )


def _checked_text(text: str) -> str:
    """The draft as the file will hold it; what cannot be text in a file is refused (E545)."""
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        raise EditRefused(
            400,
            "E545",
            "In de tekst staat een kapot teken; ik heb niets opgeslagen.",
            "Typ het laatste teken opnieuw, of ververs de pagina.",
        ) from None
    if "\x00" in text:
        raise EditRefused(
            400,
            "E545",
            "In de tekst staat een nul-teken; zo'n bestand is geen tekst meer.",
            "Haal het teken weg (plak de tekst eventueel opnieuw als platte tekst).",
        )
    if len(encoded) > MAX_EDIT_BYTES:
        raise EditRefused(413, "E544", "Deze tekst is groter dan 2 MB; zo groot is geen werkvorm.")
    return text


def check_draft(
    path: str,
    text: str,
    taal: LiveTaal | None = None,
    root: str | None = None,
    wanted: tuple[str, ...] = PREVIEWS,
    drafts: DraftCache | None = None,
    variant: str | None = None,
) -> dict:
    """The editor's text checked as if it were the file: diagnostics at their place, the report and
    the previews `wanted` (only without errors), and with `taal` its spelling and B1 signals. Nothing
    is written. `root` is the served folder: a house style is read only from inside it (see
    house_style). With `drafts`, a text or preview made before is taken from memory, not made again.
    With `variant`, the previews show that variant (the diagnostics are the whole file's)."""
    drafts = drafts if drafts is not None else DraftCache(kept=0)
    checked = drafts.checked(path, _checked_text(text))
    pages, note = drafts.previews(checked, path, text, root, wanted, variant)
    answer = {**checked_json(checked, path, note), "voorbeeld": pages}
    if taal is not None:
        answer["taal"] = taal_json(checked, path, taal)
    return answer


def preview_draft(
    path: str,
    text: str,
    root: str | None,
    wanted: tuple[str, ...],
    drafts: DraftCache | None = None,
    variant: str | None = None,
) -> dict:
    """Only the previews `wanted` of the editor's text (None with errors), and the note on its house
    style: what the editor asks for after a key's diagnostics, so that these never wait for a preview."""
    drafts = drafts if drafts is not None else DraftCache(kept=0)
    checked = drafts.checked(path, _checked_text(text))
    pages, note = drafts.previews(checked, path, text, root, wanted, variant)
    return {"voorbeeld": pages, "notitie": note}


def taal_json(checked: Checked, path: str, taal: LiveTaal) -> dict:
    """`werkvorm taal` for the editor: underlines and a report as for check, and how far it got."""
    result = taal.check(checked.werkvorm, checked.lines, path, document=os.path.realpath(path), words_beside=path)
    found = Checked(path, checked.lines, result.diagnostics, checked.werkvorm)
    places = BrowserPlaces.of(checked.lines)
    errors = sum(d.is_error for d in result.diagnostics)
    return {
        "stand": result.availability.value,
        "uitleg": result.note,
        "meldingen": [_with_word(_underline(d, places), d, checked.lines) for d in result.diagnostics[:MAX_UNDERLINES]],
        "rapport": report(found),
        "samenvatting": taal_summary(errors, len(result.diagnostics) - errors, result.availability),
        "bezig": result.waiting + (result.availability is Availability.LOADING),
    }


def taal_summary(typos: int, others: int, availability: Availability) -> str:
    """One Dutch line on the page under the preview: what taal found, in words an author reads."""
    if not typos and not others:
        if availability is Availability.READY:
            return "Geen spelfouten en geen moeilijke zinnen gevonden."
        return "Geen moeilijke zinnen gevonden."
    parts = [f"{typos} {'woord' if typos == 1 else 'woorden'} niet in het woordenboek"] if typos else []
    parts += [f"{others} {'tip' if others == 1 else 'tips'} voor begrijpelijke taal (B1)"] if others else []
    return " en ".join(parts) + "."


def checked_json(checked: Checked, path: str, note: str = "") -> dict:
    """The check for the editor; `note` says what else the author should know (a house style left out)."""

    diagnostics = checked.diagnostics
    errors = sum(d.is_error for d in diagnostics)
    warnings = sum(d.is_warning for d in diagnostics)
    places = BrowserPlaces.of(checked.lines)
    state = state_of(diagnostics)
    return {
        "meldingen": [_underline(d, places) for d in diagnostics[:MAX_UNDERLINES]],
        "rapport": with_note(report(checked), note),  # as the terminal says it; the page shows the cards
        "notitie": note,
        "fouten": errors,
        "waarschuwingen": warnings,
        "samenvatting": sentence(state),
        "stand": state.as_json(),
        "titel": title_of(checked, path),
        "gelegenheid": current(checked.werkvorm),
    }


def report(checked: Checked) -> str:
    shown_here = checked.diagnostics[:MAX_SHOWN_PER_FILE]
    text = "\n\n".join(render_text(d, checked.lines) for d in shown_here)
    hidden = len(checked.diagnostics) - len(shown_here)
    if hidden:
        text += f"\n\nEn nog {hidden} meldingen; los eerst de bovenste op."
    return printable(text)


def title_of(checked: Checked, path: str) -> str:
    werkvorm = checked.werkvorm
    return werkvorm.title.text if werkvorm is not None and werkvorm.title else printable(os.path.basename(path))


def with_note(text: str, note: str) -> str:
    """A report with a note under it; either may be empty."""
    return "\n\n".join(part for part in (text, note) if part)


class DraftCache:
    """What the editor's drafts gave, kept by their content: a text is checked once, and a preview
    is built once for a text and house style (a letter typed and taken back, or a preview asked for
    when it scrolls into view, is answered from memory). Bounded in entries and in characters."""

    def __init__(self, kept: int = 24, kept_chars: int = 4 * MAX_EDIT_BYTES):
        self.kept, self.kept_chars = kept, kept_chars
        self.entries: OrderedDict[tuple, tuple[int, object]] = OrderedDict()  # key -> (characters, value)
        self.chars = 0
        self.lock = threading.Lock()  # serve checks in a pool of threads

    def checked(self, path: str, text: str) -> Checked:
        return self._kept(("check", path, text), len(text), lambda: check_source(decode(text.encode("utf-8"), path)))

    def previews(
        self,
        checked: Checked,
        path: str,
        text: str,
        root: str | None,
        wanted: tuple[str, ...],
        variant: str | None = None,
    ) -> tuple[dict[str, str] | None, str]:
        """The previews `wanted`, each built only when its text or house style is new; None with errors.
        With `variant` (one the text has), those of that variant; a name the text no longer has
        gives the base's."""
        if has_errors(checked):
            return None, ""
        style, note = _style_and_note(path, root)
        saved = _saved_at(path)  # the documents say 'versie van' the day the file was saved
        variant = _known_variant(checked, variant)
        keys = {name: ("preview", path, text, style, saved, name, variant) for name in wanted}
        missing = tuple(name for name in wanted if self._peek(keys[name]) is None)
        shown = (lambda: variant_of(checked, variant)) if variant is not None else (lambda: checked)
        made = _preview_pages(shown(), style, missing) if missing else {}
        pages = {name: self._kept(keys[name], len(text), lambda name=name: made.get(name)) for name in wanted}
        for name in [name for name, page in pages.items() if page is None]:  # let go by another thread meanwhile
            pages[name] = _preview_pages(shown(), style, (name,))[name]
        return pages, note

    def _peek(self, key: tuple) -> object | None:
        with self.lock:
            found = self.entries.get(key)
            return None if found is None else found[1]

    def _kept(self, key: tuple, size: int, make):
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key][1]
        value = make()  # outside the lock: two threads may make the same thing, never wait for each other
        with self.lock:
            if value is not None and key not in self.entries:
                self.entries[key] = (size, value)
                self.chars += size
            while self.entries and (len(self.entries) > self.kept or self.chars > self.kept_chars):
                self.chars -= self.entries.popitem(last=False)[1][0]
        return value


def _known_variant(checked: Checked, name: str | None) -> str | None:
    """The name of the text's variant called `name` (as written), or None for the base."""
    from werkvorm_dsl.analysis.variants import variant_named

    if name is None or checked.werkvorm is None:
        return None
    try:
        return variant_named(checked.werkvorm, name).name
    except KeyError:
        return None


def _saved_at(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def _style_and_note(path: str, root: str | None) -> tuple[Huisstijl | None, str]:
    """The house style of the preview, or none and a note saying why it is left out."""
    try:
        return house_style(path, root), ""
    except EditRefused as refusal:
        tip = f" Tip: {refusal.hint}" if refusal.hint else ""
        return None, f"Het voorbeeld is zonder huisstijl gemaakt ({refusal.code}): {refusal.message}{tip}"


def _preview_pages(checked: Checked, style: Huisstijl | None, names: tuple[str, ...]) -> dict[str, str]:
    documents = build(checked, dataclasses.replace(PREVIEW_OPTIONS, only=names, huisstijl=style))
    return {name: documents.files[f"{name}.html"].decode("utf-8") for name in names}


def previews_of(checked: Checked, path: str, root: str | None = None) -> tuple[dict[str, str] | None, str]:
    """The draaiboek and hand-out as HTML, as `werkvorm build` makes them, house style included; None
    with errors. A house style with problems is left out of the preview, and the note says why."""
    if has_errors(checked):
        return None, ""
    style, note = _style_and_note(path, root)
    return _preview_pages(checked, style, PREVIEWS), note


def house_style(path: str, root: str | None = None) -> Huisstijl | None:
    """The house style `werkvorm build` gives this werkvorm: the huisstijl.toml in its folder, if
    any. In serve (`root`, the served folder) only a file really inside that folder is read: a
    link to a file elsewhere is refused, as serve reads no werkvorm outside it either."""
    from werkvorm_dsl.output.house_style import FILE_NAME

    beside = os.path.join(os.path.dirname(os.path.abspath(path)), FILE_NAME)
    if root is not None and os.path.isfile(beside) and not _within(root, beside):
        raise EditRefused(
            409,
            "E601",
            f"{FILE_NAME} naast deze werkvorm wijst naar een bestand buiten de map van werkvorm serve; "
            "dat lees ik hier niet.",
            "Zet het huisstijlbestand zelf in de map, niet een snelkoppeling ernaartoe.",
        )
    try:
        return house_style_for(path)
    except FileFault as fault:
        faults = getattr(fault, "faults", None) or [fault]
        message = " ".join(found.message for found in faults)
        raise EditRefused(409, fault.code or "E602", f"In {FILE_NAME}: {message}", fault.hint) from None


def _within(root: str, path: str) -> bool:
    inside = os.path.realpath(root)
    return os.path.commonpath([inside, os.path.realpath(path)]) == inside


@dataclass(frozen=True)
class BrowserPlaces:
    """Places in the text as the browser counts them: in UTF-16 code units from the start."""

    lines: list[str]
    starts: list[int]  # where each line starts

    @staticmethod
    def of(lines: list[str]) -> BrowserPlaces:
        starts, at = [], 0
        for line in lines:
            starts.append(at)
            at += _units(line) + 1
        return BrowserPlaces(lines, starts)

    def offset(self, line: int, column: int) -> int:
        """The place of a line and column; the column counts code points of the line (clamped to it),
        which the browser counts twice for a character beyond the BMP, such as an emoji."""
        if not self.starts:
            return 0
        index = min(max(line, 1), len(self.starts)) - 1
        return self.starts[index] + _units(self.lines[index][: max(column - 1, 0)])


def _units(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


def _underline(diagnostic: Diagnostic, places: BrowserPlaces) -> dict:
    """The diagnostic's card (see cards.py) and the stretch of text the editor underlines."""
    span = diagnostic.span
    return {
        **card(diagnostic),
        "van": places.offset(span.line, span.column),
        "tot": places.offset(span.end_line, span.end_column),
    }


def _with_word(underline: dict, diagnostic: Diagnostic, lines: list[str]) -> dict:
    """A spelling card (T101) names its word, which the author may put in the word list."""
    span = diagnostic.span
    if diagnostic.code == "T101" and span.line == span.end_line and 1 <= span.line <= len(lines):
        underline["woord"] = lines[span.line - 1][span.column - 1 : span.end_column - 1]
    return underline


def language() -> dict:
    """The words the editor highlights, from the lexer's own tables, so the two cannot drift apart."""
    from werkvorm_dsl.language.keywords import KEYWORDS
    from werkvorm_dsl.language.values import HALVES, NUMBER_WORDS, TIME_WORDS, UNITS

    return {
        "keywords": [
            {
                "terminal": k.terminal,
                "shape": k.shape.value,
                "bare": k.bare,
                "capitals": k.capitals,
                "words": [word for words in k.words.values() for word in words],
            }
            for k in KEYWORDS
        ],
        "units": sorted(UNITS, key=len, reverse=True),
        "numbers": sorted([*NUMBER_WORDS, *HALVES], key=len, reverse=True),
        "timeWords": sorted(TIME_WORDS, key=len, reverse=True),
    }


def create(folder: str, name: str, existing: list[str]) -> str:
    """`werkvorm nieuw NAAM` inside the served folder: the path of the new file, never over another
    file, nor beside a werkvorm elsewhere in the folder whose page would have the same address."""
    from werkvorm_dsl.app.nieuw import new_werkvorm

    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise EditRefused(
            400,
            "E545",
            f"Geef de nieuwe werkvorm een naam van 1 tot {MAX_NAME} tekens.",
            "Bijvoorbeeld: intervisie feedback",
        )
    try:
        file_name, data = new_werkvorm(name)
    except UnicodeEncodeError:
        raise EditRefused(400, "E545", "In de naam staat een kapot teken.", "Typ de naam opnieuw.") from None
    path = os.path.join(folder, file_name)
    if any(slug_for(other) == slug_for(file_name) for other in existing):
        raise _exists(file_name)
    try:
        create_file(path, data)
    except FileExistsError:
        raise _exists(file_name) from None
    except FileFault as fault:
        raise EditRefused(500, fault.code or "E509", fault.message, fault.hint) from None
    return path


def _exists(file_name: str) -> EditRefused:
    return EditRefused(
        409,
        "E506",
        f"Er is al een werkvorm met de bestandsnaam {file_name}; ik overschrijf niets.",
        "Kies een andere naam, of open de bestaande werkvorm links.",
    )


class Downloads:
    """Every output of a werkvorm, built on demand in memory with the options of `werkvorm build`
    (and the werkvorm's house style), kept by the version of the file and the house style it was
    made from; the served folder is never written."""

    KEPT = 6  # werkvormen whose outputs stay in memory

    def __init__(self, root: str | None = None):
        self.root = root  # the served folder: see house_style
        self.built: OrderedDict[tuple, dict[str, bytes]] = OrderedDict()
        self.lock = threading.Lock()  # one build at a time: WeasyPrint is not made for threads

    def files(self, path: str, variant: str | None = None) -> dict[str, bytes]:
        """Every output of the saved werkvorm, or of its variant `variant` (issue 24)."""
        with self.lock:
            try:
                source = read(path)
            except UnreadableFile:
                raise EditRefused(404, "E546", "Deze werkvorm is er niet meer.") from None
            style = house_style(path, self.root)
            key = (os.path.realpath(path), version_of(source.data), style, variant)
            if key not in self.built:
                self.built[key] = built_in_memory(source, style, variant=variant)
                while len(self.built) > self.KEPT:
                    self.built.popitem(last=False)
            self.built.move_to_end(key)
            return self.built[key]


def live_view(path: str, name: str = "leiden") -> str:
    """The live view (leiden.html) of the saved werkvorm, or its room's screen ('zaal'), made on its own:
    it waits for no PDF."""
    try:
        source = read(path)
    except UnreadableFile:
        raise EditRefused(404, "E546", "Deze werkvorm is er niet meer.") from None
    files = built_in_memory(source, options=LIVE_VIEW_OPTIONS)
    return files[f"{name}.html"].decode("utf-8")


def built_in_memory(
    source: Source,
    style: Huisstijl | None = None,
    options: BuildOptions = DOWNLOAD_OPTIONS,
    variant: str | None = None,
) -> dict[str, bytes]:
    """Every document of the saved werkvorm (or of one variant), the PDFs first (most authors want
    those); E547 with errors, E224 for a variant the werkvorm does not have."""
    checked = check_source(source)
    if has_errors(checked):
        raise EditRefused(
            409,
            "E547",
            "Er staan nog fouten in de opgeslagen werkvorm; dan maak ik geen bestanden.",
            "Los de fouten op en sla op; probeer het daarna opnieuw.",
        )
    if variant is not None:
        checked = _variant(checked, variant)
    try:
        documents = build(checked, dataclasses.replace(options, huisstijl=style))
    except FileFault as fault:
        raise EditRefused(500, fault.code or "E509", fault.message, fault.hint) from None
    names = sorted(documents.files, key=lambda name: (not name.endswith(".pdf"), name))
    return {name: documents.files[name] for name in names}


def _variant(checked: Checked, name: str) -> Checked:
    from werkvorm_dsl.analysis.variants import variant_named

    assert checked.werkvorm is not None  # has_errors refuses a file that could not be read
    try:
        variant_named(checked.werkvorm, name)
    except KeyError:
        names = ", ".join(f"'{v.name}'" for v in checked.werkvorm.variants) or "geen"
        raise EditRefused(
            404, "E224", f"Deze werkvorm heeft geen variant '{name}'.", f"Bekende varianten: {names}."
        ) from None
    return variant_of(checked, name)


def werkvorm_path(folder: str, slug: str, inside) -> str:
    """The werkvorm a page's slug names, among those `inside(folder)` allows; else E546."""
    found = [path for path in inside(folder) if slug_for(path) == slug]
    if not found:
        raise EditRefused(404, "E546", "Deze werkvorm staat niet (meer) in de map.", "Kies links een werkvorm.")
    if len(found) > 1:
        raise shared_address(folder, found)
    return found[0]


def shared_address(folder: str, paths: list[str]) -> EditRefused:
    """Two werkvormen with one address (map/x, map/sub/x, 'X .werkvorm'): opening or saving either
    could reach the other, so neither is, as `werkvorm build` refuses them one output folder (E505)."""
    first, second = (printable(os.path.relpath(path, folder)) for path in paths[:2])
    return EditRefused(
        409,
        "E505",
        f"{first} en {second} krijgen hetzelfde adres (/werkvorm/{slug_for(paths[0])}); ik open en bewaar "
        "geen van beide, anders bewerkt u misschien het andere bestand.",
        "Geef een van de twee een andere bestandsnaam.",
    )
