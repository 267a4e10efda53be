"""The editors' TextMate grammar: generated from the keyword table, and read by Oniguruma as the lexer reads lines."""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import re
import sys
from functools import cache

import pytest

from conftest import ROOT
from werkvorm_dsl.language.keywords import KEYWORDS, Shape
from werkvorm_dsl.language.lexer import lex
from werkvorm_dsl.language.values import UNITS

sys.path.insert(0, str(ROOT / "scripts"))
from make_textmate import CONFIGURATION, SCOPES, TARGET, TITLE_SCOPE, render, render_configuration

REGENERATE = "the keyword table changed: run `make regen` and commit editors/vscode/syntaxes/werkvorm.tmLanguage.json"
GRAMMAR = json.loads(TARGET.read_text(encoding="utf-8"))


def test_the_committed_grammar_is_what_the_keyword_table_makes():
    assert render() == TARGET.read_text(encoding="utf-8"), REGENERATE
    assert render_configuration() == CONFIGURATION.read_text(encoding="utf-8"), REGENERATE


@pytest.mark.parametrize(
    "line, starts, ends",
    [
        ("RONDE 3 keer", True, False),
        ("  TWEETALLEN", True, False),
        ("BLOK 20 min: de casus", True, False),
        ("EINDE RONDE", False, True),
        ("END", False, True),
        ("Rondetafel", False, False),
        ("EINDELIJK", False, False),
    ],
)
def test_blocks_fold_from_their_opener_to_their_end(line, starts, ends):
    markers = json.loads(CONFIGURATION.read_text(encoding="utf-8"))["folding"]["markers"]
    # VS Code reads these as JavaScript patterns; this plain subset reads the same in Python.
    assert (
        bool(re.match(markers["start"], line)) is starts
    )  # without a flag, as VS Code does: in capitals, as fmt writes
    assert bool(re.match(markers["end"], line)) is ends


class Oniguruma:
    """Oniguruma 6 (libonig5, the regex engine of VS Code's TextMate) through ctypes: compile and search."""

    class Region(ctypes.Structure):
        _fields_ = [
            ("allocated", ctypes.c_int),
            ("num_regs", ctypes.c_int),
            ("beg", ctypes.POINTER(ctypes.c_int)),
            ("end", ctypes.POINTER(ctypes.c_int)),
            ("history_root", ctypes.c_void_p),
        ]

    def __init__(self):
        path = ctypes.util.find_library("onig")
        assert path, "libonig5 ontbreekt; scripts/system-deps.sh installeert het (make)"
        self.lib = lib = ctypes.CDLL(path)
        self.utf8 = ctypes.addressof(ctypes.c_char.in_dll(lib, "OnigEncodingUTF8"))
        self.syntax = ctypes.addressof(ctypes.c_char.in_dll(lib, "OnigSyntaxRuby"))  # vscode-oniguruma's default
        encodings = (ctypes.c_void_p * 1)(self.utf8)
        lib.onig_initialize(encodings, 1)
        lib.onig_new.argtypes = [
            ctypes.POINTER(ctypes.c_void_p),
            ctypes.c_char_p,
            ctypes.c_char_p,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        lib.onig_region_new.restype = ctypes.POINTER(self.Region)
        lib.onig_search.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_char_p,
            ctypes.c_char_p,
            ctypes.c_char_p,
            ctypes.POINTER(self.Region),
            ctypes.c_uint,
        ]
        lib.onig_search.restype = ctypes.c_int  # the match's byte offset, or ONIG_MISMATCH (-1)

    @cache  # noqa: B019  (one Oniguruma per test session: kept for its life on purpose)
    def compile(self, pattern: str) -> int:
        regex = ctypes.c_void_p()
        data = pattern.encode("utf-8")
        buffer = ctypes.create_string_buffer(data, len(data))
        error_info = (ctypes.c_void_p * 3)()
        code = self.lib.onig_new(
            ctypes.byref(regex),
            buffer,
            ctypes.cast(ctypes.addressof(buffer) + len(data), ctypes.c_char_p),
            0,
            self.utf8,
            self.syntax,
            error_info,
        )
        assert code == 0, f"Oniguruma cannot compile {pattern!r} (error {code})"
        return regex.value

    def search(self, pattern: str, text: str) -> list[tuple[int, int]] | None:
        """The match's groups as (start, end) in characters, or None; group 0 first."""
        data = text.encode("utf-8")
        buffer = ctypes.create_string_buffer(data, len(data) + 1)
        start = ctypes.cast(buffer, ctypes.c_char_p)
        end = ctypes.cast(ctypes.addressof(buffer) + len(data), ctypes.c_char_p)
        region = self.lib.onig_region_new()
        try:
            found = self.lib.onig_search(self.compile(pattern), start, end, start, end, region, 0)
            if found < 0:
                return None
            groups = []
            for index in range(region.contents.num_regs):
                begin, finish = region.contents.beg[index], region.contents.end[index]
                groups.append((-1, -1) if begin < 0 else (len(data[:begin].decode()), len(data[:finish].decode())))
            return groups
        finally:
            self.lib.onig_region_free(region, 1)


@pytest.fixture(scope="module")
def onig() -> Oniguruma:
    return Oniguruma()


def rules(patterns: list[dict]):
    """The grammar's match rules in the order TextMate tries them, includes resolved."""
    for pattern in patterns:
        if "include" in pattern:
            yield from rules([GRAMMAR["repository"][pattern["include"].removeprefix("#")]])
        elif "patterns" in pattern and "match" not in pattern:
            yield from rules(pattern["patterns"])
        else:
            yield pattern


def scope_of_keyword(onig: Oniguruma, line: str) -> tuple[str, str]:
    """What TextMate makes of the start of `line`: the first rule matching earliest; its capture 1's
    scope and text."""
    best = None
    for rule in rules(GRAMMAR["patterns"]):
        groups = onig.search(rule["match"], line)
        if groups and (best is None or groups[0][0] < best[1][0][0]):
            best = (rule, groups)
    assert best is not None, f"no rule matches {line!r}"
    rule, groups = best
    name = rule.get("captures", {}).get("1", {}).get("name", rule.get("name", ""))
    begin, end = groups[1] if len(groups) > 1 else groups[0]
    return name, line[begin:end]


def every_pattern(node=GRAMMAR):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "match":
                yield value
            else:
                yield from every_pattern(value)
    elif isinstance(node, list):
        for item in node:
            yield from every_pattern(item)


def test_every_pattern_compiles_in_oniguruma_and_in_python(onig):
    patterns = list(every_pattern())
    assert len(patterns) > 10
    for pattern in patterns:
        onig.compile(pattern)
        re.compile(pattern)


def sample_lines(keyword, word: str) -> list[tuple[str, str]]:
    """Lines that use `word` as the lexer reads it, each with the lines it needs above it."""
    if keyword.terminal == "WAY":  # in capitals, with a number of participants
        return [
            ("SESSIE\nKEUZE\n", f"{word.upper()} maximaal 12 deelnemers"),
            ("SESSIE\n", f"  {word.upper()} 13 of meer: a"),
        ]
    if keyword.capitals:  # only in capitals
        return [("", f"{word.upper()} lang: anderhalf uur"), ("", f"  {word.upper()} online")]
    if keyword.terminal == "VARIANT_CHANGE":  # a name, a colon and a value
        step = "SESSIE\nstap a\n    duur: 5 min\n"
        return [(step, f"    {word} lang: 10 min"), (step, f"    {word.upper()} 90 min: 10 min")]
    match keyword.shape:
        case Shape.SECTION:
            return [("", word.upper()), ("", word.lower() + ":")]
        case Shape.SECTION_WITH_TEXT:
            return [("SESSIE\n", f"{word.upper()} 10 min"), ("SESSIE\n", f"    {word.lower()} 2 keer")]
        case Shape.LEAD if keyword.terminal == "TITLE":
            return [("", f"{word.upper()} Een titel"), ("", f"{word.lower()}: Een titel")]
        case Shape.LEAD:
            return [("SESSIE\n", f"{word} Opening"), ("SESSIE\n", f"{word.upper()} 3. Opening")]
        case Shape.FIELD:
            return [("SESSIE\nstap a\n", f"    {word}: tekst"), ("SESSIE\nstap a\n", f"{word.upper()}: tekst")]


EXPECTED_SCOPE = {**SCOPES, "TITLE": SCOPES[Shape.SECTION]}


@pytest.mark.parametrize("keyword", KEYWORDS, ids=[k.terminal for k in KEYWORDS])
def test_every_spelling_of_every_keyword_is_highlighted_as_the_lexer_reads_it(onig, keyword):
    for word in {word for words in keyword.words.values() for word in words}:
        for above, line in sample_lines(keyword, word):
            scope, text = scope_of_keyword(onig, line)
            expected = EXPECTED_SCOPE.get(keyword.terminal, SCOPES[keyword.shape])
            if keyword.terminal == "FACILITATOR" or keyword.shape is Shape.FIELD:
                expected = SCOPES[Shape.FIELD]
            assert scope == expected and text.lower() == word.lower(), (line, scope, text)
            read = lex(above + line + "\n").tokens[-1]
            assert read.terminal == keyword.terminal or keyword.terminal == "QUESTIONS", (line, read.terminal)


@pytest.mark.parametrize(
    "line",
    [
        "Stappen die we samen zetten",
        "Sessies zijn leuk, zei ze.",
        "De duur: lang genoeg",
        "Rondetafel",
        "werkvorm en inhoud horen bij elkaar",
    ],
)
def test_prose_that_starts_like_a_keyword_is_not_highlighted_as_one(onig, line):
    scope, _ = _first_keyword_scope(onig, line)
    assert scope == "" and lex(line + "\n").tokens[-1].terminal == "PROSE", (line, scope)


def _first_keyword_scope(onig: Oniguruma, line: str) -> tuple[str, str]:
    for rule in rules(GRAMMAR["patterns"]):
        groups = onig.search(rule["match"], line)
        if groups and groups[0][0] == 0 and "keyword" in json.dumps(rule.get("captures", {})):
            return rule["captures"]["1"]["name"], line
    return "", line


@pytest.mark.parametrize(
    "text",
    [
        "5 min",
        "10 tot 15 minuten",
        "anderhalf uur",
        "een kwartier",
        "1,5 uur",
        "15-20 min",
        *(f"5 {unit}" for unit in UNITS),
    ],
)
def test_durations_are_marked_in_a_duration_field(onig, text):
    duration = GRAMMAR["repository"]["duration"]["match"]
    groups = onig.search(duration, f"duur: {text}")
    assert groups is not None and f"duur: {text}"[groups[0][0] : groups[0][1]].strip() in text


def test_a_title_in_a_facilitator_field_keeps_the_facilitator_scope(onig):
    rule = next(
        rule
        for rule in rules(GRAMMAR["patterns"])
        if rule.get("captures", {}).get("3", {}).get("name", "").startswith("comment.block.facilitator")
    )
    assert onig.search(rule["match"], "    begeleider: let op de tijd") is not None
    assert TITLE_SCOPE.startswith("entity.name")
