"""Links and inline Markdown: one link rule in every output, check agreeing with the renderer, linear time."""

import re
import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_inline.link import link as markdown_it_link

from conftest import ROOT, time_limit
from strategies import quick_share
from werkvorm_dsl import check, parse
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.language.links import inline_links, usable_url
from werkvorm_dsl.output.render import inline, markdown_safe, plain
from werkvorm_dsl.output.typography import dutch, fold

SAFE = ("https://", "http://", "mailto:")
# Pieces that make links, near-links, code spans, escapes and character references when strung together.
PIECES = [
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "\\",
    "`",
    "``",
    " ",
    "\n",
    "\t",
    "a",
    "é",
    "x:",
    "https://",
    "www.",
    "javascript:",
    "JaVaScRiPt:",
    "data:",
    "file:",
    '"',
    "'",
    "&colon;",
    "&#58;",
    "&#x6A;",
    "&amp;",
    "*",
    "**",
    "_",
    "](",
    "[a](",
    "]:",
    "#",
    "- ",
    "1. ",
    "<b>",
    "!",
    "|",
    "~~",
    "&#0;",
    "\\(",
    "\\ ",
    "(t)",
    "\x00",
]
INLINE_TEXT = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def _markdown_it_links(text: str) -> list[tuple[int, bool]]:
    """(offset of '[', usable) for each link markdown-it makes, as the renderer's parser reads text."""
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "link", "escape", "backticks", "newline", "entity"])
    md.validateLink = lambda url: True

    def recording(state, silent):
        start, before = state.pos, len(state.tokens)
        made = markdown_it_link(state, silent)
        if made and not silent:
            opened = next(t for t in state.tokens[before:] if t.type == "link_open")
            state.env.setdefault("links", []).append((start, usable_url(opened.attrGet("href")) is not None))
        return made

    md.inline.ruler.at("link", recording)
    env: dict = {}
    md.parseInline(text, env)
    return env.get("links", [])


@settings(max_examples=quick_share(400), deadline=None)
@given(INLINE_TEXT)
def test_check_finds_exactly_the_links_the_renderer_makes(text):
    ours = [(link.offset, usable_url(link.target) is not None) for link in inline_links(text)]
    assert ours == _markdown_it_links(text)


def _commonmark() -> MarkdownIt:
    """A full CommonMark reader with raw HTML on, as a Markdown viewer would read our .md files."""
    return MarkdownIt("commonmark")


def _all_tokens(tokens):
    for token in tokens:
        yield token
        yield from _all_tokens(token.children or [])


@settings(max_examples=quick_share(300), deadline=None)
@given(INLINE_TEXT)
def test_markdown_output_has_only_usable_links_and_no_html_or_blocks(text):
    for line in (markdown_safe(text), "- " + markdown_safe(text), "Tekst\n" + markdown_safe(text)):
        tokens = list(_all_tokens(_commonmark().parse(line + "\n\n[a]\n")))
        for token in tokens:
            assert token.type not in ("html_inline", "html_block", "image"), (text, line)
            if token.type == "link_open":
                assert token.attrGet("href").startswith(SAFE), (text, line)
        kinds = {t.type for t in tokens}
        assert not kinds & {"heading_open", "blockquote_open", "code_block", "fence", "hr", "ordered_list_open"}
    assert "\n" not in markdown_safe(text)


@settings(max_examples=quick_share(300), deadline=None)
@given(INLINE_TEXT)
@example("**[*a**")  # a leftover '*' beside emphasis, once escaped, split its run
def test_markdown_output_reads_back_as_the_html_output(text):
    def flat(html):  # the Markdown output puts each text on one line, as the templates need
        return " ".join(re.sub(r"<br ?/?>", " ", str(html)).split())

    assert flat(inline(markdown_safe(text))) == flat(inline(text))


@settings(max_examples=quick_share(300), deadline=None)
@given(INLINE_TEXT)
def test_html_and_plain_text_have_only_usable_links(text):
    assert all(h.startswith(SAFE) for h in re.findall(r'href="([^"]*)"', str(inline(text))))
    assert set(re.findall(r"<(/?[a-z]+)", str(inline(text)))) <= {
        "em",
        "/em",
        "strong",
        "/strong",
        "code",
        "/code",
        "a",
        "/a",
        "br",
    }


ORDINARY = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéëï ABCXYZ0123456789.,;:?!'\"()/%€@"), max_size=80)


@settings(max_examples=quick_share(300), deadline=None)
@given(ORDINARY)
def test_ordinary_text_comes_out_as_written(text):
    """As written, in Dutch typography: exactly the typeset words (typography.dutch changes only
    quotes and dashes; tests/output/test_typography.py holds that), in plain text, HTML and Markdown."""
    words = " ".join(text.split())
    typeset = dutch(words)
    assert fold(typeset) == fold(words)
    assert plain(words) == typeset
    assert str(inline(words)) == typeset.replace('"', "&quot;")
    if not re.match(r"\d{1,9}[.)](\s|$)", words):
        assert markdown_safe(words) == typeset


@pytest.mark.parametrize(
    "text, address",
    [
        ("[dit]( javascript:alert(1))", "javascript:alert(1)"),
        ('[dat](javascript:alert(2) "titel")', "javascript:alert(2)"),
        ("[x]: javascript:alert(3)", "javascript:alert(3)"),
        ("[x]:\n  <JaVaScRiPt:alert(4)>", "JaVaScRiPt:alert(4)"),
        ("[a](javascript&colon;alert(5))", "javascript&colon;alert(5)"),
        ("[a](&#106;avascript:alert(6))", "&#106;avascript:alert(6)"),
        ("[a](<data:text/html,x>)", "data:text/html,x"),
        ("[a](vbscript:msgbox)", "vbscript:msgbox"),
        ("[a](file:///etc/passwd)", "file:///etc/passwd"),
        ("<javascript:alert(7)>", "javascript:alert(7)"),
    ],
)
def test_every_unusable_link_is_w302_at_its_place_and_never_a_link(text, address):
    source = f"WERKVORM Links\nduur: 10 min\n\nSESSIE\nstap Lees dit\n    duur: 5 min\n    {text}\n"
    found = [d for d in check(parse(source, "l.werkvorm")) if d.code == "W302"]
    assert len(found) == 1, found
    assert address[:60] in found[0].message
    assert (found[0].span.line, found[0].span.column) == (7, 5)
    for rendered in (str(inline(text)), markdown_safe(text), plain(text)):
        assert "href" not in rendered and "](" not in rendered.replace("\\](", "")
    assert not [t for t in _all_tokens(_commonmark().parse(markdown_safe(text) + "\n\n[x]\n")) if t.type == "link_open"]


def test_usable_links_stay_links_in_every_output():
    text = '[goed](https://example.org/pad_(uitleg) "Uit\\"leg") en [www](www.example.org) en [m](mailto:a@b.nl)'
    assert re.findall(r'href="([^"]*)"', str(inline(text))) == [
        "https://example.org/pad_(uitleg)",
        "https://www.example.org",
        "mailto:a@b.nl",
    ]
    hrefs = [t.attrGet("href") for t in _all_tokens(_commonmark().parse(markdown_safe(text))) if t.type == "link_open"]
    assert hrefs == ["https://example.org/pad_(uitleg)", "https://www.example.org", "mailto:a@b.nl"]
    assert plain(text) == (
        "goed (https://example.org/pad_(uitleg)) en www (https://www.example.org) en m (mailto:a@b.nl)"
    )


@pytest.mark.pdf
def test_hostile_markdown_links_leave_no_live_link_in_any_output(tmp_path):
    from pypdf import PdfReader

    source = ROOT / "tests/hostile/markdown-links.werkvorm"
    assert main(["build", "--to", str(tmp_path), str(source)]) == 0
    folder = tmp_path / "markdown-links"
    for output in folder.glob("*.md"):
        tokens = list(_all_tokens(_commonmark().parse(output.read_text(encoding="utf-8"))))
        hrefs = [t.attrGet("href") for t in tokens if t.type == "link_open"]
        assert all(h.startswith(SAFE) for h in hrefs), (output.name, hrefs)
        if output.name == "draaiboek.md":
            assert hrefs == ["https://example.org/pad_(uitleg)", "mailto:hr@example.org"]
        assert not [t for t in tokens if t.type in ("html_inline", "html_block")], output.name
    for output in folder.glob("*.html"):
        assert all(h.startswith(SAFE) for h in re.findall(r'href="([^"]*)"', output.read_text(encoding="utf-8")))
    for output in folder.glob("*.pdf"):
        uris = [a.get_object()["/A"]["/URI"] for p in PdfReader(output).pages for a in p.get("/Annots", [])]
        assert all(str(uri).startswith(SAFE) for uri in uris), (output.name, uris)
    diagnostics = [d.code for d in check(parse(source.read_text(encoding="utf-8"), str(source)))]
    assert diagnostics.count("W302") == 14


def at_most(seconds: int):
    """Fails a test that runs longer; quadratic code took 10 to 60 times this on the same input."""
    return time_limit(seconds, ": not linear")


HEAD = "WERKVORM Grens\nduur: 30 min\n\nSESSIE\nstap Lang\n    duur: 5 min\n    "


@pytest.mark.slow
@pytest.mark.parametrize(
    "unit, count",
    [("[", 64_000), ("*_[``", 8_000), ("[a](", 20_000), ("](", 30_000), ("[x](a(b)", 10_000), ("[]:\n    ", 10_000)],
)
def test_hostile_inline_markup_is_checked_and_rendered_in_linear_time(unit, count):
    text = HEAD + unit * count + "\n"
    with at_most(15):
        werkvorm = parse(text, "grens.werkvorm")
        check(werkvorm)
        body = werkvorm.section("sessie").steps()[0].body
        for block in body:
            inline(block.text), plain(block.text), markdown_safe(block.text)


@pytest.mark.slow
def test_grouping_a_long_list_is_linear():
    from werkvorm_dsl.language.nodes import BulletItem, Span
    from werkvorm_dsl.output.documents.common import grouped

    items = [BulletItem(f"punt {i}", Span(i + 1, 1, i + 1, 2)) for i in range(80_000)]
    start = time.perf_counter()
    with at_most(5):
        groups = grouped(items)
    assert len(groups) == 1 and groups[0].items == tuple(items), time.perf_counter() - start


def test_an_address_too_long_for_a_qr_code_is_w303_and_builds_without_one(tmp_path):
    from werkvorm_dsl.app.serve import preview

    source = ROOT / "tests/hostile/qr-te-lang.werkvorm"
    diagnostics = check(parse(source.read_text(encoding="utf-8"), str(source)))
    assert [(d.code, d.span.line) for d in diagnostics] == [("I704", 1), ("I703", 5), ("W303", 7)]
    assert main(["build", "--to", str(tmp_path), "--formaten", "html,md", str(source)]) == 0
    html = (tmp_path / "qr-te-lang" / "draaiboek.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 1 + html.count('class="timeline') and "te lang voor een QR-code" in html
    assert html.count('href="https://example.org/aaaa') == 1
    shown = preview(str(source))  # serve's page: no error 500 from segno
    assert "W303" in shown.report and "te lang voor een QR-code" in shown.pages["draaiboek"]


def test_a_question_list_is_printed_in_full_at_most_three_times(tmp_path):
    steps = "".join(f"stap Stap {i}\n    duur: 1 min\n    vragen: lijst\n" for i in range(6))
    source = tmp_path / "herhaald.werkvorm"
    source.write_text(
        f"WERKVORM Herhaald\nduur: 30 min\n\nSESSIE\n{steps}    vragen: Lijst\n\n"
        "VRAGEN lijst: De lijst\n- Wat zie je?\n",
        encoding="utf-8",
    )
    diagnostics = [(d.code, d.span.line) for d in check(parse(source.read_text(encoding="utf-8"), str(source)))]
    assert diagnostics == [("I704", 1), ("I703", 5), ("W216", 16), ("W215", 23)]
    assert (
        main(["build", "--to", str(tmp_path / "uit"), "--only", "draaiboek", "--formaten", "html,md", str(source)]) == 0
    )
    for suffix, full in (("html", '<section class="questions">'), ("md", "**De lijst**")):
        text = (tmp_path / "uit" / "herhaald" / f"draaiboek.{suffix}").read_text(encoding="utf-8")
        assert text.count(full) == 3 and text.count("(zie stap 1)") == 3, suffix
        assert text.count("Wat zie je?") == 3
