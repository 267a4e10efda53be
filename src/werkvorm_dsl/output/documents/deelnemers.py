"""The deelnemershand-out: what participants may see, and room for their notes."""

from __future__ import annotations

from fractions import Fraction
from typing import assert_never

from werkvorm_dsl.analysis.schedule import Plan, RowKind, Slot
from werkvorm_dsl.language.nodes import Choice, Container, Groups, Round, Step, TimeBox, Way, Werkvorm
from werkvorm_dsl.output.documents import common
from werkvorm_dsl.output.registry import Backend, BuildContext, Document, register


@register
class Handout(Backend):
    name = "deelnemers"
    title = "Hand-out voor deelnemers"
    formats = ("html", "md")

    def render(self, context: BuildContext, document: str | None = None) -> Document:
        from werkvorm_dsl.output.render import render

        data = view(context)
        return Document(
            self.name, self.title, {"html": render("deelnemers.html", **data), "md": render("deelnemers.md", **data)}
        )


def view(context: BuildContext) -> dict:
    """What the hand-out shows, for every format of it (HTML and Markdown templates, .docx, .odt)."""
    werkvorm, plan = context.werkvorm, context.plan
    rows = programme(plan, werkvorm)
    data = {
        "w": werkvorm,
        "doctype": Handout.title,
        "plan": plan,
        "facts": [
            *common.variant_fact(context.variant, for_participants=True),
            *common.facts(werkvorm, plan, context.datum, for_participants=True),
        ],
        "version": common.version(werkvorm),
        "who": common.any_roles(werkvorm),
        "question_lists": common.question_lists(werkvorm),
        "programme": rows,
        "minutes": any_minutes(rows),
        "for_participants": True,
        "large": context.large,
        "concept": context.concept,
        "indent": common.indent,
        "huisstijl": context.huisstijl,
    }
    return data


def programme(plan: Plan, werkvorm: Werkvorm) -> list[dict]:
    """The agenda for participants: each block's first repetition, with a line that says how
    often it is held and until when; later repetitions and summaries are left out."""
    run_end = _run_ends(plan)
    after_estimate = _after_estimate(plan)
    rows: list[dict] = []
    skip_below: int | None = None  # the depth of a later repetition whose rows are left out
    for index, slot in enumerate(plan.slots):
        if skip_below is not None and slot.depth > skip_below:
            continue
        skip_below = None
        match slot.kind:
            case RowKind.SUMMARY | RowKind.SLACK:
                continue  # participants need no summed-up rounds, nor the facilitator's spare minutes
            case RowKind.BLOCK:
                block = common.block_of(slot)
                if isinstance(block, Round) and slot.round_number is not None and slot.round_number > 1:
                    skip_below = slot.depth  # a later repetition: its rows are left out
                    continue
                rows.append(
                    {
                        "slot": slot,
                        "head": _head_text(slot, block, plan, run_end.get(index, slot.end)),
                        "description": "" if isinstance(block, Way | Choice) else block.description,
                        "absent": "",
                        "pause": False,
                        "approx": after_estimate[index],
                    }
                )
                if isinstance(block, Round):
                    rows.extend(_prompt_rows(block, slot, after_estimate[index]))
            case RowKind.STEP | RowKind.PAUSE:
                step = slot.step
                absent = step.absent_text.text if step is not None and step.absent_text is not None else ""
                rows.append(
                    {
                        "slot": slot,
                        "head": None,
                        "description": "",
                        "absent": absent,
                        "pause": slot.kind is RowKind.PAUSE,
                        "text": _with_tasks(common.participant_text(step), step),
                        "number": slot.number,
                        "approx": after_estimate[index],
                    }
                )
            case _:
                assert_never(slot.kind)
    return rows


def _with_tasks(text: str, step: Step | None) -> str:
    """A step's text with what each role does in it ('tegelijk:'): participants read their tasks."""
    tasks = [task for task in step.at_once if task.for_participants] if step is not None else []
    if not tasks:
        return text
    return f"{text} ({'; '.join(f'{task.written}: {task.task}' for task in tasks)})"


def _prompt_rows(round_: Round, slot: Slot, approx: bool) -> list[dict]:
    """Under a round's head, what each time asks ('2e keer: Wat dan?' and its question): the hand-out
    shows the first time's rows only, so the other times' prompts are listed here."""
    return [
        {
            "slot": slot,
            "head": prompt.heading.label,
            "description": f"{prompt.title}\n{prompt.text}".strip(),
            "absent": "",
            "pause": False,
            "approx": approx,
        }
        for prompt in round_.prompts
    ]


def _after_estimate(plan: Plan) -> list[bool]:
    """For each row, whether its start follows a step whose minutes are an estimate: its clock
    time is then one too, and participants read it as 'ca. 14:25', never as an appointment."""
    found, seen = [], False
    for slot in plan.slots:
        found.append(seen)
        seen = seen or (slot.is_leaf and slot.estimated)
    return found


def any_minutes(rows: list[dict]) -> bool:
    """Whether the programme's minutes column has anything in it: a step without a duration shows
    none, so a werkvorm whose steps all share the time would print an empty column."""
    return any(row["head"] is None and (row["pause"] or not row["slot"].estimated) for row in rows)


def _run_ends(plan: Plan) -> dict[int, Fraction]:
    """For the first head row of each run of a block's repetitions (by row index), when the run
    ends: a round inside a round ends within each repetition of the outer one, not at its last."""
    ends: dict[int, Fraction] = {}
    open_runs: dict[int, tuple[int, Fraction]] = {}  # id(part) -> (first row index, end so far)
    for index, slot in enumerate(plan.slots):
        if slot.part is None or slot.kind not in (RowKind.BLOCK, RowKind.SUMMARY):
            continue
        key = id(slot.part)
        run = open_runs.get(key)
        first = run[0] if run is not None and run[1] == slot.start else index  # else a new run starts here
        open_runs[key] = (first, slot.end)
        ends[first] = slot.end
    return ends


def _head_text(slot: Slot, block: Container | Choice | Way, plan: Plan, end: Fraction) -> str:
    # 'tot 14:40' only on the clock: without a start time, '1:00' would read as one o'clock
    until = f", tot {plan.clock(end)}" if plan.start_clock else ""
    optional = ", als er tijd is" if slot.extra else ""
    match block:
        case Round():
            return f"Deze ronde gebeurt {slot.round_total} keer{optional}{until}"
        case Groups() | TimeBox() | Choice() | Way():
            return f"{common.block_title(block)}{until}"
        case _:
            assert_never(block)
