"""Chapter 5 explorer: the assemblage over time (Cluley and Radnor 2021)."""

from __future__ import annotations

import dataclasses
import re
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduction.cases import load_case, load_frameworks
from coproduction.cases.model import Case, Element, Link, Phase, Source, Timing
from coproduction.figures import to_svg
from coproduction.figures.assemblage import assemblage_figure, assemblage_layout, kind_styles
from coproduction.models.assemblage import (
    CAUTION,
    NoAssemblageError,
    assemblage_history,
    assemblage_state,
    assemblage_states,
    ever_virtual,
    has_assemblage,
    kind_order,
)
from coproduction.models.graphs import UnknownPhaseError, assemblage_graph
from coproduction.resources import example
from coproduction.widgets.assemblage import (
    LINKS_LABEL,
    assemblage_explorer,
    assemblage_print,
    explorer_title,
)

TEST_CASE = example("library-at-home")
PHASES = ("scoping", "dissemination", "gateway-review", "consultation", "service-in-use")


def figure(case, fw, phase=None, links=False):
    """The figure of one phase, drawn from the model's output as pages and widgets draw it."""
    history = assemblage_history(case, fw)
    return assemblage_figure(history.state(phase, links), assemblage_layout(history, fw))


@pytest.fixture(scope="module")
def ipoa():
    return load_case("ipoa")


@pytest.fixture(scope="module")
def ipoa_explorer(ipoa, fw):
    return assemblage_explorer(ipoa, fw)


def _ids(elements) -> set[str]:
    return {e.id for e in elements}


def _text(html: str) -> str:
    """The HTML without its inline SVG and tags, for assertions on the words."""
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _svg(html: str) -> str:
    return re.search(r"<svg.*?</svg>", html, flags=re.S).group(0)


# Model ------------------------------------------------------------------------------


def test_which_cases_have_an_assemblage():
    assert has_assemblage(load_case("ipoa"))
    assert has_assemblage(load_case(TEST_CASE))
    assert not has_assemblage(load_case("scottish-social-security"))


def test_kinds_follow_the_frameworks_order(ipoa, fw):
    assert kind_order(ipoa, fw) == (
        "human",
        "material",
        "environmental",
        "political",
        "cultural",
        "experiential",
    )
    # Only the kinds a case uses, still in the frameworks' order.
    assert kind_order(load_case(TEST_CASE), fw) == ("human", "material", "political")


def test_service_users_start_virtual_in_the_thought_bubble(ipoa):
    for phase in ("scoping", "dissemination", "gateway-review"):
        s = assemblage_state(ipoa, phase)
        assert _ids(s.virtual) == {"service-users", "citizens", "user-life-experiences"}
        assert s.element("service-users").presence == "virtual"
        assert "service-users" not in _ids(s.actual)
    assert ever_virtual(ipoa) == ("citizens", "service-users", "user-life-experiences")


def test_users_become_actual_when_consulted(ipoa):
    s = assemblage_state(ipoa, "consultation")
    assert _ids(s.became_actual) == {"service-users", "citizens", "user-life-experiences"}
    assert s.virtual == ()
    assert s.element("service-users").presence == "actual"
    assert s.element("service-users").change == "became-actual"
    # ... and stay actual, no longer flagged as a change, while the service runs.
    later = assemblage_state(ipoa, "service-in-use")
    assert later.element("service-users").presence == "actual"
    assert later.became_actual == ()


def test_entering_is_reterritorialisation_leaving_is_deterritorialisation(ipoa):
    s = assemblage_state(ipoa, "dissemination")
    assert _ids(s.entered) == {"change-fatigue", "partner-resistance"}
    assert _ids(s.left) == {"scoping-consultancy"}
    consultancy = s.element("scoping-consultancy")
    assert consultancy.presence == "left" and not consultancy.present
    assert "scoping-consultancy" not in _ids(s.present)

    s = assemblage_state(ipoa, "consultation")
    assert _ids(s.entered) == {"implementation-model", "consultation-materials"}
    assert _ids(s.left) == {"review-team", "business-plan", "gateway-review-process"}

    s = assemblage_state(ipoa, "service-in-use")
    assert _ids(s.entered) == {"integrated-point-of-access"}
    assert _ids(s.left) == {"eight-access-points"}


def test_the_first_phase_is_where_the_account_starts(ipoa):
    s = assemblage_state(ipoa, "scoping")
    assert s.is_first and s.index == 0 and s.n_phases == 5
    assert _ids(s.entered) == _ids(s.present) and s.left == ()
    assert not assemblage_state(ipoa, "dissemination").is_first


def test_present_elements_match_the_graph_in_every_phase(ipoa):
    for s in assemblage_states(ipoa):
        g = assemblage_graph(ipoa, s.phase)
        assert _ids(s.present) == set(g.nodes)
        for e in s.present:
            assert e.presence == g.nodes[e.id]["presence"]


def test_grouping_by_kind_and_category(ipoa, fw):
    s = assemblage_state(ipoa, "gateway-review", frameworks=fw)
    by_kind = s.by_kind
    assert list(by_kind) == list(s.kinds)
    assert {k: len(v) for k, v in by_kind.items()} == {
        "human": 6,
        "material": 10,
        "environmental": 3,
        "political": 5,
        "cultural": 3,
        "experiential": 3,
    }
    assert sum(len(v) for v in s.by_category.values()) == len(s.present) == 30
    assert "review-team" in _ids(s.by_category["people"])
    # Departed elements are listed for the phase but not grouped as present.
    left = assemblage_state(ipoa, "consultation").by_kind["human"]
    assert "review-team" not in _ids(left)


def test_no_links_by_default_and_only_between_present_elements(ipoa):
    assert all(s.links == () and not s.links_shown for s in assemblage_states(ipoa))
    review = assemblage_state(ipoa, "gateway-review", links=True)
    assert review.links_shown
    assert "reviewers-read-documents" in {lk.id for lk in review.links}
    after = assemblage_state(ipoa, "consultation", links=True)
    assert "reviewers-read-documents" not in {lk.id for lk in after.links}  # reviewers left
    for s in assemblage_states(ipoa, links=True):
        present = _ids(s.present)
        for lk in s.links:
            assert lk.a in present and lk.b in present
            assert lk.status == "illustrative" and lk.description


def test_unknown_phase_and_missing_assemblage_are_clear_errors(ipoa):
    with pytest.raises(UnknownPhaseError, match="scoping"):
        assemblage_state(ipoa, "launch")
    with pytest.raises(NoAssemblageError, match="assemblage.yaml"):
        assemblage_state(load_case("scottish-social-security"), "anything")


SRC = Source("book", "generated")


@st.composite
def small_assemblages(draw) -> Case:
    n = draw(st.integers(1, 4))
    phases = tuple(Phase(f"p{i}", SRC, "illustrative", None, f"P{i}", "d", i) for i in range(n))
    elements = []
    for j in range(draw(st.integers(1, 8))):
        enters = draw(st.integers(0, n - 1))
        leaves = draw(st.one_of(st.none(), st.integers(enters + 1, n)))
        leaves = None if leaves == n else leaves
        last = (n if leaves is None else leaves) - 1
        actual = draw(st.one_of(st.none(), st.integers(enters, last)))
        timing = Timing(
            f"p{enters}",
            None if leaves is None else f"p{leaves}",
            None if actual is None else f"p{actual}",
            SRC,
            "illustrative",
            None,
        )
        kind = draw(st.sampled_from(["human", "material", "political"]))
        elements.append(Element(f"e{j}", SRC, "illustrative", None, f"E{j}", "c", kind, timing))
    return Case("gen", "Generated", "Gen", "s", (), phases=phases, elements=tuple(elements))


@settings(max_examples=60, deadline=None)
@given(small_assemblages())
def test_changes_are_consistent_from_phase_to_phase(case):
    states = assemblage_states(case)
    for before, now in zip(states, states[1:], strict=False):
        was = {e.id: e.presence for e in before.present}
        is_ = {e.id: e.presence for e in now.present}
        assert _ids(now.entered) == set(is_) - set(was)
        assert _ids(now.left) == set(was) - set(is_)
        assert _ids(now.became_actual) == {
            i for i, p in is_.items() if p == "actual" and was.get(i) == "virtual"
        }
    for s in states:
        assert _ids(s.virtual) <= _ids(s.present)
        assert not _ids(s.left) & _ids(s.present)


# Figure -----------------------------------------------------------------------------


def test_figure_alt_text_describes_the_phase(ipoa, fw):
    _, alt = figure(ipoa, fw, phase="gateway-review")
    assert "phase 3 of 5: Gateway Review at the end of phase one" in alt
    assert "30 elements are present" in alt and "6 human (2 of them virtual)" in alt
    assert "thought bubble: Citizens (the wider public); Service users;" in alt
    entered = re.search(r"Entered in this phase \(reterritorialisation\): (.*?)\. ", alt)
    assert entered.group(1).split("; ") == [
        "Gateway Review report and its 15 recommendations",
        "Gateway Review team (two academics, two independent consultants)",
        "The Gateway Review (informal, not delivered with the NAO)",
    ]
    assert "No links between elements are drawn, as in the paper." in alt

    _, alt = figure(ipoa, fw, phase="consultation")
    assert "thought bubble: none" in alt
    assert "Virtual elements that became actual: Citizens (the wider public); Service users" in alt
    assert "Left in this phase (deterritorialisation), shown faded: Gateway Review team" in alt

    _, alt = figure(ipoa, fw, phase="service-in-use")
    assert "(an illustrative phase)" in alt


def test_figure_default_is_the_first_phase_without_links(ipoa, fw):
    fig, alt = figure(ipoa, fw)
    assert "phase 1 of 5" in alt and "No links" in alt
    svg = to_svg(fig, alt)
    assert ">illustrative link" not in svg and "+ entered" not in svg


def test_figure_marks_changes_virtual_elements_and_the_caution(ipoa, fw):
    svg = to_svg(*figure(ipoa, fw, phase="gateway-review"))
    assert "Thought bubble" in svg and svg.count(">virtual<") == 3
    assert "+ entered" in svg and "Not a model." in svg
    svg = to_svg(*figure(ipoa, fw, phase="consultation"))
    assert "\u2212 left" in svg and "now actual" in svg and "Empty:" in svg
    assert ">virtual<" not in svg


def test_links_are_drawn_only_on_request_and_labelled(ipoa, fw):
    off = to_svg(*figure(ipoa, fw, phase="consultation"))
    fig, alt = figure(ipoa, fw, phase="consultation", links=True)
    on = to_svg(fig, alt)
    assert ">illustrative link" not in off
    n = len(assemblage_state(ipoa, "consultation", links=True).links)
    assert n > 0
    # One label on each link, and one legend entry.
    assert on.count(">illustrative link<") == n
    assert on.count(">illustrative link (not a finding") == 1
    assert f"{n} illustrative links" in alt


def test_figure_is_deterministic_and_its_layout_is_stable(ipoa, fw):
    assert to_svg(*figure(ipoa, fw, "consultation", True)) == to_svg(
        *figure(ipoa, fw, "consultation", True)
    )
    sizes = {
        tuple(figure(ipoa, fw, p, links)[0].get_size_inches())
        for p in PHASES
        for links in (False, True)
    }
    assert len(sizes) == 1  # one size and the same regions in every state


def test_kinds_differ_by_shape_and_by_colour(fw):
    kinds = tuple(k.id for k in fw.element_kinds)
    styles = kind_styles(kinds, fw)
    assert len({m for m, _ in styles.values()}) == len(kinds)
    assert len({c for _, c in styles.values()}) == len(kinds)
    # A kind keeps its look whichever kinds a case uses.
    assert kind_styles(("political",), fw)["political"] == styles["political"]


def test_figure_works_on_a_readers_case_and_refuses_a_case_without_assemblage(fw):
    lib = load_case(TEST_CASE)
    _, alt = figure(lib, fw, phase="redesign", links=True)
    assert "Library at home" in alt and "Residents who will need the service" in alt
    assert "Left in this phase (deterritorialisation), shown faded: The delivery van" in alt
    with pytest.raises(NoAssemblageError):
        figure(load_case("scottish-social-security"), fw)


# Widget -----------------------------------------------------------------------------


def test_every_state_is_precomputed(ipoa_explorer, ipoa):
    assert len(ipoa_explorer.states) == len(PHASES) * 2 == 10
    assert set(ipoa_explorer.states) == {f"{p}|{v}" for p in PHASES for v in ("off", "on")}
    assert ipoa_explorer.title == explorer_title(ipoa) == "Assemblage over time: IPoA"


def test_controls_are_a_phase_radio_and_a_links_checkbox(ipoa_explorer, ipoa):
    phase, links = ipoa_explorer.controls
    assert phase["kind"] == "radio" and phase["id"] == "phase"
    assert [o["label"] for o in phase["options"]] == [p.name for p in ipoa.phases]
    assert links["kind"] == "checkbox" and links["label"] == LINKS_LABEL
    assert ipoa_explorer.value == {"phase": "scoping", "links": "off"}


def test_default_view_draws_no_links_and_shows_the_caution(ipoa_explorer):
    html = ipoa_explorer.choose(phase="scoping", links="off").current_html
    words = _text(html)
    assert "No links are drawn, as in the paper" in words
    assert ">illustrative link" not in _svg(html)
    assert "The visualisation is not a model." in words
    assert "Elements are not variables to be measured." in words
    assert ipoa_explorer.caption == CAUTION and "not a model" in CAUTION
    assert "the account starts here" in words


def test_caution_is_in_every_state(ipoa_explorer):
    for html in ipoa_explorer.states.values():
        assert "assemblage-caution" in html and "Not a model." in _svg(html)


def test_choosing_a_phase_shows_what_entered_left_and_became_actual(ipoa_explorer):
    words = _text(ipoa_explorer.choose(phase="dissemination", links="off").current_html)
    assert "Entered (reterritorialisation" in words
    assert "Change fatigue among the partners" in words
    assert "Left (deterritorialisation" in words
    assert "Independent consultancy that scoped the vision" in words

    html = ipoa_explorer.choose(phase="consultation").current_html
    dd = re.search(r"Became actual \(left the thought bubble\)</dt><dd>(.*?)</dd>", html)
    assert "Service users" in dd.group(1) and "Citizens" in dd.group(1)
    assert "Phase 4 of 5: Agreeing a model and consulting the public" in _text(html)
    assert "<svg" in html and 'aria-label="IPoA as an assemblage' in html


def test_links_checkbox_adds_labelled_illustrative_links(ipoa_explorer):
    off = ipoa_explorer.choose(phase="gateway-review", links="off").current_html
    on = ipoa_explorer.choose(links="on").current_html
    assert ipoa_explorer.key == "gateway-review|on"
    assert off != on
    words = _text(on)
    assert "Illustrative links shown (dashed)" in words
    assert "The reviewers read 55 strategy documents" in words
    assert "illustrative link: a teaching prompt, not a finding" in words
    assert ">illustrative link<" in _svg(on)


def test_illustrative_phase_elements_and_timings_are_labelled(ipoa_explorer):
    words = _text(ipoa_explorer.choose(phase="service-in-use", links="off").current_html)
    assert "This phase is illustrative" in words
    assert "illustrative element, not reported by the source" in words  # professional cultures
    assert "illustrative timing" in words


def test_works_on_the_test_case(fw):
    ex = assemblage_explorer(load_case(TEST_CASE), fw)
    assert ex.title == "Assemblage over time: Library at home"
    assert len(ex.states) == 6
    words = _text(ex.choose(phase="redesign").current_html)
    assert "The delivery van" in words and "The budget settlement" in words
    assert "Residents who will need the service (virtual" in words
    words = _text(ex.choose(phase="new-service").current_html)
    assert "Became actual" in words and "This phase is illustrative" in words


def test_a_case_without_an_assemblage_gives_a_message_state(tmp_path, fw):
    folder = tmp_path / "library-at-home"
    shutil.copytree(TEST_CASE, folder)
    (folder / "assemblage.yaml").unlink()
    ex = assemblage_explorer(load_case(folder), fw)
    assert len(ex.states) == 1
    assert "has no assemblage to explore" in ex.current_html
    assert ex.caption == CAUTION
    ex2 = assemblage_explorer("scottish-social-security", fw)
    assert len(ex2.states) == 1 and "has no assemblage" in ex2.current_html


def test_names_from_the_case_are_escaped(fw):
    lib = load_case(TEST_CASE)
    el = lib.element("readers")
    lib = dataclasses.replace(
        lib,
        elements=tuple(
            dataclasses.replace(e, name="<b>Readers & friends</b>") if e.id == el.id else e
            for e in lib.elements
        ),
        links=(Link("x", SRC, "illustrative", None, "readers", "budget-rules", "<i>x</i>"),),
    )
    html = assemblage_explorer(lib, fw).choose(phase="redesign", links="on").current_html
    assert "<b>Readers" not in html and "&lt;b&gt;Readers &amp; friends" in html
    assert "<i>x</i>" not in html


def test_print_figure_has_its_alt_text():
    display = assemblage_print("ipoa", phase="consultation", caption="The IPoA in consultation.")
    html = display._repr_html_()
    assert 'aria-label="IPoA as an assemblage' in html and "phase 4 of 5" in html
    assert "<figcaption>The IPoA in consultation.</figcaption>" in html


def test_the_explorer_computes_each_state_once(monkeypatch):
    """Data flows down once: the figure draws the model's states, it does not recompute them."""
    import coproduction.models.assemblage as model

    calls = []
    real = model.assemblage_state
    monkeypatch.setattr(
        model, "assemblage_state", lambda *a, **k: calls.append(a[1]) or real(*a, **k)
    )
    explorer = assemblage_explorer(load_case("ipoa"), load_frameworks())
    assert len(explorer.states) == 10
    assert len(calls) == 10  # five phases, without and with links
