"""The house style form of `werkvorm serve`: the folder's huisstijl.toml shown, tried out and saved with its logo.

Only the huisstijl.toml in the served folder itself is read or written, and a logo only beside it:
never a path the browser names, never through a link that leads out of the folder. A draft is
checked by the same rules `werkvorm build` applies (output/house_style.py), field by field, so the
form can say which field is wrong; nothing is written until the author saves.
"""

from __future__ import annotations

import functools
import os
import secrets
import subprocess
import threading
import tomllib
from collections import OrderedDict
from dataclasses import dataclass

from werkvorm_dsl.app.editing import EditRefused, version_of
from werkvorm_dsl.app.house_style_file import COLOUR_KEYS, COLOUR_TABLE, TOP_KEYS, edited
from werkvorm_dsl.output.house_style import COLOUR, FILE_NAME, FONT, MOST_BYTES, Huisstijl, HuisstijlProblems, checked
from werkvorm_dsl.output.logo import Logo, LogoRefused, read_logo
from werkvorm_dsl.output.palette import DEFAULT_ACCENT, DEFAULT_INK
from werkvorm_dsl.system.files import FileFault, create_file, replace_file, rewrite_file

LOGO_STEM = "huisstijl-logo"  # an uploaded logo is saved as huisstijl-logo.svg (.png, .jpg) beside the file
BUNDLED_FONT = "Lato"  # packaged with werkvorm-dsl: every PDF has it, whatever the computer has
KEEP_LOGO = "huidig"  # the form's logo field: keep the logo the file names
# The colours without a house style (the default palette), shown as the form's defaults.
DEFAULT_COLOURS = {"koppen": DEFAULT_ACCENT, "tekst": DEFAULT_INK}


@dataclass(frozen=True)
class Form:
    """What the form shows of the folder's house style as it is on disk."""

    values: dict[str, str]  # organisatie, lettertype, koppen, tekst: as written ('' when not set)
    logo_name: str  # the logo file the house style names, '' for none
    logo: Logo | None  # that logo, when it can be used
    version: str  # of huisstijl.toml as read ('' when there is none), to tell at saving whether it changed
    problems: list[dict]  # what `werkvorm build` would refuse in it now, {veld, code, melding}
    refusal: str  # why this file cannot be changed here ('' when it can)


def current(folder: str) -> Form:
    """The folder's house style as the form starts with it."""
    path = style_path(folder)
    refusal = ""
    try:
        _check_place(folder)
    except EditRefused as refused:
        return Form(_values({}), "", None, "", [], f"{refused.message} {refused.hint}")
    read = _read_file(path)
    if read is None:
        return Form(_values({}), "", None, "", [], refusal)
    data, problems = _data(read, path)
    try:
        style = checked(data, path)
    except HuisstijlProblems as refused:
        style = None
        problems += [_problem(fault, _field(data, fault, path)) for fault in refused.faults]
    logo_name = data.get("logo") if isinstance(data.get("logo"), str) else ""
    return Form(_values(data), str(logo_name), style.logo if style else None, version_of(read), problems, refusal)


def style_path(folder: str) -> str:
    return os.path.join(folder, FILE_NAME)


def _read_file(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MOST_BYTES + 1)
    except FileNotFoundError:
        return None
    if len(data) > MOST_BYTES:
        raise EditRefused(
            409, "E601", f"{FILE_NAME} is groter dan 2 MB; dat is geen huisstijlbestand.", "Kijk welk bestand dit is."
        )
    return data


def _data(read: bytes, path: str) -> tuple[dict, list[dict]]:
    """The TOML data, or nothing and why (the form then starts empty, and saving writes a good file)."""
    try:
        return tomllib.loads(read.decode("utf-8-sig")), []
    except UnicodeDecodeError:
        why = f"{FILE_NAME} is niet in UTF-8 opgeslagen."
    except tomllib.TOMLDecodeError as error:
        why = f"{FILE_NAME} is niet te lezen ({error})."
    note = "Als u opslaat, blijft de oude tekst als opmerking onderaan het bestand staan."
    return {}, [{"veld": "", "code": "E602", "melding": f"{why} {note}"}]


def _values(data: dict) -> dict[str, str]:
    colours = data.get(COLOUR_TABLE) if isinstance(data.get(COLOUR_TABLE), dict) else {}
    values = {key: data.get(key) for key in ("organisatie", "lettertype")}
    values |= {key: colours.get(key) for key in COLOUR_KEYS}  # type: ignore[union-attr]
    return {key: value if isinstance(value, str) else "" for key, value in values.items()}


def _problem(fault: FileFault, field: str) -> dict:
    hint = f" Tip: {fault.hint}" if fault.hint else ""
    return {"veld": field, "code": fault.code, "melding": fault.message + hint}


def _field(data: dict, fault: FileFault, path: str) -> str:
    """Which of the form's fields a problem is about ('' for the rest of the file), by checking
    each field on its own: the same rules, so the same verdict."""
    for field in ("organisatie", "lettertype", "logo"):
        if field in data and _refused({field: data[field]}, path, fault):
            return field
    colours = data.get(COLOUR_TABLE)
    if isinstance(colours, dict):
        for key in COLOUR_KEYS:
            if key in colours and _refused({COLOUR_TABLE: {key: colours[key]}}, path, fault):
                return key
    return ""


def _refused(part: dict, path: str, fault: FileFault) -> bool:
    try:
        checked(part, path)
    except HuisstijlProblems as refused:
        return any(found.message == fault.message for found in refused.faults)
    return False


# --- a draft ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """The form's values as the browser sends them."""

    organisation: str
    font: str
    heading_colour: str
    text_colour: str
    logo: str  # '' none, KEEP_LOGO the file's own, else an upload's id (see Uploads)

    @staticmethod
    def of(body: dict) -> Draft:
        fields = ("organisatie", "lettertype", "koppen", "tekst", "logo")
        values = [body.get(name, "") for name in fields]
        if not all(isinstance(value, str) and len(value) <= 400 for value in values):
            raise EditRefused(400, "E545", "Dit verzoek kan ik niet lezen; ik voer het niet uit.", "Ververs de pagina.")
        return Draft(*(value.strip() for value in values))

    def top(self, logo_name: str) -> dict[str, str]:
        return {"organisatie": self.organisation, "logo": logo_name, "lettertype": self.font}

    def colours(self) -> dict[str, str]:
        return {"koppen": self.heading_colour.lower(), "tekst": self.text_colour.lower()}


class Uploads:
    """Logos uploaded but not yet saved, kept in memory by id for the preview and the save; the
    few most recent only (each at most 2 MB)."""

    KEPT = 4

    def __init__(self):
        self.logos: OrderedDict[str, Logo] = OrderedDict()
        self.lock = threading.Lock()

    def add(self, content: bytes) -> tuple[str, Logo]:
        if len(content) > MOST_BYTES:
            raise EditRefused(413, "E544", "Dit logo is groter dan 2 MB.", "Kies een kleiner bestand.")
        try:
            logo = read_logo(content)
        except LogoRefused as refused:
            raise EditRefused(422, "E603", refused.message, refused.hint) from None
        key = "upload-" + secrets.token_urlsafe(12)
        with self.lock:
            self.logos[key] = logo
            while len(self.logos) > self.KEPT:
                self.logos.popitem(last=False)
        return key, logo

    def get(self, key: str) -> Logo:
        with self.lock:
            logo = self.logos.get(key)
        if logo is None:
            raise EditRefused(
                409,
                "E545",
                "Het gekozen logo is niet meer bij de server (is werkvorm serve opnieuw gestart?).",
                "Kies het logo nog een keer.",
            )
        return logo


def tried(folder: str, draft: Draft, uploads: Uploads) -> tuple[Huisstijl | None, list[dict]]:
    """The house style a draft gives, for the preview: the fields that pass, and what is wrong with the others."""
    path = style_path(folder)
    logo, logo_name = _draft_logo(folder, draft, uploads)
    data = _form_data(draft, logo_name)
    problems = _field_problems(data, path, logo)
    wrong = {problem["veld"] for problem in problems}
    try:
        style = checked(_without(data, wrong), path, logo if "logo" not in wrong else None)
    except HuisstijlProblems:  # each field passed on its own; together they always do, but never a traceback
        style = None
    return style, problems


def _draft_logo(folder: str, draft: Draft, uploads: Uploads) -> tuple[Logo | None, str]:
    """The draft's logo, if it is an upload, and the name the file will give it."""
    if draft.logo == KEEP_LOGO:
        read = _read_file(style_path(folder))
        data = _data(read, style_path(folder))[0] if read is not None else {}
        name = data.get("logo")
        return None, name if isinstance(name, str) else ""
    if not draft.logo:
        return None, ""
    logo = uploads.get(draft.logo)
    return logo, f"{LOGO_STEM}.{logo.suffix}"


def _form_data(draft: Draft, logo_name: str) -> dict:
    data: dict = {key: value for key, value in draft.top(logo_name).items() if value}
    colours = {key: value for key, value in draft.colours().items() if value}
    if colours:
        data[COLOUR_TABLE] = colours
    return data


def _field_problems(data: dict, path: str, logo: Logo | None) -> list[dict]:
    problems = []
    for key in TOP_KEYS:
        if key in data and not (key == "logo" and logo is not None):
            problems += _problems_of({key: data[key]}, path, key)
    for key, value in data.get(COLOUR_TABLE, {}).items():
        problems += _problems_of({COLOUR_TABLE: {key: value}}, path, key)
    return problems


def _problems_of(part: dict, path: str, field: str) -> list[dict]:
    try:
        checked(part, path)
    except HuisstijlProblems as refused:
        return [_problem(fault, field) for fault in refused.faults]
    return []


def _without(data: dict, fields: set[str]) -> dict:
    usable = {key: value for key, value in data.items() if key not in fields and key != COLOUR_TABLE}
    colours = {key: value for key, value in data.get(COLOUR_TABLE, {}).items() if key not in fields}
    if colours:
        usable[COLOUR_TABLE] = colours
    return usable


@functools.lru_cache(maxsize=1)
def _sample():
    """The werkvorm the preview shows: `werkvorm nieuw`'s example, which has headings, text and a
    timetable, so every part of a house style shows."""
    from werkvorm_dsl.app.nieuw import new_werkvorm
    from werkvorm_dsl.language.source import decode
    from werkvorm_dsl.pipeline import check_source

    file_name, data = new_werkvorm("Voorbeeld in uw huisstijl")
    return check_source(decode(data, file_name))


def preview(style: Huisstijl | None) -> str:
    """The hand-out of the example werkvorm in this house style, as HTML, made as `werkvorm build` makes it."""
    from werkvorm_dsl.pipeline import BuildOptions, build

    documents = build(_sample(), BuildOptions(only=("deelnemers",), formats=frozenset({"html"}), huisstijl=style))
    return documents.files["deelnemers.html"].decode("utf-8")


# --- saving -----------------------------------------------------------------------------------


def save(folder: str, draft: Draft, version: str, uploads: Uploads) -> tuple[str, list[dict]]:
    """Write the draft: the uploaded logo beside huisstijl.toml, then the file itself, each whole or
    not at all. Refused (nothing written) when a field is wrong or the file changed since the page
    read it. Returns the file's new version and what is still wrong outside the form (a Word template)."""
    _check_place(folder)
    path = style_path(folder)
    read = _read_file(path)
    if (version_of(read) if read is not None else "") != version:
        raise _stale()
    logo, logo_name = _draft_logo(folder, draft, uploads)
    problems = _field_problems(_form_data(draft, logo_name), path, logo)
    if problems:
        raise FormRefused(problems)
    old = read.decode("utf-8-sig", "replace") if read is not None else None
    text = edited(old, draft.top(logo_name), draft.colours())
    if logo is not None:
        _write(os.path.join(folder, logo_name), logo.data, replace=True)
    data = text.encode("utf-8")
    if read is None:
        _write(path, data)
    else:
        _rewrite(path, data, read)
    return version_of(data), _rest_problems(path)


class FormRefused(EditRefused):
    """Fields the house style rules refuse, each named, so the form can show it beside its field."""

    def __init__(self, problems: list[dict]):
        super().__init__(422, problems[0]["code"], "Niet opgeslagen: " + problems[0]["melding"])
        self.problems = problems

    def as_json(self) -> dict:
        return {**super().as_json(), "meldingen": self.problems}


def _rest_problems(path: str) -> list[dict]:
    """What `werkvorm build` still refuses in the saved file: only parts the form does not set."""
    try:
        from werkvorm_dsl.output.house_style import load

        load(path)
    except HuisstijlProblems as refused:
        return [_problem(fault, "") for fault in refused.faults]
    except FileFault as fault:
        return [_problem(fault, "")]
    return []


def _check_place(folder: str) -> None:
    """huisstijl.toml is changed only where it really is inside the folder, and only when it has no
    other name elsewhere (a hard link would change that other file too)."""
    path = style_path(folder)
    if not os.path.lexists(path):
        return
    root = os.path.realpath(folder)
    if os.path.commonpath([root, os.path.realpath(path)]) != root:
        raise EditRefused(
            409,
            "E601",
            f"{FILE_NAME} in deze map is een snelkoppeling naar een bestand buiten de map; "
            "dat lees en verander ik hier niet.",
            "Zet het huisstijlbestand zelf in de map, niet een snelkoppeling ernaartoe.",
        )
    status = os.stat(path)
    if not os.path.isfile(path) or status.st_nlink > 1:
        raise EditRefused(
            409,
            "E542",
            f"{FILE_NAME} is geen gewoon bestand, of heeft nog een naam op een andere plek; hier verander ik het niet.",
            "Bewerk het in een teksteditor.",
        )


def _write(path: str, data: bytes, replace: bool = False) -> None:
    try:
        if replace:
            replace_file(path, data)  # a link there is replaced, never followed
        else:
            create_file(path, data)
    except FileExistsError:
        raise _stale() from None
    except FileFault as fault:
        raise EditRefused(500, fault.code or "E501", fault.message, fault.hint) from None


def _rewrite(path: str, data: bytes, read: bytes) -> None:
    try:
        rewrite_file(path, data, read)
    except FileFault as fault:
        if fault.code == "E503":
            raise _stale() from None
        raise EditRefused(
            500 if fault.code != "E502" else 403, fault.code or "E501", fault.message, fault.hint
        ) from None


def _stale() -> EditRefused:
    return EditRefused(
        409,
        "E541",
        f"{FILE_NAME} is veranderd sinds u deze pagina opende (in een ander venster of een editor); "
        "ik heb niets overschreven.",
        "Ververs de pagina om de nieuwe versie te zien, en vul daarna uw wijzigingen opnieuw in.",
    )


# --- fonts --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FontChoice:
    """A font the house style form offers."""

    name: str  # '' for the default, Lato
    label: str
    here: bool  # installed on this computer (or packaged)


def font_choices(chosen: str) -> list[FontChoice]:
    """The fonts the form offers: the default, then those installed here, as fontconfig lists them;
    a chosen font that is not here is offered too, marked, so the form still shows what the file says."""
    here = installed_fonts()
    choices = [FontChoice("", f"{BUNDLED_FONT} (standaard, altijd aanwezig)", True)]
    choices += [FontChoice(name, name, True) for name in here if name != BUNDLED_FONT]
    if chosen and chosen != BUNDLED_FONT and chosen not in here:
        choices.insert(1, FontChoice(chosen, f"{chosen} (staat niet op deze computer)", False))
    elif chosen == BUNDLED_FONT:
        choices.insert(1, FontChoice(BUNDLED_FONT, BUNDLED_FONT, True))
    return choices


def font_missing_note(font: str) -> str:
    """What the author should know when the chosen font is not on the computer that makes the PDFs."""
    if not font or font == BUNDLED_FONT or font in installed_fonts():
        return ""
    return (
        f"Het lettertype {font} staat niet op deze computer. De PDF's die hier gemaakt worden, krijgen dan "
        f"{BUNDLED_FONT}; Word en LibreOffice tonen {font} alleen als het op de computer van de lezer staat."
    )


@functools.lru_cache(maxsize=1)
def installed_fonts() -> tuple[str, ...]:
    """The font families installed on this computer (fontconfig's fc-list, as the PDFs' fonts are
    found), only names a house style can hold; none when fc-list is not there."""
    try:
        listed = subprocess.run(
            ["fc-list", "--format", "%{family[0]}\n"], capture_output=True, timeout=20, check=False
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return ()
    names = {name.strip() for name in listed.splitlines()}
    return tuple(sorted((name for name in names if FONT.fullmatch(name)), key=str.casefold))


def page_state(folder: str) -> dict:
    """Everything the page needs, for the template and (as JSON) for the script."""
    form = current(folder)
    return {
        "form": form,
        "fonts": font_choices(form.values["lettertype"]),
        "font_note": font_missing_note(form.values["lettertype"]),
        "logo_uri": form.logo.data_uri if form.logo else "",
        # a colour picker shows only a colour; the file's own text, whatever it is, stays in the text field
        "picker_colours": {
            key: value.lower() if COLOUR.fullmatch(value) else DEFAULT_COLOURS[key]
            for key, value in ((key, form.values[key]) for key in COLOUR_KEYS)
        },
        "field_problems": {problem["veld"]: problem["melding"] for problem in form.problems if problem["veld"]},
        "preview": preview(_style_for_preview(folder, form)),
    }


def _style_for_preview(folder: str, form: Form) -> Huisstijl | None:
    draft = Draft(
        form.values["organisatie"],
        form.values["lettertype"],
        form.values["koppen"],
        form.values["tekst"],
        KEEP_LOGO if form.logo_name else "",
    )
    try:
        return tried(folder, draft, Uploads())[0]
    except EditRefused:
        return None
