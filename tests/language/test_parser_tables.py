"""The parser runs on generated tables, not on Lark or a cache: the tables match the grammar, the
driver gives Lark's trees and errors, and nothing planted in the old cache folder is loaded."""

import binascii
import functools
import hashlib
import os
import pickle
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from corpus import BAD, GOOD
from werkvorm_dsl.language import parser_tables
from werkvorm_dsl.language.lalr import Node, Parser, UnexpectedToken
from werkvorm_dsl.language.lexer import lex

sys.path.insert(0, str(ROOT / "scripts"))
from make_parser import GRAMMAR, TARGET, generate, grammar_lark

REGENERATE = "the grammar changed: run `make parser` and commit src/werkvorm_dsl/language/parser_tables.py"
TERMINALS = sorted({symbol for actions in parser_tables.ACTIONS for symbol in actions if symbol.isupper()} - {"$END"})
SOURCES = sorted((ROOT / "formats").glob("*.werkvorm")) + GOOD + BAD


def test_tables_were_generated_from_the_grammar_as_it_is():
    assert parser_tables.GRAMMAR_SHA256 == hashlib.sha256(GRAMMAR.read_bytes()).hexdigest(), REGENERATE


def test_generating_again_gives_the_shipped_module_byte_for_byte():
    assert generate() == TARGET.read_text(encoding="utf-8"), REGENERATE


@functools.cache
def lark_parser():
    """Lark's parser for the grammar, built once: building it (the LALR analysis) takes a tenth of
    a second, a parse of a few lines a thousandth. Each parse below starts its own interactive state."""
    return grammar_lark()


def parse_with_lark(terminals: list[str]):
    """What Lark's own interactive LALR parser makes of these terminals: (rejected positions, tree)."""
    from lark import Token, Tree
    from lark.exceptions import UnexpectedToken as LarkUnexpected

    interactive = lark_parser().parse_interactive("")
    rejected = []
    for index, terminal in enumerate(terminals):
        try:
            interactive.feed_token(Token(terminal, str(index)))
        except LarkUnexpected:
            rejected.append(index)

    def plain(item):
        if isinstance(item, Tree):
            return Node(str(item.data), tuple(plain(child) for child in item.children))
        return int(item.value)

    try:
        return rejected, plain(interactive.feed_eof())
    except LarkUnexpected:
        return rejected, "rejects the end"


def parse_with_tables(terminals: list[str]):
    parser = Parser()
    rejected = []
    for index, terminal in enumerate(terminals):
        try:
            parser.feed(terminal, index)
        except UnexpectedToken:
            rejected.append(index)
    try:
        return rejected, parser.end()
    except UnexpectedToken:
        return rejected, "rejects the end"


def test_every_werkvorm_of_formats_and_the_corpus_gives_lark_s_tree():
    for path in SOURCES:
        terminals = [token.terminal for token in lex(path.read_text(encoding="utf-8-sig")).tokens]
        assert parse_with_tables(terminals) == parse_with_lark(terminals), path.name


@given(st.lists(st.sampled_from(TERMINALS), max_size=40))
def test_any_sequence_of_lines_gives_lark_s_tree_and_lark_s_errors(terminals):
    assert parse_with_tables(terminals) == parse_with_lark(terminals)


def test_a_long_repetition_parses_in_linear_time():
    # left-recursive repetitions splice their children into the parent: done by copying, 200,000
    # prose lines would take minutes; done in place, well under a second
    import time

    parser = Parser()
    for terminal in ["TITLE", "SESSION", "STEP"]:
        parser.feed(terminal, terminal)
    start = time.perf_counter()
    for index in range(200_000):
        parser.feed("PROSE", index)
    tree = parser.end()
    assert time.perf_counter() - start < 5
    step = tree.children[1].children[2]
    assert step.rule == "step" and len(step.children) == 200_001


class Planted:
    """A pickle that, when loaded, writes a marker file: proof that code from the cache ran."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_pickle_planted_in_the_old_cache_folder_is_never_loaded(tmp_path):
    grammar = GRAMMAR.read_text(encoding="utf-8")
    old_name = f"parser-{binascii.crc32(grammar.encode()):08x}-{len(grammar)}.lark"  # as parser.py named it
    marker = tmp_path / "code-ran"
    home, xdg = tmp_path / "home", tmp_path / "xdg"
    for folder in (home / ".cache" / "werkvorm-dsl", xdg / "werkvorm-dsl"):
        folder.mkdir(parents=True)
        # Lark's cache: a line with a digest, then pickles; the first pickle is loaded whatever the digest
        (folder / old_name).write_bytes(b"0" * 32 + b"\n" + pickle.dumps(Planted(str(marker))))
    werkvorm = tmp_path / "sessie.werkvorm"
    werkvorm.write_text("WERKVORM Proef\nduur: 10 min\n\nSESSIE\nstap Welkom\n    duur: 10 min\n", encoding="utf-8")
    probe = (
        "import sys; from werkvorm_dsl.app.cli import main; code = main(['check', sys.argv[1]]); "
        "print('LARK', 'lark' in sys.modules); sys.exit(code)"
    )
    clean = {name: value for name, value in os.environ.items() if name != "XDG_CACHE_HOME"}
    for environment in ({"HOME": str(home)}, {"HOME": str(home), "XDG_CACHE_HOME": str(xdg)}):
        env = {**clean, "PYTHONPATH": str(ROOT / "src"), **environment}
        result = subprocess.run([sys.executable, "-c", probe, str(werkvorm)], env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert not marker.exists(), "code from the planted cache file ran"
        assert "LARK False" in result.stdout  # no Lark on the check path, so no Lark cache either
