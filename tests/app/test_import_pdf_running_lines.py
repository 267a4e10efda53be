"""A PDF booklet with a running head (a repeated title) and page numbers at the foot: the import drops
the repeats and the numbers, and keeps the text once (issue 25)."""

from __future__ import annotations

import pytest
from test_import_web_and_pdf import same_session

from import_samples import SEEDS, parts_of, web_page
from importing import missing_words
from werkvorm_dsl.app.importeer import draft_of
from werkvorm_dsl.language.import_blocks import without_running_lines

HEAD = "Afdeling HR · Intervisie voor leidinggevenden"
# Small pages and large type: the seed runs over several pages, each with its head and foot.
RUNNING = (
    "<style>@page { size: A5; margin: 2cm 1.5cm; "
    f'@top-center {{ content: "{HEAD}"; font-size: 8pt }} '
    '@bottom-center { content: "Pagina " counter(page) " van " counter(pages); font-size: 8pt } }'
    "body { font-size: 9pt }</style></head>"
)


@pytest.mark.pdf
def test_a_booklet_with_a_running_head_and_page_numbers(tmp_path):
    import weasyprint
    from pypdf import PdfReader

    seed = SEEDS[0]
    pdf = tmp_path / "boekje.pdf"
    weasyprint.HTML(string=web_page(parts_of(seed.read_text("utf-8"))).replace("</head>", RUNNING)).write_pdf(pdf)
    pages = len(PdfReader(pdf).pages)
    assert pages >= 2
    draft = draft_of(str(pdf)).text
    assert draft.count(HEAD) == 1 and not draft.startswith(f"WERKVORM {HEAD}")
    assert not any(f"Pagina {n} van {pages}" in draft for n in range(1, pages + 1))
    same_session(draft, seed)
    assert missing_words(seed.read_text("utf-8"), draft) == []


def page(*lines: str) -> str:
    return "\n".join(lines)


def test_only_what_repeats_at_the_edges_of_most_pages_goes():
    pages = [
        page("   Intervisie   ", "Welkom allemaal.", "1. Opening (5 min)", "  - 1 -"),
        page("Intervisie", "2. Vragen (10 min)", "Intervisie is fijn.", "  - 2 -"),
        page("Intervisie", "3. Afsluiting (5 min)", "Tot ziens.", "  - 3 -"),
    ]
    kept = without_running_lines(pages)
    assert kept[0].split("\n") == ["Welkom allemaal.", "1. Opening (5 min)"]
    assert kept[1].split("\n") == ["2. Vragen (10 min)", "Intervisie is fijn."]
    # The head's text, which the body does not hold, once after the last page: not lost, and no title.
    assert kept[2].split("\n") == ["3. Afsluiting (5 min)", "Tot ziens.", "", "Intervisie"]


def test_a_running_title_that_the_body_holds_goes_from_the_edges_only():
    first = ["Regel een.", "Regel twee.", "INTERVISIE", "Regel drie.", "Regel vier.", "Slot een."]
    second = ["Andere een.", "Andere twee.", "Andere drie.", "Slot twee."]
    kept = without_running_lines([page("Intervisie", *first), page("Intervisie", *second)])
    assert kept == [page(*first), page(*second)]


@pytest.mark.parametrize(
    "number", ["3", "- 3 -", "Pagina 3", "pagina 3 van 9", "3 / 9", "blz. 3", "Page 3 of 9", "(3)"]
)
def test_every_way_of_numbering_pages_goes_entirely(number):
    texts = ["De eerste bladzijde.", "De tweede bladzijde.", "De derde bladzijde."]
    pages = [page(text, number.replace("3", str(n))) for n, text in enumerate(texts, 1)]
    assert without_running_lines(pages) == texts


def test_one_page_and_lines_on_too_few_pages_stay():
    assert without_running_lines(["Titel\nTekst\n1"]) == ["Titel\nTekst\n1"]
    pages = [page("Bijlage", "Tekst een."), page("Tekst twee."), page("Tekst drie."), page("Tekst vier.")]
    assert without_running_lines(pages) == pages
