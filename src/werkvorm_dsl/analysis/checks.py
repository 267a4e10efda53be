"""The checks: what the grammar cannot see, such as references, links, and the timing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import assert_never

from werkvorm_dsl.analysis import invitation
from werkvorm_dsl.analysis import timing as timing_
from werkvorm_dsl.analysis.choices import choice_problems
from werkvorm_dsl.analysis.round_prompts import prompt_problems
from werkvorm_dsl.language.diagnostics import Diagnostic, Severity, sort_key
from werkvorm_dsl.language.keywords import KEYWORDS, by_terminal
from werkvorm_dsl.language.links import (
    WrittenLink,
    autolinks,
    fits_in_qr,
    inline_links,
    reference_definitions,
    usable_url,
)
from werkvorm_dsl.language.nodes import (
    Block,
    BulletItem,
    Choice,
    FacilitatorOnly,
    Groups,
    Link,
    ListSection,
    Note,
    Paragraph,
    Part,
    Pause,
    QuestionList,
    RepeatKind,
    Round,
    Section,
    SectionKind,
    Span,
    Step,
    Text,
    TimeBox,
    Werkvorm,
    walk,
)
from werkvorm_dsl.language.prose import pieces
from werkvorm_dsl.language.values import NUMBER_WORDS, PLACEHOLDER
from werkvorm_dsl.language.word_tree import word_tree
from werkvorm_dsl.system.collector import collector_paused

# A duration anywhere in a text: '30 minuten', '(5 min)', '15-20 min', 'een kwartier', 'anderhalf
# uur'. Every quantifier is bounded, so a long run of spaces or digits cannot make a search backtrack.
_NUMBER_WORDS = word_tree([w for w in NUMBER_WORDS if w.isalpha()] + ["een", "anderhalf", "half"])
DURATION_IN_TEXT = re.compile(
    r"(?<![\w.,])(?:\d{1,4}(?:[.,]\d{1,2})?(?:\s{0,3}(?:-|–|tot)\s{0,3}\d{1,4}(?:[.,]\d{1,2})?)?\s{0,3}"
    r"(?:minuten|minuut|min|uur|kwartier|minutes|minute|mins|hours|hour)"
    rf"|{_NUMBER_WORDS}(?:\s{{1,3}}half)?\s{{1,3}}(?:minuten|minuut|uur|kwartier|minutes|hours?))"
    r"(?![\w])",
    re.IGNORECASE,
)
CLOCK_BEFORE = re.compile(r"\b(?:om|tot|vanaf)\s{1,3}$", re.IGNORECASE)  # 'om 14 uur' is a time of day


def check(werkvorm: Werkvorm, strict: bool = False, timing: timing_.Timing | None = None) -> list[Diagnostic]:
    """Every problem in a werkvorm, those found while reading it included, in file order. Give the
    werkvorm's `timing` when the caller keeps it (the pipeline does), so it is computed once."""
    with collector_paused():
        return _check(werkvorm, strict, timing)


def _check(werkvorm: Werkvorm, strict: bool, timing: timing_.Timing | None) -> list[Diagnostic]:
    found = list(werkvorm.parse_problems)
    for rule in RULES:
        found.extend(rule(werkvorm))
    found.extend(timing_.problems(werkvorm, timing if timing is not None else timing_.compute(werkvorm)))
    found.extend(variant_problems(werkvorm, found))
    if strict:
        found = [d.as_error() for d in found]
    return sorted(found, key=sort_key)


def variant_problems(werkvorm: Werkvorm, base: list[Diagnostic], only: str | None = None) -> list[Diagnostic]:
    """What the check says of each variant (issue 24) and not of the werkvorm as written, each
    naming its variant; with `only`, of that variant alone. The file is as good as its worst variant."""
    if not werkvorm.variants:
        return []  # the common case: nothing to resolve
    from werkvorm_dsl.analysis.variants import resolve

    said = {(d.code, d.span, d.message) for d in base}
    found = []
    for variant in werkvorm.variants:
        if only is not None and variant.name.lower() != only.lower():
            continue
        for diagnostic in check(resolve(werkvorm, variant.name)):
            if (diagnostic.code, diagnostic.span, diagnostic.message) not in said:
                found.append(in_variant(diagnostic, variant.name))
    return found


def in_variant(diagnostic: Diagnostic, name: str) -> Diagnostic:
    """'… (in de variant 'lang')': a diagnostic of one variant says which."""
    return replace(diagnostic, message=f"{diagnostic.message.rstrip()} (in de variant '{name}')")


def _problem(
    werkvorm: Werkvorm, code: str, span: Span, message: str, hint: str = "", warning: bool = False
) -> Diagnostic:
    severity = Severity.WARNING if warning else Severity.ERROR
    return Diagnostic(code, severity, werkvorm.filename, span, message, hint)


def title_present(werkvorm: Werkvorm) -> Iterator[Diagnostic]:
    if werkvorm.title is None or not werkvorm.title.text.strip():
        span = werkvorm.title.span if werkvorm.title else Span(1, 1, 1, 2)
        yield _problem(
            werkvorm,
            "E210",
            span,
            "De werkvorm heeft geen titel.",
            "Zet bovenaan een regel als: WERKVORM Intervisie over participatie",
        )


def session_present(werkvorm: Werkvorm) -> Iterator[Diagnostic]:
    sessions = [s for s in werkvorm.sections if isinstance(s, Section) and s.kind is SectionKind.SESSION]
    if not sessions:
        yield _problem(
            werkvorm,
            "W211",
            Span(1, 1, 1, 2),
            "De werkvorm heeft geen SESSIE, dus ook geen stappen om te tijden.",
            "Zet de stappen van de bijeenkomst onder een regel SESSIE.",
            warning=True,
        )
    for kind in SectionKind:
        same = werkvorm.sections_of(kind)
        for extra in same[1:]:
            yield _problem(
                werkvorm,
                "E214",
                extra.heading.span,
                f"{kind.upper()} staat er twee keer; de eerste staat op regel {same[0].span.line}.",
                "Voeg de twee samen onder één kopje.",
            )


def question_refs(werkvorm: Werkvorm) -> Iterator[Diagnostic]:
    lists = werkvorm.question_lists()
    seen: dict[str, int] = {}
    for section in werkvorm.sections:
        if not isinstance(section, QuestionList):
            continue
        name = section.name
        if name.lower() in seen:
            yield _problem(
                werkvorm,
                "E205",
                section.heading.span,
                f"Er is al een vragenlijst met de naam '{name}' (regel {seen[name.lower()]}).",
                "Geef elke vragenlijst een eigen naam.",
            )
        seen.setdefault(name.lower(), section.span.line)
    for section in werkvorm.sections:
        if not isinstance(section, Section):
            continue
        prompted = (
            ref
            for part in walk(section.parts)
            if isinstance(part, Round)
            for prompt in part.prompts
            for ref in prompt.question_refs
        )  # 'vragen: naam' under '2e keer:' (issue 24)
        for ref in (*(ref for step in section.steps() for ref in step.question_refs), *prompted):
            if ref.text.lower() in lists:
                continue
            import difflib  # only when there is a problem to explain

            close = difflib.get_close_matches(ref.text.lower(), list(lists), n=1, cutoff=0.6)
            hint = (
                f"Bedoelt u '{lists[close[0]].name}'?"
                if close
                else "Maak de lijst aan met een regel als 'VRAGEN naam: titel' en zet de vragen eronder."
            )
            yield _problem(werkvorm, "E204", ref.span, f"Er is geen vragenlijst met de naam '{ref.text}'.", hint)


# The draaiboek prints a question list in full at most this often; later steps refer back to it,
# so that a short file cannot make a document of hundreds of pages.
QUESTION_LIST_FULL_PRINTS = 3


def question_ref_repeats(werkvorm: Werkvorm) -> Iterator[Diagnostic]:
    """W215 for a list named twice in one step; W216 once per list that more steps name than the draaiboek prints."""
    lists = werkvorm.question_lists()
    session = werkvorm.section(SectionKind.SESSION)
    steps_naming: dict[str, int] = {}
    for step in session.steps() if isinstance(session, Section) else ():
        named_here: dict[str, int] = {}
        for ref in step.question_refs:
            key = ref.text.lower()
            if key in named_here:
                yield _problem(
                    werkvorm,
                    "W215",
                    ref.span,
                    f"Deze stap verwijst al naar de vragenlijst '{ref.text}' (regel {named_here[key]}).",
                    "Haal deze regel weg: de lijst staat maar één keer bij de stap.",
                    warning=True,
                )
                continue
            named_here[key] = ref.span.line
            if key not in lists:
                continue
            steps_naming[key] = steps_naming.get(key, 0) + 1
            if steps_naming[key] == QUESTION_LIST_FULL_PRINTS + 1:
                yield _problem(
                    werkvorm,
                    "W216",
                    ref.span,
                    f"{QUESTION_LIST_FULL_PRINTS} eerdere stappen verwijzen al naar de vragenlijst "
                    f"'{lists[key].name}'. Het draaiboek drukt de lijst voluit bij die stappen; vanaf "
                    "deze stap staat er alleen 'zie stap …'.",
                    "Verwijs alleen bij de stappen waar de begeleider de lijst echt nodig heeft; "
                    "de kaarten en de hand-out hebben de lijst ook.",
                    warning=True,
                )


def per_participant(werkvorm: Werkvorm) -> Iterator[Diagnostic]:
    """E208: a per-person round or duration outside GROEPJES needs 'deelnemers:' (inside, the
    subgroup's size counts). W222: with 'deelnemers: minimaal 5' there is no largest number, so
    the longest way of such a part cannot be worked out; the check counts the least."""
    persons = werkvorm.participants
    if persons is not None and not persons.no_maximum:
        return
    found = per_participant_parts(werkvorm)
    if persons is None:
        for span, what in found:
            yield _problem(
                werkvorm,
                "E208",
                span,
                f"{what}, maar er staat niet hoeveel deelnemers er zijn.",
                "Zet bovenaan bijvoorbeeld 'deelnemers: 3 tot 10'.",
            )
    elif found:
        yield _no_most_participants(werkvorm, persons.low, [span for span, _ in found])


def per_participant_parts(werkvorm: Werkvorm) -> list[tuple[Span, str]]:
    """The rounds and durations per participant outside GROEPJES, whose time depends on the
    number of participants; with what they are, for a message."""
    session = timing_.session_of(werkvorm)
    return list(_per_person_outside_groups(session.parts if session else ()))


def _no_most_participants(werkvorm: Werkvorm, least: int, depending: list[Span]) -> Diagnostic:
    fact = werkvorm.fact("deelnemers")
    written = fact.text.strip() if fact else ""
    return Diagnostic(
        "W222",
        Severity.WARNING,
        werkvorm.filename,
        fact.value_span if fact else Span(1, 1, 1, 2),
        f"'deelnemers: {written}' noemt geen grootste aantal, maar de tijd hangt af van het aantal "
        f"deelnemers: hoe lang de sessie hooguit duurt, is niet uit te rekenen. De controle rekent met "
        f"{least} deelnemers.",
        f"Schrijf er een grootste aantal bij, bijvoorbeeld 'deelnemers: {least} tot {least + 5}'.",
        tuple((span, "hangt af van het aantal deelnemers") for span in depending),
    )


def _per_person_outside_groups(parts: tuple[Part, ...]) -> Iterator[tuple[Span, str]]:
    """The rounds and durations per participant, outside GROEPJES; with what they are."""
    for part in parts:
        match part:
            case Groups():
                continue  # inside, the subgroup's size counts, which GROEPJES itself says
            case Round():
                if part.repeat and part.repeat.kind is RepeatKind.PER_PERSON:
                    yield part.heading.span, "Deze ronde is er één per deelnemer"
                yield from _per_person_outside_groups(part.parts)
            case TimeBox():
                yield from _per_person_outside_groups(part.parts)
            case Step():
                if part.duration and part.duration.per_participant and part.duration_text:
                    yield part.duration_text.span, "Deze duur is per deelnemer"
            case Pause():
                pass
            case Choice():  # a way for some numbers counts those numbers
                for way in part.ways:
                    if way.sizes is None:
                        yield from _per_person_outside_groups(way.parts)
            case _:
                assert_never(part)


LINK_LABELS = {word for words in by_terminal()["LINK"].words.values() for word in words}


def links(werkvorm: Werkvorm) -> Iterator[Diagnostic]:
    for label, text, span in pieces(werkvorm):
        if "[" not in text and "<" not in text:
            continue  # most text: no link of any kind can start without one of these (see _written_links)
        if label.lower() in LINK_LABELS:
            continue  # a 'link:' line is checked as a Link below
        for found in _written_links(text):
            yield from _link_problems(
                werkvorm, found.caption, found.address, _place_in(span, text, found.offset), found.target
            )
    for node in _link_nodes(werkvorm):
        yield from _link_problems(werkvorm, node.caption, node.url, node.span)
        yield from _qr_problems(werkvorm, node)


def _place_in(span: Span, text: str, offset: int) -> Span:
    """The span of a spot inside a text; exact on the text's first line, the line itself below it."""
    before = text[:offset]
    line = span.line + before.count("\n")
    if line == span.line:
        return Span(line, span.column + offset, line, span.column + offset + 1)
    return Span(line, 1, line, 2)


def _written_links(text: str) -> list[WrittenLink]:
    """Links, reference definitions, and <…> addresses that could never be a link (once per address)."""
    if "[" not in text and "<" not in text:
        return []  # most text: no link of any kind can start without one of these
    found = [*inline_links(text), *reference_definitions(text)]
    addresses = {link.address for link in found}
    found += [link for link in autolinks(text) if usable_url(link.target) is None and link.address not in addresses]
    return sorted(found, key=lambda link: link.offset)


def _link_nodes(werkvorm: Werkvorm) -> Iterator[Link]:
    yield from (b for b in werkvorm.intro if isinstance(b, Link))
    for section in werkvorm.sections:
        yield from (b for b in _section_blocks(section) if isinstance(b, Link))


def _section_blocks(section: Section | ListSection | QuestionList) -> Iterator[Block]:
    """Every block of a section, those of its parts included, in the order written."""
    match section:
        case Section():
            yield from section.intro
            for part in walk(section.parts):
                yield from _part_blocks(part)
        case ListSection() | QuestionList():
            yield from section.items
        case _:
            assert_never(section)


def _part_blocks(part: Part) -> tuple[Block, ...]:
    """A part's own blocks: a step's body, the intro of a break or a block (its parts have their own)."""
    match part:
        case Step():
            return part.body
        case Pause() | Round() | Groups() | TimeBox():
            return part.intro
        case Choice():
            return part.intro + tuple(block for way in part.ways for block in way.intro)
        case _:
            assert_never(part)


def _link_problems(
    werkvorm: Werkvorm, caption: str, url: str, span: Span, target: str | None = None
) -> Iterator[Diagnostic]:
    """W301 or W302 for one link; `target` is the address as a Markdown reader decodes it, when that differs."""
    target = url if target is None else target
    if not target.strip() or target.strip() == "#":
        yield _problem(
            werkvorm,
            "W301",
            span,
            f"De link '{caption or url}' heeft nog geen adres.",
            "Zet het adres tussen de haakjes: [tekst](https://…). Zonder adres wordt het gewone tekst.",
            warning=True,
        )
    elif usable_url(target) is None:
        yield _problem(
            werkvorm,
            "W302",
            span,
            f"Het adres '{url[:60]}' wordt niet als link gebruikt.",
            "Alleen adressen die met https://, http://, mailto: of www. beginnen worden een link.",
            warning=True,
        )


def _qr_problems(werkvorm: Werkvorm, node: Link) -> Iterator[Diagnostic]:
    target = usable_url(node.url)
    if target is not None and not fits_in_qr(target):
        yield _problem(
            werkvorm,
            "W303",
            node.span,
            f"Het adres is te lang voor een QR-code ({len(target.encode('utf-8', 'surrogatepass'))} tekens; "
            "er passen er hooguit 2331 in). De link komt er wel, de QR-code niet.",
            "Gebruik een korter adres, bijvoorbeeld de hoofdpagina of een verkorte link van uw organisatie.",
            warning=True,
        )


def durations_in_text(werkvorm: Werkvorm) -> Iterator[Diagnostic]:
    """W405: a duration in the title or any text of a step without 'duur:' ('Kennismaking – 30
    minuten', '(5 min)' in any paragraph): the check counts such a step for the floor, not for that."""
    session = timing_.session_of(werkvorm)
    said = {d.span.line for d in werkvorm.parse_problems if d.code in SAID_CODES}  # the line has its warning
    for step in session.steps() if session else ():
        if step.duration_text is None:
            found = next(_durations_of(step, said), None)
            if found is not None:
                written, span = found
                yield _problem(
                    werkvorm,
                    "W405",
                    span,
                    f"In de tekst van deze stap staat '{written}', maar de stap heeft geen regel 'duur:'; de "
                    "tijdcontrole telt de stap nu voor het minimum per stap.",
                    f"Is dat de duur van de stap, zet dan onder de stap: duur: {written}. Gaat de tijd over een "
                    "deel ervan, geef de stap dan toch een eigen 'duur:'.",
                    warning=True,
                )


SAID_CODES = frozenset({"W110", "W111", "W116", "W117", "W118"})  # slips, and a keyword read as text
# Where a step says how long something takes: its title and the text for the facilitator and the
# participants. Examples, teasers and attachments quote what someone else says or reads.
_TIMED_TEXTS = (Paragraph, BulletItem, Note, FacilitatorOnly)


def _durations_of(step: Step, said: set[int]) -> Iterator[tuple[str, Span]]:
    texts: list[tuple[str, str, Span]] = [("", step.title.text, step.title.span)]
    if step.for_participants is not None:
        texts.append((step.for_participants.label, step.for_participants.text, step.for_participants.span))
    for block in step.body:
        if isinstance(block, _TIMED_TEXTS):
            texts.append((block.label if isinstance(block, (Note, FacilitatorOnly)) else "", block.text, block.span))
    for label, text, span in texts:
        start = Span(span.line, span.column + (len(label) + 2 if label else 0), span.end_line, span.end_column)
        for found in DURATION_IN_TEXT.finditer(text):
            if CLOCK_BEFORE.search(text, 0, found.start()) is None:
                place = _place_in(start, text, found.start())
                if place.line not in said:
                    yield found.group(0), Span(place.line, place.column, place.line, place.column + len(found.group(0)))


# How a title cannot end: a comma, a dash or an open bracket, or a word that needs another after
# it. A title that ends so was wrapped, and its tail is on the next line.
UNFINISHED_TITLE_MARKS = ",(&/+–-"
UNFINISHED_TITLE_WORDS = (
    *("en", "of", "maar", "als", "dan", "zodat", "die", "dat", "waarin", "waarbij"),
    *("met", "van", "voor", "naar", "in", "op", "aan", "bij", "door", "over", "om", "te", "tot", "uit"),
    *("de", "het", "een"),
)
UNFINISHED_TITLE = re.compile(
    rf"(?:[{re.escape(UNFINISHED_TITLE_MARKS)}]|\b(?:{'|'.join(UNFINISHED_TITLE_WORDS)}))\s*$", re.IGNORECASE
)


# A line that starts with a word and a colon, or with a keyword, was meant as a field or as
# structure (W110 and W111 speak of it), not as the rest of a title.
LOOKS_LIKE_A_FIELD = re.compile(r"[^\W\d_][\w.\- ]{0,40}?\s*:(?!//)")
KEYWORD_WORDS = frozenset(w.split()[0] for kw in KEYWORDS for words in kw.words.values() for w in words)


def _reads_as_a_title_tail(title: str, line: str) -> bool:
    first_word = line.split(maxsplit=1)[0].lower().rstrip(":.") if line.strip() else ""
    if LOOKS_LIKE_A_FIELD.match(line) or first_word in KEYWORD_WORDS:
        return False
    return line[:1].islower() or UNFINISHED_TITLE.search(title) is not None


def wrapped_step_titles(werkvorm: Werkvorm) -> Iterator[Diagnostic]:
    """W115: a step's title that runs on to the next line, whose tail is then read as the step's text."""
    for section in werkvorm.sections:
        for step in section.steps() if isinstance(section, Section) else ():
            tail = step.body[0] if step.body and isinstance(step.body[0], Paragraph) else None
            if tail is None or not _directly_under_title(step, tail):
                continue  # no text, or a blank line, a field or a comment between: the title ends where it ends
            if _reads_as_a_title_tail(step.title.text, _first_line(tail)):
                yield _problem(
                    werkvorm,
                    "W115",
                    Span(tail.span.line, tail.span.column, tail.span.line, tail.span.column + len(_first_line(tail))),
                    "Deze regel lijkt het vervolg van de titel van de stap erboven, maar ik lees hem als tekst "
                    "van de stap: een titel staat op één regel.",
                    "Hoort hij bij de titel, zet de titel dan op één regel. Is het tekst van de stap, zet er "
                    "dan een lege regel boven.",
                    warning=True,
                )


def _directly_under_title(step: Step, tail: Paragraph) -> bool:
    """Whether `tail` is the line right under the step's title: the next line, or the same line
    after an odd line break (W112), which reads as the next; with no field between them."""
    title = step.title.span
    if tail.span.line - title.end_line not in (0, 1):
        return False
    fields = [step.duration_text, step.roles_text, step.absent_text, step.for_participants, *step.question_refs]
    between = ((title.line, title.column), (tail.span.line, tail.span.column))
    return not any(between[0] < (f.span.line, f.span.column) < between[1] for f in fields if f is not None)


def _first_line(text: Text) -> str:
    return text.text.split("\n", 1)[0]


def placeholders(werkvorm: Werkvorm) -> Iterator[Diagnostic]:
    """W701: '[invullen: …]' that the author left in the text."""
    for label, text, span in pieces(werkvorm):
        if "[" not in text:
            continue
        # the text starts after 'label: ' on its first line
        start = Span(span.line, span.column + (len(label) + 2 if label else 0), span.end_line, span.end_column)
        for found in PLACEHOLDER.finditer(text):
            yield _problem(
                werkvorm,
                "W701",
                _place_in(start, text, found.start()),
                f"Hier staat nog '{found.group(0)}'.",
                "Vul het in voordat u de uitnodiging of de hand-out verstuurt.",
                warning=True,
            )


def invitation_complete(werkvorm: Werkvorm) -> Iterator[Diagnostic]:
    """W702: a werkvorm with a date is one planned session; its invitation must be complete."""
    if not invitation.is_planned(werkvorm):
        return  # a format to reuse: its invitation shows '[invullen: …]', and that is enough
    datum = werkvorm.fact("datum")
    place = datum.span if datum is not None else Span(1, 1, 1, 2)  # a date comes from 'datum:', unless made in code
    for item in invitation.missing_facts(werkvorm):
        yield _problem(
            werkvorm,
            "W702",
            place,
            f"De uitnodiging voor deze datum mist nog: {item.what}.",
            f"Zet bovenaan bijvoorbeeld '{item.how}'. Tot dan staat er '{invitation.placeholder(item.what)}'.",
            warning=True,
        )
    for fact in invitation.open_choices(werkvorm):
        yield _problem(
            werkvorm,
            "W702",
            fact.value_span,
            f"'{fact.label}: {fact.text.strip()}' laat nog een keuze open; de uitnodiging moet zeggen wat het wordt.",
            f"Schrijf voor deze datum alleen wat gekozen is, bijvoorbeeld "
            f"'{fact.label}: {invitation.first_choice(fact)}'.",
            warning=True,
        )
    folder = invitation.folder_of(werkvorm)
    for attachment in invitation.attachments(werkvorm):
        if invitation.attached_file(attachment, folder) is None:
            yield _problem(
                werkvorm,
                "W702",
                attachment.span,
                "Bij deze bijlage staat geen bestand dat naast de werkvorm ligt.",
                "Zet het bestand in dezelfde map en noem de naam, bijvoorbeeld "
                "'bijlage: de gesprekskaart (gesprekskaart.pdf)'.",
                warning=True,
            )


def untold_steps(werkvorm: Werkvorm) -> Iterator[Diagnostic]:
    """I703: the steps that the hand-out shows by their title, since they have no 'voor deelnemers:'.
    A remark, never a warning: a title often serves participants well ('De klant vertelt de vraag'),
    and only the author can tell whether it is an instruction for the facilitator instead."""
    session = werkvorm.section(SectionKind.SESSION)
    if not isinstance(session, Section):
        return
    steps = session.steps()
    untold = [step for step in steps if step.for_participants is None or not step.for_participants.text.strip()]
    if not untold:
        return
    shown = [(step.title.span, f"in de hand-out: {_quoted_title(step)}") for step in untold[1:MOST_NAMED_STEPS]]
    yield Diagnostic(
        "I703",
        Severity.INFO,
        werkvorm.filename,
        untold[0].title.span,
        _untold_message(untold, len(steps)),
        "Past een titel niet bij wat deelnemers lezen (omdat hij de begeleider iets opdraagt), schrijf dan "
        "onder die stap 'voor deelnemers: …' met wat deelnemers over de stap moeten weten.",
        tuple(shown),
    )


def goal_present(werkvorm: Werkvorm) -> Iterator[Diagnostic]:
    """I704: no 'doel:', so the hand-out does not say why the session is held. A remark: a format
    can do without one. A planned werkvorm whose invitation then says nothing about the meeting has
    W702 instead, which asks for the same line."""
    if invitation.has_goal(werkvorm) or (invitation.is_planned(werkvorm) and not invitation.says_what_about(werkvorm)):
        return
    place = werkvorm.title.span if werkvorm.title is not None else Span(1, 1, 1, 2)
    invitation_says = (
        "de uitnodiging zegt waar de bijeenkomst over gaat met het voorbeeld uit de VOORBEREIDING"
        if invitation.says_what_about(werkvorm)
        else f"de uitnodiging vraagt om {invitation.placeholder(invitation.MISSING_ABOUT.what)}"
    )
    yield Diagnostic(
        "I704",
        Severity.INFO,
        werkvorm.filename,
        place,
        f"De werkvorm heeft geen doel: de hand-out zegt niet waarom de sessie er is, en {invitation_says}.",
        f"Zet bovenaan in één zin wat de sessie oplevert, bijvoorbeeld '{invitation.MISSING_ABOUT.how}'.",
    )


MOST_NAMED_STEPS = 10  # the remark names this many steps; a longer list would hide the source line
MOST_TITLE_LETTERS = 60


def _untold_message(untold: list[Step], steps: int) -> str:
    if len(untold) == 1:
        return f"De stap {_quoted_title(untold[0])} heeft geen tekst voor deelnemers; de hand-out toont daar de titel."
    more = len(untold) - MOST_NAMED_STEPS
    return (
        f"{len(untold)} van de {steps} stappen, zoals {_quoted_title(untold[0])}, hebben geen tekst voor "
        f"deelnemers; de hand-out toont daar de titel"
        f"{f' (hieronder staan er {MOST_NAMED_STEPS}, er zijn er nog {more})' if more > 0 else ''}."
    )


def _quoted_title(step: Step) -> str:
    """A step's title as the remark names it: whole when short, else its beginning and '…'."""
    title = " ".join(step.title.text.split())
    if len(title) > MOST_TITLE_LETTERS:
        title = title[:MOST_TITLE_LETTERS].rsplit(" ", 1)[0] + " …"
    return f"‘{title}’"


RULES = (
    title_present,
    session_present,
    question_refs,
    question_ref_repeats,
    per_participant,
    links,
    durations_in_text,
    wrapped_step_titles,
    placeholders,
    invitation_complete,
    untold_steps,
    goal_present,
    choice_problems,
    prompt_problems,
)
