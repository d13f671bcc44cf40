"""Fixtures shared by the unit tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coproduction.cases import data_dir, load_frameworks


@pytest.fixture(scope="session")
def fw():
    """The book's frameworks, loaded once."""
    return load_frameworks()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the whole data folder (frameworks and cases) to break."""
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target
