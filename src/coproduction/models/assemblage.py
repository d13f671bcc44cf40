"""The assemblage over time: what is present, imagined, arriving and leaving in each phase.

Cluley and Radnor (2021) picture value co-creation in the Integrated Point of
Access (IPoA) as an assemblage of human, material, environmental, political,
cultural and experiential elements. Elements enter the assemblage
(reterritorialisation) and leave it (deterritorialisation) as a project moves
on, and an element can be *virtual* (imagined, as the service user is in the
paper's thought bubble) before it becomes actual.

This module turns any case's ``assemblage.yaml`` into one plain-data
:class:`AssemblageState` per phase, built on :mod:`coproduction.models.graphs`.
It draws nothing; the figure and the explorer read these states.

The paper's own caution travels with the data (:data:`CAUTION`): the picture is
not a model, its elements are not variables to be measured, and the paper draws
no links between them. Links are therefore off unless a caller asks for them,
and every link in the shipped cases is the book's illustrative teaching prompt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from coproduction.cases.model import Case, Frameworks
from coproduction.models.graphs import UnknownPhaseError, assemblage_changes, assemblage_graph

Presence = Literal["actual", "virtual", "left"]
Change = Literal["entered", "left", "became-actual"]

#: The paper's caution, in the book's words (Cluley and Radnor 2021, discussion of Figure 1):
#: a headline and the rest, which :data:`CAUTION` joins.
CAUTION_HEAD = (
    "Not a model. Cluley and Radnor (2021) say that their picture of the assemblage is "
    "not a model and that its elements are not variables to be measured."
)
CAUTION_BODY = (
    "An assemblage is fluid and relational, and it is experienced. The paper draws no "
    "links between the elements, because the relationships differ at different stages "
    "and for different people; this view draws none unless you switch on the book's "
    "illustrative links."
)
CAUTION = f"{CAUTION_HEAD} {CAUTION_BODY}"


class NoAssemblageError(ValueError):
    """The case has no assemblage (no phases or no elements in ``assemblage.yaml``)."""


@dataclass(frozen=True)
class ElementView:
    """One element as it stands in one phase.

    ``presence`` is ``"actual"`` or ``"virtual"`` for an element in the
    assemblage, or ``"left"`` for one that left it as this phase began (it is
    no longer present, but the phase is where its leaving shows). ``change``
    says what happened to the element in this phase, if anything.
    """

    id: str
    name: str
    kind: str
    category: str
    presence: Presence
    change: Change | None
    status: str  # the element record: reported or illustrative
    timing_status: str  # its timing record: reported or illustrative

    @property
    def present(self) -> bool:
        return self.presence != "left"

    @property
    def illustrative(self) -> bool:
        """Whether the element itself was added by the book."""
        return self.status == "illustrative"


@dataclass(frozen=True)
class LinkView:
    """A link between two elements present in a phase (illustrative in the shipped cases)."""

    id: str
    a: str
    b: str
    description: str
    status: str


@dataclass(frozen=True)
class AssemblageState:
    """The assemblage in one phase, as plain data.

    ``elements`` holds every element present in the phase and every element
    that left as it began, sorted by name. ``links`` is empty unless links
    were asked for (``links_shown``).
    """

    case: str
    phase: str
    phase_name: str
    phase_description: str
    phase_status: str
    index: int  # 0-based position of the phase
    n_phases: int
    kinds: tuple[str, ...]  # kind ids in display order (every kind the case uses)
    elements: tuple[ElementView, ...]
    links: tuple[LinkView, ...] = ()
    links_shown: bool = False
    case_title: str = ""  # the case's short title, for headings and alt text

    @property
    def is_first(self) -> bool:
        """The first phase: where the book's account of the assemblage starts."""
        return self.index == 0

    @property
    def present(self) -> tuple[ElementView, ...]:
        return tuple(e for e in self.elements if e.present)

    @property
    def actual(self) -> tuple[ElementView, ...]:
        return tuple(e for e in self.elements if e.presence == "actual")

    @property
    def virtual(self) -> tuple[ElementView, ...]:
        """Imagined elements, drawn in the thought bubble."""
        return tuple(e for e in self.elements if e.presence == "virtual")

    @property
    def entered(self) -> tuple[ElementView, ...]:
        """Elements entering in this phase (reterritorialisation)."""
        return tuple(e for e in self.elements if e.change == "entered")

    @property
    def left(self) -> tuple[ElementView, ...]:
        """Elements leaving as this phase begins (deterritorialisation)."""
        return tuple(e for e in self.elements if e.change == "left")

    @property
    def became_actual(self) -> tuple[ElementView, ...]:
        """Virtual elements that become actual in this phase (leave the thought bubble)."""
        return tuple(e for e in self.elements if e.change == "became-actual")

    @property
    def by_kind(self) -> dict[str, tuple[ElementView, ...]]:
        """Present elements grouped by kind, in :attr:`kinds` order (empty kinds kept)."""
        return {k: tuple(e for e in self.present if e.kind == k) for k in self.kinds}

    @property
    def by_category(self) -> dict[str, tuple[ElementView, ...]]:
        """Present elements grouped by category, categories in order of first appearance."""
        out: dict[str, list[ElementView]] = {}
        for e in self.present:
            out.setdefault(e.category, []).append(e)
        return {k: tuple(v) for k, v in out.items()}

    def element(self, element_id: str) -> ElementView:
        for e in self.elements:
            if e.id == element_id:
                return e
        known = ", ".join(e.id for e in self.elements) or "none"
        raise KeyError(f"{element_id!r} is not shown in phase {self.phase!r}; shown: {known}")


def has_assemblage(case: Case) -> bool:
    """Whether the case has an assemblage to show (phases and elements)."""
    return bool(case.phases) and bool(case.elements)


def kind_order(case: Case, frameworks: Frameworks | None = None) -> tuple[str, ...]:
    """The element kinds the case uses, in the frameworks' order (others after, sorted).

    >>> from coproduction.cases import load_case, load_frameworks
    >>> kind_order(load_case("ipoa"), load_frameworks())[:3]
    ('human', 'material', 'environmental')
    """
    used = {e.kind for e in case.elements}
    known = [k.id for k in frameworks.element_kinds] if frameworks else []
    return tuple(k for k in known if k in used) + tuple(sorted(used - set(known)))


def _sort_key(name: str, element_id: str) -> tuple[str, str]:
    return (name.casefold(), element_id)


def assemblage_state(
    case: Case,
    phase: str,
    links: bool = False,
    frameworks: Frameworks | None = None,
) -> AssemblageState:
    """The assemblage in one phase.

    Parameters
    ----------
    case:
        Any loaded case with an assemblage.
    phase:
        A phase id of the case (an unknown id raises
        :class:`~coproduction.models.graphs.UnknownPhaseError`, naming the ids).
    links:
        Include the case's links between elements present in the phase. Off by
        default, as in the paper's own figure.
    frameworks:
        Used only to order the kinds as the frameworks list them.

    Returns
    -------
    AssemblageState

    Examples
    --------
    >>> from coproduction.cases import load_case
    >>> s = assemblage_state(load_case("ipoa"), "consultation")
    >>> [e.id for e in s.became_actual]
    ['citizens', 'service-users', 'user-life-experiences']
    >>> s.links
    ()
    """
    if not has_assemblage(case):
        raise NoAssemblageError(
            f"{case.id} has no assemblage: add phases and elements in assemblage.yaml "
            "(see case_data/README.md)"
        )
    g = assemblage_graph(case, phase, links=links)  # raises on an unknown phase
    change = next(c for c in assemblage_changes(case) if c.phase == phase)
    entered, became = set(change.entered), set(change.became_actual)
    views = []
    for el in case.elements:
        if el.id in g:
            what: Change | None = (
                "entered" if el.id in entered else "became-actual" if el.id in became else None
            )
            presence: Presence = g.nodes[el.id]["presence"]
        elif el.id in change.left:
            what, presence = "left", "left"
        else:
            continue
        views.append(
            ElementView(
                el.id, el.name, el.kind, el.category, presence, what, el.status, el.timing.status
            )
        )
    views.sort(key=lambda v: _sort_key(v.name, v.id))
    # assemblage_graph keeps a link's description and status; its id comes from the case.
    ids = {frozenset((lk.a, lk.b)): lk.id for lk in case.links}
    link_views = tuple(
        LinkView(ids.get(frozenset((a, b)), ""), a, b, d["description"], d["status"])
        for a, b, d in sorted(
            ((*sorted((a, b)), d) for a, b, d in g.edges(data=True)), key=lambda t: t[:2]
        )
    )
    index = next(i for i, p in enumerate(case.phases) if p.id == phase)
    p = case.phases[index]
    return AssemblageState(
        case=case.id,
        phase=p.id,
        phase_name=p.name,
        phase_description=p.description,
        phase_status=p.status,
        index=index,
        n_phases=len(case.phases),
        kinds=kind_order(case, frameworks),
        elements=tuple(views),
        links=link_views,
        links_shown=links,
        case_title=case.short_title,
    )


def assemblage_states(
    case: Case, links: bool = False, frameworks: Frameworks | None = None
) -> tuple[AssemblageState, ...]:
    """One :class:`AssemblageState` per phase, in order."""
    return tuple(assemblage_state(case, p.id, links, frameworks) for p in case.phases)


@dataclass(frozen=True)
class AssemblageHistory:
    """Every phase of a case's assemblage, without and with the links: computed once.

    What the figure needs to keep one layout across phases, and what the explorer
    renders, so neither recomputes a state.
    """

    plain: tuple[AssemblageState, ...]
    linked: tuple[AssemblageState, ...]

    @property
    def every(self) -> tuple[AssemblageState, ...]:
        return self.plain + self.linked

    def state(self, phase: str | None = None, links: bool = False) -> AssemblageState:
        """One phase (the first when ``phase`` is ``None``), with or without links."""
        states = self.linked if links else self.plain
        if phase is None:
            return states[0]
        for s in states:
            if s.phase == phase:
                return s
        known = ", ".join(s.phase for s in states)
        raise UnknownPhaseError(f"no phase {phase!r} in the assemblage; the phases are: {known}")


def assemblage_history(case: Case, frameworks: Frameworks | None = None) -> AssemblageHistory:
    """Every state of a case's assemblage (raises :class:`NoAssemblageError` if it has none).

    >>> from coproduction.cases import load_case
    >>> h = assemblage_history(load_case("ipoa"))
    >>> len(h.plain), h.state("consultation", links=True).links_shown
    (5, True)
    """
    if not has_assemblage(case):
        raise NoAssemblageError(f"{case.id} has no assemblage to draw")
    return AssemblageHistory(
        assemblage_states(case, False, frameworks), assemblage_states(case, True, frameworks)
    )


def ever_virtual(case: Case) -> tuple[str, ...]:
    """Ids of the elements that are virtual in at least one phase, sorted by name."""
    out = {e.id: e.name for s in assemblage_states(case) for e in s.virtual}
    return tuple(sorted(out, key=lambda i: _sort_key(out[i], i)))
