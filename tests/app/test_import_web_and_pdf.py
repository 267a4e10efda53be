"""An intranet page and a PDF of each seed: the import keeps every word and gives the seed's steps and times."""

from __future__ import annotations

import pytest

from import_samples import SEEDS, parts_of, web_page
from importing import minutes, missing_words, session_steps
from werkvorm_dsl.app.importeer import draft_of
from werkvorm_dsl.language.parser import parse
from werkvorm_dsl.language.source import decode
from werkvorm_dsl.pipeline import check_source


def same_session(draft: str, seed) -> None:
    """The steps and times of the draft are those of the seed's own draft; the draft has no errors."""
    checked = check_source(decode(draft.encode("utf-8"), "concept.werkvorm"))
    assert [d.message for d in checked.diagnostics if d.is_error] == []
    own = session_steps(parse(draft_of(str(seed)).text))
    found = session_steps(parse(draft))
    assert [(s.title.text.split()[:3], minutes(s)) for s in found] == [
        (s.title.text.split()[:3], minutes(s)) for s in own
    ]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_an_intranet_page_of_a_seed(tmp_path, seed):
    page = tmp_path / "werkvorm.html"
    page.write_text(web_page(parts_of(seed.read_text("utf-8"))), encoding="utf-8")
    draft = draft_of(str(page)).text
    same_session(draft, seed)
    assert missing_words(seed.read_text("utf-8"), draft) == []


@pytest.mark.pdf
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_a_pdf_of_a_seed(tmp_path, seed):
    import weasyprint

    pdf = tmp_path / "werkvorm.pdf"
    weasyprint.HTML(string=web_page(parts_of(seed.read_text("utf-8")))).write_pdf(pdf)
    draft = draft_of(str(pdf)).text
    same_session(draft, seed)
    assert missing_words(seed.read_text("utf-8"), draft) == []
