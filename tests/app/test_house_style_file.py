"""huisstijl.toml rewritten by serve's form: the form's keys change, everything else the author wrote stays."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from werkvorm_dsl.app.house_style_file import COLOUR_KEYS, KEPT_AS_COMMENT, TOP_KEYS, edited, expected, toml_string

HAND_WRITTEN = """\
# Huisstijl van de gemeente, door Els bijgehouden
organisatie = "Gemeente Voorbeeldstad"   # zoals op het briefpapier
logo = "logo.png"
word-sjabloon = "huisstijl.dotx" # van communicatie

[kleuren]
# donkerblauw uit het handboek
koppen = "#005a9c"
tekst = "#1a1a1a"  # bijna zwart
"""


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def test_a_hand_written_file_keeps_its_comments_order_and_template():
    new = edited(
        HAND_WRITTEN,
        {"organisatie": 'Gemeente "Nieuwstad"', "logo": "huisstijl-logo.svg", "lettertype": "DejaVu Sans"},
        {"koppen": "#123456", "tekst": ""},
    )
    assert tomllib.loads(new) == {
        "organisatie": 'Gemeente "Nieuwstad"',
        "logo": "huisstijl-logo.svg",
        "lettertype": "DejaVu Sans",
        "word-sjabloon": "huisstijl.dotx",
        "kleuren": {"koppen": "#123456"},
    }
    assert new.splitlines()[:3] == [
        "# Huisstijl van de gemeente, door Els bijgehouden",
        'organisatie = "Gemeente \\"Nieuwstad\\"" # zoals op het briefpapier',
        'logo = "huisstijl-logo.svg"',
    ]
    assert "# donkerblauw uit het handboek" in new and "# van communicatie" in new
    assert KEPT_AS_COMMENT not in new  # edited line by line, not written anew


LAYOUTS = {
    "empty": "",
    "only comments": "# leeg\n",
    "hand written": HAND_WRITTEN,
    "colours only": '[kleuren]\nkoppen = "#005a9c"\n',
    "quoted keys": '"organisatie" = "A"\n["kleuren"]\n"tekst" = "#000000"\n',
    "indented": '  organisatie = "A"\n[kleuren]\n    koppen = "#005a9c"\n',
    "windows line ends": 'organisatie = "A"\r\n\r\n[kleuren]\r\nkoppen = "#005a9c"\r\n',
    "no newline at the end": 'organisatie = "A"',
    "a value with a hash": 'organisatie = "A # B" # echt commentaar\n',
    "another table after": 'organisatie = "A"\n[kleuren]\ntekst = "#000000"\n[later]\nx = "y"\n',
    "multi-line string": 'organisatie = """A\nB"""\n',
    "dotted key": 'kleuren.koppen = "#005a9c"\n',
    "inline table": 'kleuren = { koppen = "#005a9c" }\n',
    "kleuren not a table": 'kleuren = "rood"\n',
    "not TOML at all": "organisatie: Gemeente A\nkleur = rood\n",
    "duplicate key": 'organisatie = "A"\norganisatie = "B"\n',
}
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
COLOUR = st.sampled_from(["", "#123456", "#abcdef", "#000000"])


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@given(
    top=st.fixed_dictionaries({key: TEXT for key in TOP_KEYS}),
    colours=st.fixed_dictionaries({key: COLOUR for key in COLOUR_KEYS}),
)
def test_every_layout_ends_with_the_values_meant_and_nothing_of_the_old_text_lost(layout, top, colours):
    old = LAYOUTS[layout]
    new = edited(old, top, colours)
    meant = expected(_old_data(old), {key: top[key] for key in TOP_KEYS}, colours)
    assert tomllib.loads(new) == meant
    kept_as_is = KEPT_AS_COMMENT not in new
    for line in comments(old):  # an author's comment stays: in place, or in the old text kept under a fresh file
        assert line in new
    if not kept_as_is:
        for line in old.splitlines():
            assert f"# {line}".rstrip() in new.splitlines()


def _old_data(old: str) -> dict:
    try:
        return tomllib.loads(old)
    except tomllib.TOMLDecodeError:
        return {}


@pytest.mark.parametrize("layout", ["hand written", "colours only", "quoted keys", "indented", "another table after"])
def test_the_usual_layouts_are_edited_in_place(layout):
    new = edited(LAYOUTS[layout], {"organisatie": "Gemeente B"}, {"koppen": "#123456"})
    assert KEPT_AS_COMMENT not in new


def test_windows_line_ends_stay_windows_line_ends():
    new = edited(LAYOUTS["windows line ends"], {"organisatie": "B", "logo": "l.png"}, {"tekst": "#000000"})
    assert "\r\n" in new and "\n" not in new.replace("\r\n", "")


@given(TEXT)
def test_any_text_is_one_toml_string_that_reads_back_the_same(text):
    assert tomllib.loads(f"x = {toml_string(text)}") == {"x": text}
    assert "\n" not in toml_string(text)
