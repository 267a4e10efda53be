"""The PDFs as a print room sees them: every word inside the text area, cards on their grid and text
flowing on to follow-on cards, no last page of a few lines, large print that stays readable."""

import io
import itertools
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from conftest import FORMATS, ROOT
from layout import pdf_text
from seedtext import normalize
from werkvorm_dsl import parse
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.output.documents.common import participant_text

A4 = (595.28, 841.89)


def card_positions(path):
    """For each sheet, the (label, x, y) of each card's 'STAP' or 'VRAGEN' label; y counts from the top."""
    import subprocess

    bbox = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    sheets = []
    for page in bbox.split("<page ")[1:]:
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)</word>', page)
        labels = [
            (f"{w} {words[i + 1][2]}" if w == "STAP" else w, float(x), float(y))
            for i, (x, y, w) in enumerate(words)
            if w in ("STAP", "VRAGEN")
        ]
        sheets.append(sorted(labels, key=lambda label: (label[0] != "VRAGEN", label[0])))
    return sheets


def test_cards_sit_on_a_two_by_two_grid_of_a6(built_formats):
    sheets = card_positions(built_formats / "intervisie-participatie" / "kaarten.pdf")
    werkvorm = parse((ROOT / "formats/intervisie-participatie.werkvorm").read_text(encoding="utf-8"))
    cards = len(werkvorm.section("sessie").steps()) + len(werkvorm.question_lists())
    assert len(sheets) >= -(-cards // 4)
    text = normalize(pdf_text(built_formats / "intervisie-participatie" / "kaarten.pdf"))
    for step in werkvorm.section("sessie").steps():
        assert normalize(participant_text(step)) in text  # a card says what the hand-out says
    first = sheets[0]
    assert len(first) == 4
    quadrants = [(x > A4[0] / 2, y > A4[1] / 2) for _, x, y in first]
    assert quadrants == [(False, False), (True, False), (False, True), (True, True)]


@pytest.mark.pdf
def test_long_card_text_flows_onto_a_follow_on_card_and_is_never_cut(tmp_path):
    long_text = " ".join(f"Zin nummer {i} van een heel lange uitleg bij deze stap." for i in range(120))
    source = tmp_path / "lang.werkvorm"
    source.write_text(
        f"WERKVORM Lang\nduur: 30 min\n\nSESSIE\nstap Een stap met veel tekst\n    duur: 10 min\n    voorbeeld: "
        f"{long_text}\nstap Kort\n    duur: 5 min\n",
        encoding="utf-8",
    )
    assert main(["build", "--to", str(tmp_path / "out"), "--only", "kaarten", str(source)]) == 0
    sheets = normalize(pdf_text(tmp_path / "out" / "lang" / "kaarten.pdf"))
    assert "vervolg stap 1" in sheets
    cards = normalize(pdf_text(tmp_path / "out" / "lang" / "kaarten-a6.pdf"))
    # Take out what every card repeats (its running header and footer), then read the text whole.
    body = re.sub(r" vervolg stap 1| kaarten lang| lang \d+", "", cards)
    for i in range(120):
        assert f"zin nummer {i} van een heel lange uitleg bij deze stap" in body


@pytest.mark.parametrize("name", ["troika-consulting", "balintmethode", "wat-werkt-al"])
def test_a_short_handout_fits_on_one_page_notes_included(built_formats, name):
    # the note lines used to spill onto a second, otherwise empty page
    assert len(PdfReader(built_formats / name / "deelnemers.pdf").pages) == 1


# The layout as a print room sees it: word positions from `pdftotext -bbox` (tests/layout.py),
# against the text area the style sheets set. A4: running heads at 8.5 pt, at least 8 mm from the
# paper's edge; cards: the follow-on label at 13 pt, at least 4 mm from the cut.
A4_HEAD, CARD_HEAD = 11.0, 16.0


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.name)
def test_every_word_of_every_pdf_stands_inside_the_text_area(built_formats, path):
    from layout import MM, margins, outside_text_area, pages

    folder, problems = built_formats / path.stem, {}
    for name in ("draaiboek", "deelnemers"):
        for number, page in enumerate(pages(folder / f"{name}.pdf"), 1):
            if found := outside_text_area(page, margins("print.css"), 8 * MM, A4_HEAD):
                problems[f"{name}.pdf p. {number}"] = found[:3]
    card_area = margins("kaarten.css")
    for number, page in enumerate(pages(folder / "kaarten-a6.pdf"), 1):
        if found := outside_text_area(page, card_area, 4 * MM, CARD_HEAD):
            problems[f"kaarten-a6.pdf kaart {number}"] = found[:3]
    for number, sheet in enumerate(pages(folder / "kaarten.pdf"), 1):
        card = (sheet.width / 2, sheet.height / 2)
        for column in (0, 1):
            for row in (0, 1):
                offset = (column * card[0], row * card[1])
                quarter = type(sheet)(
                    sheet.width,
                    sheet.height,
                    tuple(
                        w
                        for w in sheet.words
                        if offset[0] <= w.x0 < offset[0] + card[0] and offset[1] <= w.y0 < offset[1] + card[1]
                    ),
                )
                if found := outside_text_area(quarter, card_area, 4 * MM, CARD_HEAD, offset, card):
                    problems[f"kaarten.pdf vel {number} ({column}, {row})"] = found[:3]
    assert problems == {}


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.name)
def test_no_document_ends_on_a_page_of_a_few_lines(built_formats, path):
    from layout import body_lines, margins, pages

    area = margins("print.css")
    for name in ("draaiboek", "deelnemers"):
        found = pages(built_formats / path.stem / f"{name}.pdf")
        if len(found) > 1:
            assert body_lines(found[-1], area) >= 5, f"{name}.pdf: de laatste pagina heeft maar een paar regels"


@pytest.mark.pdf
def test_the_layout_tests_can_fail(tmp_path):
    """A word pushed into the margin, one past the paper's edge and a last page of two lines
    are all found by the same measurements."""
    import weasyprint

    from layout import body_lines, margins, outside_text_area, pages

    html = (
        "<html><head><style>@page { size: A4; margin: 22mm 20mm 20mm 20mm }</style></head><body>"
        "<p>binnen</p><p style='margin-left: -15mm'>kantlijn</p><p style='margin-left: 168mm'>randgeval</p>"
        "<p style='break-before: page'>een</p><p>twee</p></body></html>"
    )
    pdf = tmp_path / "fout.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf)
    first, last = pages(pdf)
    words = [line.split("'")[1] for line in outside_text_area(first, margins("print.css"), 8 * 72 / 25.4, A4_HEAD)]
    assert words[0] == "kantlijn" and words[1].startswith("randge")  # cut off at the paper's edge
    assert body_lines(last, margins("print.css")) == 2


@pytest.mark.pdf
def test_long_facts_on_page_one_stay_inside_the_text_area(tmp_path):
    """Page 1's facts table takes whatever rows and values there are (the date, version and place
    join it): a long value wraps inside its cell, also an address without spaces."""
    from layout import MM, margins, outside_text_area, pages

    source = tmp_path / "feiten.werkvorm"
    source.write_text(
        "WERKVORM Feiten\nsoort: intervisie voor leidinggevenden van alle directies samen, met de gemeentesecretaris"
        " en de ondernemingsraad als gasten\nduur: 30 min\ndeelnemers: 4 tot 8\n"
        "vorm: online via https://teams.example.org/l/meetup-join/19%3ameeting_" + "Zm9vYmFy" * 12 + "\n"
        "begeleiding: " + "Ondernemingsraadsvergaderingsvoorzitter " * 3 + "\n\nSESSIE\nstap Begin\n    duur: 30 min\n",
        encoding="utf-8",
    )
    assert (
        main(
            ["build", "--to", str(tmp_path / "uit"), "--only", "draaiboek,deelnemers", "--formaten", "pdf", str(source)]
        )
        == 0
    )
    for name in ("draaiboek", "deelnemers"):
        first = pages(tmp_path / "uit" / "feiten" / f"{name}.pdf")[0]
        assert outside_text_area(first, margins("print.css"), 8 * MM, A4_HEAD) == [], name


def test_large_print_cards_break_only_at_a_sentence_end_under_a_readable_label(large_print_pdfs):
    """--groot: where a card's text goes on to a follow-on card, the card before ends with a
    whole sentence (it split 'na 3 tot 4 | voorbeelden, of iemand…'), and the follow-on card's
    'vervolg: Stap 2' is at least as large as the text of a small card (it was 8 pt italic)."""
    from layout import margins, pages

    cards = pages(large_print_pdfs / "kaarten-a6.pdf")
    area = margins("kaarten.css", page="groot")
    follow_ons = 0
    for before, card in itertools.pairwise(cards):
        label = [w for w in card.words if w.y1 <= area.top]
        if not label or label[0].text != "vervolg:":
            continue
        follow_ons += 1
        assert min(w.y1 - w.y0 for w in label) >= 13 * 1.1, "the follow-on label is smaller than card text"
        body = [w for w in before.words if area.top <= w.y0 and w.y1 <= before.height - area.bottom]
        last = max(body, key=lambda w: (round(w.y0), w.x0))
        assert last.text[-1] in ".?!:\u2019\u201d)", f"a card ends mid-sentence, on {last.text!r}"
    assert follow_ons  # this werkvorm has text that goes on to a follow-on card in large print


LATO_LINE = 1.2  # Lato's ascent and descent together, in ems: the height pdftotext gives a word


def test_large_print_cards_have_a_readable_foot_inside_the_card(large_print_pdfs):
    """--groot: the werkvorm's name and the card's number in the foot are at least 12 pt (they were
    7 pt, about 5 to 6 pt to the eye), and the deeper foot pushes no word out of the card: every
    word stands in the text area or, as a running head or foot, at least 4 mm from the cut."""
    from layout import MM, margins, outside_text_area, pages

    area = margins("kaarten.css", page="groot")
    cards = pages(large_print_pdfs / "kaarten-a6.pdf")
    problems = {}
    for number, card in enumerate(cards, 1):
        foot = [w for w in card.words if w.y0 >= card.height - area.bottom]
        assert foot, f"kaart {number} has no foot"
        assert min(w.y1 - w.y0 for w in foot) >= 12 * LATO_LINE - 0.1, f"kaart {number}: a foot under 12 pt"
        assert str(number) in [w.text for w in foot]
        if found := outside_text_area(card, area, 4 * MM, 16 * LATO_LINE + 0.5):
            problems[number] = found[:3]
    assert problems == {}


def test_a_question_list_s_follow_on_card_names_the_list(large_print_pdfs):
    """A question list that goes on to a second card says so under the list's own title: it said
    'vervolg: Vragen' (participatie, large print), which did not say which list."""
    from layout import margins, pages

    area = margins("kaarten.css", page="groot")
    labels = [
        " ".join(w.text for w in card.words if w.y1 <= area.top) for card in pages(large_print_pdfs / "kaarten-a6.pdf")
    ]
    lists = [label for label in labels if label.startswith("vervolg:") and "Stap" not in label]
    assert lists and all(label == "vervolg: Praktijksituaties kun je zo uitvragen" for label in lists), labels  # whole
    assert not any("Vragen" in label for label in labels)


@pytest.mark.pdf
@pytest.mark.parametrize("fixture", ["built", "large_cards"])
def test_a_draft_s_cards_carry_concept_in_their_foot_not_a_paragraph_on_card_1(request, fixture):
    """A werkvorm with warnings: each card says CONCEPT in its foot, beside its number, and card 1
    keeps its room for the step (the notice's sentence took a quarter of it)."""
    from layout import margins, pages

    shared = {"built": "built_formats", "large_cards": "large_print_pdfs"}[fixture]  # the ids as they were
    folder = request.getfixturevalue(shared)
    folder = folder / "intervisie-participatie" if fixture == "built" else folder
    area = margins("kaarten.css", page="groot" if fixture == "large_cards" else None)
    cards = pages(folder / "kaarten-a6.pdf")
    assert "waarschuwingen" not in " ".join(w.text for w in cards[0].words)
    seen = [w for w in cards[0].words if w.y0 >= area.top - 1 and w.y1 - w.y0 > 3]  # not the hidden 1 pt heading
    assert min(seen, key=lambda w: (w.y0, w.x0)).text == "STAP"  # the card begins with its step
    for number, card in enumerate(cards, 1):
        foot = [w.text for w in card.words if w.y0 >= card.height - area.bottom]
        assert "CONCEPT" in foot and str(number) in foot, (number, foot)


ODD_NAMES = (
    "Werkvorm 😀🎉 met 中文标题 en é\u0301 "
    + "Ondernemingsraadsvergaderingsvoorzitterschapsverkiezing" * 4
    + " en nog veel meer woorden achter elkaar" * 6
)


@pytest.mark.pdf
@pytest.mark.parametrize("large", [False, True], ids=["klein", "groot"])
def test_odd_and_very_long_names_stay_on_the_card(tmp_path, large):
    """The names the cards repeat (the werkvorm's in the foot, a question list's in the follow-on
    label) are fitted to their lines by Lato's own widths: emoji and Chinese signs from another
    font, a letter with two accents, a word longer than a card and a name of many lines all stay
    inside the card, at least 4 mm from the cut, and end in '…' where they are shortened."""
    from layout import MM, margins, outside_text_area, pages

    source = tmp_path / "vreemd.werkvorm"
    questions = "\n".join(f"- Vraag {n}: wat zie je, wat hoor je en wat doe je daarna precies?" for n in range(1, 25))
    source.write_text(
        f"WERKVORM {ODD_NAMES}\nduur: 10 min\n\nSESSIE\nstap Welkom\n    duur: 10 min\n"
        f"    vragen: lang\n\nVRAGEN lang: {ODD_NAMES}\n{questions}\n",
        encoding="utf-8",
    )
    options = ["--groot"] if large else []
    assert main(["build", *options, "--only", "kaarten", "--formaten", "pdf", "--to", str(tmp_path), str(source)]) == 0
    area = margins("kaarten.css", page="groot" if large else None)
    cards = pages(tmp_path / "vreemd" / "kaarten-a6.pdf")
    assert len(cards) >= 3  # the list goes on to follow-on cards, under its (shortened) name
    head = (16 if large else 13) * LATO_LINE + 0.5
    problems = {
        number: found[:3]
        for number, card in enumerate(cards, 1)
        if (found := outside_text_area(card, area, 4 * MM, head))
    }
    assert problems == {}
    label = " ".join(w.text for w in cards[-1].words if w.y1 <= area.top)
    assert label.startswith("vervolg: Werkvorm") and label.endswith("…")


def test_a_clean_werkvorm_s_cards_have_no_concept_mark(built_formats):
    from layout import pages
    from werkvorm_dsl import check, parse

    # troika-consulting was the clean one until its 10-minute round got W408 (issue 20)
    source = ROOT / "formats/balintmethode.werkvorm"
    assert not check(parse(source.read_text(encoding="utf-8"), source.name)), "the werkvorm is no longer clean"
    cards = pages(built_formats / "balintmethode" / "kaarten-a6.pdf")
    assert cards and not any(w.text == "CONCEPT" for card in cards for w in card.words)


def test_nothing_is_printed_above_the_first_card_s_text(built_formats):
    """Card 1 begins with a line of text, not with a speck above it (a hidden 1 pt heading printed
    as a dot of two or three pixels there). Read as a person would: rendered to grey pixels at
    200 dpi, the first rows with ink belong to a line of text, many pixels wide."""
    import subprocess

    for name in ("iedereen-aan-de-beurt", "liefdevol-roddelen"):
        pdf = built_formats / name / "kaarten-a6.pdf"
        grey = subprocess.run(
            ["pdftoppm", "-gray", "-r", "200", "-f", "1", "-l", "1", str(pdf)], capture_output=True, check=True
        ).stdout
        header, width, height, _, pixels = grey.split(maxsplit=4)
        width, height = int(width), int(height)
        assert header == b"P5" and len(pixels) >= width * height
        inked = (sum(1 for x in range(width) if pixels[y * width + x] < 200) for y in range(height))
        first = next(count for count in inked if count)
        assert first >= 10, f"{name}: a speck of {first} pixels above the first line of card 1"


@pytest.mark.pdf
def test_a_last_page_of_two_lines_is_pulled_onto_the_page_before(monkeypatch):
    """pdf.Renderer lays a document out again a little tighter (html[data-fit="tight"], print.css)
    when its last page would hold a few lines, and keeps that when the lines then fit; a last page
    too full to move up is not laid out twice."""
    from pypdf import PdfReader

    from werkvorm_dsl.output.pdf_renderer import Renderer

    def document(lines: int) -> str:
        rows = "".join(f"<p>regel {n}</p>" for n in range(lines))
        return (
            '<html lang="nl"><head><title>x</title><style>@page { size: A4; margin: 22mm 20mm 20mm 20mm }'
            ' html { font: 10.5pt/1.42 Lato } p { margin: 0 } html[data-fit="tight"] { line-height: 1.34 }'
            f"</style></head><body>{rows}</body></html>"
        )

    renderer = Renderer(str(ROOT / "formats"))
    count = lambda pdf: len(PdfReader(io.BytesIO(pdf)).pages)  # noqa: E731
    assert count(renderer.document(document(50))) == 2  # 48 lines to a page at 1.42, 51 at 1.34
    assert count(renderer.a4(document(50))) == 1
    laid_out = []
    original = Renderer._laid_out
    monkeypatch.setattr(Renderer, "_laid_out", lambda self, html: laid_out.append(html) or original(self, html))
    assert count(renderer.a4(document(62))) == 2 and len(laid_out) == 1


@pytest.mark.pdf
def test_long_words_and_addresses_wrap_inside_every_pdf(tmp_path):
    assert shutil.which("pdftotext"), "pdftotext ontbreekt: installeer poppler-utils (make doet dat als root)"
    assert main(["build", "--to", str(tmp_path), str(ROOT / "tests/hostile/lange-woorden.werkvorm")]) == 0
    pdfs = sorted((tmp_path / "lange-woorden").glob("*.pdf"))
    assert len(pdfs) == 5  # draaiboek, overzicht, deelnemers and the two card files
    safe_zone = 14  # points, about 5 mm: what an office printer leaves white at the edge
    for pdf in pdfs:
        boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
        pages = re.findall(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', boxes, re.S)
        assert pages, pdf.name
        for width, words in pages:
            right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', words)]
            assert right_edges and max(right_edges) <= float(width) - safe_zone, (pdf.name, max(right_edges), width)
