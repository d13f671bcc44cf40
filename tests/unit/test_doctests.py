"""The examples in the package's docstrings run, and show what they say."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import coproduction

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(coproduction.__path__, prefix="coproduction.")
)


@pytest.mark.parametrize("name", MODULES)
def test_the_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"


def test_there_are_examples_to_run():
    attempted = 0
    for name in MODULES:
        finder = doctest.DocTestFinder()
        attempted += sum(len(t.examples) for t in finder.find(importlib.import_module(name)))
    assert attempted >= 40
