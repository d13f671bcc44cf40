"""Property-based tests: the graph builders keep their promises on any case."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coproduction.cases.model import Actor, Case, Element, Interaction, Link, Phase, Source, Timing
from coproduction.models import graphs

SRC = Source("book", "generated")
PROCESSES = ["co-experience", "co-construction", "co-production", "co-design", "co-governance"]
LEVELS = ["micro", "meso", "macro"]


@st.composite
def assemblages(draw) -> Case:
    n_phases = draw(st.integers(1, 5))
    phases = tuple(
        Phase(f"p{i}", SRC, "illustrative", "g", f"P{i}", "d", i) for i in range(n_phases)
    )
    elements = []
    for j in range(draw(st.integers(0, 12))):
        enters = draw(st.integers(0, n_phases - 1))
        leaves = draw(st.one_of(st.none(), st.integers(enters + 1, n_phases)))
        if leaves == n_phases:
            leaves = None
        last = (leaves if leaves is not None else n_phases) - 1
        actual = draw(st.one_of(st.none(), st.integers(enters, last)))
        timing = Timing(
            f"p{enters}",
            None if leaves is None else f"p{leaves}",
            None if actual is None else f"p{actual}",
            SRC,
            "illustrative",
            "g",
        )
        elements.append(
            Element(f"e{j}", SRC, "illustrative", "g", f"E{j}", "objects", "material", timing)
        )
    ids = [e.id for e in elements]
    links = []
    if len(ids) >= 2:
        pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=10))
        links = [
            Link(f"l{k}", SRC, "illustrative", "g", a, b, "d")
            for k, (a, b) in enumerate(pairs)
            if a != b
        ]
    return Case(
        "gen",
        "Generated",
        "Gen",
        "s",
        (),
        phases=phases,
        elements=tuple(elements),
        links=tuple(links),
    )


@st.composite
def ecosystems(draw) -> Case:
    n = draw(st.integers(1, 8))
    actors = tuple(
        Actor(f"a{i}", SRC, "illustrative", "g", f"A{i}", "t", draw(st.sampled_from(LEVELS)))
        for i in range(n)
    )
    interactions = tuple(
        Interaction(
            f"x{k}",
            SRC,
            "illustrative",
            "g",
            f"a{draw(st.integers(0, n - 1))}",
            f"a{draw(st.integers(0, n - 1))}",
            draw(st.sampled_from(PROCESSES)),
            draw(st.sampled_from(LEVELS)),
            "mixed",
            "d",
        )
        for k in range(draw(st.integers(0, 15)))
    )
    return Case("gen", "Generated", "Gen", "s", (), actors=actors, interactions=interactions)


@settings(max_examples=150, deadline=None)
@given(assemblages())
def test_each_phase_is_the_last_plus_what_entered_minus_what_left(case: Case):
    previous: set[str] = set()
    for change in graphs.assemblage_changes(case):
        now = set(graphs.assemblage_graph(case, phase=change.phase))
        assert now == (previous | set(change.entered)) - set(change.left)
        assert not set(change.entered) & set(change.left)
        previous = now


@settings(max_examples=150, deadline=None)
@given(assemblages())
def test_presence_turns_from_virtual_to_actual_once_and_never_back(case: Case):
    for el in case.elements:
        seen = [graphs.presence_at(case, el, p.id) for p in case.phases]
        present = [s for s in seen if s is not None]
        assert present, "an element is present in at least the phase it enters"
        assert present == sorted(present, key=lambda s: s == "actual")
        first = seen.index(present[0])
        assert all(s is not None for s in seen[first : first + len(present)]), "present in one run"


@settings(max_examples=100, deadline=None)
@given(assemblages())
def test_links_appear_only_when_asked_for_and_only_between_present_elements(case: Case):
    for phase in [None, *(p.id for p in case.phases)]:
        off = graphs.assemblage_graph(case, phase=phase)
        on = graphs.assemblage_graph(case, phase=phase, links=True)
        assert off.number_of_edges() == 0
        assert set(on) == set(off)
        assert all(on.edges[e]["status"] == "illustrative" for e in on.edges)


@settings(max_examples=150, deadline=None)
@given(ecosystems(), st.sets(st.sampled_from(PROCESSES)), st.sets(st.sampled_from(LEVELS)))
def test_filters_keep_exactly_the_matching_interactions_and_every_actor(case, procs, levels):
    full = graphs.ecosystem_graph(case)
    filtered = graphs.ecosystem_graph(case, processes=procs, levels=levels)
    assert set(filtered) == set(full) == {a.id for a in case.actors}
    kept = {k for *_, k in filtered.edges(keys=True)}
    expected = {x.id for x in case.interactions if x.process in procs and x.level in levels}
    assert kept == expected


@settings(max_examples=100, deadline=None)
@given(ecosystems())
def test_filtering_process_by_process_partitions_the_interactions(case):
    parts = [
        {k for *_, k in graphs.ecosystem_graph(case, processes=[p]).edges(keys=True)}
        for p in PROCESSES
    ]
    assert sum(len(p) for p in parts) == len(case.interactions)
    assert set().union(*parts) == {x.id for x in case.interactions}
