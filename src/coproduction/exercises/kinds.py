"""The seven kinds of question: each kind is one class that owns all its behaviour.

A kind is a subclass of :class:`Item` registered in :data:`KINDS` with
:func:`register`. Everything else asks the class, never switches on the kind name:

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

import hashlib
import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
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
COMPUTE = {
    "type": "object",
    "required": ["measure", "case"],
    "properties": {"measure": SLUG, "case": SLUG},
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

    def add(self, i: int, message: str, *path: Any) -> None: ...

    def entries(self, i: int, raw: list, key: str) -> tuple[Entry, ...]: ...


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


def number_text(x: float | None) -> str:
    """A number as the grader's files and pages show it (at most 4 decimals; '' for None)."""
    if x is None:
        return ""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
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
    auto: ClassVar[bool] = True  # scored by the checker (a short answer is marked by a person)

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
    def from_raw(cls, check: Checker, i: int, raw: dict, common: dict) -> Item | None:
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

    def describe_marks(self, marks: Mapping[str, float] | None, comment: str) -> str:
        """A marker's marks and comment (HTML) for a feedback page; empty for a kind
        the checker scores."""
        return ""


KINDS: dict[str, type[Item]] = {}


def register(cls: type[Item]) -> type[Item]:
    """Add a kind to :data:`KINDS` under its ``KIND`` (a class decorator)."""
    if not cls.KIND or cls.KIND in KINDS:
        raise ValueError(f"{cls.__name__}: KIND {cls.KIND!r} is empty or already registered")
    KINDS[cls.KIND] = cls
    return cls


def _choice_fields() -> dict[str, Any]:
    return {"options": {"type": "array", "items": OPTION, "minItems": 2}}


@dataclass(frozen=True)
class ChoiceItem(Item):
    """Single or multiple choice: :class:`SingleItem` and :class:`MultipleItem`."""

    options: tuple[Option, ...] = ()

    MANY: ClassVar[bool] = False  # more than one option may be chosen
    PUBLIC_FIELDS = ("options",)
    KEY_FIELDS = frozenset({"correct", "feedback"})

    @property
    def correct(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options if o.correct)

    @classmethod
    def from_raw(cls, check: Checker, i: int, raw: dict, common: dict) -> Item | None:
        opts = tuple(
            Option(o["id"], o["text"].strip(), o["feedback"].strip(), o["correct"])
            for o in raw["options"]
        )
        ids = [o.id for o in opts]
        if len(set(ids)) != len(ids):
            check.add(i, f"option ids repeat: {ids}", "options")
        n_right = sum(o.correct for o in opts)
        if not cls.MANY and n_right != 1:
            check.add(
                i, f"a single-choice item needs exactly one right option, has {n_right}", "options"
            )
        if cls.MANY and n_right == 0:
            check.add(i, "no option is marked correct: true", "options")
        return cls(**common, options=opts)

    @classmethod
    def _chosen(cls, answer: Any) -> list[str]:
        return list(dict.fromkeys(answer)) if cls.MANY else [answer]

    @classmethod
    def check_shape(cls, public: Mapping[str, Any], answer: Any) -> None:
        if not (_is_text_list(answer) if cls.MANY else isinstance(answer, str)):
            raise cls.wrong(public, answer)
        known = _ids(public.get("options"))
        unknown = [c for c in cls._chosen(answer) if c not in known]
        if unknown:
            raise AnswerError(
                f"item {public.get('id', '?')}: unknown option(s) {unknown}; "
                f"its options are {sorted(set(known))}"
            )

    def key(self) -> Any:
        return list(self.correct) if self.MANY else self.correct[0]

    def score(self, answer: Any) -> float:
        """1 for a right single answer; for multiple choice, right picks minus wrong
        picks over the number of right options, never below 0."""
        self.check_shape(self._public, answer)
        return self._points(answer)

    def _points(self, answer: Any) -> float:
        chosen, right = set(self._chosen(answer)), set(self.correct)
        if not self.MANY:
            return 1.0 if chosen == right else 0.0
        hits, misses = len(chosen & right), len(chosen - right)
        return max(0.0, (hits - misses) / len(right))

    def _score(self, answer: Any) -> Result:
        chosen = self._chosen(answer)
        by_id = {o.id: o for o in self.options}
        feedback = [by_id[c].feedback for c in chosen]
        if self.MANY:
            missed = [o for o in self.options if o.correct and o.id not in chosen]
            if missed:
                feedback.append(
                    f"You left out {len(missed)} right option{'s' if len(missed) > 1 else ''}."
                )
        return self._result(self._points(answer), feedback)

    def practice(self) -> dict[str, Any]:
        return {
            **self._base(),
            "options": [
                {"id": o.id, "text": o.text, "correct": o.correct, "feedback": o.feedback}
                for o in self.options
            ],
        }

    def public(self) -> dict[str, Any]:
        return {**self._base(), "options": [{"id": o.id, "text": o.text} for o in self.options]}

    def key_in_words(self) -> str:
        texts = {o.id: o.text for o in self.options}
        key = self.key()
        keys = [key] if isinstance(key, str) else key
        return "; ".join(html.escape(texts[k]) for k in keys)

    def describe(self, answer: Any) -> str:
        by_id = {o.id: o.text for o in self.options}
        chosen = [answer] if isinstance(answer, str) else list(answer)
        if not chosen:
            return "<p>You chose no option.</p>"
        lis = "".join(f"<li>{_e(by_id[c])}</li>" for c in chosen)
        return f"<ul>{lis}</ul>"


@register
@dataclass(frozen=True)
class SingleItem(ChoiceItem):
    KIND = "single"
    ANSWER_SHAPE = "the id of one option, as text (for example 'b')"
    SCHEMA = {"required": ["options"], "properties": _choice_fields()}
    MANY = False


@register
@dataclass(frozen=True)
class MultipleItem(ChoiceItem):
    KIND = "multiple"
    ANSWER_SHAPE = "a list of option ids (for example ['a', 'c']); an empty list is allowed"
    SCHEMA = {"required": ["options"], "properties": _choice_fields()}
    MANY = True


def scheme_categories(scheme: str) -> tuple[tuple[str, str], ...]:
    """The (id, label) categories of a classify scheme, from the framework files."""
    from coproduction.cases import load_frameworks

    fw = load_frameworks()
    lists = {
        "modes": [(m.id, m.name) for m in fw.modes],
        "matrix": [(c.id, c.name) for c in fw.cells],
        "processes": [(p.id, p.name) for p in fw.processes],
        "levels": [(lv.id, lv.name) for lv in fw.levels],
        "ladder": [(r.id, r.name) for r in fw.rungs],
        "dimensions": [(d.id, d.name) for d in fw.value_dimensions],
    }
    return tuple(lists[scheme])


@register
@dataclass(frozen=True)
class ClassifyItem(Item):
    scheme: str = ""
    categories: tuple[tuple[str, str], ...] = ()  # (id, label) from the frameworks
    answer: str = ""
    feedback: Mapping[str, str] = field(default_factory=dict)

    KIND = "classify"
    ANSWER_SHAPE = "the id of one category, as text"
    SCHEMA = {
        "required": ["scheme", "answer", "feedback"],
        "properties": {
            "scheme": {"enum": list(SCHEMES)},
            "extra_categories": {"type": "array", "items": CATEGORY},
            "answer": SLUG,
            "feedback": {"type": "object", "additionalProperties": TEXT},
        },
    }
    PUBLIC_FIELDS = ("options",)
    KEY_FIELDS = frozenset({"correct", "feedback"})

    @classmethod
    def from_raw(cls, check: Checker, i: int, raw: dict, common: dict) -> Item | None:
        cats = scheme_categories(raw["scheme"]) + tuple(
            (c["id"], c["label"]) for c in raw.get("extra_categories", ())
        )
        ids = [c for c, _ in cats]
        if raw["answer"] not in ids:
            check.add(i, f"answer {raw['answer']!r} is not a category of '{raw['scheme']}': {ids}")
        missing = [c for c in ids if c not in raw["feedback"]]
        if missing:
            check.add(i, f"feedback is missing for categor(ies) {missing}", "feedback")
        extra = [c for c in raw["feedback"] if c not in ids]
        if extra:
            check.add(i, f"feedback names unknown categor(ies) {extra}; known: {ids}", "feedback")
        fb = {k: v.strip() for k, v in raw["feedback"].items()}
        return cls(
            **common, scheme=raw["scheme"], categories=cats, answer=raw["answer"], feedback=fb
        )

    @classmethod
    def check_shape(cls, public: Mapping[str, Any], answer: Any) -> None:
        if not isinstance(answer, str):
            raise cls.wrong(public, answer)
        known = _ids(public.get("options"))
        if answer not in known:
            raise AnswerError(
                f"item {public.get('id', '?')}: unknown category {answer!r}; "
                f"expected one of {known}"
            )

    def key(self) -> str:
        return self.answer

    def _score(self, answer: Any) -> Result:
        return self._result(1.0 if answer == self.answer else 0.0, [self.feedback[answer]])

    def practice(self) -> dict[str, Any]:
        return {
            **self._base(),
            "scheme": self.scheme,
            "options": [
                {"id": c, "text": label, "correct": c == self.answer, "feedback": self.feedback[c]}
                for c, label in self.categories
            ],
        }

    def public(self) -> dict[str, Any]:
        return {
            **self._base(),
            "scheme": self.scheme,
            "options": [{"id": c, "text": label} for c, label in self.categories],
        }

    def key_in_words(self) -> str:
        return html.escape(dict(self.categories)[self.answer])

    def describe(self, answer: Any) -> str:
        return f"<p>{_e(dict(self.categories)[answer])}</p>"


@register
@dataclass(frozen=True)
class MatchingItem(Item):
    left: tuple[Entry, ...] = ()
    right: tuple[Entry, ...] = ()
    key_map: Mapping[str, str] = field(default_factory=dict)

    KIND = "matching"
    ANSWER_SHAPE = "a mapping from each left-hand id to a right-hand id"
    SCHEMA = {
        "required": ["left", "right", "key"],
        "properties": {
            "left": {"type": "array", "items": ENTRY, "minItems": 2},
            "right": {"type": "array", "items": ENTRY, "minItems": 2},
            "key": {"type": "object", "additionalProperties": SLUG},
        },
    }
    PUBLIC_FIELDS = ("left", "right")
    KEY_FIELDS = frozenset({"feedback", "key"})

    @classmethod
    def from_raw(cls, check: Checker, i: int, raw: dict, common: dict) -> Item | None:
        left = check.entries(i, raw["left"], "left")
        right = check.entries(i, raw["right"], "right")
        lids, rids = [e.id for e in left], {e.id for e in right}
        key = raw["key"]
        for lid in lids:
            if lid not in key:
                check.add(i, f"key gives no match for left entry {lid!r}", "key")
        for k, v in key.items():
            if k not in lids:
                check.add(i, f"key names {k!r}, which is not a left entry", "key")
            if v not in rids:
                check.add(i, f"key matches {k!r} to {v!r}, which is not a right entry", "key")
        clash = set(lids) & rids
        if clash:
            check.add(i, f"left and right share id(s) {sorted(clash)}; use distinct ids", "right")
        return cls(**common, left=left, right=right, key_map=dict(key))

    @classmethod
    def check_shape(cls, public: Mapping[str, Any], answer: Any) -> None:
        if not _is_text_map(answer):
            raise cls.wrong(public, answer)
        lefts, rights = _ids(public.get("left")), _ids(public.get("right"))
        unknown = [k for k in answer if k not in lefts] + [
            v for v in answer.values() if v not in rights
        ]
        if unknown:
            raise AnswerError(
                f"item {public.get('id', '?')}: unknown id(s) {unknown}; left: "
                f"{sorted(set(lefts))}, right: {sorted(set(rights))}"
            )

    def key(self) -> dict[str, str]:
        return dict(self.key_map)

    def _score(self, answer: Any) -> Result:
        rights = {e.id: e for e in self.right}
        feedback, hits = [], 0
        for e in self.left:
            chosen = answer.get(e.id)
            if chosen is None:
                feedback.append(f"{e.text}: not matched. {e.feedback}")
            elif chosen == self.key_map[e.id]:
                hits += 1
                feedback.append(f"{e.text}: right. {e.feedback}")
            else:
                feedback.append(
                    f"{e.text}: not {rights[chosen].text}. {rights[chosen].feedback} {e.feedback}"
                )
        return self._result(hits / len(self.left), feedback)

    def practice(self) -> dict[str, Any]:
        rights = {e.id: e for e in self.right}
        return {
            **self._base(),
            "left": [{"id": e.id, "text": e.text, "feedback": e.feedback} for e in self.left],
            "right": [
                {"id": r, "text": rights[r].text, "feedback": rights[r].feedback}
                for r in _stable_order(self.id, list(rights))
            ],
            "key": dict(self.key_map),
        }

    def public(self) -> dict[str, Any]:
        rights = {e.id: e for e in self.right}
        return {
            **self._base(),
            "left": [{"id": e.id, "text": e.text} for e in self.left],
            "right": [
                {"id": r, "text": rights[r].text} for r in _stable_order(self.id, list(rights))
            ],
        }

    def key_in_words(self) -> str:
        right = {e.id: e.text for e in self.right}
        esc = html.escape
        return "<br>".join(
            f"{esc(e.text)} &rarr; {esc(right[self.key_map[e.id]])}" for e in self.left
        )

    def describe(self, answer: Any) -> str:
        left = {e.id: e.text for e in self.left}
        right = {e.id: e.text for e in self.right}
        lis = "".join(f"<li>{_e(left[k])} &rarr; {_e(right[v])}</li>" for k, v in answer.items())
        return f"<ul>{lis}</ul>" if lis else "<p>You matched nothing.</p>"


@register
@dataclass(frozen=True)
class OrderingItem(Item):
    steps: tuple[Entry, ...] = ()  # in the right order

    KIND = "ordering"
    ANSWER_SHAPE = "a list of every step id, in order"
    SCHEMA = {
        "required": ["steps"],
        "properties": {"steps": {"type": "array", "items": ENTRY, "minItems": 3}},
    }
    PUBLIC_FIELDS = ("steps",)
    KEY_FIELDS = frozenset({"feedback", "key"})

    @classmethod
    def from_raw(cls, check: Checker, i: int, raw: dict, common: dict) -> Item | None:
        return cls(**common, steps=check.entries(i, raw["steps"], "steps"))

    @property
    def display(self) -> list[str]:
        """The order the steps are shown in: shuffled, never already right or reversed."""
        ids = [s.id for s in self.steps]
        order = _stable_order(self.id, ids)
        if order in (ids, ids[::-1]):
            order = order[1:] + order[:1]
            if order in (ids, ids[::-1]):
                order = [order[1], order[0], *order[2:]]
        return order

    @classmethod
    def check_shape(cls, public: Mapping[str, Any], answer: Any) -> None:
        if not _is_text_list(answer):
            raise cls.wrong(public, answer)
        ids = _ids(public.get("steps"))
        if sorted(answer) != sorted(ids):
            raise AnswerError(
                f"item {public.get('id', '?')}: an ordering must list each step once: "
                f"{sorted(ids)}, got {answer!r}"[:300]
            )

    def key(self) -> list[str]:
        return [s.id for s in self.steps]

    def _score(self, answer: Any) -> Result:
        ids = [s.id for s in self.steps]
        # Kendall-style credit: the share of pairs of steps put in the right order.
        pos = {s: i for i, s in enumerate(answer)}
        n = len(ids)
        pairs = n * (n - 1) // 2
        right = sum(1 for i in range(n) for j in range(i + 1, n) if pos[ids[i]] < pos[ids[j]])
        by_id = {s.id: s for s in self.steps}
        feedback = [
            f"{k + 1}. {by_id[s].text.rstrip('.')}: "
            + (
                "in the right place. "
                if ids[k] == s
                else f"belongs at position {ids.index(s) + 1}. "
            )
            + by_id[s].feedback
            for k, s in enumerate(answer)
        ]
        return self._result(right / pairs, feedback)

    def practice(self) -> dict[str, Any]:
        by_id = {s.id: s for s in self.steps}
        return {
            **self._base(),
            "steps": [
                {"id": s, "text": by_id[s].text, "feedback": by_id[s].feedback}
                for s in self.display
            ],
            "key": [s.id for s in self.steps],
        }

    def public(self) -> dict[str, Any]:
        by_id = {s.id: s for s in self.steps}
        return {**self._base(), "steps": [{"id": s, "text": by_id[s].text} for s in self.display]}

    def key_in_words(self) -> str:
        return " &rarr; ".join(html.escape(s.text) for s in self.steps)

    def describe(self, answer: Any) -> str:
        text = {s.id: s.text for s in self.steps}
        return "<ol>" + "".join(f"<li>{_e(text[s])}</li>" for s in answer) + "</ol>"


@register
@dataclass(frozen=True)
class NumericItem(Item):
    answer: float = 0.0
    tolerance: float = 0.0
    unit: str | None = None
    hints: tuple[tuple[float, str], ...] = ()
    right_feedback: str = ""
    wrong_feedback: str = ""
    compute: Mapping[str, Any] | None = None

    KIND = "numeric"
    ANSWER_SHAPE = "a number"
    SCHEMA = {
        "required": [],
        "properties": {
            "answer": {"type": "number"},
            "compute": COMPUTE,
            "tolerance": {"type": "number", "minimum": 0},
            "unit": TEXT,
            "hints": {"type": "array", "items": HINT},
            "feedback": {
                "type": "object",
                "properties": {"right": TEXT, "wrong": TEXT},
                "additionalProperties": False,
            },
        },
    }
    PUBLIC_FIELDS = ()
    KEY_FIELDS = frozenset({"answer", "tolerance", "hints", "feedback"})

    @classmethod
    def from_raw(cls, check: Checker, i: int, raw: dict, common: dict) -> Item | None:
        has_answer, has_compute = "answer" in raw, "compute" in raw
        if has_answer == has_compute:
            check.add(i, "give either 'answer' (a number) or 'compute' (a measure on a case)")
            return None
        answer, tolerance = raw.get("answer"), raw.get("tolerance", 0)
        written = raw.get("feedback", {})
        right, wrong = [written.get("right", "")], [written.get("wrong", "")]
        hints = [(float(h["value"]), h["feedback"].strip()) for h in raw.get("hints", ())]
        if has_compute:
            from coproduction.exercises.measures import MeasureError, compute

            try:
                q = compute(raw["compute"])
            except MeasureError as err:
                check.add(i, str(err), "compute")
                return None
            # The computed feedback says what was counted; the author's adds why it matters.
            answer, tolerance = q.value, raw.get("tolerance", q.tolerance)
            right.insert(0, q.right)
            wrong.insert(0, q.wrong)
            hints += [h for h in q.hints if h[0] not in {v for v, _ in hints}]
        elif not (written.get("right") and written.get("wrong")):
            check.add(i, "a numeric item with a typed answer needs feedback: {right, wrong}")
        return cls(
            **common,
            answer=float(answer),
            tolerance=float(tolerance),
            unit=raw.get("unit"),
            hints=tuple((v, t) for v, t in hints if abs(v - float(answer)) > float(tolerance)),
            right_feedback=" ".join(x.strip() for x in right if x),
            wrong_feedback=" ".join(x.strip() for x in wrong if x),
            compute=dict(raw["compute"]) if has_compute else None,
        )

    @classmethod
    def check_shape(cls, public: Mapping[str, Any], answer: Any) -> None:
        if isinstance(answer, bool) or not isinstance(answer, int | float):
            raise cls.wrong(public, answer)
        try:
            finite = math.isfinite(float(answer))
        except OverflowError:
            finite = False
        if not finite:
            shown = repr(answer) if len(repr(answer)) < 30 else "a number that large"
            raise AnswerError(
                f"item {public.get('id', '?')}: {shown} is not a finite number of usable size"
            )

    def key(self) -> float:
        return self.answer

    def _score(self, answer: Any) -> Result:
        if abs(answer - self.answer) <= self.tolerance + 1e-9:
            return self._result(1.0, [self.right_feedback])
        for value, text in self.hints:
            if abs(answer - value) <= self.tolerance + 1e-9:
                return self._result(0.0, [text, self.wrong_feedback])
        return self._result(0.0, [self.wrong_feedback])

    def practice(self) -> dict[str, Any]:
        return {
            **self._base(),
            "unit": self.unit,
            "answer": self.answer,
            "tolerance": self.tolerance,
            "hints": [{"value": v, "feedback": t} for v, t in self.hints],
            "feedback": {"right": self.right_feedback, "wrong": self.wrong_feedback},
        }

    def public(self) -> dict[str, Any]:
        return {**self._base(), "unit": self.unit}

    def key_in_words(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        tol = f" (&plusmn;{self.tolerance:g})" if self.tolerance else ""
        return f"{self.answer:g}{html.escape(unit)}{tol}"

    def describe(self, answer: Any) -> str:
        unit = f" {self.unit}" if self.unit else ""
        shown = number_text(float(answer)) if isinstance(answer, int | float) else answer
        return f"<p>{_e(shown)}{_e(unit)}</p>"


@register
@dataclass(frozen=True)
class ShortItem(Item):
    rubric: tuple[Criterion, ...] = ()
    model_answer: str = ""
    max_words: int | None = None

    KIND = "short"
    ANSWER_SHAPE = "text"
    SCHEMA = {
        "required": ["rubric", "model_answer"],
        "properties": {
            "rubric": {"type": "array", "items": CRITERION, "minItems": 1},
            "model_answer": TEXT,
            "max_words": {"type": "integer", "minimum": 1},
        },
    }
    PUBLIC_FIELDS = ("rubric",)
    KEY_FIELDS = frozenset({"model_answer", "levels"})
    auto = False

    @property
    def max_points(self) -> float:
        return sum(c.max_points for c in self.rubric)

    @classmethod
    def from_raw(cls, check: Checker, i: int, raw: dict, common: dict) -> Item | None:
        crit = tuple(
            Criterion(
                c["id"],
                c["criterion"].strip(),
                tuple((float(lv["points"]), lv["descriptor"].strip()) for lv in c["levels"]),
            )
            for c in raw["rubric"]
        )
        ids = [c.id for c in crit]
        if len(set(ids)) != len(ids):
            check.add(i, f"rubric criterion ids repeat: {ids}", "rubric")
        if "points" in raw:
            check.add(i, "a short answer's points come from its rubric; remove 'points'", "points")
        for c in crit:
            if c.max_points <= 0:
                check.add(i, f"criterion {c.id!r}: no level gives any points", "rubric")
        return cls(
            **common,
            rubric=crit,
            model_answer=raw["model_answer"].strip(),
            max_words=raw.get("max_words"),
        )

    @classmethod
    def check_shape(cls, public: Mapping[str, Any], answer: Any) -> None:
        if not isinstance(answer, str):
            raise cls.wrong(public, answer)

    def key(self) -> None:
        return None

    def _score(self, answer: Any) -> Result:
        words = len(answer.split())
        note = []
        if self.max_words and words > self.max_words:
            note.append(f"Your answer has {words} words; the limit is {self.max_words}.")
        return Result(self.id, None, None, self.max_points, "to be marked", tuple(note))

    def mark(self, levels: Mapping[str, float]) -> float:
        """Points for a marker's choice of points per criterion (checked against the rubric)."""
        total = 0.0
        for c in self.rubric:
            if c.id not in levels:
                raise AnswerError(f"item {self.id}: no mark for criterion {c.id!r}")
            value = levels[c.id]
            allowed = sorted({p for p, _ in c.levels})
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise AnswerError(f"item {self.id}, criterion {c.id}: mark must be a number")
            if not 0 <= value <= c.max_points:
                raise AnswerError(
                    f"item {self.id}, criterion {c.id}: {value:g} is outside 0-"
                    f"{c.max_points:g} (levels: {', '.join(_fmt(a) for a in allowed)})"
                )
            total += value
        return total

    def _rubric(self, descriptors: bool) -> list[dict[str, Any]]:
        return [
            {
                "id": c.id,
                "criterion": c.criterion,
                "max_points": c.max_points,
                **(
                    {"levels": [{"points": p, "descriptor": d} for p, d in c.levels]}
                    if descriptors
                    else {}
                ),
            }
            for c in self.rubric
        ]

    def practice(self) -> dict[str, Any]:
        return {
            **self._base(),
            "max_words": self.max_words,
            "rubric": self._rubric(True),
            "model_answer": self.model_answer,
        }

    def public(self) -> dict[str, Any]:
        return {**self._base(), "max_words": self.max_words, "rubric": self._rubric(False)}

    def key_in_words(self) -> str:
        esc = html.escape
        criteria = "; ".join(f"{esc(c.criterion)} ({c.max_points:g})" for c in self.rubric)
        return f"Rubric: {criteria}.<br>Model answer: {esc(self.model_answer)}"

    def describe(self, answer: Any) -> str:
        return f"<blockquote>{_e(answer)}</blockquote>"

    def describe_marks(self, marks: Mapping[str, float] | None, comment: str) -> str:
        rows = []
        for c in self.rubric:
            mark = marks.get(c.id) if marks else None
            level = next((d for p, d in c.levels if mark is not None and abs(p - mark) < 1e-9), "")
            rows.append(
                f"<tr><td>{_e(c.criterion)}</td>"
                f"<td>{'not yet marked' if mark is None else number_text(mark)} (out of "
                f"{number_text(c.max_points)})</td>"
                f"<td>{_e(level)}</td></tr>"
            )
        out = (
            '<table><caption>Marks by criterion</caption><thead><tr><th scope="col">Criterion'
            '</th><th scope="col">Points</th><th scope="col">Level</th></tr></thead><tbody>'
            + "".join(rows)
            + "</tbody></table>"
        )
        if comment:
            out += f"<h3>Your marker's comment</h3><p>{_e(comment)}</p>"
        return out


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
