"""`werkvorm export --format json` follows the versioned JSON Schema in docs/."""

import json

import pytest
from hypothesis import given, settings
from jsonschema import Draft202012Validator

from conftest import ROOT
from strategies import quick_share, werkvormen
from werkvorm_dsl import parse
from werkvorm_dsl.language.export import SCHEMA_VERSION, to_json

SCHEMA = json.loads((ROOT / "docs/werkvorm.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)
FILES = sorted((ROOT / "formats").glob("*.werkvorm")) + sorted((ROOT / "tests/data/good").glob("*.werkvorm"))


def test_the_schema_itself_is_valid_and_has_our_version():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["schema"]["const"] == f"werkvorm-dsl/{SCHEMA_VERSION}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_export_follows_the_schema(path):
    document = json.loads(to_json(parse(path.read_text(encoding="utf-8"), path.name)))
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda e: list(e.path))
    assert errors == [], errors[0].message if errors else ""


@settings(max_examples=quick_share(50))
@given(werkvormen)
def test_generated_exports_follow_the_schema(text):
    document = json.loads(to_json(parse(text, "gegenereerd.werkvorm")))
    assert VALIDATOR.is_valid(document)


def test_the_schema_can_fail():
    document = json.loads(to_json(parse(FILES[0].read_text(encoding="utf-8"))))
    document["sections"][0]["kind"] = "iets anders"
    assert not VALIDATOR.is_valid(document)
