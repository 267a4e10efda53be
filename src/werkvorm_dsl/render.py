"""Rendering: one Jinja2 environment, authors' inline Markdown made safe, and the template helpers."""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from .links import LINK, usable_url
from .nodes import (Attachment, BulletItem, Example, FacilitatorOnly, Link, Note, Paragraph, QuestionsRef, Round,
                    Step, Teaser)
from .values import format_minutes

DUTCH_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                "oktober", "november", "december")


def is_safe_url(url: str) -> bool:
    return usable_url(url) == url


def link_target(url: str) -> str:
    """Where a link goes, or "" when it may not be a link (the template then shows just words)."""
    return usable_url(url) or ""


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """Inline Markdown only: emphasis, links, escapes and code. Raw HTML stays text, images are off."""
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "link", "escape", "backticks", "newline", "entity"])
    md.validateLink = is_safe_url
    return md


def _without_dead_links(text: str) -> str:
    """A link with no usable address shows just its words; `werkvorm check` already warned (W301/W302)."""
    def keep(match):
        target = usable_url(match.group(2))
        return f"[{match.group(1)}]({target})" if target else match.group(1)

    return LINK.sub(keep, text)


def inline(text: str) -> Markup:
    """The author's inline Markdown as HTML; markdown-it escapes everything else."""
    return Markup(_markdown().renderInline(_without_dead_links(text)).strip())


def plain(text: str) -> str:
    """The author's text without Markdown markers, for plain text outputs and card titles."""
    text = _without_dead_links(text)
    text = LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)
    return re.sub(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1", r"\2", text).replace("\n", " ")


def markdown_safe(text: str) -> str:
    """Author text for Markdown output: kept as Markdown, but raw HTML cannot get through."""
    text = _without_dead_links(text).replace("\n", " ")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def minutes(value: Fraction) -> str:
    return format_minutes(value)


def dutch_date(value) -> str:
    return f"{value.day} {DUTCH_MONTHS[value.month - 1]} {value.year}"


def qr_svg(url: str) -> Markup:
    """A QR code as inline SVG. Always a full QR code: many phones cannot read Micro QR."""
    import segno

    code = segno.make_qr(url, error="m")
    # The title is the QR code's text alternative, in HTML and in the tagged PDF alike.
    svg = code.svg_inline(scale=3, border=4, dark="#1a1a1a", omitsize=True, title=f"QR-code voor {url}")
    return Markup(svg)  # segno builds the SVG from the code's modules; the URL text never enters it


def kind(node) -> str:
    """The node's kind as the templates name it."""
    return KINDS.get(type(node), "tekst")


KINDS = {Paragraph: "alinea", BulletItem: "punt", Example: "voorbeeld", Teaser: "teaser", Note: "nb",
         FacilitatorOnly: "begeleider", Attachment: "bijlage", Link: "link", QuestionsRef: "vragen",
         Step: "stap", Round: "ronde"}


@lru_cache(maxsize=1)
def environment() -> Environment:
    # One environment for every output. HTML and SVG templates escape everything; Markdown and
    # plain text templates pass author text through the `md` and `plain` filters instead.
    env = Environment(
        loader=PackageLoader("werkvorm_dsl", "templates"),
        autoescape=lambda name: bool(name) and name.endswith((".html", ".svg")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(inline=inline, plain=plain, md=markdown_safe, minutes=minutes, qr=qr_svg,
                       dutch_date=dutch_date, link_target=link_target)
    env.tests.update(kind=lambda node, name: kind(node) == name)
    from .backends.common import grouped, is_round

    env.globals.update(kind=kind, escape=escape, grouped=grouped, is_round=is_round)
    return env


def source_date() -> str | None:
    """SOURCE_DATE_EPOCH as an ISO date for the document's metadata; no date when it is not set."""
    import os
    from datetime import datetime, timezone

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def render(template: str, **context) -> str:
    context.setdefault("created", source_date())
    context.setdefault("large", False)
    return environment().get_template(template).render(**context)
