"""Numeric questions computed from a case's data with networkx.

A numeric item in the bank names a measure and a case instead of typing the
answer (``compute: {measure: goal-tensions, case: scottish-social-security}``), so
the key follows the data: correct a case file and the answer changes with it.
:func:`coproduction.exercises.generate.case_items` writes a set of such questions
for any case that loads, including a lecturer's own, with feedback that lists what
was counted.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from coproduction.cases.model import Case, Phase
from coproduction.models import graphs


class MeasureError(ValueError):
    """A measure that does not exist, or does not apply to the case."""


@dataclass(frozen=True)
class Question:
    value: float
    prompt: str
    right: str
    wrong: str
    hints: tuple[tuple[float, str], ...] = ()
    tolerance: float = 0.0
    unit: str | None = None


def _names(case: Case, ids: Iterable[str]) -> str:
    names = []
    for i in ids:
        try:
            names.append(case.element(i).name)
        except KeyError:
            try:
                names.append(case.actor(i).name)
            except KeyError:
                names.append(i)
    if not names:
        return "none"
    return "; ".join(sorted(names))


def _phase(case: Case, phase: str) -> Phase:
    for p in case.phases:
        if p.id == phase:
            return p
    known = ", ".join(p.id for p in case.phases) or "none"
    raise MeasureError(f"case {case.id} has no phase {phase!r} (its phases: {known})")


def elements_in_phase(case: Case, phase: str) -> Question:
    p = _phase(case, phase)
    g = graphs.assemblage_graph(case, phase)
    virtual = [n for n, d in g.nodes(data=True) if d.get("presence") == "virtual"]
    n = g.number_of_nodes()
    hints = []
    if virtual:
        hints.append(
            (
                float(n - len(virtual)),
                "You counted only the actual elements. Virtual elements (present as "
                "potential, not yet actualised) are part of the assemblage too.",
            )
        )
    return Question(
        n,
        f"In the {case.short_title} case data, how many elements make up the assemblage "
        f"in the phase '{p.name}' (count actual and virtual elements)?",
        f"Right: {n} elements, of which {len(virtual)} virtual. The elements are: "
        f"{_names(case, g.nodes)}.",
        f"The assemblage in '{p.name}' has {n} elements ({len(virtual)} of them virtual): "
        f"{_names(case, g.nodes)}. Count every element that has entered by this phase and "
        "not yet left it.",
        tuple(hints),
    )


def elements_changing(case: Case, phase: str, change: str = "entered") -> Question:
    p = _phase(case, phase)
    ch = next(c for c in graphs.assemblage_changes(case) if c.phase == phase)
    ids = ch.entered if change == "entered" else ch.left
    word = "reterritorialisation" if change == "entered" else "deterritorialisation"
    verb = "enter" if change == "entered" else "leave"
    other = ch.left if change == "entered" else ch.entered
    return Question(
        len(ids),
        f"In the {case.short_title} case data, how many elements {verb} the assemblage as "
        f"it moves into the phase '{p.name}'?",
        f"Right: {len(ids)} ({_names(case, ids)}). Elements that {verb} are one face of {word}.",
        f"{len(ids)} elements {verb} in '{p.name}': {_names(case, ids)}. Do not count "
        f"elements that {'leave' if change == 'entered' else 'enter'} at the same time "
        f"({len(other)}), or those already present.",
        (
            (
                float(len(other)),
                f"That is the number that {'leave' if verb == 'enter' else 'enter'}.",
            ),
        )
        if len(other) != len(ids)
        else (),
    )


def actors_at_level(case: Case, level: str) -> Question:
    actors = [a for a in case.actors if a.level == level]
    if not case.actors:
        raise MeasureError(f"case {case.id} has no actors (no ecosystem.yaml)")
    return Question(
        len(actors),
        f"How many actors does the {case.short_title} case data place at the {level} level of "
        "the service ecosystem?",
        f"Right: {len(actors)} ({_names(case, [a.id for a in actors])}).",
        f"The {level} level holds {len(actors)} actors: {_names(case, [a.id for a in actors])}. "
        "Count the actors whose level in the case file is "
        f"'{level}', whatever processes they take part in.",
    )


def interactions_of_process(case: Case, process: str) -> Question:
    g = graphs.ecosystem_graph(case, processes=[process])
    n = g.number_of_edges()
    descr = "; ".join(sorted(d["description"] for _, _, d in g.edges(data=True))) or "none"
    return Question(
        n,
        f"How many of the {case.short_title} case's recorded interactions are typed as {process}?",
        f"Right: {n}. They are: {descr}",
        f"{n} interactions are typed as {process}: {descr}",
    )


def goal_tensions(case: Case) -> Question:
    g = graphs.goal_graph(case)
    if g.number_of_nodes() == 0:
        raise MeasureError(f"case {case.id} records no goals")
    tensions = [(a, b) for a, b, d in g.edges(data=True) if d["relation"] == "tension"]
    congruent = g.number_of_edges() - len(tensions)
    return Question(
        len(tensions),
        f"In the {case.short_title} case data, how many pairs of goals are in tension "
        "(rather than congruent)?",
        f"Right: {len(tensions)} of the {g.number_of_edges()} recorded goal relations are "
        "tensions. Tension between goals is where value can be contested or destroyed.",
        f"{len(tensions)} of the {g.number_of_edges()} goal relations are tensions and "
        f"{congruent} congruent. Count only the relations marked 'tension'.",
        ((float(congruent), "That is the number of congruent relations."),)
        if congruent != len(tensions)
        else (),
    )


def _partner_graph(case: Case) -> nx.Graph:
    """Actors joined when at least one interaction links them (direction ignored)."""
    g = nx.Graph(graphs.ecosystem_graph(case))
    g.remove_edges_from(nx.selfloop_edges(g))
    return g


def most_partners(case: Case) -> Question:
    g = _partner_graph(case)
    if g.number_of_edges() == 0:
        raise MeasureError(f"case {case.id} records no interactions")
    degree = dict(g.degree())
    top = max(degree.values())
    who = [a for a, d in degree.items() if d == top]
    interactions = max(dict(graphs.ecosystem_graph(case).degree()).values())
    hints: tuple[tuple[float, str], ...] = ()
    if interactions != top:
        hints = (
            (
                float(interactions),
                "You counted interactions; two actors who interact in several ways are still "
                "one partner.",
            ),
        )
    return Question(
        top,
        f"In the {case.short_title} ecosystem, what is the largest number of other actors "
        "that any one actor interacts with (its number of distinct partners)?",
        f"Right: {top}, for {_names(case, who)}. Its position makes it a hub where goals meet.",
        f"The most connected actor ({_names(case, who)}) interacts with {top} others. Count "
        "distinct partners, not interactions.",
        hints,
    )


def density(case: Case) -> Question:
    g = _partner_graph(case)
    if g.number_of_nodes() < 2:
        raise MeasureError(f"case {case.id} has fewer than two actors")
    d = round(nx.density(g), 2)
    n, m = g.number_of_nodes(), g.number_of_edges()
    return Question(
        d,
        f"The density of a network is the share of all possible pairs that are linked. "
        f"Treating the {case.short_title} actors as a network in which two actors are linked "
        "if any interaction joins them, what is its density (to two decimal places)?",
        f"Right: {m} linked pairs out of {n * (n - 1) // 2} possible gives {d:.2f}.",
        f"There are {n} actors, so {n * (n - 1) // 2} possible pairs; {m} are linked, giving "
        f"{m}/{n * (n - 1) // 2} = {d:.2f}.",
        ((float(m), "That is the number of linked pairs; divide by the possible pairs."),),
        tolerance=0.01,
    )


def factors_at(case: Case, actor: str) -> Question:
    try:
        a = case.actor(actor)
    except KeyError as err:
        raise MeasureError(str(err)) from None
    att = graphs.factor_attachments(case)
    acting = [f.name for f in case.factors if actor in att[f.id]]
    return Question(
        len(acting),
        f"How many of the {case.short_title} case's enabling and constraining factors act on "
        f"{a.name}, directly, through its interactions or through its level?",
        f"Right: {len(acting)} ({'; '.join(sorted(acting)) or 'none'}).",
        f"{len(acting)} factors act there: {'; '.join(sorted(acting)) or 'none'}. A factor "
        "acting on a level reaches every actor on it.",
    )


MEASURES: dict[str, Callable[..., Question]] = {
    "elements-in-phase": elements_in_phase,
    "elements-entering": lambda case, phase: elements_changing(case, phase, "entered"),
    "elements-leaving": lambda case, phase: elements_changing(case, phase, "left"),
    "actors-at-level": actors_at_level,
    "interactions-of-process": interactions_of_process,
    "goal-tensions": goal_tensions,
    "most-partners": most_partners,
    "density": density,
    "factors-at": factors_at,
}


def question(case: Case, measure: str, **params: Any) -> Question:
    if measure not in MEASURES:
        raise MeasureError(f"unknown measure {measure!r}; known: {', '.join(MEASURES)}")
    try:
        return MEASURES[measure](case, **params)
    except TypeError as err:
        raise MeasureError(f"measure {measure!r}: {err}") from None


def compute(spec: Mapping[str, Any], folder: Path | None = None) -> Question:
    """The question (value, wording of feedback) of a ``compute:`` block in the bank.

    ``case`` is a case id, or the path of a case folder relative to ``folder`` (the
    folder of the bank or set file that holds the block).
    """
    from coproduction.cases import CaseDataError, load_case

    params = {k: v for k, v in spec.items() if k not in ("measure", "case")}
    ref = str(spec.get("case"))
    if folder is not None and "/" in ref:
        ref = os.path.normpath(folder / ref)
    try:
        case = load_case(ref)
    except (CaseDataError, FileNotFoundError, KeyError, ValueError) as err:
        raise MeasureError(f"case {spec['case']!r} does not load: {err}") from None
    return question(case, spec["measure"], **params)
