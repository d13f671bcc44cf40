"""The item bank: seven kinds of question, their scoring and their feedback.

Bank files (``exercises/bank/chapter-NN.yaml``) and assessed sets are YAML, checked
against :mod:`coproduction.exercises.schema` and then cross-checked here. Every
problem in a file is reported at once, naming the file, line, item and field, and
nothing is loaded from a file with problems.

Answers have one shape per kind (see :data:`ANSWER_SHAPES`); :meth:`Item.check`
raises :class:`AnswerError` with a readable message for any other shape, and never
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
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from coproduction.cases.loader import Problem, _Reader
from coproduction.exercises import schema
from coproduction.resources import packaged

BANK = packaged("exercises", "bank")

ANSWER_SHAPES = {
    "single": "the id of one option, as text (for example 'b')",
    "multiple": "a list of option ids (for example ['a', 'c']); an empty list is allowed",
    "classify": "the id of one category, as text",
    "matching": "a mapping from each left-hand id to a right-hand id",
    "ordering": "a list of every step id, in order",
    "numeric": "a number",
    "short": "text",
}


class ItemError(ValueError):
    """A bank or set file has problems; ``problems`` lists every one."""

    def __init__(self, source: str, problems: Sequence[Problem | str]):
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        n = len(self.problems)
        super().__init__(
            f"{source}: {n} problem{'s' if n != 1 else ''} found; nothing was loaded.\n{lines}\n"
            "The format is described in the package's exercises/README.md."
        )


class AnswerError(ValueError):
    """An answer of the wrong type or shape for its item."""


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


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    prompt: str
    source: str
    points: float = 1.0
    cases: tuple[str, ...] = ()
    note: str | None = None

    auto = True  # scored by the checker (a short answer is marked by a person)

    @property
    def max_points(self) -> float:
        return self.points

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

    def _base(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "prompt": self.prompt,
            "points": self.max_points,
        }

    def check(self, answer: Any) -> Result:  # pragma: no cover - each kind overrides
        raise NotImplementedError

    def key(self) -> Any:
        """The answer that earns full points (``None`` for a short answer)."""
        raise NotImplementedError  # pragma: no cover - each kind overrides

    def practice(self) -> dict[str, Any]:  # pragma: no cover - each kind overrides
        raise NotImplementedError

    def public(self) -> dict[str, Any]:  # pragma: no cover - each kind overrides
        raise NotImplementedError

    def wrong_shape(self, answer: Any) -> AnswerError:
        shown = repr(answer)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return AnswerError(
            f"item {self.id} ({self.kind}): expected {ANSWER_SHAPES[self.kind]}, got {shown}"
        )


@dataclass(frozen=True)
class ChoiceItem(Item):
    options: tuple[Option, ...] = ()

    @property
    def correct(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options if o.correct)

    def key(self) -> Any:
        return self.correct[0] if self.kind == "single" else list(self.correct)

    def _chosen(self, answer: Any) -> list[str]:
        if self.kind == "single":
            if not isinstance(answer, str):
                raise self.wrong_shape(answer)
            chosen = [answer]
        else:
            if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
                raise self.wrong_shape(answer)
            chosen = list(dict.fromkeys(answer))
        known = {o.id for o in self.options}
        unknown = [c for c in chosen if c not in known]
        if unknown:
            raise AnswerError(
                f"item {self.id}: unknown option(s) {unknown}; its options are {sorted(known)}"
            )
        return chosen

    def score(self, answer: Any) -> float:
        """1 for a right single answer; for multiple choice, right picks minus wrong
        picks over the number of right options, never below 0."""
        chosen = set(self._chosen(answer))
        right = set(self.correct)
        if self.kind == "single":
            return 1.0 if chosen == right else 0.0
        hits, misses = len(chosen & right), len(chosen - right)
        return max(0.0, (hits - misses) / len(right))

    def check(self, answer: Any) -> Result:
        chosen = self._chosen(answer)
        by_id = {o.id: o for o in self.options}
        feedback = [by_id[c].feedback for c in chosen]
        if self.kind == "multiple":
            missed = [o for o in self.options if o.correct and o.id not in chosen]
            if missed:
                feedback.append(
                    f"You left out {len(missed)} right option{'s' if len(missed) > 1 else ''}."
                )
        return self._result(self.score(answer), feedback)

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


@dataclass(frozen=True)
class ClassifyItem(Item):
    scheme: str = ""
    categories: tuple[tuple[str, str], ...] = ()  # (id, label) from the frameworks
    answer: str = ""
    feedback: Mapping[str, str] = field(default_factory=dict)

    def key(self) -> str:
        return self.answer

    def check(self, answer: Any) -> Result:
        if not isinstance(answer, str):
            raise self.wrong_shape(answer)
        known = [c for c, _ in self.categories]
        if answer not in known:
            raise AnswerError(
                f"item {self.id}: unknown category {answer!r}; expected one of {known}"
            )
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


@dataclass(frozen=True)
class MatchingItem(Item):
    left: tuple[Entry, ...] = ()
    right: tuple[Entry, ...] = ()
    key_map: Mapping[str, str] = field(default_factory=dict)

    def key(self) -> dict[str, str]:
        return dict(self.key_map)

    def check(self, answer: Any) -> Result:
        if not isinstance(answer, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in answer.items()
        ):
            raise self.wrong_shape(answer)
        lefts = {e.id: e for e in self.left}
        rights = {e.id: e for e in self.right}
        unknown = [k for k in answer if k not in lefts] + [
            v for v in answer.values() if v not in rights
        ]
        if unknown:
            raise AnswerError(
                f"item {self.id}: unknown id(s) {unknown}; left: {sorted(lefts)}, "
                f"right: {sorted(rights)}"
            )
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


@dataclass(frozen=True)
class OrderingItem(Item):
    steps: tuple[Entry, ...] = ()  # in the right order

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

    def key(self) -> list[str]:
        return [s.id for s in self.steps]

    def check(self, answer: Any) -> Result:
        ids = [s.id for s in self.steps]
        if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
            raise self.wrong_shape(answer)
        if sorted(answer) != sorted(ids):
            raise AnswerError(
                f"item {self.id}: an ordering must list each step once: {sorted(ids)}, "
                f"got {answer!r}"[:300]
            )
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


@dataclass(frozen=True)
class NumericItem(Item):
    answer: float = 0.0
    tolerance: float = 0.0
    unit: str | None = None
    hints: tuple[tuple[float, str], ...] = ()
    right_feedback: str = ""
    wrong_feedback: str = ""
    compute: Mapping[str, Any] | None = None

    def key(self) -> float:
        return self.answer

    def check(self, answer: Any) -> Result:
        if isinstance(answer, bool) or not isinstance(answer, int | float):
            raise self.wrong_shape(answer)
        try:
            finite = math.isfinite(float(answer))
        except OverflowError:
            finite = False
        if not finite:
            shown = repr(answer) if len(repr(answer)) < 30 else "a number that large"
            raise AnswerError(f"item {self.id}: {shown} is not a finite number of usable size")
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


@dataclass(frozen=True)
class ShortItem(Item):
    rubric: tuple[Criterion, ...] = ()
    model_answer: str = ""
    max_words: int | None = None

    auto = False

    @property
    def max_points(self) -> float:
        return sum(c.max_points for c in self.rubric)

    def key(self) -> None:
        return None

    def check(self, answer: Any) -> Result:
        if not isinstance(answer, str):
            raise self.wrong_shape(answer)
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


# Loading ----------------------------------------------------------------------


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


class _ItemChecker:
    """Cross-checks items after the schema; collects problems with lines."""

    def __init__(self, reader: _Reader, name: str, data: dict, ids_seen: dict[str, str]):
        self.r, self.name, self.data, self.seen = reader, name, data, ids_seen

    def add(self, i: int, message: str, *path: Any) -> None:
        self.r.add(self.name, message, ("items", i, *path), self.data)

    def item(self, i: int, raw: dict) -> Item | None:
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
        kind = raw["kind"]
        item = getattr(self, f"_{kind}")(i, raw, common)
        return item if len(self.r.problems) == before else None

    def _entries(self, i: int, raw: list, key: str) -> tuple[Entry, ...]:
        ids = [e["id"] for e in raw]
        for d in sorted({x for x in ids if ids.count(x) > 1}):
            self.add(i, f"{key} ids repeat: {d!r}", key)
        return tuple(Entry(e["id"], e["text"].strip(), e["feedback"].strip()) for e in raw)

    def _single(self, i, raw, common):
        opts = tuple(
            Option(o["id"], o["text"].strip(), o["feedback"].strip(), o["correct"])
            for o in raw["options"]
        )
        ids = [o.id for o in opts]
        if len(set(ids)) != len(ids):
            self.add(i, f"option ids repeat: {ids}", "options")
        n_right = sum(o.correct for o in opts)
        if raw["kind"] == "single" and n_right != 1:
            self.add(
                i, f"a single-choice item needs exactly one right option, has {n_right}", "options"
            )
        if raw["kind"] == "multiple" and n_right == 0:
            self.add(i, "no option is marked correct: true", "options")
        return ChoiceItem(**common, options=opts)

    _multiple = _single

    def _classify(self, i, raw, common):
        cats = scheme_categories(raw["scheme"]) + tuple(
            (c["id"], c["label"]) for c in raw.get("extra_categories", ())
        )
        ids = [c for c, _ in cats]
        if raw["answer"] not in ids:
            self.add(i, f"answer {raw['answer']!r} is not a category of '{raw['scheme']}': {ids}")
        missing = [c for c in ids if c not in raw["feedback"]]
        if missing:
            self.add(i, f"feedback is missing for categor(ies) {missing}", "feedback")
        extra = [c for c in raw["feedback"] if c not in ids]
        if extra:
            self.add(i, f"feedback names unknown categor(ies) {extra}; known: {ids}", "feedback")
        fb = {k: v.strip() for k, v in raw["feedback"].items()}
        return ClassifyItem(
            **common, scheme=raw["scheme"], categories=cats, answer=raw["answer"], feedback=fb
        )

    def _matching(self, i, raw, common):
        left = self._entries(i, raw["left"], "left")
        right = self._entries(i, raw["right"], "right")
        lids, rids = [e.id for e in left], {e.id for e in right}
        key = raw["key"]
        for lid in lids:
            if lid not in key:
                self.add(i, f"key gives no match for left entry {lid!r}", "key")
        for k, v in key.items():
            if k not in lids:
                self.add(i, f"key names {k!r}, which is not a left entry", "key")
            if v not in rids:
                self.add(i, f"key matches {k!r} to {v!r}, which is not a right entry", "key")
        clash = set(lids) & rids
        if clash:
            self.add(i, f"left and right share id(s) {sorted(clash)}; use distinct ids", "right")
        return MatchingItem(**common, left=left, right=right, key_map=dict(key))

    def _ordering(self, i, raw, common):
        return OrderingItem(**common, steps=self._entries(i, raw["steps"], "steps"))

    def _numeric(self, i, raw, common):
        has_answer, has_compute = "answer" in raw, "compute" in raw
        if has_answer == has_compute:
            self.add(i, "give either 'answer' (a number) or 'compute' (a measure on a case)")
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
                self.add(i, str(err), "compute")
                return None
            # The computed feedback says what was counted; the author's adds why it matters.
            answer, tolerance = q.value, raw.get("tolerance", q.tolerance)
            right.insert(0, q.right)
            wrong.insert(0, q.wrong)
            hints += [h for h in q.hints if h[0] not in {v for v, _ in hints}]
        elif not (written.get("right") and written.get("wrong")):
            self.add(i, "a numeric item with a typed answer needs feedback: {right, wrong}")
        return NumericItem(
            **common,
            answer=float(answer),
            tolerance=float(tolerance),
            unit=raw.get("unit"),
            hints=tuple((v, t) for v, t in hints if abs(v - float(answer)) > float(tolerance)),
            right_feedback=" ".join(x.strip() for x in right if x),
            wrong_feedback=" ".join(x.strip() for x in wrong if x),
            compute=dict(raw["compute"]) if has_compute else None,
        )

    def _short(self, i, raw, common):
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
            self.add(i, f"rubric criterion ids repeat: {ids}", "rubric")
        if "points" in raw:
            self.add(i, "a short answer's points come from its rubric; remove 'points'", "points")
        for c in crit:
            if c.max_points <= 0:
                self.add(i, f"criterion {c.id!r}: no level gives any points", "rubric")
        return ShortItem(
            **common,
            rubric=crit,
            model_answer=raw["model_answer"].strip(),
            max_words=raw.get("max_words"),
        )


def _read(path: Path, file_schema: dict) -> tuple[_Reader, dict | None]:
    reader = _Reader(path.parent)
    data = reader.read(path.name, required=True)
    if data is not None:
        reader.validate(path.name, data, file_schema)
    return reader, data


def parse_items(reader: _Reader, name: str, data: dict, seen: dict[str, str]) -> list[Item]:
    checker = _ItemChecker(reader, name, data, seen)
    items = []
    for i, raw in enumerate(data.get("items", [])):
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
def _load_cached(path: str, _mtime: float, _fw: tuple) -> tuple[tuple[Item, ...], tuple[str, ...]]:
    """A bank file's items and its ``self_check`` ids, read and checked once."""
    p = Path(path)
    reader, data = _read(p, schema.BANK)
    if data is None or reader.problems:
        raise ItemError(p.name, reader.problems)
    items = parse_items(reader, p.name, data, {})
    _check_self_check(reader, p.name, data)
    if reader.problems:
        raise ItemError(p.name, reader.problems)
    return tuple(items), tuple(data.get("self_check") or ())


def _check_self_check(reader: _Reader, name: str, data: dict) -> None:
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


def _fw_stamp() -> tuple:
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
