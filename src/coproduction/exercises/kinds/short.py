"""Short answer: text, marked by a person with a rubric."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from coproduction.exercises.kinds.base import (
    CRITERION,
    TEXT,
    AnswerError,
    Checker,
    Criterion,
    Item,
    PartSpec,
    Result,
    _e,
    _fmt,
    number_text,
)


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
    def from_raw(
        cls, check: Checker, i: int, raw: dict[str, Any], common: dict[str, Any]
    ) -> Item | None:
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

    def answer_parts(
        self, answer: Any, status: str, marks: Mapping[str, float] | None
    ) -> list[str] | None:
        """The level given on each criterion, once the answer is marked."""
        if status != "marked" or marks is None:
            return None
        return [f"{c.id}={number_text(marks[c.id])}" for c in self.rubric if c.id in marks]

    def part_catalogue(self, counts: Mapping[str, int]) -> list[PartSpec]:
        """Each criterion's levels, and any mark between them that was given."""
        out: list[PartSpec] = []
        for c in self.rubric:
            levels = {number_text(p): d for p, d in c.levels}
            prefix = f"{c.id}="
            given = {pid[len(prefix) :] for pid in counts if pid.startswith(prefix)}
            values = sorted(set(levels) | given, key=float)
            top = number_text(c.max_points)
            for v in values:
                text = f"{c.criterion} {v} of {top}: {levels.get(v, '(between levels)')}"
                out.append((prefix + v, text, v == top, f"criterion {c.id} at {v}"))
        return out

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
