"""Value as Public Service Logic sees it: plural, subjective, contested, and destructible.

Public Service Logic holds that users create value in their own lives, through
intrinsic processes (co-experience, co-construction) that happen whenever a
service is used, and through extrinsic processes (co-production, co-design)
that need them to choose to act (Osborne 2018, as Strokosch and Osborne 2020
report it). Strokosch and Osborne (2020) describe value on Osborne's (2020) five
dimensions, experienced subjectively and contested between actors; Osborne,
Strokosch and Radnor (2018) and Cluley and Radnor (2021) add that value can be
destroyed as well as created.

This module turns a case's ``values.yaml`` (each record one stakeholder group's
view of value on one dimension) into plain data: a stakeholder x dimension grid
(:class:`ValueGrid`), a summary per group (:class:`StakeholderSummary`), the
dimensions on which value is contested (:class:`ContestedDimension`), the views
that report value destroyed, and the kind of process behind each view
(intrinsic, extrinsic or inter-organisational, from ``frameworks/ecosystem.yaml``).
It draws nothing; the figure and the explorer read these objects.

Examples
--------
>>> from coproduction.cases import load_case, load_frameworks
>>> fw = load_frameworks()
>>> grid = value_grid(load_case("scottish-social-security", fw), fw)
>>> [d.name for d in grid.dimensions][:2]
['Personal well-being', 'Whole-life experience']
>>> "service-users" in [s.id for s in grid.stakeholders]
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from coproduction.cases.model import Case, Frameworks, ValueView

#: The three valences a view can have, in display order.
VALENCES = ("creation", "destruction", "contested")

#: Each valence in words, for text and alt text.
VALENCE_WORDS = {
    "creation": "value created",
    "destruction": "value destroyed",
    "contested": "value contested",
}

#: The process filters an explorer offers: every view, or one kind of process.
PROCESS_FILTERS = ("all", "intrinsic", "extrinsic")

#: The kind given to a view whose record names no process.
NOT_STATED = "not-stated"

KIND_WORDS = {
    "intrinsic": "intrinsic",
    "extrinsic": "extrinsic",
    "inter-organisational": "inter-organisational",
    NOT_STATED: "process not stated",
}


class UnknownStakeholderError(KeyError):
    """A stakeholder (actor) id that has no value views in the case."""


class UnknownFilterError(ValueError):
    """A process filter that is neither ``all`` nor a process kind of the frameworks."""


@dataclass(frozen=True)
class DimensionInfo:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class Stakeholder:
    """A stakeholder group (an actor with at least one value view)."""

    id: str
    name: str  # the actor's full name
    label: str  # a short label: the name without any parenthesis
    level: str
    type: str
    presence: str  # actual or virtual
    status: str


@dataclass(frozen=True)
class ViewItem:
    """One stakeholder group's view of value on one dimension, ready to show."""

    id: str
    actor: str
    actor_label: str
    dimension: str
    dimension_name: str
    valence: str
    process: str | None
    process_name: str | None
    process_kind: str  # intrinsic, extrinsic, inter-organisational or not-stated
    text: str
    citation: str  # how the book names the source, e.g. "Strokosch and Osborne (2020)"
    where: str
    status: str
    note: str | None

    @property
    def illustrative(self) -> bool:
        return self.status == "illustrative"

    @property
    def valence_words(self) -> str:
        return VALENCE_WORDS[self.valence]

    @property
    def process_words(self) -> str:
        """E.g. ``"co-experience (intrinsic)"`` or ``"process not stated"``."""
        if self.process is None:
            return KIND_WORDS[NOT_STATED]
        return f"{(self.process_name or self.process).lower()} ({KIND_WORDS[self.process_kind]})"


@dataclass(frozen=True)
class GridCell:
    """The views of one stakeholder group on one dimension (possibly none)."""

    actor: str
    dimension: str
    views: tuple[ViewItem, ...]

    @property
    def valences(self) -> tuple[str, ...]:
        """The distinct valences in the cell, in :data:`VALENCES` order."""
        present = {v.valence for v in self.views}
        return tuple(x for x in VALENCES if x in present)

    @property
    def empty(self) -> bool:
        return not self.views


@dataclass(frozen=True)
class StakeholderSummary:
    """What one group's views cover: dimensions, valences and processes."""

    id: str
    label: str
    n_views: int
    dimensions: tuple[str, ...]  # dimension ids covered, in framework order
    missing: tuple[str, ...]  # dimension ids with no view from this group
    valences: dict[str, int]  # count per valence (every valence, zeros included)
    processes: tuple[str, ...]  # process ids named, in order of first use
    kinds: dict[str, int]  # count per process kind (only kinds used)
    n_illustrative: int


@dataclass(frozen=True)
class ContestedDimension:
    """A dimension on which value is contested, and why.

    ``disagreement`` is true when groups' views differ in valence; ``marked``
    lists the views whose own valence is ``contested``. ``by_valence`` maps each
    valence to the groups (labels) holding a view with it.
    """

    id: str
    name: str
    disagreement: bool
    marked: tuple[ViewItem, ...]
    by_valence: dict[str, tuple[str, ...]]

    @property
    def reasons(self) -> tuple[str, ...]:
        """The reasons in words, e.g. ``("groups differ (...)", "marked contested by ...")``."""
        out = []
        if self.disagreement:
            parts = [
                f"{VALENCE_WORDS[v]}: {', '.join(groups)}"
                for v, groups in self.by_valence.items()
                if groups
            ]
            out.append("groups differ (" + "; ".join(parts) + ")")
        if self.marked:
            marked_by = _unique(v.actor_label for v in self.marked)
            out.append("marked contested by " + ", ".join(marked_by))
        return tuple(out)


@dataclass(frozen=True)
class ValueGrid:
    """A case's value views as a stakeholder x dimension grid, for one process filter.

    ``stakeholders`` is every group with at least one view in the case (not only
    in the filter), so the grid keeps its shape when the filter changes; ``views``
    holds the views the filter lets through; ``hidden`` counts those it hides.
    """

    case: str
    case_title: str
    process_filter: str
    stakeholders: tuple[Stakeholder, ...]
    dimensions: tuple[DimensionInfo, ...]
    views: tuple[ViewItem, ...]
    hidden: int
    without_views: tuple[str, ...]  # labels of actors with no view at all

    @property
    def empty(self) -> bool:
        """Whether the case has no value views at all."""
        return not self.stakeholders

    def cell(self, actor: str, dimension: str) -> GridCell:
        return GridCell(
            actor,
            dimension,
            tuple(v for v in self.views if v.actor == actor and v.dimension == dimension),
        )

    def row(self, actor: str) -> tuple[GridCell, ...]:
        return tuple(self.cell(actor, d.id) for d in self.dimensions)

    def stakeholder(self, actor: str) -> Stakeholder:
        for s in self.stakeholders:
            if s.id == actor:
                return s
        known = ", ".join(s.id for s in self.stakeholders) or "none"
        raise UnknownStakeholderError(
            f"{self.case} has no value views from {actor!r}; groups with views: {known}"
        )

    def views_of(self, actor: str) -> tuple[ViewItem, ...]:
        """The group's views (under the filter), ordered by dimension."""
        self.stakeholder(actor)
        order = {d.id: i for i, d in enumerate(self.dimensions)}
        mine = [v for v in self.views if v.actor == actor]
        return tuple(sorted(mine, key=lambda v: order[v.dimension]))

    def dimension_name(self, dimension: str) -> str:
        for d in self.dimensions:
            if d.id == dimension:
                return d.name
        return dimension


# --- helpers -----------------------------------------------------------------


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _unique(items: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for x in items:
        if x not in seen:
            seen.append(x)
    return seen


def short_label(name: str) -> str:
    """An actor's name without a trailing parenthesis, for rows and controls.

    >>> short_label("Third sector organisations (the stakeholder reference groups)")
    'Third sector organisations'
    """
    return name.split(" (", 1)[0].strip() or name


# --- processes ---------------------------------------------------------------


def process_kinds(frameworks: Frameworks) -> dict[str, str]:
    """Each process id mapped to its kind: intrinsic, extrinsic or inter-organisational.

    >>> from coproduction.cases import load_frameworks
    >>> process_kinds(load_frameworks())["co-experience"]
    'intrinsic'
    """
    return {p.id: p.kind for p in frameworks.processes}


def process_kind(frameworks: Frameworks, process: str | None) -> str:
    """The kind of one process, or :data:`NOT_STATED` for a view that names none."""
    if process is None:
        return NOT_STATED
    kinds = process_kinds(frameworks)
    if process not in kinds:
        raise KeyError(f"no process {process!r}; the processes are: {', '.join(kinds)}")
    return kinds[process]


def processes_of_kind(frameworks: Frameworks, kind: str) -> tuple[str, ...]:
    """The names of the processes of one kind, e.g. intrinsic -> co-experience, co-construction."""
    return tuple(p.name for p in frameworks.processes if p.kind == kind)


def classify_processes(case: Case, frameworks: Frameworks) -> dict[str, tuple[str, ...]]:
    """The case's view ids grouped by process kind (kinds with no view are left out).

    >>> from coproduction.cases import load_case, load_frameworks
    >>> fw = load_frameworks()
    >>> kinds = classify_processes(load_case("scottish-social-security", fw), fw)
    >>> "users-assessment-experience" in kinds["intrinsic"]
    True
    """
    out: dict[str, list[str]] = {}
    for v in case.value_views:
        out.setdefault(process_kind(frameworks, v.process), []).append(v.id)
    order = [*dict.fromkeys(p.kind for p in frameworks.processes), NOT_STATED]
    return {k: tuple(out[k]) for k in order if k in out}


def _check_filter(frameworks: Frameworks, process_filter: str) -> None:
    allowed = ["all", *dict.fromkeys(p.kind for p in frameworks.processes)]
    if process_filter not in allowed:
        raise UnknownFilterError(
            f"no process filter {process_filter!r}; the filters are: {', '.join(allowed)}"
        )


# --- the grid ----------------------------------------------------------------


def has_value_views(case: Case) -> bool:
    """Whether the case records any value views (a ``values.yaml`` with records)."""
    return bool(case.value_views)


def _item(case: Case, frameworks: Frameworks, v: ValueView, labels: dict[str, str]) -> ViewItem:
    processes = {p.id: p for p in frameworks.processes}
    dims = {d.id: d.name for d in frameworks.value_dimensions}
    try:
        citation = case.citation(v.source.paper)
    except KeyError:
        citation = v.source.paper
    return ViewItem(
        id=v.id,
        actor=v.actor,
        actor_label=labels.get(v.actor, v.actor),
        dimension=v.dimension,
        dimension_name=dims.get(v.dimension, v.dimension),
        valence=v.valence,
        process=v.process,
        process_name=processes[v.process].name if v.process in processes else None,
        process_kind=process_kind(frameworks, v.process),
        text=" ".join(v.text.split()),
        citation=citation,
        where=v.source.where,
        status=v.status,
        note=" ".join(v.note.split()) if v.note else None,
    )


def view_items(case: Case, frameworks: Frameworks) -> tuple[ViewItem, ...]:
    """Every value view of the case, with names, process kind and citation filled in."""
    labels = {a.id: short_label(a.name) for a in case.actors}
    return tuple(_item(case, frameworks, v, labels) for v in case.value_views)


def value_grid(case: Case, frameworks: Frameworks, process_filter: str = "all") -> ValueGrid:
    """The stakeholder x dimension grid of a case's value views.

    Parameters
    ----------
    case:
        Any loaded case; a case without value views gives an empty grid
        (``grid.empty``), not an error.
    frameworks:
        The loaded frameworks (value dimensions and processes with their kinds).
    process_filter:
        ``"all"``, or a process kind (``"intrinsic"``, ``"extrinsic"``,
        ``"inter-organisational"``): keep only views made through a process of
        that kind. Views naming no process appear only under ``"all"``.

    Examples
    --------
    >>> from coproduction.cases import load_case, load_frameworks
    >>> fw = load_frameworks()
    >>> grid = value_grid(load_case("scottish-social-security", fw), fw, "extrinsic")
    >>> sorted({v.process for v in grid.views})
    ['co-production']
    """
    _check_filter(frameworks, process_filter)
    items = view_items(case, frameworks)
    with_views = {v.actor for v in items}
    stakeholders = tuple(
        Stakeholder(a.id, a.name, short_label(a.name), a.level, a.type, a.presence, a.status)
        for a in case.actors
        if a.id in with_views
    )
    shown = tuple(v for v in items if process_filter == "all" or v.process_kind == process_filter)
    return ValueGrid(
        case=case.id,
        case_title=case.short_title,
        process_filter=process_filter,
        stakeholders=stakeholders,
        dimensions=tuple(
            DimensionInfo(d.id, d.name, " ".join(d.description.split()))
            for d in frameworks.value_dimensions
        ),
        views=shown,
        hidden=len(items) - len(shown),
        without_views=tuple(short_label(a.name) for a in case.actors if a.id not in with_views),
    )


# --- readings of the grid ----------------------------------------------------


def reported_only(grid: ValueGrid) -> ValueGrid:
    """The same grid without the book's illustrative views.

    Used to ask which findings (for example a contested dimension) survive when
    only what the paper reports is kept.
    """
    return dataclasses.replace(grid, views=tuple(v for v in grid.views if not v.illustrative))


def stakeholder_summary(grid: ValueGrid, actor: str) -> StakeholderSummary:
    """What one group's views (under the grid's filter) cover.

    >>> from coproduction.cases import load_case, load_frameworks
    >>> fw = load_frameworks()
    >>> grid = value_grid(load_case("scottish-social-security", fw), fw)
    >>> stakeholder_summary(grid, "scottish-government-policymakers").valences["creation"]
    3
    """
    s = grid.stakeholder(actor)
    views = grid.views_of(actor)
    covered = {v.dimension for v in views}
    kinds: dict[str, int] = {}
    for v in views:
        kinds[v.process_kind] = kinds.get(v.process_kind, 0) + 1
    return StakeholderSummary(
        id=s.id,
        label=s.label,
        n_views=len(views),
        dimensions=tuple(d.id for d in grid.dimensions if d.id in covered),
        missing=tuple(d.id for d in grid.dimensions if d.id not in covered),
        valences={x: sum(v.valence == x for v in views) for x in VALENCES},
        processes=tuple(_unique(v.process for v in views if v.process)),
        kinds=kinds,
        n_illustrative=sum(v.illustrative for v in views),
    )


def stakeholder_summaries(grid: ValueGrid) -> tuple[StakeholderSummary, ...]:
    """A summary for every group in the grid, in the case's actor order."""
    return tuple(stakeholder_summary(grid, s.id) for s in grid.stakeholders)


def contested_dimensions(grid: ValueGrid) -> tuple[ContestedDimension, ...]:
    """The dimensions on which value is contested, among the views the grid shows.

    A dimension is contested when two different groups' views on it differ in
    valence (one sees value created where another sees it destroyed, say), or
    when any view on it is itself marked ``contested``.

    >>> from coproduction.cases import load_case, load_frameworks
    >>> fw = load_frameworks()
    >>> grid = value_grid(load_case("scottish-social-security", fw), fw)
    >>> [c.id for c in contested_dimensions(grid)]  # doctest: +NORMALIZE_WHITESPACE
    ['personal-wellbeing', 'whole-life-experience', 'service-outcomes',
     'capacity-creation', 'societal-value']
    """
    out = []
    for d in grid.dimensions:
        views = [v for v in grid.views if v.dimension == d.id]
        disagreement = any(
            a.actor != b.actor and a.valence != b.valence for a in views for b in views
        )
        marked = tuple(v for v in views if v.valence == "contested")
        if not (disagreement or marked):
            continue
        by_valence = {
            x: tuple(_unique(v.actor_label for v in views if v.valence == x)) for x in VALENCES
        }
        out.append(ContestedDimension(d.id, d.name, disagreement, marked, by_valence))
    return tuple(out)


def destruction_views(grid: ValueGrid) -> tuple[ViewItem, ...]:
    """The views (under the grid's filter) that report value destroyed: co-destruction."""
    return tuple(v for v in grid.views if v.valence == "destruction")


def dimensions_by_group(grid: ValueGrid) -> dict[str, tuple[str, ...]]:
    """Each group's covered dimension ids: shows that value is plural and differs by group."""
    return {s.id: stakeholder_summary(grid, s.id).dimensions for s in grid.stakeholders}
