"""Both seeds are in formats/, and every sentence of each seed is in the werkvorm's prose."""

from pathlib import Path

import pytest

from conftest import ROOT
from seedtext import load_deviations, normalize, sentences
from werkvorm_dsl import check, parse
from werkvorm_dsl.language.prose import plain_text

SEEDS = sorted((ROOT / "tests/data/seeds").glob("*.seed.txt"))


def werkvorm_for(seed: Path):
    name = seed.name.removesuffix(".seed.txt")
    source = ROOT / "formats" / f"{name}.werkvorm"
    return parse(source.read_text(encoding="utf-8"), str(source))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_every_sentence_of_the_seed_is_in_the_werkvorm(seed):
    haystack = " " + normalize(plain_text(werkvorm_for(seed))) + " "
    deviations = load_deviations(seed.with_name(seed.name.replace(".seed.txt", ".deviations")))
    seed_sentences = sentences(seed.read_text(encoding="utf-8"))
    assert len(seed_sentences) > 20
    missing = [s for s in seed_sentences if s not in deviations and f" {normalize(s)} " not in haystack]
    assert missing == []


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_deviations_are_seed_sentences_and_keep_every_word(seed):
    haystack = normalize(plain_text(werkvorm_for(seed))).split()
    deviations = load_deviations(seed.with_name(seed.name.replace(".seed.txt", ".deviations")))
    seed_sentences = sentences(seed.read_text(encoding="utf-8"))
    for sentence in deviations:
        assert sentence in seed_sentences, f"not a seed sentence any more: {sentence!r}"
        content = [w for w in normalize(sentence).split() if len(w) >= 4 and w != "vorbereiding"]
        assert all(w in haystack for w in content), sentence


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_werkvorm_has_no_errors(seed):
    werkvorm = werkvorm_for(seed)
    assert [d for d in check(werkvorm) if d.is_error] == []


def test_sentence_check_can_fail():
    """A werkvorm that drops one sentence of the seed is caught."""
    seed = SEEDS[0]
    source = (ROOT / "formats" / "intervisie-participatie.werkvorm").read_text(encoding="utf-8")
    cut = source.replace("Maak werkafspraken over de vertrouwelijkheid van de sessie.", "")
    haystack = " " + normalize(plain_text(parse(cut))) + " "
    lost = [s for s in sentences(seed.read_text(encoding="utf-8")) if f" {normalize(s)} " not in haystack]
    assert "Maak werkafspraken over de vertrouwelijkheid van de sessie." in lost
