"""The print rules, on werkvormen no one wrote: generated ones of every length, built with a made-up
house style. No A4 document ends on a page under a quarter full, no card breaks off mid-sentence
onto its follow-on card, and no document keeps the default blue. `make test` draws a few, fixed
examples; `make fuzz` draws many new ones."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from layout import LEAST_SHARE, margins, page_count, pages, used_share
from strategies import quick_share
from werkvorm_dsl.output.palette import TINTS, Palette
from werkvorm_dsl.pipeline import BuildOptions, build, check_file, house_style_for

A4_DOCUMENTS = ("draaiboek", "deelnemers")  # the overzicht is one page, always (test_documents.py)
GREEN = "#1b5e20"  # a made-up municipality's heading colour
HOUSE = f'organisatie = "Gemeente Groendorp"\n[kleuren]\nkoppen = "{GREEN}"\n'
DEFAULT = Palette()
DEFAULT_BLUES = sorted({DEFAULT.accent, *(getattr(DEFAULT, name) for name in TINTS)})
FUZZING = settings().max_examples > 1000  # `make fuzz`'s profile
SENTENCE_ENDS = ".?!:\u2019\u201d)"

WORDS = (
    "de groep vertelt een casus over het werk met collega's en bewoners in de wijk waar we samen "
    "leren luisteren vragen stellen advies geven besluiten nemen ervaringen delen afspraken maken "
    "iedereen krijgt de beurt om rustig te vertellen wat er speelde en wat je nodig hebt"
).split()
word = st.sampled_from(WORDS)


def sentence(least: int = 5, most: int = 18) -> st.SearchStrategy[str]:
    return st.lists(word, min_size=least, max_size=most).map(lambda ws: " ".join(ws).capitalize() + ".")


def paragraph(most: int) -> st.SearchStrategy[str]:
    return st.lists(sentence(), min_size=0, max_size=most).map(" ".join)


@st.composite
def step(draw, indent: str = "") -> tuple[str, int]:
    minutes = draw(st.integers(1, 15))
    lines = [f"{indent}stap {draw(sentence(2, 6))[:-1]}", f"{indent}    duur: {minutes} min"]
    if body := draw(paragraph(12)):
        lines.append(f"{indent}    {body}")
    if told := draw(paragraph(3)):
        lines.append(f"{indent}    voor deelnemers: {told}")
    return "\n".join(lines) + "\n", minutes


@st.composite
def werkvorm(draw) -> str:
    parts, total = [], 0
    for _ in range(draw(st.integers(1, 12))):
        if draw(st.integers(0, 5)) == 0:  # now and then a round of a step or two
            times = draw(st.integers(2, 3))
            inner = [draw(step("    ")) for _ in range(draw(st.integers(1, 2)))]
            parts.append(f"RONDE {times} keer\n" + "".join(text for text, _ in inner) + "EINDE RONDE\n")
            total += times * sum(minutes for _, minutes in inner)
        else:
            text, minutes = draw(step())
            parts.append(text)
            total += minutes
    goal = draw(sentence())
    return (
        f"WERKVORM {draw(sentence(2, 5))[:-1]}\nduur: {total} min\ndeelnemers: 4 tot 12\ndoel: {goal}\n"
        "begintijd: 14:00\n\nSESSIE\n" + "\n".join(parts)
    )


def built(text: str, formats: str, only: tuple[str, ...] | None = None) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "gegenereerd.werkvorm"
        source.write_text(text, encoding="utf-8")
        (Path(folder) / "huisstijl.toml").write_text(HOUSE, encoding="utf-8")
        checked = check_file(str(source))
        assert not any(d.is_error for d in checked.diagnostics), [d.message for d in checked.diagnostics]
        options = BuildOptions(only=only, formats=frozenset({formats}), huisstijl=house_style_for(str(source)))
        return build(checked, options).files


def short_last_page(pdf: Path) -> str:
    count = page_count(pdf)
    if count > 1 and (share := used_share(pdf, count)) < LEAST_SHARE:
        return f"{pdf.name}: {count} pages, the last {share:.0%} used"
    return ""


def cards_broken_mid_sentence(pdf: Path) -> list[str]:
    """Cards whose text goes on to a follow-on card ('vervolg: …') but end without a sentence's end."""
    area, found = margins("kaarten.css"), []
    cards = pages(pdf)
    for number, (before, card) in enumerate(itertools.pairwise(cards), 1):
        label = [w for w in card.words if w.y1 <= area.top]
        if not label or label[0].text.lower() != "vervolg:":
            continue
        body = [w for w in before.words if area.top <= w.y0 and w.y1 <= before.height - area.bottom]
        last = max(body, key=lambda w: (round(w.y0), w.x0))
        if last.text[-1] not in SENTENCE_ENDS:
            found.append(f"card {number} ends on {last.text!r}")
    return found


# No shrinking: each example renders four PDFs, and a shrink of a long werkvorm took over five minutes.
@pytest.mark.pdf
@settings(
    max_examples=40 if FUZZING else quick_share(3),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(werkvorm())
def test_a_generated_werkvorms_pdfs_keep_the_print_rules(text):
    files = built(text, "pdf", (*A4_DOCUMENTS, "kaarten"))
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files.items():
            (Path(folder) / name).write_bytes(data)
        short = [short_last_page(Path(folder) / f"{name}.pdf") for name in A4_DOCUMENTS]
        assert [s for s in short if s] == []
        assert cards_broken_mid_sentence(Path(folder) / "kaarten-a6.pdf") == []


@settings(max_examples=200 if FUZZING else quick_share(10), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(werkvorm())
def test_a_generated_werkvorm_keeps_the_house_colour_in_every_document(text):
    for name, data in built(text, "html").items():
        page = data.decode("utf-8").lower()
        assert GREEN in page or name == "uitnodiging.html", name
        assert [blue for blue in DEFAULT_BLUES if blue.lower() in page] == [], name


# One Chromium page: the draaiboek, whose schedule table is the widest thing on a phone, of a
# generated werkvorm with a long link title and a long word in its goal.
LONG_LINK = (
    "link: [Werkvormen voor grote groepen op samenwerkingsbibliotheekgemeenten.nl, met uitleg]"
    "(https://www.samenwerkingsbibliotheekgemeenten.nl/werkvormen/grote-groepen/intervisie-in-kleine-rondes-2026)"
)


@pytest.mark.browser
@settings(
    max_examples=20 if FUZZING else 1,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(werkvorm())
def test_a_generated_draaiboek_does_not_scroll_sideways_at_390_px(chromium, text):
    from browsing import MEASURE, PHONE, at_phone_width
    from werkvorm_dsl.app.cli import main

    text = text.replace("\ndoel: ", f"\n{LONG_LINK}\ndoel: Ondernemingsraadsvergaderingsvoorbereiding. ", 1)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "breed.werkvorm"
        source.write_text(text, encoding="utf-8")
        (Path(folder) / "huisstijl.toml").write_text(HOUSE, encoding="utf-8")
        args = ["build", "--to", f"{folder}/uit", "--only", "draaiboek", "--formaten", "html", str(source)]
        assert main(args) == 0
        browser = chromium.fresh()
        at_phone_width(browser)
        browser.get((Path(folder) / "uit" / "breed" / "draaiboek.html").as_uri())
        width, screen, _, sticking_out = browser.execute_async_script(MEASURE)
    assert width <= PHONE["width"] and screen == PHONE["width"], sticking_out
