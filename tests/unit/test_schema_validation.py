"""JSON Schema validation: jsonschema-rs, or the pure-Python fallback used where it has
no build (Pyodide). Both must give the loaders the same problems, in the same order."""

from __future__ import annotations

import copy
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from coproduction import datafile
from coproduction import schema_validation as sv
from coproduction.cases.schema import CASE_FILES, FRAMEWORK_FILES
from coproduction.exercises import schema as exercise_schema
from coproduction.resources import example, packaged

try:
    import jsonschema_rs  # noqa: F401

    HAVE_RUST = True
except ImportError:
    HAVE_RUST = False

needs_rust = pytest.mark.skipif(not HAVE_RUST, reason="jsonschema-rs is not installed")


def shipped_files() -> list[tuple[Path, str, dict]]:
    """Every data file the package ships, with the schema it is checked against."""
    root = packaged("case_data")
    found = [
        (root / "frameworks", name, schema)
        for name, schema in FRAMEWORK_FILES.items()
        if (root / "frameworks" / name).is_file()
    ]
    for case in (root / "ipoa", root / "scottish-social-security", example("library-at-home")):
        found += [(case, name, schema) for name, schema in CASE_FILES.items()]
    bank = packaged("exercises/bank")
    found += [(bank, p.name, exercise_schema.BANK) for p in sorted(bank.glob("*.yaml"))]
    examples = example("bank")
    found += [(examples, p.name, exercise_schema.BANK) for p in sorted(examples.glob("*.yaml"))]
    found.append(
        (example("example-set.yaml").parent, "example-set.yaml", exercise_schema.ASSESSED_SET)
    )
    return [(folder, name, schema) for folder, name, schema in found if (folder / name).is_file()]


def read(folder: Path, name: str) -> tuple[dict, dict]:
    reader = datafile.Reader(folder)
    data = reader.read(name, required=True)
    assert data is not None and not reader.problems, reader.problems
    return data, reader.lines[name]


def problems(monkeypatch, backend: str, folder: Path, name: str, data, schema, lines) -> list:
    """The problems :meth:`datafile.Reader.validate` reports for ``data`` with ``backend``."""
    monkeypatch.setattr(sv, "BACKEND", backend)
    reader = datafile.Reader(folder)
    reader.lines[name] = lines
    reader.validate(name, data, schema)
    return reader.problems


# Malformed data, made by breaking the shipped files at random (with a fixed seed) ------

WRONG = ["", 3, 0, -1, 2.5, True, None, [], [1], {}, {"a": 1}, "Not A Slug", "x/y", "2016-13"]


def _nodes(value: Any, path: tuple = ()):
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _nodes(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _nodes(child, (*path, index))


def broken(data: dict, rng: random.Random) -> dict:
    """``data`` with one to five fields removed, added or given a value of the wrong shape."""
    data = copy.deepcopy(data)
    for _ in range(rng.choice([1, 1, 2, 3, 5])):
        path, node = rng.choice(list(_nodes(data)))
        roll = rng.random()
        if isinstance(node, dict) and node and roll < 0.35:
            del node[rng.choice(list(node))]
        elif isinstance(node, dict) and roll < 0.5:
            key = rng.choice(["colour", "id", "note", "kind", "status"])
            node[key] = copy.deepcopy(rng.choice(WRONG))
        elif path:
            parent = data
            for step in path[:-1]:
                parent = parent[step]
            parent[path[-1]] = copy.deepcopy(rng.choice(WRONG))
    return data


FILES = shipped_files()


@needs_rust
@pytest.mark.parametrize(
    ("folder", "name", "schema"), FILES, ids=[f"{f.name}/{n}" for f, n, _ in FILES]
)
def test_both_backends_report_the_same_problems_for_broken_files(monkeypatch, folder, name, schema):
    data, lines = read(folder, name)
    rng = random.Random(f"{folder.name}/{name}")
    reported = 0
    for _ in range(25):
        bad = broken(data, rng)
        rust = problems(monkeypatch, sv.RUST, folder, name, bad, schema, lines)
        python = problems(monkeypatch, sv.PYTHON, folder, name, bad, schema, lines)
        assert [str(p) for p in python] == [str(p) for p in rust], json.dumps(bad)[:2000]
        assert python == rust
        reported += len(rust)
    assert reported >= 10, "the broken files should have had problems"


# Each message the loader writes, with each backend -------------------------------------

DOC = CASE_FILES["actors.yaml"]
GOOD_ACTOR = {
    "id": "council",
    "source": {"paper": "book", "where": "here"},
    "status": "reported",
    "name": "The council",
    "type": "public",
    "level": "meso",
}

EXPECTED = [
    # (what is broken, the actors.yaml document, the problems reported, in order)
    (
        "missing field",
        {"actors": [{k: v for k, v in GOOD_ACTOR.items() if k != "type"}]},
        ["t/actors.yaml: actors[0] (id 'council'), field 'type': missing field 'type'"],
    ),
    (
        "illustrative without a note",
        {"actors": [{**GOOD_ACTOR, "status": "illustrative"}]},
        [
            "t/actors.yaml: actors[0] (id 'council'), field 'note': missing field 'note': "
            "an illustrative record must say why the book adds it"
        ],
    ),
    (
        "unknown fields, then a missing one (a single required field is reported last)",
        {"colour": 1, "shape": 2, "goal_relations": "x"},
        [
            "t/actors.yaml: unknown field(s) 'colour', 'shape'; allowed: actors, goal_relations",
            "t/actors.yaml: field 'actors': missing field 'actors'",
            "t/actors.yaml: field 'goal_relations': expected a list, got text ('x')",
        ],
    ),
    (
        "unknown field and missing fields in a record (several required: reported first)",
        {"actors": [{"id": "x", "status": "reported", "colour": "red"}]},
        [
            "t/actors.yaml: actors[0] (id 'x'), field 'source': missing field 'source'",
            "t/actors.yaml: actors[0] (id 'x'), field 'name': missing field 'name'",
            "t/actors.yaml: actors[0] (id 'x'), field 'type': missing field 'type'",
            "t/actors.yaml: actors[0] (id 'x'), field 'level': missing field 'level'",
            "t/actors.yaml: actors[0] (id 'x'): unknown field(s) 'colour'; allowed: count, goals, "
            "id, level, name, note, presence, source, status, type",
        ],
    ),
    (
        "enum, type, pattern, minimum, minLength, minItems",
        {
            "actors": [
                {
                    **GOOD_ACTOR,
                    "presence": "ghostly",
                    "count": 0,
                    "level": "Meso Level",
                    "name": "",
                    "type": 7,
                }
            ]
        },
        [
            "t/actors.yaml: actors[0] (id 'council'), field 'count': 0 is out of range (minimum 1)",
            "t/actors.yaml: actors[0] (id 'council'), field 'level': 'Meso Level' is not a "
            "valid id: use lower-case letters, digits and hyphens",
            "t/actors.yaml: actors[0] (id 'council'), field 'name': must not be empty",
            "t/actors.yaml: actors[0] (id 'council'), field 'presence': 'ghostly' is not "
            "allowed; expected one of: actual, virtual",
            "t/actors.yaml: actors[0] (id 'council'), field 'type': expected text, got a "
            "number (7)",
        ],
    ),
    (
        "an actor/goal pair and an empty list that needs items",
        {
            "actors": [],
            "goal_relations": [
                {
                    **{k: GOOD_ACTOR[k] for k in ("id", "source", "status")},
                    "a": "council",
                    "b": "readers/company",
                    "relation": "tension",
                    "evidence": "x",
                }
            ],
        },
        [
            "t/actors.yaml: field 'actors': needs at least 1 item(s), has 0",
            "t/actors.yaml: goal_relations[0] (id 'council'), field 'a': 'council' should be "
            "written actor-id/goal-id",
        ],
    ),
]


@pytest.mark.parametrize("backend", [sv.RUST, sv.PYTHON], ids=["jsonschema-rs", "jsonschema"])
@pytest.mark.parametrize(("what", "data", "expected"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_each_kind_of_problem_reads_the_same(monkeypatch, backend, what, data, expected):
    if backend == sv.RUST and not HAVE_RUST:
        pytest.skip("jsonschema-rs is not installed")
    found = problems(monkeypatch, backend, Path("t"), "actors.yaml", data, DOC, {})
    assert [str(p) for p in found] == expected


@pytest.mark.parametrize("backend", [sv.RUST, sv.PYTHON], ids=["jsonschema-rs", "jsonschema"])
def test_messages_the_loader_passes_on_read_the_same(monkeypatch, backend):
    """anyOf (other than a date) and exclusiveMinimum have no message of the loader's own:
    jsonschema-rs's is passed on, so the fallback writes it the same way."""
    if backend == sv.RUST and not HAVE_RUST:
        pytest.skip("jsonschema-rs is not installed")
    sources = {"sources": [{"key": "a", "seed": "12", "citation": "A"}]}
    found = problems(
        monkeypatch, backend, Path("t"), "frameworks.yaml", sources,
        FRAMEWORK_FILES["frameworks.yaml"], {},
    )  # fmt: skip
    assert [str(p) for p in found] == [
        "t/frameworks.yaml: sources[0], field 'seed': '12' does not fit: \"12\" is not valid "
        "under any of the schemas listed in the 'anyOf' keyword"
    ]
    item = {"id": "q", "kind": "numeric", "prompt": "P", "source": "S", "answer": 1, "points": 0}
    found = problems(
        monkeypatch, backend, Path("t"), "chapter-x.yaml", {"items": [item]},
        exercise_schema.BANK, {},
    )  # fmt: skip
    assert [str(p) for p in found] == [
        "t/chapter-x.yaml: items[0] (id 'q'), field 'points': 0 is less than or equal to the "
        "minimum of 0"
    ]


def test_the_fallback_errors_have_the_interface_the_loader_reads():
    schema = {
        "type": "object",
        "required": ["a", "b"],
        "properties": {"a": {"type": "integer"}},
        "additionalProperties": False,
    }
    errors = list(sv.validator_for(schema, backend="python").iter_errors({"c": 1, "d": [2]}))
    assert [(e.kind.name, e.instance_path, e.schema_path) for e in errors] == [
        ("required", [], ["required"]),
        ("required", [], ["required"]),
        ("additionalProperties", [], ["additionalProperties"]),
    ]
    assert [e.kind.property for e in errors[:2]] == ["a", "b"]
    assert errors[2].kind.unexpected == ("c", "d")
    assert errors[2].instance == {"c": 1, "d": [2]}
    assert errors[0].message == '"a" is a required property'
    assert errors[2].message == "Additional properties are not allowed ('c', 'd' were unexpected)"
    nested_schema = {"properties": {"a": {"type": "integer"}}}
    [nested] = sv.validator_for(nested_schema, backend="python").iter_errors({"a": "x"})
    assert (nested.kind.name, nested.instance_path, nested.instance) == ("type", ["a"], "x")
    assert nested.schema_path == ["properties", "a", "type"]
    assert nested.message == '"x" is not of type "integer"'


def test_an_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="unknown schema backend"):
        sv.validator_for({}, backend="perl")


# The choice is made when the package is imported ------------------------------------------

IMPORT_CHECK = """
import json, sys
{block}
from coproduction import schema_validation
from coproduction import datafile
from coproduction.cases import case_ids, load_case, load_frameworks
fw = load_frameworks()
cases = [load_case(c, fw).id for c in case_ids()]
print(json.dumps({{
    "backend": schema_validation.BACKEND,
    "cases": cases,
    "modes": [m.id for m in fw.modes],
    "rust_loaded": bool(sys.modules.get("jsonschema_rs")),
    "validators": sorted({{type(v).__module__ for v in datafile._VALIDATORS.values()}}),
}}))
"""


def run_python(block: str = "", **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != sv.ENV_BACKEND}
    environ.update(env)
    code = IMPORT_CHECK.format(block=block)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environ, timeout=300
    )


def test_without_jsonschema_rs_the_python_fallback_loads_frameworks_and_cases():
    """As in Pyodide, where jsonschema-rs cannot be installed."""
    proc = run_python("sys.modules['jsonschema_rs'] = None  # cannot be imported")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["backend"] == "jsonschema"
    assert out["cases"] == ["ipoa", "scottish-social-security"]
    assert out["modes"] == ["consumer", "participative", "enhanced"]
    assert not out["rust_loaded"]
    assert out["validators"] == ["coproduction.schema_validation"]


def test_the_environment_variable_chooses_the_backend():
    proc = run_python(**{sv.ENV_BACKEND: "python"})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["backend"] == "jsonschema"
    proc = run_python(**{sv.ENV_BACKEND: "fortran"})
    assert proc.returncode != 0 and "use 'rust' (jsonschema-rs) or 'python'" in proc.stderr
    proc = run_python("sys.modules['jsonschema_rs'] = None", **{sv.ENV_BACKEND: "rust"})
    assert proc.returncode != 0 and "jsonschema_rs" in proc.stderr


@needs_rust
def test_jsonschema_rs_is_used_when_it_is_installed():
    proc = run_python()
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["backend"] == "jsonschema-rs" and out["rust_loaded"]
    assert out["validators"] == ["jsonschema_rs"]
