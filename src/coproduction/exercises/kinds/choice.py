"""Single and multiple choice: one class each, sharing :class:`ChoiceItem`."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from coproduction.exercises.kinds.base import (
    OPTION,
    AnswerError,
    Checker,
    Item,
    Option,
    PartSpec,
    Result,
    _e,
    _ids,
    _is_text_list,
)


def _choice_fields() -> dict[str, Any]:
    return {"options": {"type": "array", "items": OPTION, "minItems": 2}}


@dataclass(frozen=True)
class ChoiceItem(Item):
    """Single or multiple choice: :class:`SingleItem` and :class:`MultipleItem`."""

    options: tuple[Option, ...] = ()

    MANY: ClassVar[bool] = False  # more than one option may be chosen
    PUBLIC_FIELDS = ("options",)
    KEY_FIELDS = frozenset({"correct", "feedback"})
    SHUFFLE = ("options",)

    @property
    def correct(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options if o.correct)

    @classmethod
    def from_raw(
        cls, check: Checker, i: int, raw: dict[str, Any], common: dict[str, Any]
    ) -> Item | None:
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
            right = set(self.correct)
            hits = sum(1 for c in chosen if c in right)
            wrong = len(chosen) - hits
            if wrong and hits:  # say why right picks can still score little or nothing
                feedback.insert(
                    0,
                    f"You ticked {hits} right option{'s' if hits != 1 else ''} and {wrong} "
                    f"wrong one{'s' if wrong != 1 else ''}; each wrong tick cancels a right one.",
                )
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

    OFFERS_OPTIONS = True

    def answer_parts(
        self, answer: Any, status: str, marks: Mapping[str, float] | None
    ) -> list[str] | None:
        return self._chosen(answer)

    def part_catalogue(self, counts: Mapping[str, int]) -> list[PartSpec]:
        return [(o.id, o.text, o.correct, f"option {o.id} ({o.text})") for o in self.options]

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


@dataclass(frozen=True)
class SingleItem(ChoiceItem):
    KIND = "single"
    ANSWER_SHAPE = "the id of one option, as text (for example 'b')"
    SCHEMA = {"required": ["options"], "properties": _choice_fields()}
    MANY = False


@dataclass(frozen=True)
class MultipleItem(ChoiceItem):
    KIND = "multiple"
    ANSWER_SHAPE = "a list of option ids (for example ['a', 'c']); an empty list is allowed"
    SCHEMA = {"required": ["options"], "properties": _choice_fields()}
    MANY = True
