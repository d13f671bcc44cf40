"""The service ecosystem as a model: one view state per (process filter, highlight).

Strokosch and Osborne (2020) place the actors of a public service ecosystem on
the micro, meso and macro levels, type the interactions between them as
co-experience, co-construction, co-production, co-design or co-governance, and
show that value creation is enabled or constrained by the congruence or tension
of the actors' goals and by the factors of their Table 1. This module turns any
case that loads into one plain-data view of that picture:

- :func:`ecosystem_view` gives, for a process filter (``"all"`` or a process id
  from the frameworks) and a highlight (``"none"``, ``"goals"`` or
  ``"factors"``), the actors by level, the interactions that the filter keeps,
  the congruent and tension actor pairs, the factors with the actors where they
  act, and summary counts;
- :func:`process_options` and :data:`HIGHLIGHTS` name the choices a reader has.

Everything is built on :mod:`coproduction.models.graphs` (``ecosystem_graph``,
``goal_graph``, ``actor_relations`` and ``factor_attachments``); nothing here
draws.

Examples
--------
>>> from coproduction.cases import load_case, load_frameworks
>>> fw = load_frameworks()
>>> view = ecosystem_view(load_case("scottish-social-security"), fw, "co-governance")
>>> [x.id for x in view.interactions]
['stakeholder-reference-groups', 'legislative-consultation', 'devolution-and-uk-legacy']
>>> [a.id for a in view.actors_by_level["macro"]]
['dwp', 'politicians', 'scottish-government-policymakers']
>>> ("dwp", "scottish-government-policymakers") in [p.actors for p in view.tension]
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coproduction.cases.model import Case, Frameworks, Source
from coproduction.models.graphs import (
    actor_relations,
    ecosystem_graph,
    factor_attachments,
    goal_graph,
)

ALL = "all"
"""The process filter that keeps every interaction."""

HIGHLIGHTS: tuple[tuple[str, str], ...] = (
    ("none", "None"),
    ("goals", "Goal congruence and tension"),
    ("factors", "Enablers and constraints"),
)
"""The highlights a view can show, as ``(id, label)`` pairs."""

RELATIONS = ("congruent", "tension")


class UnknownProcessError(KeyError):
    """A process filter that is neither ``"all"`` nor a process in the frameworks."""


class UnknownHighlightError(KeyError):
    """A highlight that is not one of :data:`HIGHLIGHTS`."""


# Plain data -------------------------------------------------------------------


@dataclass(frozen=True)
class ActorView:
    """An actor as the ecosystem shows it."""

    id: str
    name: str
    level: str
    type: str
    presence: str  # "actual" or "virtual"
    status: str
    note: str | None

    @property
    def virtual(self) -> bool:
        return self.presence == "virtual"

    @property
    def short_name(self) -> str:
        """The name without a trailing explanation in brackets, for figures."""
        return short_name(self.name)


@dataclass(frozen=True)
class InteractionView:
    """An interaction the process filter keeps, with the names of its actors."""

    id: str
    from_actor: str
    to_actor: str
    from_name: str
    to_name: str
    process: str
    process_name: str
    level: str
    nature: str  # collaborative, antagonistic or mixed
    description: str
    status: str
    note: str | None
    source: Source

    @property
    def illustrative(self) -> bool:
        return self.status == "illustrative"

    @property
    def antagonistic(self) -> bool:
        return self.nature == "antagonistic"


@dataclass(frozen=True)
class GoalLink:
    """One goal relation from the case, with both goals spelled out."""

    id: str
    a: str  # actor-id/goal-id
    b: str
    a_text: str
    b_text: str
    relation: str  # congruent or tension
    evidence: str
    status: str
    note: str | None
    source: Source

    @property
    def illustrative(self) -> bool:
        return self.status == "illustrative"


@dataclass(frozen=True)
class ActorPair:
    """Two actors whose goals are congruent, or in tension, through one or more links.

    ``actors`` is sorted; the two are the same actor when a relation joins two of
    one actor's own goals. ``interactions`` are the ids of the interactions shown
    in this view that run between the two (in either direction).
    """

    actors: tuple[str, str]
    names: tuple[str, str]
    relation: str
    links: tuple[GoalLink, ...]
    interactions: tuple[str, ...] = ()

    @property
    def illustrative(self) -> bool:
        """Whether the pair rests only on relations the book added."""
        return all(link.illustrative for link in self.links)

    @property
    def within_one_actor(self) -> bool:
        return self.actors[0] == self.actors[1]


@dataclass(frozen=True)
class FactorView:
    """An enabler or constraint, numbered, with where it acts.

    ``actors`` is every actor the factor reaches (from
    :func:`~coproduction.models.graphs.factor_attachments`); ``direct_actors``
    are those named in its ``acts_on`` or at either end of an interaction it acts
    on, and ``levels`` the levels it acts on as a whole. ``on_shown`` lists the
    interactions it acts on that the current process filter shows.
    """

    number: int
    id: str
    name: str
    kind: str  # enabler or constraint
    group: str | None
    evidence: tuple[str, ...]
    actors: tuple[str, ...]
    direct_actors: tuple[str, ...]
    interactions: tuple[str, ...]
    levels: tuple[str, ...]
    on_shown: tuple[str, ...]
    status: str
    note: str | None
    source: Source

    @property
    def sign(self) -> str:
        """``+`` for an enabler, the minus sign ``−`` for a constraint."""
        return "+" if self.kind == "enabler" else "\u2212"

    @property
    def tag(self) -> str:
        """The factor's tag in a figure, e.g. ``+1`` or ``−5``."""
        return f"{self.sign}{self.number}"

    @property
    def illustrative(self) -> bool:
        return self.status == "illustrative"


@dataclass(frozen=True)
class Counts:
    """Summary counts for one view."""

    actors: int
    by_level: tuple[tuple[str, int], ...]
    virtual_actors: int
    interactions_shown: int
    interactions_total: int
    antagonistic_shown: int
    illustrative_shown: int
    congruent_pairs: int
    tension_pairs: int
    enablers: int
    constraints: int


@dataclass(frozen=True)
class EcosystemView:
    """Everything one state of the ecosystem explorer shows, as plain data.

    ``levels`` lists ``(id, name)`` from the top of the picture (macro) to its
    foot (micro); ``actors_by_level`` maps each level id to its actors, sorted by
    id. The goal pairs and factors are always filled in, whatever the highlight,
    so a caller can compare states; ``highlight`` says which of them to show.
    """

    case_id: str
    case_title: str
    process: str
    process_name: str
    highlight: str
    levels: tuple[tuple[str, str], ...]
    actors_by_level: dict[str, tuple[ActorView, ...]]
    interactions: tuple[InteractionView, ...]
    congruent: tuple[ActorPair, ...]
    tension: tuple[ActorPair, ...]
    factors: tuple[FactorView, ...]
    factors_by_actor: dict[str, tuple[int, ...]]
    counts: Counts
    #: Every interaction of the case as ``(id, from actor, to actor)``, shown or not,
    #: in the case's order: a figure spreads parallel arrows by their place among
    #: them, so filtering never moves an arrow.
    all_routes: tuple[tuple[str, str, str], ...] = ()

    @property
    def actors(self) -> tuple[ActorView, ...]:
        return tuple(a for lvl, _ in self.levels for a in self.actors_by_level[lvl])

    @property
    def has_actors(self) -> bool:
        return bool(self.actors)

    def actor(self, actor_id: str) -> ActorView:
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise KeyError(f"no actor {actor_id!r} in case {self.case_id!r}")

    def name(self, actor_id: str) -> str:
        """An actor's short name, or its id if the case does not have it."""
        for a in self.actors:
            if a.id == actor_id:
                return a.short_name
        return actor_id

    def factor(self, number: int) -> FactorView:
        return self.factors[number - 1]


# Helpers ----------------------------------------------------------------------


_BRACKETED_TAIL = re.compile(r"\s*\([^()]*\)\s*$")


def short_name(name: str) -> str:
    """Drop a trailing explanation in brackets: ``"Politicians (elected ...)"`` → ``"Politicians"``.

    >>> short_name("Third sector organisations (the stakeholder reference groups)")
    'Third sector organisations'
    >>> short_name("(DWP)")
    '(DWP)'
    """
    cut = _BRACKETED_TAIL.sub("", name)
    return cut if cut.strip() else name


def process_options(frameworks: Frameworks) -> tuple[tuple[str, str], ...]:
    """The process filters a reader can choose: ``all`` and every framework process.

    >>> from coproduction.cases import load_frameworks
    >>> [v for v, _ in process_options(load_frameworks())][:3]
    ['all', 'co-experience', 'co-construction']
    """
    return ((ALL, "All processes"),) + tuple((p.id, p.name) for p in frameworks.processes)


def _check(frameworks: Frameworks, process: str, highlight: str) -> str:
    names = dict(process_options(frameworks))
    if process not in names:
        raise UnknownProcessError(f"no process {process!r}; choose one of: {', '.join(names)}")
    if highlight not in dict(HIGHLIGHTS):
        raise UnknownHighlightError(
            f"no highlight {highlight!r}; choose one of: {', '.join(h for h, _ in HIGHLIGHTS)}"
        )
    return names[process]


# The view ---------------------------------------------------------------------


def ecosystem_view(
    case: Case,
    frameworks: Frameworks,
    process: str = ALL,
    highlight: str = "none",
) -> EcosystemView:
    """The ecosystem of ``case`` as one explorer state.

    Parameters
    ----------
    case:
        Any loaded case. A case without actors gives a view with no actors
        (``has_actors`` is false); one without interactions, goal relations or
        factors gives empty tuples for them.
    frameworks:
        The frameworks, for the level and process names and their order.
    process:
        ``"all"`` or a process id: only interactions of that process are shown.
        Every actor stays, so the picture keeps its layout as the filter changes.
    highlight:
        ``"none"``, ``"goals"`` or ``"factors"``: what a figure or text should
        bring forward. The view's data do not depend on it.

    Returns
    -------
    EcosystemView

    Examples
    --------
    >>> from coproduction.cases import load_case, load_frameworks
    >>> case = load_case("scottish-social-security")
    >>> v = ecosystem_view(case, load_frameworks(), "co-production")
    >>> [x.id for x in v.interactions]
    ['experience-panels', 'tso-mediation']
    >>> v.counts.interactions_shown, v.counts.interactions_total
    (2, 9)
    """
    process_name = _check(frameworks, process, highlight)
    level_names = {lv.id: lv.name for lv in frameworks.levels}
    # Top of the picture first: the frameworks list the levels from micro up.
    levels = tuple((lv, level_names[lv]) for lv in reversed(frameworks.level_ids()))

    graph = ecosystem_graph(case, None if process == ALL else [process])
    actors = {
        n: ActorView(
            id=n,
            name=d["name"],
            level=d["level"],
            type=d["type"],
            presence=d["presence"],
            status=d["status"],
            note=case.actor(n).note,
        )
        for n, d in graph.nodes(data=True)
    }
    by_level = {
        lv: tuple(sorted((a for a in actors.values() if a.level == lv), key=lambda a: a.id))
        for lv, _ in levels
    }

    process_names = {p.id: p.name for p in frameworks.processes}
    order = {x.id: i for i, x in enumerate(case.interactions)}
    records = {x.id: x for x in case.interactions}
    shown = sorted(graph.edges(keys=True, data=True), key=lambda e: order[e[2]])
    interactions = tuple(
        InteractionView(
            id=key,
            from_actor=u,
            to_actor=v,
            from_name=actors[u].short_name,
            to_name=actors[v].short_name,
            process=d["process"],
            process_name=process_names.get(d["process"], d["process"]),
            level=d["level"],
            nature=d["nature"],
            description=d["description"],
            status=d["status"],
            note=records[key].note,
            source=records[key].source,
        )
        for u, v, key, d in shown
    )

    congruent, tension = _pairs(case, actors, interactions)
    factors = _factors(case, interactions)
    factors_by_actor = {
        a: tuple(f.number for f in factors if a in f.actors) for a in sorted(actors)
    }

    counts = Counts(
        actors=len(actors),
        by_level=tuple((lv, len(by_level[lv])) for lv, _ in levels),
        virtual_actors=sum(a.virtual for a in actors.values()),
        interactions_shown=len(interactions),
        interactions_total=len(case.interactions),
        antagonistic_shown=sum(x.antagonistic for x in interactions),
        illustrative_shown=sum(x.illustrative for x in interactions),
        congruent_pairs=len(congruent),
        tension_pairs=len(tension),
        enablers=sum(f.kind == "enabler" for f in factors),
        constraints=sum(f.kind == "constraint" for f in factors),
    )
    return EcosystemView(
        case_id=case.id,
        case_title=case.short_title,
        process=process,
        process_name=process_name,
        highlight=highlight,
        levels=levels,
        actors_by_level=by_level,
        interactions=interactions,
        congruent=congruent,
        tension=tension,
        factors=factors,
        factors_by_actor=factors_by_actor,
        counts=counts,
        all_routes=tuple((x.id, x.from_actor, x.to_actor) for x in case.interactions),
    )


def _pairs(
    case: Case, actors: dict[str, ActorView], interactions: tuple[InteractionView, ...]
) -> tuple[tuple[ActorPair, ...], tuple[ActorPair, ...]]:
    """Congruent and tension actor pairs, from the goal relations."""
    goals = goal_graph(case)
    relations = actor_relations(case)  # (a, b) sorted -> {"congruent", "tension"}
    out: dict[str, list[ActorPair]] = {r: [] for r in RELATIONS}
    for pair in sorted(relations):
        for relation in RELATIONS:
            if relation not in relations[pair]:
                continue
            links = tuple(
                GoalLink(
                    id=rel.id,
                    a=rel.a,
                    b=rel.b,
                    a_text=goals.nodes[rel.a]["text"],
                    b_text=goals.nodes[rel.b]["text"],
                    relation=rel.relation,
                    evidence=rel.evidence,
                    status=rel.status,
                    note=rel.note,
                    source=rel.source,
                )
                for rel in case.goal_relations
                if rel.relation == relation
                and tuple(sorted((rel.a.split("/")[0], rel.b.split("/")[0]))) == pair
            )
            between = tuple(x.id for x in interactions if {x.from_actor, x.to_actor} == set(pair))
            out[relation].append(
                ActorPair(
                    actors=pair,
                    names=(actors[pair[0]].short_name, actors[pair[1]].short_name),
                    relation=relation,
                    links=links,
                    interactions=between,
                )
            )
    return tuple(out["congruent"]), tuple(out["tension"])


def _factors(case: Case, interactions: tuple[InteractionView, ...]) -> tuple[FactorView, ...]:
    """Factors numbered in file order, with the actors where they act."""
    reach = factor_attachments(case)
    # Kept apart from ``reach``, so a figure can put level-wide factors on the level.
    named = factor_attachments(case, levels=False)
    shown = {x.id for x in interactions}
    out = []
    for number, f in enumerate(case.factors, start=1):
        direct = named[f.id]
        out.append(
            FactorView(
                number=number,
                id=f.id,
                name=f.name,
                kind=f.kind,
                group=f.group,
                evidence=f.evidence,
                actors=tuple(sorted(reach[f.id])),
                direct_actors=tuple(sorted(direct)),
                interactions=f.interactions,
                levels=f.levels,
                on_shown=tuple(x for x in f.interactions if x in shown),
                status=f.status,
                note=f.note,
                source=f.source,
            )
        )
    return tuple(out)
