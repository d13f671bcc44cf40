"""Each item kind is complete in every place a kind lives, and the exercises package
has no import cycle.

The places (the package's exercises/README.md, "Adding an item kind"): the kind's
class registered in ``kinds.KINDS`` (with its schema fragment, public and key
fields, scorer and views), its entry in ``widget.js``'s ``KINDS``, and its row in the
README's format table. These tests fail when a kind is missing from any of them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from coproduction.exercises import kinds, schema
from coproduction.exercises.items import load_bank
from coproduction.exercises.kinds import KINDS, AnswerError, Item, key_fields, validate_shape

PACKAGE = Path(kinds.__file__).resolve().parent.parent
WIDGET_JS = (PACKAGE / "widget.js").read_text(encoding="utf-8")
README = (PACKAGE / "README.md").read_text(encoding="utf-8")

# What each kind must define itself (not inherit from Item, where they only raise).
OWN = ("from_raw", "check_shape", "_score", "key", "practice", "public", "key_in_words", "describe")


@pytest.fixture(scope="module")
def examples() -> dict[str, Item]:
    """One bank item of every kind."""
    found: dict[str, Item] = {}
    for items in load_bank().values():
        for it in items:
            found.setdefault(it.kind, it)
    return found


def _names(spec: Any) -> set[str]:
    """Every field name in a spec, at any depth (not inside a key-bearing field)."""
    if isinstance(spec, dict):
        inner = (_names(v) for k, v in spec.items() if k not in kinds.ALL_KEY_FIELDS)
        return set(spec) | {n for names in inner for n in names}
    if isinstance(spec, list):
        return {n for v in spec for n in _names(v)}
    return set()


def _js_kinds() -> dict[str, str]:
    """widget.js's KINDS registry: kind -> the text of its entry."""
    block = re.search(r"^const KINDS = \{\n(.*?)^\};", WIDGET_JS, flags=re.S | re.M)
    assert block, "widget.js has no `const KINDS = {...};` registry"
    entries = re.findall(r"^  (\w+): \{(.*)\},$", block.group(1), flags=re.M)
    return dict(entries)


def test_the_registry_is_the_schemas_kind_list():
    assert list(KINDS) == list(schema.KINDS) == schema.COMMON["kind"]["enum"]
    for kind, cls in KINDS.items():
        assert kind == cls.KIND and issubclass(cls, Item)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_defines_its_own_behaviour(kind):
    cls = KINDS[kind]
    inherited = [name for name in OWN if getattr(cls, name) is getattr(Item, name)]
    assert not inherited, f"{cls.__name__} does not define {inherited}"
    assert cls.ANSWER_SHAPE, f"{cls.__name__} has no ANSWER_SHAPE"
    assert kinds.ANSWER_SHAPES[kind] == cls.ANSWER_SHAPE


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_has_its_entry_in_the_file_schema(kind):
    cls = KINDS[kind]
    entries = [e for e in schema.ITEM["allOf"] if e["if"]["properties"]["kind"]["const"] == kind]
    assert len(entries) == 1, f"schema.ITEM has {len(entries)} entries for {kind}"
    then = entries[0]["then"]
    assert then["required"] == ["id", "kind", "prompt", "source", *cls.SCHEMA["required"]]
    assert then["properties"] == {**schema.COMMON, **cls.SCHEMA["properties"]}


@pytest.mark.parametrize("kind", list(KINDS))
def test_public_and_key_fields_match_the_views(kind, examples):
    """PUBLIC_FIELDS are in the public form; KEY_FIELDS are exactly what the practice
    form adds to it (so the leak guard knows every field that gives a key away)."""
    it = examples[kind]
    public, practice = it.public(), it.practice()
    assert set(it.PUBLIC_FIELDS) <= set(public), kind
    assert key_fields(public) == [], kind
    assert set(it.KEY_FIELDS) == _names(practice) - _names(public), kind
    assert set(it.KEY_FIELDS) <= kinds.ALL_KEY_FIELDS


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_scores_describes_and_words_its_key(kind, examples):
    it = examples[kind]
    answer = it.key() if it.auto else "An answer in my own words."
    validate_shape(it.public(), answer)
    result = it.check(answer)
    assert result.score == (1.0 if it.auto else None)
    assert it.describe(answer).startswith("<")
    assert it.key_in_words()


@pytest.mark.parametrize("kind", list(KINDS))
def test_one_shape_check_for_items_and_released_questions(kind, examples):
    """The same answer is refused with the same words by the item and by its release."""
    it = examples[kind]
    for answer in ("zz", ["zz"], {"zz": "yy"}, 3, True, float("nan"), 10**400, None, []):
        try:
            it.check(answer)
        except AnswerError as err:
            with pytest.raises(AnswerError) as released:
                validate_shape(it.public(), answer)
            assert str(released.value) == str(err)
        else:
            validate_shape(it.public(), answer)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_has_a_front_end_in_widget_js(kind):
    cls = KINDS[kind]
    entry = _js_kinds().get(kind)
    assert entry is not None, f"widget.js's KINDS has no entry for {kind}"
    parts = dict(re.findall(r"(\w+): (\w+)", entry))
    needed = ("controls", "check") if cls.auto else ("controls", "show")
    for part in needed:
        assert part in parts, f"widget.js KINDS.{kind} has no {part}"
        assert re.search(rf"^function {parts[part]}\(", WIDGET_JS, flags=re.M), parts[part]


def test_widget_js_has_no_kind_that_is_not_registered():
    assert list(_js_kinds()) == list(KINDS)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_is_in_the_format_doc(kind):
    assert re.search(rf"^\| `{kind}` \|", README, flags=re.M), f"README format table: {kind}"


def test_the_readme_says_how_to_add_a_kind():
    section = README.split("## Adding an item kind", 1)
    assert len(section) == 2, "exercises/README.md has no 'Adding an item kind' section"
    for place in ("kinds/", "widget.js", "README", "test_item_kinds.py"):
        assert place in section[1], place


def test_release_refuses_a_kind_whose_public_form_leaks(monkeypatch, tmp_path):
    from coproduction.exercises.release import ReleaseError, release_data

    from .grading_helpers import make_set

    _, _, aset = make_set(tmp_path)
    numeric = KINDS["numeric"]
    monkeypatch.setattr(numeric, "public", lambda self: {**self._base(), "answer": self.answer})
    with pytest.raises(ReleaseError, match=r"item t-numeric \(numeric\).*holds answer"):
        release_data(aset)


# Imports --------------------------------------------------------------------------


def _imports(path: Path, module: str, known: set[str]) -> set[str]:
    """The package modules ``path`` imports, anywhere in it (not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for n in ast.walk(node)}
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            for a in node.names:
                found.add(f"{base}.{a.name}" if f"{base}.{a.name}" in known else base)
    return {m for m in found if m in known and m != module}


def _graph() -> dict[str, set[str]]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return {m: _imports(p, m, set(modules)) for m, p in modules.items()}


def test_the_exercises_package_has_no_import_cycle():
    graph = _graph()
    assert "coproduction.exercises.kinds" in graph
    done: set[str] = set()

    def visit(m: str, path: list[str]) -> None:
        if m in path:
            cycle = path[path.index(m) :] + [m]
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        if m in done:
            return
        for n in sorted(graph[m]):
            visit(n, [*path, m])
        done.add(m)

    for m in sorted(graph):
        visit(m, [])


def test_items_and_measures_do_not_import_each_other():
    graph = _graph()
    items, measures = "coproduction.exercises.items", "coproduction.exercises.measures"
    assert measures not in graph[items] and items not in graph[measures]
    assert "coproduction.exercises.kinds" not in graph[measures]


def test_the_cycle_check_sees_a_cycle(tmp_path):
    """The checker itself: a function-level import back is a cycle."""
    pkg = tmp_path / "coproduction" / "exercises"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from coproduction.exercises import b\n")
    (pkg / "b.py").write_text("def f():\n    from coproduction.exercises.a import x\n")
    known = {"coproduction.exercises.a", "coproduction.exercises.b", "coproduction.exercises"}
    assert _imports(pkg / "a.py", "coproduction.exercises.a", known) == {"coproduction.exercises.b"}
    assert _imports(pkg / "b.py", "coproduction.exercises.b", known) == {"coproduction.exercises.a"}
