"""Rendering: one Jinja2 environment, authors' inline Markdown made safe, and the template helpers."""

from __future__ import annotations

import os
import re
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date
from fractions import Fraction
from functools import lru_cache
from typing import Any, NoReturn, assert_never, cast

from jinja2 import Environment, PackageLoader, StrictUndefined
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markupsafe import Markup, escape

from werkvorm_dsl.analysis.choices import way_title
from werkvorm_dsl.language.links import fits_in_qr, usable_url
from werkvorm_dsl.language.nodes import (
    Attachment,
    Block,
    BulletItem,
    Choice,
    Example,
    FacilitatorOnly,
    Groups,
    Link,
    Materials,
    Note,
    Paragraph,
    Part,
    Pause,
    QuestionsRef,
    Round,
    Step,
    Teaser,
    TimeBox,
)
from werkvorm_dsl.language.values import format_minutes
from werkvorm_dsl.output.typography import dutch

ASSETS = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "assets")


@dataclass(frozen=True)
class FontFace:
    """One packaged font file and the weight and style it is."""

    file: str  # in assets/fonts/, and in the fonts/ folder beside every HTML output
    weight: int
    style: str


FONT_FACES = (
    FontFace("Lato-Regular.ttf", 400, "normal"),
    FontFace("Lato-Italic.ttf", 400, "italic"),
    FontFace("Lato-Bold.ttf", 700, "normal"),
    FontFace("Lato-BoldItalic.ttf", 700, "italic"),
)
# The licence travels with the fonts (the SIL Open Font License asks for that).
HTML_ASSET_FILES = tuple(face.file for face in FONT_FACES) + ("OFL.txt",)


def html_asset(name: str) -> bytes | None:
    """A file an HTML output loads from its fonts/ folder, by name; None for any other name."""
    if name not in HTML_ASSET_FILES:
        return None
    with open(os.path.join(ASSETS, "fonts", name), "rb") as handle:
        return handle.read()


DUTCH_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


class _EveryLink(MarkdownIt):
    """Every link is parsed, whatever its address; `_tokens` then decides which may stay a link, so
    that a refused link keeps its words instead of showing its Markdown."""

    def validateLink(self, url: str) -> bool:
        return True


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """Inline Markdown only: emphasis, links, escapes and code. Raw HTML stays text, images are off."""
    md = _EveryLink("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "link", "escape", "backticks", "newline", "entity"])
    return md


@lru_cache(maxsize=1)
def _markdown_keeping_references() -> MarkdownIt:
    """The same reader, but escapes and character references stay tokens of their own, as written:
    Markdown output gives them back unchanged, so emphasis next to them reads the same."""
    md = _EveryLink("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "link", "escape", "backticks", "newline", "entity"])
    md.core.ruler.disable("text_join")
    return md


def _tokens(text: str, md: MarkdownIt | None = None) -> list[Token]:
    """The author's inline Markdown as markdown-it tokens, without the links that may not be links
    (`werkvorm check` warned about them: W301, W302). markdown-it parses in linear time."""
    # CommonMark replaces U+0000 with U+FFFD for safety; parseInline skips that normalisation,
    # so do it here, or a NUL would read one way in HTML and another in the Markdown written back.
    children = (md or _markdown()).parseInline(text.replace("\x00", "\ufffd"))[0].children or []
    kept: list[Token] = []
    refused = unfinished = False  # links never nest, so one flag each is enough
    for token in children:
        if token.type == "link_open":
            written = str(token.attrGet("href") or "")
            target = link_target(written)
            refused, unfinished = not target, written.strip() in ("", "#")
            if refused:
                continue
            token.attrSet("href", target)
        elif token.type == "link_close" and refused:
            if unfinished:  # '[hier](#)': the words stay, and so does the sign that the address is missing
                kept.append(_text_token(f" {MISSING_ADDRESS}"))
            refused = False
            continue
        kept.append(token)
    if TYPESET.get():
        _typeset(kept)
    return kept


MISSING_ADDRESS = "[invullen: adres van de link]"  # as the invitation marks what is still to fill in


def _text_token(content: str) -> Token:
    return Token("text", "", 0, content=content)


# Whether the filters set the author's text in Dutch typography. On for every document a person
# reads; render(..., typography=False) for text that becomes data (the .ics description).
TYPESET: ContextVar[bool] = ContextVar("typeset", default=True)


def _typeset(tokens: list[Token]) -> None:
    """Dutch typography in the text tokens, in place. It is decided on each run of text between
    emphasis, code, links and line breaks as a whole, escapes and character references included,
    so the HTML and the Markdown written back (whose tokens split a run differently) read the
    same. Typesetting keeps the length, so each text token takes back its own slice; escapes
    and references keep the character the author chose. Code spans are never touched."""
    before = ""  # the last character printed, so a quote after emphasis closes
    line_end = ""  # the last character before a line break, while the break is the last token
    run: list[Token] = []

    def finish_run() -> str:
        """Typesets the run; gives back its last character, as printed."""
        joined = "".join(token.content for token in run)
        if line_end.strip() and LINE_START_DASH.match(joined):
            # 'woord\n- woord' reads 'woord - woord' once the Markdown output joins the lines:
            # a dash either way, so the HTML and the Markdown read the same.
            joined = "\u2013" + joined[1:]
        typeset, at = dutch(joined, before), 0
        for token in run:
            if token.type == "text":
                token.content = typeset[at : at + len(token.content)]
            at += len(token.content)
        last = run[-1].content[-1:] or before
        run.clear()
        return last

    for token in tokens:
        if token.type in ("text", "text_special"):
            run.append(token)
            continue
        if run:
            before = finish_run()
        line_end = before if token.type in ("softbreak", "hardbreak") else ""
        if token.type == "code_inline" and token.content:
            before = token.content[-1]
        elif token.type in ("softbreak", "hardbreak"):
            before = " "
    if run:
        finish_run()


LINE_START_DASH = re.compile(r"[-\u2014] (?=\S)")


def link_target(url: str) -> str:
    """Where a link goes, or "" when it may not be a link (the template then shows just words)."""
    return usable_url(url) or ""


# A line in a field's text that starts with a list marker keeps its own line on paper: the
# facilitator's "Let hierop:" with "- stille deelnemers" under it is a list, not one sentence.
LIST_LINE = re.compile(r"[ \t]*(?:[-*•–]|\d{1,3}[.)])[ \t]+\S")


def inline(text: str) -> Markup:
    """The author's inline Markdown as HTML; markdown-it escapes everything else."""
    return _as_html(_tokens(text))


def _as_html(tokens: list[Token]) -> Markup:
    md = _markdown()
    for index, token in enumerate(tokens[:-1]):
        following = tokens[index + 1]
        if token.type == "softbreak" and following.type == "text" and LIST_LINE.match(following.content):
            token.type, token.tag = "hardbreak", "br"
    renderer = cast(RendererHTML, md.renderer)  # MarkdownIt's default renderer; its type names only the protocol
    return Markup(renderer.renderInline(tokens, md.options, {}).strip())


# Where a sentence ends: '.', '!', '?' or '…' (a closing quote or bracket may follow), then a
# space and a capital or an opening quote. 'ca. 3' and 'bijv. een' are no sentence ends.
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'’”)]*\s+(?=[A-ZÀ-Ý‘“\"'(])")


def sentences(text: str) -> Markup:
    """The author's inline Markdown as HTML, each sentence in its own <span class="sentence">, so
    large-print cards can keep a sentence whole. A sentence is only ended outside emphasis and
    links: those never split."""
    groups: list[list[Token]] = [[]]
    depth = 0
    for token in _tokens(text):
        depth += token.nesting
        if token.type != "text" or depth:
            groups[-1].append(token)
            continue
        last = 0
        for end in SENTENCE_END.finditer(token.content):
            groups[-1].append(_text_token(token.content[last : end.start()] + end.group().rstrip()))
            groups.append([])
            last = end.end()
        groups[-1].append(_text_token(token.content[last:]))
    spans = [_as_html(group) for group in groups if group]
    return Markup(" ").join(Markup('<span class="sentence">{}</span>').format(span) for span in spans if span)


def quoted(text: str) -> str:
    """Text between the template's own quote marks: Dutch curly ones in a document, the straight
    ones a keyboard types where the author's quotes stay as typed (the .ics), so the two never mix."""
    return f"“{text}”" if TYPESET.get() else f'"{text}"'


def full_stop(text: str) -> str:
    """The full stop after a sentence that ends with `text`, unless the text ends one itself:
    'de bijeenkomst “Wat roept dit op?”' takes none."""
    return "" if ENDS_A_SENTENCE.search(text) else "."


ENDS_A_SENTENCE = re.compile(r"[.?!…][\"'”’»)*_]*\s*$")


def plain(text: str) -> str:
    """The author's text without Markdown markers, for plain text outputs and card titles."""
    parts: list[str] = []
    target = ""
    for token in _tokens(text):
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "link_open":
            target = _markdown().normalizeLinkText(str(token.attrGet("href") or ""))
        elif token.type == "link_close":
            parts.append(f" ({target})")
    return "".join(parts)


EMPHASIS = {"em_open", "em_close", "strong_open", "strong_close"}


def _text_beside_emphasis(tokens: list[Token], index: int) -> str | None:
    """A text token next to emphasis, with the '*' or '_' that markdown-it left over from the
    delimiter run ('**[*a**' gives a literal '*' and an <em>) written unescaped: so it joins its
    run again and the run reads as it did. Escaped, it would split the run and change which
    emphasis opens where. None for other tokens."""
    token = tokens[index]
    if token.type != "text" or not token.content:
        return None
    before = tokens[index - 1].markup[:1] if index and tokens[index - 1].type in EMPHASIS else ""
    after = tokens[index + 1].markup[:1] if index + 1 < len(tokens) and tokens[index + 1].type in EMPHASIS else ""
    content, head, tail = token.content, "", ""
    if before and content.startswith(before):
        head = content[: len(content) - len(content.lstrip(before))]
        content = content[len(head) :]
    if after and content.endswith(after):
        tail = content[len(content.rstrip(after)) :]
        content = content[: len(content) - len(tail)]
    if not head and not tail:
        return None
    return head + _escape(content) + tail


def markdown_safe(text: str) -> str:
    """Author text for Markdown output, on one line: the same emphasis, code and links as in HTML,
    and everything else escaped, so that no Markdown reader finds raw HTML, another link or a
    block in it. (The line breaks of a list in a field's text stay in HTML and PDF only.)"""
    parts: list[str] = []
    link: Token | None = None
    tokens = _tokens(text, _markdown_keeping_references())
    for index, token in enumerate(tokens):
        beside = _text_beside_emphasis(tokens, index)
        if beside is not None:
            parts.append(beside)
        elif token.type == "link_open":
            link = token
            parts.append("[")
        elif token.type == "link_close" and link is not None:
            parts.append(f"](<{link.attrGet('href')}>{_link_title(link)})")
        else:
            written = _as_markdown(token)
            if written.startswith("(") and parts and parts[-1].endswith("]"):
                written = "\\" + written  # an escaped ']' just before: still not the look of a link
            parts.append(written)
    return _escape_block_start("".join(parts).strip())


# Characters that start inline Markdown, HTML or a character reference ('(' after ']' too, so the
# text never even looks like a link to a reader or a grep). '_' only where it could
# mean emphasis: between two letters or digits it never does, and 'snake_case' stays readable.
# '<' and '&' become character references: every Markdown dialect reads those, while some older
# ones would take '\<' as a backslash followed by raw HTML. '&' only where it could start a
# reference ('&amp;', '&#58;'): 'A&O fonds' stays as written, no '&amp;' in the Markdown.
MARKDOWN_SPECIAL = re.compile(r"[\\`*\[\]<~]|(?<=\])\(|&(?=#|[A-Za-z][A-Za-z0-9]*;)|(?<![^\W_])_|_(?![^\W_])")
AS_REFERENCE = {"<": "&lt;", "&": "&amp;"}
# What a Markdown reader takes as a block when it starts a line: heading, quote, list, rule.
BLOCK_START = re.compile(r"^(?:([#>]|[-+=](?=[\s=+-]|$))|(\d{1,9})([.)])(?=\s|$))")


def _escape(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(lambda m: AS_REFERENCE.get(m.group()) or "\\" + m.group(), text)


def _escape_block_start(text: str) -> str:
    return BLOCK_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text, 1)


def _as_markdown(token: Token) -> str:
    if token.type in ("em_open", "em_close", "strong_open", "strong_close"):
        return token.markup
    if token.type == "code_inline":
        return _code_span(token.content)
    if token.type in ("softbreak", "hardbreak"):
        return " "
    if token.type == "text_special":  # '\*' or '&colon;' as the author wrote it; '\<' as '&lt;'
        return AS_REFERENCE.get(token.content, token.markup) if token.info == "escape" else token.markup
    return _escape(token.content)


def _link_title(link: Token) -> str:
    title = link.attrGet("title")
    if not title:
        return ""
    title = _escape(" ".join(str(title).split("\n"))).replace('"', '\\"')
    return f' "{title}"'


def _code_span(content: str) -> str:
    """A code span that reads back as exactly `content`: a fence longer than any backtick run inside,
    and a space of padding where CommonMark would otherwise strip one or merge backticks."""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    padded = (
        content[:1] == "`"
        or content[-1:] == "`"
        or (content[:1] == " " and content[-1:] == " " and content.strip() != "")
    )
    pad = " " if padded else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def markdown_url(url: str) -> str:
    """An address for a Markdown link between '<' and '>': percent-encoded, as markdown-it does it."""
    return _markdown().normalizeLink(url)


def minutes(value: Fraction) -> str:
    return format_minutes(value)


def dutch_date(value: date) -> str:
    return f"{value.day} {DUTCH_MONTHS[value.month - 1]} {value.year}"


def qr_svg(url: str) -> Markup:
    """A QR code as inline SVG. Always a full QR code: many phones cannot read Micro QR. An address
    too long for any QR code gets none (`werkvorm check` warned: W303); templates say so beside it."""
    if not fits_in_qr(url):
        return Markup("")
    import segno

    code = segno.make_qr(url, error="m")
    # The title is the QR code's text alternative, in HTML and in the tagged PDF alike.
    svg = code.svg_inline(scale=3, border=4, dark="#1a1a1a", omitsize=True, title=f"QR-code voor {url}")
    return Markup(svg)  # segno builds the SVG from the code's modules; the URL text never enters it


def kind(node: Block | QuestionsRef) -> str:
    """A block's kind as the templates name it; a kind without a name fails here, loudly."""
    match node:
        case Paragraph():
            return "alinea"
        case BulletItem():
            return "punt"
        case Example():
            return "voorbeeld"
        case Teaser():
            return "teaser"
        case Note():
            return "nb"
        case FacilitatorOnly():
            return "begeleider"
        case Attachment():
            return "bijlage"
        case Link():
            return "link"
        case Materials():
            return "materiaal"
        case QuestionsRef():
            return "vragen"
        case _:
            assert_never(node)


def part_kind(part: Part) -> str:
    """A session part's kind as the templates name it."""
    match part:
        case Step():
            return "stap"
        case Pause():
            return "pauze"
        case Round():
            return "ronde"
        case Groups():
            return "groepjes"
        case TimeBox():
            return "blok"
        case Choice():
            return "keuze"
        case _:
            assert_never(part)


def unknown(node: object) -> NoReturn:
    """A template's last branch: a kind of node it has no branch for is a bug, not something to skip."""
    raise TypeError(f"no template branch for {type(node).__name__}")


@lru_cache(maxsize=1)
def environment() -> Environment:
    # One environment for every output. HTML and SVG templates escape everything; Markdown and
    # plain text templates pass author text through the `md` and `plain` filters instead.
    env = Environment(
        loader=PackageLoader("werkvorm_dsl.output", "templates"),
        autoescape=lambda name: name is not None and name.endswith((".html", ".svg")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        inline=inline,
        sentences=sentences,
        plain=plain,
        md=markdown_safe,
        minutes=minutes,
        qr=qr_svg,
        dutch=dutch,
        dutch_date=dutch_date,
        link_target=link_target,
        md_url=markdown_url,
        quoted=quoted,
        full_stop=full_stop,
    )
    env.tests.update(fits_in_qr=fits_in_qr)
    env.tests.update(kind=lambda node, name: kind(node) == name)
    from werkvorm_dsl.output.blocks import grouped

    env.globals.update(
        kind=kind,
        part_kind=part_kind,
        way_title=way_title,
        unknown=unknown,
        escape=escape,
        grouped=grouped,
        font_faces=FONT_FACES,
    )
    return env


def source_date() -> str | None:
    """SOURCE_DATE_EPOCH as an ISO date for the document's metadata; no date when it is not set."""
    import os
    from datetime import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


BLANK_RUN = re.compile(r"\n(?:[ \t]*\n){2,}")


def render(template: str, typography: bool = True, **context: Any) -> str:
    """A template rendered; `typography=False` keeps the author's quotes and dashes as typed, for
    text that goes on into a data format (an .ics description)."""
    context.setdefault("created", source_date())
    context.setdefault("large", False)
    context.setdefault("concept", "")
    if "palette" not in context:  # every template draws with the house style's colours, or the default ones
        from werkvorm_dsl.output.palette import palette_for

        context["palette"] = palette_for(context.get("huisstijl"))
    token = TYPESET.set(typography)
    try:
        text = environment().get_template(template).render(**context)
    finally:
        TYPESET.reset(token)
    if template.endswith((".md", ".txt")):
        # Nested blocks and parts left out leave empty lines behind; one blank line is enough.
        text = BLANK_RUN.sub("\n\n", text)
    return text
