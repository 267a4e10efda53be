"""The builder: turns the parse tree's lines into AST nodes, reading values as it goes."""

from __future__ import annotations

import re
from typing import Callable

from .diagnostics import Diagnostic, Severity
from .keywords import KEYWORDS, ROLES
from .lexer import LineToken, Near, Notice
from .links import LINK_PATTERN
from .nodes import (Attachment, Block, BulletItem, Example, Fact, FacilitatorOnly, Labeled, Link, ListSection, Note,
                    Paragraph, QuestionList, QuestionsRef, Round, Section, Span, Step, Teaser, Text, Werkvorm)
from .values import COUNT_FORMS, DURATION_FORMS, REPEAT_FORMS, ValueProblem, parse_clock, parse_count, parse_duration, parse_repeat

SINGLE_FACTS = {"soort", "duur", "deelnemers", "vorm", "begeleiding", "doel", "begintijd"}
CANONICAL = {kw.terminal: kw.canonical for kw in KEYWORDS}
MARKDOWN_LINK = re.compile(rf"^{LINK_PATTERN}\s*$")
URL = re.compile(r"(?:https?://|mailto:|www\.)\S+$", re.IGNORECASE)


class _Builder:
    """Collects problems while it builds; one per file."""

    def __init__(self, filename: str, problems: list[Diagnostic]):
        self.filename = filename
        self.problems = problems

    def problem(self, code: str, span: Span, message: str, hint: str = "", warning: bool = False) -> None:
        severity = Severity.WARNING if warning else Severity.ERROR
        self.problems.append(Diagnostic(code, severity, self.filename, span, message, hint))

    # --- the whole file -------------------------------------------------------------------

    def werkvorm(self, tree) -> Werkvorm:
        header, *blocks = tree.children
        title, facts, intro = self.header(header.children)
        values = self.fact_values(facts)
        sections = tuple(self.BLOCKS[block.rule](self, block.children) for block in blocks)
        return Werkvorm(self.filename, title, tuple(facts), intro, sections, *values,
                        parse_problems=tuple(self.problems))

    def header(self, items) -> tuple[Labeled | None, list[Fact], tuple[Block, ...]]:
        title, facts, loose = None, [], []
        for item in items:
            if isinstance(item, LineToken) and item.terminal == "TITLE":
                if title is not None:
                    self.problem("E207", item.span, "De werkvorm heeft al een titel.",
                                 f"De eerste titel was '{title.text}'. Laat één van beide weg.")
                    continue
                title = Labeled(item.label, item.text, item.span)
            elif not isinstance(item, LineToken):  # a fact
                token = item.children[0]
                facts.append(Fact(CANONICAL[token.terminal], token.label, token.text, token.span, token_value_span(token)))
            else:
                loose.append(item)
        self.duplicate_facts(facts)
        return title, facts, self.blocks(loose)

    def duplicate_facts(self, facts: list[Fact]) -> None:
        seen: dict[str, Fact] = {}
        for fact in facts:
            if fact.key in SINGLE_FACTS and fact.key in seen:
                self.problem("E207", fact.span, f"'{fact.label}:' staat er twee keer.",
                             f"De eerste staat op regel {seen[fact.key].span.line}. Houd er één over.")
            seen.setdefault(fact.key, fact)

    def fact_values(self, facts: list[Fact]):
        by_key = {}
        for fact in facts:
            by_key.setdefault(fact.key, fact)
        duration = self.value(by_key.get("duur"), parse_duration, "E201", "de duur", DURATION_FORMS)
        participants = self.value(by_key.get("deelnemers"), lambda t: parse_count(t, ("deelnemers", "personen", "mensen")),
                                  "E202", "het aantal deelnemers", COUNT_FORMS)
        start = self.value(by_key.get("begintijd"), parse_clock, "E206", "de begintijd", "14:00 of 9.30")
        if duration is not None and duration.per_participant:
            self.problem("E201", value_span(by_key["duur"]), "De totale duur kan niet per deelnemer zijn.",
                         "Schrijf de duur van de hele sessie, bijvoorbeeld 'duur: 1 uur'.")
            duration = None
        return duration, participants, start

    def value(self, fact, parse: Callable, code: str, what: str, forms: str):
        if fact is None:
            return None
        try:
            return parse(fact.text)
        except ValueProblem as problem:
            self.problem(code, value_span(fact), f"{what.capitalize()} is niet te lezen: {problem}", f"Schrijf bijvoorbeeld: {forms}.")
            return None

    # --- sections -------------------------------------------------------------------------

    def steps_section(self, children) -> Section:
        heading, intro, *parts = children
        kind = "voorbereiding" if heading.terminal == "PREPARATION" else "sessie"
        built = self.group_rounds(parts) if kind == "sessie" else tuple(self.step(p.children) for p in parts)
        return Section(kind, Labeled(heading.label, heading.text, heading.span), self.blocks(intro.children),
                       built, span_of(heading, parts))

    def group_rounds(self, parts) -> tuple:
        """Rounds are flat in the grammar (RONDE … EINDE RONDE); here they gather their steps."""
        built: list = []
        open_round: dict | None = None

        def close():
            nonlocal open_round
            if open_round:
                steps = tuple(open_round["steps"])
                span = span_of(open_round["token"], open_round["last"])
                built.append(Round(open_round["repeat"], open_round["description"], open_round["heading"],
                                   open_round["intro"], steps, span))
                if not steps:
                    self.problem("W212", open_round["token"].span, "Deze ronde heeft geen stappen.",
                                 "Zet de stappen van de ronde tussen RONDE en EINDE RONDE.", warning=True)
            open_round = None

        for part in parts:
            if isinstance(part, LineToken):  # EINDE RONDE
                if open_round is None:
                    self.problem("E104", part.span, "EINDE RONDE staat hier, maar er is geen ronde begonnen.",
                                 "Zet 'RONDE 2 keer' (of hoe vaak) boven de stappen van de ronde, of haal deze regel weg.")
                close()
            elif part.rule == "round_open":
                close()
                token, intro = part.children
                open_round = {"token": token, "heading": Labeled(token.label, token.text, token.span),
                              "repeat": self.repeat(token), "description": token.text.partition(":")[2].strip(), "intro": self.blocks(intro.children), "steps": [], "last": [token]}
            else:
                step = self.step(part.children)
                if open_round is None:
                    built.append(step)
                else:
                    open_round["steps"].append(step)
                    open_round["last"] = [part]
        close()
        return tuple(built)

    def repeat(self, token: LineToken):
        try:
            return parse_repeat(token.text.partition(":")[0])
        except ValueProblem as problem:
            self.problem("E203", token_value_span(token), f"Hoe vaak deze ronde gehouden wordt, is niet te lezen: {problem}",
                         f"Schrijf bijvoorbeeld: RONDE {REPEAT_FORMS}.")
            return None

    def list_section(self, children) -> ListSection:
        heading, *items = children
        kind = "suggesties" if heading.terminal == "SUGGESTIONS" else "optioneel"
        return ListSection(kind, Labeled(heading.label, heading.text, heading.span), self.blocks(items),
                           span_of(heading, items))

    def question_list(self, children) -> QuestionList:
        heading, *items = children
        name, _, title = heading.text.partition(":")
        name, title = name.strip(), title.strip() or name.strip()
        return QuestionList(name, title, Labeled(heading.label, heading.text, heading.span), self.blocks(items),
                            span_of(heading, items))

    BLOCKS = {"preparation": steps_section, "session": steps_section,
              "list_section": list_section, "question_list": question_list}

    # --- steps ----------------------------------------------------------------------------

    def step(self, children) -> Step:
        head, *items = children
        fields = {"duration": None, "duration_text": None, "roles": (), "roles_text": None}
        refs: list[QuestionsRef] = []
        loose: list[LineToken] = []
        for item in items:
            if item.terminal == "DURATION":
                self.step_duration(item, fields)
            elif item.terminal == "WHO":
                if fields["roles_text"] is not None:
                    self.problem("E207", item.span, "Deze stap heeft al een regel 'wie:'.", "Zet alle rollen op één regel.")
                fields["roles_text"] = Labeled(item.label, item.text, item.span)
                fields["roles"] = self.roles(item)
            elif item.terminal == "QUESTIONS_REF":
                refs.append(QuestionsRef(item.label, item.text.strip(), item.span))
            else:
                loose.append(item)
        body = self.blocks(loose)
        title = Text(head.text, token_value_span(head))
        if not head.text.strip() and body and isinstance(body[0], Paragraph):
            title, body = Text(body[0].text, body[0].span), body[1:]  # 'stap' alone, its text below it
        if not title.text.strip():
            self.problem("W209", head.span, "Deze stap heeft geen tekst.", "Schrijf achter 'stap' wat er gebeurt.", warning=True)
        return Step(title, fields["duration"], fields["duration_text"], fields["roles"], fields["roles_text"],
                    tuple(refs), body, span_of(head, items))

    def step_duration(self, item: LineToken, fields: dict) -> None:
        if fields["duration_text"] is not None:
            self.problem("E207", item.span, "Deze stap heeft al een duur.",
                         f"De eerste staat op regel {fields['duration_text'].span.line}. Houd er één over.")
            return
        fields["duration_text"] = Labeled(item.label, item.text, item.span)
        try:
            fields["duration"] = parse_duration(item.text)
        except ValueProblem as problem:
            hint = f"Schrijf bijvoorbeeld: {DURATION_FORMS}."
            if re.fullmatch(r"\s*\d+([.,]\d+)?\s*", item.text):
                hint = f"Bedoelde je 'duur: {item.text.strip()} min'? " + hint
            self.problem("E201", token_value_span(item), f"De duur is niet te lezen: {problem}", hint)

    def roles(self, item: LineToken) -> tuple[str, ...]:
        found = []
        for part in re.split(r",|/|\ben\b|\+|&", item.text):
            written = part.strip().lower()
            if not written:
                continue
            role = next((name for name, spellings in ROLES.items() if written in spellings), None)
            if role is None:
                self.problem("W210", token_value_span(item), f"De rol '{part.strip()}' ken ik niet.",
                             "Bekende rollen zijn: begeleider, casusinbrenger en deelnemers. Een andere rol mag, "
                             "maar controleer de spelling.", warning=True)
                role = part.strip()
            found.append(role)
        return tuple(dict.fromkeys(found))

    # --- prose ----------------------------------------------------------------------------

    def blocks(self, tokens) -> tuple[Block, ...]:
        """Prose lines without a blank line between them become one paragraph."""
        groups: list[list[LineToken]] = []
        for token in tokens:
            joins = token.terminal == "PROSE" and not token.new_paragraph
            if joins and groups and groups[-1][0].terminal == "PROSE":
                groups[-1].append(token)
            else:
                groups.append([token])
        return tuple(self.block(group[0]) if len(group) == 1 else self.paragraph(group) for group in groups)

    def paragraph(self, lines: list[LineToken]) -> Paragraph:
        first, last = token_value_span(lines[0]), lines[-1].span
        return Paragraph("\n".join(line.text for line in lines),
                         Span(first.line, first.column, last.end_line, last.end_column))

    def block(self, token: LineToken) -> Block:
        kind = token.terminal
        if kind == "PROSE":
            return Paragraph(token.text, token_value_span(token))
        if kind in ("BULLET", "NUMBERED"):
            return BulletItem(token.text, token_value_span(token), token.number)
        if kind == "LINK":
            return self.link(token)
        node = {"EXAMPLE": Example, "TEASER": Teaser, "NOTE": Note, "FACILITATOR": FacilitatorOnly,
                "ATTACHMENT": Attachment}[kind]
        return node(token.label, token.text, token.span)

    def link(self, token: LineToken) -> Link:
        text = token.text.strip()
        markdown = MARKDOWN_LINK.match(text)
        if markdown:
            caption, url = markdown.group(1), markdown.group(2)
        elif URL.search(text):
            url = URL.search(text).group(0)
            caption = text[: len(text) - len(url)].strip().rstrip(":").strip()
        else:
            caption, url = text, ""
        return Link(token.label, token.text, token.span, caption, url)


def werkvorm(tree, filename: str, problems: list[Diagnostic]) -> Werkvorm:
    return _Builder(filename, problems).werkvorm(tree)


def near_miss_problem(near: Near, filename: str) -> Diagnostic:
    if near.kind == "section":
        return Diagnostic("E101", Severity.ERROR, filename, near.span,
                          f"Het kopje '{near.written}' ken ik niet. Bedoelde je {near.suggestion.canonical.upper()}?",
                          f"Schrijf {near.suggestion.canonical.upper()}; ik lees de regel nu alsof dat er staat.")
    return Diagnostic("W110", Severity.WARNING, filename, near.span,
                      f"'{near.written}:' lijkt op '{near.suggestion.canonical}:', maar ik lees het nu als gewone tekst.",
                      f"Bedoelde je '{near.suggestion.canonical}:'? Is het echt tekst, zet dan een \\ vooraan de regel.")


def notice_problem(notice: Notice, filename: str) -> Diagnostic:
    severity = Severity.ERROR if notice.is_error else Severity.WARNING
    return Diagnostic(notice.code, severity, filename, notice.span, notice.message, notice.hint)


def token_value_span(token: LineToken) -> Span:
    return Span(token.span.line, token.value_column, token.span.end_line, token.span.end_column)


def value_span(fact: Fact) -> Span:
    return fact.value_span


def span_of(first: LineToken, rest) -> Span:
    """From the first token to the end of the last thing that follows it."""
    end = first.span
    for item in reversed(list(rest)):
        last = _last_token(item)
        if last is not None:
            end = last.span
            break
    return Span(first.span.line, first.span.column, end.end_line, end.end_column)


def _last_token(item) -> LineToken | None:
    if isinstance(item, LineToken):
        return item
    for child in reversed(item.children):
        found = _last_token(child)
        if found is not None:
            return found
    return None
