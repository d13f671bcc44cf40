"""The comparison of chapter 7: data, checks, table, explorer and the chapter that shows them."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from coproduction.cases import load_case, load_frameworks
from coproduction.figures.comparison import (
    comparison_table,
    full_table_html,
    question_table_html,
)
from coproduction.models.comparison import (
    DATA,
    ComparisonError,
    UnknownIdError,
    case_coverage,
    comparison,
    load_comparison,
)
from coproduction.resources import example, packaged
from coproduction.widgets.comparison import comparison_explorer

ROOT = Path(__file__).resolve().parents[2]
DATA_FILE = packaged("case_data", "comparison.yaml")
CHAPTER = ROOT / "chapters" / "07-comparing-frameworks.md"
LIBRARY = example("library-at-home")

#: Every framework the book teaches, with the chapter that teaches it.
BOOK_FRAMEWORKS = {
    "public-administration": "01-public-administration",
    "services-management": "02-services-management",
    "three-modes": "03-osborne-typologies",
    "two-by-two": "03-osborne-typologies",
    "public-service-logic": "04-public-service-logic",
    "assemblage": "05-assemblage",
    "service-ecosystems": "06-service-ecosystems",
}
#: The rows the issue asks for, plus the question each framework was built to answer.
REQUIRED_ROWS = {
    "question": None,
    "value": None,
    "creator": None,
    "unit": None,
    "explains": None,
    "misses": None,
    "managers": None,
    "ipoa": "ipoa",
    "scottish-social-security": "scottish-social-security",
}


@pytest.fixture(scope="module")
def comp():
    return load_comparison()


@pytest.fixture(scope="module")
def fw():
    return load_frameworks()


def bib_keys() -> set[str]:
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", text, re.MULTILINE))


# --- every framework in the book, every row ------------------------------------


def test_every_framework_in_the_book_is_compared_in_chapter_order(comp):
    assert [f.id for f in comp.frameworks] == list(BOOK_FRAMEWORKS)
    for f in comp.frameworks:
        assert f.chapter == BOOK_FRAMEWORKS[f.id]
        assert (ROOT / "chapters" / f"{f.chapter}.md").is_file(), f.chapter
    taught = {p.stem for p in (ROOT / "chapters").glob("0[1-6]-*.md")}
    assert taught == {f.chapter for f in comp.frameworks}, "a chapter's framework is missing"


def test_every_framework_answers_every_row(comp):
    assert {r.id: r.case for r in comp.rows} == REQUIRED_ROWS
    for row in comp.rows:
        assert [a.framework.id for a in row.answers] == list(BOOK_FRAMEWORKS)
        for a in row.answers:
            assert len(a.text.split()) >= 12, f"{a.framework.id}/{row.id} is too thin"
            assert a.sources and a.provenance


def test_sources_exist_and_illustrative_answers_say_why(comp):
    keys = bib_keys()
    assert {s.key for s in comp.sources} <= keys, "a source is not in references.bib"
    for f in comp.frameworks:
        assert set(f.key_works) <= {s.key for s in comp.sources}
        assert set(f.data) <= set(DATA)
    answers = [a for r in comp.rows for a in r.answers]
    for a in answers:
        assert a.status in ("reported", "illustrative")
        assert all(s.paper in keys for s in a.sources), a.sources
        if a.illustrative:
            assert a.note and len(a.note.split()) >= 8, (a.framework.id, a.row)
    # the book's readings of the cases are mostly its own; say so in the data
    case_answers = [a for r in comp.case_rows for a in r.answers]
    assert sum(a.illustrative for a in case_answers) >= 7
    assert any(not a.illustrative for a in case_answers)


def test_comparison_selects_frameworks_and_rejects_unknown_ids():
    rows = comparison(["assemblage", "public-service-logic"])
    assert [a.framework.id for a in rows[0].answers] == ["assemblage", "public-service-logic"]
    assert len(rows) == len(REQUIRED_ROWS)
    with pytest.raises(UnknownIdError, match="the frameworks are: public-administration"):
        comparison(["assemblages"])
    with pytest.raises(UnknownIdError, match="twice"):
        comparison(["assemblage", "assemblage"])
    with pytest.raises(UnknownIdError, match="the rows are: question, value"):
        load_comparison().row("values")


def test_the_answers_say_what_the_papers_say(comp):
    creator = comp.row("creator")
    assert "not vice versa" in creator.answer("public-service-logic").text
    assert "No single element" in creator.answer("assemblage").text
    assert "public service organisation" in creator.answer("public-administration").text
    ipoa = comp.row("ipoa")
    assert "yet to be involved" in ipoa.answer("two-by-two").text
    assert "thought bubble" in ipoa.answer("assemblage").text
    assert not ipoa.answer("assemblage").illustrative
    assert ipoa.answer("service-ecosystems").illustrative


# --- the loader's checks ---------------------------------------------------------


@pytest.fixture
def broken(tmp_path):
    """A copy of the data folder's comparison (with the cases it refers to)."""
    folder = tmp_path / "case_data"
    folder.mkdir()
    shutil.copy(DATA_FILE, folder / "comparison.yaml")
    for case in ("ipoa", "scottish-social-security"):
        (folder / case).mkdir()
        (folder / case / "case.yaml").write_text("id: x\n")
    return folder / "comparison.yaml"


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _problems(path: Path) -> list[str]:
    with pytest.raises(ComparisonError) as err:
        load_comparison(path)
    assert "nothing was loaded" in str(err.value)
    return [str(p) for p in err.value.problems]


def test_unknown_framework_and_row_ids_are_rejected_with_file_line_and_place(broken):
    _edit(broken, "  assemblage:\n    question:", "  assemblages:\n    question:")
    _edit(
        broken,
        "    unit:\n      text: >-\n        The assemblage:",
        "    units:\n      text: >-\n        The assemblage:",
    )
    problems = _problems(broken)
    unknown_fw = [p for p in problems if "'assemblages' is not a framework" in p]
    assert unknown_fw and unknown_fw[0].startswith("case_data/comparison.yaml, line ")
    assert "field 'cells.assemblages'" in unknown_fw[0]
    assert "expected one of: public-administration" in unknown_fw[0]
    # the framework now has no answers at all: that is reported too
    assert any("framework 'assemblage' has no answers" in p for p in problems)


def test_a_missing_or_misnamed_row_is_named(broken):
    _edit(
        broken,
        "    managers:\n      text: >-\n        Balance goals",
        "    manager:\n      text: >-\n        Balance goals",
    )
    problems = _problems(broken)
    assert any(
        "field 'cells.service-ecosystems.manager'" in p
        and "'manager' is not a row" in p
        and "expected one of: question, value" in p
        for p in problems
    ), problems
    assert any(
        "field 'cells.service-ecosystems.managers'" in p and "every framework needs an answer" in p
        for p in problems
    ), problems


def test_every_problem_is_reported_at_once(broken):
    _edit(
        broken,
        "status: illustrative\n      note: >-\n        The costs are reported",
        "status: illustrativ\n      note: >-\n        The costs are reported",
    )
    _edit(
        broken,
        '{paper: osborne-etal2018, where: "Opening section"}',
        '{paper: osborne-etal2019, where: "Opening section"}',
    )
    _edit(broken, "case: ipoa}", "case: ipoaa}")
    _edit(broken, "data: [ladder-placements]", "data: [ladders]")
    problems = _problems(broken)
    joined = "\n".join(problems)
    assert (
        "field 'cells.public-administration.managers.status': 'illustrativ' is not allowed; "
        "expected one of: reported, illustrative" in joined
    )
    assert "'osborne-etal2019' is not a source key" in joined
    assert "rows[7] (id 'ipoa'), field 'case': 'ipoaa' is not a case" in joined
    assert (
        "frameworks[0] (id 'public-administration'), field 'data.0': 'ladders' is not allowed"
        in joined
    )
    assert len(problems) >= 4


def test_illustrative_without_a_note_and_duplicate_keys_are_caught(broken):
    _edit(
        broken,
        "      status: illustrative\n      note: >-\n        Cluley and Radnor do not apply",
        "      status: illustrative\n      notes: >-\n        Cluley and Radnor do not apply",
    )
    _edit(
        broken,
        "  three-modes:\n    question:",
        "  three-modes:\n    value:\n      text: x\n    question:",
    )
    problems = "\n".join(_problems(broken))
    assert "an illustrative record must say why the book adds it" in problems
    assert "unknown field(s) 'notes'; allowed: note, source, status, text" in problems
    assert "key 'value' appears twice in the same mapping (first at line" in problems


def test_a_missing_file_and_bad_yaml_give_clear_errors(tmp_path):
    with pytest.raises(ComparisonError, match="file is missing"):
        load_comparison(tmp_path / "comparison.yaml")
    (tmp_path / "comparison.yaml").write_text("sources: [\n")
    with pytest.raises(ComparisonError, match="not valid YAML"):
        load_comparison(tmp_path / "comparison.yaml")


# --- what a case's data hold, framework by framework ------------------------------


def test_case_coverage_counts_each_frameworks_data(fw):
    ipoa = {c.framework.id: c for c in case_coverage(load_case("ipoa", fw), fw)}
    assert ipoa["assemblage"].items[0].count == len(load_case("ipoa", fw).elements) > 0
    assert ipoa["two-by-two"].items[0].count == 1  # the IPoA scenario, which fits no cell
    library = {c.framework.id: c for c in case_coverage(load_case(LIBRARY, fw), fw)}
    assert library["public-service-logic"].has_data and library["service-ecosystems"].has_data
    assert not library["public-administration"].has_data  # no ladder placements of its own


def test_case_coverage_works_on_a_case_lacking_data(tmp_path, fw):
    mine = tmp_path / "library-at-home"
    shutil.copytree(LIBRARY, mine)
    (mine / "assemblage.yaml").unlink()
    (mine / "values.yaml").unlink()
    cov = {c.framework.id: c for c in case_coverage(load_case(mine, fw), fw)}
    assert not cov["assemblage"].has_data and not cov["public-service-logic"].has_data
    assert cov["service-ecosystems"].has_data


# --- the table ----------------------------------------------------------------------


def test_question_table_is_an_accessible_table_with_every_framework(comp):
    html = question_table_html(comp.row("creator"), comp.case_row("ipoa"))
    assert html.startswith('<table class="table cpx-compare" data-row="creator">')
    assert "<caption>Who creates value?</caption>" in html
    assert html.count('scope="col"') == 3 and html.count('scope="row"') == 7
    for f in comp.frameworks:
        assert f">{f.short_name}<br>" in html
    assert "How does it read the IPoA?" in html
    assert "<strong>Illustrative</strong>" in html  # the book's readings say so in words
    assert "Source: Cluley and Radnor (2021)" in html
    assert html == question_table_html(comp.row("creator"), comp.case_row("ipoa"))


def test_full_table_groups_every_row_for_print(comp):
    html = full_table_html(comp, caption="All of it")
    assert "<caption>All of it</caption>" in html
    assert html.count('scope="rowgroup"') == len(comp.rows)
    assert html.count('scope="row"') == len(comp.rows) * len(comp.frameworks)
    for r in comp.rows:
        assert f'data-row="{r.id}">{r.question}</th>' in html
    part = comparison_table(rows=["value", "creator"], frameworks=["assemblage"]).html
    assert part.count('scope="rowgroup"') == 2 and part.count('scope="row"') == 2
    with pytest.raises(UnknownIdError):
        comparison_table(rows=["nope"])


# --- the explorer ---------------------------------------------------------------------


def test_explorer_precomputes_every_question_and_case(comp):
    ex = comparison_explorer()
    assert ex.title == "Comparing the frameworks"
    controls = {c["id"]: [o["value"] for o in c["options"]] for c in ex.controls}
    assert controls["question"] == [r.id for r in comp.questions]
    assert controls["case"] == ["none", "ipoa", "scottish-social-security"]
    assert len(ex.states) == len(comp.questions) * 3
    assert ex.key == "question|none"


def test_explorer_shows_the_chosen_question_and_case(comp):
    ex = comparison_explorer()
    html = ex.choose(question="creator").current_html
    assert "data-question='creator'" in html and "not vice versa" in html
    assert "How does it read" not in html
    html = ex.choose(case="ipoa").current_html
    assert "data-case='ipoa'" in html and "How does it read the IPoA?" in html
    assert "thought bubble" in html
    html = ex.choose(question="misses", case="scottish-social-security").current_html
    assert "What can it not explain?" in html and "Table 1" in html
    assert "Answers marked illustrative here:" in html


def test_explorer_works_on_a_readers_own_case(fw):
    mine = load_case(LIBRARY, fw)
    ex = comparison_explorer(mine, fw)
    cases = [o["value"] for o in ex.controls[1]["options"]]
    assert cases[-1] == "library-at-home" and ex.value["case"] == "library-at-home"
    assert ex.title == "Comparing the frameworks, with Library at home"  # distinct on a page
    assert len(ex.states) == 7 * 4
    html = ex.current_html
    assert "What the book's data hold about Library at home" in html
    assert "value_explorer(case)" in html and "stakeholder views of value" in html
    # a case the comparison already reads is selected, not added
    ex2 = comparison_explorer("ipoa", fw)
    assert ex2.value["case"] == "ipoa" and len(ex2.states) == 21


def test_explorer_gives_a_message_for_a_case_without_data(tmp_path, fw):
    mine = tmp_path / "library-at-home"
    shutil.copytree(LIBRARY, mine)
    for name in (
        "assemblage.yaml",
        "values.yaml",
        "actors.yaml",
        "interactions.yaml",
        "factors.yaml",
    ):
        (mine / name).unlink()
    ex = comparison_explorer(mine, fw)
    html = ex.current_html
    assert "its data hold nothing for this framework's explorers yet" in html
    assert "Traceback" not in html


# --- the chapter shows them ---------------------------------------------------------------

CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.S | re.M)


def _cells() -> list[str]:
    text = CHAPTER.read_text(encoding="utf-8")
    cells = []
    for body in CELL.findall(text):
        lines = body.splitlines()
        if lines and lines[0].startswith("---"):  # a YAML options block
            end = lines.index("---", 1)
            lines = lines[end + 1 :]
        cells.append("\n".join(line for line in lines if not line.startswith(":tags:")))
    return cells


def _run(code: str, ns: dict):
    """Run a cell; return the value of its last expression, as a notebook would show it."""
    tree = ast.parse(code)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), ns)
    return eval(compile(ast.Expression(last.value), "<cell>", "eval"), ns) if last else None


def test_the_chapter_renders_the_comparison_and_its_explorer(monkeypatch, comp):
    cells = _cells()
    shown = [c for c in cells if "comparison" in c]
    assert any("comparison_explorer(" in c for c in shown), "the explorer is not in the chapter"
    assert any("comparison_print(" in c or "comparison_table(" in c for c in shown)
    monkeypatch.chdir(CHAPTER.parent)
    ns: dict = {}
    outputs = [_run(c, ns) for c in shown]
    html = "".join(o._repr_html_() for o in outputs if hasattr(o, "_repr_html_"))
    explorers = [o for o in outputs if getattr(o, "title", "") == "Comparing the frameworks"]
    assert explorers and len(explorers[0].states) >= 21
    for f in comp.frameworks:
        assert f.short_name in html
    full = [o for o in outputs if hasattr(o, "html") and "cpx-compare-full" in o.html]
    assert full and all(f'data-row="{r.id}"' in full[-1].html for r in comp.rows), (
        "the print table must show every row"
    )


def test_the_chapter_runs_the_explorers_on_the_example_case(monkeypatch):
    cells = [c for c in _cells() if "library-at-home" in c or "mine" in c]
    assert any("ecosystem_explorer(mine" in c for c in cells)
    assert any("value_explorer(mine" in c for c in cells)
    monkeypatch.chdir(CHAPTER.parent)
    ns: dict = {}
    outputs = [_run(c, ns) for c in cells]
    titles = [getattr(o, "title", "") for o in outputs]
    assert "Service ecosystem explorer" in titles
    assert "Value by stakeholder group: Library at home" in titles


def test_the_schema_allows_exactly_the_kinds_of_data_the_model_can_count():
    from coproduction.cases.schema import COMPARISON, COMPARISON_DATA_KINDS
    from coproduction.models.comparison import DATA

    assert list(DATA) == list(COMPARISON_DATA_KINDS)
    framework = COMPARISON["properties"]["frameworks"]["items"]
    assert framework["properties"]["data"]["items"]["enum"] == list(DATA)


def test_the_comparison_is_checked_with_the_other_data(capsys):
    from coproduction.cases.__main__ import main

    assert main(["check", "--all"]) == 0
    assert "comparison.yaml: valid (7 frameworks, 9 questions)" in capsys.readouterr().out


def test_a_broken_comparison_fails_the_check_command(broken, capsys):
    from coproduction.cases.__main__ import main

    _edit(broken, "status: reported", "status: reportd")
    assert main(["check", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "nothing was loaded" in err and "'reportd' is not allowed" in err
