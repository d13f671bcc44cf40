"""The item bank: loading and cross-checking bank files of questions.

Bank files (``exercises/bank/chapter-NN.yaml``) and assessed sets are YAML, checked
against :mod:`coproduction.exercises.schema` and then cross-checked here. Every
problem in a file is reported at once, naming the file, line, item and field, and
nothing is loaded from a file with problems.

The kinds of question live in :mod:`coproduction.exercises.kinds`, one class per
kind registered in :data:`KINDS` (re-exported here with the classes): each owns its
fields, its cross-checks, its scoring and feedback and its views. Answers have one
shape per kind (see :data:`ANSWER_SHAPES`); :meth:`Item.check` raises
:class:`AnswerError` with a readable message for any other shape, and never
anything else, whatever it is given (a property-based test holds it to that).

Three views of an item:

* :meth:`Item.check` scores an answer and returns the feedback that teaches why;
* :meth:`Item.practice` is what the book's practice widget needs (the key and all
  feedback, revealed only after the reader has answered);
* :meth:`Item.public` is what a student release of an assessed set contains: the
  question and its choices, and nothing from which the key can be read.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from coproduction.datafile import DataFileError, Problem, Reader
from coproduction.exercises import schema
from coproduction.exercises.kinds import (
    ANSWER_SHAPES,
    KINDS,
    AnswerError,
    ChoiceItem,
    ClassifyItem,
    Criterion,
    Entry,
    Item,
    MatchingItem,
    MultipleItem,
    NumericItem,
    Option,
    OrderingItem,
    Result,
    ShortItem,
    SingleItem,
    scheme_categories,
)
from coproduction.resources import packaged

__all__ = [
    "ANSWER_SHAPES",
    "BANK",
    "KINDS",
    "AnswerError",
    "ChoiceItem",
    "ClassifyItem",
    "Criterion",
    "Entry",
    "Item",
    "ItemError",
    "MatchingItem",
    "MultipleItem",
    "NumericItem",
    "Option",
    "OrderingItem",
    "Result",
    "ShortItem",
    "SingleItem",
    "bank_files",
    "find_item",
    "items_digest",
    "load_bank",
    "load_items",
    "parse_items",
    "scheme_categories",
    "self_check_ids",
]

BANK = packaged("exercises", "bank")


class ItemError(DataFileError):
    """A bank or set file has problems; ``problems`` lists every one."""

    format_doc = "the package's exercises/README.md"

    def __init__(self, source: str, problems: Sequence[Problem | str]):
        super().__init__(source, problems)


# Loading ----------------------------------------------------------------------


class _ItemChecker:
    """Cross-checks items after the schema; collects problems with lines.

    Each kind's own checks are in its :meth:`Item.from_raw`, which reports here.
    """

    def __init__(
        self,
        reader: Reader,
        name: str,
        data: dict[str, Any],
        ids_seen: dict[str, str],
        folder: Path | None = None,
    ):
        self.r, self.name, self.data, self.seen = reader, name, data, ids_seen
        self.folder = folder or reader.folder
        self.said: dict[str, int] = {}  # a long message -> the item it was first given for

    def add(self, i: int, message: str, *path: Any) -> None:
        # A problem shared by many items (a case that does not load) is given in full once.
        head, sep, rest = message.partition(": ")
        if sep and len(rest) > 80:
            if message in self.said:
                message = f"{head} (the problem given for items[{self.said[message]}] above)"
            else:
                self.said[message] = i
        self.r.add(self.name, message, ("items", i, *path), self.data)

    def item(self, i: int, raw: dict[str, Any]) -> Item | None:
        before = len(self.r.problems)
        iid = raw["id"]
        if iid in self.seen:
            self.add(i, f"item id {iid!r} is already used in {self.seen[iid]}; ids must be unique")
        self.seen[iid] = self.r.rel(self.name)
        common = {
            "id": iid,
            "kind": raw["kind"],
            "prompt": raw["prompt"].strip(),
            "source": raw["source"].strip(),
            "points": float(raw.get("points", 1)),
            "cases": tuple(raw.get("cases", ())),
            "note": raw.get("note"),
        }
        item = KINDS[raw["kind"]].from_raw(self, i, raw, common)
        return item if len(self.r.problems) == before else None

    def entries(self, i: int, raw: list[Any], key: str) -> tuple[Entry, ...]:
        """Entries (left, right, steps) whose ids must not repeat."""
        ids = [e["id"] for e in raw]
        for d in sorted({x for x in ids if ids.count(x) > 1}):
            self.add(i, f"{key} ids repeat: {d!r}", key)
        return tuple(Entry(e["id"], e["text"].strip(), e["feedback"].strip()) for e in raw)


def _read(path: Path, file_schema: dict[str, Any]) -> tuple[Reader, dict[str, Any] | None]:
    reader = Reader(path.parent)
    data = reader.read(path.name, required=True)
    if data is not None:
        reader.validate(path.name, data, file_schema)
    return reader, data


def parse_items(
    reader: Reader,
    name: str,
    data: dict[str, Any],
    seen: dict[str, str],
    folder: Path | None = None,
) -> list[Item]:
    """The items of ``data["items"]`` that the schema accepted, each cross-checked;
    ``folder`` (by default the file's) is where a ``compute:`` block's case path starts.

    Items with shape problems (already reported by the schema) are not kept, so every
    other item's problems are reported in the same run. An item whose only shape
    problem is a missing ``prompt`` or ``source`` is still cross-checked (with a
    stand-in text), so that its other problems, such as two right options, are
    reported in the same run too.
    """
    checker = _ItemChecker(reader, name, data, seen, folder)
    items = []
    raws = data.get("items")
    for i, raw in enumerate(raws if isinstance(raws, list) else []):
        if not reader.fits(raw, schema.ITEM):
            if isinstance(raw, dict) and not ({"prompt", "source"} <= raw.keys()):
                stand_in = {"prompt": "?", "source": "?", **raw}
                if reader.fits(stand_in, schema.ITEM):
                    checker.item(i, stand_in)  # its problems only: the item is not kept
            continue
        item = checker.item(i, raw)
        if item is not None:
            items.append(item)
    return items


def bank_files(bank: Path | None = None) -> list[Path]:
    return sorted((bank or BANK).glob("*.yaml"))


def _mtime(path: Path) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return -1.0


@lru_cache(maxsize=64)
def _load_cached(
    path: str, _mtime: float, _fw: tuple[Any, ...]
) -> tuple[tuple[Item, ...], tuple[str, ...]]:
    """A bank file's items and its ``self_check`` ids, read and checked once."""
    p = Path(path)
    reader, data = _read(p, schema.BANK)
    if data is None:
        raise ItemError(p.name, reader.problems)
    items = parse_items(reader, p.name, data, {})
    _check_self_check(reader, p.name, data)
    if reader.problems:
        raise ItemError(p.name, reader.problems)
    return tuple(items), tuple(data.get("self_check") or ())


def _check_self_check(reader: Reader, name: str, data: dict[str, Any]) -> None:
    """Every id in a bank file's ``self_check`` list names an item of that file, once."""
    known = [raw.get("id") for raw in data.get("items", []) if isinstance(raw, dict)]
    listed = data.get("self_check") or []
    for i, sid in enumerate(listed):
        if sid not in known:
            reader.add(
                name,
                f"self_check names {sid!r}, which is not an item of this file; "
                f"use one of: {', '.join(map(str, known))}",
                ("self_check", i),
                data,
            )
        elif sid in listed[:i]:
            reader.add(
                name, f"self_check lists {sid!r} twice; list it once", ("self_check", i), data
            )


def _fw_stamp() -> tuple[Any, ...]:
    """Modification times of the case data: computed answers follow the data."""
    from coproduction.cases.loader import data_dir

    return tuple(sorted((str(p), _mtime(p)) for p in data_dir().rglob("*.yaml")))


def _load(name: str, bank: Path | None) -> tuple[tuple[Item, ...], tuple[str, ...]]:
    path = ((bank or BANK) / f"{name}.yaml").resolve()
    if not path.is_file():
        known = ", ".join(p.stem for p in bank_files(bank)) or "none"
        raise ItemError(
            f"{name}.yaml", [f"no such bank file in {path.parent.name}/; known: {known}"]
        )
    return _load_cached(str(path), _mtime(path), _fw_stamp())


def load_items(name: str, bank: Path | None = None) -> list[Item]:
    """The items of one bank file, e.g. ``load_items("chapter-03")``."""
    return list(_load(name, bank)[0])


def self_check_ids(name: str, bank: Path | None = None) -> list[str]:
    """The ids of the items a chapter's self-check shows, in order.

    The bank file's ``self_check`` list if it has one, else every item of the file.
    Raises :class:`ItemError` if the file has problems (including a ``self_check``
    id that is not one of its items).
    """
    items, listed = _load(name, bank)
    return list(listed) if listed else [it.id for it in items]


def load_bank(bank: Path | None = None) -> dict[str, list[Item]]:
    """Every bank file, checking that item ids are unique across files."""
    out: dict[str, list[Item]] = {}
    owner: dict[str, str] = {}
    problems: list[str] = []
    for path in bank_files(bank):
        out[path.stem] = load_items(path.stem, bank)
        for it in out[path.stem]:
            if it.id in owner:
                problems.append(f"item id {it.id!r} is in both {owner[it.id]} and {path.name}")
            owner[it.id] = path.name
    if problems:
        raise ItemError("exercises/bank", problems)
    return out


def find_item(ref: str, bank: Path | None = None) -> Item:
    """An item by ``chapter-03/item-id``."""
    name, _, iid = ref.partition("/")
    for it in load_items(name, bank):
        if it.id == iid:
            return it
    raise KeyError(f"{name}.yaml has no item {iid!r}")


def items_digest(items: Sequence[Item]) -> str:
    """A fingerprint of the public form of a list of items (what students were given)."""
    blob = json.dumps([it.public() for it in items], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()
