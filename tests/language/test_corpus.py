"""Good files parse to their recorded AST; bad files give their recorded diagnostics."""

import re

import pytest

from corpus import BAD, GOOD, expected_ast, expected_diagnostics
from werkvorm_dsl import check, parse


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_good_file_has_its_recorded_ast(path):
    assert expected_ast(path) == path.with_suffix(".ast.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_good_file_has_no_errors(path):
    werkvorm = parse(path.read_text(encoding="utf-8"), path.name)
    assert [d for d in check(werkvorm) if d.is_error] == []


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_file_has_its_recorded_diagnostics(path):
    assert expected_diagnostics(path) == path.with_suffix(".diagnostics.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", [p for p in BAD if re.match(r"[ew]\d{3}", p.name)], ids=lambda p: p.name)
def test_bad_file_shows_the_code_in_its_name(path):
    codes = {d.code for d in check(parse(path.read_text(encoding="utf-8"), path.name))}
    for code in re.findall(r"[ew]\d{3}", path.name):
        assert code.upper() in codes
