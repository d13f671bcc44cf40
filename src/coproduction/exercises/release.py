"""The student release of an assessed set: the questions without the key.

:func:`release` writes two files into a folder the lecturer gives to students:

``<set>.json``
    ``{"format": "coproduction-release", "version": 1, "set", "title",
    "fingerprint", "deadline", "late_policy", "instructions", "items"}``, where
    ``late_policy`` is ``"drop"`` or ``"accept"`` and ``items`` holds each
    item's :meth:`~coproduction.exercises.items.Item.public` form: the question and
    its choices, with ordering steps and matching choices shuffled, and nothing from
    which the key can be read. ``fingerprint`` identifies exactly these questions;
    every submission carries it, and the grader checks it.
``<set>.ipynb``
    A notebook for students: the title, the deadline and what happens to late work
    (in words, :func:`~coproduction.exercises.sets.late_policy_words`), the
    instructions, a cell for their student
    ID, a cell that shows the questions with
    :func:`coproduction.exercises.notebook.assessed`, and a closing cell naming the
    file to hand in.

The set's YAML file, which holds the key, is never copied: the lecturer keeps it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import nbformat

from coproduction.exercises.kinds import key_fields
from coproduction.exercises.responses import submission_path
from coproduction.exercises.sets import AssessedSet, deadline_words, late_policy_words, load_set

FORMAT = "coproduction-release"
VERSION = 1


class ReleaseError(ValueError):
    """A release that would not be safe to give students; the message says why."""


def release_data(s: AssessedSet) -> dict[str, Any]:
    """The content of ``<set>.json``.

    Raises :class:`ReleaseError` if an item's public form would carry a field that
    gives the key or feedback away (a kind's ``KEY_FIELDS``).
    """
    items = [it.public() for it in s.items]
    for it, public in zip(s.items, items, strict=True):
        leaks = key_fields(public)
        if leaks:
            raise ReleaseError(
                f"item {it.id} ({it.kind}): its public form holds {', '.join(leaks)}, which "
                "gives the key or feedback away; nothing was written. Its kind's public() "
                "must leave those fields out"
            )
    return {
        "format": FORMAT,
        "version": VERSION,
        "set": s.id,
        "title": s.title,
        "fingerprint": s.fingerprint,
        "deadline": s.deadline.isoformat() if s.deadline else None,
        "late_policy": s.late_policy,
        "instructions": s.instructions,
        "items": items,
    }


def _when(s: AssessedSet) -> str:
    if not s.deadline:
        return ""
    return f"**Deadline:** {deadline_words(s.deadline)}. {late_policy_words(s.late_policy)}\n\n"


def student_notebook(s: AssessedSet, release_name: str) -> nbformat.NotebookNode:
    """The notebook students open; it reads ``release_name`` from its own folder."""
    example = submission_path(".", s.id, "s1234567").name
    pattern = f"{s.id}-<your student ID>.json"
    points = f"{s.max_points:g} point{'s' if s.max_points != 1 else ''}"
    intro = (
        f"# {s.title}\n\n"
        + _when(s)
        + (f"{s.instructions}\n\n" if s.instructions else "")
        + f"There are {len(s.items)} questions worth {points} in all. "
        "When you answer a question, the notebook records your answer with the time in a "
        "file in this folder and says *answer recorded*. It does not tell you whether the "
        "answer is right: your lecturer marks the file after the deadline. You may answer "
        "a question again; the last answer you give to each question is the one that "
        "counts.\n\n"
        "**Keep this notebook in the same folder as the file "
        f"`{release_name}` that came with it.**"
    )
    id_text = (
        "## Your student ID\n\n"
        "Type your student ID between the quotation marks below, exactly as your "
        "university writes it, then run the cell (Shift+Enter). Run the cells in order."
    )
    closing = (
        "## Handing in\n\n"
        f"Your answers are saved in the file `{pattern}` in this folder "
        f"(for student ID s1234567 it is `{example}`; characters other than letters, "
        "digits, `-`, `_` and `.` become `_`). **Hand in that file**, not this notebook, "
        "in the way your lecturer has asked.\n\n"
        "Do not edit the file by hand: the grader notices a file changed after the answers "
        "were recorded. If you worked on more than one computer, hand in the file with "
        "your latest answers and tell your lecturer."
    )
    nb: nbformat.NotebookNode = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell(intro),
        nbformat.v4.new_markdown_cell(id_text),
        nbformat.v4.new_code_cell('STUDENT_ID = ""'),
        nbformat.v4.new_code_cell(
            "from coproduction.exercises.notebook import assessed\n\n"
            f"assessed({json.dumps(release_name)}, student=STUDENT_ID)"
        ),
        nbformat.v4.new_markdown_cell(closing),
    ]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{s.id[:50]}-{i}"
    nbformat.validate(nb)
    return nb


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def release(set_path: str | Path, out_dir: str | Path, bank: Path | None = None) -> list[Path]:
    """Write ``<set>.json`` and ``<set>.ipynb`` for students into ``out_dir``.

    Raises :class:`~coproduction.exercises.items.ItemError` if the set has problems
    (nothing is written then).
    """
    s = load_set(set_path, bank)
    out = Path(out_dir)
    if s.path is not None and out.resolve() == s.path.resolve().parent:
        raise ReleaseError(
            f"{out}: this is the folder of the set file, which holds the key; release into a "
            "separate folder (for example release/) and give students only that folder"
        )
    out.mkdir(parents=True, exist_ok=True)
    json_path = out / f"{s.id}.json"
    nb_path = out / f"{s.id}.ipynb"
    _write(json_path, json.dumps(release_data(s), ensure_ascii=False, indent=1) + "\n")
    _write(nb_path, nbformat.writes(student_notebook(s, json_path.name)) + "\n")
    return [json_path, nb_path]
