"""The tijdschema: the timing report as text and JSON, with the same numbers as `werkvorm check`."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from werkvorm_dsl.language.values import format_minutes
from werkvorm_dsl.output.documents import common
from werkvorm_dsl.output.registry import Backend, BuildContext, Document, register


@register
class Tijdschema(Backend):
    name = "tijdschema"
    title = "Tijdschema"
    formats = ("txt", "json")

    def render(self, context: BuildContext, document: str | None = None) -> Document:
        from werkvorm_dsl.output.render import render

        plan = context.plan
        data: dict[str, Any] = {
            "w": context.werkvorm,
            "plan": plan,
            "summary": common.summary(plan),
            "fmt": format_minutes,
        }
        return Document(self.name, self.title, {"txt": render("tijdschema.txt", **data), "json": as_json(context)})


def as_json(context: BuildContext) -> str:
    plan, timing = context.plan, context.plan.timing

    def number(value: Fraction | None) -> float | None:
        return None if value is None else float(value)

    data = {
        "titel": context.werkvorm.title.text if context.werkvorm.title else None,
        "gestelde_duur": {"van": number(timing.stated_low), "tot": number(timing.stated_high)},
        "kortste_weg": number(timing.shortest),
        "langste_weg": number(timing.longest),
        "stappen_zonder_duur": {"minimaal": timing.untimed_low, "maximaal": timing.untimed_high},
        "minimum_per_stap": number(timing.floor),
        "schatting_per_stap_zonder_duur": number(timing.planned_share) if timing.untimed_high else None,
        "geplande_duur": number(plan.end),
        "begintijd": plan.start_clock,
        "agenda": [
            {
                "nummer": s.number,
                "soort": s.kind.value,
                "diepte": s.depth,
                "stap": s.title,
                "begin": plan.clock(s.start),
                "eind": plan.clock(s.end),
                "minuten": number(s.minutes),
                "minuten_tekst": s.minutes_text,
                "geschat": s.estimated,
                "ronde": s.round_number,
                "extra_ronde": s.extra,
                "opmerking": s.note or None,
                "tegelijk_in_groepjes": s.parallel,
            }
            for s in plan.slots
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
