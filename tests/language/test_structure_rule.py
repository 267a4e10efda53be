"""The structure rule, proved by properties over generated and re-wrapped text.

1. Every keyword word of the table, as the first word of a wrapped prose line in every place a
   paragraph can stand, leaves the structure as a neutral word would, or a diagnostic points at
   that line.
2. Re-wrapping any prose paragraph (formats/, the good corpus, generated werkvormen) at any width
   from 20 to 120 columns leaves the AST as it was apart from line breaks, or a diagnostic points
   at a line the re-wrap made.
3. Every word an author wrote, apart from keywords, list markers and comments, is in the AST, in
   order.
(4. Confidentiality, the rule's other half, is in tests/output/test_confidentiality.py.)
"""

from __future__ import annotations

import functools
import re
import textwrap
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from strategies import werkvormen
from werkvorm_dsl import check, parse
from werkvorm_dsl.language.export import to_data
from werkvorm_dsl.language.folding import drop_invisible
from werkvorm_dsl.language.keywords import KEYWORDS
from werkvorm_dsl.language.lexer import BLOCK_TERMINALS, lex
from werkvorm_dsl.language.prose import pieces

SPELLINGS = sorted({w for kw in KEYWORDS for words in kw.words.values() for w in words})
NEUTRAL = "tekst"
FILES = sorted((ROOT / "formats").glob("*.werkvorm")) + sorted((ROOT / "tests/data/good").glob("*.werkvorm"))
LOWER_WORDS = [
    "de",
    "groep",
    "vertelt",
    "een",
    "casus",
    "over",
    "wat",
    "er",
    "speelt",
    "en",
    "wie",
    "het",
    "team",
    "ë",
    "(haakjes)",
    "100%",
    "vraag?",
    "*nadruk*",
    "—",
]
ANY_WORDS = LOWER_WORDS + ["Welkom", "Jan", "klaar.", "zo:", "NB", "'citaat'", "#1", "[link](https://example.org)"]


def _ast(text: str, leaf):
    """The AST without spans and file name, with `leaf` applied to every string in it."""

    def strip(data):
        if isinstance(data, dict):
            return {
                k: v if k == "type" else strip(v) for k, v in data.items() if not k.endswith("span") and k != "filename"
            }
        if isinstance(data, list):
            return [strip(item) for item in data]
        return leaf(data) if isinstance(data, str) else data

    return strip(to_data(parse(text)))


@functools.cache  # the sweeps below ask for the same text's AST many times; callers only compare it
def shape(text: str):
    """The structure of a werkvorm: node types and keys, without any of the author's text."""
    return _ast(text, lambda value: "str")


@functools.cache
def flat(text: str):
    """The AST with every run of white space made one space: equal apart from line breaks."""
    return _ast(text, lambda value: " ".join(value.split()))


def lines_with_diagnostics(text: str) -> set[int]:
    return {d.span.line for d in check(parse(text))}


# --- 1. keyword words as the first word of a wrapped prose line --------------------------------

PLACES = {
    "kopinleiding": "WERKVORM Proef\nduur: 30 min\n\nGebruik deze methode als de groep {before}\n{line}\n\n"
    "NB: Niet gebruiken in een onveilige groep.\n\nSESSIE\nstap Opening\n    duur: 10 min\n",
    "stapuitleg": "WERKVORM Proef\nduur: 30 min\n\nSESSIE\nstap Opening\n    duur: 10 min\n"
    "    Vraag aan de groep {before}\n    {line}\n    wie: begeleider\nstap Slot\n    duur: 5 min\n",
    "veld": "WERKVORM Proef\nduur: 30 min\n\nSESSIE\nstap Opening\n    duur: 10 min\n"
    "    voorbeeld: Ik vraag de groep {before}\n    {line}\n\nstap Slot\n    duur: 5 min\n",
    "opsomming": "WERKVORM Proef\nduur: 30 min\n\nSESSIE\nstap Opening\n    duur: 10 min\n"
    "    - Vraag aan de groep {before}\n      {line}\n    - Nog een punt\n\nSUGGESTIES\n- Herhaal het.\n",
    "lijst": "WERKVORM Proef\nduur: 30 min\n\nSESSIE\nstap Opening\n    duur: 10 min\n\n"
    "SUGGESTIES\n1. Vraag aan de groep {before}\n  {line}\n2. Nog een punt\n",
}


def keyword_line_holds(place: str, before: str, word: str, rest: str) -> None:
    template = PLACES[place]
    text = template.format(before=before, line=f"{word} {rest}")
    neutral = template.format(before=before, line=f"{NEUTRAL} {rest}")
    line = template.split("{line}")[0].format(before=before).count("\n") + 1
    if shape(text) != shape(neutral):
        assert line in lines_with_diagnostics(text), f"silent structure change in {place}:\n{text}"


@pytest.mark.parametrize("place", PLACES)
def test_every_keyword_word_in_every_place_keeps_the_structure_or_says_so(place):
    for spelling in SPELLINGS:
        for word in (spelling, spelling[:1].upper() + spelling[1:]):
            for before in ("en", "klaar."):
                keyword_line_holds(place, before, word, "stellen, of als de inbrenger weinig woorden heeft.")


@given(
    st.sampled_from(list(PLACES)),
    st.sampled_from(SPELLINGS),
    st.booleans(),
    st.lists(st.sampled_from(ANY_WORDS), min_size=1, max_size=4),
    st.lists(st.sampled_from(ANY_WORDS), max_size=6),
)
def test_keyword_words_after_any_prose_keep_the_structure_or_say_so(place, spelling, capital, before, rest):
    word = spelling[:1].upper() + spelling[1:] if capital else spelling
    keyword_line_holds(place, " ".join(before), word, " ".join(rest) or "x")


def test_the_example_of_the_issue_keeps_its_safety_warning():
    text = PLACES["kopinleiding"].format(
        before="graag", line="vragen stellen, of als de inbrenger weinig woorden heeft."
    )
    werkvorm = parse(text)
    assert [s for s in werkvorm.sections if type(s).__name__ == "QuestionList"] == []
    assert any("onveilige groep" in t for _, t, _ in pieces(werkvorm))


# --- 1b. keyword words of the session model (blocks, time boxes) as the first word of a wrapped line

SESSION_WORDS = sorted(
    {
        w
        for kw in KEYWORDS
        if kw.terminal in BLOCK_TERMINALS | {"TIME_BOX"}
        for words in kw.words.values()
        for w in words
    }
)


def test_block_openers_in_capitals_under_a_steps_running_text_are_announced():
    # Found: 'voorbeeld: Ik vraag de groep en' / 'RONDE 2 keer' silently ended the example and
    # opened a round (the silence meant for 'begeleiding: HR' / 'SESSIE' covered it too).
    for word in SESSION_WORDS:
        for before in ("en", "klaar."):
            keyword_line_holds("veld", before, word.upper(), "2 keer: samen")


def test_session_words_with_a_value_that_looks_like_structure_keep_the_structure_or_say_so():
    # The property above (part 1) writes every keyword before 'stellen, of …', which never
    # reads as an opener; here the rest is what an opener holds, in every spelling and case.
    for place in PLACES:
        for word in SESSION_WORDS:
            for written in (word, word.capitalize(), word.upper()):
                for rest in ("2 keer: samen", "10 min", "van 3"):
                    keyword_line_holds(place, "en", written, rest)


# --- 2. re-wrapping ---------------------------------------------------------------------------


def paragraphs(text: str) -> list[tuple[int, int, int]]:
    """(first, last, label) for each run of lines that wraps as one paragraph: prose lines
    together, or a token whose text runs on with its continuation lines. `label` is the length of
    the keyword before the prose on the first line ('prikkelende vraag: '): structure, not prose,
    so the re-wrap keeps it whole."""
    runs, index, kinds = [], 0, _line_kinds(text)
    while index < len(kinds):
        kind, label = kinds[index]
        if kind in ("prose", "wraps"):
            end = index
            while end + 1 < len(kinds) and kinds[end + 1][0] in ("more", "prose-more"):
                end += 1
            runs.append((index, end, label))
            index = end + 1
        else:
            index += 1
    return runs


def _line_kinds(text: str) -> list[tuple[str, int]]:
    """For each line: 'prose' (starts a paragraph of prose), 'prose-more' (a prose line that joins
    the paragraph above), 'wraps' (a token whose text may run on), 'more', or 'other'; and the
    length of its keyword."""
    from werkvorm_dsl.language.lexer import LIST_SECTIONS, STEP_SECTIONS

    kinds, in_list = [], False
    for line in lex(text, keep_lines=True).lines:
        token = line.token if line.kind == "token" else None
        terminal = token.terminal if token else None
        in_list = True if terminal in LIST_SECTIONS else False if terminal in STEP_SECTIONS else in_list
        if terminal == "PROSE":
            kinds.append(("prose" if token.new_paragraph else "prose-more", 0))
        elif terminal in ("BULLET", "EXAMPLE", "TEASER", "NOTE", "FACILITATOR", "ATTACHMENT", "GOAL") or (
            terminal == "NUMBERED" and in_list
        ):
            kinds.append(("wraps", token.value_column - token.span.column))
        elif line.kind == "more":
            kinds.append(("more", 0))
        else:
            kinds.append(("other", 0))
    return kinds


def rewrap(text: str, first: int, last: int, width: int, label: int = 0) -> str:
    lines = text.split("\n")
    indent = len(lines[first]) - len(lines[first].lstrip())
    rest_indent = len(lines[first + 1]) - len(lines[first + 1].lstrip()) if last > first else indent
    head = lines[first].strip()[:label].rstrip()
    kept = head.replace(" ", "\u00a0")  # textwrap breaks only at ASCII white space
    words = " ".join(line.strip() for line in lines[first : last + 1])
    words = kept + words[len(head) :]
    wrapped = textwrap.wrap(words, width=max(width - rest_indent, 10), break_long_words=False, break_on_hyphens=False)
    wrapped[0] = head + wrapped[0][len(kept) :]
    new = [" " * indent + wrapped[0]] + [" " * rest_indent + w for w in wrapped[1:]]
    return "\n".join(lines[:first] + new + lines[last + 1 :])


def rewrap_holds(text: str, width: int) -> None:
    text = lex_normalised(text)
    if any(d.is_error for d in check(parse(text))):
        return
    before = flat(text)
    for first, last, label in reversed(paragraphs(text)):
        wrapped = rewrap(text, first, last, width, label)
        if flat(wrapped) != before:
            made = set(range(first + 1, first + 2 + wrapped.count("\n") - text.count("\n") + last - first))
            assert made & lines_with_diagnostics(wrapped), (
                f"re-wrapping lines {first + 1}-{last + 1} at {width} changed the AST silently:\n"
                + "\n".join(wrapped.split("\n")[first : first + 12])
            )


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_rewrapping_the_paragraphs_of_real_files_keeps_the_ast(path):
    text = path.read_text(encoding="utf-8")
    for width in range(20, 121, 7):
        rewrap_holds(text, width)


@given(werkvormen, st.integers(20, 120))
def test_rewrapping_generated_werkvormen_keeps_the_ast(text, width):
    rewrap_holds(text, width)


@given(st.sampled_from(FILES), st.integers(20, 120))
def test_rewrapping_at_any_width_keeps_the_ast(path, width):
    rewrap_holds(path.read_text(encoding="utf-8"), width)


# --- 3. every word is kept --------------------------------------------------------------------

MARKER = re.compile(r"^(?:[-*•–]|\d{1,3}[.)]|\\)$")


def source_words(text: str) -> list[str]:
    """The author's words: comment lines and line-leading keywords and markers left out."""
    words: list[str] = []
    for line in lex_normalised(text).split("\n"):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        line_words = _without_markers(stripped.split())
        words.extend(_without_markers(_after_keyword(line_words)))
    return words


def _without_markers(words: list[str]) -> list[str]:
    while words and MARKER.match(words[0]):
        words = words[1:]
    return words


def _after_keyword(words: list[str]) -> list[str]:
    lowered = " ".join(words).lower()
    for spelling in sorted(SPELLINGS, key=len, reverse=True):
        if re.match(re.escape(spelling) + r"(?=[\s:.]|$)", lowered):
            return words[len(spelling.split()) :]
    return words


def lex_normalised(text: str) -> str:
    from werkvorm_dsl.language.folding import ODD_BREAKS, normalise

    return ODD_BREAKS.sub("\n", normalise(text))


def ast_words(text: str) -> list[str]:
    ordered = sorted(pieces(parse(text)), key=lambda piece: (piece[2].line, piece[2].column))
    return [word for label, piece, _ in ordered for word in f"{label} {piece}".split()]


def words_kept(text: str) -> None:
    if any(d.is_error for d in check(parse(text))):
        return  # export refuses a werkvorm with errors, and the error says what to fix
    kept = iter(ast_words(text))
    for word in source_words(text):
        core = word.strip(":.").removeprefix("\\")
        assert any(core in candidate for candidate in kept), f"'{word}' is missing from the AST"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_word_of_real_files_is_in_the_ast_in_order(path):
    words_kept(path.read_text(encoding="utf-8"))


@given(werkvormen)
def test_every_word_of_generated_werkvormen_is_in_the_ast_in_order(text):
    words_kept(text)


def test_the_word_check_can_fail():
    with pytest.raises(AssertionError):
        kept = iter(["WERKVORM", "Proef"])
        for word in ["Proef", "verloren"]:
            assert any(word in candidate for candidate in kept)


@pytest.mark.parametrize("title", ["WERKVORM 2030: de toekomst van werk", "WERKVORM 100 tips"])
def test_numbers_at_the_start_of_a_title_are_part_of_it(title):
    werkvorm = parse(f"{title}\nduur: 10 min\n")
    assert werkvorm.title.text == title.removeprefix("WERKVORM ")


@pytest.mark.parametrize(
    "line, title",
    [
        ("stap 1000 dingen opruimen", "1000 dingen opruimen"),
        ("stap 3 minuten stilte", "3 minuten stilte"),
        ("Stap 3. Opening", "Opening"),
        ("stap: 3. Opening", "3. Opening"),
        ("stap 3.5 minuut pauze", "3.5 minuut pauze"),
    ],
)
def test_numbers_at_the_start_of_a_step_title(line, title):
    werkvorm = parse(f"WERKVORM T\nduur: 10 min\n\nSESSIE\n{line}\n    duur: 5 min\n")
    assert werkvorm.sections[0].parts[0].title.text == title


# --- 4. confidentiality ----------------------------------------------------------------------


def test_invisible_characters_list_is_unicode_category_cf():
    import sys

    cf = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    matched = {c for c in cf if drop_invisible(f"a{c}b") == "ab"}
    assert matched == cf, sorted(hex(ord(c)) for c in cf - matched)


# --- 5. what an attack on the rules found (tests/hostile/gevonden) -----------------------------

FOUND = ROOT / "tests/hostile/gevonden"


@pytest.mark.parametrize(
    "name, line",
    [
        ("structuur-stap-in-doorlopend-voorbeeld", 9),
        ("structuur-veld-in-doorlopende-nb", 9),
        ("structuur-vragen-in-doorlopend-veld", 9),
        ("verloren-hashtag-minder-ingesprongen", 9),
    ],
)
def test_found_structure_changes_are_announced_on_their_line(name, line):
    assert line in lines_with_diagnostics((FOUND / f"{name}.werkvorm").read_text(encoding="utf-8"))


def test_a_numbered_list_indented_under_a_step_is_a_list_of_that_step():
    werkvorm = parse((FOUND / "structuur-genummerde-lijst-in-stap.werkvorm").read_text(encoding="utf-8"))
    (step,) = werkvorm.sections[0].parts
    assert [item.number for item in step.body if type(item).__name__ == "BulletItem"] == [1, 2]


def test_advice_for_a_facilitator_label_outside_a_step_does_not_send_the_author_to_a_step():
    diagnostics = check(parse((FOUND / "melding-e120-advies-buiten-stap.werkvorm").read_text(encoding="utf-8")))
    outside = [d for d in diagnostics if d.code == "E120" and d.span.line != 8]
    assert len(outside) >= 3 and all("onder de stap" not in d.hint for d in outside)


def test_a_tab_under_four_spaces_continues_the_sentence():
    werkvorm = parse((FOUND / "structuur-tab-inspringing-doorlopende-zin.werkvorm").read_text(encoding="utf-8"))
    titles = [p.title.text for s in werkvorm.sections if hasattr(s, "parts") for p in s.parts if hasattr(p, "title")]
    assert not any(t.startswith(("voor stap", "stellen")) for t in titles), titles
    assert not any(type(s).__name__ == "QuestionList" for s in werkvorm.sections)
