"""The formatter: lays a werkvorm out canonically, keeping every word and every comment.

It reads lines exactly as the lexer does (the same classification and the same continuation
rule), so it cannot disagree with the parser about what a line is. It only changes what carries
no meaning: indentation, the case of keywords, spaces around a colon, runs of blank lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from .keywords import Shape, by_terminal
from .lexer import LIST_SECTIONS, STEP_SECTIONS, LineToken, _classify, _continues

INDENT = "    "
STEP_TERMINALS = {"STEP", "NUMBERED"}
NOTE_LIKE = {"NOTE"}


@dataclass
class _State:
    section: str | None = None  # the terminal of the current section, None in the header
    in_step: bool = False
    in_round_intro: bool = False
    previous: LineToken | None = None  # the last keyword or prose line, for continuations
    previous_indent: str = ""
    blank_before: bool = False
    gap_written: bool = False  # the blank line before a comment already stands in the output


def format_text(text: str) -> str:
    """The canonical layout of `text`; formatting it again changes nothing."""
    state = _State()
    out: list[str] = []
    comments: list[tuple[str, bool]] = []  # waiting for the line they stand above, to share its indent
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff").split("\n"):
        stripped = raw.strip()
        if not stripped:
            state.blank_before = True
            continue
        if stripped.startswith("#"):
            # A comment does not end a paragraph (the lexer skips it): the blank line before it
            # still counts for the line after it, so it is written once, above the comment.
            comments.append((stripped, state.blank_before and not state.gap_written))
            state.gap_written = state.gap_written or state.blank_before
            continue
        token = _classify(stripped, 1, 1, state.section in LIST_SECTIONS, [])
        in_list = state.section in LIST_SECTIONS
        if (token.terminal == "PROSE" and not state.blank_before and state.previous is not None
                and _continues(state.previous, in_list)):
            indent = state.previous_indent + "  "
            _flush(out, comments, indent, gap=False)
            out.append(indent + stripped)
            state.gap_written = False
            continue
        indent, line = _layout(token, stripped, state)
        gap = (state.blank_before and not state.gap_written) or _wants_gap(token)
        _flush(out, comments, indent, gap)
        _gap(out, gap and not comments_were_gapped(out))
        out.append((indent + line).rstrip())
        state.previous, state.previous_indent = token, indent
        state.blank_before = state.gap_written = False
    _flush(out, comments, _indent_for_comment(state), gap=False)
    return "\n".join(out).strip("\n") + "\n" if out else ""


def comments_were_gapped(out: list[str]) -> bool:
    """True when the lines just written are comments with a blank line above them."""
    index = len(out)
    while index > 0 and out[index - 1].lstrip().startswith("#"):
        index -= 1
    return index < len(out) and (index == 0 or out[index - 1] == "")


def _flush(out: list[str], comments: list[tuple[str, bool]], indent: str, gap: bool) -> None:
    """Write the waiting comments above the line that follows them, with that line's indent."""
    for position, (comment, blank_before) in enumerate(comments):
        _gap(out, blank_before or (gap and position == 0))
        out.append(indent + comment)
    comments.clear()


def _gap(out: list[str], wanted: bool) -> None:
    if wanted and out and out[-1] != "":
        out.append("")


def _wants_gap(token: LineToken) -> bool:
    """Sections and rounds stand apart; a blank line before them changes no meaning."""
    return token.terminal in STEP_SECTIONS | LIST_SECTIONS | {"ROUND"}


def _indent_for_comment(state: _State) -> str:
    return INDENT if state.in_step or state.in_round_intro else ""


def _layout(token: LineToken, stripped: str, state: _State) -> tuple[str, str]:
    """The indentation and canonical text of one line; updates where we are in the file."""
    terminal = token.terminal
    if terminal in STEP_SECTIONS | LIST_SECTIONS:
        state.section, state.in_step, state.in_round_intro = terminal, False, False
        return "", _heading(token)
    if terminal in ("ROUND", "ROUND_END"):
        state.in_step, state.in_round_intro = False, terminal == "ROUND"
        return "", _heading(token)
    if terminal in STEP_TERMINALS and state.section in STEP_SECTIONS:
        state.in_step, state.in_round_intro = True, False
        return "", _lead(token)
    if terminal == "TITLE":
        return "", _lead(token)
    indent = INDENT if state.in_step or state.in_round_intro else ""
    if terminal == "PROSE":
        return indent, stripped
    if terminal == "NUMBERED":
        return indent, f"{token.number}. {token.text}"
    if terminal == "BULLET":
        return indent, f"- {token.text}"
    return indent, _field(token)


def _heading(token: LineToken) -> str:
    return f"{token.label.upper()} {token.text}".rstrip()


def _lead(token: LineToken) -> str:
    if token.terminal == "NUMBERED":
        return f"{token.number}. {token.text}"
    label = token.label
    if token.terminal == "TITLE":
        shape_text = f"{label.upper()} {token.text}" if label.lower() in ("werkvorm", "format") else f"{label.lower()}: {token.text}"
        return shape_text.rstrip()
    return f"{label.lower()} {token.text}".rstrip()


def _field(token: LineToken) -> str:
    keyword = by_terminal()[token.terminal]
    label = token.label.upper() if token.terminal in NOTE_LIKE else token.label.lower()
    assert keyword.shape is Shape.FIELD
    separator = "" if label.endswith(".") else ":"
    return f"{label}{separator} {token.text}".rstrip()
