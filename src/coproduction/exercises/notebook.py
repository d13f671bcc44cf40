"""What the book's pages and a released notebook call to show questions.

* :func:`self_check` -- a chapter's self-check (practice mode);
* :func:`exercise_set` -- every item of a bank file, numbered (practice mode), for
  the exercise pages;
* :func:`formative_check` and :func:`answer_key` -- a few chosen items for a
  seminar, and the lecturer's key to them in words;
* :func:`assessed` -- a student release of an assessed set: no key, and each answer
  is saved to the student's submission file when it is submitted.

A student release is a JSON file written by :mod:`coproduction.exercises.release`::

    {"format": "coproduction-release", "version": 1, "set": "week-3",
     "title": "...", "fingerprint": "<sha256>", "deadline": "2026-12-04T17:00:00+00:00" or null,
     "late_policy": "drop" or "accept", "instructions": "...", "items": [<item.public()>, ...]}

``late_policy`` is missing from a release written before it was added; the header
then says nothing about late work.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from coproduction.display import HTMLText
from coproduction.exercises import responses
from coproduction.exercises.items import load_items, self_check_ids
from coproduction.exercises.kinds import KINDS, key_fields, shuffled, validate_shape
from coproduction.exercises.schema import LATE_POLICIES
from coproduction.exercises.sets import deadline_words, late_policy_words
from coproduction.exercises.widget import ItemWidget

__all__ = [
    "Release",
    "ReleaseError",
    "answer_key",
    "assessed",
    "exercise_set",
    "formative_check",
    "read_release",
    "self_check",
    "validate_shape",
]

# The format coproduction.exercises.release writes (not imported from there: it
# pulls in nbformat, which would slow every page that shows a self-check).
RELEASE_FORMAT = "coproduction-release"
RELEASE_VERSION = 1


class ReleaseError(ValueError):
    """A student release that cannot be used; the message names the file and the fix."""


# Practice ------------------------------------------------------------------------


def self_check(name: str, bank: Path | None = None) -> widgets.VBox:
    """A chapter's self-check: the bank file's ``self_check`` items, else all of them.

    >>> box = self_check("chapter-01")  # doctest: +SKIP
    """
    by_id = {it.id: it for it in load_items(name, bank)}
    ids = self_check_ids(name, bank)
    return widgets.VBox([ItemWidget(by_id[i], number=n) for n, i in enumerate(ids, 1)])


def exercise_set(name: str, bank: Path | None = None) -> widgets.VBox:
    """Every item of a bank file, numbered, in practice mode (an exercise page)."""
    items = load_items(name, bank)
    return widgets.VBox([ItemWidget(it, number=n) for n, it in enumerate(items, 1)])


def _chosen(name: str, ids: Sequence[str], bank: Path | None) -> list[Any]:
    by_id = {it.id: it for it in load_items(name, bank)}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise KeyError(f"{name}.yaml has no item(s) {missing}; its items: {sorted(by_id)}")
    return [by_id[i] for i in ids]


def formative_check(name: str, ids: Sequence[str], bank: Path | None = None) -> widgets.VBox:
    """A few chosen items of a bank file, numbered, in practice mode (a seminar's quiz)."""
    items = _chosen(name, ids, bank)
    return widgets.VBox([ItemWidget(it, number=n) for n, it in enumerate(items, 1)])


def answer_key(name: str, ids: Sequence[str], bank: Path | None = None) -> HTMLText:
    """A lecturer's key to chosen items: the answer in words, why, and the item's note
    (where it rests on the book's own reading), as a table."""
    rows = []
    for n, it in enumerate(_chosen(name, ids, bank), 1):
        why = ""
        if it.auto:
            why = html.escape(" ".join(it.check(it.key()).feedback[:1]))
        if it.note:
            why += f"<p class='cp-key-note'><em>Note:</em> {html.escape(it.note)}</p>"
        rows.append(
            f"<tr><td>{n}</td><td>{html.escape(it.prompt)}</td>"
            f"<td>{it.key_in_words()}</td><td>{why}</td></tr>"
        )
    return HTMLText(
        '<table class="cp-answer-key"><caption>Answer key (for the lecturer)</caption>'
        '<thead><tr><th scope="col">No.</th><th scope="col">Question</th>'
        '<th scope="col">Answer</th><th scope="col">Why</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


# Assessed ------------------------------------------------------------------------


@dataclass(frozen=True)
class Release:
    """A student release of an assessed set, as read from its JSON file."""

    path: Path
    set_id: str
    title: str
    fingerprint: str
    deadline: str | None
    instructions: str
    items: tuple[dict[str, Any], ...]
    late_policy: str | None = None


def _item_problems(items: list[Any]) -> list[str]:
    """What is wrong with a release's questions: ids, kinds, fields, a leaked key."""
    problems = []
    seen: set[str] = set()
    for i, it in enumerate(items, 1):
        where = f"items[{i - 1}]"
        if not isinstance(it, dict):
            problems.append(f"{where}: expected a question (a mapping)")
            continue
        iid, kind = it.get("id"), it.get("kind")
        where += f" (id '{iid}')" if iid else ""
        if not isinstance(iid, str) or not iid:
            problems.append(f"{where}: field 'id' missing")
        elif iid in seen:
            problems.append(f"{where}: id repeats")
        seen.add(str(iid))
        if not isinstance(kind, str) or kind not in KINDS:
            problems.append(f"{where}: field 'kind' is {kind!r}; expected one of {list(KINDS)}")
            continue
        for key in ("prompt", *KINDS[kind].PUBLIC_FIELDS):
            if key not in it:
                problems.append(f"{where}: field '{key}' missing")
        leaks = key_fields(it)
        if leaks:
            problems.append(
                f"{where}: holds {', '.join(leaks)}, which a student release must not "
                "(the key or feedback); the lecturer should release the set again"
            )
    return problems


def read_release(path: str | os.PathLike[str]) -> Release:
    """Read and check a student release; :class:`ReleaseError` lists every problem."""
    path = Path(path)
    name = path.name
    again = "ask your lecturer for the release file again"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReleaseError(
            f"{path}: no such file; give the path of the release file your lecturer shared "
            "(for example assessed('week-3.json', student='s1234567'))"
        ) from None
    except (OSError, UnicodeDecodeError) as err:
        raise ReleaseError(f"{name}: cannot be read ({err}); {again}") from None
    except json.JSONDecodeError as err:
        raise ReleaseError(
            f"{name}, line {err.lineno}: not valid JSON ({err.msg}); {again}"
        ) from None
    if not isinstance(data, dict) or data.get("format") != RELEASE_FORMAT:
        raise ReleaseError(
            f'{name}: not a student release of this book (expected "format": '
            f'"{RELEASE_FORMAT}"); check that you opened the release file, not a submission '
            "or the lecturer's set"
        )
    if data.get("version") != RELEASE_VERSION:
        raise ReleaseError(
            f"{name}: release format version {data.get('version')!r}; this copy of the "
            f"package reads version {RELEASE_VERSION}. Update the coproduction package."
        )
    problems = []
    for key in ("set", "title", "fingerprint"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.append(f"field '{key}': missing or empty")
    for key in ("deadline", "instructions"):
        if data.get(key) is not None and not isinstance(data[key], str):
            problems.append(f"field '{key}': expected text or null")
    if data.get("late_policy") not in (None, *LATE_POLICIES):
        problems.append(f"field 'late_policy': expected one of {list(LATE_POLICIES)} or null")
    items = data.get("items")
    if not isinstance(items, list) or not items:
        problems.append("field 'items': expected a non-empty list of questions")
        items = []
    problems += _item_problems(items)
    if problems:
        lines = "\n".join(f"  - {p}" for p in problems)
        raise ReleaseError(f"{name}: {len(problems)} problem(s); {again}.\n{lines}")
    return Release(
        path,
        data["set"],
        data["title"],
        data["fingerprint"],
        data.get("deadline"),
        data.get("instructions") or "",
        tuple(items),
        data.get("late_policy"),
    )


def _recorder(
    release: Release, student: str, where: Path
) -> Callable[[str, Any], tuple[int, datetime]]:
    by_id = {it["id"]: it for it in release.items}

    def record(item_id: str, answer: Any) -> tuple[int, datetime]:
        validate_shape(by_id[item_id], answer)
        now = datetime.now(timezone.utc)
        attempt = responses.record(
            where,
            set_id=release.set_id,
            fingerprint=release.fingerprint,
            student=student,
            item=item_id,
            answer=answer,
            now=now,
        )
        return attempt, now

    return record


def _deadline(text: str | None) -> str:
    if not text:
        return "No deadline is set."
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return f"Deadline: {text}."
    return f"Deadline: {deadline_words(when)}."


def assessed(
    release_path: str | os.PathLike[str],
    student: str,
    folder: str | os.PathLike[str] | None = None,
) -> widgets.VBox:
    """An assessed set for one student: a header, then one question per item.

    Each *Submit answer* appends the answer, with its time and attempt number, to
    ``<folder>/<set>-<student>.json`` (``folder`` defaults to the working folder);
    the student hands that file in. Nothing shown holds the key.
    """
    if not isinstance(student, str) or not student.strip():
        raise ValueError(
            "assessed(): the student ID is empty, so answers could not be saved under your "
            'name. Type your ID between the quotation marks of STUDENT_ID = "" and run the '
            "cells again (or pass it: assessed('week-3.json', student='s1234567'))."
        )
    student = student.strip()
    release = read_release(release_path)
    where = responses.submission_path(Path(folder or Path.cwd()), release.set_id, student)
    record = _recorder(release, student, where)
    esc = html.escape
    deadline = _deadline(release.deadline)
    if release.deadline and release.late_policy:
        deadline += " " + late_policy_words(release.late_policy)
    parts = [
        f"<p class='cpi-set-title'><strong>{esc(release.title)}</strong></p>",
        f"<p>{esc(deadline)}</p>",
    ]
    if release.instructions:
        parts.append(f"<p>{esc(release.instructions)}</p>")
    parts.append(
        f"<p>Student: <code>{esc(student)}</code>. Each answer you submit is saved, with "
        f"the time, to <code>{esc(str(where))}</code>. You may submit again; every attempt "
        "is kept. Hand in that file when you have finished.</p>"
    )
    header = widgets.HTML("\n".join(parts))
    # Options in an order of this student's own, the same each time the notebook runs.
    seed = f"{release.set_id}:{student}"
    questions = [
        ItemWidget(shuffled(it, seed), mode="assessed", number=n, recorder=record)
        for n, it in enumerate(release.items, 1)
    ]
    return widgets.VBox([header, *questions])
