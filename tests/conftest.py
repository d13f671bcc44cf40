"""Shared fixtures: the repository root and one book build per test session."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD_HTML = ROOT / "_build" / "html"


@dataclass(frozen=True)
class BookBuild:
    """The result of ``jupyter-book build`` with warnings as errors."""

    returncode: int
    log: str
    html: Path


def build_book(root: Path = ROOT) -> BookBuild:
    """Build the book exactly as ``make book`` does and return the outcome: execute
    the notebooks in parallel into the cache, build the HTML from it and, where
    ``make lite`` fetched its inputs, the in-browser notebooks."""
    from tests.editions import edition_script

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    log = ""
    for cmd in edition_script().build_commands("instructor", root):
        proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, env=env, timeout=1800)
        log += proc.stdout + proc.stderr
        if proc.returncode != 0:
            break
    return BookBuild(proc.returncode, log, root / "_build" / "html")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def book_build() -> BookBuild:
    """Build the book once per session (execution is cached, so a rebuild is quick)."""
    if not (ROOT / "_vendor" / "VERSIONS.json").is_file():
        pytest.fail("the vendored front end is missing: run 'make vendor' (make test does this)")
    return build_book()


@pytest.fixture(scope="session")
def built_html(book_build: BookBuild) -> Path:
    """The built HTML folder; fails loudly if the build did not succeed."""
    if book_build.returncode != 0:
        tail = "\n".join(book_build.log.splitlines()[-40:])
        pytest.fail(f"the book did not build, so the browser tests cannot run:\n{tail}")
    return book_build.html
