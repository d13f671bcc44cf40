"""Every YAML data file the package reads goes through one reader, with one kind of error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coproduction.cases import CaseDataError, load_case
from coproduction.cases.comparison import ComparisonError, load_comparison
from coproduction.datafile import DataFileError
from coproduction.exercises.items import ItemError, load_bank
from coproduction.exercises.sets import load_set

FIRST_LINE = re.compile(r"^.+: (\d+) problems? found; nothing was loaded\.$")
# A duplicate key, which PyYAML alone would overwrite silently: each reader reports it the same
# way (file, line, what to do), with whatever else is wrong in the file.
BROKEN = "id: x\nid: y\n"


def _broken_case(tmp_path: Path) -> None:
    (tmp_path / "case").mkdir()
    (tmp_path / "case" / "case.yaml").write_text(BROKEN, encoding="utf-8")
    load_case(tmp_path / "case")


def _broken_comparison(tmp_path: Path) -> None:
    (tmp_path / "comparison.yaml").write_text(BROKEN, encoding="utf-8")
    load_comparison(tmp_path / "comparison.yaml")


def _broken_bank(tmp_path: Path) -> None:
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "chapter-01.yaml").write_text(BROKEN, encoding="utf-8")
    load_bank(tmp_path / "bank")


def _broken_set(tmp_path: Path) -> None:
    (tmp_path / "set.yaml").write_text(BROKEN, encoding="utf-8")
    load_set(tmp_path / "set.yaml")


@pytest.mark.parametrize(
    ("load", "error", "doc"),
    [
        (_broken_case, CaseDataError, "case_data/README.md"),
        (_broken_comparison, ComparisonError, "case_data/README.md"),
        (_broken_bank, ItemError, "exercises/README.md"),
        (_broken_set, ItemError, "exercises/README.md"),
    ],
    ids=["case", "comparison", "bank", "set"],
)
def test_every_loader_reports_its_problems_the_same_way(tmp_path, load, error, doc):
    with pytest.raises(error) as caught:
        load(tmp_path)
    err = caught.value
    assert isinstance(err, DataFileError)
    lines = str(err).splitlines()
    first = FIRST_LINE.match(lines[0])
    assert first, lines[0]
    assert int(first.group(1)) == len(err.problems) >= 1
    assert lines[-1] == f"The format is described in the package's {doc}." or doc in lines[-1]
    twice = [str(p) for p in err.problems if "key 'id' appears twice" in str(p)]
    assert twice and ", line 2: " in twice[0] and "first at line 1" in twice[0], err.problems
