"""No text or bytes an author can write crash the reading and the check; durations read back as written."""

from fractions import Fraction

from hypothesis import example, given
from hypothesis import strategies as st

from strategies import mutated_format
from werkvorm_dsl import check, parse
from werkvorm_dsl.language.keywords import KEYWORDS
from werkvorm_dsl.language.nodes import Duration
from werkvorm_dsl.language.source import decode
from werkvorm_dsl.language.values import ValueProblem, format_duration, parse_duration

SPELLINGS = sorted({w for kw in KEYWORDS for ws in kw.words.values() for w in ws})
WORDS = st.sampled_from(
    [
        "5 min",
        "1 uur",
        "tot",
        "keer",
        "per deelnemer",
        "Welkom",
        "3 tot 10",
        ":",
        "-",
        "1.",
        "[link](#)",
        "*nadruk*",
        "<script>",
        "\\",
        "#",
        "groepjes van 3",
        "ë",
        "\t",
        "RONDE",
    ]
)


def survives(text: str) -> None:
    """Any text gives a Werkvorm and diagnostics; every diagnostic has a real place."""
    werkvorm = parse(text, "x.werkvorm")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # as source.decode and the lexer count them
    for diagnostic in check(werkvorm):
        assert 1 <= diagnostic.span.line <= max(1, len(lines))
        assert diagnostic.message and diagnostic.code[0] in "EWI"  # error, warning, or info (I409)


@given(st.text())
def test_any_text_gives_a_werkvorm_or_diagnostics(text):
    survives(text)


line = st.builds(
    lambda indent, kw, colon, rest: f"{indent}{kw}{colon} {' '.join(rest)}",
    st.sampled_from(["", "  ", "\t"]),
    st.sampled_from(SPELLINGS).map(str.upper) | st.sampled_from(SPELLINGS),
    st.sampled_from(["", ":", "."]),
    st.lists(WORDS, max_size=5),
)


@given(st.lists(line | WORDS | st.just(""), max_size=40))
def test_keyword_soup_never_crashes(lines):
    survives("\n".join(lines))


@given(mutated_format(), st.booleans(), st.booleans(), st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_mutated_files_on_disk_never_crash(text, bom, crlf, encoding):
    """As bytes, the way Windows editors save them: with a byte-order mark, CRLF, another encoding."""
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode(encoding, errors="replace")
    if bom and encoding == "utf-8":
        data = b"\xef\xbb\xbf" + data
    source = decode(data, "x.werkvorm")
    if not any(d.is_error for d in source.problems):
        survives(source.text)


@given(mutated_format())
def test_mutated_formats_never_crash(text):
    survives(text)


@given(st.binary(max_size=300))
def test_random_bytes_are_decoded_or_refused(data):
    source = decode(data, "x.werkvorm")
    if not any(d.is_error for d in source.problems):
        survives(source.text)


# What authors can write: decimals ('7,5 min', '0,25 uur'), so every value has a finite decimal form.
minutes = st.integers(0, 60000).map(lambda hundredths: Fraction(hundredths, 100))


@given(minutes, minutes, st.booleans())
def test_format_duration_reads_back(a, b, per):
    duration = Duration(min(a, b), max(a, b), per)
    assert parse_duration(format_duration(duration)) == duration


@given(st.text(max_size=40))
@example("0.0.0 min")  # a CI find: it started like a number and crashed Fraction()
def test_duration_parser_only_raises_its_own_problem(text):
    try:
        duration = parse_duration(text)
    except ValueProblem as problem:
        assert str(problem)
    else:
        assert 0 <= duration.low <= duration.high
