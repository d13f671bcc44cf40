"""A kernel that fails to start is tried again; if it never starts, the notebook is
reported as failed (the book build then runs it) instead of stopping the pre-execution."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from jupyter_cache.executors import utils

from coproduction.book import build

from .test_build_parallel import _page


@pytest.fixture
def page(tmp_path: Path) -> Path:
    return _page(tmp_path, "chapters/01-a.md", "print(6 * 7)")


def _flaky(failures: int, monkeypatch) -> list[int]:
    """Make kernel start-up fail ``failures`` times, then run the notebook for real."""
    real = utils.single_nb_execution
    calls: list[int] = []

    def execution(nb, **kwargs):
        calls.append(1)
        if len(calls) <= failures:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real(nb, **kwargs)

    monkeypatch.setattr(utils, "single_nb_execution", execution)
    return calls


def test_a_kernel_that_died_at_start_up_is_started_again(page, monkeypatch):
    calls = _flaky(build.START_ATTEMPTS - 1, monkeypatch)
    path, text, seconds, error = build._execute(str(page), timeout=60)
    assert error is None and len(calls) == build.START_ATTEMPTS
    cells = nbformat.reads(text, as_version=4).cells
    assert [o["text"] for c in cells for o in c.get("outputs", [])] == ["42\n"]
    assert seconds > 0


def test_a_kernel_that_never_starts_is_a_failed_notebook_not_a_crash(page, monkeypatch):
    calls = _flaky(build.START_ATTEMPTS, monkeypatch)
    path, text, _, error = build._execute(str(page), timeout=60)
    assert len(calls) == build.START_ATTEMPTS
    assert text is None and error == "RuntimeError: Kernel died before replying to kernel_info"
