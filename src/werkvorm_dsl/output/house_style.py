"""A municipality's house style: a small TOML file with name, logo, colours, font and a Word template."""

from __future__ import annotations

import functools
import math
import os
import re
from dataclasses import dataclass

from werkvorm_dsl.output.logo import Logo, LogoRefused, read_logo
from werkvorm_dsl.output.word_template import TemplateRefused, cleaned_template
from werkvorm_dsl.system.files import FileFault
from werkvorm_dsl.system.safe_text import excerpt

FILE_NAME = "huisstijl.toml"  # beside the werkvormen; `--huisstijl PAD` names another
MOST_BYTES = 2_000_000  # a logo or a Word template larger than this is not what the file means
WHITE = "#ffffff"
AA_CONTRAST = 4.5  # WCAG 2.1 AA for normal text: the colours are used for small text too
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# A font name goes into CSS and the office files' styles: letters, digits, spaces and hyphens only,
# so it can never close a string or a rule there.
FONT = re.compile(r"[A-Za-z0-9][A-Za-z0-9 \-]{0,59}")
KEYS = {"organisatie", "logo", "lettertype", "word-sjabloon", "kleuren"}
COLOUR_KEYS = {"koppen": "the headings and links", "tekst": "the body text"}
__all__ = ["Huisstijl", "Logo", "contrast", "for_files", "load"]


@dataclass(frozen=True)
class Huisstijl:
    """The checked contents of one huisstijl file; every field may be missing (the default look)."""

    path: str
    organisation: str = ""
    logo: Logo | None = None
    heading_colour: str | None = None  # '#rrggbb', contrast with white checked
    text_colour: str | None = None
    font: str | None = None
    # a .dotx or .docx whose styles the .docx output takes, cleaned and made a .docx (word_template.py)
    word_template: bytes | None = None

    @property
    def css(self):
        """Rules after the default style sheet for the logo and the name at the top of page 1. The
        colours and the font reach the style sheets through the palette (palette.py)."""
        from markupsafe import Markup

        return Markup(
            ".huisstijl { display: flex; align-items: center; gap: 0.6em; margin: 0 0 0.6em; "
            "font-weight: 700; } .huisstijl img { max-height: 3.2em; max-width: 40%; }"
        )


def for_files(paths: list[str], given: str | None) -> dict[str, Huisstijl]:
    """The house style of each werkvorm: the one named with --huisstijl, else the huisstijl.toml in
    its own folder, if there is one. Every file is read and checked once, before anything is
    built; all their problems are reported together."""
    found: dict[str, Huisstijl] = {}
    loaded: dict[str, Huisstijl | None] = {}  # None: read, and refused
    problems: list[FileFault] = []
    if given is not None and not os.path.isfile(given):
        raise FileFault(
            "Dit huisstijlbestand bestaat niet.",
            "E601",
            given,
            "Geef met --huisstijl het pad naar een bestand zoals huisstijl.toml.",
        )
    for path in paths:
        style_path = given or os.path.join(os.path.dirname(os.path.abspath(path)), FILE_NAME)
        if style_path not in loaded:
            if not os.path.isfile(style_path):
                continue
            try:
                loaded[style_path] = load(style_path)
            except HuisstijlProblems as refused:
                problems.extend(refused.faults)
                loaded[style_path] = None
        style = loaded[style_path]
        if style is not None:
            found[path] = style
    if problems:
        raise HuisstijlProblems(problems)
    return found


class HuisstijlProblems(FileFault):
    """Everything wrong in one or more huisstijl files, one Dutch line each."""

    def __init__(self, faults: list[FileFault]):
        self.faults = faults
        super().__init__(faults[0].message, faults[0].code, faults[0].path, faults[0].hint)

    def __str__(self) -> str:
        return "\nwerkvorm: ".join(FileFault.__str__(fault) for fault in self.faults)


def load(path: str) -> Huisstijl:
    """The house style in this file, every problem in it raised at once (HuisstijlProblems)."""
    return checked(parsed(path), path)


def parsed(path: str) -> dict:
    """The TOML in the file, as data; a file that is not TOML is one problem (E601, E602)."""
    import tomllib

    raw = _read(path, "het huisstijlbestand")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise HuisstijlProblems(
            [
                FileFault(
                    "Het huisstijlbestand is niet in UTF-8 opgeslagen.",
                    "E602",
                    path,
                    "Sla het op als UTF-8 (in Kladblok: Opslaan als, codering UTF-8).",
                )
            ]
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise HuisstijlProblems(
            [
                FileFault(
                    f"Het huisstijlbestand is niet te lezen: {error}.",
                    "E602",
                    path,
                    'Schrijf elke regel als naam = "waarde"; zie docs/uitvoer.md.',
                )
            ]
        ) from None
    return data


def checked(data: dict, path: str, logo: Logo | None = None) -> Huisstijl:
    """The house style these values give, as if read from `path`; `logo` stands in for the file the
    values name (serve's form shows an uploaded logo before it is saved)."""
    problems: list[FileFault] = []
    for key in sorted(set(data) - KEYS):
        problems.append(
            FileFault(
                f"Onbekende naam '{key}' in het huisstijlbestand.", "E602", path, f"Kies uit {', '.join(sorted(KEYS))}."
            )
        )
    folder = os.path.dirname(os.path.abspath(path))
    style = {
        "organisation": _text(data, "organisatie", path, problems),
        "logo": logo if logo is not None else _logo(data, folder, path, problems),
        "font": _font(data, path, problems),
        "word_template": _template(data, folder, path, problems),
        **_colours(data, path, problems),
    }
    if problems:
        raise HuisstijlProblems(problems)
    return Huisstijl(path, **style)


def _read(path: str, what: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MOST_BYTES + 1)
    except OSError as error:
        from werkvorm_dsl.system.files import reason

        raise HuisstijlProblems(
            [
                FileFault(
                    f"Ik kan {what} niet lezen ({reason(error)}).",
                    "E601",
                    path,
                    "Kijk of het bestand bestaat en of u het mag lezen.",
                )
            ]
        ) from None
    if len(data) > MOST_BYTES:
        raise HuisstijlProblems(
            [FileFault(f"Dit bestand ({what}) is groter dan 2 MB.", "E601", path, "Kies een kleiner bestand.")]
        )
    return data


def _text(data: dict, key: str, path: str, problems: list) -> str:
    from werkvorm_dsl.system.safe_text import one_line

    value = data.get(key, "")
    if not isinstance(value, str):
        problems.append(
            FileFault(
                f"'{key}' moet tekst tussen aanhalingstekens zijn.",
                "E602",
                path,
                f'Schrijf bijvoorbeeld {key} = "Gemeente Voorbeeld".',
            )
        )
        return ""
    return one_line(value)[:200]


def _font(data: dict, path: str, problems: list) -> str | None:
    name = _text(data, "lettertype", path, problems).strip()
    if name and not FONT.fullmatch(name):
        problems.append(
            FileFault(
                f"Het lettertype '{name}' kan ik niet gebruiken: alleen letters, cijfers, spaties en streepjes.",
                "E602",
                path,
                'Schrijf de naam zoals lettertype = "Source Sans 3".',
            )
        )
        return None
    return name or None


def _inside(folder: str, name: str, key: str, path: str, problems: list) -> str | None:
    """A file the huisstijl names, only inside its own folder (a link out of it is refused), as
    the PDF renderer reads files: resolved first, then compared with the folder."""
    target = os.path.realpath(os.path.join(folder, name))
    root = os.path.realpath(folder)
    if os.path.commonpath([target, root]) != root or not os.path.isfile(target):
        problems.append(
            FileFault(
                f"'{key}': het bestand '{name}' staat niet in de map van de huisstijl.",
                "E603",
                path,
                "Zet het bestand naast huisstijl.toml en schrijf alleen de naam.",
            )
        )
        return None
    return target


def _logo(data: dict, folder: str, path: str, problems: list) -> Logo | None:
    name = _text(data, "logo", path, problems)
    if not name:
        return None
    target = _inside(folder, name, "logo", path, problems)
    if target is None:
        return None
    try:
        content = _read(target, "het logo")
    except HuisstijlProblems as refused:
        problems.extend(refused.faults)
        return None
    try:
        return _checked_logo(content)
    except LogoRefused as refused:
        problems.append(FileFault(f"Logo '{name}': {refused.message}", "E603", path, refused.hint))
        return None


# serve reads the house style again for every check of a draft: an SVG is cleaned once per content.
_checked_logo = functools.lru_cache(maxsize=4)(read_logo)


def _template(data: dict, folder: str, path: str, problems: list) -> bytes | None:
    name = _text(data, "word-sjabloon", path, problems)
    if not name:
        return None
    target = _inside(folder, name, "word-sjabloon", path, problems)
    if target is None:
        return None
    try:
        content = _read(target, "het Word-sjabloon")
    except HuisstijlProblems as refused:
        problems.extend(refused.faults)
        return None
    if not content.startswith(b"PK\x03\x04"):
        problems.append(
            FileFault(
                f"Het Word-sjabloon '{excerpt(name)}' is geen .dotx of .docx.",
                "E603",
                path,
                "Sla het sjabloon in Word op als Word-sjabloon (.dotx).",
            )
        )
        return None
    try:
        return cleaned_template(content)
    except TemplateRefused as refused:
        problems.append(FileFault(f"Word-sjabloon '{excerpt(name)}': {refused.message}", "E603", path, refused.hint))
        return None


def _colours(data: dict, path: str, problems: list) -> dict:
    colours = data.get("kleuren", {})
    if not isinstance(colours, dict):
        problems.append(
            FileFault(
                "'kleuren' moet een eigen kopje zijn: [kleuren].",
                "E602",
                path,
                'Schrijf [kleuren] en daaronder koppen = "#1d4f91".',
            )
        )
        return {}
    found = {}
    for key in sorted(set(colours) - set(COLOUR_KEYS)):
        problems.append(
            FileFault(f"Onbekende kleur '{key}' onder [kleuren].", "E602", path, f"Kies uit {', '.join(COLOUR_KEYS)}.")
        )
    for key, field_name in (("koppen", "heading_colour"), ("tekst", "text_colour")):
        value = colours.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not COLOUR.fullmatch(value.strip()):
            problems.append(
                FileFault(
                    f"De kleur '{key}' is geen kleurcode.",
                    "E602",
                    path,
                    'Schrijf een kleur als "#1d4f91" (een hekje en zes tekens 0-9 of a-f).',
                )
            )
            continue
        value = value.strip().lower()
        ratio = contrast(value, WHITE)
        if ratio < AA_CONTRAST:
            problems.append(
                FileFault(
                    f"De kleur '{key}' ({value}) is op wit papier slecht te lezen: het contrast is "
                    f"{shown_ratio(ratio)} op 1, en er is minstens 4,5 op 1 nodig (WCAG AA).",
                    "E604",
                    path,
                    "Kies een donkerdere tint van dezelfde kleur.",
                )
            )
            continue
        found[field_name] = value
    return found


def shown_ratio(ratio: float) -> str:
    """A contrast ratio as a Dutch reader reads it: one decimal, a comma, and never rounded up to
    the bound it missed (4.49 is '4,4', not '4,5'). serve's form says it the same way."""
    return f"{math.floor(ratio * 10) / 10:.1f}".replace(".", ",")


def contrast(first: str, second: str) -> float:
    """The WCAG 2.1 contrast ratio of two '#rrggbb' colours, from 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
