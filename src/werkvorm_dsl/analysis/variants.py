"""Variants of one werkvorm (issue 24): each resolved into a plain werkvorm by rewriting its text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import assert_never

from werkvorm_dsl.language.lexer import lex
from werkvorm_dsl.language.nodes import ChangeTarget, Fact, Span, Variant, VariantChange, Werkvorm
from werkvorm_dsl.language.parser import parse
from werkvorm_dsl.language.values import split_optional
from werkvorm_dsl.system.records import mutable_record

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


def variant_lines(werkvorm: Werkvorm) -> frozenset[int]:
    """The numbers of the lines 'bij variant …:', read or not."""
    return _variant_lines_of(werkvorm.source)


@lru_cache(maxsize=8)  # asked once per variant of the same text: lexing it each time made many variants quadratic
def _variant_lines_of(source: str) -> frozenset[int]:
    return frozenset(
        number
        for token in lex(source).tokens
        if token.terminal == "VARIANT_CHANGE"
        for number in _line_numbers(token.span)
    )


@mutable_record
class _Lines:
    """A werkvorm's lines while a variant is resolved: lines left out, others replaced."""

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
    head, description = _size_written(change, lines.text)
    size = change.value if change.value.lower().startswith("van ") else f"van {change.value}"
    lines.put(start, "GROEPJES " + _kept_optional(head, size) + (f": {description}" if description else ""))


def _size_written(change: VariantChange, lines: list[str]) -> tuple[str, str]:
    """The size and the description of a groups opener: ('van 3', 'met de buurman') for 'GROEPJES
    van 3: met de buurman', and ('', 'wat neemt u mee?') for 'DRIETALLEN: wat neemt u mee?', whose
    keyword is the size and whose text after the colon is all description."""
    opener = lines[change.part_span.line - 1] if 0 < change.part_span.line <= len(lines) else ""
    before = opener[change.part_span.column - 1 : change.target_span.column - 1]
    written = opener[change.target_span.column - 1 : change.target_span.end_column - 1]
    if ":" in before:  # the keyword holds the size; only its 'als er tijd is' carries over
        optional = split_optional(before.partition(":")[0])[1]
        return (OPTIONAL_MARK.lstrip(", ") if optional else ""), written.strip()
    head, _, description = written.partition(":")
    return head.strip(), description.strip()


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


@dataclass(frozen=True)
class VariantNote:
    """What the documents of a variant say about it: its name, the author's short explanation (for
    the facilitator) and, in Dutch, what differs from the base."""

    name: str
    description: str
    differences: tuple[str, ...]


def variant_note(werkvorm: Werkvorm, variant: Variant) -> VariantNote:
    """The note for `variant` of the (unresolved) werkvorm: every header fact and every 'bij
    variant' line of it, in the order written, as one sentence each."""
    lines = werkvorm.source.split("\n")
    facts = [_fact_difference(werkvorm, fact) for fact in variant.facts]
    changes = [_change_difference(change, lines) for change in werkvorm.variant_changes if change.name == variant.name]
    return VariantNote(variant.name, variant.description, tuple(facts + changes))


def _fact_difference(werkvorm: Werkvorm, fact: Fact) -> str:
    base = [each.text for each in werkvorm.facts_of(fact.key)]
    was = f"in de basis: {', '.join(base)}" if base else "niet in de basis"
    return f"{fact.label[:1].upper()}{fact.label[1:]}: {fact.text} ({was})"


def _change_difference(change: VariantChange, lines: list[str]) -> str:
    """'Bij "stap Informatievragen": duur 15 tot 20 min in plaats van 10 min', from the base's text."""
    part = f"Bij '{lines[change.part_span.line - 1].strip()}'" if change.part_span.line <= len(lines) else "Hier"
    written = _span_text(change.target_span, lines)
    match change.target:
        case ChangeTarget.TITLE:
            return f"{part}: de titel is '{change.value}'"
        case ChangeTarget.DURATION:
            return f"{part}: duur {change.value} in plaats van {written}"
        case ChangeTarget.REPEAT:
            return f"{part}: {change.value} in plaats van {_head(written)}"
        case ChangeTarget.SIZE:
            return f"{part}: groepjes van {_bare_size(change.value)} in plaats van {_size_before(change, lines)}"
        case ChangeTarget.BOX:
            return f"{part}: vaste tijd {change.value} in plaats van {_head(written)}"
        case ChangeTarget.LEFT_OUT:
            return f"{part}: valt weg"
        case ChangeTarget.HELD:
            return f"{part}: gebeurt zeker (in de basis alleen als er tijd is)"
        case _:
            assert_never(change.target)


def _size_before(change: VariantChange, lines: list[str]) -> str:
    return _bare_size(split_optional(_size_written(change, lines)[0])[0]) or "de vaste grootte"


def _bare_size(size: str) -> str:
    """'van 3 tot 4' and '3 tot 4' alike -> '3 tot 4', so the sentence says 'van' once."""
    stripped = size.strip()
    return stripped[4:].strip() if stripped.lower().startswith("van ") else stripped


def _span_text(span: Span, lines: list[str]) -> str:
    if not 0 < span.line <= len(lines):
        return ""
    return lines[span.line - 1][span.column - 1 : span.end_column - 1].strip()


def _head(written: str) -> str:
    """'1 keer: één casus' -> '1 keer': the value without the part's description."""
    return written.partition(":")[0].strip()


def change_difference(werkvorm: Werkvorm, change: VariantChange) -> str:
    """What one 'bij variant' line changes, as the variant's draaiboek says it."""
    return _change_difference(change, werkvorm.source.split("\n"))
