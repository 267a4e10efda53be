"""The seeds as Word and OpenDocument files (tests/data/import, made by `make regen`): each gives the
draft kept beside it, and that is the same draft the seed's own text gives."""

from __future__ import annotations

import pytest

from import_samples import IMPORT_DATA, SEEDS, samples
from werkvorm_dsl.app.importeer import draft_of

OFFICE = sorted([*IMPORT_DATA.glob("*.docx"), *IMPORT_DATA.glob("*.odt")])
EVERY_SOURCE = [*SEEDS, *OFFICE]


def expected(path):
    return (IMPORT_DATA / f"{path.name}.draft.werkvorm").read_text("utf-8")


def test_there_is_a_word_and_an_open_document_file_of_every_seed():
    names = {seed.name.removesuffix(".seed.txt") for seed in SEEDS}
    assert names and {path.name for path in OFFICE} == {f"{n}.{k}" for n in names for k in ("docx", "odt")}


@pytest.mark.parametrize("path", EVERY_SOURCE, ids=lambda p: p.name)
def test_the_import_gives_the_draft_kept_beside_it(path):
    assert draft_of(str(path)).text == expected(path), "run make regen and review the diff"


@pytest.mark.parametrize("path", OFFICE, ids=lambda p: p.name)
def test_an_office_version_of_a_seed_gives_the_seeds_own_draft(path):
    seed = next(seed for seed in SEEDS if seed.name.removesuffix(".seed.txt") == path.stem)
    assert draft_of(str(path)).text == draft_of(str(seed)).text


def test_the_office_files_are_what_the_sample_maker_makes(tmp_path):
    # Compared by their drafts: odfpy writes its namespaces in an order that changes between runs.
    made = samples()
    assert sorted(made) == OFFICE
    for path, data in made.items():
        fresh = tmp_path / path.name
        fresh.write_bytes(data)
        assert draft_of(str(fresh)).text == expected(path), f"{path.name}: run make regen and review the diff"
