"""Links in authors' text: how they are written, and which addresses may become a link."""

from __future__ import annotations

import re

# [caption](address); the address may hold one level of parentheses, as Wikipedia addresses do.
LINK_PATTERN = r"\[([^\]\n]*)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)"
LINK = re.compile(LINK_PATTERN)
SAFE_SCHEMES = ("https://", "http://", "mailto:")


def usable_url(url: str) -> str | None:
    """The address a link may point to, or None. 'www.…' is read as a web address, as people
    write it; anything that is not http(s) or mailto (javascript:, file:, '#') is never a link."""
    url = url.strip()
    if url.lower().startswith("www."):
        url = "https://" + url
    return url if url.lower().startswith(SAFE_SCHEMES) else None
