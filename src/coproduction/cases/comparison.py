"""The comparison of chapter 7 as loaded data: ``case_data/comparison.yaml``.

Seven frameworks are each asked the same questions (what counts as value, who
creates it, its unit of analysis, how it reads each case...). The file is read
and checked like every other data file (:mod:`coproduction.datafile`): its shape
against :data:`coproduction.cases.schema.COMPARISON`, then its references (every
source, framework, row and case id it uses must exist, and every framework must
answer every row). :func:`load_comparison` returns a :class:`Comparison` or raises
:class:`ComparisonError` listing every problem; nothing partial is returned. What
the comparison is *for* (selecting frameworks, what a case's data hold for each)
is in :mod:`coproduction.models.comparison`.

Examples
--------
>>> c = load_comparison()
>>> len(c.frameworks), len(c.questions), [r.case for r in c.case_rows]
(7, 7, ['ipoa', 'scottish-social-security'])
>>> c.row("creator").answer("assemblage").text.split(".")[0]
'No single element'
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from coproduction.cases.loader import data_dir
from coproduction.cases.model import PaperRef
from coproduction.cases.schema import COMPARISON
from coproduction.datafile import DataFileError, Problem, Reader, Refs

__all__ = [
    "Answer",
    "Comparison",
    "ComparisonError",
    "FrameworkInfo",
    "Row",
    "SourceRef",
    "UnknownIdError",
    "comparison_path",
    "load_comparison",
]

FILE_NAME = "comparison.yaml"
BOOK = "book"


class ComparisonError(DataFileError):
    """``comparison.yaml`` has problems; ``problems`` lists every one."""

    format_doc = "the package's case_data/README.md (section 'comparison.yaml')"

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        super().__init__(file, problems)


class UnknownIdError(ValueError):
    """A framework or row id that the comparison does not have."""


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


def _as_sources(value: Any) -> list[Mapping[str, Any]]:
    """``source`` is one ``{paper, where}`` or a list of them (shape errors skipped)."""
    items = value if isinstance(value, list) else [value]
    return [x for x in items if isinstance(x, Mapping)]


def _records(doc: Mapping[str, Any], key: str, id_key: str = "id") -> list[Mapping[str, Any]]:
    """The records of a list that have a text id (others already have a shape problem)."""
    value = doc.get(key)
    items = value if isinstance(value, list) else []
    return [x if isinstance(x, Mapping) and isinstance(x.get(id_key), str) else {} for x in items]


def _check(r: Reader, doc: Mapping[str, Any], known_cases: set[str]) -> None:
    """The references the schema cannot see, each reported with its line.

    Runs even where the schema found problems, so that a file's problems are all
    reported at once; records too malformed to read are skipped here.
    """
    name = FILE_NAME
    refs = Refs(r)
    sources = _records(doc, "sources", "key")
    keys = sorted(str(s["key"]) for s in sources if s)
    refs.unique(name, {"sources": [{"id": s["key"]} for s in sources if s]}, "sources")
    frameworks = refs.unique(
        name, {"frameworks": [f for f in _records(doc, "frameworks") if f]}, "frameworks"
    )
    rows = refs.unique(name, {"rows": [x for x in _records(doc, "rows") if x]}, "rows")
    papers = [*keys, BOOK]

    def check_sources(value: Any, path: tuple[Any, ...]) -> None:
        many = isinstance(value, list)
        for i, src in enumerate(value if many else [value]):
            paper = src.get("paper") if isinstance(src, Mapping) else None
            if isinstance(paper, str):
                p = (*path, i, "paper") if many else (*path, "paper")
                refs.ref(name, doc, p, paper, papers, "a source key", "'sources' (or 'book')")

    for i, f in enumerate(_records(doc, "frameworks")):
        works = f.get("key_works")
        for j, k in enumerate(works if isinstance(works, list) else []):
            if isinstance(k, str):
                refs.ref(
                    name,
                    doc,
                    ("frameworks", i, "key_works", j),
                    k,
                    keys,
                    "a source key",
                    "'sources'",
                )
        check_sources(f.get("source"), ("frameworks", i, "source"))
    for i, row in enumerate(_records(doc, "rows")):
        if isinstance(row.get("case"), str):
            refs.ref(
                name,
                doc,
                ("rows", i, "case"),
                row["case"],
                sorted(known_cases),
                "a case",
                "the case data folder (or null for a general question)",
            )
    cells = doc.get("cells")
    cells = cells if isinstance(cells, Mapping) else {}
    for fid, per_row in cells.items():
        if fid not in frameworks:
            refs.ref(
                name, doc, ("cells", fid), fid, list(frameworks), "a framework", "'frameworks'"
            )
            continue
        for rid, cell in (per_row if isinstance(per_row, Mapping) else {}).items():
            if rid not in rows:
                refs.ref(name, doc, ("cells", fid, rid), rid, list(rows), "a row", "'rows'")
            elif isinstance(cell, Mapping):
                check_sources(cell.get("source"), ("cells", fid, rid, "source"))
    for fid in frameworks:
        given = cells.get(fid)
        if given is None:
            r.add(
                name,
                f"framework {fid!r} has no answers; add it under 'cells' with one answer per row",
                ("cells",),
                doc,
                field=f"cells.{fid}",
            )
            continue
        for rid in rows:
            if isinstance(given, Mapping) and rid not in given:
                r.add(
                    name,
                    f"no answer for row {rid!r}: every framework needs an answer for every row",
                    ("cells", fid),
                    doc,
                    field=f"cells.{fid}.{rid}",
                )


def _refs(value: Any) -> tuple[SourceRef, ...]:
    return tuple(SourceRef(s["paper"], s["where"].strip()) for s in _as_sources(value))


def _build(file: str, doc: Mapping[str, Any]) -> Comparison:
    citations = {s["key"]: s["citation"] for s in doc["sources"]}
    sources = tuple(PaperRef(k, None, c) for k, c in citations.items())
    frameworks = tuple(
        FrameworkInfo(
            f["id"],
            f["name"],
            f["short_name"],
            f["chapter"],
            tuple(f["key_works"]),
            tuple(f["data"]),
            tuple(f["explorers"]),
            _refs(f["source"]),
            f["status"],
            f.get("note"),
        )
        for f in doc["frameworks"]
    )

    def answer(f: FrameworkInfo, rid: str) -> Answer:
        cell = doc["cells"][f.id][rid]
        refs = _refs(cell["source"])
        cites = tuple("added by this book" if s.paper == BOOK else citations[s.paper] for s in refs)
        return Answer(f, rid, cell["text"], refs, cites, cell["status"], cell.get("note"))

    rows = tuple(
        Row(
            r["id"],
            r["question"],
            r["label"],
            r["case"],
            tuple(answer(f, r["id"]) for f in frameworks),
        )
        for r in doc["rows"]
    )
    return Comparison(file, sources, frameworks, rows)


def _strip(doc: Any) -> Any:
    """Text as written, without the trailing newline YAML's block scalars keep."""
    if isinstance(doc, dict):
        return {k: _strip(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [_strip(v) for v in doc]
    return doc.strip() if isinstance(doc, str) else doc


def _parse(path: Path) -> Comparison:
    r = Reader(path.parent)
    file = r.rel(path.name)
    doc = r.read(path.name, required=True)
    if doc is None:
        raise ComparisonError(file, r.problems)
    r.validate(path.name, doc, COMPARISON)
    cases = {p.name for p in path.parent.iterdir() if (p / "case.yaml").is_file()}
    _check(r, doc, cases)
    if r.problems:
        raise ComparisonError(file, r.problems)
    return _build(file, _strip(doc))


@lru_cache(maxsize=8)
def _load_cached(path: str, _mtime: float) -> Comparison:
    return _parse(Path(path))


def load_comparison(path: str | os.PathLike[str] | None = None) -> Comparison:
    """Load and check the comparison (``case_data/comparison.yaml`` by default).

    Raises
    ------
    ComparisonError
        Listing every problem in the file, each with its line and place, for
        example an unknown framework or row id under ``cells``, or a framework
        without an answer for some row.
    """
    p = Path(path) if path is not None else comparison_path()
    p = p.resolve()
    mtime = p.stat().st_mtime if p.is_file() else -1.0
    return _load_cached(str(p), mtime)
