"""Variants of one werkvorm (issue 24): each resolved into a plain werkvorm by rewriting its text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from werkvorm_dsl.language.lexer import lex
from werkvorm_dsl.language.nodes import ChangeTarget, Span, Variant, VariantChange, Werkvorm
from werkvorm_dsl.language.parser import parse
from werkvorm_dsl.language.values import split_optional

# A line that the variant does not hold becomes a comment, so every other line keeps its number and
# column: a diagnostic of the resolved werkvorm points at the author's own line.
LEFT_OUT = "#"
OPTIONAL_MARK = ", als er tijd is"
DURATION_LABELS = ("duur", "duration")


def variant_named(werkvorm: Werkvorm, name: str) -> Variant:
    """The variant with this name (case does not matter); KeyError names the ones there are."""
    for variant in werkvorm.variants:
        if variant.name.lower() == " ".join(name.split()).lower():
            return variant
    raise KeyError(name)


def resolve(werkvorm: Werkvorm, name: str) -> Werkvorm:
    """The variant `name` as a plain werkvorm: its facts in the header, its values in the session,
    without VARIANT sections and 'bij variant' lines. Checking it gives the variant's verdict."""
    return parse(resolved_text(werkvorm, variant_named(werkvorm, name)), werkvorm.filename)


def resolved_text(werkvorm: Werkvorm, variant: Variant) -> str:
    """The text of the werkvorm as the variant holds it, line for line (see LEFT_OUT)."""
    lines = _Lines(werkvorm.source.split("\n"))
    kept = {line for fact in variant.facts for line in _line_numbers(fact.span)}
    for each in werkvorm.variants:
        lines.leave_out(each.span, keep=kept if each is variant else set())
    changed = {fact.key for fact in variant.facts}
    for fact in werkvorm.facts:
        if fact.key in changed:
            lines.leave_out(fact.span)
    for number in variant_lines(werkvorm):  # those that could not be read too: their error is the base's
        lines.leave_out(Span(number, 1, number, 1))
    ours = [change for change in werkvorm.variant_changes if change.name == variant.name]
    for change in ours:  # parts left out last: a value changed inside them does not bring them back
        if change.target is not ChangeTarget.LEFT_OUT:
            _apply(change, lines)
    for change in ours:
        if change.target is ChangeTarget.LEFT_OUT:
            lines.leave_out(change.part_span)
    return "\n".join(lines.text)


def variant_lines(werkvorm: Werkvorm) -> set[int]:
    """The numbers of the lines 'bij variant …:', read or not."""
    return {
        number
        for token in lex(werkvorm.source).tokens
        if token.terminal == "VARIANT_CHANGE"
        for number in _line_numbers(token.span)
    }


@dataclass
class _Lines:
    text: list[str]

    def leave_out(self, span: Span, keep: set[int] | frozenset[int] = frozenset()) -> None:
        for number in _line_numbers(span):
            if number not in keep and 0 < number <= len(self.text):
                self.text[number - 1] = LEFT_OUT

    def value(self, span: Span) -> str:
        """The text of a one-line value span."""
        return self.text[span.line - 1][span.column - 1 : span.end_column - 1]

    def put(self, span: Span, new: str) -> None:
        line = self.text[span.line - 1]
        self.text[span.line - 1] = line[: span.column - 1] + new + line[span.end_column - 1 :]


def _line_numbers(span: Span) -> range:
    return range(span.line, span.end_line + 1)


def _apply(change: VariantChange, lines: _Lines) -> None:
    match change.target:
        case ChangeTarget.TITLE:
            lines.put(change.target_span, change.value)
        case ChangeTarget.DURATION:
            lines.put(change.target_span, _kept_optional(lines.value(change.target_span), change.value))
        case ChangeTarget.REPEAT | ChangeTarget.BOX:
            lines.put(change.target_span, _new_head(lines.value(change.target_span), change.value))
        case ChangeTarget.SIZE:
            _new_size(change, lines)
        case ChangeTarget.HELD:
            _held_for_sure(change.part_span, lines)
        case ChangeTarget.LEFT_OUT:
            lines.leave_out(change.part_span)
        case _:
            assert_never(change.target)


def _kept_optional(written: str, value: str) -> str:
    """A value for a part held only when there is time stays so, unless the variant says 'wel'."""
    _, optional = split_optional(written)
    return value + OPTIONAL_MARK if optional and not split_optional(value)[1] else value


def _new_head(written: str, value: str) -> str:
    """'1 keer: één casus' with the variant's '2 keer': '2 keer: één casus'."""
    head, colon, description = written.partition(":")
    return _kept_optional(head, value) + (f":{description}" if colon else "")


def _new_size(change: VariantChange, lines: _Lines) -> None:
    """'TWEETALLEN: met de buurman' or 'GROEPJES van 3' with the variant's 'van 4 tot 5': from the
    opener's keyword on, 'GROEPJES van 4 tot 5: met de buurman'."""
    start = Span(change.part_span.line, change.part_span.column, change.part_span.line, change.target_span.end_column)
    written = lines.value(change.target_span)
    head, colon, description = written.partition(":")
    if colon and not head.strip():  # 'TWEETALLEN: …': the text after the keyword is the description
        head = ""
    size = change.value if change.value.lower().startswith("van ") else f"van {change.value}"
    lines.put(start, "GROEPJES " + _kept_optional(head, size) + (f":{description}" if colon else ""))


def _held_for_sure(part: Span, lines: _Lines) -> None:
    """'bij variant lang: wel': the mark 'als er tijd is' goes, from the part's own line or from the
    'duur:' of a step; a 'duur: als er tijd is' with nothing else goes as a whole."""
    opener = lines.text[part.line - 1]
    head, colon, description = opener.partition(":")
    if split_optional(head)[1]:
        lines.text[part.line - 1] = split_optional(head)[0] + (f":{description}" if colon else "")
        return
    for number in range(part.line + 1, part.end_line + 1):
        line = lines.text[number - 1]
        label, colon, value = line.partition(":")
        if colon and label.strip().lower() in DURATION_LABELS and split_optional(value)[1]:
            kept = split_optional(value)[0]
            lines.text[number - 1] = f"{label}:{kept}" if kept.strip() else LEFT_OUT
            return
