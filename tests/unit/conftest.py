"""Fixtures shared by the unit tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coproduction import schema_validation
from coproduction.cases import data_dir, load_frameworks, loader
from coproduction.exercises import items as bank_items


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


def _backends() -> list:
    """jsonschema-rs where it is installed, and always the pure-Python fallback."""
    params = [pytest.param(schema_validation.PYTHON, id="jsonschema")]
    try:
        import jsonschema_rs  # noqa: F401
    except ImportError:
        return params
    return [pytest.param(schema_validation.RUST, id="jsonschema-rs"), *params]


@pytest.fixture(params=_backends())
def schema_backend(request, monkeypatch) -> str:
    """Runs a test once with each JSON Schema backend (jsonschema-rs and the pure-Python
    fallback used where it has no build), with the loaders' caches emptied so that every
    file is validated again by that backend."""
    monkeypatch.setattr(schema_validation, "BACKEND", request.param)
    caches = (loader._load_frameworks_cached, loader._load_case_cached, bank_items._load_cached)
    for cache in caches:
        cache.cache_clear()
    yield request.param
    for cache in caches:
        cache.cache_clear()
