"""Typed, immutable objects for cases and frameworks, built by the loader.

Every record keeps its provenance: ``source`` (paper key and where in it) and
``status`` (``reported`` by the paper, or ``illustrative``: added by the book).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeVar

Status = Literal["reported", "illustrative"]
Level = str  # an ecosystem level id, e.g. "micro"


@dataclass(frozen=True)
class Source:
    paper: str
    where: str


@dataclass(frozen=True)
class Record:
    id: str
    source: Source
    status: Status
    note: str | None

    @property
    def illustrative(self) -> bool:
        return self.status == "illustrative"


@dataclass(frozen=True)
class PaperRef:
    key: str
    seed: str | None
    citation: str


@dataclass(frozen=True)
class Fact(Record):
    label: str
    value: int | float | str
    group: str
    unit: str | None = None


@dataclass(frozen=True)
class TimelineEvent(Record):
    date: str
    event: str


@dataclass(frozen=True)
class Statement(Record):
    """A question or principle: a record with a text."""

    text: str


@dataclass(frozen=True)
class Lesson(Record):
    title: str
    text: str
    kind: Literal["recommendation", "implication"]


@dataclass(frozen=True)
class Goal(Record):
    actor: str
    text: str

    @property
    def key(self) -> str:
        """The goal's case-wide id, ``actor-id/goal-id``."""
        return f"{self.actor}/{self.id}"


@dataclass(frozen=True)
class Actor(Record):
    name: str
    type: str
    level: Level
    count: int | None = None
    presence: Literal["actual", "virtual"] = "actual"
    goals: tuple[Goal, ...] = ()


@dataclass(frozen=True)
class GoalRelation(Record):
    a: str
    b: str
    relation: Literal["congruent", "tension"]
    evidence: str


@dataclass(frozen=True)
class Interaction(Record):
    from_actor: str
    to_actor: str
    process: str
    level: Level
    nature: Literal["collaborative", "antagonistic", "mixed"]
    description: str


@dataclass(frozen=True)
class Factor(Record):
    name: str
    kind: Literal["enabler", "constraint"]
    evidence: tuple[str, ...]
    actors: tuple[str, ...] = ()
    interactions: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    group: str | None = None


@dataclass(frozen=True)
class Phase(Record):
    name: str
    description: str
    order: int


@dataclass(frozen=True)
class Timing:
    enters: str
    leaves: str | None
    actual_from: str | None
    source: Source
    status: Status
    note: str | None


@dataclass(frozen=True)
class Element(Record):
    name: str
    category: str
    kind: str
    timing: Timing


@dataclass(frozen=True)
class Link(Record):
    a: str
    b: str
    description: str


@dataclass(frozen=True)
class ValueView(Record):
    actor: str
    dimension: str
    valence: Literal["creation", "destruction", "contested"]
    text: str
    process: str | None = None


@dataclass(frozen=True)
class Case:
    """One case, validated against the frameworks it refers to."""

    id: str
    title: str
    short_title: str
    summary: str
    sources: tuple[PaperRef, ...]
    facts: tuple[Fact, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    questions: tuple[Statement, ...] = ()
    principles: tuple[Statement, ...] = ()
    lessons: tuple[Lesson, ...] = ()
    actors: tuple[Actor, ...] = ()
    goal_relations: tuple[GoalRelation, ...] = ()
    interactions: tuple[Interaction, ...] = ()
    factors: tuple[Factor, ...] = ()
    phases: tuple[Phase, ...] = ()
    elements: tuple[Element, ...] = ()
    links: tuple[Link, ...] = ()
    value_views: tuple[ValueView, ...] = ()
    files: tuple[str, ...] = field(default=(), compare=False)

    def fact(self, fact_id: str) -> Fact:
        """The fact with this id (KeyError names the ids that exist)."""
        return find_by_id(self.facts, fact_id, "fact")

    def actor(self, actor_id: str) -> Actor:
        return find_by_id(self.actors, actor_id, "actor")

    def element(self, element_id: str) -> Element:
        return find_by_id(self.elements, element_id, "element")

    def phase_index(self, phase_id: str) -> int:
        return find_by_id(self.phases, phase_id, "phase").order

    @property
    def goals(self) -> tuple[Goal, ...]:
        return tuple(g for a in self.actors for g in a.goals)

    def citation(self, paper: str) -> str:
        """How the book names a source paper (``book`` for the book's additions)."""
        if paper == "book":
            return "added by this book"
        for ref in self.sources:
            if ref.key == paper:
                return ref.citation
        raise KeyError(paper)


# Frameworks -----------------------------------------------------------------


@dataclass(frozen=True)
class Named(Record):
    """A framework item with a name and a description."""

    name: str
    description: str


@dataclass(frozen=True)
class Mode(Named):
    levels: tuple[str, ...]
    aim: str
    aim_id: str
    roots: str
    key_ideas: tuple[str, ...]
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Limit(Named):
    example: str | None = None


@dataclass(frozen=True)
class DimensionValue:
    id: str
    name: str


@dataclass(frozen=True)
class MatrixDimension(Record):
    name: str
    values: tuple[DimensionValue, ...]


@dataclass(frozen=True)
class Example:
    text: str
    source: Source
    status: Status
    note: str | None


@dataclass(frozen=True)
class Cell(Named):
    quadrant: int
    nature: str
    locus: str
    examples: tuple[Example, ...] = ()
    value_created: str | None = None


@dataclass(frozen=True)
class EcosystemLevel(Named):
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Process(Named):
    kind: Literal["intrinsic", "extrinsic", "inter-organisational"]
    actors: str | None = None


@dataclass(frozen=True)
class Category(Named):
    typical_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scenario(Record):
    """A scenario placed in the modes and the matrix (``frameworks/scenarios.yaml``).

    ``mode`` and ``cell`` are ids, or ``None`` when the scenario fits no mode or
    no cell; ``case`` is the id of the case it comes from, if any.
    """

    name: str
    text: str
    mode: str | None
    cell: str | None
    why_mode: str
    why_cell: str
    case: str | None = None


@dataclass(frozen=True)
class Rung(Named):
    """A rung of Arnstein's (1969) ladder of citizen participation (1 = lowest)."""

    rung: int
    group: Literal["nonparticipation", "tokenism", "citizen-power"]


@dataclass(frozen=True)
class Placement(Record):
    """An activity placed on the ladder (``frameworks/ladder.yaml``)."""

    name: str
    text: str
    rung: str
    why: str
    case: str | None = None


@dataclass(frozen=True)
class ServiceOnContinuum(Record):
    """A service placed on the services-management continuum of contact.

    ``contact`` runs from 0 (co-production mediated and passive, e.g. an online
    tax return) to 1 (face-to-face, simultaneous, e.g. residential care).
    """

    name: str
    text: str
    contact: float
    how_users_coproduce: str
    why: str
    case: str | None = None


@dataclass(frozen=True)
class Frameworks:
    """The book's frameworks as data (``case_data/frameworks``)."""

    sources: tuple[PaperRef, ...]
    mode_levels: tuple[Named, ...]
    modes: tuple[Mode, ...]
    limits: tuple[Limit, ...]
    barriers: tuple[Named, ...]
    matrix_dimensions: tuple[MatrixDimension, ...]
    cells: tuple[Cell, ...]
    value_types: tuple[Named, ...]
    open_problems: tuple[Named, ...]
    levels: tuple[EcosystemLevel, ...]
    processes: tuple[Process, ...]
    value_dimensions: tuple[Named, ...]
    value_properties: tuple[Named, ...]
    element_kinds: tuple[Named, ...]
    categories: tuple[Category, ...]
    concepts: tuple[Named, ...]
    definition_of_value: tuple[Statement, ...]
    cautions: tuple[Named, ...]
    scenarios: tuple[Scenario, ...] = ()
    rungs: tuple[Rung, ...] = ()
    placements: tuple[Placement, ...] = ()
    service_characteristics: tuple[Named, ...] = ()
    continuum: tuple[ServiceOnContinuum, ...] = ()

    def level_ids(self) -> tuple[str, ...]:
        return tuple(x.id for x in self.levels)

    def process_ids(self) -> tuple[str, ...]:
        return tuple(x.id for x in self.processes)

    def cell(self, nature: str, locus: str) -> Cell:
        """The matrix cell for a nature and a locus."""
        for c in self.cells:
            if c.nature == nature and c.locus == locus:
                return c
        raise KeyError(f"no cell for nature={nature!r}, locus={locus!r}")


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_WithId = TypeVar("_WithId", bound=_HasId)


def find_by_id(
    items: Sequence[_WithId],
    wanted: str,
    what: str,
    error: type[Exception] = KeyError,
    none: str = "none",
) -> _WithId:
    """The item whose ``id`` is ``wanted``; otherwise ``error`` naming the ids that exist.

    ``what`` names the kind of item in the message; ``none`` says what it means
    when there are no items at all (for example "none (no ladder.yaml)").
    """
    for item in items:
        if item.id == wanted:
            return item
    known = ", ".join(i.id for i in items) or none
    raise error(f"no {what} with id {wanted!r}; the ids are: {known}")
