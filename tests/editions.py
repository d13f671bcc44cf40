"""The book's editions, for the tests: the edition script and one student build.

The student edition is built once per test session (``scripts/edition.py
student``), whichever test module asks first; it shares the book's execution
cache, so after the main build it executes nothing.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def edition_script() -> ModuleType:
    """``scripts/edition.py`` as a module."""
    path = ROOT / "scripts" / "edition.py"
    spec = importlib.util.spec_from_file_location("edition_script", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class EditionBuild:
    """The outcome of ``scripts/edition.py student``."""

    returncode: int
    log: str
    html: Path
    # Where myst-nb wrote the executed notebooks (beside the HTML).
    executed: Path


@functools.cache
def build_student_edition(root: Path = ROOT) -> EditionBuild:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.run(
        [sys.executable, str(root / "scripts" / "edition.py"), "student", "--root", str(root)],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    html = edition_script().html_folder("student", root)
    return EditionBuild(
        proc.returncode, proc.stdout + proc.stderr, html, html.parent / "jupyter_execute"
    )


def student_edition_html(root: Path = ROOT) -> Path:
    """The student edition's HTML folder; fails the test if the build failed."""
    import pytest

    if not (root / "_vendor" / "VERSIONS.json").is_file():
        pytest.fail("the vendored front end is missing: run 'make vendor' (make test does this)")
    build = build_student_edition(root)
    if build.returncode != 0:
        tail = "\n".join(build.log.splitlines()[-40:])
        pytest.fail(f"the student edition did not build:\n{tail}")
    return build.html


def lecturer_notes(root: Path = ROOT) -> dict[str, list[str]]:
    """The body of every instructor-only block in chapters/*.md, by chapter file."""
    from coproduction.book.sphinx_ext import _is_instructor_only_directive, _markdown_parser

    notes: dict[str, list[str]] = {}
    for page in sorted((root / "chapters").glob("*.md")):
        for token in _markdown_parser().parse(page.read_text(encoding="utf-8")):
            if token.type in ("fence", "colon_fence") and _is_instructor_only_directive(
                token.info, token.content
            ):
                body = "\n".join(
                    line for line in token.content.splitlines() if not line.startswith(":")
                )
                notes.setdefault(page.name, []).append(body)
    return notes


_PLAIN_RUN = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)+")


def distinctive_phrase(body: str) -> str:
    """The longest run of plain words in ``body`` (no markup, quotes or numbers),
    normalised as :func:`normalise` does, so it can be found in any output format."""
    runs = _PLAIN_RUN.findall(body)
    return normalise(max(runs, key=lambda r: len(r.split()))) if runs else ""


def normalise(text: str) -> str:
    """Lower case, HTML entities decoded, everything but letters and digits a space."""
    import html

    return " ".join(re.sub(r"[^a-z0-9]+", " ", html.unescape(text).lower()).split())
