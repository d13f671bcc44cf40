"""The base of every item kind: :class:`Item`, the registry :data:`KINDS`, what a
kind's answer checks return, and the JSON Schema building blocks of their fields."""

from __future__ import annotations

import hashlib
import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, ClassVar, Protocol

# JSON Schema building blocks for the kinds' fields (the file schemas are assembled in
# coproduction.exercises.schema).
SLUG = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}
TEXT = {"type": "string", "minLength": 1}
POINTS = {"type": "number", "exclusiveMinimum": 0}

# Categories a classify item may draw on: the framework files' lists.
SCHEMES = ("modes", "matrix", "processes", "levels", "ladder", "dimensions")

OPTION = {
    "type": "object",
    "required": ["id", "text", "correct", "feedback"],
    "properties": {"id": SLUG, "text": TEXT, "correct": {"type": "boolean"}, "feedback": TEXT},
    "additionalProperties": False,
}
ENTRY = {
    "type": "object",
    "required": ["id", "text", "feedback"],
    "properties": {"id": SLUG, "text": TEXT, "feedback": TEXT},
    "additionalProperties": False,
}
CATEGORY = {
    "type": "object",
    "required": ["id", "label"],
    "properties": {"id": SLUG, "label": TEXT},
    "additionalProperties": False,
}
HINT = {
    "type": "object",
    "required": ["value", "feedback"],
    "properties": {"value": {"type": "number"}, "feedback": TEXT},
    "additionalProperties": False,
}
#: A case id, or the path of a case folder relative to the bank or set file.
CASE_REF = {"type": "string", "pattern": "^[A-Za-z0-9._-][A-Za-z0-9._/-]*$"}
COMPUTE = {
    "type": "object",
    "required": ["measure", "case"],
    "properties": {"measure": SLUG, "case": CASE_REF},
    "additionalProperties": {"type": ["string", "number"]},
}
LEVEL = {
    "type": "object",
    "required": ["points", "descriptor"],
    "properties": {"points": {"type": "number", "minimum": 0}, "descriptor": TEXT},
    "additionalProperties": False,
}
CRITERION = {
    "type": "object",
    "required": ["id", "criterion", "levels"],
    "properties": {
        "id": SLUG,
        "criterion": TEXT,
        "levels": {"type": "array", "items": LEVEL, "minItems": 2},
    },
    "additionalProperties": False,
}


class AnswerError(ValueError):
    """An answer of the wrong type or shape for its item."""


class Checker(Protocol):
    """What :meth:`Item.from_raw` reports problems to (``items._ItemChecker``)."""

    #: The folder of the file being read: a ``compute:`` block's case path is relative to it.
    folder: Path

    def add(self, i: int, message: str, *path: Any) -> None: ...

    def entries(self, i: int, raw: list[Any], key: str) -> tuple[Entry, ...]: ...


@dataclass(frozen=True)
class Result:
    """The outcome of checking one answer.

    ``score`` is the fraction of the item's points earned (0 to 1); ``None`` for a
    short answer, which a person marks with the rubric.
    """

    item: str
    score: float | None
    points: float | None
    max_points: float
    verdict: str  # "right", "partly right", "not right", "to be marked"
    feedback: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    id: str
    text: str
    feedback: str


@dataclass(frozen=True)
class Option(Entry):
    correct: bool


#: A part of an answer, as the item analysis reports it: (id, text, keyed, how a flag
#: names it).
PartSpec = tuple[str, str, bool, str]


@dataclass(frozen=True)
class Criterion:
    id: str
    criterion: str
    levels: tuple[tuple[float, str], ...]  # (points, descriptor), as written

    @property
    def max_points(self) -> float:
        return max(p for p, _ in self.levels)


def _stable_order(item_id: str, ids: Sequence[str]) -> list[str]:
    """A shuffle that is the same on every build, keyed by the item id."""
    return sorted(ids, key=lambda x: hashlib.sha256(f"{item_id}:{x}".encode()).hexdigest())


def _verdict(score: float) -> str:
    return "right" if score >= 1 else "not right" if score <= 0 else "partly right"


def _fmt(x: float) -> str:
    return f"{x:g}"


def number_text(x: float | None, decimals: int = 4) -> str:
    """A number as the grader's files and pages show it: rounded to at most ``decimals``
    places, trailing zeros dropped ('' for None).

    Halves are rounded up (away from zero), as marks are: 7.25 to one place is 7.3,
    and 0.5 to none is 1 (Python's own rounding would give 7.2 and 0).

    >>> number_text(5.58333), number_text(5.58333, 2), number_text(6.0, 2), number_text(None)
    ('5.5833', '5.58', '6', '')
    >>> number_text(7.25, 1), number_text(0.5, 0), number_text(2.675, 2), number_text(-0.5, 0)
    ('7.3', '1', '2.68', '-1')
    >>> number_text(1.9 + 2.8 + 2.8, 0), number_text(100 * 2.3 / 4, 0)
    ('8', '58')
    >>> number_text(1e300)[:5], number_text(float("inf"))
    ('10000', 'inf')
    """
    if x is None:
        return ""
    return _rounded(float(x), decimals)


@lru_cache(maxsize=8192)  # a class's points repeat: 0, 1, 0.5 ...
def _rounded(x: float, decimals: int) -> str:
    if not math.isfinite(x):
        return str(x)
    if abs(x) >= 1e15:  # no halves to round at this size (and beyond Decimal's precision)
        text = f"{x:.{decimals}f}"
    else:
        # Snapped to 9 places first: a sum such as 1.9 + 2.8 + 2.8 is 7.499999999999999
        # in floating point, and is 7.5 in marks.
        exact = Decimal(repr(round(x, 9)))
        text = str(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _ids(entries: Any) -> list[str]:
    """The ids of a public form's entries (options, left, right, steps); tolerant of junk."""
    if not isinstance(entries, list):
        return []
    return [e["id"] for e in entries if isinstance(e, Mapping) and isinstance(e.get("id"), str)]


def _is_text_list(answer: Any) -> bool:
    return isinstance(answer, list) and all(isinstance(a, str) for a in answer)


def _is_text_map(answer: Any) -> bool:
    return isinstance(answer, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in answer.items()
    )


@dataclass(frozen=True)
class Item:
    """One question. Subclasses are the kinds; see the module docstring for their parts."""

    id: str
    kind: str
    prompt: str
    source: str
    points: float = 1.0
    cases: tuple[str, ...] = ()
    note: str | None = None

    KIND: ClassVar[str] = ""
    ANSWER_SHAPE: ClassVar[str] = ""
    SCHEMA: ClassVar[dict[str, Any]] = {"required": [], "properties": {}}
    PUBLIC_FIELDS: ClassVar[tuple[str, ...]] = ()
    KEY_FIELDS: ClassVar[frozenset[str]] = frozenset()
    #: Lists of the public form shown in any order: shuffled per student in a release
    #: (:func:`shuffled`) and per page load in practice.
    SHUFFLE: ClassVar[tuple[str, ...]] = ()
    auto: ClassVar[bool] = True  # scored by the checker (a short answer is marked by a person)
    #: Every option is offered to every student, so one chosen by nobody is worth a flag.
    OFFERS_OPTIONS: ClassVar[bool] = False

    def __post_init__(self) -> None:
        if self.kind != self.KIND:
            raise ValueError(
                f"item {self.id}: a {type(self).__name__} is of kind {self.KIND!r}, "
                f"not {self.kind!r}"
            )

    @property
    def max_points(self) -> float:
        return self.points

    # -- building from a bank file --

    @classmethod
    def from_raw(
        cls, check: Checker, i: int, raw: dict[str, Any], common: dict[str, Any]
    ) -> Item | None:
        """The item from its schema-checked mapping; problems go to ``check.add``."""
        raise NotImplementedError  # pragma: no cover - each kind overrides

    # -- answers --

    @classmethod
    def wrong(cls, public: Mapping[str, Any], answer: Any) -> AnswerError:
        """The error for an answer that is not of this kind's shape."""
        shown = repr(answer)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return AnswerError(
            f"item {public.get('id', '?')} ({cls.KIND}): expected {cls.ANSWER_SHAPE}, got {shown}"
        )

    @classmethod
    def check_shape(cls, public: Mapping[str, Any], answer: Any) -> None:
        """Raise :class:`AnswerError` unless ``answer`` has this kind's shape and names
        only ids (options, categories, entries, steps) of ``public``, an item's public form.
        """
        raise NotImplementedError  # pragma: no cover - each kind overrides

    @cached_property
    def _public(self) -> dict[str, Any]:
        return self.public()

    def wrong_shape(self, answer: Any) -> AnswerError:
        return self.wrong(self._public, answer)

    def check(self, answer: Any) -> Result:
        """Score ``answer`` with the feedback that teaches why; :class:`AnswerError` (and
        nothing else) for an answer of the wrong shape."""
        self.check_shape(self._public, answer)
        return self._score(answer)

    def _score(self, answer: Any) -> Result:  # pragma: no cover - each kind overrides
        """:meth:`check` of an answer whose shape is known to be right."""
        raise NotImplementedError

    def _result(self, score: float, feedback: Sequence[str]) -> Result:
        score = min(1.0, max(0.0, score))
        return Result(
            self.id,
            score,
            score * self.max_points,
            self.max_points,
            _verdict(score),
            tuple(feedback),
        )

    # -- views --

    def _base(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "prompt": self.prompt,
            "points": self.max_points,
        }

    def key(self) -> Any:
        """The answer that earns full points (``None`` for a short answer)."""
        raise NotImplementedError  # pragma: no cover - each kind overrides

    def practice(self) -> dict[str, Any]:  # pragma: no cover - each kind overrides
        raise NotImplementedError

    def public(self) -> dict[str, Any]:  # pragma: no cover - each kind overrides
        raise NotImplementedError

    def key_in_words(self) -> str:
        """The answer that earns full points, in words (HTML), for a lecturer's key."""
        raise NotImplementedError  # pragma: no cover - each kind overrides

    def describe(self, answer: Any) -> str:
        """A student's answer in words (HTML), using the question's own texts.

        May raise ``KeyError``, ``TypeError``, ``AttributeError``, ``ValueError`` or
        ``OverflowError`` for an answer it cannot describe; the feedback page then
        shows the answer as it was given.
        """
        raise NotImplementedError  # pragma: no cover - each kind overrides

    # -- item analysis: the parts of an answer that are counted --

    def answer_parts(
        self, answer: Any, status: str, marks: Mapping[str, float] | None
    ) -> list[str] | None:
        """The parts of an answer (of the right shape) that the item analysis counts,
        by id: an option, a category, a pair, a step at a position, a value, a level;
        None if there is nothing to count. ``status`` is the answer's verdict (or
        "marked"), ``marks`` a marker's marks."""
        return None

    def part_catalogue(self, counts: Mapping[str, int]) -> list[PartSpec]:
        """The parts the item analysis reports, in reading order, as (id, text, keyed,
        how a flag names it); ``counts`` holds how often each part was given. A part
        given but not listed is counted as ``other``."""
        return []

    def describe_marks(self, marks: Mapping[str, float] | None, comment: str) -> str:
        """A marker's marks and comment (HTML) for a feedback page; empty for a kind
        the checker scores."""
        return ""
