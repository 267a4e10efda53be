"""The example werkvormen of issue 24 in docs/voorbeelden/: each passes `werkvorm check --strict` and is laid out
as `werkvorm fmt` lays it out, and together they use every construct of the issue."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from werkvorm_dsl import check, parse
from werkvorm_dsl.language.fmt import format_text

EXAMPLES = sorted((ROOT / "docs/voorbeelden").glob("*.werkvorm"))
CONSTRUCTS = {
    "a choice by group size": r"^KEUZE\b",
    "a round whose every time asks something else": r"^\s+(1e|eerste) keer:",
    "a round in fixed time boxes with prompts": r"^\s+tijdvak:",
    "roles at once": r"^\s+tegelijk:",
    "variants": r"^VARIANT\b",
}


def test_the_examples_use_every_construct_of_the_issue():
    assert len(EXAMPLES) >= 4
    texts = [path.read_text(encoding="utf-8") for path in EXAMPLES]
    missing = [name for name, pattern in CONSTRUCTS.items() if not any(re.search(pattern, t, re.M) for t in texts)]
    assert not missing


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_an_example_passes_the_strict_check_and_is_laid_out_as_fmt_does(path):
    text = path.read_text(encoding="utf-8")
    strict = [f"{d.code} {d.span.line}: {d.message}" for d in check(parse(text, path.name), strict=True) if d.is_error]
    assert strict == []
    assert format_text(text) == text
