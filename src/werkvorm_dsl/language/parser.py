"""The parser: feeds the lexer's lines to the grammar's LALR parser and hands its tree to the builder."""

from __future__ import annotations

from werkvorm_dsl.language import ast_builder as build
from werkvorm_dsl.language import sentence_lines, slips
from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
from werkvorm_dsl.language.keywords import describe_terminal
from werkvorm_dsl.language.lalr import Node, Parser
from werkvorm_dsl.language.lexer import LineToken, lex
from werkvorm_dsl.language.nodes import Werkvorm
from werkvorm_dsl.system.collector import collector_paused

FACT_TERMINALS = {
    "TITLE",
    "KIND",
    "PARTICIPANTS",
    "MODE",
    "FACILITATION",
    "START_QUESTION",
    "GOAL",
    "START_TIME",
    "ROLES",
    "FLOOR",
    "DATE",
    "PLACE",
    "SENDER",
    "REPLY",
    "VERSION",
}
STEP_FIELD_TERMINALS = {
    "WHO",
    "EXAMPLE",
    "TEASER",
    "QUESTIONS_REF",
    "ATTACHMENT",
    "FACILITATOR",
    "ABSENT",
    "FOR_PARTICIPANTS",
}
STEP_BODY_TERMINALS = STEP_FIELD_TERMINALS | {"DURATION", "NOTE", "LINK", "PROSE", "BULLET", "STEP", "NUMBERED"}
SECTION_OF = {
    "PREPARATION": "VOORBEREIDING",
    "SESSION": "SESSIE",
    "SUGGESTIONS": "SUGGESTIES",
    "OPTIONAL": "OPTIONEEL",
    "QUESTIONS": "VRAGEN",
}


def parse(text: str, filename: str = "<tekst>") -> Werkvorm:
    """Read a werkvorm. Never raises for anything an author writes: problems come back as
    `Werkvorm.parse_problems`, and the tree holds everything that could be read."""
    with collector_paused():
        werkvorm = _parse(text, filename)
    # Only now may the collector run again: the lines and the tree, made on the way, are gone by
    # then (they died with _parse's frame), so it has just the werkvorm to look at, not all three.
    return werkvorm


def _parse(text: str, filename: str) -> Werkvorm:
    lexed = lex(text)
    # A misspelt field ('duuur: 5 min') is judged with the other slips, by its value as well.
    headings = [near for near in lexed.near_misses if near.kind == "section"]
    problems: list[Diagnostic] = [build.near_miss_problem(near, filename) for near in headings]
    problems += [build.notice_problem(notice, filename) for notice in lexed.notices]
    slipped = slips.problems(text, lexed, filename)
    said = {d.span.line for d in slipped} | {notice.span.line for notice in lexed.notices if notice.code == "W111"}
    problems += slipped + sentence_lines.problems(text, lexed, filename, said)
    tree = _parse_tokens(lexed.tokens, filename, problems)
    return build.werkvorm(tree, filename, problems, text)


def _parse_tokens(tokens: list[LineToken], filename: str, problems: list[Diagnostic]) -> Node:
    # The tables come as Python literals from parser_tables.py (`make parser`): no `lark` import,
    # no grammar to analyse at each start, and no cache file that could hold code.
    interactive = Parser()
    take = interactive.take
    section, skipping_step = None, False
    for token in tokens:
        terminal = token.terminal
        if skipping_step and terminal in STEP_BODY_TERMINALS:
            continue  # the body of a step that was already reported as misplaced
        skipping_step = False
        if not take(terminal, token):
            # LALR has no recovery of its own; a line is a whole token, so skipping the one
            # line that does not fit loses little and lets us report the next problem too.
            problems.append(_misplaced(token, section, filename))
            skipping_step = terminal in ("STEP", "NUMBERED", "ROUND")
            continue
        if terminal in SECTION_OF:
            section = terminal
    return interactive.end()


def accepted_before(text: str, line: int, terminals: set[str]) -> set[str]:
    """Which of `terminals` the grammar takes on line `line` (1-based), after the lines above it
    as the parser reads them (a misplaced line skipped, as in a parse)."""
    interactive = Parser()
    skipping_step = False
    for token in lex(text).tokens:
        if token.span.line >= line:
            break
        if skipping_step and token.terminal in STEP_BODY_TERMINALS:
            continue
        skipping_step = not interactive.take(token.terminal, token) and token.terminal in ("STEP", "NUMBERED", "ROUND")
    return {terminal for terminal in terminals if interactive.accepts(terminal)}


def _misplaced(token: LineToken, section: str | None, filename: str) -> Diagnostic:
    code, message, hint = _misplaced_message(token, section)
    return Diagnostic(code, Severity.ERROR, filename, token.span, message, hint)


def _misplaced_message(token: LineToken, section: str | None) -> tuple[str, str, str]:
    what, where = token.terminal, SECTION_OF.get(section or "", "")
    written = token.label or token.text[:30]
    if what in ("STEP", "NUMBERED"):
        return (
            "E102",
            f"Deze stap staat {_place(where)}, maar stappen horen onder VOORBEREIDING of SESSIE.",
            "Zet de regel SESSIE (of VOORBEREIDING) boven deze stap.",
        )
    if what in FACT_TERMINALS:
        return (
            "E103",
            f"'{written}' is een gegeven over de hele werkvorm en hoort bovenaan, vóór het eerste kopje.",
            "Verplaats deze regel naar boven, onder de titel. Is het gewone tekst, zet er dan een \\ voor.",
        )
    if what in ("ROUND", "ROUND_END"):
        return (
            "E105",
            f"Een ronde kan alleen in de SESSIE staan, niet {_place(where)}.",
            "Zet RONDE … en EINDE RONDE tussen de stappen onder SESSIE.",
        )
    if what in STEP_FIELD_TERMINALS or what == "DURATION":
        return (
            "E106",
            f"'{written}:' hoort bij een stap, maar hier staat het {_place(where)} zonder stap erboven.",
            "Zet dit onder een regel die met 'stap' begint.",
        )
    if what == "BULLET":
        return (
            "E107",
            f"Een opsomming kan hier niet staan ({_place(where)}).",
            "Zet de opsomming onder een stap, of onder SUGGESTIES.",
        )
    return ("E100", f"{describe_terminal(what).capitalize()} kan hier niet staan ({_place(where)}).", "")


def _place(section_name: str) -> str:
    return f"onder {section_name}" if section_name else "bovenaan, vóór het eerste kopje"
