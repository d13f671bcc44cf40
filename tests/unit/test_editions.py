"""Editions without building the book: the student toc and config, cutting notes from
Markdown and notebooks, and the read-time transform on a small Sphinx project."""

from __future__ import annotations

import io
import json
from pathlib import Path

import nbformat
import pytest
import yaml

from coproduction.book.sphinx_ext import (
    drop_source_download,
    strip_instructor_only,
    strip_notebook,
)
from tests.editions import edition_script

TOC = {
    "format": "jb-book",
    "root": "intro",
    "parts": [
        {"caption": "Before you start", "chapters": [{"file": "front/how-to-use"}]},
        {
            "caption": "Part I",
            "numbered": True,
            "chapters": [
                {"file": "chapters/01-public-administration"},
                {
                    "file": "chapters/02-services-management",
                    "sections": [{"file": "lecturers/seminar-02"}, {"file": "chapters/02a"}],
                },
            ],
        },
        {
            "caption": "Back matter",
            "chapters": [
                {"file": "back/glossary"},
                {"file": "back/lecturers-guide.md"},
                {"file": "back/grading"},
            ],
        },
        {
            "caption": "For lecturers",
            "chapters": [{"file": "lecturers/module-outline"}, {"file": "back/marking-notes"}],
        },
        {"caption": "Only lecturers here", "chapters": [{"file": "lecturers/seminar-01"}]},
    ],
}


def test_student_toc_drops_the_lecturers_part_and_pages_wherever_they_are():
    edition = edition_script()
    toc = edition.student_toc(TOC)
    assert [p["caption"] for p in toc["parts"]] == ["Before you start", "Part I", "Back matter"]
    assert edition.toc_pages(toc) == [
        "intro",
        "front/how-to-use",
        "chapters/01-public-administration",
        "chapters/02-services-management",
        "chapters/02a",
        "back/glossary",
    ]
    assert toc["parts"][1]["numbered"] is True, "other settings are kept"
    assert TOC["parts"][2]["chapters"][1] == {"file": "back/lecturers-guide.md"}, "not modified"
    # Every page the student toc drops is one the tests treat as for lecturers only.
    assert set(edition.instructor_only_pages(TOC)) == {
        "lecturers/seminar-02",
        "back/lecturers-guide",
        "back/grading",
        "lecturers/module-outline",
        "back/marking-notes",
        "lecturers/seminar-01",
    }


def test_the_books_own_toc_gives_a_student_toc(root: Path):
    edition = edition_script()
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    pages = edition.toc_pages(edition.student_toc(toc))
    assert "chapters/01-public-administration" in pages and "back/glossary" in pages
    assert not [p for p in pages if edition.is_instructor_page(p)]
    assert not {"back/lecturers-guide", "back/grading"} & set(pages)
    assert "lecturers/coursework" in pages and "lecturers/module-outline" not in pages


@pytest.mark.parametrize(
    ("toc", "message"),
    [
        (["intro"], "not a YAML mapping"),
        ({"parts": []}, "no 'root:'"),
        ({"root": "back/lecturers-guide", "parts": []}, "for lecturers only"),
        ({"root": "intro", "parts": {"caption": "x"}}, "'parts' is not a list"),
        ({"root": "intro", "parts": [{"caption": "A", "chapters": ["x"]}]}, "entry 1"),
    ],
)
def test_a_malformed_toc_is_named_with_the_place_and_the_fix(toc, message):
    edition = edition_script()
    with pytest.raises(edition.EditionError) as err:
        edition.student_toc(toc, "_toc.yml")
    assert str(err.value).startswith("_toc.yml:") and message in str(err.value)


def test_a_toc_entry_that_is_not_a_mapping_says_how_to_write_one():
    edition = edition_script()
    bad = {"root": "intro", "parts": [{"caption": "Part I", "chapters": ["chapters/01"]}]}
    with pytest.raises(edition.EditionError, match=r"'Part I'.*- file: chapters/01"):
        edition.student_toc(bad)


def test_student_config_shares_the_cache_and_never_copies_sources(tmp_path: Path):
    edition = edition_script()
    config = {
        "title": "Book",
        "only_build_toc_files": False,
        "execute": {"execute_notebooks": "cache"},
        "exclude_patterns": ["_build"],
        "sphinx": {
            "extra_extensions": ["coproduction.book.sphinx_ext"],
            "config": {"language": "en"},
        },
    }
    out = edition.student_config(config, tmp_path)
    assert out["only_build_toc_files"] is True
    assert out["execute"] == {
        "execute_notebooks": "cache",
        "cache": str((tmp_path / "_build" / ".jupyter_cache").resolve()),
    }
    assert out["sphinx"]["config"] == {
        "language": "en",
        "coproduction_edition": "student",
        "html_copy_source": False,
    }
    assert out["exclude_patterns"][0] == "_build" and "lecturers/**" in out["exclude_patterns"]
    assert config["sphinx"]["config"] == {"language": "en"}, "the book's config is not modified"


def test_student_config_excludes_every_lecturer_page_but_the_coursework_brief(tmp_path: Path):
    edition = edition_script()
    (tmp_path / "lecturers").mkdir()
    for name in ("coursework.md", "seminar-01.md", "module-outline.md"):
        (tmp_path / "lecturers" / name).write_text("# Page\n")
    config = {"sphinx": {"extra_extensions": ["coproduction.book.sphinx_ext"]}}
    excluded = edition.student_config(config, tmp_path)["exclude_patterns"]
    assert {"lecturers/seminar-01.md", "lecturers/module-outline.md"} <= set(excluded)
    assert not [p for p in excluded if "coursework" in p or p == "lecturers/**"]


def test_the_coursework_brief_moves_to_a_student_part_after_the_exercises():
    edition = edition_script()
    toc = {
        "root": "intro",
        "parts": [
            {"caption": "Exercises", "chapters": [{"file": "exercises/chapter-01"}]},
            {
                "caption": "For lecturers",
                "chapters": [{"file": "lecturers/seminar-01"}, {"file": "lecturers/coursework"}],
            },
            {"caption": "Back matter", "chapters": [{"file": "back/glossary"}]},
        ],
    }
    student = edition.student_toc(toc)
    assert [p["caption"] for p in student["parts"]] == ["Exercises", "Coursework", "Back matter"]
    assert student["parts"][1]["chapters"] == [{"file": "lecturers/coursework"}]
    assert edition.instructor_only_pages(toc) == ["lecturers/seminar-01"]
    assert not edition.is_instructor_page("lecturers/coursework.md")


def test_student_config_needs_the_extension_that_removes_the_notes(tmp_path: Path):
    edition = edition_script()
    with pytest.raises(edition.EditionError, match="add '- coproduction.book.sphinx_ext'"):
        edition.student_config({"sphinx": {"extra_extensions": ["sphinx_design"]}}, tmp_path)


def test_no_build_writes_the_student_files_from_the_books_own(root: Path, tmp_path: Path):
    for name in ("_config.yml", "_toc.yml"):
        (tmp_path / name).write_text((root / name).read_text())
    assert edition_script().main(["student", "--root", str(tmp_path), "--no-build"]) == 0
    folder = tmp_path / "_build" / "editions" / "student"
    config = yaml.safe_load((folder / "_config.yml").read_text())
    toc = yaml.safe_load((folder / "_toc.yml").read_text())
    assert config["sphinx"]["config"]["coproduction_edition"] == "student"
    assert config["title"] == yaml.safe_load((root / "_config.yml").read_text())["title"]
    assert "back/grading" not in edition_script().toc_pages(toc)


def test_bad_toc_file_stops_the_script_with_its_name(tmp_path: Path, capsys):
    (tmp_path / "_config.yml").write_text(
        "sphinx:\n  extra_extensions: [coproduction.book.sphinx_ext]\n"
    )
    (tmp_path / "_toc.yml").write_text("root: intro\nparts: [oops\n")
    assert edition_script().main(["student", "--root", str(tmp_path), "--no-build"]) == 2
    assert "_toc.yml: not valid YAML" in capsys.readouterr().err


# Cutting notes from Markdown ---------------------------------------------------

QUESTIONS = """## Discussion questions

1. First question?

   ```{dropdown} What a good answer covers
   :class-container: instructor-only
   Secret one.
   ```

2. Second question?

   ```{dropdown} Hint
   Keep this hint.
   ```

:::{container} instructor-only
Secret two, with a [link](../lecturers/seminar-01.md).
:::

::::{note}
Kept note.

```{admonition} Marking
:class: tip instructor-only
Secret three.
```
::::

````{dropdown} Fenced inside
---
class-container: [instructor-only]
---
```python
secret_four = 4
```
````

:::{container} other-class
Kept container.
:::
"""


def test_instructor_only_blocks_are_cut_and_everything_else_kept():
    out = strip_instructor_only(QUESTIONS)
    for secret in ("Secret one", "Secret two", "Secret three", "secret_four", "instructor-only"):
        assert secret not in out
    for kept in (
        "1. First question?",
        "2. Second question?",
        "Keep this hint.",
        "Kept note.",
        "::::",
        "Kept container.",
        ":::{container} other-class",
    ):
        assert kept in out
    assert strip_instructor_only(out) == out
    assert strip_instructor_only("No notes here.\n") == "No notes here.\n"


def test_strip_notebook_cuts_notes_from_markdown_cells_only(tmp_path: Path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(QUESTIONS),
        nbformat.v4.new_markdown_cell(":::{container} instructor-only\nOnly a secret.\n:::\n"),
        nbformat.v4.new_code_cell("print('instructor-only stays in code')"),
    ]
    path = tmp_path / "page.ipynb"
    nbformat.write(nb, path)
    assert strip_notebook(path) is True
    out = nbformat.read(path, as_version=4)
    nbformat.validate(out)
    assert [c.cell_type for c in out.cells] == ["markdown", "code"], "an emptied cell goes"
    assert "Secret one" not in out.cells[0].source and "Kept note." in out.cells[0].source
    assert strip_notebook(path) is False


def test_without_copied_sources_the_download_menu_has_no_source_link():
    def menu():
        return [
            {
                "label": "download-buttons",
                "buttons": [
                    {"label": "download-notebook-button"},
                    {"label": "download-source-button"},
                ],
            }
        ]

    context = {"sourcename": "", "header_buttons": menu()}
    drop_source_download(context)
    labels = [b["label"] for b in context["header_buttons"][0]["buttons"]]
    assert labels == ["download-notebook-button"]
    context = {"sourcename": "intro.md", "header_buttons": menu()}
    drop_source_download(context)
    assert len(context["header_buttons"][0]["buttons"]) == 2


# The transform, on a small Sphinx project ---------------------------------------

PAGE = """# A page

Visible text.

```{dropdown} What a good answer covers
:class-container: instructor-only
Zebrafish answer, see {doc}`missing-lecturer-page`.
```

:::{container} instructor-only
Quokka sentence about [the guide](missing-guide.md).
:::

```{admonition} Marking
:class: instructor-only
Narwhal marking note.
```
"""


def _sphinx_build(tmp_path: Path, **overrides) -> tuple[Path, str]:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinx_design', 'coproduction.book.sphinx_ext']\n"
        "myst_enable_extensions = ['colon_fence']\n"
    )
    (src / "index.md").write_text(PAGE)
    out, warnings = tmp_path / "html", io.StringIO()
    with docutils_namespace():
        app = Sphinx(
            str(src),
            str(src),
            str(out),
            str(tmp_path / "doctrees"),
            "html",
            confoverrides=overrides,
            status=None,
            warning=warnings,
            freshenv=True,
        )
        app.build()
    return out, warnings.getvalue()


def _search_terms(out: Path) -> set[str]:
    text = (out / "searchindex.js").read_text()
    return set(json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"])


def test_student_edition_removes_marked_passages_before_links_are_resolved(tmp_path: Path):
    out, warnings = _sphinx_build(tmp_path, coproduction_edition="student")
    assert warnings == "", "links inside removed notes must not be resolved"
    html = (out / "index.html").read_text()
    assert "Visible text." in html
    for secret in ("Zebrafish", "Quokka", "Narwhal", "What a good answer covers"):
        assert secret not in html
    terms = _search_terms(out)
    assert "visibl" in terms and not {"zebrafish", "quokka", "narwhal"} & terms
    assert not (out / "_sources").exists(), "the student edition copies no page source"


def test_instructor_edition_keeps_marked_passages(tmp_path: Path):
    out, warnings = _sphinx_build(tmp_path)
    html = (out / "index.html").read_text()
    for text in ("Zebrafish", "Quokka", "Narwhal"):
        assert text in html
    assert "missing-lecturer-page" in warnings, "the same link breaks when the note is kept"
    assert {"zebrafish", "quokka", "narwhal"} <= _search_terms(out)
    assert (out / "_sources" / "index.md.txt").is_file()


def test_an_unknown_edition_is_a_clear_config_error(tmp_path: Path):
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match="coproduction_edition is 'teacher'.*'student'"):
        _sphinx_build(tmp_path, coproduction_edition="teacher")


def test_a_notebook_taken_from_the_cache_gets_its_cached_outputs(tmp_path: Path):
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    from coproduction.book.sphinx_ext import fill_outputs_from_cache

    def notebook(outputs):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("# Page"), nbformat.v4.new_code_cell("1 + 1")]
        nb.cells[1].outputs = outputs
        return nb

    executed_nb = notebook([nbformat.v4.new_output("execute_result", {"text/plain": "2"})])
    cache = tmp_path / "cache"
    get_cache(str(cache)).cache_notebook_bundle(
        CacheBundleIn(executed_nb, "page.md"), check_validity=False
    )
    folder = tmp_path / "jupyter_execute"
    folder.mkdir()
    nbformat.write(notebook([]), folder / "page.ipynb")
    other = nbformat.v4.new_notebook()
    other.cells = [nbformat.v4.new_code_cell("2 + 2")]
    nbformat.write(other, folder / "uncached.ipynb")

    assert fill_outputs_from_cache(folder, cache) == [folder / "page.ipynb"]
    filled = nbformat.read(folder / "page.ipynb", as_version=4)
    assert filled.cells[1].outputs[0]["data"]["text/plain"] == "2"
    assert filled.cells[0].source == "# Page"
    assert not nbformat.read(folder / "uncached.ipynb", as_version=4).cells[0].outputs
