"""Blocks of an existing text (headings, paragraphs, list items) as every importer reads them."""

from __future__ import annotations

import re
from dataclasses import replace
from enum import Enum

from werkvorm_dsl.system.records import record


class BlockKind(Enum):
    """What a block of the source is, by its form alone."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"  # a numbered or bulleted line of a list


@record
class Block:
    """One heading, paragraph line or list item of the text being imported."""

    kind: BlockKind
    text: str
    level: int = 0  # a heading's level (1 is the title), or a list item's depth (0 at the left)
    number: str = ""  # the item's own number ('3'), empty for a bullet
    joined: bool = False  # follows the block before it without a blank line between
    more: tuple[str, ...] = ()  # lines that go on under an item without a marker of their own
    duration: str = ""  # a time a table's own column gave, such as '10 min'


MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# '1. Maak…', '1) Maak…', '- 1 Maak…' (a bullet before a bare number), '- Maak…', '• Maak…'
ITEM_LINE = re.compile(
    r"^(?P<indent>[ \t]*)"
    r"(?:(?P<bullet>[-*•·–+])[ \t]+(?:(?P<bare>\d{1,2})(?:[.)])?[ \t]+)?|(?P<number>\d{1,2})[.)][ \t]*)"
    r"(?P<text>\S.*)$"
)
SETEXT_UNDERLINE = re.compile(r"^\s*(=+|-{3,})\s*$")


def blocks_from_text(text: str, markdown: bool = False) -> list[Block]:
    """The blocks of a plain text or Markdown file, one per line; a line under an item without a
    marker of its own and without a blank line between goes on that item."""
    blocks: list[Block] = []
    after_blank = True
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    pasted = "" not in [line.strip() for line in lines[1:-1]]  # Word's clipboard: a paragraph on every line
    margin = _list_margin(lines)
    for line in lines:
        if not line.strip():
            after_blank = True
            continue
        if markdown and SETEXT_UNDERLINE.match(line) and blocks and not after_blank:
            blocks[-1] = replace(blocks[-1], kind=BlockKind.HEADING, level=1 if "=" in line else 2)
            continue
        block = _block_of_line(line, markdown, joined=not after_blank, margin=margin)
        if not pasted and _goes_on_item(block, blocks):
            blocks[-1] = replace(blocks[-1], more=(*blocks[-1].more, block.text))
        else:
            blocks.append(block)
        after_blank = False
    return blocks


def _goes_on_item(block: Block, blocks: list[Block]) -> bool:
    return bool(blocks) and block.joined and block.kind is BlockKind.PARAGRAPH and blocks[-1].kind is BlockKind.ITEM


def _list_margin(lines: list[str]) -> int:
    """How far the least indented list item stands in: a PDF indents every list, a depth counts from there."""
    indents = [len(match.group("indent").expandtabs(4)) for line in lines if (match := ITEM_LINE.match(line))]
    return min(indents, default=0)


def _block_of_line(line: str, markdown: bool, joined: bool, margin: int = 0) -> Block:
    if markdown and (heading := MARKDOWN_HEADING.match(line)):
        return Block(BlockKind.HEADING, heading.group(2), level=len(heading.group(1)), joined=joined)
    if item := ITEM_LINE.match(line):
        depth = max(0, len(item.group("indent").expandtabs(4)) - margin) // 2
        number = item.group("number") or item.group("bare") or ""
        return Block(BlockKind.ITEM, item.group("text").strip(), level=depth, number=number, joined=joined)
    return Block(BlockKind.PARAGRAPH, line.strip(), joined=joined)


SENTENCE_CLOSE = tuple(".!?:;")


def unwrapped(text: str, stands_alone) -> str:
    """A PDF's text with the lines its layout wrapped joined again: a line goes on the one above it
    unless that one ended a sentence and this one starts with a capital, or this one is an item or a
    line that `stands_alone` (a heading, a fact) says starts something of its own."""
    kept: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        previous = kept[-1].strip() if kept else ""
        if stripped and previous and not ITEM_LINE.match(line) and _goes_on(previous, stripped, stands_alone):
            kept[-1] = f"{kept[-1].rstrip()} {stripped}"
        elif stripped[:1].islower() and not previous and _over_a_page_break(kept):
            while not kept[-1].strip():
                kept.pop()  # the blank lines a new page put into a sentence
            kept[-1] = f"{kept[-1].rstrip()} {stripped}"
        else:
            kept.append(line.rstrip())
    return "\n".join(kept)


def _over_a_page_break(kept: list[str]) -> bool:
    """Whether the last line with text, above the blank ones, stopped in the middle of a sentence."""
    last = next((line.strip() for line in reversed(kept) if line.strip()), "")
    return bool(last) and not last.endswith(SENTENCE_CLOSE)


def _goes_on(previous: str, line: str, stands_alone) -> bool:
    if stands_alone(line) or stands_alone(previous):
        return False
    return not previous.endswith(SENTENCE_CLOSE) or line[:1].islower()


# --- a PDF's running heads and feet ------------------------------------------------------------------

EDGE_LINES = 3  # how many lines at the top and at the foot of a page may be a running head or foot
PAGE_NUMBER = re.compile(
    r"^(?:(?:pagina|page|blz\.?|p\.)\s*)?[-–(\[]?\s*\d{1,4}\s*(?:(?:/|van|of)\s*\d{1,4})?\s*[-–)\]]?$",
    re.IGNORECASE,
)


def without_running_lines(pages: list[str]) -> list[str]:
    """The pages of a PDF without what repeats at the top or foot of page after page. A page number
    goes; a repeated line of text (a department, the title) goes from every page, and when the body
    does not hold it too, it is kept once after the last page, where it cannot pass for the title.
    A line counts as running when, with its numbers made alike, it stands at the edge of at least
    half of the pages, and of at least two."""
    if len(pages) < 2:
        return pages
    lines = [page.split("\n") for page in pages]
    running = _running_keys(lines)
    kept_pages: list[str] = []
    moved: dict[str, str] = {}
    for page in lines:
        dropped = {at for at in _edges(page) if _edge_key(page[at]) in running}
        for at in sorted(dropped):
            if not PAGE_NUMBER.match(page[at].strip()):
                moved.setdefault(_edge_key(page[at]), " ".join(page[at].split()))
        kept_pages.append("\n".join(line for at, line in enumerate(page) if at not in dropped))
    body = {_edge_key(line) for page in kept_pages for line in page.split("\n")}
    tail = [text for key, text in moved.items() if key not in body]
    if tail:
        kept_pages[-1] = "\n\n".join([kept_pages[-1], *tail])
    return kept_pages


def _running_keys(lines: list[list[str]]) -> set[str]:
    counts: dict[str, int] = {}
    for page in lines:
        for key in {_edge_key(page[at]) for at in _edges(page)}:
            counts[key] = counts.get(key, 0) + 1
    return {key for key, count in counts.items() if key and count >= max(2, (len(lines) + 1) // 2)}


def _edges(page: list[str]) -> list[int]:
    """Where the first and last few lines of a page that hold text stand, top to foot."""
    filled = [at for at, line in enumerate(page) if line.strip()]
    return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))


def _edge_key(line: str) -> str:
    """A line as it repeats from page to page: without spacing and with every number the same."""
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()
