"""Assessed sets: the questions a lecturer gives a class, with the key kept private.

A set is one YAML file (documented in the package's ``exercises/README.md`` and checked against
:data:`coproduction.exercises.schema.ASSESSED_SET`)::

    set: week-3                          # id: lower-case letters, digits, hyphens
    title: Week 3 quiz
    deadline: 2026-11-30T17:00:00+00:00  # optional; ISO 8601 with a time zone
    late_policy: drop                    # optional: drop (the default) or accept
    instructions: Answer every question. # optional
    decimals: 2                          # optional; places for points in grades (0-4)
    include: [chapter-03/ch3-enhanced-aim]   # items drawn from the bank
    items: [...]                         # and/or items written in the bank's format

Items appear in the order of the file: if ``include`` comes before ``items``, the
included items come first. The file holds the key, so the lecturer keeps it private
and gives students only the release (:mod:`coproduction.exercises.release`).

``late_policy`` says what happens to work handed in or answered after the deadline:
``drop`` (not counted; the default when the set does not say) or ``accept`` (counted
and flagged). The release tells students which, in words (:func:`late_policy_words`),
and the grader follows it unless ``--late-policy`` overrides it.

Every problem is reported at once with file, line, item and field, using the same
reader and checker as the bank (:func:`coproduction.exercises.items.parse_items`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import Any

from coproduction.datafile import Problem, Reader
from coproduction.exercises import schema
from coproduction.exercises.items import Item, ItemError, find_item, items_digest, parse_items

_REF = re.compile(r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$")

#: The late policy of a set that does not state one: late work is not counted.
DEFAULT_LATE_POLICY = schema.LATE_POLICIES[0]

#: What each late policy means, for the lecturer (``check``, the grader's summary).
LATE_POLICY_MEANING = {
    "drop": "late work not counted",
    "accept": "late work counted and flagged",
}


def late_policy_words(policy: str) -> str:
    """What a late policy means for a student, in words (the release states it)."""
    both = (
        "Both the time your file is handed in and the times recorded with your answers are checked."
    )
    if policy == "accept":
        return (
            "Late work is accepted but marked as late: answers recorded after the deadline, "
            "and a file handed in after it, still count, and your lecturer sees that they were "
            f"late. {both}"
        )
    return (
        "Late work is not counted: an answer recorded after the deadline does not count "
        "(your last answer before it does), and if you hand in your file after the deadline, "
        f"none of its answers count. {both}"
    )


@dataclass(frozen=True)
class AssessedSet:
    """A loaded set: its items hold the key, so this never goes to students."""

    id: str
    title: str
    items: tuple[Item, ...]
    deadline: datetime | None = None
    instructions: str | None = None
    path: Path | None = None
    #: Decimal places for points, totals and percentages in the grader's files and pages.
    decimals: int = 2
    #: ``"drop"`` or ``"accept"`` (:data:`~coproduction.exercises.schema.LATE_POLICIES`).
    late_policy: str = DEFAULT_LATE_POLICY
    #: Whether the set's file states the policy (False: the default applies).
    late_policy_stated: bool = False

    @cached_property
    def fingerprint(self) -> str:
        """:func:`~coproduction.exercises.items.items_digest` of the released items."""
        return items_digest(self.items)

    @property
    def max_points(self) -> float:
        return sum(it.max_points for it in self.items)

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(f"set {self.id} has no item {item_id!r}")


def parse_deadline(text: str) -> datetime:
    """An ISO 8601 date and time with a time zone (``Z`` is accepted for UTC).

    Raises ``ValueError`` with a message that shows the expected form.
    """
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{text!r} is not an ISO 8601 date and time; write it like 2026-11-30T17:00:00+00:00"
        ) from None
    if when.tzinfo is None or when.utcoffset() is None:
        if "T" not in value and " " not in value:
            value += "T23:59:00"
        raise ValueError(
            f"{text!r} has no time zone, so it is ambiguous; write for example "
            f"{value}+00:00 (UTC) or {value}+01:00"
        )
    return when


def deadline_words(when: datetime) -> str:
    """A deadline as students read it, the same in the notebook's introduction and above
    the questions: in its own time zone, with the UTC time beside it when that differs.

    >>> deadline_words(parse_deadline("2026-12-04T17:00:00+00:00"))
    'Friday 04 December 2026, 17:00 UTC'
    >>> deadline_words(parse_deadline("2026-12-04T17:00:00+01:00"))
    'Friday 04 December 2026, 17:00 (UTC+01:00; 16:00 UTC)'
    >>> deadline_words(parse_deadline("2026-12-05T00:30:00+01:00"))
    'Saturday 05 December 2026, 00:30 (UTC+01:00; 23:30 UTC on Friday 04 December)'
    """
    shown = f"{when:%A %d %B %Y, %H:%M}"
    offset = when.utcoffset()
    if offset is None:
        return shown
    if not offset:
        return f"{shown} UTC"
    text = when.strftime("%z")
    utc = when.astimezone(timezone.utc)
    other_day = f" on {utc:%A %d %B}" if utc.date() != when.date() else ""
    return f"{shown} (UTC{text[:3]}:{text[3:]}; {utc:%H:%M} UTC{other_day})"


def _dates_as_text(node: Any) -> Any:
    """YAML reads an unquoted ``2026-11-30T17:00:00+00:00`` as a date; keep it as text."""
    if isinstance(node, dict):
        return {k: _dates_as_text(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_dates_as_text(v) for v in node]
    if isinstance(node, datetime | date):
        return node.isoformat()
    return node


def _explain_include(p: Problem) -> Problem:
    if (p.record or "").startswith("include[") and "actor-id/goal-id" in p.message:
        shown = p.message.split(" should be")[0]
        return replace(
            p,
            message=f"{shown} is not a bank reference; write chapter-NN/item-id, "
            "for example chapter-03/ch3-enhanced-aim",
        )
    return p


def load_set(path: str | Path, bank: Path | None = None) -> AssessedSet:
    """Load and check an assessed set.

    Parameters
    ----------
    path:
        The set's YAML file.
    bank:
        The bank folder that ``include`` entries are drawn from (by default the
        book's ``exercises/bank``).

    Raises
    ------
    ItemError
        Listing every problem found, each with file, line, item and field.
    """
    path = Path(path)
    if not path.is_file():
        raise ItemError(str(path), [f"no such file: {path}"])
    name = path.name
    reader = Reader(path.resolve().parent)
    data = reader.read(name, required=True)
    if data is None:
        raise ItemError(reader.rel(name), reader.problems)
    data = _dates_as_text(data)
    reader.validate(name, data, schema.ASSESSED_SET)
    reader.problems = [_explain_include(p) for p in reader.problems]

    deadline = None
    if isinstance(data.get("deadline"), str):
        try:
            deadline = parse_deadline(data["deadline"])
        except ValueError as err:
            reader.add(name, str(err), ("deadline",), data)

    seen: dict[str, str] = {}
    included: list[Item] = []
    refs = data.get("include")
    if isinstance(refs, list):
        first: dict[str, int] = {}
        for i, ref in enumerate(refs):
            if not isinstance(ref, str) or not _REF.match(ref):
                continue  # the schema has reported it
            if ref in first:
                reader.add(
                    name,
                    f"{ref} is included twice (also include[{first[ref]}])",
                    ("include", i),
                    data,
                )
                continue
            first[ref] = i
            try:
                item = find_item(ref, bank)
            except ItemError as err:
                detail = "; ".join(str(p) for p in err.problems[:3])
                reader.add(
                    name,
                    f"cannot include {ref}: {detail}"
                    + (
                        " (run `coproduction-exercises check` for all)"
                        if len(err.problems) > 3
                        else ""
                    ),
                    ("include", i),
                    data,
                )
                continue
            except KeyError as err:
                reader.add(name, f"cannot include {ref}: {err.args[0]}", ("include", i), data)
                continue
            if item.id in seen:
                reader.add(
                    name,
                    f"item id {item.id!r} is already used in {seen[item.id]}; ids must be unique",
                    ("include", i),
                    data,
                )
                continue
            seen[item.id] = f"include[{i}] ({ref})"
            included.append(item)

    # The item checks run on the items the schema accepted (parse_items skips the others).
    inline = parse_items(reader, name, data, seen)
    if reader.problems:
        raise ItemError(reader.rel(name), reader.problems)

    order = [k for k in data if k in ("include", "items")]
    items = (included + inline) if order[:1] != ["items"] else (inline + included)
    if not items:
        reader.add(
            name,
            "the set has no items: add `include: [chapter-03/item-id]` to draw items from the "
            "bank, or `items:` written in the bank's format",
        )
        raise ItemError(reader.rel(name), reader.problems)

    instructions = data.get("instructions")
    policy = data.get("late_policy")
    return AssessedSet(
        id=data["set"],
        title=data["title"].strip(),
        items=tuple(items),
        deadline=deadline,
        instructions=instructions.strip() if isinstance(instructions, str) else None,
        path=path,
        decimals=data.get("decimals", 2),
        late_policy=policy if isinstance(policy, str) else DEFAULT_LATE_POLICY,
        late_policy_stated=isinstance(policy, str),
    )


def describe(s: AssessedSet) -> str:
    """One line about a set, for the command line: its items, points, deadline and
    late policy."""
    kinds: dict[str, int] = {}
    for it in s.items:
        kinds[it.kind] = kinds.get(it.kind, 0) + 1
    shown = ", ".join(f"{n} {k}" for k, n in kinds.items())
    line = f"{s.id}: valid ({len(s.items)} items: {shown}; {s.max_points:g} points"
    return f"{line}; {deadline_and_policy(s)})"


def deadline_and_policy(s: AssessedSet, deadline: datetime | None = None) -> str:
    """The deadline (``deadline`` if given, else the set's) and the late policy, in words."""
    deadline = deadline or s.deadline
    if deadline is None:
        return "no deadline, so nothing is late"
    where = "stated in the set" if s.late_policy_stated else "the default: the set does not say"
    return (
        f"deadline {deadline.isoformat()}; late_policy {s.late_policy} "
        f"({LATE_POLICY_MEANING[s.late_policy]}; {where})"
    )


__all__ = [
    "DEFAULT_LATE_POLICY",
    "LATE_POLICY_MEANING",
    "AssessedSet",
    "deadline_and_policy",
    "deadline_words",
    "describe",
    "late_policy_words",
    "load_set",
    "parse_deadline",
]
