"""What an editor shows of variants (issue 24): hover on VARIANT and 'bij variant' lines, and the names to complete."""

from __future__ import annotations

import re

from werkvorm_dsl.analysis.timing import compute, session_of
from werkvorm_dsl.analysis.variants import change_difference, resolve, variant_note
from werkvorm_dsl.language.nodes import Span, Variant, VariantChange, Werkvorm

# 'bij variant la' (the name being typed) and 'bij variant lang: ni' (the value being typed); the
# English spelling is 'in variant'.
NAME_TYPED = re.compile(r"^\s*(?:bij|in) variant\s+(?P<typed>[^:]*)$", re.IGNORECASE)
VALUE_TYPED = re.compile(r"^\s*(?:bij|in) variant\s+[^:]+:\s*(?P<typed>\S*)$", re.IGNORECASE)
WORDS = [
    ("niet", "valt weg in deze variant"),
    ("wel", "gebeurt zeker in deze variant (in de basis alleen als er tijd is)"),
]


def choices(werkvorm: Werkvorm | None, before: str) -> tuple[str, list[tuple[str, str]]] | None:
    """What was typed after 'bij variant' and what may stand there: a variant's name, or after the
    colon 'niet' or 'wel'. None on any other line."""
    value = VALUE_TYPED.match(before)
    if value:
        return value.group("typed"), WORDS
    name = NAME_TYPED.match(before)
    if name is None or werkvorm is None:
        return None
    return name.group("typed"), [(v.name, v.description or "een variant") for v in werkvorm.variants]


def hover(werkvorm: Werkvorm, line: int) -> tuple[str, Span] | None:
    """Markdown for a VARIANT section (its times and what differs) or a 'bij variant' line (what it
    changes, and the variant's times), at the 1-based `line`; None elsewhere."""
    for variant in werkvorm.variants:
        if variant.span.line <= line <= variant.span.end_line:
            return _variant_hover(werkvorm, variant), variant.span
    for change in werkvorm.variant_changes:
        if change.span.line <= line <= change.span.end_line:
            return _change_hover(werkvorm, change), change.span
    return None


def _variant_hover(werkvorm: Werkvorm, variant: Variant) -> str:
    differs = "; ".join(variant_note(werkvorm, variant).differences) or "niets"
    lines = [f"**Variant '{_escaped(variant.name)}'**", _times(werkvorm, variant)]
    return "  \n".join([*lines, f"Anders dan in de basis: {_escaped(differs)}."])


def _change_hover(werkvorm: Werkvorm, change: VariantChange) -> str:
    heading = f"**In de variant '{_escaped(change.name)}'**"
    said = f"{_escaped(change_difference(werkvorm, change))}."
    variant = next((v for v in werkvorm.variants if v.name == change.name), None)
    times = _times(werkvorm, variant) if variant is not None else ""  # none known: E224 names those there are
    return "  \n".join(line for line in (heading, said, times) if line)


def _times(werkvorm: Werkvorm, variant: Variant) -> str:
    """'De variant duurt 90 min' or 'kortste weg … ; langste weg …', from the variant written out."""
    resolved = resolve(werkvorm, variant.name)
    if session_of(resolved) is None:
        return ""
    timing = compute(resolved)
    if timing.longest == timing.shortest:
        return f"De variant duurt {_escaped(timing.sum_text())}."
    return f"De variant duurt kortste weg {_escaped(timing.sum_text())}; langste weg {_escaped(timing.sum_text(True))}."


# As editor_services escapes the hovers of parts (that module imports this one).
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|])")


def _escaped(text: str) -> str:
    """Author text shown as text in a Markdown hover: no emphasis, link or HTML of its own."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)
