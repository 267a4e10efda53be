"""The draaiboek: the facilitator's script, with everything the author wrote and the clock times."""

from __future__ import annotations

from werkvorm_dsl.language.nodes import QuestionList, SectionKind, Werkvorm
from werkvorm_dsl.output.documents import common
from werkvorm_dsl.output.registry import Backend, BuildContext, Document, register


@register
class Draaiboek(Backend):
    name = "draaiboek"
    title = "Draaiboek voor de begeleider"
    formats = ("html", "md")

    def render(self, context: BuildContext, document: str | None = None) -> Document:
        from werkvorm_dsl.output.render import render

        data = view(context)
        return Document(
            self.name, self.title, {"html": render("draaiboek.html", **data), "md": render("draaiboek.md", **data)}
        )


def view(context: BuildContext) -> dict:
    werkvorm, plan = context.werkvorm, context.plan
    numbers, times = common.step_numbers(plan), common.slot_times(plan)
    rows_of = common.rows_by_part(plan)
    persons_of = common.persons_in_ways(werkvorm)
    questions = common.questions_at_steps(werkvorm)
    return {
        "w": werkvorm,
        "doctype": Draaiboek.title,
        "plan": plan,
        "facts": [
            *common.variant_fact(context.variant, for_participants=False),
            *common.facts(werkvorm, plan, context.datum),
        ],
        "variant": context.variant,
        "version": common.version(werkvorm),
        "who": common.any_roles(werkvorm),
        "preparation": werkvorm.section(SectionKind.PREPARATION),
        "session": werkvorm.section(SectionKind.SESSION),
        "list_sections": common.list_sections(werkvorm),
        "questions_of": lambda step: questions.get(id(step), []),
        "unreferenced_lists": unreferenced(werkvorm),
        "summary": common.summary(plan),
        "timeline": common.timeline(plan),
        "for_participants": False,
        "concept": context.concept,
        "number_of": lambda step: numbers.get(id(step), ""),
        "meta_of": lambda step: common.step_meta(step, times, plan),
        "block_title": common.block_title,
        "block_notes": lambda block: common.block_notes(block, plan, werkvorm, rows_of, persons_of),
        "materials": common.materials_checklist(werkvorm, plan),
        "indent": common.indent,
        "huisstijl": context.huisstijl,
    }


def unreferenced(werkvorm: Werkvorm) -> list[QuestionList]:
    from werkvorm_dsl.analysis.timing import session_of

    session = session_of(werkvorm)
    used = {ref.text.lower() for step in (session.steps() if session else ()) for ref in step.question_refs}
    return [q for q in common.question_lists(werkvorm) if q.name.lower() not in used]
