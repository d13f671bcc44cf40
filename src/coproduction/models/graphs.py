"""Graphs built from any case that loads.

Each function takes a :class:`~coproduction.cases.model.Case` and returns a
networkx graph or plain data, so explorers, figures and exercise generators work
on every case, including a lecturer's own, without change.

A note on the assemblage: Cluley and Radnor (2021) draw no links between the
elements of an assemblage, because the relations differ by stage and by person.
:func:`assemblage_graph` therefore returns elements only, unless a caller asks
for the book's illustrative links by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from coproduction.cases.model import Case, Element


class UnknownPhaseError(KeyError):
    """A phase id that the case does not have."""


def _phase_order(case: Case, phase: str) -> int:
    for p in case.phases:
        if p.id == phase:
            return p.order
    known = ", ".join(p.id for p in case.phases) or "none (this case has no assemblage)"
    raise UnknownPhaseError(f"{case.id} has no phase {phase!r}; its phases are: {known}")


def present_in(case: Case, element: Element, phase: str) -> bool:
    """Whether the element is part of the assemblage in ``phase``."""
    now = _phase_order(case, phase)
    enters = _phase_order(case, element.timing.enters)
    leaves = element.timing.leaves
    return enters <= now and (leaves is None or now < _phase_order(case, leaves))


def presence_at(case: Case, element: Element, phase: str) -> str | None:
    """``'actual'``, ``'virtual'`` or ``None`` (absent) for an element in a phase."""
    if not present_in(case, element, phase):
        return None
    actual_from = element.timing.actual_from
    if actual_from is None or _phase_order(case, phase) >= _phase_order(case, actual_from):
        return "actual"
    return "virtual"


def assemblage_graph(case: Case, phase: str | None = None, links: bool = False) -> nx.Graph:
    """The assemblage's elements, optionally in one phase, optionally with links.

    Parameters
    ----------
    case:
        Any loaded case (a case without an assemblage gives an empty graph).
    phase:
        Keep only the elements present in this phase; ``None`` keeps every
        element (each node's ``presence`` is then its presence when it entered).
    links:
        Add the case's links between elements. They are illustrative in the
        shipped cases and are off by default, as in the paper's own figure.

    Returns
    -------
    networkx.Graph
        Nodes are element ids with ``name``, ``kind``, ``category``,
        ``presence`` (``actual`` or ``virtual``) and ``status``. Edges, if any,
        carry ``description`` and ``status``.
    """
    if phase is not None:
        _phase_order(case, phase)  # an unknown phase is an error even with no elements
    g = nx.Graph(case=case.id, phase=phase, links_shown=links)
    for el in case.elements:
        presence = presence_at(case, el, phase or el.timing.enters)
        if phase is not None and presence is None:
            continue
        g.add_node(
            el.id,
            name=el.name,
            kind=el.kind,
            category=el.category,
            presence=presence,
            status=el.status,
            timing_status=el.timing.status,
        )
    if links:
        for link in case.links:
            if link.a in g and link.b in g:
                g.add_edge(
                    link.a, link.b, id=link.id, description=link.description, status=link.status
                )
    return g


@dataclass(frozen=True)
class PhaseChange:
    """What changes as the assemblage moves into a phase."""

    phase: str
    entered: tuple[str, ...]  # reterritorialisation
    left: tuple[str, ...]  # deterritorialisation
    became_actual: tuple[str, ...]  # virtual elements made actual

    @property
    def changed(self) -> bool:
        return bool(self.entered or self.left or self.became_actual)


def assemblage_changes(case: Case) -> list[PhaseChange]:
    """For each phase in order, the elements entering, leaving and becoming actual."""
    changes = []
    for p in case.phases:
        entered = tuple(e.id for e in case.elements if e.timing.enters == p.id)
        left = tuple(e.id for e in case.elements if e.timing.leaves == p.id)
        actual = tuple(
            e.id
            for e in case.elements
            if e.timing.actual_from == p.id and e.timing.actual_from != e.timing.enters
        )
        changes.append(PhaseChange(p.id, entered, left, actual))
    return changes


def ecosystem_graph(
    case: Case,
    processes: Iterable[str] | None = None,
    levels: Iterable[str] | None = None,
) -> nx.MultiDiGraph:
    """Actors and their typed interactions, filtered by process and level.

    Every actor stays in the graph (so a picture keeps its layout as filters
    change); only interactions are filtered. An interaction is kept when its
    process is in ``processes`` and its level in ``levels`` (``None``: all).
    """
    keep_p = None if processes is None else set(processes)
    keep_l = None if levels is None else set(levels)
    g = nx.MultiDiGraph(case=case.id)
    for a in case.actors:
        g.add_node(
            a.id,
            name=a.name,
            level=a.level,
            type=a.type,
            presence=a.presence,
            count=a.count,
            status=a.status,
        )
    for x in case.interactions:
        if keep_p is not None and x.process not in keep_p:
            continue
        if keep_l is not None and x.level not in keep_l:
            continue
        g.add_edge(
            x.from_actor,
            x.to_actor,
            key=x.id,
            process=x.process,
            level=x.level,
            nature=x.nature,
            description=x.description,
            status=x.status,
        )
    return g


def goal_graph(case: Case) -> nx.Graph:
    """Goals as nodes (``actor/goal``) with congruent or tension edges."""
    g = nx.Graph(case=case.id)
    for goal in case.goals:
        g.add_node(goal.key, actor=goal.actor, text=goal.text, status=goal.status)
    for rel in case.goal_relations:
        g.add_edge(rel.a, rel.b, relation=rel.relation, evidence=rel.evidence, status=rel.status)
    return g


def actor_relations(case: Case) -> dict[tuple[str, str], set[str]]:
    """Between each pair of actors, the kinds of goal relation (congruent, tension)."""
    out: dict[tuple[str, str], set[str]] = {}
    for rel in case.goal_relations:
        a, b = sorted((rel.a.split("/")[0], rel.b.split("/")[0]))
        out.setdefault((a, b), set()).add(rel.relation)
    return out


def factor_attachments(case: Case, levels: bool = True) -> dict[str, set[str]]:
    """For each factor, the actors where it acts.

    A factor acting on an interaction attaches to both its actors; a factor
    acting on a level attaches to every actor on that level, unless ``levels``
    is false (then only the actors it names or reaches through interactions).
    """
    by_id = {x.id: x for x in case.interactions}
    out: dict[str, set[str]] = {}
    for f in case.factors:
        actors = set(f.actors)
        for xid in f.interactions:
            actors |= {by_id[xid].from_actor, by_id[xid].to_actor}
        if levels:
            actors |= {a.id for a in case.actors if a.level in f.levels}
        out[f.id] = actors
    return out


def factor_graph(case: Case) -> nx.DiGraph:
    """A bipartite graph: factors point at the actors where they act."""
    g = nx.DiGraph(case=case.id)
    for a in case.actors:
        g.add_node(a.id, role="actor", name=a.name, level=a.level)
    attachments = factor_attachments(case)
    for f in case.factors:
        g.add_node(f.id, role="factor", name=f.name, kind=f.kind, status=f.status)
        for actor in sorted(attachments[f.id]):
            g.add_edge(f.id, actor)
    return g
