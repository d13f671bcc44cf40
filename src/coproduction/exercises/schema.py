"""JSON Schema for item-bank and assessed-set files (format: the package's exercises/README.md).

The schema checks shape: required fields per item kind, types, closed vocabularies.
Each kind's fields come from its class (``SCHEMA`` in :mod:`coproduction.exercises.kinds`),
so the kind enum and the per-kind entries follow the registry.
Cross-checks that need more than one field (exactly one right option, a key that
names every left-hand entry, feedback for every category, a numeric measure that
exists) are done afterwards by :mod:`coproduction.exercises.items`, which can name
what was expected.
"""

from __future__ import annotations

from typing import Any

from coproduction.exercises.kinds import KINDS as ITEM_KINDS
from coproduction.exercises.kinds import POINTS, SCHEMES, SLUG, TEXT

__all__ = [
    "ASSESSED_SET",
    "BANK",
    "COMMON",
    "ITEM",
    "KINDS",
    "LATE_POLICIES",
    "POINTS",
    "SCHEMES",
    "SLUG",
    "TEXT",
]

#: What happens to late work (a set's ``late_policy``): the first is the default.
LATE_POLICIES = ("drop", "accept")

#: The kind names, in the order of :data:`coproduction.exercises.kinds.KINDS`.
KINDS = tuple(ITEM_KINDS)

COMMON = {
    "id": SLUG,
    "kind": {"enum": list(KINDS)},
    "prompt": TEXT,
    "source": TEXT,
    "points": POINTS,
    "cases": {"type": "array", "items": SLUG},
    "note": TEXT,
}


def _kind(kind: str, required: list[str], fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
        "then": {
            "required": ["id", "kind", "prompt", "source", *required],
            "properties": {**COMMON, **fields},
            "additionalProperties": False,
        },
    }


# One entry per registered kind, from the kind's own SCHEMA.
ITEM = {
    "type": "object",
    "required": ["id", "kind", "prompt", "source"],
    "properties": {"id": SLUG, "kind": {"enum": list(KINDS)}},
    "allOf": [
        _kind(kind, cls.SCHEMA["required"], cls.SCHEMA["properties"])
        for kind, cls in ITEM_KINDS.items()
    ],
}

BANK = {
    "type": "object",
    "required": ["items"],
    "properties": {
        "title": TEXT,
        "self_check": {"type": "array", "items": SLUG, "minItems": 1},
        "items": {"type": "array", "items": ITEM, "minItems": 1},
    },
    "additionalProperties": False,
}

ASSESSED_SET = {
    "type": "object",
    "required": ["set", "title"],
    "properties": {
        "set": SLUG,
        "title": TEXT,
        "deadline": {"type": "string"},
        "late_policy": {"enum": list(LATE_POLICIES)},
        "instructions": TEXT,
        "decimals": {"type": "integer", "minimum": 0, "maximum": 4},
        "include": {
            "type": "array",
            "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$"},
        },
        "items": {"type": "array", "items": ITEM},
    },
    "additionalProperties": False,
}
