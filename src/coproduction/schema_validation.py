"""JSON Schema validation with jsonschema-rs, or pure Python where it cannot be installed.

The data files (cases, frameworks, item bank, assessed sets) are checked against the
schemas in :mod:`coproduction.cases.schema` and :mod:`coproduction.exercises.schema`.
`jsonschema-rs <https://pypi.org/project/jsonschema-rs/>`_ does this in Rust and is
the default. It has no WebAssembly build, so in a browser (Pyodide, JupyterLite) the
pure-Python `jsonschema <https://pypi.org/project/jsonschema/>`_ package is used instead,
with its errors adapted to look like jsonschema-rs's: the loader's reports (file, line,
record, field and message) are the same with either.

The backend is chosen once, when this module is imported: jsonschema-rs if it can be
imported, else jsonschema. ``$COPRODUCTION_SCHEMA_BACKEND`` set to ``python`` (or
``jsonschema``) forces the pure-Python one; ``rust`` (or ``jsonschema-rs``) insists on
jsonschema-rs. :data:`BACKEND` names the one in use; :func:`validator_for` takes a
``backend`` argument to use the other one for a single schema (the tests compare them).

Every validator has ``iter_errors(instance)``, yielding errors with

* ``instance_path``: the keys and indices from the document's top to the failing value;
* ``schema_path``: the keys and indices from the schema's top to the failing keyword;
* ``kind``: ``kind.name`` is the keyword (``"required"``, ``"additionalProperties"``,
  ``"type"``...); ``kind.property`` is the missing field of a ``required`` error and
  ``kind.unexpected`` the unknown fields of an ``additionalProperties`` one;
* ``instance``: the failing value; ``message``: a one-line description.

The pure-Python errors are also put in jsonschema-rs's order (which is not the order of
the schema's keys): a file's problems then come out in the same order with either.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

ENV_BACKEND = "COPRODUCTION_SCHEMA_BACKEND"
RUST = "jsonschema-rs"
PYTHON = "jsonschema"
_ALIASES = {
    "rust": RUST,
    "jsonschema-rs": RUST,
    "jsonschema_rs": RUST,
    "python": PYTHON,
    "jsonschema": PYTHON,
}


def _available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # sys.modules[module] is None, or a broken entry
        return False


def _choose(wanted: str | None) -> str:
    wanted = (wanted or "").strip().lower()
    if wanted and wanted not in _ALIASES:
        raise ImportError(
            f"${ENV_BACKEND} is {wanted!r}; use 'rust' (jsonschema-rs) or 'python' (jsonschema)"
        )
    choice = _ALIASES.get(wanted)
    if choice in (None, RUST):
        try:
            importlib.import_module("jsonschema_rs")
        except ImportError:
            if choice == RUST:
                raise
        else:
            return RUST
    if not _available("jsonschema"):
        raise ImportError(
            "no JSON Schema validator: install jsonschema-rs or, where it has no build "
            "(Pyodide), jsonschema"
        )
    return PYTHON


#: The backend in use: ``"jsonschema-rs"`` or ``"jsonschema"``.
BACKEND: str = _choose(os.environ.get(ENV_BACKEND))


def backend() -> str:
    """The backend in use: ``"jsonschema-rs"`` or ``"jsonschema"``."""
    return BACKEND


class ErrorKind(Protocol):
    """What every backend's ``error.kind`` has: ``name``, the failing keyword."""

    @property
    def name(self) -> str: ...


class ValidationError(Protocol):
    """What every backend's errors have (see the module's docstring)."""

    @property
    def instance_path(self) -> Sequence[str | int]: ...
    @property
    def schema_path(self) -> Sequence[str | int]: ...
    @property
    def kind(self) -> ErrorKind: ...
    @property
    def instance(self) -> Any: ...
    @property
    def message(self) -> str: ...


class Validator(Protocol):
    """What :func:`validator_for` returns, from either backend."""

    def is_valid(self, instance: Any) -> bool: ...
    def iter_errors(self, instance: Any) -> Iterator[ValidationError]: ...


def validator_for(schema: Mapping[str, Any], backend: str | None = None) -> Validator:
    """A validator for ``schema`` from ``backend`` (by default :data:`BACKEND`)."""
    name = _ALIASES.get(backend, backend) if backend else BACKEND
    if name == RUST:
        import jsonschema_rs

        # jsonschema-rs's stubs ask for a dict; the schemas are plain dicts read from
        # YAML or JSON, and any mapping it cannot read raises as before.
        return jsonschema_rs.validator_for(cast("dict[str, Any]", schema))
    if name == PYTHON:
        return PythonValidator(schema)
    raise ValueError(f"unknown schema backend {backend!r}; use {RUST!r} or {PYTHON!r}")


# The pure-Python backend -----------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """What went wrong, as jsonschema-rs's ``ValidationErrorKind`` says it: ``name`` is
    the keyword; ``property`` (required) and ``unexpected`` (additionalProperties) as
    there; ``value`` is the keyword's value in the schema."""

    name: str
    value: Any = None
    property: str | None = None
    unexpected: tuple[str, ...] = ()


@dataclass(frozen=True)
class SchemaError:
    """One validation error, with jsonschema-rs's attributes."""

    instance_path: list[Any]
    schema_path: list[Any]
    kind: Kind
    instance: Any
    message: str
    order: tuple[tuple[int, int], ...] = field(default=(), repr=False, compare=False)


class PythonValidator:
    """jsonschema's validator for a schema (draft 2020-12 unless ``$schema`` says
    otherwise, as with jsonschema-rs), yielding :class:`SchemaError` objects."""

    def __init__(self, schema: Mapping[str, Any]):
        import jsonschema.validators

        cls = jsonschema.validators.validator_for(
            schema, default=jsonschema.validators.Draft202012Validator
        )
        cls.check_schema(schema)
        self.schema = schema
        self._validator = cls(schema)

    def is_valid(self, instance: Any) -> bool:
        valid: bool = self._validator.is_valid(instance)
        return valid

    def iter_errors(self, instance: Any) -> Iterator[SchemaError]:
        errors: list[SchemaError] = []
        # jsonschema yields one error per missing name of a ``required`` keyword, in the
        # list's order: hand the missing names out in that order.
        missing: dict[tuple[tuple[Any, ...], tuple[Any, ...]], Iterator[Any]] = {}
        for error in self._validator.iter_errors(instance):
            name = None
            if error.validator == "required":
                where = (tuple(error.absolute_path), tuple(error.absolute_schema_path))
                if where not in missing:
                    missing[where] = iter(
                        [p for p in error.validator_value if p not in error.instance]
                    )
                name = next(missing[where], None)
            errors.append(_adapt(error, self.schema, name))
        # sorted is stable: within one keyword, jsonschema's order (a required list's
        # order, items by index) is kept, and it is jsonschema-rs's too.
        return iter(sorted(errors, key=lambda e: e.order))


def _adapt(error: Any, schema: Mapping[str, Any], missing: Any = None) -> SchemaError:
    keyword = error.validator
    instance = error.instance
    value = error.validator_value
    path = list(error.absolute_path)
    schema_path = list(error.absolute_schema_path)
    order = _order(schema, schema_path)
    if keyword == "required":
        kind = Kind("required", value, property=missing)
    elif keyword == "additionalProperties" and value is False:
        kind = Kind(
            "additionalProperties", value, unexpected=tuple(_extras(instance, error.schema))
        )
    elif keyword is None:  # a schema that is just ``false``
        kind = Kind("falseSchema", False)
    else:
        kind = Kind(keyword, value)
    message = _message(kind, instance, matched=not error.context) or error.message
    return SchemaError(path, schema_path, kind, instance, message, order)


def _extras(instance: Any, schema: Mapping[str, Any]) -> Iterator[str]:
    """The keys of ``instance`` that neither ``properties`` nor ``patternProperties``
    allow, in the instance's order (jsonschema-rs's ``unexpected``)."""
    if not isinstance(instance, dict):
        return
    properties = schema.get("properties", {})
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    for key in instance:
        if key not in properties and not any(p.search(key) for p in patterns):
            yield key


# jsonschema-rs checks a schema's keywords in this order, whatever the order of its keys
# (measured with jsonschema-rs 0.61; the tests compare the two backends' reports, so a
# change shows); keywords not listed come last.
_RANK = {
    kw: i
    for i, kw in enumerate(
        [
            "$ref",
            "type",
            "const",
            "enum",
            "format",
            "minLength",
            "maxLength",
            "pattern",
            "minProperties",
            "maxProperties",
            "required",
            "dependentRequired",
            "properties",
            "patternProperties",
            "additionalProperties",
            "_required_after_additional",
            "propertyNames",
            "dependentSchemas",
            "minItems",
            "maxItems",
            "uniqueItems",
            "prefixItems",
            "items",
            "contains",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "allOf",
            "anyOf",
            "oneOf",
            "not",
            "if",
            "then",
            "else",
        ]
    )
}
# Keywords whose value is a list or mapping of schemas: the next path step picks one.
_INDEXED = {"allOf", "anyOf", "oneOf", "prefixItems"}
_NAMED = {"properties", "patternProperties", "dependentSchemas", "$defs", "definitions"}
_SUBSCHEMA = {
    "items",
    "additionalProperties",
    "propertyNames",
    "contains",
    "not",
    "if",
    "then",
    "else",
}


def _rank(node: Mapping[str, Any], keyword: Any) -> int:
    if (
        keyword == "required"
        and node.get("additionalProperties") is False
        and "properties" in node
        and len(node.get("required", ())) == 1
    ):
        # jsonschema-rs checks properties, additionalProperties: false and a single
        # required name together, reporting the missing name last.
        keyword = "_required_after_additional"
    return _RANK.get(keyword, len(_RANK))


def _order(schema: Any, schema_path: list[Any]) -> tuple[tuple[int, int], ...]:
    """A sort key putting errors in jsonschema-rs's order: depth first through the
    schema, each schema's keywords in :data:`_RANK` order."""
    key: list[tuple[int, int]] = []
    node = schema
    steps = iter(schema_path)
    for keyword in steps:
        if not isinstance(node, Mapping):
            break
        rank = _rank(node, keyword)
        if keyword in _INDEXED:
            index = next(steps, 0)
            key.append((rank, index if isinstance(index, int) else 0))
            node = node.get(keyword, [])[index] if isinstance(index, int) else None
        elif keyword in _NAMED:
            name = next(steps, None)
            names = list(node.get(keyword, {}))
            key.append((rank, names.index(name) if name in names else 0))
            node = node.get(keyword, {}).get(name)
        elif keyword in _SUBSCHEMA:
            key.append((rank, 0))
            node = node.get(keyword)
        else:
            key.append((rank, 0))
            break
    return tuple(key)


def _json(value: Any) -> str:
    """A value as jsonschema-rs writes it in a message: compact JSON, keys sorted."""
    try:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        return repr(value)


def _plural(n: Any, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _message(kind: Kind, instance: Any, matched: bool = False) -> str | None:
    """jsonschema-rs's message for an error, or None to keep jsonschema's."""
    v = kind.value
    inst = _json(instance)
    name = kind.name
    if name == "required":
        return f"{_json(kind.property)} is a required property"
    if name == "additionalProperties":
        extra = ", ".join(f"'{k}'" for k in kind.unexpected)
        verb = "was" if len(kind.unexpected) == 1 else "were"
        return f"Additional properties are not allowed ({extra} {verb} unexpected)"
    if name == "type":
        if isinstance(v, list):
            return f"{inst} is not of types {', '.join(_json(t) for t in sorted(v))}"
        return f"{inst} is not of type {_json(v)}"
    if name == "enum" and isinstance(v, list):
        options = [_json(o) for o in v]
        listed = options[0] if len(options) == 1 else f"{', '.join(options[:-1])} or {options[-1]}"
        return f"{inst} is not one of {listed}"
    simple = {
        "const": lambda: f"{_json(v)} was expected",
        "pattern": lambda: f'{inst} does not match "{v}"',
        "minLength": lambda: f"{inst} is shorter than {_plural(v, 'character')}",
        "maxLength": lambda: f"{inst} is longer than {_plural(v, 'character')}",
        "minItems": lambda: f"{inst} has less than {_plural(v, 'item')}",
        "maxItems": lambda: f"{inst} has more than {_plural(v, 'item')}",
        "minProperties": lambda: f"{inst} has less than {_plural(v, 'property', 'properties')}",
        "maxProperties": lambda: f"{inst} has more than {_plural(v, 'property', 'properties')}",
        "minimum": lambda: f"{inst} is less than the minimum of {_json(v)}",
        "maximum": lambda: f"{inst} is greater than the maximum of {_json(v)}",
        "exclusiveMinimum": lambda: f"{inst} is less than or equal to the minimum of {_json(v)}",
        "exclusiveMaximum": lambda: f"{inst} is greater than or equal to the maximum of {_json(v)}",
        "multipleOf": lambda: f"{inst} is not a multiple of {_json(v)}",
        "uniqueItems": lambda: f"{inst} has non-unique elements",
        "anyOf": lambda: (
            f"{inst} is not valid under any of the schemas listed in the 'anyOf' keyword"
        ),
        "not": lambda: f"{_json(v)} is not allowed for {inst}",
        "falseSchema": lambda: f"False schema does not allow {inst}",
    }
    if name == "oneOf":
        # jsonschema gives the sub-schemas' errors (context) only when none matched.
        how = "is valid under more than one" if matched else "is not valid under any"
        return f"{inst} {how} of the schemas listed in the 'oneOf' keyword"
    if name in simple:
        return simple[name]()
    return None
