"""JSON Schema for item-bank and assessed-set files (format: the package's exercises/README.md).

The schema checks shape: required fields per item kind, types, closed vocabularies.
Cross-checks that need more than one field (exactly one right option, a key that
names every left-hand entry, feedback for every category, a numeric measure that
exists) are done afterwards by :mod:`coproduction.exercises.items`, which can name
what was expected.
"""

from __future__ import annotations

from typing import Any

SLUG = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}
TEXT = {"type": "string", "minLength": 1}
POINTS = {"type": "number", "exclusiveMinimum": 0}

KINDS = ("single", "multiple", "classify", "matching", "ordering", "numeric", "short")

# Categories a classify item may draw on: the framework files' lists.
SCHEMES = ("modes", "matrix", "processes", "levels", "ladder", "dimensions")

COMMON = {
    "id": SLUG,
    "kind": {"enum": list(KINDS)},
    "prompt": TEXT,
    "source": TEXT,
    "points": POINTS,
    "cases": {"type": "array", "items": SLUG},
    "note": TEXT,
}


def _kind(kind: str, required: list[str], **fields: Any) -> dict[str, Any]:
    return {
        "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
        "then": {
            "required": ["id", "kind", "prompt", "source", *required],
            "properties": {**COMMON, **fields},
            "additionalProperties": False,
        },
    }


OPTION = {
    "type": "object",
    "required": ["id", "text", "correct", "feedback"],
    "properties": {"id": SLUG, "text": TEXT, "correct": {"type": "boolean"}, "feedback": TEXT},
    "additionalProperties": False,
}
ENTRY = {
    "type": "object",
    "required": ["id", "text", "feedback"],
    "properties": {"id": SLUG, "text": TEXT, "feedback": TEXT},
    "additionalProperties": False,
}
CATEGORY = {
    "type": "object",
    "required": ["id", "label"],
    "properties": {"id": SLUG, "label": TEXT},
    "additionalProperties": False,
}
HINT = {
    "type": "object",
    "required": ["value", "feedback"],
    "properties": {"value": {"type": "number"}, "feedback": TEXT},
    "additionalProperties": False,
}
COMPUTE = {
    "type": "object",
    "required": ["measure", "case"],
    "properties": {"measure": SLUG, "case": SLUG},
    "additionalProperties": {"type": ["string", "number"]},
}
LEVEL = {
    "type": "object",
    "required": ["points", "descriptor"],
    "properties": {"points": {"type": "number", "minimum": 0}, "descriptor": TEXT},
    "additionalProperties": False,
}
CRITERION = {
    "type": "object",
    "required": ["id", "criterion", "levels"],
    "properties": {
        "id": SLUG,
        "criterion": TEXT,
        "levels": {"type": "array", "items": LEVEL, "minItems": 2},
    },
    "additionalProperties": False,
}

ITEM = {
    "type": "object",
    "required": ["id", "kind", "prompt", "source"],
    "properties": {"id": SLUG, "kind": {"enum": list(KINDS)}},
    "allOf": [
        _kind("single", ["options"], options={"type": "array", "items": OPTION, "minItems": 2}),
        _kind("multiple", ["options"], options={"type": "array", "items": OPTION, "minItems": 2}),
        _kind(
            "classify",
            ["scheme", "answer", "feedback"],
            scheme={"enum": list(SCHEMES)},
            extra_categories={"type": "array", "items": CATEGORY},
            answer=SLUG,
            feedback={"type": "object", "additionalProperties": TEXT},
        ),
        _kind(
            "matching",
            ["left", "right", "key"],
            left={"type": "array", "items": ENTRY, "minItems": 2},
            right={"type": "array", "items": ENTRY, "minItems": 2},
            key={"type": "object", "additionalProperties": SLUG},
        ),
        _kind(
            "ordering",
            ["steps"],
            steps={"type": "array", "items": ENTRY, "minItems": 3},
        ),
        _kind(
            "numeric",
            [],
            answer={"type": "number"},
            compute=COMPUTE,
            tolerance={"type": "number", "minimum": 0},
            unit=TEXT,
            hints={"type": "array", "items": HINT},
            feedback={
                "type": "object",
                "properties": {"right": TEXT, "wrong": TEXT},
                "additionalProperties": False,
            },
        ),
        _kind(
            "short",
            ["rubric", "model_answer"],
            rubric={"type": "array", "items": CRITERION, "minItems": 1},
            model_answer=TEXT,
            max_words={"type": "integer", "minimum": 1},
        ),
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
        "instructions": TEXT,
        "include": {
            "type": "array",
            "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$"},
        },
        "items": {"type": "array", "items": ITEM},
    },
    "additionalProperties": False,
}
