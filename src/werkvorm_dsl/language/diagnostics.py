"""Diagnostics: one type for every problem, and the renderers that show them to authors."""

from __future__ import annotations

from enum import Enum

from werkvorm_dsl.language.nodes import Span
from werkvorm_dsl.system.records import record
from werkvorm_dsl.system.safe_text import EXCERPT_LENGTH, bounded, json_safe, shown, shown_path

MAX_SHOWN_PER_FILE = 50  # a pasted novel should not scroll a terminal for minutes


class Severity(Enum):
    ERROR = "fout"
    WARNING = "waarschuwing"
    INFO = "opmerking"  # what the check worked out for the author; never fails a check, not even --strict


@record
class Diagnostic:
    """A problem at a place in a file, with what to do about it."""

    code: str
    severity: Severity
    filename: str
    span: Span
    message: str
    hint: str = ""
    related: tuple[tuple[Span, str], ...] = ()  # other places involved, each with a short Dutch label

    def __post_init__(self) -> None:
        # Every check may quote the author's text; none may quote 10,000 letters of it (safe_text.bounded).
        message, hint = bounded(self.message), bounded(self.hint, quotes=False)
        if message != self.message:  # nearly always equal: then setting it again would only cost time
            object.__setattr__(self, "message", message)
        if hint != self.hint:
            object.__setattr__(self, "hint", hint)
        if self.related and any(len(label) > EXCERPT_LENGTH for _, label in self.related):
            object.__setattr__(self, "related", tuple((span, bounded(label)) for span, label in self.related))

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity is Severity.WARNING

    def as_error(self) -> Diagnostic:
        """The same problem as an error: what --strict makes of warnings. A note stays a note."""
        if self.severity is Severity.INFO:
            return self
        return Diagnostic(self.code, Severity.ERROR, self.filename, self.span, self.message, self.hint, self.related)

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "ernst": self.severity.value,
            "bestand": self.filename,
            "regel": self.span.line,
            "kolom": self.span.column,
            "eindregel": self.span.end_line,
            "eindkolom": self.span.end_column,
            "melding": self.message,
            "tip": self.hint,
            "zie_ook": [{"regel": span.line, "kolom": span.column, "tekst": label} for span, label in self.related],
        }


def sort_key(diagnostic: Diagnostic) -> tuple:
    return (diagnostic.filename, diagnostic.span.line, diagnostic.span.column, diagnostic.code)


def render_text(diagnostic: Diagnostic, source_lines: list[str]) -> str:
    """`bestand:regel:kolom: fout[E201]: …`, then the source line with a caret under the place.

    Control characters in the file name and the line are shown escaped (see safe_text), so a
    line can neither steer the terminal nor start a line of its own.
    """
    span = diagnostic.span
    head = (
        f"{shown_path(diagnostic.filename)}:{span.line}:{span.column}: {diagnostic.severity.value}"
        f"[{diagnostic.code}]: {shown(diagnostic.message)}"
    )
    lines = [head]
    if 1 <= span.line <= len(source_lines):
        source = source_lines[span.line - 1].rstrip("\r\n").expandtabs(4)
        shown_line, offset = _clip(source, span.column)
        gutter = f"{span.line:>5} | "
        width = span.end_column - span.column if span.end_line == span.line else len(source) - span.column + 1
        lines.append(gutter + shown_line)
        lines.append(" " * (len(gutter) + offset) + "^" + "~" * max(0, min(width, 60) - 1))
    for span_, label in diagnostic.related:
        lines.append(f"      zie regel {span_.line}: {shown(label)}")
    if diagnostic.hint:
        lines.append(f"      tip: {shown(diagnostic.hint)}")
    return "\n".join(lines)


def _clip(source: str, column: int, width: int = 100) -> tuple[str, int]:
    """A long line is shown around the caret, so a 10,000-character line stays readable; the
    caret's offset counts the escapes before it."""
    start = max(0, column - 1 - width // 2)
    before, after = source[start : column - 1], source[column - 1 : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(source) else ""
    return prefix + shown(before) + shown(after) + suffix, len(prefix) + len(shown(before))


def render_github(diagnostic: Diagnostic) -> str:
    """A GitHub Actions workflow command, so the problem shows on the line in a pull request."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}[diagnostic.severity]
    span = diagnostic.span
    message = _shown_except_newlines(diagnostic.message + (f" Tip: {diagnostic.hint}" if diagnostic.hint else ""))
    props = (
        f"file={_escape_property(_shown_except_newlines(diagnostic.filename))},line={span.line},col={span.column},"
        f"endLine={span.end_line},endColumn={span.end_column},title={_escape_property(diagnostic.code)}"
    )
    return f"::{level} {props}::{_escape_data(message)}"


def _shown_except_newlines(text: str) -> str:
    """GitHub's own escapes keep CR and LF exact in a file name; the other controls are shown."""
    return "\r".join("\n".join(shown(part) for part in piece.split("\n")) for piece in text.split("\r"))


def _escape_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message (actions/toolkit, command.ts)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_file_text(path: str, diagnostics: list[Diagnostic], source_lines: list[str]) -> str:
    """One file's diagnostics as text, each followed by an empty line; at most MAX_SHOWN_PER_FILE of them."""
    shown_here = diagnostics[:MAX_SHOWN_PER_FILE]
    blocks = [f"{render_text(diagnostic, source_lines)}\n\n" for diagnostic in shown_here]
    hidden = len(diagnostics) - len(shown_here)
    if hidden:
        blocks.append(f"{shown_path(path)}: en nog {hidden} meldingen; los eerst de bovenste op.\n\n")
    return "".join(blocks)


def render_json(diagnostics: list[Diagnostic]) -> str:
    import json  # only for --format json; the check itself stays quick to start

    return json_safe(json.dumps([d.to_json() for d in diagnostics], ensure_ascii=False, indent=2))


def summary(errors: int, warnings: int, files: int) -> str:
    """The closing line of a check, in plain Dutch."""

    def plural(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    checked = plural(files, "bestand", "bestanden") + " gecontroleerd"
    if not errors and not warnings:
        return f"{checked}: alles in orde."
    return f"{checked}: {plural(errors, 'fout', 'fouten')}, {plural(warnings, 'waarschuwing', 'waarschuwingen')}."
