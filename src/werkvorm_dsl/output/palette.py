"""The colours and font of every document, in one place: the default look, or the one a house style gives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markupsafe import Markup

    from werkvorm_dsl.output.house_style import Huisstijl

DEFAULT_ACCENT = "#1d4f91"
DEFAULT_INK = "#1a1a1a"
DEFAULT_FONT = "Lato"
MISSING_FONT = "W605"  # the warning's code (docs/meldingen.md)
WHITE = "#ffffff"
# How far each tint of the accent lies towards white paper (0: the accent, 1: white). Shading and
# hatching are tints of the heading colour, so a green house style has green table heads too.
TINTS = {"soft": 0.92, "pale": 0.86, "light": 0.76, "mid": 0.45}


@dataclass(frozen=True)
class Palette:
    """Every colour a document draws with. The accent and its tints follow the house style's heading
    colour; the ink its text colour; the rest (grey, the facilitator's brown, the CONCEPT red and the
    placeholder's yellow) mean the same in every house style, so they stay."""

    accent: str = DEFAULT_ACCENT  # headings, links, card titles, the timeline's fixed steps
    ink: str = DEFAULT_INK
    font: str = DEFAULT_FONT
    muted: str = "#4a4a4a"
    line: str = "#c9ced6"
    warn: str = "#7a4b00"  # facilitator-only text and who is absent
    concept: str = "#b00020"  # CONCEPT, on every page and in every format
    placeholder: str = "#fff3b0"  # the background of '[invullen: …]'

    @property
    def soft(self) -> str:
        """Table heads and highlighted boxes."""
        return tint(self.accent, TINTS["soft"])

    @property
    def pale(self) -> str:
        """The fill behind the hatching of an estimated step."""
        return tint(self.accent, TINTS["pale"])

    @property
    def light(self) -> str:
        """The fill of a step that happens only when there is time."""
        return tint(self.accent, TINTS["light"])

    @property
    def mid(self) -> str:
        """Hatching, and the border of a nested block."""
        return tint(self.accent, TINTS["mid"])

    @property
    def font_stack(self) -> Markup:
        """The font for CSS, with Lato (bundled) behind a house font the machine may lack. The house
        style lets only letters, digits, spaces and hyphens into a font's name, so it is safe here (an
        attribute that holds it is quoted with ')."""
        from markupsafe import Markup

        house = "" if self.font == DEFAULT_FONT else f'"{self.font}", '
        return Markup(f"{house}{DEFAULT_FONT}, sans-serif")


def palette_for(house: Huisstijl | None) -> Palette:
    """The palette of a document: the default one, with what the house style sets in its place."""
    if house is None:
        return Palette()
    return Palette(
        accent=house.heading_colour or DEFAULT_ACCENT,
        ink=house.text_colour or DEFAULT_INK,
        font=house.font or DEFAULT_FONT,
    )


def tint(colour: str, towards_white: float) -> str:
    """'#rrggbb' mixed with white paper: 0 keeps the colour, 1 is white."""
    channels = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    mixed = (round(value + (255 - value) * towards_white) for value in channels)
    return "#" + "".join(f"{value:02x}" for value in mixed)


def missing_font_warnings(styles: dict[str, Huisstijl]) -> list[str]:
    """W605, once per house style file: a font this machine lacks. The PDF then shows Lato in its
    place, and Word or LibreOffice some other font; the build goes on."""
    from werkvorm_dsl.system.fonts import installed
    from werkvorm_dsl.system.safe_text import shown

    lines = []
    for style in {style.path: style for style in styles.values()}.values():
        if style.font is None or style.font.lower() == DEFAULT_FONT.lower() or installed(style.font) is not False:
            continue
        lines.append(
            shown(
                f"{style.path}: waarschuwing[{MISSING_FONT}]: Het lettertype '{style.font}' staat niet op "
                f"deze computer; de PDF gebruikt daarom {DEFAULT_FONT}. Tip: Installeer het lettertype (voor "
                "iedereen die bouwt), of kies in het huisstijlbestand een lettertype dat er wel is."
            )
        )
    return lines
