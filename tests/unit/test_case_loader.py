"""The case loader: a lecturer's own case loads; bad files get clear, complete reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pytest

from coproduction.cases import CaseDataError, load_case, load_frameworks
from coproduction.models import graphs
from coproduction.resources import example

MINICASE = example("library-at-home")

# Every test runs with jsonschema-rs and with the pure-Python fallback.
pytestmark = pytest.mark.usefixtures("schema_backend")


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    """A writable copy of the small third case."""
    dest = tmp_path / "library-at-home"
    shutil.copytree(MINICASE, dest)
    return dest


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(CaseDataError) as info:
        load_case(folder)
    return [str(p) for p in info.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# A third case ------------------------------------------------------------------


def test_a_lecturers_case_loads_from_its_own_folder():
    case = load_case(MINICASE)
    assert case.id == "library-at-home"
    assert case.fact("readers").value == 140
    assert [p.id for p in case.phases] == ["before", "redesign", "new-service"]
    assert case.actor("future-readers").presence == "virtual"
    assert case.citation("council-review2025") == "Council service review (2025)"


def test_a_lecturers_case_drives_every_graph_builder_unchanged():
    case = load_case(MINICASE)

    g = graphs.assemblage_graph(case)
    assert set(g) == {"readers", "delivery-van", "budget-rules", "future-readers"}
    assert g.number_of_edges() == 0, "no links unless asked for, as in the paper"
    assert graphs.assemblage_graph(case, links=True).number_of_edges() == 1

    redesign = graphs.assemblage_graph(case, phase="redesign")
    assert "delivery-van" not in redesign  # deterritorialised
    assert redesign.nodes["future-readers"]["presence"] == "virtual"
    assert graphs.assemblage_graph(case, "new-service").nodes["future-readers"]["presence"] == (
        "actual"
    )

    changes = {c.phase: c for c in graphs.assemblage_changes(case)}
    assert changes["redesign"].entered == ("budget-rules", "future-readers")
    assert changes["redesign"].left == ("delivery-van",)
    assert changes["new-service"].became_actual == ("future-readers",)

    eco = graphs.ecosystem_graph(case)
    assert eco.number_of_edges() == 2 and eco.nodes["council"]["level"] == "meso"
    only_design = graphs.ecosystem_graph(case, processes=["co-design"])
    assert [k for *_, k in only_design.edges(keys=True)] == ["workshops"]
    assert graphs.ecosystem_graph(case, levels=["macro"]).number_of_edges() == 0

    goals = graphs.goal_graph(case)
    assert goals.edges["council/savings", "readers/company"]["relation"] == "tension"
    assert graphs.actor_relations(case)[("council", "readers")] == {"tension", "congruent"}

    attached = graphs.factor_attachments(case)
    assert attached["volunteer-goodwill"] == {"volunteers", "readers"}
    assert attached["budget"] == {"council"}
    assert graphs.factor_attachments(case, levels=False)["budget"] == {"council"}
    assert graphs.factor_attachments(case, levels=False)["volunteer-goodwill"] == {
        "volunteers",
        "readers",
    }
    assert nx.is_bipartite(graphs.factor_graph(case).to_undirected())


def test_a_case_with_only_case_yaml_loads_and_graphs_are_empty(case_dir: Path):
    for name in ("actors", "interactions", "factors", "assemblage", "values"):
        (case_dir / f"{name}.yaml").unlink()
    case = load_case(case_dir)
    assert graphs.assemblage_graph(case).number_of_nodes() == 0
    assert graphs.ecosystem_graph(case).number_of_nodes() == 0
    assert graphs.assemblage_changes(case) == []
    with pytest.raises(graphs.UnknownPhaseError, match="no assemblage"):
        graphs.assemblage_graph(case, phase="before")


# Malformed files -----------------------------------------------------------------


def test_missing_field_names_file_record_and_field(case_dir: Path):
    edit(case_dir / "actors.yaml", "    type: volunteer\n", "")
    [problem] = problems_of(case_dir)
    assert "library-at-home/actors.yaml" in problem
    assert "actors[1] (id 'volunteers')" in problem
    assert "missing field 'type'" in problem
    assert "line 13" in problem


def test_wrong_type_says_what_was_expected(case_dir: Path):
    edit(case_dir / "actors.yaml", "count: 35", "count: many")
    [problem] = problems_of(case_dir)
    assert "field 'count'" in problem and "expected a whole number, got text ('many')" in problem


def test_unknown_element_kind_lists_the_kinds(case_dir: Path):
    edit(case_dir / "assemblage.yaml", "kind: material", "kind: spiritual")
    [problem] = problems_of(case_dir)
    assert "elements[1] (id 'delivery-van')" in problem and "field 'kind'" in problem
    assert "'spiritual' is not an element kind in frameworks/assemblage.yaml" in problem
    assert "human" in problem and "experiential" in problem


def test_dangling_reference_is_reported(case_dir: Path):
    edit(case_dir / "interactions.yaml", "to: council", "to: parliament")
    [problem] = problems_of(case_dir)
    assert "interactions.yaml" in problem and "field 'to'" in problem
    assert "'parliament' is not an actor in actors.yaml" in problem


def test_dangling_phase_reference_is_reported(case_dir: Path):
    edit(case_dir / "assemblage.yaml", "leaves: redesign", "leaves: closure")
    [problem] = problems_of(case_dir)
    assert "field 'timing.leaves'" in problem and "'closure' is not a phase" in problem


def test_duplicate_id_is_reported(case_dir: Path):
    edit(case_dir / "factors.yaml", "id: budget", "id: volunteer-goodwill")
    [problem] = problems_of(case_dir)
    assert "duplicate id 'volunteer-goodwill'" in problem and "factors[1]" in problem


def test_duplicate_key_is_reported_not_silently_overwritten(case_dir: Path):
    path = case_dir / "case.yaml"
    path.write_text(path.read_text() + "facts: []\n")
    problems = problems_of(case_dir)
    assert any("key 'facts' appears twice" in p and "first at line" in p for p in problems)


def test_bad_yaml_gives_the_line(case_dir: Path):
    edit(case_dir / "values.yaml", "  - id: council-outcomes", "  - id: [council-outcomes")
    [problem] = problems_of(case_dir)
    assert "values.yaml" in problem and "is not valid YAML" in problem and "line" in problem


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"])
def test_empty_file_is_reported(case_dir: Path, content: str):
    (case_dir / "factors.yaml").write_text(content)
    [problem] = problems_of(case_dir)
    assert "factors.yaml" in problem and "file is empty" in problem


def test_file_that_is_not_a_mapping_is_reported(case_dir: Path):
    (case_dir / "factors.yaml").write_text("- just\n- a list\n")
    [problem] = problems_of(case_dir)
    assert "expected a mapping of keys at the top, got a list" in problem


def test_file_that_is_not_utf8_is_reported(case_dir: Path):
    (case_dir / "values.yaml").write_bytes("value_views: []\n# caf\xe9\n".encode("latin-1"))
    [problem] = problems_of(case_dir)
    assert "values.yaml" in problem and "not UTF-8" in problem


def test_missing_case_yaml_is_reported(case_dir: Path):
    (case_dir / "case.yaml").unlink()
    problems = problems_of(case_dir)
    assert any("case.yaml: file is missing" in p for p in problems)


def test_illustrative_record_without_a_note_is_refused(case_dir: Path):
    edit(case_dir / "actors.yaml", "    note: Added to show a virtual actor.\n", "")
    [problem] = problems_of(case_dir)
    assert "future-readers" in problem and "illustrative record must say why" in problem


def test_unknown_source_paper_is_reported(case_dir: Path):
    edit(case_dir / "factors.yaml", 'council-review2025, where: "Section 1"', "rumour, where: x")
    [problem] = problems_of(case_dir)
    assert "field 'source.paper'" in problem and "'rumour' is not a source paper" in problem


def test_element_leaving_before_it_enters_is_reported(case_dir: Path):
    edit(
        case_dir / "assemblage.yaml",
        "enters: redesign, leaves: null, actual_from: null",
        "enters: redesign, leaves: before, actual_from: null",
    )
    [problem] = problems_of(case_dir)
    assert "leaves 'before' must come after enters 'redesign'" in problem


def test_unknown_field_is_reported_with_the_allowed_ones(case_dir: Path):
    edit(
        case_dir / "interactions.yaml",
        "    nature: mixed\n",
        "    nature: mixed\n    colour: red\n",
    )
    [problem] = problems_of(case_dir)
    assert "unknown field(s) 'colour'" in problem and "allowed:" in problem


def test_every_problem_is_reported_at_once_and_nothing_is_returned(case_dir: Path):
    edit(case_dir / "actors.yaml", "count: 35", "count: many")
    edit(case_dir / "assemblage.yaml", "kind: material", "kind: spiritual")
    edit(case_dir / "interactions.yaml", "process: co-design", "process: co-dreaming")
    (case_dir / "factors.yaml").write_text("")
    problems = problems_of(case_dir)
    assert len(problems) == 4
    files = sorted(p.split(",")[0].split(":")[0] for p in problems)
    assert files == [
        "library-at-home/actors.yaml",
        "library-at-home/assemblage.yaml",
        "library-at-home/factors.yaml",
        "library-at-home/interactions.yaml",
    ]


def test_error_message_lists_every_problem_and_points_to_the_format(case_dir: Path):
    edit(case_dir / "actors.yaml", "count: 35", "count: many")
    edit(case_dir / "interactions.yaml", "process: co-design", "process: co-dreaming")
    with pytest.raises(CaseDataError) as info:
        load_case(case_dir)
    text = str(info.value)
    assert "2 problems found; nothing was loaded" in text
    assert "count" in text and "co-dreaming" in text and "case_data/README.md" in text


def test_unknown_case_name_lists_the_shipped_cases():
    with pytest.raises(CaseDataError, match="shipped cases: .*ipoa"):
        load_case("no-such-case")


def test_edited_case_is_reloaded_not_served_from_cache(case_dir: Path):
    assert load_case(case_dir).fact("readers").value == 140
    import os

    path = case_dir / "case.yaml"
    edit(path, "value: 140", "value: 141")
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + 5))
    assert load_case(case_dir).fact("readers").value == 141


def test_frameworks_load():
    fw = load_frameworks()
    assert [m.id for m in fw.modes] == ["consumer", "participative", "enhanced"]


def test_bad_date_says_what_a_date_looks_like(case_dir: Path):
    edit(case_dir / "case.yaml", "date: 2025-03", "date: March 2025")
    [problem] = problems_of(case_dir)
    assert (
        "field 'date'" in problem and "a year such as 2014 or a month such as '2016-03'" in problem
    )


def test_references_into_a_file_with_shape_errors_are_still_checked(case_dir: Path):
    edit(case_dir / "actors.yaml", "count: 35", "count: many")
    edit(case_dir / "interactions.yaml", "to: council", "to: parliament")
    problems = problems_of(case_dir)
    assert len(problems) == 2
    assert any("'parliament' is not an actor in actors.yaml" in p for p in problems)
