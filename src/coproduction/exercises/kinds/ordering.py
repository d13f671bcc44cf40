"""Ordering: put steps in order; partial credit for pairs in the right order."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from coproduction.exercises.kinds.base import (
    ENTRY,
    AnswerError,
    Checker,
    Entry,
    Item,
    PartSpec,
    Result,
    _e,
    _ids,
    _is_text_list,
    _stable_order,
)


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
    def from_raw(
        cls, check: Checker, i: int, raw: dict[str, Any], common: dict[str, Any]
    ) -> Item | None:
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

    def answer_parts(
        self, answer: Any, status: str, marks: Mapping[str, float] | None
    ) -> list[str] | None:
        return [f"{s}@{k}" for k, s in enumerate(answer, 1)]

    def part_catalogue(self, counts: Mapping[str, int]) -> list[PartSpec]:
        """Each step at its right position, or at a position someone gave it."""
        out: list[PartSpec] = []
        for right, s in enumerate(self.steps, 1):
            for k in range(1, len(self.steps) + 1):
                pid = f"{s.id}@{k}"
                if k == right or counts.get(pid):
                    text = f"position {k}: {s.text}"
                    out.append((pid, text, k == right, f"step {s.id} ({s.text}) at position {k}"))
        return out

    def key_in_words(self) -> str:
        return " &rarr; ".join(html.escape(s.text) for s in self.steps)

    def describe(self, answer: Any) -> str:
        text = {s.id: s.text for s in self.steps}
        return "<ol>" + "".join(f"<li>{_e(text[s])}</li>" for s in answer) + "</ol>"
