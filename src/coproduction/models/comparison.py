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

The file is read and checked with the other data files
(:func:`coproduction.cases.comparison.load_comparison`, re-exported here).
:func:`comparison` gives its rows, optionally for some frameworks only. :func:`case_coverage` says,
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from coproduction.cases.comparison import (
    Answer,
    Comparison,
    ComparisonError,
    FrameworkInfo,
    Row,
    SourceRef,
    UnknownIdError,
    load_comparison,
)
from coproduction.cases.model import Case, Frameworks

__all__ = [
    "DATA",
    "Answer",
    "Comparison",
    "ComparisonError",
    "Coverage",
    "CoverageItem",
    "DataKind",
    "FrameworkInfo",
    "Row",
    "SourceRef",
    "UnknownIdError",
    "case_coverage",
    "comparison",
    "load_comparison",
]


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


def comparison(
    frameworks: Sequence[str] | None = None, path: str | os.PathLike[str] | None = None
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
