"""Text in and out of the grader's CSV files: numbers, safe cells, times."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from coproduction.exercises.grading.records import READ_LIMIT
from coproduction.exercises.kinds import number_text

__all__ = [
    "as_json",
    "cell",
    "clip",
    "csv_rows",
    "first_few",
    "number_text",
    "parse_time",
    "read_csv_text",
    "shorten",
    "uncell",
]

_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def cell(text: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    value = "" if text is None else str(text)
    if value and value[0] in "=+-@\t\r" and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def uncell(text: str) -> str:
    text = text.strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def clip(text: str, n: int = 32000) -> str:
    """Spreadsheets hold at most 32,767 characters in a cell."""
    return text if len(text) <= n else text[: n - 30] + " [cut: see the feedback page]"


def as_json(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        return "(an answer nested too deeply to show)"


def shorten(value: Any, n: int = 80) -> str:
    text = as_json(value)
    return text if len(text) <= n else text[: n - 3] + "..."


def first_few(values: Sequence[str], n: int = 5) -> str:
    """The first ``n`` values, comma-separated, and ``...`` when there are more.

    >>> first_few(["a", "b", "c"], 2), first_few(["a"])
    ('a, b, ...', 'a')
    """
    return ", ".join(values[:n]) + (", ..." if len(values) > n else "")


def parse_time(text: Any) -> datetime | None:
    if not isinstance(text, str) or len(text) > 40:
        return None
    value = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    try:  # in UTC, so that any later change of zone cannot leave the calendar
        return when.astimezone(timezone.utc)
    except OverflowError:  # a time at the very end of year 9999 in a zone west of UTC
        return None


def read_csv_text(path: Path) -> str:
    raw = path.read_bytes()[: READ_LIMIT * 4]
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # a spreadsheet's "CSV" on Windows


def csv_rows(text: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if any(c in first for c in ",;\t") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
