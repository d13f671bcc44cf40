"""Parallel pre-execution fills the execution cache the book build reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from jupyter_cache import get_cache

from coproduction.book.build import CACHE, _read, notebooks, preexecute

HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# {title}

```{{code-cell}} ipython3
{code}
```
"""


def _page(root: Path, rel: str, code: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(title=rel, code=code), encoding="utf-8")
    return path


@pytest.fixture
def book(tmp_path: Path) -> Path:
    _page(tmp_path, "chapters/01-a.md", "print(6 * 7)")
    _page(tmp_path, "exercises/chapter-01.md", "import os\nprint(os.path.basename(os.getcwd()))")
    _page(tmp_path, "chapters/02-broken.md", "1 / 0")
    (tmp_path / "front").mkdir()
    (tmp_path / "front" / "prose.md").write_text("# Just prose\n", encoding="utf-8")
    return tmp_path


def test_the_pages_to_run_come_from_the_table_of_contents(book):
    """A page in a new folder runs once it is in _toc.yml: there is no second list."""
    _page(book, "workshops/one.md", "print(1)")
    _page(book, "drafts/unlisted.md", "print(2)")
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: chapters/01-a\nparts:\n  - caption: A\n    chapters:\n"
        "      - file: workshops/one\n      - file: front/prose\n",
        encoding="utf-8",
    )
    assert [p.relative_to(book).as_posix() for p in notebooks(book)] == [
        "chapters/01-a.md",
        "workshops/one.md",
    ]


def test_notebooks_are_executed_once_into_the_cache_the_build_reads(book):
    assert [p.relative_to(book).as_posix() for p in notebooks(book)] == [
        "chapters/01-a.md",
        "chapters/02-broken.md",
        "exercises/chapter-01.md",
    ], "prose pages are not notebooks"
    first = preexecute(book, jobs=2)
    assert sorted(first.executed) == ["chapters/01-a.md", "exercises/chapter-01.md"]
    assert list(first.failed) == ["chapters/02-broken.md"]
    assert "ZeroDivisionError" in first.failed["chapters/02-broken.md"]

    # What myst-nb asks the cache for when it builds the page is found, with outputs.
    cache = get_cache(str(book / CACHE))
    record = cache.match_cache_notebook(_read(book / "chapters/01-a.md"))
    _, merged = cache.merge_match_into_notebook(_read(book / "chapters/01-a.md"))
    outputs = [o for c in merged.cells if c.cell_type == "code" for o in c.outputs]
    assert record is not None and outputs[0]["text"] == "42\n"
    # Each notebook runs in its own folder, as the build runs it.
    _, ex = cache.merge_match_into_notebook(_read(book / "exercises/chapter-01.md"))
    assert [o["text"] for c in ex.cells if c.cell_type == "code" for o in c.outputs] == [
        "exercises\n"
    ]

    second = preexecute(book, jobs=2)
    assert second.executed == {} and sorted(second.cached) == sorted(first.executed)
    assert list(second.failed) == ["chapters/02-broken.md"], "a failure is never cached"


def test_editing_one_notebook_re_executes_only_that_one(book):
    preexecute(book, jobs=2)
    _page(book, "chapters/01-a.md", "print(6 * 9)")
    again = preexecute(book, jobs=2)
    assert list(again.executed) == ["chapters/01-a.md"]
    assert again.cached == ["exercises/chapter-01.md"]


def test_a_change_to_the_data_the_pages_read_clears_the_cache(book):
    data = book / "src" / "coproduction" / "case_data" / "frameworks"
    data.mkdir(parents=True)
    (data / "modes.yaml").write_text("modes: []\n", encoding="utf-8")
    assert not preexecute(book, jobs=1).cleared
    (data / "modes.yaml").write_text("modes: [changed]\n", encoding="utf-8")
    after = preexecute(book, jobs=1)
    assert after.cleared
    assert sorted(after.executed) == ["chapters/01-a.md", "exercises/chapter-01.md"]
