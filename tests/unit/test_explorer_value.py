"""The value lens (chapter 4): model, figure and explorer, driven with no front end."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from coproduction.cases import load_case
from coproduction.figures import to_svg
from coproduction.figures.value import GLYPHS, VALENCE_STYLE, value_grid_figure
from coproduction.models.value import (
    NOT_STATED,
    UnknownFilterError,
    UnknownStakeholderError,
    classify_processes,
    contested_dimensions,
    destruction_views,
    dimensions_by_group,
    process_kind,
    short_label,
    stakeholder_summaries,
    stakeholder_summary,
    value_grid,
)
from coproduction.resources import example
from coproduction.widgets.value import MAX_GROUPS, value_explorer

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = example("library-at-home")
SCOT = "scottish-social-security"


@pytest.fixture(scope="module")
def scot(fw):
    return load_case(SCOT, fw)


@pytest.fixture(scope="module")
def library(fw):
    return load_case(LIBRARY, fw)


@pytest.fixture(scope="module")
def scot_explorer(scot, fw):
    return value_explorer(scot, fw)


def _text(html: str) -> str:
    """The HTML of a state without its figure, as plain-ish text."""
    return re.sub(r"<figure.*?</figure>", "", html, flags=re.S)


# --- model --------------------------------------------------------------------


def test_grid_rows_are_the_groups_with_views_and_columns_the_five_dimensions(scot, fw):
    grid = value_grid(scot, fw)
    assert [s.id for s in grid.stakeholders] == [
        "service-users",
        "frontline-staff",
        "third-sector-organisations",
        "scottish-government-policymakers",
    ]
    assert [d.id for d in grid.dimensions] == [d.id for d in fw.value_dimensions]
    assert len(grid.dimensions) == 5
    assert "Politicians" in grid.without_views
    cell = grid.cell("service-users", "personal-wellbeing")
    assert [v.id for v in cell.views] == ["users-assessment-experience", "users-panel-input"]
    assert cell.valences == ("creation", "destruction")
    assert grid.cell("service-users", "societal-value").empty


def test_value_is_plural_and_differs_between_groups(scot, fw):
    dims = dimensions_by_group(value_grid(scot, fw))
    assert all(len(d) >= 2 for d in dims.values())  # several dimensions per group
    assert len(set(dims.values())) == len(dims)  # and a different set for each group


def test_stakeholder_summary_counts_dimensions_valences_and_processes(scot, fw):
    grid = value_grid(scot, fw)
    s = stakeholder_summary(grid, "service-users")
    assert s.n_views == 4 and s.n_illustrative == 2
    assert s.dimensions == ("personal-wellbeing", "whole-life-experience", "service-outcomes")
    assert s.missing == ("capacity-creation", "societal-value")
    assert s.valences == {"creation": 1, "destruction": 3, "contested": 0}
    assert s.processes == ("co-experience", "co-production")
    assert s.kinds == {"intrinsic": 2, "extrinsic": 1, NOT_STATED: 1}
    policy = stakeholder_summary(grid, "scottish-government-policymakers")
    assert policy.valences == {"creation": 3, "destruction": 0, "contested": 0}
    assert [x.id for x in stakeholder_summaries(grid)] == [s.id for s in grid.stakeholders]
    with pytest.raises(UnknownStakeholderError, match="groups with views"):
        stakeholder_summary(grid, "politicians")


def test_contested_by_disagreement_between_groups_or_by_a_contested_mark(scot, fw):
    by_id = {c.id: c for c in contested_dimensions(value_grid(scot, fw))}
    # groups disagree, and no view is marked contested
    outcomes = by_id["service-outcomes"]
    assert outcomes.disagreement and not outcomes.marked
    assert outcomes.by_valence["creation"] == (
        "Scottish Government policymakers and civil servants",
    )
    assert outcomes.by_valence["destruction"] == ("Service users",)
    assert "groups differ" in outcomes.reasons[0]
    # only one group has views, but one of them is marked contested
    societal = by_id["societal-value"]
    assert not societal.disagreement
    assert [v.id for v in societal.marked] == ["tso-principles-rhetoric"]
    assert societal.reasons == ("marked contested by Third sector organisations",)


def test_one_groups_differing_views_alone_do_not_make_a_disagreement(fw, library):
    grid = value_grid(library, fw)
    contested = contested_dimensions(grid)
    assert [c.id for c in contested] == ["service-outcomes"]
    assert not contested[0].disagreement  # readers and council are on different dimensions
    # with the filter on intrinsic processes, the council's view (no process) is hidden
    assert contested_dimensions(value_grid(library, fw, "intrinsic")) == ()


def test_destruction_views_are_the_co_destruction_views(scot, fw):
    ids = [v.id for v in destruction_views(value_grid(scot, fw))]
    assert ids == [
        "users-assessment-experience",
        "users-uk-system-outcomes",
        "users-whole-life-harms",
        "frontline-encounters",
        "tso-knock-on-effects",
        "tso-for-profit-cost",
    ]
    assert destruction_views(value_grid(scot, fw, "extrinsic")) == ()


def test_processes_are_classified_by_their_kind_in_the_frameworks(scot, fw):
    assert process_kind(fw, "co-experience") == "intrinsic"
    assert process_kind(fw, "co-construction") == "intrinsic"
    assert process_kind(fw, "co-production") == "extrinsic"
    assert process_kind(fw, "co-design") == "extrinsic"
    assert process_kind(fw, "co-governance") == "inter-organisational"
    assert process_kind(fw, None) == NOT_STATED
    kinds = classify_processes(scot, fw)
    assert list(kinds) == ["intrinsic", "extrinsic", "inter-organisational", NOT_STATED]
    assert kinds["inter-organisational"] == ("tso-expertise-complement", "policymakers-joined-up")


def test_the_process_filter_keeps_one_kind_and_counts_the_rest(scot, fw):
    grid = value_grid(scot, fw, "intrinsic")
    assert {v.process for v in grid.views} == {"co-experience"}
    assert grid.hidden == len(scot.value_views) - len(grid.views)
    assert len(grid.stakeholders) == 4  # the grid keeps its rows
    extrinsic = value_grid(scot, fw, "extrinsic")
    assert {v.process_kind for v in extrinsic.views} == {"extrinsic"}
    with pytest.raises(UnknownFilterError, match="intrinsic"):
        value_grid(scot, fw, "voluntary")


def test_view_items_carry_provenance_and_short_labels(scot, fw):
    grid = value_grid(scot, fw)
    v = {x.id: x for x in grid.views}["users-panel-input"]
    assert v.illustrative and v.note and v.citation == "added by this book"
    assert v.process_words == "co-production (extrinsic)"
    assert v.actor_label == "Service users"
    r = {x.id: x for x in grid.views}["frontline-encounters"]
    assert r.citation == "Strokosch and Osborne (2020)" and not r.illustrative
    assert short_label("Politicians (elected officials in Scotland)") == "Politicians"


# --- figure -------------------------------------------------------------------


def test_figure_alt_text_names_the_selected_group_and_contested_and_destroyed_value(scot, fw):
    fig, alt = value_grid_figure(scot, fw, "service-users")
    assert "Selected: Service users, 4 views" in alt
    assert "Personal well-being: value destroyed, through co-experience (intrinsic)" in alt
    assert "illustrative (added by the book)" in alt
    assert "Value is contested on 5 dimensions" in alt
    assert "Value is destroyed on" in alt and "Societal value (Third sector organisations)" in alt
    assert "no view on Capacity creation and Societal value" in alt
    _, alt_all = value_grid_figure(scot, fw)
    assert "Selected" not in alt_all and "Third sector organisations: 5 views" in alt_all
    _, alt_policy = value_grid_figure(scot, fw, "scottish-government-policymakers", "extrinsic")
    assert "through co-production (extrinsic)" in alt_policy
    assert "other views are hidden" in alt_policy


def test_figure_marks_valence_by_colour_and_glyph_and_emphasises_the_selection(scot, fw):
    svg = to_svg(*value_grid_figure(scot, fw, "frontline-staff"))
    for valence in ("creation", "destruction", "contested"):
        assert VALENCE_STYLE[valence]["colour"].lower() in svg.lower()
        assert GLYPHS[valence] in svg
    assert "value destroyed" in svg and "illustrative (added by the book)" in svg
    assert re.search(r"font-weight: 700[^>]*>Frontline staff", svg)  # bold label
    assert not re.search(r"font-weight: 700[^>]*>Service users", svg)
    assert "[selected]" in svg
    assert "contested" in svg
    assert "[selected]" not in to_svg(*value_grid_figure(scot, fw))
    # each valence has its own marker shape, not only its own colour
    assert len({s["marker"] for s in VALENCE_STYLE.values()}) == 3


def test_figure_is_deterministic(scot, fw):
    a = to_svg(*value_grid_figure(scot, fw, "service-users", "intrinsic"))
    b = to_svg(*value_grid_figure(scot, fw, "service-users", "intrinsic"))
    assert a == b


def test_figure_rejects_a_group_without_views(scot, fw):
    with pytest.raises(UnknownStakeholderError, match="service-users"):
        value_grid_figure(scot, fw, "dwp")


# --- explorer -----------------------------------------------------------------


def test_every_state_is_precomputed(scot_explorer):
    ex = scot_explorer
    groups = [o["value"] for o in ex.controls[0]["options"]]
    assert groups == [
        "all",
        "service-users",
        "frontline-staff",
        "third-sector-organisations",
        "scottish-government-policymakers",
    ]
    assert [o["value"] for o in ex.controls[1]["options"]] == ["all", "intrinsic", "extrinsic"]
    assert len(ex.states) == 5 * 3
    assert ex.title == "Value by stakeholder group: Scottish social security"


def test_choosing_a_group_lists_its_views_in_words(scot_explorer):
    ex = scot_explorer
    ex.choose(group="all", show="all")
    start = _text(ex.current_html)
    assert "All groups" in start and "Where value is destroyed (co-destruction)" in start
    assert "No views are recorded from Social Security Scotland" in start
    ex.choose(group="third-sector-organisations")
    html = _text(ex.current_html)
    assert html != start
    assert "data-group='third-sector-organisations'" in html
    assert "value contested" in html and "value destroyed" in html
    assert "window dressing" in html  # the view's text
    assert "Source: Strokosch and Osborne (2020)" in html
    assert "Selected: Third sector organisations" in ex.current_html  # the figure's alt text


def test_illustrative_views_are_labelled_with_their_note(scot_explorer):
    ex = scot_explorer.choose(group="service-users", show="all")
    html = _text(ex.current_html)
    assert html.count("<strong>Illustrative</strong>") == 2
    assert "not evidence that value was created" in html  # the note of users-panel-input
    ex.choose(show="intrinsic")
    html = _text(ex.current_html)
    assert "Illustrative" not in html and "through co-experience (intrinsic)" in html
    assert "hidden by this filter" in html


def test_a_group_with_no_views_under_the_filter_gets_a_message(scot_explorer):
    ex = scot_explorer.choose(group="third-sector-organisations", show="extrinsic")
    assert "No views from Third sector organisations come through extrinsic processes" in (
        ex.current_html
    )


def test_ipoa_explorer_lists_only_groups_with_views(fw):
    ex = value_explorer("ipoa", fw)
    labels = [o["label"] for o in ex.controls[0]["options"]]
    assert "Clinical Commissioning Groups" not in labels  # no view recorded
    assert "Service users and citizens" in labels
    assert len(ex.states) == len(labels) * 3 <= 40
    ex.choose(group="pso-staff")
    assert "Illustrative" in ex.current_html and "value destroyed" in ex.current_html


def test_works_on_the_small_test_case(library, fw):
    ex = value_explorer(library, fw)
    assert [o["value"] for o in ex.controls[0]["options"]] == ["all", "readers", "council"]
    assert len(ex.states) == 3 * 3
    ex.choose(group="council")
    assert "Books delivered per pound" in ex.current_html
    assert "value contested" in ex.current_html
    assert value_explorer(LIBRARY, fw).title == "Value by stakeholder group: Library at home"


def test_a_case_without_values_gives_a_message_not_an_error(tmp_path, fw):
    folder = tmp_path / "library-at-home"
    shutil.copytree(LIBRARY, folder)
    (folder / "values.yaml").unlink()
    case = load_case(folder, fw)
    ex = value_explorer(case, fw)
    assert [o["value"] for o in ex.controls[0]["options"]] == ["all"]
    assert len(ex.states) == 3
    assert "No value views to show" in ex.current_html
    assert "values.yaml" in ex.current_html
    fig, alt = value_grid_figure(case, fw)
    assert "No value views are recorded for Library at home" in alt


def test_the_group_picker_is_capped_to_keep_states_few():
    assert (MAX_GROUPS + 1) * 3 <= 40


def test_reported_only_drops_exactly_the_illustrative_views(scot, fw):
    from coproduction.models.value import reported_only, value_grid

    grid = value_grid(scot, fw)
    kept = reported_only(grid)
    assert kept.views and all(not v.illustrative for v in kept.views)
    assert len(kept.views) == sum(not v.illustrative for v in grid.views)
