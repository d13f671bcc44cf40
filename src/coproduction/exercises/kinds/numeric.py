"""Numeric: a number, typed or computed from a case's data, within a tolerance."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from coproduction.exercises.kinds.base import (
    COMPUTE,
    HINT,
    TEXT,
    AnswerError,
    Checker,
    Item,
    PartSpec,
    Result,
    _e,
    number_text,
)


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
    def from_raw(
        cls, check: Checker, i: int, raw: dict[str, Any], common: dict[str, Any]
    ) -> Item | None:
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
                q = compute(raw["compute"], check.folder)
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
        if answer is None:  # the schema requires 'answer' where there is no 'compute'
            return None
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

    #: The most different wrong values listed on their own; the rest are "other".
    WRONG_VALUES: ClassVar[int] = 5

    def answer_parts(
        self, answer: Any, status: str, marks: Mapping[str, float] | None
    ) -> list[str] | None:
        key = number_text(self.answer)
        if status == "right":
            return [key]
        value = number_text(float(answer))
        return [value if value != key else f"{float(answer):.12g}"]  # wrong, if close

    def part_catalogue(self, counts: Mapping[str, int]) -> list[PartSpec]:
        """The answer, then the commonest wrong values, then "other"."""
        unit = f" {self.unit}" if self.unit else ""
        key = number_text(self.answer)
        tol = f" (\u00b1{number_text(self.tolerance)})" if self.tolerance else ""
        wrong = sorted(
            ((n, v) for v, n in counts.items() if v != key and v != "other"),
            key=lambda nv: (-nv[0], float(nv[1])),
        )
        shown = self.WRONG_VALUES
        out: list[PartSpec] = [(key, f"{key}{unit}{tol}", True, f"the answer {key}{unit}")]
        out += [(v, f"{v}{unit}", False, f"the answer {v}{unit}") for _, v in wrong[:shown]]
        if len(wrong) > shown:
            out.append(("other", "any other value", False, "other values"))
        return out

    def key_in_words(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        tol = f" (&plusmn;{self.tolerance:g})" if self.tolerance else ""
        return f"{self.answer:g}{html.escape(unit)}{tol}"

    def describe(self, answer: Any) -> str:
        unit = f" {self.unit}" if self.unit else ""
        shown = number_text(float(answer)) if isinstance(answer, int | float) else answer
        return f"<p>{_e(shown)}{_e(unit)}</p>"
