"""The service ecosystem explorer: model, figure and widget (chapter 6)."""

from __future__ import annotations

import dataclasses
import re
import shutil

import pytest
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from coproduction.cases import load_case, load_frameworks
from coproduction.cases.model import GoalRelation, Source
from coproduction.figures import PALETTE, to_svg
from coproduction.figures.ecosystem import PROCESS_STYLES, ecosystem_figure, process_style
from coproduction.models.ecosystem import (
    ALL,
    HIGHLIGHTS,
    UnknownHighlightError,
    UnknownProcessError,
    ecosystem_view,
    process_options,
    short_name,
)
from coproduction.resources import example
from coproduction.widgets.ecosystem import TITLE, ecosystem_explorer, ecosystem_print

LIBRARY = example("library-at-home")
SSS = "scottish-social-security"
GOV_TSO = ("scottish-government-policymakers", "third-sector-organisations")
GOV_USERS = ("scottish-government-policymakers", "service-users")


@pytest.fixture(scope="module")
def sss(fw):
    return load_case(SSS, fw)


@pytest.fixture(scope="module")
def ipoa(fw):
    return load_case("ipoa", fw)


@pytest.fixture(scope="module")
def explorer(sss, fw):
    return ecosystem_explorer(sss, fw)


def _ids(items):
    return [x.id for x in items]


# Model ------------------------------------------------------------------------------


def test_levels_run_from_macro_at_the_top_to_micro(sss, fw):
    view = ecosystem_view(sss, fw)
    assert [lv for lv, _ in view.levels] == ["macro", "meso", "micro"]
    assert _ids(view.actors_by_level["macro"]) == [
        "dwp",
        "politicians",
        "scottish-government-policymakers",
    ]
    assert _ids(view.actors_by_level["meso"]) == [
        "for-profit-contractors",
        "social-security-scotland",
        "third-sector-organisations",
    ]
    assert _ids(view.actors_by_level["micro"]) == ["frontline-staff", "service-users"]
    assert view.counts.by_level == (("macro", 3), ("meso", 3), ("micro", 2))


@pytest.mark.parametrize(
    ("process", "expected"),
    [
        (
            ALL,
            [
                "service-encounters",
                "contextualising-services",
                "uk-assessments",
                "uk-system-experience",
                "experience-panels",
                "stakeholder-reference-groups",
                "tso-mediation",
                "legislative-consultation",
                "devolution-and-uk-legacy",
            ],
        ),
        ("co-experience", ["service-encounters", "uk-assessments", "uk-system-experience"]),
        ("co-construction", ["contextualising-services"]),
        ("co-production", ["experience-panels", "tso-mediation"]),
        ("co-design", []),
        (
            "co-governance",
            [
                "stakeholder-reference-groups",
                "legislative-consultation",
                "devolution-and-uk-legacy",
            ],
        ),
    ],
)
def test_process_filter_keeps_only_that_process(sss, fw, process, expected):
    view = ecosystem_view(sss, fw, process)
    assert _ids(view.interactions) == expected
    assert view.counts.interactions_shown == len(expected)
    assert view.counts.interactions_total == 9
    # every actor stays, whatever the filter
    assert view.counts.actors == 8
    if process != ALL:
        assert {x.process for x in view.interactions} <= {process}


def test_interactions_carry_nature_status_and_names(sss, fw):
    view = ecosystem_view(sss, fw, "co-experience")
    by_id = {x.id: x for x in view.interactions}
    assert by_id["uk-assessments"].antagonistic
    assert by_id["uk-assessments"].from_name == "For-profit assessment and call-centre contractors"
    assert not by_id["service-encounters"].antagonistic
    assert view.counts.antagonistic_shown == 2
    assert ecosystem_view(sss, fw).counts.illustrative_shown == 4
    panels = next(x for x in ecosystem_view(sss, fw).interactions if x.id == "experience-panels")
    assert (panels.process_name, panels.level, panels.nature) == (
        "Co-production",
        "meso",
        "collaborative",
    )


def test_unknown_process_or_highlight_is_a_specific_error(sss, fw):
    with pytest.raises(UnknownProcessError, match="co-management"):
        ecosystem_view(sss, fw, "co-management")
    with pytest.raises(UnknownHighlightError, match="power"):
        ecosystem_view(sss, fw, ALL, "power")


def test_goal_congruence_and_tension_between_actor_pairs(sss, fw):
    view = ecosystem_view(sss, fw, ALL, "goals")
    congruent = {p.actors for p in view.congruent}
    tension = {p.actors for p in view.tension}
    assert congruent == {
        ("frontline-staff", "service-users"),
        ("scottish-government-policymakers", "service-users"),
        ("scottish-government-policymakers", "third-sector-organisations"),
    }
    assert tension == {
        ("dwp", "scottish-government-policymakers"),
        ("for-profit-contractors", "service-users"),
        ("frontline-staff", "scottish-government-policymakers"),
        ("politicians", "third-sector-organisations"),
        ("scottish-government-policymakers", "third-sector-organisations"),
    }
    # Government and TSOs share goals and are in tension at once, as the paper argues.
    both = next(
        p
        for p in view.tension
        if p.actors == ("scottish-government-policymakers", "third-sector-organisations")
    )
    assert _ids(both.links) == [
        "efficiency-vs-community-value",
        "tso-agenda-vs-lived-experience",
        "exclusion-concern",
    ]
    assert both.links[0].a_text.startswith("Efficiency and value for money")
    assert both.interactions == ("stakeholder-reference-groups", "legislative-consultation")
    # A pair that rests only on the book's inference is illustrative.
    dignity = next(
        p
        for p in view.congruent
        if "service-users" in p.actors and "scottish-government-policymakers" in p.actors
    )
    assert dignity.illustrative
    assert not both.illustrative
    assert (view.counts.congruent_pairs, view.counts.tension_pairs) == (3, 5)


def test_pairs_list_only_the_interactions_the_filter_shows(sss, fw):
    view = ecosystem_view(sss, fw, "co-production", "goals")
    pair = next(
        p
        for p in view.congruent
        if p.actors == ("scottish-government-policymakers", "third-sector-organisations")
    )
    assert pair.interactions == ()


def test_relation_within_one_actor(sss, fw):
    extra = GoalRelation(
        id="within",
        source=Source("book", "test"),
        status="illustrative",
        note="A test.",
        a="scottish-government-policymakers/efficiency",
        b="scottish-government-policymakers/act-principles",
        relation="tension",
        evidence="Value for money against the other principles.",
    )
    case = dataclasses.replace(sss, goal_relations=sss.goal_relations + (extra,))
    view = ecosystem_view(case, fw, ALL, "goals")
    within = [p for p in view.tension if p.within_one_actor]
    assert [p.actors for p in within] == [("scottish-government-policymakers",) * 2]
    fig, alt = ecosystem_figure(ecosystem_view(case, fw, ALL, "goals"), fw)
    assert "goals within Scottish Government policymakers and civil servants (illustrative)" in alt


def test_factors_are_numbered_and_attached_where_they_act(sss, fw):
    view = ecosystem_view(sss, fw, ALL, "factors")
    assert [f.tag for f in view.factors][:5] == ["+1", "+2", "+3", "+4", "\u22125"]
    assert (view.counts.enablers, view.counts.constraints) == (4, 7)
    legacy = next(f for f in view.factors if f.id == "legacy-of-uk-system")
    # named actors plus both ends of the interactions it acts on
    assert legacy.direct_actors == (
        "dwp",
        "for-profit-contractors",
        "scottish-government-policymakers",
        "service-users",
        "social-security-scotland",
    )
    assert legacy.levels == ("macro", "micro")
    # the whole reach (graphs.factor_attachments) spreads it over its levels too
    assert "politicians" in legacy.actors and "frontline-staff" in legacy.actors
    assert "politicians" not in legacy.direct_actors
    assert legacy.number in view.factors_by_actor["politicians"]
    rhetoric = next(f for f in view.factors if f.id == "rhetoric-vs-reality")
    assert rhetoric.direct_actors == ("politicians", "third-sector-organisations")


def test_factors_note_which_shown_interactions_they_act_on(sss, fw):
    view = ecosystem_view(sss, fw, "co-governance", "factors")
    by_id = {f.id: f for f in view.factors}
    assert by_id["legacy-of-uk-system"].on_shown == ("devolution-and-uk-legacy",)
    assert by_id["lived-experience-approach"].on_shown == ()
    assert by_id["congruence-of-goals"].on_shown == (
        "legislative-consultation",
        "stakeholder-reference-groups",
    )


def test_process_options_and_short_names(fw):
    assert process_options(fw) == (
        ("all", "All processes"),
        ("co-experience", "Co-experience"),
        ("co-construction", "Co-construction"),
        ("co-production", "Co-production"),
        ("co-design", "Co-design"),
        ("co-governance", "Co-governance"),
    )
    assert short_name("UK Department for Work and Pensions (DWP)") == (
        "UK Department for Work and Pensions"
    )
    assert short_name("Frontline staff") == "Frontline staff"


def test_virtual_actor_on_the_ipoa_case(ipoa, fw):
    view = ecosystem_view(ipoa, fw)
    users = view.actor("service-users")
    assert users.virtual and users.level == "micro"
    assert view.counts.virtual_actors == 1
    assert all(x.illustrative for x in view.interactions)


# Figure -----------------------------------------------------------------------------


def test_process_styles_differ_in_line_style_not_only_colour(fw):
    styles = [process_style(fw.process_ids(), p) for p in fw.process_ids()]
    assert len({ls for _, ls in styles}) == len(styles)
    assert len({c for c, _ in styles}) == len(styles)
    assert set(PROCESS_STYLES) == set(fw.process_ids())


@pytest.mark.parametrize("process", [p for p, _ in process_options(load_frameworks())])
@pytest.mark.parametrize("highlight", [h for h, _ in HIGHLIGHTS])
def test_every_state_renders_with_specific_alt_text(sss, fw, process, highlight):
    fig, alt = ecosystem_figure(ecosystem_view(sss, fw, process, highlight), fw)
    view = ecosystem_view(sss, fw, process, highlight)
    assert alt.startswith("Service ecosystem of Scottish social security")
    if process == ALL:
        assert "showing all interaction processes" in alt
    else:
        assert f"showing {view.process_name.lower()} interactions only" in alt
    for x in view.interactions:
        assert f"{x.from_name} to {x.to_name}" in alt
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == len(view.interactions)
    texts = [t.get_text() for t in fig.axes[0].texts]
    lines = fig.axes[0].lines
    crosses = [line for line in lines if line.get_marker() == "X"]
    assert len(crosses) == view.counts.antagonistic_shown
    thick_green = [line for line in lines if line.get_linewidth() == 5]
    zigzags = [line for line in lines if line.get_color() == PALETTE["vermillion"]]
    if highlight == "goals":
        assert len(thick_green) == 3 and len(zigzags) == 5
    else:
        assert not thick_green and not zigzags
    if highlight == "goals":
        assert "Congruent goals join: Frontline staff and Service users" in alt
        assert "UK Department for Work and Pensions and Scottish Government" in alt
        assert sum(t.startswith("congruent") for t in texts) == 3
        assert sum(t.startswith("tension") for t in texts) == 5
        assert "congruent\n(illustrative)" in texts
    else:
        assert "congruent" not in texts and "tension" not in texts
    if highlight == "factors":
        assert "Constraint \u22128, Legacy of UK system, acts on UK Department" in alt
        assert any(t == "+1 +2 +3 +4" for t in texts)  # beside the policymakers
        assert any("\u22128" in t for t in texts)
        assert "Key to the factors" in [t.get_text() for a in fig.axes for t in a.texts]
    else:
        assert not any(re.fullmatch(r"[+\u2212]\d+( [+\u2212]\d+)*", t) for t in texts)


def test_co_design_state_says_nothing_is_recorded(sss, fw):
    fig, alt = ecosystem_figure(ecosystem_view(sss, fw, "co-design"), fw)
    assert "The case records no co-design interactions" in alt
    assert "(the case records no co-design interactions)" in fig.texts[0].get_text()


def test_legend_names_processes_antagonism_and_illustrative(sss, fw):
    fig, _ = ecosystem_figure(ecosystem_view(sss, fw, "co-experience"), fw)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["Co-experience", "antagonistic interaction"]
    fig, _ = ecosystem_figure(ecosystem_view(sss, fw, ALL, "goals"), fw)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels[:5] == [
        "Co-experience",
        "Co-construction",
        "Co-production",
        "Co-governance",
        "antagonistic interaction",
    ]
    assert {"illustrative: added by the book", "congruent goals", "goals in tension"} <= set(labels)


def test_figure_is_deterministic(sss, fw):
    for highlight in ("none", "goals", "factors"):
        a = to_svg(*ecosystem_figure(ecosystem_view(sss, fw, ALL, highlight), fw))
        b = to_svg(*ecosystem_figure(ecosystem_view(sss, fw, ALL, highlight), fw))
        assert a == b


def test_arrows_keep_their_routes_when_the_filter_changes(sss, fw):
    def route(process, xid):
        view = ecosystem_view(sss, fw, process)
        fig, _ = ecosystem_figure(ecosystem_view(sss, fw, process), fw)
        arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
        # the route as drawn in data units, before the arrow head is added
        return arrows[_ids(view.interactions).index(xid)]._path_original.vertices

    for xid in ("legislative-consultation", "stakeholder-reference-groups"):
        assert (route(ALL, xid) == route("co-governance", xid)).all()


def test_parallel_arrows_and_goal_lines_stay_put_when_the_filter_hides_some(sss, fw):
    # Give one of the two TSO-government interactions another process, so that
    # filtering by co-governance hides one of a parallel pair.
    interactions = tuple(
        dataclasses.replace(x, process="co-design") if x.id == "legislative-consultation" else x
        for x in sss.interactions
    )
    case = dataclasses.replace(sss, interactions=interactions)

    def drawn(process):
        view = ecosystem_view(case, fw, process, "goals")
        fig, _ = ecosystem_figure(ecosystem_view(case, fw, process, "goals"), fw)
        arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
        routes = {
            x.id: a._path_original.vertices for x, a in zip(view.interactions, arrows, strict=True)
        }
        lines = [line.get_xydata() for line in fig.axes[0].lines if line.get_linewidth() == 5]
        return routes, lines

    routes_all, lines_all = drawn(ALL)
    routes_one, lines_one = drawn("co-governance")
    assert "legislative-consultation" not in routes_one
    srg = "stakeholder-reference-groups"
    assert (routes_all[srg] == routes_one[srg]).all()
    assert len(lines_all) == len(lines_one) == 3  # the congruent lines
    for a, b in zip(lines_all, lines_one, strict=True):
        assert (a == b).all()


def test_virtual_actor_is_drawn_dashed_and_named(ipoa, fw):
    fig, alt = ecosystem_figure(ecosystem_view(ipoa, fw), fw)
    assert "Service users and citizens (virtual)" in alt
    boxes = [p for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)]
    dashed = [b for b in boxes if b.get_linestyle() not in ("-", "solid")]
    assert len(dashed) == 1
    assert any("(virtual)" in t.get_text() for t in fig.axes[0].texts)


# Widget -----------------------------------------------------------------------------


def test_explorer_precomputes_every_state(explorer):
    assert explorer.title == TITLE
    assert [c["id"] for c in explorer.controls] == ["process", "highlight"]
    assert len(explorer.controls[0]["options"]) == 6
    assert len(explorer.controls[1]["options"]) == 3
    assert len(explorer.states) == 18
    assert explorer.key == "all|none"


def test_choosing_a_process_filters_the_list(explorer):
    html = explorer.choose(process="co-governance", highlight="none").current_html
    assert "Showing 3 of 9 interactions (co-governance)" in html
    assert "Stakeholder reference groups through which TSOs" in html
    assert "Service encounters between users" not in html
    # illustrative interactions are labelled in words
    assert html.count("Illustrative: added by the book") == 2
    assert "showing co-governance interactions only" in html  # the figure's alt text
    html = explorer.choose(process="co-design").current_html
    assert "The case records no co-design interactions" in html


def test_goal_highlight_lists_pairs_with_evidence(explorer):
    html = explorer.choose(process="all", highlight="goals").current_html
    assert "Congruent goals (3 pairs)" in html
    assert "Goals in tension (5 pairs)" in html
    assert "Evidence: Respondents saw the principles of the 2018 Act" in html
    assert "Source: Strokosch and Osborne (2020)" in html
    assert "(illustrative)" in html and "Rests on the illustrative service user goal" in html
    assert "<details>" in html  # the interactions shown stay available


def test_factor_highlight_lists_enablers_and_constraints(explorer):
    html = explorer.choose(process="co-production", highlight="factors").current_html
    assert "Enablers (4)" in html and "Constraints (7)" in html
    assert "Legacy of UK system" in html
    assert "Acts on co-production interactions shown here: 1." in html
    assert "Acts on no co-production interaction." in html
    assert "the whole macro and micro levels" in html
    assert "group: table 1" in html


def test_state_html_is_escaped(sss, fw):
    actors = tuple(
        dataclasses.replace(a, name="<b>Frontline</b> & staff") if a.id == "frontline-staff" else a
        for a in sss.actors
    )
    ex = ecosystem_explorer(dataclasses.replace(sss, actors=actors), fw)
    html = ex.current_html
    assert "&lt;b&gt;Frontline&lt;/b&gt; &amp; staff" in html
    assert "<b>Frontline</b>" not in html


def test_explorer_on_the_ipoa_case_labels_every_interaction_illustrative(ipoa, fw):
    ex = ecosystem_explorer(ipoa, fw)
    assert len(ex.states) == 18
    html = ex.current_html
    items = re.findall(r"<li><strong>\d+\*\. .*?</li>", html, flags=re.S)
    assert len(items) == 4
    assert all("Illustrative: added by the book" in item for item in items)
    html = ex.choose(highlight="factors").current_html
    assert "Constraints (5)" in html and "Enablers" not in html


def test_explorer_on_the_small_test_case(fw):
    case = load_case(LIBRARY, fw)
    ex = ecosystem_explorer(case, fw)
    assert len(ex.states) == 18
    html = ex.choose(process="co-design").current_html
    assert "Readers" not in html or "Redesign workshops after the budget cut." in html
    assert "Housebound readers \u2192 Council library service" in html
    html = ex.choose(process="all", highlight="goals").current_html
    assert "Congruent goals (1 pair)" in html and "Goals in tension (1 pair)" in html


def test_message_state_when_the_case_has_no_actors(tmp_path, fw):
    folder = tmp_path / "library-at-home"
    shutil.copytree(LIBRARY, folder)
    for name in ("actors.yaml", "interactions.yaml", "factors.yaml", "values.yaml"):
        (folder / name).unlink()
    ex = ecosystem_explorer(load_case(folder, fw), fw)
    assert len(ex.states) == 18
    for html in ex.states.values():
        assert "records no actors" in html and "<svg" not in html
    fig, alt = ecosystem_figure(ecosystem_view(load_case(folder, fw), fw), fw)
    assert "records no actors" in alt


def test_message_when_the_case_has_no_factors_or_goal_relations(tmp_path, fw):
    folder = tmp_path / "library-at-home"
    shutil.copytree(LIBRARY, folder)
    (folder / "factors.yaml").unlink()
    text = (folder / "actors.yaml").read_text()
    (folder / "actors.yaml").write_text(text[: text.index("goal_relations:")])
    ex = ecosystem_explorer(load_case(folder, fw), fw)
    assert "records no enablers or constraints" in ex.choose(highlight="factors").current_html
    assert "records no goal relations" in ex.choose(highlight="goals").current_html


def test_print_figure(sss, fw):
    display = ecosystem_print(sss, fw, caption="The ecosystem")
    html = display._repr_html_()
    assert "Congruent goals join" in html and "<figcaption>The ecosystem</figcaption>" in html
