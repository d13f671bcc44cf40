r"""One reader for the package's YAML data files: YAML in, line-numbered problems out.

Every data file the package reads (a case folder and the frameworks, the
comparison of chapter 7, an item bank, an assessed set) goes through
:class:`Reader`. It collects every problem before anything is returned: YAML
syntax, duplicate keys (which PyYAML would otherwise overwrite silently), the
shape a JSON schema describes (translated into plain words), duplicate ids and
references that point nowhere (:class:`Refs`). Each :class:`Problem` names the
file, its line, the record and the field.

A loader that finds problems raises a subclass of :class:`DataFileError`, whose
message always starts ``<source>: N problems found; nothing was loaded.``, lists
them, and says where the format is described. Nothing partial is ever returned.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "people.yaml").write_text("people:\n  - id: ann\n  - id: ann\n")
>>> r = Reader(folder)
>>> data = r.read("people.yaml", required=True)
>>> r.validate("people.yaml", data, {"type": "object", "properties": {
...     "people": {"type": "array", "items": {"type": "object", "required": ["id", "name"]}}}})
>>> _ = Refs(r).unique("people.yaml", data, "people")
>>> print(DataFileError("people", r.problems, "the README").args[0].split(chr(10))[0])
people: 3 problems found; nothing was loaded.
>>> for p in r.problems:
...     print(p)  # doctest: +ELLIPSIS
tmp.../people.yaml, line 2: people[0] (id 'ann'), field 'name': missing field 'name'
tmp.../people.yaml, line 3: people[1] (id 'ann'), field 'name': missing field 'name'
tmp.../people.yaml, line 3: people[1] (id 'ann'), field 'id': duplicate id 'ann' (also people[0])...
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from coproduction import schema_validation

__all__ = [
    "DataFileError",
    "Problem",
    "Reader",
    "Refs",
    "YAML_LOADER",
    "describe",
    "kind",
]

#: A path into a document: mapping keys and list indices, for example
#: ``("elements", 3, "timing")``.
Path_ = tuple[Any, ...]

# libyaml's C parser when present (it is in the wheels on PyPI): it parses the
# book's case files about twenty times faster than the pure-Python one.
if TYPE_CHECKING:
    # The type checker sees the pure-Python loader; the C one has the same interface.
    _BASE_LOADER = yaml.SafeLoader
else:
    _BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YAML_LOADER(_BASE_LOADER):  # noqa: N801 - used like the loader class it wraps
    """The safe loader without YAML's implicit dates: an unquoted ``2026-11-30`` stays
    text, as the schemas expect, instead of becoming a date the validator cannot read."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BASE_LOADER.yaml_implicit_resolvers.items()
    }


#: The largest data file read, in bytes (the book's largest is about 40 KB).
MAX_BYTES = 1024 * 1024
#: The deepest nesting of mappings and lists read (the formats need at most 7).
MAX_DEPTH = 32
#: The most values (scalars, mappings and lists) in one file (the book's largest has
#: under 1,000).
MAX_NODES = 100_000

_STR = "tag:yaml.org,2002:str"
_FLOAT = "tag:yaml.org,2002:float"
_NOT_FINITE = re.compile(r"^[-+]?\.(nan|NaN|NAN|inf|Inf|INF)$")
_ALIAS = (
    "uses the alias *{a}: anchors (&name) and aliases (*name) are not allowed in these "
    "data files; write the values out in full"
)
_ANCHOR = (
    "defines the anchor &{a}: anchors (&name) and aliases (*name) are not allowed in these "
    "data files; remove it and write the values out in full"
)
_MERGE = (
    "uses a merge key (<<:), which copies keys from elsewhere: merge keys, anchors and "
    "aliases are not allowed in these data files; write the keys out in full"
)


def _too_big(size: int) -> str:
    return (
        f"is {size:,} bytes, over the {MAX_BYTES // 1024:,} KB limit for a data file (the "
        "book's largest is about 40 KB); it was not read. Check that it is the right file, "
        "or split it"
    )


def _key_problem(key_node: yaml.Node) -> str:
    if isinstance(key_node, yaml.ScalarNode):
        what = {
            "tag:yaml.org,2002:int": "a number",
            "tag:yaml.org,2002:float": "a number",
            "tag:yaml.org,2002:bool": "true/false",
            "tag:yaml.org,2002:null": "nothing (null)",
        }.get(key_node.tag, "not text")
        shown = key_node.value or "~"
        return (
            f"key {shown} is read as {what}, but keys must be text; quote it ('{shown}') "
            "or use a word"
        )
    return "a key is a list or a mapping, but keys must be text"


_VALIDATORS: dict[tuple[str, int], schema_validation.Validator] = {}


def _validator(schema: Mapping[str, Any]) -> schema_validation.Validator:
    """A compiled validator per schema and backend: jsonschema-rs, which reports every
    error in Rust, or the pure-Python fallback where it has no build (see
    :mod:`coproduction.schema_validation`)."""
    key = (schema_validation.BACKEND, id(schema))
    if key not in _VALIDATORS:
        _VALIDATORS[key] = schema_validation.validator_for(schema)
    return _VALIDATORS[key]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file, with enough detail to fix it."""

    file: str
    message: str
    record: str | None = None
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file + (f", line {self.line}" if self.line else "")
        parts = [p for p in (self.record, f"field '{self.field}'" if self.field else None) if p]
        return f"{where}: {', '.join(parts) + ': ' if parts else ''}{self.message}"


class DataFileError(ValueError):
    """A data file (or a folder of them) has problems; ``problems`` lists every one.

    The base of :class:`~coproduction.cases.CaseDataError`,
    :class:`~coproduction.cases.comparison.ComparisonError` and
    :class:`~coproduction.exercises.items.ItemError`.
    """

    #: Where the format of the files is described, named at the end of the message.
    format_doc = "the package's README files"

    def __init__(
        self, source: str, problems: Sequence[Problem | str], format_doc: str | None = None
    ):
        self.source = source
        self.problems = list(problems)
        if format_doc is not None:
            self.format_doc = format_doc
        lines = "\n".join(f"  - {p}" for p in self.problems)
        n = len(self.problems)
        super().__init__(
            f"{source}: {n} problem{'s' if n != 1 else ''} found; nothing was loaded.\n{lines}\n"
            f"The format is described in {self.format_doc}."
        )


class Reader:
    """Reads the YAML files of one folder, collecting problems and line numbers."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.problems: list[Problem] = []
        self.lines: dict[str, dict[Path_, int]] = {}
        self.broken: set[str] = set()

    def rel(self, name: str) -> str:
        return f"{self.folder.name}/{name}"

    def add(
        self,
        name: str,
        message: str,
        path: Path_ = (),
        data: Any = None,
        field: str | None = None,
        record: str | None = None,
    ) -> None:
        """Note a problem in file ``name`` at ``path`` (its line is looked up).

        The record and field are described from the path (``elements[3] (id 'x')``,
        ``timing``) unless given.
        """
        described, field_from_path = describe(path, data)
        line = self._line(name, path)
        self.problems.append(
            Problem(self.rel(name), message, record or described, field or field_from_path, line)
        )
        self.broken.add(name)

    def _line(self, name: str, path: Path_) -> int | None:
        lines = self.lines.get(name, {})
        for n in range(len(path), -1, -1):
            if path[:n] in lines:
                return lines[path[:n]]
        return None

    def read(self, name: str, required: bool) -> dict[str, Any] | None:
        """The mapping in file ``name``, or None with its problems noted.

        The file is checked as bytes before it is parsed (a link out of the folder, a
        file that is not a regular file, over :data:`MAX_BYTES`, NUL bytes, not UTF-8)
        and as a stream of YAML events before anything is built (anchors and aliases,
        nesting deeper than :data:`MAX_DEPTH`, more than :data:`MAX_NODES` values), so
        a hostile file never expands in memory. Keys must be text; values ``.nan`` and
        ``.inf`` are refused.
        """
        raw = self._bytes(name, required)
        if raw is None:
            return None
        text = self._text(name, raw)
        if text is None:
            return None
        if not text.strip() or all(
            not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
        ):
            self.add(name, "file is empty; expected a mapping of keys described in the README")
            return None
        try:
            if not self._scan(name, text):
                return None
            loader = YAML_LOADER(text)
            try:
                node = loader.get_single_node()
                if node is None:  # a stream without a document (ruled out above)
                    self.add(name, "file is empty; expected a mapping of keys")
                    return None
                self.lines[name] = {}
                if not self._walk(name, node, ()):
                    return None
                data = loader.construct_document(node)
            finally:
                loader.dispose()
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            problem = getattr(err, "problem", None) or str(err).splitlines()[0]
            self.problems.append(
                Problem(
                    self.rel(name),
                    f"is not valid YAML: {problem}"
                    + (f" (column {mark.column + 1})" if mark else ""),
                    line=mark.line + 1 if mark else None,
                )
            )
            self.broken.add(name)
            return None
        if not isinstance(data, dict):
            self.add(name, f"expected a mapping of keys at the top, got {kind(data)}")
            return None
        return data

    def _bytes(self, name: str, required: bool) -> bytes | None:
        """The file's bytes, or None (with a problem noted if it should have been read)."""
        path = self.folder / name
        if path.is_symlink():
            return self._link(name, path)
        if not path.exists():
            yml = path.with_suffix(".yml")
            if path.suffix == ".yaml" and (yml.exists() or yml.is_symlink()):
                self.add(
                    name,
                    f"file is missing, but {yml.name} is here: the package reads only files "
                    f"ending .yaml; rename {yml.name} to {name}",
                )
            elif required:
                self.add(name, f"file is missing; every folder of this kind needs {name}")
            return None
        return self._regular(name, path)

    def _link(self, name: str, path: Path) -> bytes | None:
        """A symbolic link is read only if it stays inside the folder."""
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            self.add(
                name,
                "is a symbolic link to a file that does not exist (a dangling link); put the "
                "file itself in the folder",
            )
            return None
        try:
            target.relative_to(self.folder.resolve())
        except ValueError:
            self.add(
                name,
                "is a symbolic link to a file outside the folder; it was not read. Copy the "
                "file into the folder instead of linking to it",
            )
            return None
        return self._regular(name, target)

    def _regular(self, name: str, path: Path) -> bytes | None:
        try:
            st = path.stat()
            if not stat.S_ISREG(st.st_mode):
                self.add(name, "is not a regular file (a folder or a device); expected a file")
                return None
            if st.st_size > MAX_BYTES:
                self.add(name, _too_big(st.st_size))
                return None
            with open(path, "rb") as f:
                raw = f.read(MAX_BYTES + 1)
        except OSError as err:
            self.add(name, f"cannot be read ({err.strerror})")
            return None
        if len(raw) > MAX_BYTES:
            self.add(name, _too_big(len(raw)))
            return None
        return raw

    def _text(self, name: str, raw: bytes) -> str | None:
        """UTF-8 text (a byte order mark is dropped), or None with why not."""
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            self.add(name, "is saved as UTF-16 text; save it as UTF-8")
            return None
        if b"\x00" in raw:
            at = raw.index(b"\x00")
            line = raw.count(b"\n", 0, at) + 1
            self._refuse(
                name,
                line,
                f"holds a NUL (zero) byte at byte {at}: it is not a text file (or it was "
                "damaged); save it again as UTF-8 text",
            )
            return None
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            self._refuse(
                name,
                raw.count(b"\n", 0, err.start) + 1,
                f"is not UTF-8 text (byte {err.start}): it was probably saved as "
                "Windows-1252 or Latin-1; save it as UTF-8",
            )
            return None

    def _scan(self, name: str, text: str) -> bool:
        """Check the YAML events before anything is built; False if the file is refused.

        Anchors and aliases (``&a``, ``*a``, and merge keys ``<<: *a``) are refused: the
        data formats do not use them, and an alias bomb expands a kilobyte into gigabytes.
        """
        loader = YAML_LOADER(text)
        depth = nodes = 0
        refused: list[tuple[int, str]] = []
        said: set[str] = set()  # each alias (and the merge key) reported once
        previous: yaml.Event | None = None
        try:
            while loader.check_event() and len(refused) < 5:
                event: yaml.Event = loader.get_event()  # type: ignore[no-untyped-call]
                line = event.start_mark.line + 1 if event.start_mark is not None else 0
                anchor = getattr(event, "anchor", None)
                if isinstance(event, yaml.AliasEvent):
                    merge = (
                        isinstance(previous, yaml.ScalarEvent)
                        and previous.value == "<<"
                        and not previous.style  # plain: None or "" as the parsers give it
                    )
                    message = _MERGE if merge else _ALIAS.format(a=anchor)
                    if message not in said:
                        refused.append((line, message))
                        said.add(message)
                elif anchor is not None:
                    refused.append((line, _ANCHOR.format(a=anchor)))
                if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
                    nodes += 1
                    if nodes > MAX_NODES:
                        refused.append(
                            (
                                line,
                                f"holds more than {MAX_NODES:,} values, far more than any "
                                "data file of this kind; it was not read. Split it or check "
                                "that it is the right file",
                            )
                        )
                        break
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    if depth > MAX_DEPTH:
                        refused.append(
                            (
                                line,
                                f"is nested more than {MAX_DEPTH} levels deep (the formats "
                                "need fewer than ten); it was not read. Check the brackets "
                                "and the indentation",
                            )
                        )
                        break
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
                previous = event
        finally:
            loader.dispose()
        for line, message in refused:
            self._refuse(name, line, message)
        return not refused

    def _refuse(self, name: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.rel(name), message, line=line))
        self.broken.add(name)

    def _walk(self, name: str, node: yaml.Node, path: Path_) -> bool:
        """Note each node's line and check keys and numbers; False if the document
        cannot be built as the formats expect (a key that is not text, a merge key,
        ``.nan`` or ``.inf``)."""
        self.lines[name][path] = node.start_mark.line + 1
        ok = True
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 1
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self._refuse(name, line, _MERGE)
                    ok = False
                    continue
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                    self._refuse(name, line, _key_problem(key_node))
                    ok = False
                    continue
                key = key_node.value
                if key in seen:
                    self._refuse(
                        name,
                        line,
                        f"key '{key}' appears twice in the same mapping (first at line "
                        f"{seen[key]}); YAML keeps only the last, so merge them",
                    )
                seen[key] = line
                ok = self._walk(name, value_node, (*path, key)) and ok
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                ok = self._walk(name, item, (*path, i)) and ok
        elif node.tag == _FLOAT and _NOT_FINITE.match(node.value):
            self._refuse(
                name,
                node.start_mark.line + 1,
                f"{node.value} (not a number, or infinite) is not a value the data can use"
                + (f" in field '{'.'.join(map(str, path))}'" if path else "")
                + "; write a finite number, or leave the field out",
            )
            ok = False
        return ok

    @staticmethod
    def fits(data: Any, schema: Mapping[str, Any]) -> bool:
        """Whether ``data`` has the shape ``schema`` describes (nothing is noted).

        For checks that run after :meth:`validate` on the records the schema accepted,
        so that one malformed record does not hide the other records' problems.
        """
        return next(iter(_validator(schema).iter_errors(data)), None) is None

    def validate(self, name: str, data: Mapping[str, Any], schema: Mapping[str, Any]) -> None:
        errors = sorted(
            _validator(schema).iter_errors(data), key=lambda e: [str(p) for p in e.instance_path]
        )
        said: set[tuple[Any, ...]] = set()
        for error in errors:
            path = tuple(error.instance_path)
            # The schema that holds the failing keyword, for naming what was expected.
            holder: Any = schema
            for step in list(error.schema_path)[:-1]:
                holder = holder[step]
            message, field = _explain(error.kind, error.instance, holder, error.message)
            field = _join(path, field, data)
            if (path, field, message) in said:
                continue  # one rule in two places of a schema (a kind's and the base's)
            said.add((path, field, message))
            self.add(name, message, path, data, field=field)


def kind(value: Any) -> str:
    return {
        type(None): "nothing",
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)


def describe(path: Path_, data: Any) -> tuple[str | None, str | None]:
    """Turn a path like ('elements', 3, 'timing') into a record label and a field."""
    if len(path) >= 2 and isinstance(path[1], int):
        label = f"{path[0]}[{path[1]}]"
        try:
            record_id = data[path[0]][path[1]].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            record_id = None
        if record_id is not None:
            label += f" (id '{record_id}')"
        rest = ".".join(str(p) for p in path[2:])
        return label, rest or None
    if path:
        return None, ".".join(str(p) for p in path)
    return None, None


def _join(path: Path_, field: str | None, data: Any) -> str | None:
    _, rest = describe(path, data)
    if field is None:
        return rest
    return f"{rest}.{field}" if rest else field


def _explain(
    error_kind: Any, inst: Any, schema: Mapping[str, Any], fallback: str
) -> tuple[str, str | None]:
    """A lecturer-readable message for one schema error, and the field it names."""
    v = error_kind.name
    if v == "required":
        missing = error_kind.property
        if missing == "note":
            return (
                "missing field 'note': an illustrative record must say why the book adds it",
                missing,
            )
        return f"missing field '{missing}'", missing
    if v == "additionalProperties":
        allowed = ", ".join(sorted(schema.get("properties", {})))
        extra = ", ".join(repr(x) for x in sorted(error_kind.unexpected))
        return f"unknown field(s) {extra}; allowed: {allowed}", None
    if v == "enum":
        return f"{inst!r} is not allowed; expected one of: {', '.join(schema['enum'])}", None
    if v == "const":
        return f"expected {schema['const']!r}, got {inst!r}", None
    if v == "type":
        return f"expected {_type_word(schema['type'])}, got {kind(inst)} ({inst!r})", None
    if v == "pattern":
        if "/" in schema["pattern"]:
            return f"{inst!r} should be written actor-id/goal-id", None
        return f"{inst!r} is not a valid id: use lower-case letters, digits and hyphens", None
    if v == "minItems":
        return f"needs at least {schema['minItems']} item(s), has {len(inst)}", None
    if v == "minProperties":
        return "must name at least one of: " + ", ".join(schema.get("properties", {})), None
    if v == "minLength":
        return "must not be empty", None
    if v in {"minimum", "maximum"}:
        return f"{inst!r} is out of range ({v} {schema[v]})", None
    if v == "anyOf":
        if any("[0-9]{4}" in str(s.get("pattern", "")) for s in schema["anyOf"]):
            return f"expected a year such as 2014 or a month such as '2016-03', got {inst!r}", None
        return f"{inst!r} does not fit: {fallback}", None
    return fallback, None


def _type_word(t: str | list[str]) -> str:
    words = {
        "string": "text",
        "object": "a mapping",
        "array": "a list",
        "integer": "a whole number",
        "number": "a number",
        "null": "null",
    }
    if isinstance(t, list):
        return " or ".join(words.get(x, x) for x in t)
    return words.get(t, t)


class Refs:
    """Checks that ids are unique and that references point at existing ids."""

    def __init__(self, reader: Reader):
        self.r = reader

    def unique(self, name: str, data: Mapping[str, Any], key: str) -> dict[str, Any]:
        seen: dict[str, int] = {}
        for i, item in enumerate(data.get(key) or []):
            rid = item["id"]
            if rid in seen:
                self.r.add(
                    name,
                    f"duplicate id '{rid}' (also {key}[{seen[rid]}]); ids must be unique in a file",
                    (key, i),
                    data,
                    field="id",
                )
            seen.setdefault(rid, i)
        return {item["id"]: item for item in data.get(key) or []}

    def ref(
        self,
        name: str,
        data: Mapping[str, Any],
        path: Path_,
        value: Any,
        allowed: Iterable[str],
        what: str,
        where: str,
    ) -> None:
        allowed = list(allowed)
        if value not in allowed:
            known = ", ".join(allowed) or "none defined"
            self.r.add(
                name,
                f"{value!r} is not {what} in {where}; expected one of: {known}",
                path,
                data,
            )

    def sources(self, name: str, data: Any, papers: set[str], where: str) -> None:
        """Every ``source.paper`` (at any depth) must be a listed source or ``book``."""

        def walk(node: Any, path: Path_) -> None:
            if isinstance(node, dict):
                src = node.get("source")
                if isinstance(src, dict) and "paper" in src:
                    self.ref(
                        name,
                        data,
                        (*path, "source", "paper"),
                        src["paper"],
                        [*sorted(papers), "book"],
                        "a source paper",
                        where,
                    )
                for k, v in node.items():
                    walk(v, (*path, k))
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    walk(v, (*path, i))

        walk(data, ())
