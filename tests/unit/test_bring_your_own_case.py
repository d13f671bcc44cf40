"""Bring your own case: every explorer works unchanged on any case that loads."""

from __future__ import annotations

import importlib
import shutil

import pytest

from coproduction.cases import load_case, load_frameworks
from coproduction.resources import example

MINICASE = example("library-at-home")

# (module in coproduction.widgets, builder) for every explorer that takes a case.
CASE_EXPLORERS = [
    ("typologies", "modes_explorer"),
    ("typologies", "matrix_explorer"),
    ("value", "value_explorer"),
    ("assemblage", "assemblage_explorer"),
    ("ecosystem", "ecosystem_explorer"),
]


def _builder(module: str, name: str):
    return getattr(importlib.import_module(f"coproduction.widgets.{module}"), name)


@pytest.mark.parametrize(("module", "name"), CASE_EXPLORERS)
def test_explorer_runs_on_a_lecturers_own_case(module, name):
    case, fw = load_case(MINICASE), load_frameworks()
    ex = _builder(module, name)(case, fw)
    assert ex.states and ex.current_html.strip()
    seen = set()
    for control in ex.controls:
        for option in control["options"]:
            ex.choose(**{control["id"]: option["value"]})
            assert ex.current_html.strip()
            seen.add(ex.current_html)
    assert "Library at home" in " ".join(seen) or "library" in " ".join(seen).lower(), (
        "the explorer should name the reader's case somewhere"
    )


@pytest.mark.parametrize(("module", "name"), CASE_EXPLORERS)
def test_explorer_explains_rather_than_fails_when_a_case_lacks_its_data(module, name, tmp_path):
    folder = tmp_path / "library-at-home"
    shutil.copytree(MINICASE, folder)
    for extra in ("actors", "interactions", "factors", "assemblage", "values"):
        (folder / f"{extra}.yaml").unlink()
    ex = _builder(module, name)(load_case(folder), load_frameworks())
    assert ex.current_html.strip()
