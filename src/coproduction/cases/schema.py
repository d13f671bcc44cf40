"""JSON Schemas for the case-data files (documented in ``case_data/README.md``).

The schemas check shape: required fields, types and closed vocabularies that do
not depend on other files. Cross-references (an element's phase, an interaction's
actors, a kind that must exist in the frameworks) are checked afterwards by
:mod:`coproduction.cases.loader`, which can name what was expected.
"""

from __future__ import annotations

from typing import Any

SLUG = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}
TEXT = {"type": "string", "minLength": 1}
SLUG_OR_NULL = {"anyOf": [SLUG, {"type": "null"}]}
SLUGS = {"type": "array", "items": SLUG}
TEXTS = {"type": "array", "items": TEXT}

SOURCE = {
    "type": "object",
    "required": ["paper", "where"],
    "properties": {"paper": SLUG, "where": TEXT},
    "additionalProperties": False,
}
STATUS = {"enum": ["reported", "illustrative"]}
ILLUSTRATIVE_NEEDS_NOTE = {
    "if": {"properties": {"status": {"const": "illustrative"}}, "required": ["status"]},
    "then": {"required": ["note"]},
}


def record(required: list[str], **fields: Any) -> dict[str, Any]:
    """A record: ``id``, ``source``, ``status`` and ``note`` plus its own fields."""
    return {
        "type": "object",
        "required": ["id", "source", "status", *required],
        "properties": {
            "id": SLUG,
            "source": SOURCE,
            "status": STATUS,
            "note": TEXT,
            **fields,
        },
        "additionalProperties": False,
        **ILLUSTRATIVE_NEEDS_NOTE,
    }


def records(item: dict[str, Any], min_items: int = 0) -> dict[str, Any]:
    return {"type": "array", "items": item, "minItems": min_items}


def document(required: list[str], **keys: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": required,
        "properties": keys,
        "additionalProperties": False,
    }


SOURCES = records(
    {
        "type": "object",
        "required": ["key", "seed", "citation"],
        "properties": {
            "key": SLUG,
            "seed": {"anyOf": [{"type": "string", "pattern": "^[0-9]{3}$"}, {"type": "null"}]},
            "citation": TEXT,
        },
        "additionalProperties": False,
    },
    min_items=1,
)

DATE = {
    "anyOf": [
        {"type": "integer", "minimum": 1000, "maximum": 9999},
        {"type": "string", "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2]))?$"},
    ]
}

TIMING = {
    "type": "object",
    "required": ["enters", "leaves", "actual_from", "source", "status"],
    "properties": {
        "enters": SLUG,
        "leaves": SLUG_OR_NULL,
        "actual_from": SLUG_OR_NULL,
        "source": SOURCE,
        "status": STATUS,
        "note": TEXT,
    },
    "additionalProperties": False,
    **ILLUSTRATIVE_NEEDS_NOTE,
}

GOAL = record(["text"], text=TEXT)

CASE_FILES: dict[str, dict[str, Any]] = {
    "case.yaml": document(
        ["id", "title", "short_title", "summary", "sources"],
        id=SLUG,
        title=TEXT,
        short_title=TEXT,
        summary=TEXT,
        sources=SOURCES,
        facts=records(
            record(
                ["label", "value", "group"],
                label=TEXT,
                value={"anyOf": [{"type": "number"}, TEXT]},
                unit=TEXT,
                group=SLUG,
            )
        ),
        timeline=records(record(["date", "event"], date=DATE, event=TEXT)),
        questions=records(record(["text"], text=TEXT)),
        principles=records(record(["text"], text=TEXT)),
        lessons=records(
            record(
                ["title", "text", "kind"],
                title=TEXT,
                text=TEXT,
                kind={"enum": ["recommendation", "implication"]},
            )
        ),
    ),
    "actors.yaml": document(
        ["actors"],
        actors=records(
            record(
                ["name", "type", "level"],
                name=TEXT,
                type=SLUG,
                level=SLUG,
                count={"type": "integer", "minimum": 1},
                presence={"enum": ["actual", "virtual"]},
                goals=records(GOAL),
            ),
            min_items=1,
        ),
        goal_relations=records(
            record(
                ["a", "b", "relation", "evidence"],
                a={"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$"},
                b={"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$"},
                relation={"enum": ["congruent", "tension"]},
                evidence=TEXT,
            )
        ),
    ),
    "interactions.yaml": document(
        ["interactions"],
        interactions=records(
            record(
                ["from", "to", "process", "level", "nature", "description"],
                **{"from": SLUG, "to": SLUG},
                process=SLUG,
                level=SLUG,
                nature={"enum": ["collaborative", "antagonistic", "mixed"]},
                description=TEXT,
            )
        ),
    ),
    "factors.yaml": document(
        ["factors"],
        factors=records(
            record(
                ["name", "kind", "evidence", "acts_on"],
                name=TEXT,
                kind={"enum": ["enabler", "constraint"]},
                group=SLUG,
                evidence={"type": "array", "items": TEXT, "minItems": 1},
                acts_on={
                    "type": "object",
                    "properties": {"actors": SLUGS, "interactions": SLUGS, "levels": SLUGS},
                    "additionalProperties": False,
                    "minProperties": 1,
                },
            )
        ),
    ),
    "assemblage.yaml": document(
        ["phases", "elements"],
        phases=records(record(["name", "description"], name=TEXT, description=TEXT), 1),
        elements=records(
            record(
                ["name", "category", "kind", "timing"],
                name=TEXT,
                category=SLUG,
                kind=SLUG,
                timing=TIMING,
            ),
            min_items=1,
        ),
        links=records(record(["a", "b", "description"], a=SLUG, b=SLUG, description=TEXT)),
    ),
    "values.yaml": document(
        ["value_views"],
        value_views=records(
            record(
                ["actor", "dimension", "valence", "text"],
                actor=SLUG,
                dimension=SLUG,
                process=SLUG,
                valence={"enum": ["creation", "destruction", "contested"]},
                text=TEXT,
            )
        ),
    ),
}

NAMED = record(["name", "description"], name=TEXT, description=TEXT)
EXAMPLE = {
    "type": "object",
    "required": ["text", "source", "status"],
    "properties": {"id": SLUG, "text": TEXT, "source": SOURCE, "status": STATUS, "note": TEXT},
    "additionalProperties": False,
    **ILLUSTRATIVE_NEEDS_NOTE,
}

FRAMEWORK_FILES: dict[str, dict[str, Any]] = {
    "frameworks.yaml": document(["sources"], sources=SOURCES),
    "modes.yaml": document(
        ["levels", "modes", "limits"],
        levels=records(NAMED, 2),
        modes=records(
            record(
                ["name", "level", "aim", "aim_id", "roots", "description", "cues"],
                name=TEXT,
                level={"type": "array", "items": SLUG, "minItems": 1},
                aim=TEXT,
                aim_id=SLUG,
                roots=TEXT,
                description=TEXT,
                key_ideas=TEXTS,
                cues={"type": "array", "items": TEXT, "minItems": 1},
            ),
            3,
        ),
        limits=records(record(["name", "description"], name=TEXT, description=TEXT, example=TEXT)),
        barriers=records(NAMED),
    ),
    "matrix.yaml": document(
        ["dimensions", "cells"],
        dimensions=records(
            record(
                ["name", "values"],
                name=TEXT,
                values={
                    "type": "array",
                    "minItems": 2,
                    "items": {
                        "type": "object",
                        "required": ["id", "name"],
                        "properties": {"id": SLUG, "name": TEXT},
                        "additionalProperties": False,
                    },
                },
            ),
            2,
        ),
        cells=records(
            record(
                ["quadrant", "name", "nature", "locus", "description"],
                quadrant={"type": "integer", "minimum": 1, "maximum": 4},
                name=TEXT,
                nature=SLUG,
                locus=SLUG,
                description=TEXT,
                examples={"type": "array", "items": EXAMPLE},
                value_created=TEXT,
            ),
            4,
        ),
        value_types=records(NAMED),
        open_problems=records(NAMED),
    ),
    "ecosystem.yaml": document(
        ["levels", "processes"],
        levels=records(
            record(["name", "description"], name=TEXT, description=TEXT, examples=TEXTS), 1
        ),
        processes=records(
            record(
                ["name", "kind", "description"],
                name=TEXT,
                kind={"enum": ["intrinsic", "extrinsic", "inter-organisational"]},
                description=TEXT,
                actors=TEXT,
            ),
            1,
        ),
    ),
    "value.yaml": document(
        ["dimensions"],
        dimensions=records(NAMED, 1),
        properties=records(NAMED),
    ),
    "assemblage.yaml": document(
        ["kinds", "categories"],
        kinds=records(NAMED, 1),
        categories=records(
            record(
                ["name", "description"],
                name=TEXT,
                description=TEXT,
                typical_kinds=SLUGS,
            ),
            1,
        ),
        concepts=records(NAMED),
        definition_of_value={
            "anyOf": [record(["text"], text=TEXT), records(record(["text"], text=TEXT), 1)]
        },
        cautions=records(NAMED),
    ),
    "scenarios.yaml": document(
        ["scenarios"],
        scenarios=records(
            record(
                ["name", "text", "mode", "cell", "why_mode", "why_cell"],
                name=TEXT,
                text=TEXT,
                mode=SLUG_OR_NULL,
                cell=SLUG_OR_NULL,
                why_mode=TEXT,
                why_cell=TEXT,
                case=SLUG_OR_NULL,
            ),
            1,
        ),
    ),
    "ladder.yaml": document(
        ["rungs"],
        rungs=records(
            record(
                ["name", "description", "rung", "group"],
                name=TEXT,
                description=TEXT,
                rung={"type": "integer", "minimum": 1, "maximum": 8},
                group={"enum": ["nonparticipation", "tokenism", "citizen-power"]},
            ),
            8,
        ),
        placements=records(
            record(
                ["name", "text", "rung", "why"],
                name=TEXT,
                text=TEXT,
                rung=SLUG,
                why=TEXT,
                case=SLUG_OR_NULL,
            )
        ),
    ),
    "continuum.yaml": document(
        ["characteristics", "services"],
        characteristics=records(NAMED, 1),
        services=records(
            record(
                ["name", "text", "contact", "how_users_coproduce", "why"],
                name=TEXT,
                text=TEXT,
                contact={"type": "number", "minimum": 0, "maximum": 1},
                how_users_coproduce=TEXT,
                why=TEXT,
                case=SLUG_OR_NULL,
            ),
            2,
        ),
    ),
}
# Framework files a frameworks folder may leave out (the loader gives them no records).
OPTIONAL_FRAMEWORK_FILES = ("scenarios.yaml", "ladder.yaml", "continuum.yaml")


# The comparison of chapter 7 (case_data/comparison.yaml) ----------------------

#: The kinds of case data a framework's explorers read (the ``data`` list of a
#: framework in the comparison); :data:`coproduction.models.comparison.DATA` says
#: how to count each in a case.
COMPARISON_DATA_KINDS = (
    "ladder-placements",
    "continuum-services",
    "encounters",
    "scenarios",
    "value-views",
    "elements",
    "actors",
    "interactions",
    "factors",
)
COMPARISON_SOURCE = {"anyOf": [SOURCE, {"type": "array", "items": SOURCE, "minItems": 1}]}


def _compared(required: list[str], **fields: Any) -> dict[str, Any]:
    """A comparison record: its own fields plus ``source``, ``status`` and ``note``."""
    return {
        "type": "object",
        "required": [*required, "source", "status"],
        "properties": {**fields, "source": COMPARISON_SOURCE, "status": STATUS, "note": TEXT},
        "additionalProperties": False,
        **ILLUSTRATIVE_NEEDS_NOTE,
    }


COMPARISON = document(
    ["sources", "frameworks", "rows", "cells"],
    sources=records(
        {
            "type": "object",
            "required": ["key", "citation"],
            "properties": {"key": SLUG, "citation": TEXT},
            "additionalProperties": False,
        },
        min_items=1,
    ),
    frameworks=records(
        _compared(
            ["id", "name", "short_name", "chapter", "key_works", "data", "explorers"],
            id=SLUG,
            name=TEXT,
            short_name=TEXT,
            chapter=TEXT,
            key_works=SLUGS,
            data={"type": "array", "items": {"enum": list(COMPARISON_DATA_KINDS)}},
            explorers=TEXTS,
        ),
        min_items=1,
    ),
    rows=records(
        document(
            ["id", "question", "label", "case"],
            id=SLUG,
            question=TEXT,
            label=TEXT,
            case=SLUG_OR_NULL,
        ),
        min_items=1,
    ),
    cells={
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "additionalProperties": _compared(["text"], text=TEXT),
        },
    },
)
