"""Chapter 1 explorer: activities placed on Arnstein's ladder of citizen participation."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from coproduction.cases import CaseDataError, load_case, load_frameworks
from coproduction.figures import to_svg
from coproduction.figures.ladder import ladder_figure
from coproduction.models.ladder import (
    GROUPS,
    LadderError,
    bands,
    case_placements,
    has_ladder,
    occupancy,
    place,
    placement,
    placements_for,
    rung,
    step_up,
)
from coproduction.resources import example
from coproduction.widgets.ladder import TITLE, ladder_explorer, ladder_print
from tests.unit.edits import edit as _edit

TEST_CASE = example("library-at-home")

RUNGS = [
    (1, "manipulation", "nonparticipation"),
    (2, "therapy", "nonparticipation"),
    (3, "informing", "tokenism"),
    (4, "consultation", "tokenism"),
    (5, "placation", "tokenism"),
    (6, "partnership", "citizen-power"),
    (7, "delegated-power", "citizen-power"),
    (8, "citizen-control", "citizen-power"),
]


def _text(html: str) -> str:
    """The HTML without its inline SVG, so assertions read the words around it."""
    return re.sub(r"<svg.*?</svg>", "", html, flags=re.S)


# Data ---------------------------------------------------------------------------------


def test_the_eight_rungs_are_arnsteins_in_order_and_groups(fw):
    assert [(r.rung, r.id, r.group) for r in fw.rungs] == RUNGS
    for r in fw.rungs:
        assert r.source.paper == "arnstein1969" and r.description


def test_placements_are_all_illustrative_with_notes_and_sources(fw):
    ids = [p.id for p in fw.placements]
    assert 6 <= len(ids) <= 9 and len(set(ids)) == len(ids)
    rung_ids = {r.id for r in fw.rungs}
    for p in fw.placements:
        assert p.rung in rung_ids
        assert p.illustrative and p.note, f"{p.id} must be illustrative with a note"
        assert p.why and p.text and p.source.where
        assert p.case in (None, "ipoa", "scottish-social-security")


def test_the_papers_activities_and_the_cases_are_placed(fw):
    expected = {
        "consultation-no-commitment": ("consultation", None, "osborne-strokosch2013"),
        "service-partnership-member": ("partnership", None, "osborne-strokosch2013"),
        "scottish-act-consultation": (
            "consultation",
            "scottish-social-security",
            "strokosch-osborne2020",
        ),
        "scottish-experience-panels": (
            "placation",
            "scottish-social-security",
            "strokosch-osborne2020",
        ),
        "scottish-stakeholder-reference-groups": (
            "placation",
            "scottish-social-security",
            "strokosch-osborne2020",
        ),
        "ipoa-planned-consultation": ("consultation", "ipoa", "cluley-radnor2021"),
        "ipoa-partner-organisations": ("partnership", "ipoa", "cluley-radnor2021"),
    }
    got = {
        k: (placement(fw, k).rung, placement(fw, k).case, placement(fw, k).source.paper)
        for k in expected
    }
    assert got == expected


def test_ladder_cross_references_are_checked(data_copy: Path):
    path = data_copy / "frameworks" / "ladder.yaml"
    _edit(path, "rung: placation", "rung: advice")
    _edit(path, "case: ipoa", "case: leicester")
    _edit(path, "rung: 8", "rung: 7")
    with pytest.raises(CaseDataError) as err:
        load_frameworks(data_copy / "frameworks")
    text = str(err.value)
    assert "'advice' is not a rung" in text
    assert "'leicester' is not a case" in text
    assert "rungs must be numbered 1 to 8 once each" in text


def test_ladder_group_vocabulary_is_checked(data_copy: Path):
    path = data_copy / "frameworks" / "ladder.yaml"
    _edit(path, "group: tokenism", "group: token")
    with pytest.raises(CaseDataError) as err:
        load_frameworks(data_copy / "frameworks")
    assert "ladder.yaml" in str(err.value)


def test_frameworks_without_a_ladder_still_load(data_copy: Path):
    (data_copy / "frameworks" / "ladder.yaml").unlink()
    fw = load_frameworks(data_copy / "frameworks")
    assert fw.rungs == () and fw.placements == () and not has_ladder(fw)
    with pytest.raises(LadderError, match="no ladder"):
        rung(fw, "consultation")


# Model --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("placement_id", "number", "group_id"),
    [
        ("engagement-event-decision-made", 1, "nonparticipation"),
        ("leaflet-after-decision", 3, "tokenism"),
        ("consultation-no-commitment", 4, "tokenism"),
        ("scottish-act-consultation", 4, "tokenism"),
        ("scottish-experience-panels", 5, "tokenism"),
        ("service-partnership-member", 6, "citizen-power"),
        ("ipoa-partner-organisations", 6, "citizen-power"),
    ],
)
def test_a_placement_has_its_rung_and_group(fw, placement_id, number, group_id):
    placed = place(fw, placement_id)
    assert placed.rung.rung == number and placed.group.id == group_id
    assert placed.position == f"rung {number} of 8, {placed.rung.name.lower()}"


def test_rungs_are_found_by_id_or_number(fw):
    assert rung(fw, 4) is rung(fw, "consultation")
    with pytest.raises(LadderError, match="the rungs are: 1 manipulation"):
        rung(fw, "advice")


def test_an_unknown_placement_names_the_known_ones(fw):
    with pytest.raises(LadderError, match="consultation-no-commitment"):
        place(fw, "town-hall")


def test_bands_span_arnsteins_groups(fw):
    got = [(b.group.id, b.lowest, b.highest, len(b.rungs)) for b in bands(fw)]
    assert got == [
        ("nonparticipation", 1, 2, 2),
        ("tokenism", 3, 5, 3),
        ("citizen-power", 6, 8, 3),
    ]
    assert [g.id for g in GROUPS] == ["nonparticipation", "tokenism", "citizen-power"]


def test_step_up_reads_the_next_rung_from_the_data(fw):
    s = step_up(fw, "consultation")
    assert s.to.id == "placation" and not s.crosses_group
    assert s.text.startswith("To reach rung 5, placation: ")
    assert rung(fw, "placation").description in s.text


def test_step_up_says_when_it_crosses_into_another_group(fw):
    into_power = step_up(fw, "placation")
    assert into_power.crosses_group and into_power.to.id == "partnership"
    assert "cross from tokenism into degrees of citizen power" in into_power.text
    into_tokenism = step_up(fw, 2)
    assert into_tokenism.crosses_group and into_tokenism.to.id == "informing"
    assert "from nonparticipation into degrees of tokenism" in into_tokenism.text


def test_there_is_no_step_up_from_the_top(fw):
    assert step_up(fw, "citizen-control") is None


def test_step_up_follows_the_data_not_fixed_text(data_copy: Path):
    path = data_copy / "frameworks" / "ladder.yaml"
    _edit(path, "A few people are given seats", "A handful of residents are given seats")
    fw = load_frameworks(data_copy / "frameworks")
    assert "A handful of residents are given seats" in step_up(fw, "consultation").text


def test_placements_are_filtered_by_case(fw):
    everything = placements_for(fw)
    assert everything == fw.placements
    ipoa = placements_for(fw, "ipoa")
    assert {p.case for p in ipoa} == {None, "ipoa"}
    assert ipoa[-len(case_placements(fw, "ipoa")) :] == case_placements(fw, "ipoa")
    assert {p.case for p in placements_for(fw, "scottish-social-security")} == {
        None,
        "scottish-social-security",
    }
    assert all(p.case is None for p in placements_for(fw, "library-at-home"))


def test_occupancy_counts_placements_per_rung(fw):
    occ = occupancy(fw)
    assert list(occ) == [r.id for r in fw.rungs]
    assert sum(len(v) for v in occ.values()) == len(fw.placements)
    assert {p.id for p in occ["placation"]} >= {
        "scottish-experience-panels",
        "scottish-stakeholder-reference-groups",
    }
    assert occ["delegated-power"] == () and occ["citizen-control"] == ()


# Figure -------------------------------------------------------------------------------


def test_figure_alt_text_lists_the_rungs_and_marks_the_placement(fw):
    _, alt = ladder_figure(fw, highlight="scottish-act-consultation")
    assert "1 manipulation and 2 therapy (nonparticipation)" in alt
    assert "6 partnership, 7 delegated power and 8 citizen control (citizen power)" in alt
    assert (
        "An arrow marks Scotland: the consultation on the 2018 Act on rung 4, "
        "consultation, in the tokenism group (the book's illustrative placement)"
    ) in alt
    _, bare = ladder_figure(fw)
    assert bare.endswith("No activity is marked.")


def test_figure_draws_the_rungs_groups_and_arrow(fw):
    fig, _ = ladder_figure(fw, highlight="ipoa-partner-organisations")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "6  Partnership" in texts and "1  Manipulation" in texts
    assert any(t.startswith("Citizen power") and "rungs 6\u20138" in t for t in texts)
    assert any("IPoA: the partner" in t for t in texts)
    hatches = {p.get_hatch() for p in fig.axes[0].patches if p.get_hatch()}
    assert len(hatches) == 3  # one hatch per group, not colour alone


def test_figure_is_deterministic(fw):
    a = to_svg(*ladder_figure(fw, highlight="scottish-experience-panels"))
    b = to_svg(*ladder_figure(fw, highlight="scottish-experience-panels"))
    assert a == b
    assert a != to_svg(*ladder_figure(fw, highlight="leaflet-after-decision"))


def test_figure_refuses_unknown_highlights_and_missing_ladders(fw, data_copy: Path):
    with pytest.raises(LadderError):
        ladder_figure(fw, highlight="town-hall")
    (data_copy / "frameworks" / "ladder.yaml").unlink()
    with pytest.raises(LadderError, match="no ladder"):
        ladder_figure(load_frameworks(data_copy / "frameworks"))


def test_print_figure_has_a_caption_naming_the_placement(fw):
    display = ladder_print(fw, highlight="scottish-act-consultation")
    html = display._repr_html_()
    assert "<figcaption>" in html and "rung 4, consultation" in html
    assert 'role="img"' in html


# Explorer -----------------------------------------------------------------------------


def test_explorer_offers_every_placement_with_no_case(fw):
    ex = ladder_explorer(frameworks=fw)
    assert ex.title == TITLE
    assert len(ex.states) == len(fw.placements)
    assert [o["value"] for o in ex.controls[0]["options"]] == [p.id for p in fw.placements]


def test_explorer_switches_state_when_a_placement_is_chosen(fw):
    ex = ladder_explorer(frameworks=fw)
    first = _text(ex.current_html)
    assert "Activity: An engagement event" in first and "1 of 8: Manipulation" in first
    html = _text(ex.choose(placement="scottish-experience-panels").current_html)
    assert html != first
    assert "5 of 8: Placation" in html
    assert "Tokenism (degrees of tokenism)" in html
    assert "politicians keeping ultimate control" in html  # the why
    assert "To reach rung 6, partnership" in html  # what would move it up
    assert "cross from tokenism into degrees of citizen power" in html
    assert "Illustrative: this placement is the book's judgement." in html
    assert "Strokosch and Osborne (2020), Findings" in html
    svg = ex.current_html
    assert "on rung 5, placation, in the tokenism group" in svg


def test_explorer_filters_to_the_case_and_the_general_examples(fw):
    ex = ladder_explorer("ipoa", fw)
    keys = set(ex.states)
    assert keys == {p.id for p in placements_for(fw, "ipoa")}
    assert "scottish-act-consultation" not in keys
    html = _text(ex.choose(placement="ipoa-planned-consultation").current_html)
    assert "4 of 8: Consultation" in html and "(from the case paper, Cluley and Radnor" in html
    assert "To reach rung 5, placation" in html


def test_explorer_at_the_top_says_there_is_nowhere_higher(data_copy: Path):
    path = data_copy / "frameworks" / "ladder.yaml"
    _edit(
        path,
        "rung: partnership\n    why: >-\n      Osborne",
        "rung: citizen-control\n    why: >-\n      Osborne",
    )
    fw = load_frameworks(data_copy / "frameworks")
    html = (
        ladder_explorer(frameworks=fw).choose(placement="service-partnership-member").current_html
    )
    assert "nothing: this is the top of the ladder" in html


def test_explorer_works_on_the_small_test_case(fw):
    case = load_case(TEST_CASE, fw)
    ex = ladder_explorer(case, fw)
    assert set(ex.states) == {p.id for p in fw.placements if p.case is None}
    html = ex.current_html
    assert "No placements for this case." in html and "case: library-at-home" in html
    assert "1 of 8: Manipulation" in _text(html)


def test_explorer_works_on_a_case_missing_its_optional_files(tmp_path: Path, fw):
    folder = tmp_path / "library-at-home"
    shutil.copytree(TEST_CASE, folder)
    for name in ("assemblage.yaml", "actors.yaml", "interactions.yaml", "factors.yaml"):
        (folder / name).unlink()
    (folder / "values.yaml").unlink()
    ex = ladder_explorer(load_case(folder, fw), fw)
    assert "No placements for this case." in ex.current_html


def test_explorer_gives_a_message_when_the_frameworks_have_no_ladder(data_copy: Path):
    (data_copy / "frameworks" / "ladder.yaml").unlink()
    fw = load_frameworks(data_copy / "frameworks")
    ex = ladder_explorer(load_case(data_copy / "ipoa", fw), fw)
    assert len(ex.states) == 1
    assert "No ladder in these frameworks." in ex.current_html


def test_explorer_shows_the_bare_ladder_when_nothing_is_placed(data_copy: Path):
    path = data_copy / "frameworks" / "ladder.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("placements:")] + "placements: []\n", encoding="utf-8")
    fw = load_frameworks(data_copy / "frameworks")
    ex = ladder_explorer(frameworks=fw)
    assert len(ex.states) == 1
    assert "No activities placed yet." in ex.current_html
    assert "No activity is marked." in ex.current_html


def test_explorer_text_is_escaped(data_copy: Path):
    path = data_copy / "frameworks" / "ladder.yaml"
    _edit(
        path,
        "name: An engagement event for a decision already made",
        "name: An event <b>& a vote</b>",
    )
    fw = load_frameworks(data_copy / "frameworks")
    html = _text(ladder_explorer(frameworks=fw).current_html)
    assert "An event &lt;b&gt;&amp; a vote&lt;/b&gt;" in html and "<b>&" not in html
