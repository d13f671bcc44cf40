"""A spell check over the book's prose and data, with a project word list.

codespell looks for common misspellings (it does not flag British spellings);
words it would wrongly flag go in `.codespell-words`, one per line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROSE = [
    "intro.md",
    "front",
    "chapters",
    "back",
    "exercises",
    "lecturers",
    "src/coproduction/case_data",
    "src/coproduction/exercises/bank",
    "src/coproduction/examples",
    "src/coproduction/exercises/README.md",
    "README.md",
]


def _codespell(root: Path, *paths: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("codespell")
    return subprocess.run(
        [str(exe), "--ignore-words", str(root / ".codespell-words"), *paths],
        cwd=root,
        capture_output=True,
        text=True,
    )


def test_the_prose_has_no_common_misspellings(root):
    result = _codespell(root, *PROSE)
    assert result.returncode == 0, (
        "misspellings (fix them, or add real words to .codespell-words):\n" + result.stdout
    )


def test_the_check_catches_a_misspelling(root, tmp_path):
    (tmp_path / "page.md").write_text("Users recieve the service seperately.\n")
    result = _codespell(root, str(tmp_path / "page.md"))
    assert result.returncode != 0 and "recieve" in result.stdout and "seperately" in result.stdout
