"""JSON export of the AST, so other systems (an intranet, a planning tool) can read werkvormen."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields, is_dataclass
from datetime import date
from fractions import Fraction

from werkvorm_dsl.language.nodes import Variant, Werkvorm

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


def to_document(werkvorm: Werkvorm, resolved: Sequence[tuple[Variant, Werkvorm]] = ()) -> dict:
    """The export of a werkvorm and, after it, each of its variants written out as a plain werkvorm
    (a document of the same schema, without variants of its own), so a reader needs no resolving."""
    return {
        "schema": f"werkvorm-dsl/{SCHEMA_VERSION}",
        **to_data(werkvorm),
        "resolved_variants": [
            {
                "type": "ResolvedVariant",
                "name": variant.name,
                "description": variant.description,
                "werkvorm": to_document(plain),
            }
            for variant, plain in resolved
        ],
    }


def to_json(werkvorm: Werkvorm, resolved: Sequence[tuple[Variant, Werkvorm]] = ()) -> str:
    """`to_document` as JSON text; `resolved` pairs each variant with its written-out werkvorm."""
    return json.dumps(to_document(werkvorm, resolved), ensure_ascii=False, indent=2)
