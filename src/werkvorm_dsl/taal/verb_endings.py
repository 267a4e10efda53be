"""d/t: a verb written with d where t belongs, or t where d belongs, after a subject or an auxiliary (T105).

The verbs and their forms are data (taal/data/werkwoorden.tsv). Only places where the form is
certain are checked, so that a correct sentence is never called wrong:
- a subject at the start of a sentence and the word right after it, the finite verb of a main
  clause ('Iedereen verteld' → 'vertelt', 'Hij word' → 'wordt');
- anywhere, a word that is always the subject (SURE_SUBJECTS: 'hij', 'men', …) and a bare stem on
  d that is no participle ('dat hij vind' → 'vindt'); a participle may follow there ('als hij
  verteld heeft');
- an auxiliary of the perfect or the passive and the word right after it, when no subordinate
  clause can have ended at the auxiliary ('Het is gebeurt' → 'gebeurd'; not 'Wie klaar is vertelt').
The other subject words can also be an article, a possessive or an object ('het antwoord', 'geef
iedereen antwoord'): after them, a form that is also a noun or an adjective is left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from werkvorm_dsl.language.diagnostics import Diagnostic, Severity
from werkvorm_dsl.system.records import record
from werkvorm_dsl.taal.shipped import shipped_text
from werkvorm_dsl.taal.text import Sentence, Token

# Words an author writes as the subject: the first ones are never an object, an article or a possessive.
SURE_SUBJECTS = frozenset("hij zij jij men".split())
SUBJECTS = SURE_SUBJECTS | frozenset("het je u ze iedereen iemand niemand".split())
PLURAL_TOO = frozenset({"zij", "ze"})  # 'zij vinden': the author may mean more people
AUXILIARIES = frozenset(
    "ben bent is zijn was waren word wordt worden werd werden heb hebt heeft hebben had hadden".split()
)
FIRST_WORDS = SUBJECTS | AUXILIARIES  # the words after which a d/t error can be told for certain
# A subordinate clause ends with its verb ('Wie klaar is vertelt …'): after any of these words the
# auxiliary may close such a clause, and the word after it is the next clause's verb.
SUBORDINATORS = frozenset(
    "als dat die hoe hoewel indien mits nadat of omdat doordat sinds terwijl toen tot totdat voordat "
    "wanneer wat welk welke wie zodat zodra".split()
)


@record
class Correction:
    """The right form for a wrong one, the verb it belongs to, and what the wrong form also is."""

    right: str
    infinitive: str
    also_a_noun: bool  # the wrong form is also a noun or an adjective: 'antwoord', 'bereid'
    is_bare_stem: bool  # the wrong form is the stem and no participle: 'vind', not 'begeleid'


@record
class VerbTable:
    """The wrong verb forms the d/t check knows, each with its correction."""

    present_for: dict[str, Correction]  # a wrong form where the present tense belongs: 'verteld', 'vind'
    participle_for: dict[str, Correction]  # a wrong form where the participle belongs: 'gebeurt'


@record
class Verb:
    """One row of the table: 'vertellen', 'vertelt', 'verteld'."""

    infinitive: str
    present: str
    participle: str
    also_a_noun: bool

    def wrong_presents(self) -> tuple[str, ...]:
        """Forms written where the present tense belongs: the stem without its t ('vind' for
        'vindt'), and the participle that sounds the same ('verteld' for 'vertelt')."""
        found = []
        if self.present.endswith("dt"):
            found.append(self.present[:-1])
        if self.participle.endswith("d") and self.present in (self.participle[:-1] + "t", self.participle + "t"):
            found.append(self.participle)
        return tuple(dict.fromkeys(found))

    def wrong_participle(self) -> str | None:
        """The present tense written where the participle belongs: 'gebeurt' for 'gebeurd'."""
        if self.participle.endswith("d") and self.present in (self.participle[:-1] + "t", self.participle + "t"):
            return self.present
        return None


def verbs_in(text: str) -> list[Verb]:
    rows = [line.split("\t") for line in text.split("\n") if line.strip() and not line.startswith("#")]
    return [Verb(infinitive, present, participle, other == "ja") for infinitive, present, participle, other in rows]


@lru_cache(maxsize=1)
def verb_table() -> VerbTable:
    return table_of(verbs_in(shipped_text("werkwoorden.tsv")))


def table_of(verbs: list[Verb]) -> VerbTable:
    present_for: dict[str, Correction] = {}
    participle_for: dict[str, Correction] = {}
    for verb in verbs:
        for wrong in verb.wrong_presents():
            bare = wrong != verb.participle
            present_for[wrong] = Correction(verb.present, verb.infinitive, verb.also_a_noun, bare)
        present = verb.wrong_participle()
        if present is not None:
            participle_for[present] = Correction(verb.participle, verb.infinitive, False, False)
    return VerbTable(present_for, participle_for)


def dt_errors(sentence: Sentence, filename: str, table: VerbTable | None = None) -> Iterator[Diagnostic]:
    """T105 for each d/t error at a place where the form is certain (see the module's docstring)."""
    table = table or verb_table()
    tokens = sentence.tokens
    for index in range(len(tokens) - 1):
        first = tokens[index]
        before = first.written.lower()
        if before not in FIRST_WORDS:
            continue  # most words: one look in a set
        verb = tokens[index + 1]
        if not (verb.is_word and _side_by_side(first)):
            continue
        written = verb.plain.lower()
        if before in SUBJECTS:
            correction = table.present_for.get(written)
            if correction is not None and _present_is_certain(before, index == 0, correction):
                yield _present_wanted(first, verb, correction, filename)
        elif before in AUXILIARIES:
            correction = table.participle_for.get(written)
            if correction is not None and not any(t.plain.lower() in SUBORDINATORS for t in tokens[:index]):
                yield _participle_wanted(first, verb, correction, filename)


def _side_by_side(token: Token) -> bool:
    """Only spaces (or emphasis) between a word and the next: no comma, colon or bracket."""
    return not token.gap.strip(" \t*_")


def _present_is_certain(subject: str, starts_sentence: bool, correction: Correction) -> bool:
    if subject not in SURE_SUBJECTS and correction.also_a_noun:
        return False  # 'Het antwoord', 'Je antwoord': an article or a possessive, and a noun
    if starts_sentence:
        return True  # a main clause: the word after its subject is the finite verb
    return subject in SURE_SUBJECTS and correction.is_bare_stem and not correction.also_a_noun


def _present_wanted(subject: Token, verb: Token, correction: Correction, filename: str) -> Diagnostic:
    right = _same_case(correction.right, verb.written)
    plural = (
        f" (of '{correction.infinitive}', als u meer mensen bedoelt)" if subject.plain.lower() in PLURAL_TOO else ""
    )
    return Diagnostic(
        "T105",
        Severity.WARNING,
        filename,
        verb.span,
        f"'{verb.written}' hoort hier '{right}' te zijn{plural}: na '{subject.written}' is het de "
        "tegenwoordige tijd, de stam met een t.",
        f"Twijfelt u? Zet er 'lopen' in de plaats: '{subject.written} loopt' heeft een t, dus "
        f"'{subject.written} {right}'.",
    )


def _participle_wanted(auxiliary: Token, verb: Token, correction: Correction, filename: str) -> Diagnostic:
    right = _same_case(correction.right, verb.written)
    return Diagnostic(
        "T105",
        Severity.WARNING,
        filename,
        verb.span,
        f"'{verb.written}' hoort hier '{right}' te zijn: na '{auxiliary.written}' komt het voltooid deelwoord.",
        f"Twijfelt u? Maak het woord langer: in '{right}e' hoort u een d, dus '{auxiliary.written} {right}'.",
    )


def _same_case(right: str, written: str) -> str:
    return right[0].upper() + right[1:] if written[:1].isupper() else right
