"""Links in authors' text: how they are written, and which addresses may become a link."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from werkvorm_dsl.system.records import record

# [caption](address) as a whole 'link:' line; the address may hold one level of parentheses.
LINK_PATTERN = r"\[([^\]\n]*)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)"
SAFE_SCHEMES = ("https://", "http://", "mailto:")
# A QR code (version 40, error correction M) holds at most this many bytes; segno refuses more.
QR_MAX_BYTES = 2331


def usable_url(url: str) -> str | None:
    """The address a link may point to, or None. 'www.…' is read as a web address, as people
    write it; anything that is not http(s) or mailto (javascript:, file:, '#') is never a link."""
    url = url.strip()
    if url.lower().startswith("www."):
        url = "https://" + url
    return url if url.lower().startswith(SAFE_SCHEMES) else None


def fits_in_qr(url: str) -> bool:
    """Whether a QR code can hold this address. UTF-8 bytes are an upper bound on what segno needs."""
    return len(url.encode("utf-8", "surrogatepass")) <= QR_MAX_BYTES


@record
class WrittenLink:
    """A link as an author wrote it in running text: where its '[' stands, its words and its address."""

    offset: int
    caption: str
    address: str  # as written, for messages
    target: str  # as a Markdown reader takes it: escapes and character references decoded


# The scanner below finds the links markdown-it makes of inline text (CommonMark's rules for code
# spans, escapes, brackets, addresses and titles) without importing markdown-it, so `werkvorm check`
# stays light. It is linear: no regular expression backtracks, and each position is looked at a
# bounded number of times. tests/language/test_links.py holds it to markdown-it on generated text.
ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
INLINE_SPECIAL = re.compile(r"[\\`\[\]]")
RAW_ADDRESS_SPECIAL = re.compile(r"[\x01-\x20\x7f\\()]")  # markdown-it reads NUL as U+FFFD
POINTY_ADDRESS_SPECIAL = re.compile(r"[\r\n<>\\]")
MAX_PAREN_DEPTH = 32  # markdown-it's limit for parentheses inside an address


def inline_links(text: str) -> Iterator[WrittenLink]:
    """Every [words](address) link in a text, in order, as markdown-it reads it."""
    if "](" not in text:
        return
    code_spans, addresses = _CodeSpans(text), _Addresses(text)
    openers: list[int] = []
    position = 0
    while (found := INLINE_SPECIAL.search(text, position)) is not None:
        position, char = found.start(), found.group()
        if char == "\\":
            position += 2 if text[position + 1 : position + 2] in ASCII_PUNCTUATION else 1
        elif char == "`":
            position = code_spans.skip(position)
        elif char == "[":
            openers.append(position)
            position += 1
        elif openers and (link := _after_label(text, position + 1, addresses)) is not None:
            opener = openers.pop()
            address, end = link
            yield WrittenLink(opener, text[opener + 1 : position], address, _decoded(address))
            openers.clear()  # no link inside a link: an earlier '[' can no longer start one
            position = end
        else:
            if openers:
                openers.pop()
            position += 1


# <scheme:…> as CommonMark writes an autolink. Each match stops at the next '<', so this is linear.
AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\x00-\x20<>]*)>")


def autolinks(text: str) -> Iterator[WrittenLink]:
    """Addresses between angle brackets. They stay text in every output; an author may think otherwise."""
    for found in AUTOLINK.finditer(text):
        yield WrittenLink(found.start(), "", found.group(1), found.group(1))


REFERENCE_START = re.compile(r"^ {0,3}\[", re.MULTILINE)


def reference_definitions(text: str) -> Iterator[WrittenLink]:
    """Lines written as Markdown reference definitions, '[naam]: adres', with their address."""
    if "]:" not in text:
        return
    addresses = _Addresses(text)
    for start in REFERENCE_START.finditer(text):
        label_end = _reference_label_end(text, start.end())
        if label_end is None or text[label_end + 1 : label_end + 2] != ":":
            continue
        found = addresses.parse(_skip_spaces(text, label_end + 2))
        if found is not None:
            address = found[0]
            yield WrittenLink(start.end() - 1, text[start.end() : label_end], address, _decoded(address))


def _reference_label_end(text: str, position: int) -> int | None:
    """Where the ']' of a reference label stands: within 999 characters, no unescaped '['."""
    limit = min(len(text), position + 1000)
    while position < limit:
        char = text[position]
        if char == "\\":
            position += 2
        elif char == "[":
            return None
        elif char == "]":
            return position
        else:
            position += 1
    return None


def _after_label(text: str, position: int, addresses: _Addresses) -> tuple[str, int] | None:
    """After a label's ']': '(address "title")' as (address, end), or None when it is no link."""
    if text[position : position + 1] != "(":
        return None
    position = _skip_spaces(text, position + 1)
    if position >= len(text):
        return None
    address = ""
    found = addresses.parse(position)
    if found is not None:
        address, position = found
        after_address = position
        position = _skip_spaces(text, position)
        title_end = _title_end(text, position) if position != after_address else None
        if title_end is not None:
            position = _skip_spaces(text, title_end)
    if text[position : position + 1] != ")":
        return None
    return address, position + 1


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


TITLE_SPECIAL = {'"': re.compile(r'[\\"]'), "'": re.compile(r"[\\']"), "(": re.compile(r"[\\()]")}


def _title_end(text: str, position: int) -> int | None:
    """The end of a link title in quotes or parentheses starting here, or None."""
    opening = text[position : position + 1]
    if opening not in TITLE_SPECIAL:
        return None
    closing = ")" if opening == "(" else opening
    position += 1
    while (found := TITLE_SPECIAL[opening].search(text, position)) is not None:
        position, char = found.start(), found.group()
        if char == "\\":
            position += 2
        elif char == closing:
            return position + 1
        else:
            return None  # an unescaped '(' inside a '(title)'
    return None


class _CodeSpans:
    """A run of backticks opens a code span; the next run of the same length closes it."""

    def __init__(self, text: str):
        self.text = text
        self.starts: dict[int, list[int]] = {}
        for run in re.finditer(r"`+", text):
            self.starts.setdefault(len(run.group()), []).append(run.start())

    def skip(self, position: int) -> int:
        """Past the code span opening here, or past the run itself when nothing closes it."""
        end = position
        while end < len(self.text) and self.text[end] == "`":
            end += 1
        same = self.starts.get(end - position, [])
        index = bisect_left(same, end)
        return same[index] + (end - position) if index < len(same) else end


class _Addresses:
    """Link addresses: '<…>', or a run without spaces whose parentheses balance (at most 32 deep)."""

    def __init__(self, text: str):
        self.text = text
        self._groups: dict[int, tuple[int, int]] | None = None

    def parse(self, position: int) -> tuple[str, int] | None:
        """(address as written, end) for an address starting here, or None."""
        if self.text[position : position + 1] == "<":
            return self._pointy(position)
        return self._raw(position)

    def _pointy(self, position: int) -> tuple[str, int] | None:
        start = position = position + 1
        while (found := POINTY_ADDRESS_SPECIAL.search(self.text, position)) is not None:
            position, char = found.start(), found.group()
            if char == "\\":
                position += 2 if position + 1 < len(self.text) else 1
            elif char == ">":
                return self.text[start:position], position + 1
            else:
                return None  # a newline or a second '<'
        return None

    def _raw(self, start: int) -> tuple[str, int] | None:
        groups = self.groups()
        position = start
        while (found := RAW_ADDRESS_SPECIAL.search(self.text, position)) is not None:
            position, char = found.start(), found.group()
            if char == "\\":
                if self.text[position + 1 : position + 2] == " ":
                    break
                position += 2
            elif char == "(":
                if position not in groups or groups[position][1] > MAX_PAREN_DEPTH:
                    return None  # never balanced before a space, or nested too deep
                position = groups[position][0] + 1
            else:
                break  # a ')' that closes the link, a space or a control character
        else:
            position = len(self.text)
        position = min(position, len(self.text))
        return (self.text[start:position], position) if position > start else None

    def groups(self) -> dict[int, tuple[int, int]]:
        """For each '(' that closes before a space: its ')' and how deep parentheses nest in it.
        Made once per text, so that trying many addresses in one text stays linear."""
        if self._groups is None:
            self._groups = _paren_groups(self.text)
        return self._groups


def _paren_groups(text: str) -> dict[int, tuple[int, int]]:
    groups: dict[int, tuple[int, int]] = {}
    open_: list[list[int]] = []  # [position of '(', deepest group inside it]
    position = 0
    while (found := RAW_ADDRESS_SPECIAL.search(text, position)) is not None:
        position, char = found.start(), found.group()
        if char == "\\" and text[position + 1 : position + 2] != " ":
            position += 2
            continue
        if char == "(":
            open_.append([position, 0])
        elif char == ")":
            if open_:
                start, inner = open_.pop()
                groups[start] = (position, inner + 1)
                if open_:
                    open_[-1][1] = max(open_[-1][1], inner + 1)
        else:
            open_.clear()  # a space, a control character or '\ ' ends every address
        position += 1
    return groups


CHARACTER_REFERENCE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])|&([A-Za-z#][A-Za-z0-9]{1,31});")
NUMERIC_REFERENCE = re.compile(r"#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})")


def _decoded(address: str) -> str:
    """The address as a Markdown reader takes it: backslash escapes and character references decoded."""
    if "\\" not in address and "&" not in address:
        return address
    return CHARACTER_REFERENCE.sub(_decode_one, address)


def _decode_one(match: re.Match) -> str:
    if match.group(1):
        return match.group(1)
    from html.entities import html5  # only for an address that has a character reference

    number = NUMERIC_REFERENCE.fullmatch(match.group(2))
    if number is None:
        return html5.get(match.group(2) + ";", match.group())
    code = int(number.group(1), 10) if number.group(1) else int(number.group(2), 16)
    return chr(code) if _valid_character(code) else match.group()


def _valid_character(code: int) -> bool:
    """As markdown-it decides it: no surrogates, non-characters or C0/C1 controls (tab, newline, CR pass)."""
    return not (
        0xD800 <= code <= 0xDFFF
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFF in (0xFFFE, 0xFFFF)
        or code <= 0x08
        or code == 0x0B
        or 0x0E <= code <= 0x1F
        or 0x7F <= code <= 0x9F
        or code > 0x10FFFF
    )
