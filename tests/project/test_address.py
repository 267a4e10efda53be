"""One form of address (issue 21, item 3): the program speaks to its reader as "u", never "je" or
"jij", in every message, the message catalogue, the guide, the README and the documents it makes.

Words that are not the program addressing its reader stay: an author's own text quoted as an
example, or a word the lexer must recognise in what authors write. Each is on the allow-list below,
with the reason, and the list may not go stale."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT

INFORMAL = re.compile(r"\b(?:je|jij|jou|jouw|jullie|jezelf|jouzelf)\b", re.IGNORECASE)
FENCED = re.compile(r"^```[^\n]*\n.*?^```", re.S | re.M)

# (file, the exact text that may stay, why it is not an address to the reader)
ALLOWED = (
    (
        "src/werkvorm_dsl/language/keywords.py",
        "jou",
        "a word of a facilitator label authors write ('Voor jou als begeleider:'), which the lexer must know",
    ),
    (
        "src/werkvorm_dsl/language/keywords.py",
        "jullie",
        "a word of a facilitator label authors write ('Voor jullie begeleiders:'), which the lexer must know",
    ),
    (
        "src/werkvorm_dsl/language/values.py",
        "'met je buurman'",
        "an author's description of groups, quoted in a docstring",
    ),
    (
        "docs/taalgids.md",
        "`startvraag: Hoe zorg jij voor participatie?`",
        "the start question of the guide's example werkvorm, an author's text",
    ),
    (
        "docs/uitvoer.md",
        "‘Zo vraag je door’",
        "the title of a question list in formats/, an author's text, as a card shows it",
    ),
)

CATALOGUE = ROOT / "docs" / "meldingen.md"
GUIDES = [ROOT / "README.md", *(p for p in sorted((ROOT / "docs").glob("*.md")) if p != CATALOGUE)]
TEMPLATES = sorted((ROOT / "src" / "werkvorm_dsl" / "output" / "templates").iterdir())
PYTHON = sorted((ROOT / "src" / "werkvorm_dsl").rglob("*.py"))
EDITOR = sorted((ROOT / "editor" / "src").glob("*.js"))


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def informal_words(text: str, path: str = "") -> list[str]:
    """The informal forms of address in `text`, apart from what the allow-list keeps for `path`."""
    for allowed_path, allowed, _ in ALLOWED:
        if allowed_path == path:
            text = text.replace(allowed, "") if allowed != text else ""
    return INFORMAL.findall(text)


def lines_of(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.split("\n"), start=1))


def without_fenced_blocks(text: str) -> str:
    """The guide's prose: its fenced blocks are werkvorm text an author wrote, or shell commands.
    The lines stay where they were, so the line numbers in a failure are right."""
    return FENCED.sub(lambda block: "\n" * block.group(0).count("\n"), text)


def python_strings(source: str) -> list[tuple[int, str]]:
    """Every string literal with its line: messages, tips, templates, docstrings, f-string parts."""
    return [
        (node.lineno, node.value)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def findings(units: list[tuple[int, str]], path: Path) -> list[str]:
    name = relative(path)
    return [
        f"{name}:{line}: {words} in {text.strip()[:100]!r}"
        for line, text in units
        if (words := informal_words(text, name))
    ]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_message_catalogue_says_u():
    assert findings(lines_of(read(CATALOGUE)), CATALOGUE) == []


@pytest.mark.parametrize("path", GUIDES, ids=relative)
def test_the_guides_say_u(path):
    assert findings(lines_of(without_fenced_blocks(read(path))), path) == []


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_the_templates_of_the_documents_say_u(path):
    assert findings(lines_of(read(path)), path) == []


def test_every_string_in_the_code_says_u():
    found = [finding for path in PYTHON for finding in findings(python_strings(read(path)), path)]
    assert found == []


def test_the_browser_editor_says_u():
    found = [finding for path in EDITOR for finding in findings(lines_of(read(path)), path)]
    assert found == []


def test_the_readers_find_what_they_must():
    # Without these, a scanner that read nothing would pass every test above.
    assert len(TEMPLATES) >= 10 and len(PYTHON) >= 40 and EDITOR and len(GUIDES) >= 3
    assert informal_words("Bedoelde je 'duur: 5 min'?") == ["je"]
    assert informal_words("Wat heb JIJ nodig, en wat jouw team?") == ["JIJ", "jouw"]
    assert informal_words("Bedoelt u 'duur: 5 min'? De jeugd en het jaar.") == []
    strings = python_strings('"""Doc."""\nx = f"Bedoelde je {y}?"\n')
    assert [text for _, text in strings] == ["Doc.", "Bedoelde je ", "?"]
    assert without_fenced_blocks("a\n```\nje\n```\nb je\n").split("\n") == ["a", "", "", "", "b je", ""]
    some_string = next(text for path in PYTHON for _, text in python_strings(read(path)) if "Bedoelt u" in text)
    assert some_string


@pytest.mark.parametrize("path, allowed, reason", ALLOWED, ids=[entry[0] for entry in ALLOWED])
def test_each_allowed_word_is_still_there_and_informal(path, allowed, reason):
    text = read(ROOT / path)
    if path.endswith(".py"):
        assert allowed in {value for _, value in python_strings(text)} or allowed in text, reason
    else:
        assert allowed in text, reason
    assert INFORMAL.search(allowed), f"{allowed!r} needs no place on the allow-list"
