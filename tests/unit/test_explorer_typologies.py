"""Chapter 3 explorers: the three modes, the 2x2 matrix and the scenarios placed in them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coproduction.cases import CaseDataError, load_case, load_frameworks
from coproduction.figures import to_svg
from coproduction.figures.typologies import matrix_figure, modes_figure
from coproduction.models.typologies import (
    NO_USERS_REASON,
    UNCLEAR,
    ModeAnswers,
    UnknownDimensionValueError,
    UnknownScenarioError,
    cell_for,
    classify_text,
    matched_cues,
    mode_by_id,
    mode_cell_links,
    mode_for,
    mode_profile,
    modes_in_cell,
    scenarios_for,
    select_cell,
)
from coproduction.resources import example
from coproduction.widgets.typologies import (
    MATRIX_TITLE,
    MODES_TITLE,
    matrix_explorer,
    modes_explorer,
)
from tests.unit.edits import edit as _edit

TEST_CASE = example("library-at-home")


# Scenario data ----------------------------------------------------------------------


def test_scenarios_load_with_valid_placements(fw):
    ids = [s.id for s in fw.scenarios]
    assert 8 <= len(ids) <= 12 and len(set(ids)) == len(ids)
    modes = {m.id for m in fw.modes}
    cells = {c.id for c in fw.cells}
    for s in fw.scenarios:
        assert s.mode is None or s.mode in modes
        assert s.cell is None or s.cell in cells
        assert s.case in (None, "ipoa", "scottish-social-security")
        assert s.why_mode and s.why_cell
        assert not s.illustrative or s.note, f"{s.id} is illustrative without a note"


def test_the_papers_examples_and_the_cases_are_all_there(fw):
    by_id = {s.id: s for s in fw.scenarios}
    expected = {
        "residential-home": ("consumer", "co-production"),
        "students-learning": ("consumer", "co-production"),
        "adult-mental-health": ("consumer", "co-construction"),
        "individual-planning-older-people": ("consumer", "co-management"),
        "disability-alternatives": ("enhanced", "co-design-and-co-innovation"),
        "online-tax-return": ("consumer", "co-production"),
        "public-consultation-no-commitment": ("participative", "co-design-and-co-innovation"),
        "electronic-tagging": ("consumer", "co-production"),
        "oncology-treatment-plan": ("consumer", "co-production"),
        "scottish-experience-panels": ("participative", "co-design-and-co-innovation"),
        "scottish-assessment-encounters": ("consumer", "co-production"),
        "ipoa-no-users-yet": (None, None),
    }
    assert {k: (by_id[k].mode, by_id[k].cell) for k in expected} == expected
    ipoa = by_id["ipoa-no-users-yet"]
    assert ipoa.case == "ipoa" and "Cluley and Radnor (2021)" in ipoa.why_cell
    assert ipoa.source.paper == "cluley-radnor2021"
    assert by_id["scottish-experience-panels"].case == "scottish-social-security"


def test_scenario_cross_references_are_checked(data_copy: Path):
    path = data_copy / "frameworks" / "scenarios.yaml"
    _edit(path, "mode: enhanced", "mode: transformative")
    _edit(path, "cell: co-construction", "cell: quadrant-ii")
    _edit(path, "case: ipoa", "case: leicester")
    with pytest.raises(CaseDataError) as err:
        load_frameworks(data_copy / "frameworks")
    text = str(err.value)
    assert "'transformative' is not a mode in modes.yaml" in text
    assert "'quadrant-ii' is not a cell in matrix.yaml" in text
    assert "'leicester' is not a case" in text and "ipoa, scottish-social-security" in text
    assert len(err.value.problems) == 3


def test_scenario_shape_is_checked(data_copy: Path):
    path = data_copy / "frameworks" / "scenarios.yaml"
    _edit(
        path,
        "    why_cell: >-\n      Involuntary: residents",
        "    why_cel: >-\n      Involuntary: residents",
    )
    with pytest.raises(CaseDataError, match="why_cell"):
        load_frameworks(data_copy / "frameworks")


def test_frameworks_without_scenarios_still_load(data_copy: Path):
    (data_copy / "frameworks" / "scenarios.yaml").unlink()
    fw = load_frameworks(data_copy / "frameworks")
    assert fw.scenarios == () and len(fw.modes) == 3


def test_scenarios_for_a_case_keeps_its_own_within_a_limit(fw):
    general = [s for s in fw.scenarios if s.case is None]
    assert scenarios_for(fw) == tuple(general)
    with_ipoa = scenarios_for(fw, "ipoa")
    assert with_ipoa[-1].id == "ipoa-no-users-yet" and len(with_ipoa) == len(general) + 1
    limited = scenarios_for(fw, "scottish-social-security", limit=4)
    assert len(limited) == 4
    assert [s.case for s in limited] == [None, None, *["scottish-social-security"] * 2]
    assert scenarios_for(fw, "library-at-home") == tuple(general)


# Modes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scenario_id", "mode"),
    [
        ("residential-home", "consumer"),
        ("public-consultation-no-commitment", "participative"),
        ("disability-alternatives", "enhanced"),
        ("scottish-experience-panels", "participative"),
    ],
)
def test_a_scenario_is_placed_in_its_mode_with_reasons(fw, scenario_id, mode):
    placed = mode_for(fw, scenario_id)
    assert placed.mode.id == mode and placed.scenario.id == scenario_id
    assert placed.why == placed.scenario.why_mode
    assert [lv.id for lv in placed.levels] == list(mode_by_id(fw, mode).levels)
    assert placed.reasons[0].startswith("Level of the activity")
    assert placed.reasons[1].startswith("What users contribute")
    assert placed.reasons[2].startswith("Does it transform the service paradigm? ")
    assert ("Yes" in placed.reasons[2]) == (mode == "enhanced")


def test_enhanced_mode_carries_its_key_ideas(fw):
    placed = mode_for(fw, "disability-alternatives")
    ideas = " ".join(placed.key_ideas)
    assert "sticky" in ideas and "digital era governance" in ideas
    assert "operational and strategic levels together" in placed.reasons[0]
    assert "sticky" in placed.reasons[1]


def test_a_scenario_with_no_users_fits_no_mode(fw):
    placed = mode_for(fw, "ipoa-no-users-yet")
    assert not placed.placed and placed.reasons == (NO_USERS_REASON,)
    assert "public administration model" in placed.why


def test_an_unknown_scenario_names_the_known_ones(fw):
    with pytest.raises(UnknownScenarioError, match="residential-home"):
        mode_for(fw, "no-such-scenario")


@pytest.mark.parametrize(
    ("answers", "mode"),
    [
        (ModeAnswers(level="operational"), "consumer"),
        (ModeAnswers(level="strategic"), "participative"),
        (ModeAnswers(level="both", transforms_paradigm=True), "enhanced"),
        ({"level": "strategic", "users_involved": True}, "participative"),
    ],
)
def test_answers_are_placed_by_the_papers_rule(fw, answers, mode):
    placed = mode_for(fw, answers)
    assert placed.mode.id == mode
    assert not any(r.startswith("Caution") for r in placed.reasons)


def test_a_paradigm_change_on_one_level_is_enhanced_with_a_caution(fw):
    placed = mode_for(fw, ModeAnswers(level="operational", transforms_paradigm=True))
    assert placed.mode.id == "enhanced"
    assert placed.reasons[-1].startswith("Caution: the activity is on the operational level")


def test_both_levels_without_a_paradigm_change_is_not_enhanced(fw):
    placed = mode_for(fw, ModeAnswers(level="both"))
    assert placed.mode is None
    assert [m.id for m in placed.candidates] == ["consumer", "participative"]
    assert "side by side" in placed.reasons[0]


def test_no_users_means_no_mode_whatever_else_is_answered(fw):
    placed = mode_for(fw, ModeAnswers(users_involved=False, transforms_paradigm=True))
    assert placed.mode is None and placed.reasons == (NO_USERS_REASON,)


def test_a_bad_level_is_refused(fw):
    with pytest.raises(ValueError, match="'operational', 'strategic' or 'both'"):
        mode_for(fw, {"level": "tactical"})


def test_mode_profiles_follow_the_levels(fw):
    assert not mode_profile(fw, "consumer").transforms
    assert not mode_profile(fw, "participative").transforms
    assert mode_profile(fw, "enhanced").transforms
    assert mode_profile(fw, "enhanced").level_text == "the operational and strategic levels"
    assert mode_profile(fw, "consumer").level_text == "the operational level"


# The free-text classifier ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Patients shape the care day-to-day, during the service encounter.", "consumer"),
        (
            "The council held a consultation and a focus group to plan for the future.",
            "participative",
        ),
        ("Users led a redesign to create new forms of service.", "enhanced"),
    ],
)
def test_classifier_picks_the_mode_with_most_cues(fw, text, label):
    result = classify_text(fw, text)
    assert result.label == label and result.mode.id == label
    assert result.matches[label], "the matched cues are the reasons"
    assert any(label_cue in " ".join(result.reasons) for label_cue in result.matches[label])


def test_classifier_says_unclear_when_nothing_matches(fw):
    result = classify_text(fw, "A quiet afternoon in the park.")
    assert result.label == UNCLEAR and result.unclear and result.mode is None
    assert result.reasons[0] == "No cue of any mode matched."


def test_classifier_says_unclear_on_a_tie(fw):
    result = classify_text(fw, "A consultation about innovation.")
    assert result.label == UNCLEAR
    assert result.reasons[0].startswith("Tie: Participative co-production and Enhanced")
    assert result.matches["participative"] == ("consultation",)
    assert result.matches["enhanced"] == ("innovation",)


def test_classifier_matches_whole_words_and_counts_nested_cues_once(fw):
    consumer = mode_by_id(fw, "consumer")
    assert matched_cues(consumer, "During the  Service Encounter") == (
        "during the service encounter",
    )
    enhanced = mode_by_id(fw, "enhanced")
    assert matched_cues(enhanced, "They innovated") == ()
    assert matched_cues(enhanced, "They innovate.") == ("innovate",)


# The matrix -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nature", "locus", "quadrant", "name"),
    [
        ("involuntary", "individual-service", 1, "Co-production"),
        ("involuntary", "service-system", 2, "Co-construction"),
        ("voluntary", "individual-service", 3, "Co-management"),
        ("voluntary", "service-system", 4, "Co-design and Co-innovation"),
    ],
)
def test_two_dimensions_light_one_cell(fw, nature, locus, quadrant, name):
    cell = cell_for(fw, nature, locus)
    assert (cell.quadrant, cell.name) == (quadrant, name)


def test_an_unknown_dimension_value_names_the_values(fw):
    with pytest.raises(UnknownDimensionValueError, match="involuntary, voluntary"):
        cell_for(fw, "coerced", "service-system")
    with pytest.raises(UnknownDimensionValueError, match="individual-service, service-system"):
        cell_for(fw, "voluntary", "community")


def test_a_scenario_overrides_the_dimensions(fw):
    sel = select_cell(fw, "involuntary", "individual-service", "disability-alternatives")
    assert sel.by == "scenario" and sel.cell.quadrant == 4 and sel.overridden
    same = select_cell(fw, "voluntary", "service-system", "disability-alternatives")
    assert same.cell.quadrant == 4 and not same.overridden
    by_dims = select_cell(fw, "voluntary", "individual-service")
    assert by_dims.by == "dimensions" and by_dims.cell.quadrant == 3 and by_dims.why is None


def test_the_ipoa_lights_no_cell(fw):
    sel = select_cell(fw, "voluntary", "service-system", "ipoa-no-users-yet")
    assert sel.cell is None and sel.overridden and "yet to be involved" in sel.why


def test_the_matrix_refines_the_modes(fw):
    links = {link.mode.id: link for link in mode_cell_links(fw)}
    consumer = links["consumer"]
    assert consumer.natures["involuntary"] > consumer.natures.get("voluntary", 0)
    assert {c.id for c, _ in consumer.cells} >= {"co-production", "co-construction"}
    for mid in ("participative", "enhanced"):
        assert set(links[mid].natures) == {"voluntary"}
        assert set(links[mid].loci) == {"service-system"}
        assert "all in the voluntary row and all in the service system column" in links[
            mid
        ].summary(fw)
    assert consumer.illustrative
    shared = [m.id for m, _ in modes_in_cell(fw, "co-design-and-co-innovation")]
    assert shared == ["participative", "enhanced"]
    assert modes_in_cell(fw, "no-such-cell") == ()


# Figures ----------------------------------------------------------------------------


def test_modes_figure_marks_the_highlighted_mode(fw):
    fig, alt = modes_figure(fw, highlight="participative")
    assert "Highlighted: participative co-production (bold outline, marked 'selected')" in alt
    assert "consumer co-production on the operational level, aiming at user empowerment" in alt
    assert "enhanced co-production on the operational and strategic levels together" in alt
    svg = to_svg(fig, alt)
    assert "selected" in svg and "Participative" in svg
    _, plain = modes_figure(fw)
    assert plain.endswith("No mode is highlighted.")
    assert "selected" not in to_svg(*modes_figure(fw)).split("aria-label", 1)[1].split(">", 1)[1]


def test_matrix_figure_marks_the_highlighted_cell_or_says_none(fw):
    fig, alt = matrix_figure(fw, highlight="co-construction")
    assert "Highlighted: quadrant II, co-construction (hatched, thick border" in alt
    assert "quadrant I, co-production: involuntary, individual service" in alt
    assert "selected" in to_svg(fig, alt)
    _, none = matrix_figure(fw, no_cell_reason="the IPoA fits no cell")
    assert none.endswith("No cell is highlighted: the IPoA fits no cell.")


def test_figures_refuse_unknown_highlights(fw):
    with pytest.raises(KeyError, match="consumer, participative, enhanced"):
        modes_figure(fw, highlight="radical")
    with pytest.raises(KeyError, match="co-management"):
        matrix_figure(fw, highlight="quadrant-v")


def test_figures_are_deterministic(fw):
    assert to_svg(*modes_figure(fw, "enhanced")) == to_svg(*modes_figure(fw, "enhanced"))
    assert to_svg(*matrix_figure(fw, "co-management")) == to_svg(
        *matrix_figure(fw, "co-management")
    )


# Widgets ----------------------------------------------------------------------------


def test_modes_explorer_switches_between_scenarios(fw):
    ex = modes_explorer("scottish-social-security", fw)
    assert ex.title == MODES_TITLE
    assert len(ex.states) == len(scenarios_for(fw, "scottish-social-security")) == 11
    assert "Residents of a residential care home" in ex.current_html
    html = ex.choose(scenario="disability-alternatives").current_html
    assert "Enhanced co-production" in html and "user-led innovation" in html
    assert "Highlighted: enhanced co-production" in html
    assert "sticky" in html and "Does it transform the service paradigm? Yes" in html
    html = ex.choose(scenario="scottish-experience-panels").current_html
    assert "Participative co-production" in html and "(from the case Scottish" in html
    assert "<strong>Illustrative:</strong>" in html
    assert "Seen through the matrix:" in html


def test_modes_explorer_shows_a_scenario_with_no_mode(fw):
    ex = modes_explorer("ipoa", fw)
    html = ex.choose(scenario="ipoa-no-users-yet").current_html
    assert "None yet: this scenario fits no mode" in html
    assert "No mode is highlighted." in html


def test_matrix_explorer_lights_cells_by_dimensions(fw):
    ex = matrix_explorer("ipoa", fw)
    assert ex.title == MATRIX_TITLE
    assert len(ex.states) == 40
    assert "This lights <strong>quadrant I: Co-production</strong>" in ex.current_html
    html = ex.choose(nature="voluntary", locus="individual-service").current_html
    assert "quadrant III: Co-management" in html
    assert "Individual planning models for older people" in html
    assert "Highlighted: quadrant III, co-management" in html
    assert "Case example (IPoA)" in html and "fits no cell" in html


def test_matrix_explorer_scenario_overrides_and_ipoa_lights_nothing(fw):
    ex = matrix_explorer("ipoa", fw)
    html = ex.choose(nature="voluntary", locus="individual-service", scenario="ipoa-no-users-yet")
    html = html.current_html
    assert "A scenario is chosen, so it sets the" in html and "is set aside" in html
    assert "would light quadrant III" in html
    assert "This scenario fits no cell" in html and "Cluley and Radnor (2021)" in html
    assert "No cell is highlighted: IPoA Gateway Review (users not yet involved) fits no cell" in (
        html.replace("&#x27;", "'")
    )
    html = ex.choose(scenario="adult-mental-health").current_html
    assert "quadrant II, Co-construction" in html and "Highlighted: quadrant II" in html
    assert "none: use the dimensions" in str(ex.controls)
    assert "This lights" in ex.choose(scenario="none").current_html


def test_matrix_explorer_on_the_scottish_case_shows_its_examples(fw):
    ex = matrix_explorer("scottish-social-security", fw)
    assert len(ex.states) == 40
    html = ex.choose(nature="voluntary", locus="service-system").current_html
    assert "Case example (Scottish social security)" in html
    assert "the experience panels" in html
    html = ex.choose(nature="involuntary", locus="service-system").current_html
    assert "none of the case's scenarios sits in this cell" in html


def test_explorers_work_on_the_small_test_case(fw):
    case = load_case(TEST_CASE, fw)
    modes = modes_explorer(case, fw)
    assert len(modes.states) == len(scenarios_for(fw))
    assert "No scenarios for this case." in modes.current_html
    assert "case: library-at-home" in modes.current_html
    matrix = matrix_explorer(case, fw)
    assert len(matrix.states) <= 40
    assert "No scenarios for this case." in matrix.choose(nature="voluntary").current_html


def test_explorers_work_on_a_case_missing_files(tmp_path: Path, fw):
    folder = tmp_path / "library-at-home"
    shutil.copytree(TEST_CASE, folder)
    for name in ("assemblage.yaml", "actors.yaml", "interactions.yaml", "factors.yaml"):
        (folder / name).unlink()
    (folder / "values.yaml").unlink()
    case = load_case(folder, fw)
    assert "No scenarios for this case." in modes_explorer(case, fw).current_html
    assert "quadrant" in matrix_explorer(case, fw).current_html


def test_explorers_give_a_message_when_the_frameworks_have_no_scenarios(data_copy: Path):
    (data_copy / "frameworks" / "scenarios.yaml").unlink()
    fw = load_frameworks(data_copy / "frameworks")
    ex = modes_explorer(load_case(data_copy / "ipoa", fw), fw)
    assert len(ex.states) == 1 and "No scenarios available." in ex.current_html
    matrix = matrix_explorer(load_case(data_copy / "ipoa", fw), fw)
    assert len(matrix.states) == 4
    assert "quadrant IV" in matrix.choose(nature="voluntary", locus="service-system").current_html


def test_explorer_text_is_escaped(data_copy: Path):
    path = data_copy / "frameworks" / "scenarios.yaml"
    _edit(path, "name: Residents of a residential care home", "name: Residents <b>& staff</b>")
    fw = load_frameworks(data_copy / "frameworks")
    html = modes_explorer(load_case(data_copy / "ipoa", fw), fw).current_html
    assert "Residents &lt;b&gt;&amp; staff&lt;/b&gt;" in html and "<b>&" not in html
