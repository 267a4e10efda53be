"""The builder: turns the parse tree's lines into AST nodes, reading values as it goes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import field, replace
from datetime import date
from functools import lru_cache
from typing import ClassVar, assert_never

from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
from werkvorm_dsl.language.facilitator_labels import facilitator_label_at
from werkvorm_dsl.language.keywords import KEYWORDS, ORDINALS, ROLES, Shape
from werkvorm_dsl.language.lexer import LineToken, Near, Notice
from werkvorm_dsl.language.links import LINK_PATTERN
from werkvorm_dsl.language.nesting_slips import Slip, closed_kind, find_slips
from werkvorm_dsl.language.nodes import (
    FACILITATOR_ROLE,
    MAX_DEPTH,
    Attachment,
    Block,
    BulletItem,
    ChangeTarget,
    Choice,
    Count,
    Duration,
    Example,
    FacilitatorOnly,
    Fact,
    Groups,
    Labeled,
    Link,
    ListSection,
    Material,
    Materials,
    Note,
    Paragraph,
    Part,
    Pause,
    QuestionList,
    QuestionsRef,
    Repeat,
    RoleTask,
    Round,
    RoundPrompt,
    Section,
    SectionKind,
    Span,
    Step,
    Teaser,
    Text,
    TimeBox,
    Variant,
    VariantChange,
    Way,
    Werkvorm,
    walk,
)
from werkvorm_dsl.language.values import (
    CLOCK_TIP,
    COUNT_TIP,
    DATE_TIP,
    DURATION_TIP,
    FLOOR_TIP,
    GROUP_TIP,
    PLACEHOLDER,
    REPEAT_TIP,
    ValueProblem,
    forms_tip,
    group_line,
    implies_group_size,
    is_rest_of_time,
    parse_clock,
    parse_date,
    parse_fixed_duration,
    parse_floor,
    parse_group_size,
    parse_materials,
    parse_participants,
    parse_repeat,
    parse_session_duration,
    parse_step_duration,
    round_line,
    split_optional,
    starts_with_size,
)
from werkvorm_dsl.system.records import mutable_record

# What a line 'bij variant …:' changes, by the line directly above it (issue 24).
STEP_TARGETS = {"STEP": ChangeTarget.TITLE, "NUMBERED": ChangeTarget.TITLE, "DURATION": ChangeTarget.DURATION}
OPENER_TARGETS = {"ROUND": ChangeTarget.REPEAT, "GROUPS": ChangeTarget.SIZE, "BOX": ChangeTarget.BOX}
OPENER_TARGETS["TIME_BOX"] = ChangeTarget.BOX  # a 'tijdvak:' line under RONDE or GROEPJES

SINGLE_FACTS = {
    "soort",
    "duur",
    "deelnemers",
    "vorm",
    "begeleiding",
    "doel",
    "begintijd",
    "minimum per stap",
    "datum",
    "plaats",
    "afzender",
    "aanmelden",
    "versie",
}
CANONICAL = {kw.terminal: kw.canonical for kw in KEYWORDS}
MARKDOWN_LINK = re.compile(rf"^{LINK_PATTERN}\s*$")
URL = re.compile(r"(?:https?://|mailto:|www\.)\S+$", re.IGNORECASE)
# Blocks that are a keyword and its text, and nothing more, by the lexer's terminal.
LABELED_BLOCKS: dict[str, type[Example | Teaser | Note | FacilitatorOnly | Attachment | Materials]] = {
    "EXAMPLE": Example,
    "TEASER": Teaser,
    "NOTE": Note,
    "FACILITATOR": FacilitatorOnly,
    "ATTACHMENT": Attachment,
    "MATERIALS": Materials,
}
# What the header's facts say, once read (see _Builder.fact_values): duur, deelnemers, begintijd,
# rollen, minimum per stap, materiaal, datum.
FactValues = tuple[
    Duration | None, Count | None, str | None, tuple[str, ...], Duration | None, tuple[Material, ...], date | None
]


class _Builder:
    """Collects problems while it builds; one per file."""

    def __init__(self, filename: str, problems: list[Diagnostic]):
        self.filename = filename
        self.problems = problems
        self.declared_roles: tuple[str, ...] = ()
        self.changes: list[VariantChange] = []  # 'bij variant …:' lines, checked against the variants at the end
        self.variant_names: dict[str, str] = {}  # lower case -> as written, known before the session is read

    def problem(self, code: str, span: Span, message: str, hint: str = "", warning: bool = False) -> None:
        severity = Severity.WARNING if warning else Severity.ERROR
        self.problems.append(Diagnostic(code, severity, self.filename, span, message, hint))

    # --- the whole file -------------------------------------------------------------------

    def werkvorm(self, tree, source: str = "") -> Werkvorm:
        header, *blocks = tree.children
        title, facts, intro = self.header(header.children)
        values = self.fact_values(facts)
        variants = tuple(self.variant(block.children) for block in blocks if block.rule == "variant")
        self.variant_names = {variant.name.lower(): variant.name for variant in variants}
        sections = tuple(self.BLOCKS[block.rule](self, block.children) for block in blocks if block.rule != "variant")
        changes = self.variant_changes(variants, sections)
        return Werkvorm(
            self.filename,
            title,
            tuple(facts),
            intro,
            sections,
            *values,
            variants=variants,
            variant_changes=changes,
            parse_problems=tuple(self.problems),
            source=source,
        )

    # --- variants (issue 24) ----------------------------------------------------------------

    def variant(self, children) -> Variant:
        """'VARIANT lang: anderhalf uur', and the facts below it, read as the header's are (so a value
        that cannot be read is the same error there)."""
        heading, *items = children
        name, _, description = heading.text.partition(":")
        facts = [self.fact(item.children[0]) for item in items if not isinstance(item, LineToken)]
        self.duplicate_facts(facts)
        roles = self.declared_roles
        self.fact_values(facts)  # only for the problems of its values; the variant is resolved from the text
        self.declared_roles = roles  # the lexer reads 'VARIANT' only with a name after it
        loose = [item for item in items if isinstance(item, LineToken)]
        return Variant(
            " ".join(name.split()),
            description.strip(),
            Labeled(heading.label, heading.text, heading.span),
            tuple(facts),
            self.blocks(loose),
            span_of(heading, items),
        )

    def fact(self, token: LineToken) -> Fact:
        return Fact(CANONICAL[token.terminal], token.label, token.text, token.span, token_value_span(token))

    def variant_changes(self, variants: tuple[Variant, ...], sections) -> tuple[VariantChange, ...]:
        """Every 'bij variant …:' line, once its part is known; E223 for a name used twice, E224 for
        a name without its VARIANT."""
        known: dict[str, Variant] = {}
        for variant in variants:
            key = variant.name.lower()
            if key and key in known:
                self.problem(
                    "E223",
                    variant.heading.span,
                    f"Er is al een variant '{variant.name}'.",
                    f"De eerste staat op regel {known[key].span.line}. Geef elke variant een eigen naam.",
                )
            known.setdefault(key, variant)
        spans = {part.span.line: part.span for section in sections for part in walk(getattr(section, "parts", ()))}
        return tuple(
            replace(
                change,
                name=known[change.name.lower()].name,
                part_span=spans.get(change.part_span.line, change.part_span),
            )
            for change in self.changes
        )

    def change(self, token: LineToken, above: LineToken, opener: LineToken, target: ChangeTarget | None) -> None:
        """A line 'bij variant lang: 15 min' under `above`, in the part that `opener` begins; its value
        is read as the line above reads its own, so a variant cannot hold what the base could not."""
        name, colon, value = token.text.partition(":")
        value = value.strip()
        if not colon or not name.strip():
            self.problem(
                "E225",
                token.span,
                "Na 'bij variant' staan de naam van de variant, een dubbele punt en de waarde.",
                "Schrijf bijvoorbeeld 'bij variant lang: 15 min'.",
            )
            return
        if " ".join(name.split()).lower() not in self.variant_names:
            names = ", ".join(f"'{known}'" for known in self.variant_names.values()) or "geen"
            self.problem(
                "E224",
                token.span,
                f"Er is geen variant '{' '.join(name.split())}'.",
                f"Bekende varianten: {names}. Zet bovenaan 'VARIANT {' '.join(name.split())}', of verbeter de naam.",
            )
            return
        word = value.lower().rstrip(".")
        if word in ("niet", "not"):
            target = ChangeTarget.LEFT_OUT
        elif word in ("wel", "yes"):
            target = ChangeTarget.HELD
        if target is None:
            self.problem(
                "E225",
                token.span,
                f"Onder deze regel kan een variant niets veranderen: '{_short_line(above)}'.",
                "Zet 'bij variant' direct onder de regel die anders is: een 'duur:', de regel van een stap, "
                "RONDE, GROEPJES, BLOK, PAUZE of 'tijdvak:'. Of schrijf 'niet' of 'wel' voor het hele onderdeel.",
            )
            return
        if not self.change_reads(token, above, target, value):
            return
        self.changes.append(
            VariantChange(" ".join(name.split()), target, value, token.span, token_value_span(above), opener.span)
        )

    def change_reads(self, token: LineToken, above: LineToken, target: ChangeTarget, value: str) -> bool:
        """Whether a variant's value reads as the line it changes would; if not, that line's error."""
        place = Span(token.span.line, token.value_column, token.span.end_line, token.span.end_column)
        try:
            match target:
                case ChangeTarget.DURATION:
                    text, _ = split_optional(value)
                    if text.strip() and not is_rest_of_time(text):
                        parse_step_duration(text)
                case ChangeTarget.REPEAT:
                    parse_repeat(split_optional(value.partition(":")[0])[0])
                case ChangeTarget.SIZE:
                    parse_group_size("groepjes", split_optional(value.partition(":")[0])[0])
                case ChangeTarget.BOX:
                    parse_fixed_duration(split_optional(value.partition(":")[0])[0])
                case ChangeTarget.TITLE | ChangeTarget.LEFT_OUT | ChangeTarget.HELD:
                    pass
                case _:
                    assert_never(target)
        except ValueProblem as problem:
            code = {ChangeTarget.REPEAT: "E203", ChangeTarget.SIZE: "E219"}.get(target, "E201")
            self.value_problem(problem, code, place, f"De waarde voor de variant is niet te lezen ({target.value})", "")
            return False
        return True

    def header(self, items) -> tuple[Labeled | None, list[Fact], tuple[Block, ...]]:
        title, facts, loose = None, [], []
        for item in items:
            if isinstance(item, LineToken) and item.terminal == "TITLE":
                if title is not None:
                    self.problem(
                        "E207",
                        item.span,
                        "De werkvorm heeft al een titel.",
                        f"De eerste titel was '{title.text}'. Laat één van beide weg.",
                    )
                    continue
                title = Labeled(item.label, item.text, item.span)
            elif not isinstance(item, LineToken):  # a fact
                token = item.children[0]
                facts.append(
                    Fact(CANONICAL[token.terminal], token.label, token.text, token.span, token_value_span(token))
                )
            else:
                loose.append(item)
        self.duplicate_facts(facts)
        return title, facts, self.blocks(loose)

    def duplicate_facts(self, facts: list[Fact]) -> None:
        seen: dict[str, Fact] = {}
        for fact in facts:
            if fact.key in SINGLE_FACTS and fact.key in seen:
                self.problem(
                    "E207",
                    fact.span,
                    f"'{fact.label}:' staat er twee keer.",
                    f"De eerste staat op regel {seen[fact.key].span.line}. Houd er één over.",
                )
            seen.setdefault(fact.key, fact)

    def fact_values(self, facts: list[Fact]) -> FactValues:
        by_key: dict[str, Fact] = {}
        for fact in facts:
            by_key.setdefault(fact.key, fact)
        duration = self.value(by_key.get("duur"), parse_session_duration, "E201", "de duur", DURATION_TIP)
        participants = self.value(
            by_key.get("deelnemers"), parse_participants, "E202", "het aantal deelnemers", COUNT_TIP
        )
        start = self.value(by_key.get("begintijd"), parse_clock, "E206", "de begintijd", CLOCK_TIP)
        floor = self.value(by_key.get("minimum per stap"), parse_floor, "E201", "het minimum per stap", FLOOR_TIP)
        self.declared_roles = tuple(name for fact in facts if fact.key == "rollen" for name in _role_names(fact.text))
        materials = tuple(
            m for fact in facts if fact.key == "materiaal" for m in parse_materials(fact.text, value_span(fact))
        )
        occurrence = self.value(by_key.get("datum"), parse_date, "E220", "de datum", DATE_TIP)
        return duration, participants, start, self.declared_roles, floor, materials, occurrence

    def value(self, fact: Fact | None, parse: Callable, code: str, what: str, tip: tuple[str, ...]):
        """A fact's value read whole, or a problem on it with a tip: its own, or else the forms of
        `tip` that this place reads (worked out only then: most files have no problem)."""
        if fact is None or PLACEHOLDER.fullmatch(fact.text.strip()):
            return None  # '[invullen: datum]': the author knows it is missing; the check says so (W701)
        try:
            return parse(fact.text)
        except ValueProblem as problem:
            what = f"{what.capitalize()} is niet te lezen"
            self.value_problem(problem, code, value_span(fact), what, forms_tip(parse, tip))
            return None

    def value_problem(self, problem: ValueProblem, code: str, span: Span, what: str, tip: str, after: str = "") -> None:
        """'De duur is niet te lezen: …' with the problem's own code and tip, or else the place's
        code and `tip`; `after` is added to either."""
        message = str(problem) if problem.code else f"{what}: {problem}"
        self.problem(problem.code or code, span, message, (problem.hint or tip) + after)

    # --- sections -------------------------------------------------------------------------

    def steps_section(self, children) -> Section:
        heading, intro, *parts = children
        kind = SectionKind.PREPARATION if heading.terminal == "PREPARATION" else SectionKind.SESSION
        built = (
            self.session_parts(parts) if kind is SectionKind.SESSION else tuple(self.step(p.children) for p in parts)
        )
        return Section(
            kind,
            Labeled(heading.label, heading.text, heading.span),
            self.blocks(intro.children),
            built,
            span_of(heading, parts),
        )

    def session_parts(self, parts) -> tuple[Part, ...]:
        """Blocks are flat in the grammar (an opener, parts, EINDE); here they nest. An opener
        goes inside the open blocks whose openers are indented less; it closes those at its own
        indentation or deeper (so a new RONDE still closes the one before it), unless the EINDE
        lines show that it belongs inside: then that block stays open, and E108 says what to indent."""
        slips = find_slips([_block_line(part) for part in parts if _is_block_line(part)])
        for slip in slips:
            self.problems.append(_slip_problem(slip, self.filename))
        nesting = _Nesting(self, {slip.outer.span.line for slip in slips})
        for part in parts:
            if isinstance(part, LineToken):  # EINDE …
                nesting.close_named(part)
            elif part.rule == "block_open":
                nesting.open(part)
            elif part.rule == "way":
                nesting.way(part)
            elif part.rule == "pause":
                nesting.add(self.pause(part.children))
            else:
                nesting.add(self.step(part.children))
        return nesting.finish()

    def opened_block(self, token: LineToken, intro_items) -> _Open:
        """What an opener line says: the kind of block, how often or how big, its box, whether optional."""
        head, _, description = token.text.partition(":")
        head, optional = split_optional(head)
        if token.terminal == "GROUPS" and implies_group_size(token.label) and head and not starts_with_size(head):
            # 'DRIETALLEN: ieder drietal zoekt een plek': the lexer took the colon, and the text is
            # what the groups do, not their size
            description = f"{head}: {description}" if description.strip() else head
            head = ""
        box: Duration | None = None
        box_text: Labeled | None = None
        loose = []
        above = token
        prompts: list[RoundPrompt] = []
        for item in intro_items:
            if item.terminal == "VARIANT_CHANGE":
                self.change(item, above, token, OPENER_TARGETS.get(above.terminal))
                continue
            above = item
            if item.terminal in ("TIME_PROMPT", "QUESTIONS_REF"):
                self.round_prompt(token, item, prompts)
            elif item.terminal != "TIME_BOX":
                loose.append(item)
            elif box_text is not None or token.terminal == "BOX":
                self.problem(
                    "E207",
                    item.span,
                    "Dit blok heeft al een vaste tijd.",
                    "Houd één tijd over: bij BLOK staat die in de kopregel, bij RONDE en GROEPJES onder 'tijdvak:'.",
                )
            else:
                box_text = Labeled(item.label, item.text, item.span)
                box = self.duration_value(item)
        opened = _Open(
            token,
            Labeled(token.label, token.text, token.span),
            description.strip(),
            optional,
            self.blocks(loose),
            box,
            box_text,
        )
        if token.terminal == "ROUND":
            opened.repeat = self.repeat(token, head)
            opened.prompts = tuple(prompts)
        elif token.terminal == "GROUPS":
            opened.size = self.group_size(token, head)
        elif token.terminal == "CHOICE":
            opened.description = token.text.strip()  # 'naar het aantal deelnemers': all of it is its description
        else:
            opened.box = self.duration_value(token, head)
        return opened

    def round_prompt(self, opener: LineToken, item: LineToken, prompts: list[RoundPrompt]) -> None:
        """'2e keer: Wat dan?' under a RONDE, with its prompt below; 'vragen: naam' right under it
        gives that time its own question list. Under anything but a RONDE, or a 'vragen:' with no
        time above it, such a line is E233."""
        if opener.terminal != "ROUND" or (item.terminal == "QUESTIONS_REF" and not prompts):
            where = "onder een RONDE" if opener.terminal != "ROUND" else "direct onder een regel als '2e keer:'"
            self.problem(
                "E233",
                item.span,
                f"'{item.label}:' kan hier niet staan: alleen {where}.",
                "Zet '1e keer:', '2e keer:' … of 'de andere keren:' direct onder de RONDE-regel, en 'vragen:' "
                "direct onder zo'n keer; onder een stap geeft 'vragen:' die stap een vragenlijst.",
            )
            return
        if item.terminal == "QUESTIONS_REF":
            last = prompts[-1]
            prompts[-1] = replace(
                last, question_refs=(*last.question_refs, QuestionsRef(item.label, item.text.strip(), item.span))
            )
            return
        title, _, text = item.text.partition("\n")
        prompts.append(
            RoundPrompt(
                time_number(item.label),
                title.strip(),
                text.strip(),
                Labeled(item.label, item.text, item.span),
                item.span,
            )
        )

    def way_sizes(self, token: LineToken) -> Count | None:
        """The numbers of participants after BIJ: 'maximaal 12 deelnemers', '13 tot 40', '13 of meer'."""
        try:
            return parse_participants(token.text.partition(":")[0])
        except ValueProblem as problem:
            what = "Voor welk aantal deelnemers deze manier is, is niet te lezen"
            self.value_problem(problem, "E202", token_value_span(token), what, forms_tip(parse_participants, COUNT_TIP))
            return None

    def repeat(self, token: LineToken, text: str) -> Repeat | None:
        try:
            return parse_repeat(text)
        except ValueProblem as problem:
            tip = forms_tip(parse_repeat, REPEAT_TIP, round_line)
            what = "Hoe vaak deze ronde gehouden wordt, is niet te lezen"
            self.value_problem(problem, "E203", token_value_span(token), what, tip)
            return None

    def group_size(self, token: LineToken, text: str) -> Count | None:
        try:
            return parse_group_size(token.label, text)
        except ValueProblem as problem:
            tip, what = forms_tip(group_line, GROUP_TIP), "Hoe groot de groepjes zijn, is niet te lezen"
            self.value_problem(problem, "E219", token_value_span(token), what, tip, _prose_hint(token))
            return None

    def duration_value(self, token: LineToken, text: str | None = None) -> Duration | None:
        """The duration of a PAUZE, a BLOK or a 'tijdvak:': the same for everyone, never per person."""
        try:
            return parse_fixed_duration(token.text if text is None else text)
        except ValueProblem as problem:
            tip, what = forms_tip(parse_fixed_duration, DURATION_TIP), "De duur is niet te lezen"
            self.value_problem(problem, "E201", token_value_span(token), what, tip, _prose_hint(token))
            return None

    def pause(self, children) -> Pause:
        token, intro = children
        head, _, description = token.text.partition(":")
        loose: list[LineToken] = []
        for item in intro.children:
            if item.terminal == "VARIANT_CHANGE":  # only right under the PAUZE line: its time
                self.change(item, token, token, ChangeTarget.BOX if not loose else None)
            else:
                loose.append(item)
        return Pause(
            self.duration_value(token, head),
            description.strip(),
            Labeled(token.label, token.text, token.span),
            self.blocks(loose),
            span_of(token, [intro]),
        )

    def list_section(self, children) -> ListSection:
        heading, *items = children
        kind = SectionKind.SUGGESTIONS if heading.terminal == "SUGGESTIONS" else SectionKind.OPTIONAL
        return ListSection(
            kind, Labeled(heading.label, heading.text, heading.span), self.blocks(items), span_of(heading, items)
        )

    def question_list(self, children) -> QuestionList:
        heading, *items = children
        name, _, title = heading.text.partition(":")
        name, title = name.strip(), title.strip() or name.strip()
        return QuestionList(
            name, title, Labeled(heading.label, heading.text, heading.span), self.blocks(items), span_of(heading, items)
        )

    BLOCKS: ClassVar[dict[str, Callable]] = {
        "preparation": steps_section,
        "session": steps_section,
        "list_section": list_section,
        "question_list": question_list,
    }

    # --- steps ----------------------------------------------------------------------------

    def step(self, children) -> Step:
        head, *items = children
        lines = _StepLines()
        refs: list[QuestionsRef] = []
        loose: list[LineToken] = []
        above = head
        for item in items:
            if item.terminal == "VARIANT_CHANGE":
                self.change(item, above, head, STEP_TARGETS.get(above.terminal))
                continue
            above = item
            if item.terminal == "DURATION":
                self.step_duration(item, lines)
            elif item.terminal in ("WHO", "ABSENT"):
                who = item.terminal == "WHO"
                if (lines.roles_text if who else lines.absent_text) is not None:
                    self.problem(
                        "E207",
                        item.span,
                        f"Deze stap heeft al een regel '{item.label.lower()}:'.",
                        "Zet alle rollen op één regel.",
                    )
                written, roles = Labeled(item.label, item.text, item.span), self.roles(item)
                if who:
                    lines.roles_text, lines.roles = written, roles
                else:
                    lines.absent_text, lines.absent = written, roles
            elif item.terminal == "FOR_PARTICIPANTS":
                if lines.for_participants is not None:
                    self.problem(
                        "E207",
                        item.span,
                        "Deze stap heeft al tekst 'voor deelnemers:'.",
                        f"De eerste staat op regel {lines.for_participants.span.line}. Voeg ze samen.",
                    )
                    continue
                lines.for_participants = Labeled(item.label, item.text, item.span)
            elif item.terminal == "QUESTIONS_REF":
                refs.append(QuestionsRef(item.label, item.text.strip(), item.span))
            elif item.terminal == "AT_ONCE":
                self.at_once_line(item, lines)
            elif item.terminal == "BULLET" and lines.at_once_open and ":" in item.text:
                self.role_task(item, lines)
                continue
            else:
                loose.append(item)
            lines.at_once_open = item.terminal == "AT_ONCE"
        body = self.blocks(loose)
        title = Text(head.text, token_value_span(head))
        if not head.text.strip() and body and isinstance(body[0], Paragraph):
            title, body = Text(body[0].text, body[0].span), body[1:]  # 'stap' alone, its text below it
        if not title.text.strip():
            self.problem(
                "W209", head.span, "Deze stap heeft geen tekst.", "Schrijf achter 'stap' wat er gebeurt.", warning=True
            )
        at_once_roles = tuple(task.role for task in lines.at_once)
        return Step(
            title,
            lines.duration,
            lines.duration_text,
            tuple(dict.fromkeys((*lines.roles, *at_once_roles))),
            lines.roles_text,
            tuple(refs),
            body,
            span_of(head, items),
            lines.optional,
            lines.absent,
            lines.absent_text,
            lines.for_participants,
            lines.rest,
            tuple(lines.at_once),
            lines.at_once_text,
        )

    def at_once_line(self, item: LineToken, lines: _StepLines) -> None:
        if lines.at_once_text is not None:
            self.problem(
                "E207",
                item.span,
                "Deze stap heeft al een regel 'tegelijk:'.",
                f"De eerste staat op regel {lines.at_once_text.span.line}. Zet alle rollen onder die ene regel.",
            )
        lines.at_once_text = Labeled(item.label, item.text, item.span)

    def role_task(self, item: LineToken, lines: _StepLines) -> None:
        """'- tijdbewaker: let op de tijd' under 'tegelijk:': a role, as 'wie:' reads it, and its task."""
        written, _, task = item.text.partition(":")
        role = self.roles(replace(item, text=written.strip()))  # W210 for a role it does not know
        name = role[0] if role else written.strip()
        unknown = _known_role(written.strip().lower(), self.declared_roles) is None
        if unknown and facilitator_label_at(f"{written.strip()}:", 0, whole_line=True) is not None:
            name = FACILITATOR_ROLE  # 'de begeleider', 'Coach': spelled as the facilitator, kept as theirs
        lines.at_once.append(RoleTask(name, written.strip(), task.strip(), item.span))

    def step_duration(self, item: LineToken, lines: _StepLines) -> None:
        if lines.duration_text is not None:
            self.problem(
                "E207",
                item.span,
                "Deze stap heeft al een duur.",
                f"De eerste staat op regel {lines.duration_text.span.line}. Houd er één over.",
            )
            return
        lines.duration_text = Labeled(item.label, item.text, item.span)
        text, lines.optional = split_optional(item.text)
        if lines.optional and not text.strip():
            return  # 'duur: als er tijd is': no duration of its own, and only when there is time
        if is_rest_of_time(text):
            self.rest_of_time(item, lines)
            return
        try:
            lines.duration = parse_step_duration(text)
        except ValueProblem as problem:
            tip = forms_tip(parse_step_duration, DURATION_TIP)
            if re.fullmatch(r"\s*\d+(,\d+)?\s*", item.text):  # 'duur: 5': the unit is missing
                problem.hint = f"Bedoelt u 'duur: {item.text.strip()} min'? {tip}"
            self.value_problem(problem, "E201", token_value_span(item), "De duur is niet te lezen", tip)

    def rest_of_time(self, item: LineToken, lines: _StepLines) -> None:
        """'duur: de rest': the step takes what its limit leaves, so it always happens."""
        if lines.optional:
            lines.optional = False
            self.problem(
                "E201",
                token_value_span(item),
                "De duur is niet te lezen: de rest van de tijd is er altijd, dus 'als er tijd is' kan er niet bij.",
                "Schrijf 'duur: de rest', of geef de stap een eigen duur met 'als er tijd is', zoals "
                "'duur: 5 min, als er tijd is'.",
            )
            return
        lines.rest = True

    def roles(self, item: LineToken) -> tuple[str, ...]:
        """The roles a 'wie:' or 'afwezig:' line names; a remark in brackets is no role."""
        found = []
        for part in _role_names(item.text):
            written = part.lower()
            role = _known_role(written, self.declared_roles)
            if role is None:
                declared = f", en uit 'rollen:' {', '.join(self.declared_roles)}" if self.declared_roles else ""
                self.problem(
                    "W210",
                    token_value_span(item),
                    f"De rol '{part}' ken ik niet.{self.role_guess(written)}",
                    f"Bekende rollen zijn: begeleider, casusinbrenger en deelnemers{declared}. Een andere rol "
                    "mag: zet hem bovenaan bij 'rollen:', of controleer de spelling.",
                    warning=True,
                )
                role = part
            found.append(role)
        return tuple(dict.fromkeys(found))

    def role_guess(self, written: str) -> str:
        """' Bedoelt u 'observator'?' for a slip of a known or declared role."""
        return _role_guess(written, self.declared_roles)

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
        return Paragraph(
            "\n".join(line.text for line in lines), Span(first.line, first.column, last.end_line, last.end_column)
        )

    def block(self, token: LineToken) -> Block:
        kind = token.terminal
        if kind == "PROSE":
            return Paragraph(token.text, token_value_span(token))
        if kind in ("BULLET", "NUMBERED"):
            return BulletItem(token.text, token_value_span(token), token.number)
        if kind == "LINK":
            return self.link(token)
        return LABELED_BLOCKS[kind](token.label, token.text, token.span)

    def link(self, token: LineToken) -> Link:
        text = token.text.strip()
        markdown = MARKDOWN_LINK.match(text)
        if markdown:
            caption, url = markdown.group(1), markdown.group(2)
        elif found := URL.search(text):
            url = found.group(0)
            caption = text[: len(text) - len(url)].strip().rstrip(":").strip()
        else:
            caption, url = text, ""
        return Link(token.label, token.text, token.span, caption, url)


_FIELD_TERMINALS_WITH_COLON = frozenset(keyword.terminal for keyword in KEYWORDS if keyword.shape is Shape.FIELD)


def time_number(label: str) -> int | None:
    """'2e keer' or 'tweede keer' -> 2; 'de andere keren' -> None."""
    first = label.lower().split()[0]
    if first in ORDINALS:
        return ORDINALS.index(first) + 1
    digits = "".join(ch for ch in first if ch.isdigit())
    return int(digits) if digits else None


def _short_line(token: LineToken, width: int = 40) -> str:
    """The line as the author wrote it, near enough: a field keeps its colon ('wie: deelnemers')."""
    label = f"{token.label}:" if token.terminal in _FIELD_TERMINALS_WITH_COLON and token.label else token.label
    line = f"{label} {token.text}".strip()
    return line if len(line) <= width else line[: width - 1] + "…"


@lru_cache(maxsize=1024)  # the same few role words recur on nearly every step
def _known_role(written: str, declared: tuple[str, ...]) -> str | None:
    """The role `written` (in lower case) names: a declared one by its stem, so that 'rollen:
    gespreksleider' is not 'begeleider', else a known role by its spellings; None for neither."""
    stem = _role_stem(written)
    role = next((name for name in declared if _role_stem(name) == stem), None)
    if role is None:
        role = next((name for name, spellings in ROLES.items() if written in spellings), None)
    return role


@lru_cache(maxsize=1024)  # a group's own role name recurs on many steps
def _role_guess(written: str, declared: tuple[str, ...]) -> str:
    import difflib  # only when a role is unknown

    close = difflib.get_close_matches(written, [*ROLES, *declared], n=1, cutoff=0.75)
    return f" Bedoelt u '{close[0]}'?" if close else ""


def _prose_hint(token: LineToken) -> str:
    """An opener whose value reads like a sentence ('Pauze is belangrijk.') may be prose."""
    if token.terminal not in ("PAUSE", "BOX", "GROUPS"):
        return ""
    if token.terminal == "PAUSE" and ":" not in token.text and not token.text[:1].isdigit():
        return (
            f" Bij een pauze staat de duur voorop: {token.label.upper()} 10 min: {token.text}. Is dit gewone "
            f"tekst? Zet dan een \\ vooraan de regel."
        )
    return (
        f" Is dit gewone tekst die met '{token.label}' begint? Zet dan een \\ vooraan de regel; dan lees "
        "ik hem als tekst."
    )


REMARK = re.compile(r"\([^)]*\)?")
ROLE_SEPARATOR = re.compile(r",|/|\ben\b|\+|&")


@lru_cache(maxsize=1024)  # 'wie: begeleider' and its like, on step after step
def _role_names(text: str) -> tuple[str, ...]:
    without_remarks = REMARK.sub(" ", text) if "(" in text else text
    return tuple(part.strip() for part in ROLE_SEPARATOR.split(without_remarks) if part.strip())


def _role_stem(word: str) -> str:
    """'adviseurs' and 'adviseur', 'observatoren' and 'observator' are one role."""
    word = word.lower().strip()
    for ending in ("en", "s"):
        if len(word) > 4 and word.endswith(ending):
            return word[: -len(ending)]
    return word


# With their article: 'de ronde' but 'het blok', so 'deze ronde' and 'dit blok'.
A_BLOCK = {"ROUND": "een ronde", "GROUPS": "een blok groepjes", "BOX": "een blok", "CHOICE": "een keuze"}
THIS_BLOCK = {"ROUND": "Deze ronde", "GROUPS": "Dit blok groepjes", "BOX": "Dit blok", "CHOICE": "Deze keuze"}
OPENER_WORDS = {kw.terminal: kw.canonical.upper() for kw in KEYWORDS if kw.opens_block}
ARTICLE = {"ROUND": "de", "GROUPS": "de", "BOX": "het", "CHOICE": "de"}


def _is_block_line(part) -> bool:
    """An opener or an EINDE line: the lines that decide how the blocks of a session nest."""
    return isinstance(part, LineToken) or part.rule == "block_open"


def _block_line(part) -> LineToken:
    return part if isinstance(part, LineToken) else part.children[0]


def _slip_problem(slip: Slip, filename: str) -> Diagnostic:
    """E108: one message that names the fix, where the nesting rules alone would give W212, E104
    or E218 and timing figures of a shape the author never meant."""
    opener, outer = slip.opener.label.upper(), slip.outer.label.upper()
    line, outer_line = slip.opener.span.line, slip.outer.span.line
    # 'onder GROEPJES', but 'onder de RONDE van regel 5' when a ronde goes in a ronde
    under = outer if outer != opener else f"{ARTICLE[slip.outer.terminal]} {outer} van regel {outer_line}"
    end = slip.end_of_outer.label.upper()
    if slip.end_of_opener is not None:
        lines = f"regel {line} tot en met {slip.end_of_opener.span.line}"
    else:
        lines = f"regel {line} en de regels die erbij horen"
    return Diagnostic(
        "E108",
        Severity.ERROR,
        filename,
        slip.opener.span,
        f"Deze {opener}-regel staat tussen {outer} op regel {outer_line} en {end} op regel "
        f"{slip.end_of_outer.span.line}, maar springt niet verder in dan regel {outer_line}. Zo sluit hij het "
        f"blok van regel {outer_line} af, in plaats van erin te staan.",
        f"Spring {ARTICLE[slip.opener.terminal]} {opener} in onder {under}: zet {lines} verder in dan regel "
        f"{outer_line}, bijvoorbeeld 4 spaties. Hoort dit blok er niet in, zet {end} dan boven regel {line}.",
        ((slip.outer.span, f"{outer} begint hier"), (slip.end_of_outer.span, f"hier wordt {outer} gesloten")),
    )


@mutable_record
class _StepLines:
    """What a step's own keyword lines say ('duur:', 'wie:', 'afwezig:', 'voor deelnemers:'),
    gathered while its lines are read."""

    duration: Duration | None = None
    duration_text: Labeled | None = None
    roles: tuple[str, ...] = ()
    roles_text: Labeled | None = None
    optional: bool = False
    absent: tuple[str, ...] = ()
    absent_text: Labeled | None = None
    for_participants: Labeled | None = None
    rest: bool = False  # 'duur: de rest'
    at_once: list[RoleTask] = field(default_factory=list)  # 'tegelijk:' and its points
    at_once_text: Labeled | None = None
    at_once_open: bool = False  # the line above is 'tegelijk:' or one of its points


@mutable_record
class _Open:
    """A block whose EINDE has not come yet."""

    token: LineToken
    heading: Labeled
    description: str
    optional: bool
    intro: tuple[Block, ...]
    box: Duration | None
    box_text: Labeled | None
    repeat: Repeat | None = None  # how often (RONDE)
    prompts: tuple[RoundPrompt, ...] = ()  # what each time asks (RONDE)
    size: Count | None = None  # how big (GROEPJES)
    parts: list = field(default_factory=list)
    end: Span | None = None
    too_deep: bool = False  # reported as E217; its parts go to the block around it
    ways: list[_OpenWay] = field(default_factory=list)  # KEUZE: its BIJ lines so far, the last still open

    def node(self) -> Part:
        end = self.end or self.token.span
        span = Span(self.token.span.line, self.token.span.column, end.end_line, end.end_column)
        parts = tuple(self.parts)
        kind = self.token.terminal
        if kind == "ROUND":
            return Round(
                self.repeat,
                self.description,
                self.heading,
                self.intro,
                parts,
                span,
                self.box,
                self.box_text,
                self.optional,
                self.prompts,
            )
        if kind == "GROUPS":
            return Groups(
                self.size,
                self.description,
                self.heading,
                self.intro,
                parts,
                span,
                self.box,
                self.box_text,
                self.optional,
            )
        if kind == "BOX":
            return TimeBox(self.box, self.description, self.heading, self.intro, parts, span, self.optional)
        if kind == "CHOICE":
            if self.ways:
                self.ways[-1].end = end
            ways = tuple(way.node() for way in self.ways)
            if parts and ways:  # before the first BIJ (E232): read as the first way's, so nothing is lost
                ways = (replace(ways[0], parts=parts + ways[0].parts), *ways[1:])
            elif parts:
                ways = (Way(None, "", self.heading, (), parts, span),)
            return Choice(self.description, self.heading, self.intro, ways, span)
        raise AssertionError(f"no block for {kind}")


@mutable_record
class _OpenWay:
    """A BIJ line of a KEUZE, and the parts after it so far."""

    token: LineToken
    sizes: Count | None
    intro: tuple[Block, ...]
    parts: list = field(default_factory=list)
    end: Span | None = None

    def node(self) -> Way:
        end = self.end or self.token.span
        span = Span(self.token.span.line, self.token.span.column, end.end_line, end.end_column)
        description = self.token.text.partition(":")[2].strip()
        heading = Labeled(self.token.label, self.token.text, self.token.span)
        return Way(self.sizes, description, heading, self.intro, tuple(self.parts), span)


class _Nesting:
    """The open blocks of a session, innermost last, while its parts are read in order."""

    def __init__(self, builder: _Builder, held: set[int]):
        self.builder = builder
        self.held = held  # the lines of blocks that only their EINDE closes: openers in them slipped (E108)
        self.top: list = []
        self.stack: list[_Open] = []
        self.holders: list[list] = [self.top]  # where parts go: the innermost block that is not too deep
        self.last_end: Span | None = None  # the end of the last line read; a block closing now ends there

    def add(self, part) -> None:
        self.holders[-1].append(part)
        self.last_end = part.span

    def open(self, tree) -> None:
        token, intro = tree.children
        while self.stack and self.stack[-1].token.indent >= token.indent and not self._held(self.stack[-1]):
            self.close()  # a sibling: same indentation, so the block before it has ended
        opened = self.builder.opened_block(token, intro.children)
        self.last_end = span_of(token, [intro])
        depth = len(self.holders) - 1
        if depth >= MAX_DEPTH:
            opened.too_deep = True
            # The blocks it is really in: those above it are too deep themselves (and listing
            # them all would make 10,000 nested openers quadratic).
            outer = [block.token.span.line for block in self.stack[:MAX_DEPTH]]
            self.builder.problem(
                "E217",
                token.span,
                f"Dit is {A_BLOCK[token.terminal]} in {depth} blokken (regels "
                f"{', '.join(map(str, outer))}); dieper dan {MAX_DEPTH} gaat niet.",
                "Maak er een losse ronde of een paar stappen van; ik lees de stappen eronder als "
                "stappen van het blok eromheen.",
            )
        self.stack.append(opened)
        if not opened.too_deep:
            self.holders.append(opened.parts)

    def way(self, tree) -> None:
        """'BIJ …': the next way of the innermost open KEUZE; the blocks opened in the way before are closed."""
        token, intro = tree.children
        if not any(block.token.terminal == "CHOICE" for block in self.stack):
            self.builder.problem(
                "E231",
                token.span,
                "Deze BIJ-regel staat niet in een KEUZE.",
                "Zet 'KEUZE naar het aantal deelnemers' boven de eerste BIJ-regel, en EINDE KEUZE na de laatste "
                "manier.",
            )
            return
        while self.stack[-1].token.terminal != "CHOICE":
            self.close()
        choice = self.stack[-1]
        if choice.ways:
            choice.ways[-1].end = self.last_end
        elif choice.parts:
            self.builder.problem(
                "E232",
                choice.parts[0].span,
                f"Dit staat in de KEUZE van regel {choice.token.span.line}, maar vóór de eerste BIJ-regel.",
                "Zet een BIJ-regel met het aantal deelnemers erboven, of zet het boven de KEUZE.",
            )
        opened = _OpenWay(token, self.builder.way_sizes(token), self.builder.blocks(intro.children))
        choice.ways.append(opened)
        self.last_end = span_of(token, [intro])
        if not choice.too_deep:
            self.holders[-1] = opened.parts

    def _held(self, block: _Open) -> bool:
        return block.token.span.line in self.held

    def close_named(self, token: LineToken) -> None:
        if not self.stack:
            self.builder.problem(
                "E104",
                token.span,
                f"{token.label.upper()} staat hier, maar er is geen ronde, groepjes, blok of keuze open.",
                "Zet 'RONDE 2 keer' (of hoe vaak) boven de stappen van de ronde, of haal deze regel weg. "
                "Wilde u een ronde in een ronde? Spring de binnenste RONDE dan in (4 spaties): een "
                "RONDE op dezelfde hoogte sluit de ronde erboven af.",
            )
            return
        innermost = self.stack[-1]
        named = closed_kind(token)
        if named is not None and named != innermost.token.terminal:
            self.builder.problem(
                "E218",
                token.span,
                f"{token.label.upper()} staat hier, maar het binnenste open blok is "
                f"{OPENER_WORDS[innermost.token.terminal]} op regel {innermost.token.span.line}.",
                f"Sluit eerst dat blok af met EINDE {OPENER_WORDS[innermost.token.terminal]}, of schrijf alleen EINDE.",
            )
        self.last_end = token.span
        self.close()

    def close(self) -> None:
        block = self.stack.pop()
        if block.too_deep:
            return
        self.holders.pop()
        block.end = self.last_end
        if block.token.terminal == "CHOICE" and not block.ways:
            self.builder.problem(
                "E232",
                block.token.span,
                "Deze KEUZE heeft geen BIJ-regel: er staat niet bij voor welk aantal deelnemers wat geldt.",
                "Zet onder KEUZE voor elke manier een regel als 'BIJ maximaal 12 deelnemers', met de stappen "
                "van die manier eronder.",
            )
        elif not block.parts and not any(way.parts for way in block.ways):
            self.builder.problem(
                "W212",
                block.token.span,
                f"{THIS_BLOCK[block.token.terminal]} heeft geen stappen.",
                f"Zet de stappen tussen {OPENER_WORDS[block.token.terminal]} en "
                f"EINDE {OPENER_WORDS[block.token.terminal]}.",
                warning=True,
            )
        end = self.last_end
        self.add(block.node())
        self.last_end = end

    def finish(self) -> tuple:
        while self.stack:
            self.close()
        return tuple(self.top)


def werkvorm(tree, filename: str, problems: list[Diagnostic], source: str = "") -> Werkvorm:
    return _Builder(filename, problems).werkvorm(tree, source)


def near_miss_problem(near: Near, filename: str) -> Diagnostic:
    """E101 for a misspelt heading, read as the heading it resembles (misspelt fields: slips.py)."""
    return Diagnostic(
        "E101",
        Severity.ERROR,
        filename,
        near.span,
        f"Het kopje '{near.written}' ken ik niet. Bedoelt u {near.suggestion.canonical.upper()}?",
        f"Schrijf {near.suggestion.canonical.upper()}; ik lees de regel nu alsof dat er staat.",
    )


def notice_problem(notice: Notice, filename: str) -> Diagnostic:
    severity = Severity.ERROR if notice.is_error else Severity.WARNING
    return Diagnostic(notice.code, severity, filename, notice.span, notice.message, notice.hint)


def token_value_span(token: LineToken) -> Span:
    span = token.span
    if token.value_column == span.column:
        return span  # no label before the value (prose, a bare title): the same place, and a Span is frozen
    return Span(span.line, token.value_column, span.end_line, span.end_column)


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
