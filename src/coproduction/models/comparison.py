"""The book's frameworks side by side: the same questions asked of each (chapter 7).

Seven frameworks (the public administration tradition, the services management
view, Osborne and Strokosch's three modes, the two-by-two typology, Public Service
Logic, Cluley and Radnor's assemblage and service ecosystems) are each asked the
same questions: the question it was built to answer, what counts as value, who
creates it, its unit of analysis, what it can and cannot explain, what it asks of
managers, and how it reads each of the book's two cases. The answers live in
``case_data/comparison.yaml``, each with its source and a status: ``reported``
when the cited papers say it, ``illustrative`` when it is the book's own
synthesis or reading (with a note saying which).

:func:`load_comparison` reads and validates that file and reports every problem
at once, each naming the file, its line and the place (for example
``cells > assemblage > managers``); nothing partial is returned. :func:`comparison`
gives its rows, optionally for some frameworks only. :func:`case_coverage` says,
for any case (including a reader's own), what the book's data hold about it for
each framework's explorers. Nothing here draws; the figure and the explorer read
these objects.

Examples
--------
>>> rows = comparison()
>>> [r.id for r in rows][:3]
['question', 'value', 'creator']
>>> rows[2].answer("assemblage").text.split(".")[0]
'No single element'
>>> [a.framework.short_name for a in comparison(["assemblage", "service-ecosystems"])[0].answers]
['Assemblage', 'Service ecosystems']
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from coproduction.cases.loader import _YAML_LOADER, Problem, data_dir
from coproduction.cases.model import Case, Frameworks, PaperRef

FILE_NAME = "comparison.yaml"
STATUSES = ("reported", "illustrative")
BOOK = "book"
SEP = " > "
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class ComparisonError(ValueError):
    """``comparison.yaml`` has problems; ``problems`` lists every one."""

    def __init__(self, file: str, problems: Sequence[Problem]):
        self.file = file
        self.problems = list(problems)
        n = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"{file}: {n} problem{'s' if n != 1 else ''} found; nothing was loaded.\n{lines}\n"
            "The format is described at the top of case_data/comparison.yaml."
        )


class UnknownIdError(ValueError):
    """A framework or row id that the comparison does not have."""


# The data each framework's explorers read, and how to count it in a case ----------


@dataclass(frozen=True)
class DataKind:
    """One kind of case data that a framework's explorers read."""

    label: str
    where: str
    count: Callable[[Case, Frameworks], int]


#: The kinds of data a framework record may list under ``data``.
DATA: dict[str, DataKind] = {
    "ladder-placements": DataKind(
        "activities placed on Arnstein's ladder",
        "frameworks/ladder.yaml, placements with this case's id",
        lambda c, fw: sum(p.case == c.id for p in fw.placements),
    ),
    "continuum-services": DataKind(
        "services placed on the continuum of co-production",
        "frameworks/continuum.yaml, services with this case's id",
        lambda c, fw: sum(s.case == c.id for s in fw.continuum),
    ),
    "encounters": DataKind(
        "service encounters (co-experience interactions)",
        "interactions.yaml",
        lambda c, fw: sum(i.process == "co-experience" for i in c.interactions),
    ),
    "scenarios": DataKind(
        "scenarios placed in the modes and the two-by-two typology",
        "frameworks/scenarios.yaml, scenarios with this case's id",
        lambda c, fw: sum(s.case == c.id for s in fw.scenarios),
    ),
    "value-views": DataKind(
        "stakeholder views of value", "values.yaml", lambda c, fw: len(c.value_views)
    ),
    "elements": DataKind("assemblage elements", "assemblage.yaml", lambda c, fw: len(c.elements)),
    "actors": DataKind("actors placed on levels", "actors.yaml", lambda c, fw: len(c.actors)),
    "interactions": DataKind(
        "typed interactions", "interactions.yaml", lambda c, fw: len(c.interactions)
    ),
    "factors": DataKind("enablers and constraints", "factors.yaml", lambda c, fw: len(c.factors)),
}


# The comparison as typed, immutable objects --------------------------------------


@dataclass(frozen=True)
class SourceRef:
    """Where a record comes from: a source key (or ``book``) and the place in it."""

    paper: str
    where: str


@dataclass(frozen=True)
class FrameworkInfo:
    """One framework compared: its names, its chapter and what its explorers read."""

    id: str
    name: str
    short_name: str
    chapter: str
    key_works: tuple[str, ...]
    data: tuple[str, ...]
    explorers: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    status: str
    note: str | None = None

    @property
    def chapter_number(self) -> int | None:
        """The chapter's number, from its file name (``05-assemblage`` -> 5)."""
        head = self.chapter.split("-", 1)[0]
        return int(head) if head.isdigit() else None


@dataclass(frozen=True)
class Answer:
    """One framework's answer to one question: a cell of the comparison."""

    framework: FrameworkInfo
    row: str
    text: str
    sources: tuple[SourceRef, ...]
    citations: tuple[str, ...]
    status: str
    note: str | None = None

    @property
    def illustrative(self) -> bool:
        return self.status == "illustrative"

    @property
    def provenance(self) -> str:
        """The sources in words: ``Cluley and Radnor (2021), Conclusion``."""
        return "; ".join(
            f"{c}, {s.where}" for c, s in zip(self.citations, self.sources, strict=True)
        )


@dataclass(frozen=True)
class Row:
    """One question, answered by every framework compared (in the file's order)."""

    id: str
    question: str
    label: str
    case: str | None
    answers: tuple[Answer, ...]

    def answer(self, framework: str) -> Answer:
        """This row's answer from one framework (``UnknownIdError`` names the ids)."""
        for a in self.answers:
            if a.framework.id == framework:
                return a
        known = ", ".join(a.framework.id for a in self.answers)
        raise UnknownIdError(f"row {self.id!r} has no framework {framework!r}; it has: {known}")


@dataclass(frozen=True)
class Comparison:
    """The whole comparison: its sources, frameworks and rows."""

    file: str
    sources: tuple[PaperRef, ...]
    frameworks: tuple[FrameworkInfo, ...]
    rows: tuple[Row, ...]

    def framework(self, framework_id: str) -> FrameworkInfo:
        for f in self.frameworks:
            if f.id == framework_id:
                return f
        raise UnknownIdError(
            f"no framework {framework_id!r} in {self.file}; the frameworks are: "
            + ", ".join(f.id for f in self.frameworks)
        )

    def row(self, row_id: str) -> Row:
        for r in self.rows:
            if r.id == row_id:
                return r
        raise UnknownIdError(
            f"no row {row_id!r} in {self.file}; the rows are: " + ", ".join(r.id for r in self.rows)
        )

    @property
    def questions(self) -> tuple[Row, ...]:
        """The rows that ask about the frameworks themselves (not about a case)."""
        return tuple(r for r in self.rows if r.case is None)

    @property
    def case_rows(self) -> tuple[Row, ...]:
        """The rows that ask how each framework reads one case."""
        return tuple(r for r in self.rows if r.case is not None)

    def case_row(self, case_id: str) -> Row | None:
        """The row reading this case, or ``None`` if the comparison has none."""
        return next((r for r in self.case_rows if r.case == case_id), None)

    def citation(self, key: str) -> str:
        """How the book names a source in plain text."""
        if key == BOOK:
            return "added by this book"
        for s in self.sources:
            if s.key == key:
                return s.citation
        raise UnknownIdError(f"no source {key!r} in {self.file}")

    def select(self, frameworks: Iterable[str] | None = None) -> Comparison:
        """The same comparison with only these frameworks, in the order given."""
        if frameworks is None:
            return self
        wanted = [self.framework(f).id for f in frameworks]
        if not wanted:
            raise UnknownIdError("choose at least one framework to compare")
        if len(set(wanted)) != len(wanted):
            raise UnknownIdError(f"a framework is listed twice: {wanted}")
        rows = tuple(
            Row(r.id, r.question, r.label, r.case, tuple(r.answer(f) for f in wanted))
            for r in self.rows
        )
        return Comparison(self.file, self.sources, tuple(map(self.framework, wanted)), rows)


# Reading and checking the file --------------------------------------------------


def comparison_path() -> Path:
    """Where the comparison lives: ``comparison.yaml`` in the case data folder."""
    return data_dir() / FILE_NAME


def _display_name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _compose_lines(node: yaml.Node, place: tuple, lines: dict, dupes: list) -> None:
    """Record the line of every mapping key and list item; note duplicate keys."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            k = key.value if isinstance(key, yaml.ScalarNode) else str(key)
            if k in seen:
                dupes.append((place + (k,), key.start_mark.line + 1))
            seen.add(k)
            lines[place + (k,)] = key.start_mark.line + 1
            _compose_lines(value, place + (k,), lines, dupes)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[place + (i,)] = item.start_mark.line + 1
            _compose_lines(item, place + (i,), lines, dupes)


class _Checker:
    """Collects problems, each with the file, line, place and field."""

    def __init__(self, file: str, lines: Mapping[tuple, int]):
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, message: str, path: tuple = (), place: str | None = None, field=None):
        line = None
        for n in range(len(path), -1, -1):
            if path[:n] in self.lines:
                line = self.lines[path[:n]]
                break
        self.problems.append(Problem(self.file, message, place, field, line))

    def text(self, record: Mapping, key: str, path: tuple, place: str) -> str | None:
        value = record.get(key)
        if not isinstance(value, str) or not value.strip():
            got = "nothing" if value is None else f"{type(value).__name__} {value!r}"
            self.add(f"expected some text, got {got}", path + (key,), place, key)
            return None
        return value.strip()

    def fields(self, record: Any, path: tuple, place: str, required, optional=()) -> bool:
        if not isinstance(record, Mapping):
            self.add(f"expected a mapping of fields, got {record!r}", path, place)
            return False
        for key in required:
            if key not in record:
                self.add("field is missing", path, place, key)
        for key in record:
            if key not in required and key not in optional:
                allowed = ", ".join([*required, *optional])
                self.add(f"unknown field; the fields are: {allowed}", path + (key,), place, key)
        return True


def _sources(chk: _Checker, value: Any, path: tuple, place: str, keys: set[str]):
    """A ``source``: one ``{paper, where}`` or a list of them."""
    items = value if isinstance(value, list) else [value]
    if not items:
        chk.add("expected at least one source", path, place, "source")
    out = []
    for i, item in enumerate(items):
        p = path + (i,) if isinstance(value, list) else path
        if not chk.fields(item, p, place, ("paper", "where")):
            continue
        paper, where = item.get("paper"), item.get("where")
        if paper is not None and paper not in keys and paper != BOOK:
            chk.add(
                f"unknown source {paper!r}; use a key from 'sources' ({', '.join(sorted(keys))}) "
                f"or '{BOOK}'",
                p + ("paper",),
                place,
                "source",
            )
        if not isinstance(where, str) or not where.strip():
            chk.add("expected where in the source, as text", p + ("where",), place, "source")
        if isinstance(paper, str) and isinstance(where, str):
            out.append(SourceRef(paper, where.strip()))
    return tuple(out)


def _status(chk: _Checker, record: Mapping, path: tuple, place: str) -> tuple[str, str | None]:
    status = record.get("status")
    if status not in STATUSES:
        chk.add(
            f"expected one of {', '.join(STATUSES)}, got {status!r}",
            path + ("status",),
            place,
            "status",
        )
    note = record.get("note")
    if note is not None and (not isinstance(note, str) or not note.strip()):
        chk.add("expected a note as text", path + ("note",), place, "note")
        note = None
    if status == "illustrative" and not note:
        chk.add(
            "an illustrative record needs a note saying what is reported and what is the book's",
            path,
            place,
            "note",
        )
    return str(status), (note.strip() if isinstance(note, str) else None)


def _unique_ids(chk: _Checker, items: list, section: str) -> dict[str, int]:
    ids: dict[str, int] = {}
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            chk.add(f"expected a record (a mapping), got {item!r}", (section, i), f"{section}[{i}]")
            continue
        rid = item.get("id" if section != "sources" else "key")
        if not isinstance(rid, str) or not _SLUG.match(rid):
            chk.add(
                "expected an id of lower-case letters, digits and hyphens",
                (section, i),
                f"{section}[{i}]",
                "id" if section != "sources" else "key",
            )
            continue
        if rid in ids:
            chk.add(f"duplicate id {rid!r}", (section, i), f"{section}{SEP}{rid}")
            continue
        ids[rid] = i
    return ids


def _known_cases(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {p.name for p in folder.iterdir() if (p / "case.yaml").is_file()}


def _parse(path: Path) -> Comparison:
    file = _display_name(path)
    if not path.is_file():
        raise ComparisonError(file, [Problem(file, "file is missing")])
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=_YAML_LOADER)
        data = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ComparisonError(file, [Problem(file, f"not valid YAML: {err}", line=line)]) from None
    lines: dict[tuple, int] = {}
    dupes: list[tuple[tuple, int]] = []
    if node is not None:
        _compose_lines(node, (), lines, dupes)
    chk = _Checker(file, lines)
    for place, line in dupes:
        chk.problems.append(
            Problem(
                file,
                "key appears twice; the second would hide the first",
                SEP.join(map(str, place)),
                None,
                line,
            )
        )
    if not chk.fields(data, (), "top level", ("sources", "frameworks", "rows", "cells")):
        raise ComparisonError(file, chk.problems)

    # sources
    src = data.get("sources") or []
    if not isinstance(src, list):
        chk.add("expected a list of sources", ("sources",), "sources")
        src = []
    source_ids = _unique_ids(chk, src, "sources")
    sources = []
    for key, i in source_ids.items():
        place = f"sources{SEP}{key}"
        if chk.fields(src[i], ("sources", i), place, ("key", "citation")):
            citation = chk.text(src[i], "citation", ("sources", i), place)
            sources.append(PaperRef(key, None, citation or key))
    keys = set(source_ids)

    # frameworks
    fws_raw = data.get("frameworks") or []
    if not isinstance(fws_raw, list) or not fws_raw:
        chk.add("expected a list of frameworks", ("frameworks",), "frameworks")
        fws_raw = []
    fw_ids = _unique_ids(chk, fws_raw, "frameworks")
    frameworks: list[FrameworkInfo] = []
    for fid, i in fw_ids.items():
        rec, fpath, place = fws_raw[i], ("frameworks", i), f"frameworks{SEP}{fid}"
        required = ("id", "name", "short_name", "chapter", "key_works", "data", "explorers")
        required += ("source", "status")
        if not chk.fields(rec, fpath, place, required, ("note",)):
            continue
        name = chk.text(rec, "name", fpath, place)
        short = chk.text(rec, "short_name", fpath, place)
        chapter = chk.text(rec, "chapter", fpath, place)
        lists = {}
        for key in ("key_works", "data", "explorers"):
            value = rec.get(key)
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                chk.add("expected a list of texts", fpath + (key,), place, key)
                value = []
            lists[key] = tuple(value)
        for k in lists["key_works"]:
            if k not in keys:
                chk.add(
                    f"unknown source {k!r}; add it to 'sources'",
                    fpath + ("key_works",),
                    place,
                    "key_works",
                )
        for k in lists["data"]:
            if k not in DATA:
                chk.add(
                    f"unknown kind of data {k!r}; the kinds are: {', '.join(DATA)}",
                    fpath + ("data",),
                    place,
                    "data",
                )
        refs = _sources(chk, rec.get("source"), fpath + ("source",), place, keys)
        status, note = _status(chk, rec, fpath, place)
        frameworks.append(
            FrameworkInfo(
                fid,
                name or fid,
                short or fid,
                chapter or "",
                lists["key_works"],
                lists["data"],
                lists["explorers"],
                refs,
                status,
                note,
            )
        )

    # rows
    rows_raw = data.get("rows") or []
    if not isinstance(rows_raw, list) or not rows_raw:
        chk.add("expected a list of rows", ("rows",), "rows")
        rows_raw = []
    row_ids = _unique_ids(chk, rows_raw, "rows")
    cases = _known_cases(path.parent)
    row_meta: dict[str, tuple[str, str, str | None]] = {}
    for rid, i in row_ids.items():
        rec, rpath, place = rows_raw[i], ("rows", i), f"rows{SEP}{rid}"
        if not chk.fields(rec, rpath, place, ("id", "question", "label", "case")):
            continue
        question = chk.text(rec, "question", rpath, place)
        label = chk.text(rec, "label", rpath, place)
        case = rec.get("case")
        if case is not None and (not isinstance(case, str) or case not in cases):
            chk.add(
                f"unknown case {case!r}; the cases next to this file are: "
                f"{', '.join(sorted(cases)) or 'none'} (or null for a general question)",
                rpath + ("case",),
                place,
                "case",
            )
        row_meta[rid] = (question or rid, label or rid, case)

    # cells: framework id -> row id -> answer
    cells = data.get("cells")
    if not isinstance(cells, Mapping):
        chk.add("expected a mapping from framework ids to their answers", ("cells",), "cells")
        cells = {}
    answers: dict[tuple[str, str], Answer] = {}
    by_id = {f.id: f for f in frameworks}
    citations = {s.key: s.citation for s in sources}
    for fid, per_row in cells.items():
        fplace = f"cells{SEP}{fid}"
        if fid not in fw_ids:
            chk.add(
                f"unknown framework {fid!r}; the frameworks are: {', '.join(fw_ids) or 'none'}",
                ("cells", fid),
                fplace,
            )
            continue
        if not isinstance(per_row, Mapping):
            chk.add("expected a mapping from row ids to answers", ("cells", fid), fplace)
            continue
        for rid, cell in per_row.items():
            cpath, cplace = ("cells", fid, rid), f"{fplace}{SEP}{rid}"
            if rid not in row_ids:
                chk.add(
                    f"unknown row {rid!r}; the rows are: {', '.join(row_ids) or 'none'}",
                    cpath,
                    cplace,
                )
                continue
            if not chk.fields(cell, cpath, cplace, ("text", "source", "status"), ("note",)):
                continue
            text_ = chk.text(cell, "text", cpath, cplace)
            refs = _sources(chk, cell.get("source"), cpath + ("source",), cplace, keys)
            status, note = _status(chk, cell, cpath, cplace)
            if fid in by_id:
                cites = tuple(
                    "added by this book" if r.paper == BOOK else citations.get(r.paper, r.paper)
                    for r in refs
                )
                answers[fid, rid] = Answer(by_id[fid], rid, text_ or "", refs, cites, status, note)
    for fid in fw_ids:
        if fid not in cells:
            chk.add(
                f"framework {fid!r} has no answers; add it under 'cells' with one answer per row",
                ("cells",),
                f"cells{SEP}{fid}",
            )
            continue
        if not isinstance(cells[fid], Mapping):
            continue
        for rid in row_ids:
            if rid not in cells[fid]:
                chk.add(
                    f"no answer for row {rid!r}: every framework needs an answer for every row",
                    ("cells", fid),
                    f"cells{SEP}{fid}{SEP}{rid}",
                )

    if chk.problems:
        raise ComparisonError(file, chk.problems)
    rows = tuple(
        Row(rid, *row_meta[rid], tuple(answers[f.id, rid] for f in frameworks)) for rid in row_ids
    )
    return Comparison(file, tuple(sources), tuple(frameworks), rows)


@lru_cache(maxsize=8)
def _load_cached(path: str, _mtime: float) -> Comparison:
    return _parse(Path(path))


def load_comparison(path: str | os.PathLike | None = None) -> Comparison:
    """Load and check the comparison (``case_data/comparison.yaml`` by default).

    Raises
    ------
    ComparisonError
        Listing every problem in the file, each with its line and place, for
        example an unknown framework or row id under ``cells``, or a framework
        without an answer for some row.

    Examples
    --------
    >>> c = load_comparison()
    >>> len(c.frameworks), len(c.questions), [r.case for r in c.case_rows]
    (7, 7, ['ipoa', 'scottish-social-security'])
    """
    p = Path(path) if path is not None else comparison_path()
    p = p.resolve()
    mtime = p.stat().st_mtime if p.is_file() else -1.0
    return _load_cached(str(p), mtime)


def comparison(
    frameworks: Sequence[str] | None = None, path: str | os.PathLike | None = None
) -> list[Row]:
    """The comparison's rows, each answered by every framework (or only those named).

    Parameters
    ----------
    frameworks:
        Framework ids to keep, in the order wanted; all seven by default. An unknown
        id raises :class:`UnknownIdError` naming the ids there are.
    path:
        Another comparison file; ``case_data/comparison.yaml`` by default.

    Examples
    --------
    >>> row = comparison(["public-service-logic"])[2]
    >>> row.question, row.answers[0].status
    ('Who creates value?', 'reported')
    """
    return list(load_comparison(path).select(frameworks).rows)


# What a case's data hold for each framework's explorers ---------------------------


@dataclass(frozen=True)
class CoverageItem:
    kind: str
    label: str
    where: str
    count: int


@dataclass(frozen=True)
class Coverage:
    """What the book's data hold about one case for one framework's explorers."""

    framework: FrameworkInfo
    items: tuple[CoverageItem, ...]

    @property
    def has_data(self) -> bool:
        return any(i.count for i in self.items)


def case_coverage(
    case: Case, frameworks: Frameworks, comparison: Comparison | None = None
) -> list[Coverage]:
    """For each framework compared, how much of the data its explorers read the case has.

    Works on any case that loads, including a reader's own: a framework whose data
    the case lacks gets counts of zero (its explorer then shows a message, not an
    error).

    Examples
    --------
    >>> from coproduction.cases import load_case, load_frameworks
    >>> fw = load_frameworks()
    >>> cov = case_coverage(load_case("ipoa", fw), fw)
    >>> [(c.framework.short_name, c.has_data) for c in cov][5]
    ('Assemblage', True)
    """
    comp = comparison if comparison is not None else load_comparison()
    out = []
    for f in comp.frameworks:
        items = tuple(
            CoverageItem(k, DATA[k].label, DATA[k].where, DATA[k].count(case, frameworks))
            for k in f.data
        )
        out.append(Coverage(f, items))
    return out
