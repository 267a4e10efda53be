"""Keyword lines that read as a sentence: structure said out loud (W119).

A pass over the lexed lines, after the lexer (docs/taalgids.md, "Een zin die met een trefwoord
begint"). At the start of a paragraph a keyword always counts, so a sentence that happens to start
with one becomes structure: `Tweetallen bedenken ideeën …` opens a block of pairs, `Stap voor stap
lopen we …` a step, `Vragen stellen helpt …` a question list. Where a keyword line has the shape of
a sentence (the keyword not in capitals, and lower case after it where a title, a size or a colon
would be), the line gets a warning (W119) that says which reading was taken and how to choose the
other. (A step title wrapped onto the next line is W115, in analysis/checks.py.)
"""

from __future__ import annotations

from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
from werkvorm_dsl.language.lexer import LexResult, LineToken
from werkvorm_dsl.language.nodes import Span
from werkvorm_dsl.language.slips import LexedLines
from werkvorm_dsl.language.values import implies_group_size, starts_with_size

# The keywords whose line can read as the start of a sentence without being an error: a step takes
# any title, a question list any name, and TWEETALLEN any description. The others (RONDE, PAUZE,
# BLOK, GROEPJES van …) need a value, and prose there is an error on the line already.
SENTENCE_LIKE = frozenset({"STEP", "QUESTIONS", "GROUPS"})


SENTENCE_ENDS = tuple(".!?…")

# Words after a group keyword that end like a plural verb ('-en') but are no verb: 'Tweetallen
# binnen het team' is a heading with its description, 'Tweetallen bedenken ideeën' a sentence.
NOT_VERBS = frozenset(
    "binnen buiten boven beneden tegen tussen samen alleen even tegenover open verschillen "
    "zonder volgens langs rondom midden apart verspreid gemengd".split()
)
# Plural verbs that end in '-n' but not in '-en'.
SHORT_VERBS = frozenset("gaan staan doen zien slaan zijn".split())


def problems(text: str, lexed: LexResult, filename: str, said: set[int]) -> list[Diagnostic]:
    """W119 for the keyword lines of `text`, as `lexed` read them; `said` holds the lines that
    have a warning of their kind already (a slip, W111), which this leaves alone."""
    return [_sentence(token, filename) for token in sentence_tokens(text, lexed) if token.span.line not in said]


def sentence_tokens(text: str, lexed: LexResult) -> list[LineToken]:
    """The keyword lines that read as a sentence; fmt keeps these as written, for the author to decide."""
    source, tokens = LexedLines(text), lexed.tokens
    found = []
    for index in [i for i, t in enumerate(tokens) if t.terminal in SENTENCE_LIKE and _cased_as_a_sentence(t)]:
        token = tokens[index]
        below = tokens[index + 1] if index + 1 < len(tokens) else None
        if reads_as_a_sentence(token, source.line(token.span.line), _runs_on(token, below)):
            found.append(token)
    return found


def _cased_as_a_sentence(token: LineToken) -> bool:
    """The keyword not in capitals (a heading in capitals is meant as one), lower case after it."""
    return not (token.label.isupper() and len(token.label) > 1) and token.text[:1].islower()


def _runs_on(token: LineToken, below: LineToken | None) -> bool:
    """Whether the line right under it goes on in lower case, as a sentence wrapped by the editor does."""
    return (
        below is not None
        and below.terminal == "PROSE"
        and below.span.line == token.span.end_line + 1
        and below.text[:1].islower()
    )


def reads_as_a_sentence(token: LineToken, line: str, runs_on: bool) -> bool:
    """Whether a keyword line (`line`, as written) has the shape of a sentence: the keyword not in
    capitals, and lower case after it where structure would have a title ('Stap voor stap …'). For
    a question list and TWEETALLEN, which take any name or description, it must also be no name
    and colon or size, and end as a sentence does, or go on on the line below ('Vragen stellen
    helpt.', 'Tweetallen bedenken ideeën en bouwen voort op …'); 'Drietallen ieder drietal apart'
    is a heading with its description."""
    if token.terminal not in SENTENCE_LIKE or not _cased_as_a_sentence(token):
        return False
    if token.terminal == "STEP":
        return True
    label, text = token.label, token.text
    after_label = line.lstrip()[len(label) :].lstrip()
    if after_label.startswith((":", ",", "(")):
        return False  # 'Tweetallen: …', 'Tweetallen, als er tijd is', 'vragen naam: …' are written as structure
    if not (text.rstrip(" \"'”’)").endswith(SENTENCE_ENDS) or runs_on or _verb_first(text)):
        return False
    if token.terminal == "QUESTIONS":
        return ":" not in text and len(text.split()) > 1
    return implies_group_size(label) and not starts_with_size(text)


def _verb_first(text: str) -> bool:
    """Whether `text` opens with a plural verb and goes on ('bedenken ideeën en …'): the keyword
    before it is then its subject, and the line a sentence even without a full stop."""
    words = text.split(maxsplit=2)
    if len(words) < 2 or not words[0].isalpha() or not words[0].islower():
        return False
    first = words[0]
    return first in SHORT_VERBS or (len(first) > 4 and first.endswith("en") and first not in NOT_VERBS)


def _sentence(token: LineToken, filename: str) -> Diagnostic:
    label = token.label
    shown = f"{label} {token.text}"
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    if token.terminal == "STEP":
        read, meant = (
            "een nieuwe stap",
            f"Bedoelt u een stap, begin de titel dan met een hoofdletter: {label} {token.text[:1].upper()}…",
        )
    else:
        read = f"het begin van een blok {label.lower()}" if token.terminal == "GROUPS" else "een vragenlijst"
        meant = (
            f"Bedoelt u {read}, schrijf dan {label.upper()} in hoofdletters, of zet er een dubbele punt achter "
            f"({label}: …)."
        )
    return Diagnostic(
        "W119",
        Severity.WARNING,
        filename,
        Span(token.span.line, token.span.column, token.span.line, token.span.column + len(label)),
        f"'{shown}' leest als een zin, maar omdat de regel met '{label}' begint, lees ik hem als {read}.",
        f"Is het gewone tekst, zet er dan een \\ vooraan. {meant}",
    )
