"""Submission files: one plain JSON file per student and set, appended atomically.

Format (version 1)::

    {"format": "coproduction-submission", "version": 1,
     "set": "week-3", "fingerprint": "<sha256 of the released items>",
     "student": "s1234567",
     "responses": [
        {"item": "ch3-modes", "attempt": 1, "timestamp": "2026-11-23T10:04:05+00:00",
         "answer": "c", "chain": "9f2c..."}]}

Every answer is appended, never overwritten, so a later attempt does not erase an
earlier one. Writing goes to a temporary file in the same folder, which is flushed
to disk and then renamed over the old file: a crash leaves either the old file or
the new one, never half of either. A file that does not read as a submission is
never overwritten; the error says so and how to recover.

``chain`` links each response to the one before it (a SHA-256 over the previous
link and the response). It lets the grader notice a file edited by hand after the
fact (an answer or time changed, a response deleted or inserted). Each response is
checked against the link stored in the one before it (:func:`unlinked`), so an
edited answer voids that answer alone, not every answer after it. It is a check
against accidents and casual edits, not a cryptographic guarantee: the method is
public.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from coproduction.exercises.filenames import safe_stem

FORMAT = "coproduction-submission"
VERSION = 1


class SubmissionError(ValueError):
    """A submission file that cannot be read or written; the message says why and what to do."""


def link(previous: str, meta: Mapping[str, str], response: Mapping[str, Any]) -> str:
    """The chain value of one response, given the previous one ('' for the first)."""
    body = {k: response[k] for k in ("item", "attempt", "timestamp", "answer")}
    blob = json.dumps(
        [previous, meta["set"], meta["fingerprint"], meta["student"], body],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def submission_path(folder: str | os.PathLike[str], set_id: str, student: str) -> Path:
    """Where a student's submission for a set lives: ``<folder>/<set>-<student>.json``.

    The student id is made safe for a file name and at most 100 bytes long
    (:func:`~coproduction.exercises.filenames.safe_stem`); the id itself is kept
    inside the file.
    """
    return Path(folder) / f"{set_id}-{safe_stem(student)}.json"


#: The largest submission file read, in bytes (a real one is a few kilobytes).
READ_LIMIT = 5 * 1024 * 1024


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def read(path: Path) -> dict[str, Any]:
    """A submission file as data (raises :class:`SubmissionError` if it is not one)."""
    try:
        with open(path, "rb") as f:
            raw = f.read(READ_LIMIT + 1)
        if len(raw) > READ_LIMIT:
            raise ValueError(f"over {READ_LIMIT // (1024 * 1024)} MB, far larger than a submission")
        data = json.loads(raw.decode("utf-8-sig"), parse_constant=_no_constant)
    except (OSError, UnicodeDecodeError, RecursionError, ValueError) as err:
        raise SubmissionError(
            f"{path.name} cannot be read as a submission ({err}). It has not been changed; "
            "rename it to keep it, and answering again will start a new file."
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SubmissionError(f"{path.name} is not a submission file of this book")
    if not isinstance(data.get("responses"), list):
        raise SubmissionError(f"{path.name} has no list of responses")
    return data


def _write_atomic(path: Path, data: Mapping[str, Any]) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable where the platform allows it
        dfd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def record(
    path: str | os.PathLike[str],
    *,
    set_id: str,
    fingerprint: str,
    student: str,
    item: str,
    answer: Any,
    now: datetime | None = None,
) -> int:
    """Append one answer to a student's submission file; return its attempt number."""
    path = Path(path)
    try:
        json.dumps(answer, allow_nan=False)
    except (TypeError, ValueError) as err:
        raise SubmissionError(f"item {item}: the answer is not plain JSON data ({err})") from None
    meta = {"set": set_id, "fingerprint": fingerprint, "student": student}
    if path.exists():
        data = read(path)
        for key, value in meta.items():
            if data.get(key) != value:
                raise SubmissionError(
                    f"{path.name} belongs to {key} {data.get(key)!r}, not {value!r}; "
                    "use a different file name"
                )
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"format": FORMAT, "version": VERSION, **meta, "responses": []}
    responses = data["responses"]
    attempt = 1 + sum(1 for r in responses if isinstance(r, dict) and r.get("item") == item)
    stamp = (
        (now or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat(timespec="seconds")
    )
    response = {"item": item, "attempt": attempt, "timestamp": stamp, "answer": answer}
    previous = (
        responses[-1].get("chain", "") if responses and isinstance(responses[-1], dict) else ""
    )
    response["chain"] = link(previous, meta, response)
    responses.append(response)
    _write_atomic(path, data)
    return attempt


def unlinked(data: Mapping[str, Any]) -> list[int]:
    """The indexes of the responses whose ``chain`` does not match their content and
    the link stored in the response before them (empty if every one matches).

    An answer or time edited by hand breaks that response only; a response removed
    (or inserted) breaks the one after the gap (and an inserted one itself). The
    responses that still match are trustworthy on their own, so they can count.
    """
    meta = {k: str(data.get(k)) for k in ("set", "fingerprint", "student")}
    broken = []
    previous = ""
    for i, r in enumerate(data.get("responses", [])):
        try:
            expected = link(previous, meta, r)
        except (KeyError, TypeError, AttributeError):
            expected = None
        stored = r.get("chain") if isinstance(r, dict) else None
        if stored != expected:
            broken.append(i)
        previous = stored if isinstance(stored, str) else ""
    return broken


def verify_chain(data: Mapping[str, Any]) -> int | None:
    """The index of the first response that does not match its chain, or None."""
    broken = unlinked(data)
    return broken[0] if broken else None
