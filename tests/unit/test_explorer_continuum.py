"""Chapter 2 explorer: services placed on the services-management continuum of co-production."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from coproduction.cases import CaseDataError, load_case, load_frameworks
from coproduction.figures import to_svg
from coproduction.figures.continuum import continuum_figure
from coproduction.models.continuum import (
    BANDS,
    HIGH_FROM,
    LOW_BELOW,
    UnknownServiceError,
    band_by_id,
    band_for,
    by_band,
    case_services,
    characteristic,
    encounter_evidence,
    position,
    services_for,
    what_changes,
)
from coproduction.resources import example
from coproduction.widgets.continuum import (
    TITLE,
    case_encounters,
    continuum_explorer,
    continuum_print,
)
from tests.unit.edits import edit as _edit

TEST_CASE = example("library-at-home")
SCOTTISH = "scottish-social-security"


def _text(html: str) -> str:
    """The HTML without its figure, so assertions read the words, not the SVG."""
    return re.sub(r"<figure.*?</figure>", "", html, flags=re.S)


# Data --------------------------------------------------------------------------------


def test_the_three_characteristics_come_from_the_papers(fw):
    ids = [c.id for c in fw.service_characteristics]
    assert ids == ["inseparability", "intangibility", "co-production"]
    for c in fw.service_characteristics:
        assert c.source.paper in ("osborne-strokosch2013", "osborne-etal2018")
        assert not c.illustrative
    assert "same time" in characteristic(fw, "inseparability").description
    assert "unconscious" in characteristic(fw, "co-production").description
    with pytest.raises(KeyError, match="inseparability, intangibility, co-production"):
        characteristic(fw, "perishability")


def test_the_papers_positions_are_reported_and_the_rest_illustrative(fw):
    by_id = {s.id: s for s in fw.continuum}
    assert 6 <= len(by_id) <= 8
    reported = {s.id for s in fw.continuum if not s.illustrative}
    assert reported == {"residential-care", "school-education", "online-tax-return"}
    for sid in reported:
        assert by_id[sid].note and "number" in by_id[sid].note, "say the number is the book's"
    for s in fw.continuum:
        assert not s.illustrative or s.note, f"{s.id} is illustrative without a note"
        assert s.how_users_coproduce and s.why
    assert by_id["benefits-assessment"].case == SCOTTISH
    assert by_id["benefits-assessment"].source.paper == "strokosch-osborne2020"
    # What the papers say, qualitatively: residential care and education high, tax low.
    assert band_for(by_id["residential-care"].contact).id == "high"
    assert band_for(by_id["school-education"].contact).id == "high"
    assert band_for(by_id["online-tax-return"].contact).id == "low"


def test_continuum_cross_references_are_checked(data_copy: Path):
    path = data_copy / "frameworks" / "continuum.yaml"
    _edit(path, "case: scottish-social-security", "case: glasgow")
    _edit(
        path,
        'paper: osborne-etal2018, where: "Opening section (resid',
        'paper: nobody, where: "Opening section (resid',
    )
    with pytest.raises(CaseDataError) as err:
        load_frameworks(data_copy / "frameworks")
    text = str(err.value)
    assert "'glasgow' is not a case" in text
    assert "nobody" in text
    assert len(err.value.problems) == 2


def test_contact_out_of_range_is_refused(data_copy: Path):
    _edit(data_copy / "frameworks" / "continuum.yaml", "contact: 0.95", "contact: 1.5")
    with pytest.raises(CaseDataError, match="contact.*out of range"):
        load_frameworks(data_copy / "frameworks")


def test_frameworks_without_a_continuum_still_load(data_copy: Path):
    (data_copy / "frameworks" / "continuum.yaml").unlink()
    fw = load_frameworks(data_copy / "frameworks")
    assert fw.continuum == () and fw.service_characteristics == ()


# Model -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contact", "band"),
    [
        (0.0, "low"),
        (LOW_BELOW - 1e-9, "low"),
        (LOW_BELOW, "medium"),
        (0.5, "medium"),
        (HIGH_FROM - 1e-9, "medium"),
        (HIGH_FROM, "high"),
        (1.0, "high"),
    ],
)
def test_contact_falls_in_one_band(contact, band):
    assert band_for(contact).id == band


def test_contact_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        band_for(1.2)
    with pytest.raises(KeyError, match="high, medium, low"):
        band_by_id("extreme")


def test_bands_say_what_changes_along_the_continuum():
    high, medium, low = (band_by_id(b) for b in ("high", "medium", "low"))
    assert (high.coproduction, medium.coproduction, low.coproduction) == (
        "active",
        "active but bounded",
        "passive",
    )
    assert "face to face" in high.face_to_face and "electronic" in low.face_to_face
    assert "same time and in the same place" in high.simultaneity
    assert "screen" in low.simultaneity
    # The papers describe the two ends; the middle is the book's.
    assert high.reported and low.reported and not medium.reported
    changes = what_changes(high, low)
    assert [c.feature for c in changes] == [
        "Face-to-face contact",
        "Simultaneity of production and use",
        "Co-production",
    ]
    assert changes[-1].before == "active" and changes[-1].after == "passive"
    assert what_changes(0.9, 0.7) == ()
    assert [b.id for b in BANDS] == ["high", "medium", "low"]


def test_services_are_ordered_and_filtered_by_case(fw):
    every = services_for(fw)
    assert [s.contact for s in every] == sorted((s.contact for s in every), reverse=True)
    assert every[0].id == "residential-care" and every[-1].id == "online-tax-return"
    general = services_for(fw, "ipoa")
    assert "benefits-assessment" not in {s.id for s in general}
    assert len(services_for(fw, SCOTTISH)) == len(general) + 1
    assert [s.id for s in case_services(fw, SCOTTISH)] == ["benefits-assessment"]
    assert case_services(fw, "library-at-home") == ()
    grouped = by_band(every)
    assert list(grouped) == ["high", "medium", "low"]
    assert {s.id for s in grouped["high"]} == {"residential-care", "school-education"}
    assert "benefits-assessment" in {s.id for s in grouped["medium"]}


def test_a_position_has_a_band_a_rank_and_neighbours(fw):
    p = position(fw, "benefits-assessment")
    assert p.band.id == "medium" and not p.position_reported
    assert p.more_contact.id == "gp-appointment"
    assert p.less_contact.id == "council-contact-centre"
    assert 1 < p.rank < p.of == len(fw.continuum)
    assert dict(p.features)["Co-production"] == "active but bounded"
    top = position(fw, "residential-care")
    assert top.rank == 1 and top.more_contact is None and top.position_reported
    bottom = position(fw, "online-tax-return")
    assert bottom.less_contact is None and bottom.band.coproduction == "passive"


def test_an_unknown_service_names_the_known_ones(fw):
    with pytest.raises(UnknownServiceError, match="residential-care"):
        position(fw, "library")
    with pytest.raises(UnknownServiceError, match="is not among"):
        position(fw, "benefits-assessment", services_for(fw, "ipoa"))


def test_encounter_evidence_reads_the_case_data():
    ev = encounter_evidence(load_case(SCOTTISH))
    assert not ev.empty
    assert {i.id for i in ev.interactions} >= {"service-encounters", "uk-assessments"}
    assert all(i.level == "micro" and i.process == "co-experience" for i in ev.interactions)
    assert "users-assessment-experience" in {v.id for v in ev.destroyed}
    assert all(v.valence == "destruction" for v in ev.destroyed)


# Figure ------------------------------------------------------------------------------


def test_figure_alt_text_names_the_selected_service_and_how_users_coproduce(fw):
    fig, alt = continuum_figure(fw, highlight="benefits-assessment")
    assert "Selected: A disability benefit assessment (Scottish case), at 0.55" in alt
    assert "medium contact band (an illustrative placement" in alt
    assert "How users co-produce it: The claimant cannot avoid taking part" in alt
    assert "Residential care for older people at 0.95 (high contact, reported)" in alt
    svg = to_svg(fig, alt)
    assert "selected" in svg and "Residential care" in svg
    _, other = continuum_figure(fw, highlight="online-tax-return")
    assert "Selected: Filing a tax return online, at 0.08 in the low contact band" in other
    assert "(a position the papers report" in other
    _, plain = continuum_figure(fw)
    assert plain.endswith("No service is selected.")


def test_figure_refuses_an_unknown_highlight_and_draws_an_empty_continuum(fw):
    with pytest.raises(KeyError, match="online-tax-return"):
        continuum_figure(fw, highlight="library")
    fig, alt = continuum_figure(fw, services=())
    assert "No services are placed on the continuum." in alt
    assert "No services are placed" in to_svg(fig, alt)


def test_figure_is_deterministic(fw):
    a = to_svg(*continuum_figure(fw, "gp-appointment"))
    b = to_svg(*continuum_figure(fw, "gp-appointment"))
    assert a == b
    assert a != to_svg(*continuum_figure(fw, "school-education"))


# Widget ------------------------------------------------------------------------------


def test_explorer_switches_between_services(fw):
    ex = continuum_explorer(SCOTTISH, fw)
    assert ex.title == TITLE
    assert len(ex.states) == len(services_for(fw, SCOTTISH)) == 7
    first = _text(ex.current_html)
    assert "Service: Residential care for older people" in first
    assert "<strong>Reported:</strong> the papers place this service in the high contact" in first
    html = ex.choose(service="online-tax-return").current_html
    text = _text(html)
    assert "Low contact: 0.08" in text and "Co-production: passive" in text
    assert "Selected: Filing a tax return online" in html  # the figure's alt text
    html = ex.choose(service="benefits-assessment").current_html
    text = _text(html)
    assert "Medium contact: 0.55" in text and "(from the case Scottish social security)" in text
    assert "<strong>Illustrative:</strong> Strokosch and Osborne (2020) report" in text
    assert "the book&#x27;s interpolation" in text
    assert "From the case data (Scottish social security): service encounters" in text
    assert "intrusive questioning" in text
    assert "Selected: A disability benefit assessment" in html


def test_explorer_says_what_changes_between_bands(fw):
    ex = continuum_explorer(frameworks=fw)
    text = _text(ex.choose(service="council-contact-centre").current_html)
    assert "Next with less contact: Paying council tax online (0.15); what changes:" in text
    assert "co-production goes from active but bounded to passive" in text
    assert "it is in the same band" in text  # the GP appointment, above it


def test_explorer_initial_choice_and_case_free_use(fw):
    ex = continuum_explorer(frameworks=fw, initial="school-education")
    assert ex.key == "school-education"
    assert "From the case data" not in _text(ex.current_html)
    assert len(ex.states) == len(fw.continuum)


def test_explorer_works_on_a_lecturers_own_case(fw):
    case = load_case(TEST_CASE)
    ex = continuum_explorer(case, fw)
    assert len(ex.states) == len(services_for(fw, None)) - 1  # no Scottish service
    text = _text(ex.current_html)
    assert "No service from this case is on the continuum." in text
    assert "case: library-at-home" in text


def test_a_lecturers_case_can_place_its_own_service(data_copy: Path):
    shutil.copytree(TEST_CASE, data_copy / "library-at-home")
    _edit(
        data_copy / "frameworks" / "continuum.yaml",
        "services:\n",
        "services:\n"
        "  - id: library-visit\n"
        "    name: A volunteer's library visit\n"
        "    text: A volunteer brings books to a housebound reader.\n"
        "    contact: 0.8\n"
        "    how_users_coproduce: The reader talks about what they like to read.\n"
        "    why: Face to face, in the reader's home.\n"
        "    case: library-at-home\n"
        "    source: {paper: book, where: Test}\n"
        "    status: illustrative\n"
        "    note: A test service.\n",
    )
    fw = load_frameworks(data_copy / "frameworks")
    case = load_case(data_copy / "library-at-home", fw)
    ex = continuum_explorer(case, fw)
    text = _text(ex.choose(service="library-visit").current_html)
    assert "(from the case Library at home)" in text and "High contact: 0.80" in text
    assert "From the case data (Library at home): service encounters" in text
    assert "No service from this case" not in text


def test_explorer_gives_a_message_without_a_continuum(data_copy: Path):
    (data_copy / "frameworks" / "continuum.yaml").unlink()
    fw = load_frameworks(data_copy / "frameworks")
    ex = continuum_explorer(load_case(data_copy / SCOTTISH, fw), fw)
    assert list(ex.states) == ["none"]
    text = _text(ex.current_html)
    assert "No services on the continuum." in text
    assert "No services are placed on the continuum." in ex.current_html


def test_the_case_without_encounter_data_gets_a_message(data_copy: Path):
    case_dir = data_copy / SCOTTISH
    (case_dir / "interactions.yaml").unlink()
    (case_dir / "values.yaml").unlink()
    (case_dir / "factors.yaml").unlink()  # it refers to the interactions
    fw = load_frameworks(data_copy / "frameworks")
    ex = continuum_explorer(load_case(case_dir, fw), fw)
    text = _text(ex.choose(service="benefits-assessment").current_html)
    assert "nothing more to show" in text


def test_print_figure_has_alt_text(fw):
    shown = continuum_print(fw, highlight="residential-care")
    html = shown._repr_html_()
    assert 'aria-label="A horizontal continuum' in html and "<figcaption>" in html


def test_case_encounters_lists_the_cases_own_data(fw):
    html = case_encounters(SCOTTISH, fw)
    assert "From the case data (Scottish social security): service encounters" in html
    assert "intrusive questioning" in html and "Strokosch and Osborne (2020)" in html
    assert html._repr_html_() == str(html)
    other = case_encounters(load_case(TEST_CASE), fw)
    assert "From the case data (Library at home)" in other


def test_every_explorer_takes_the_case_first_then_the_frameworks(fw):
    import inspect

    from coproduction import widgets
    from coproduction.widgets import (
        assemblage,
        comparison,
        continuum,
        ecosystem,
        ladder,
        typologies,
        value,
    )

    explorers = [
        getattr(module, name)
        for module in (assemblage, comparison, continuum, ecosystem, ladder, typologies, value)
        for name in dir(module)
        if name.endswith("_explorer") and callable(getattr(module, name))
    ]
    assert len({e.__name__ for e in explorers}) >= 8, widgets
    for explorer in explorers:
        assert list(inspect.signature(explorer).parameters)[:2] == ["case", "frameworks"], explorer
    with pytest.raises(TypeError, match=r"takes \(case, frameworks\)"):
        continuum_explorer(fw)
