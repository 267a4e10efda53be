"""JSON export of the AST, so other systems (an intranet, a planning tool) can read werkvormen."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from datetime import date
from fractions import Fraction

from werkvorm_dsl.language.nodes import Werkvorm

SCHEMA_VERSION = "3"


def to_data(node):
    """Dataclasses become objects with a "type", minutes become numbers."""
    if is_dataclass(node):
        data = {"type": type(node).__name__}
        for field in fields(node):
            if field.name in ("parse_problems", "source"):
                continue
            data[field.name] = to_data(getattr(node, field.name))
        return data
    if isinstance(node, (tuple, list)):
        return [to_data(item) for item in node]
    if isinstance(node, Fraction):
        return node.numerator if node.denominator == 1 else float(node)
    if isinstance(node, date):
        return node.isoformat()
    return node


def to_json(werkvorm: Werkvorm) -> str:
    document = {"schema": f"werkvorm-dsl/{SCHEMA_VERSION}", **to_data(werkvorm)}
    return json.dumps(document, ensure_ascii=False, indent=2)
