"""The seven kinds of question: each kind is one class that owns all its behaviour.

One module per kind (``choice``, ``classify``, ``matching``, ``ordering``,
``numeric``, ``short``), on the base in ``base``. A kind is a subclass of
:class:`Item` listed in the registry :data:`KINDS` below. Everything else asks the
class, never switches on the kind name:

========================  ==========================================================
``KIND``                  the name used in bank files (``kind: single``)
``ANSWER_SHAPE``          the answer's shape, in words, for error messages
``SCHEMA``                the kind's fields, as JSON Schema (``required`` and
                          ``properties``); :mod:`coproduction.exercises.schema` builds
                          the file schemas from these
``PUBLIC_FIELDS``         the fields the public form needs to be drawn (checked when a
                          student release is read)
``KEY_FIELDS``            the fields of the practice form that give the key or the
                          feedback away (the leak guard of the assessed widget and of
                          the release)
:meth:`Item.from_raw`     build the item from its (schema-checked) YAML mapping and
                          cross-check its fields
:meth:`Item.check_shape`  the answer-shape check, on the public form: the same code
                          checks an answer to a full item (:meth:`Item.check`) and to
                          a released question, which has no key
:meth:`Item.check`        score an answer, with the feedback that teaches why
:meth:`Item.key`          the answer that earns full points
:meth:`Item.practice`     the book's practice widget's spec (key and feedback)
:meth:`Item.public`       a student release's form (no key, no feedback)
:meth:`Item.key_in_words` the key in words (HTML) for a lecturer's answer key
:meth:`Item.describe`     a student's answer in words (HTML) for a feedback page
========================  ==========================================================

The front end of each kind is its entry in ``KINDS`` at the head of ``widget.js``.
The steps to add a kind are in the package's ``exercises/README.md`` ("Adding an item
kind"); ``tests/unit/test_item_kinds.py`` checks that every registered kind has every
part.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coproduction.exercises.kinds.base import (
    CATEGORY,
    COMPUTE,
    CRITERION,
    ENTRY,
    HINT,
    LEVEL,
    OPTION,
    POINTS,
    SCHEMES,
    SLUG,
    TEXT,
    AnswerError,
    Checker,
    Criterion,
    Entry,
    Item,
    Option,
    PartSpec,
    Result,
    _stable_order,
    number_text,
)
from coproduction.exercises.kinds.choice import ChoiceItem, MultipleItem, SingleItem
from coproduction.exercises.kinds.classify import ClassifyItem, scheme_categories
from coproduction.exercises.kinds.matching import MatchingItem
from coproduction.exercises.kinds.numeric import NumericItem
from coproduction.exercises.kinds.ordering import OrderingItem
from coproduction.exercises.kinds.short import ShortItem

__all__ = [
    "ALL_KEY_FIELDS",
    "ANSWER_SHAPES",
    "CATEGORY",
    "COMPUTE",
    "CRITERION",
    "ENTRY",
    "HINT",
    "KINDS",
    "LEVEL",
    "OPTION",
    "POINTS",
    "SCHEMES",
    "SLUG",
    "TEXT",
    "AnswerError",
    "Checker",
    "ChoiceItem",
    "ClassifyItem",
    "Criterion",
    "Entry",
    "Item",
    "MatchingItem",
    "MultipleItem",
    "NumericItem",
    "Option",
    "PartSpec",
    "OrderingItem",
    "Result",
    "ShortItem",
    "SingleItem",
    "key_fields",
    "number_text",
    "scheme_categories",
    "shuffled",
    "validate_shape",
]

#: The registry: every kind, by its name in bank files. The order is the schema's.
KINDS: dict[str, type[Item]] = {
    cls.KIND: cls
    for cls in (
        SingleItem,
        MultipleItem,
        ClassifyItem,
        MatchingItem,
        OrderingItem,
        NumericItem,
        ShortItem,
    )
}
#: The answer shape of each kind, in words.
ANSWER_SHAPES: dict[str, str] = {k: cls.ANSWER_SHAPE for k, cls in KINDS.items()}
#: Every field of a practice spec that gives a key or feedback away.
ALL_KEY_FIELDS: frozenset[str] = frozenset().union(*(cls.KEY_FIELDS for cls in KINDS.values()))


def validate_shape(public: Mapping[str, Any], answer: Any) -> None:
    """Check ``answer`` against the public form of an item (a released question).

    A student release has no key, so this checks only the shape and the ids (an
    option, category, entry or step of this item), with the same code as
    :meth:`Item.check`; it raises :class:`AnswerError` if either is wrong.

    >>> validate_shape({"id": "q", "kind": "single", "options": [{"id": "a"}]}, "a")
    """
    kind = public.get("kind")
    cls = KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise AnswerError(f"item {public.get('id', '?')}: unknown kind {public.get('kind')!r}")
    cls.check_shape(public, answer)


def key_fields(spec: Any, path: str = "") -> list[str]:
    """Where ``spec`` carries a field that gives the key or feedback away (empty if none).

    The fields are every registered kind's ``KEY_FIELDS``.
    """
    found = []
    if isinstance(spec, Mapping):
        for k, v in spec.items():
            where = f"{path}.{k}" if path else str(k)
            if k in ALL_KEY_FIELDS:
                found.append(where)
            found += key_fields(v, where)
    elif isinstance(spec, list | tuple):
        for i, v in enumerate(spec):
            found += key_fields(v, f"{path}[{i}]")
    return found


def shuffled(spec: Mapping[str, Any], seed: str) -> dict[str, Any]:
    """``spec`` (an item's public or practice form) with the lists its kind shows in any
    order (:attr:`Item.SHUFFLE`, for example a choice item's options) reordered.

    The order depends only on ``seed`` and the item and option ids, so the same
    student sees the same order every time the release is opened; answers name ids,
    not positions, so grading needs no mapping back.

    >>> spec = {"id": "q", "kind": "single", "options": [{"id": x} for x in "abcd"]}
    >>> [o["id"] for o in shuffled(spec, "week-3:s1")["options"]]
    ['a', 'd', 'b', 'c']
    >>> [o["id"] for o in shuffled(spec, "week-3:s2")["options"]]
    ['d', 'c', 'a', 'b']
    >>> shuffled(spec, "week-3:s1") == shuffled(spec, "week-3:s1")
    True
    """
    out = dict(spec)
    kind = KINDS.get(str(spec.get("kind")))
    for field in kind.SHUFFLE if kind else ():
        entries = spec.get(field)
        if isinstance(entries, list):
            by_id = {str(e.get("id")): e for e in entries if isinstance(e, Mapping)}
            if len(by_id) == len(entries):
                order = _stable_order(f"{seed}:{spec.get('id')}", list(by_id))
                out[field] = [by_id[i] for i in order]
    return out
