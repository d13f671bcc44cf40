"""Classify: place a case in one category of a framework (a scheme)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from coproduction.exercises.kinds.base import (
    CATEGORY,
    SCHEMES,
    SLUG,
    TEXT,
    AnswerError,
    Checker,
    Item,
    PartSpec,
    Result,
    _e,
    _ids,
)


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
    def from_raw(
        cls, check: Checker, i: int, raw: dict[str, Any], common: dict[str, Any]
    ) -> Item | None:
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

    def answer_parts(
        self, answer: Any, status: str, marks: Mapping[str, float] | None
    ) -> list[str] | None:
        return [answer]

    def part_catalogue(self, counts: Mapping[str, int]) -> list[PartSpec]:
        return [
            (c, label, c == self.answer, f"category {c} ({label})") for c, label in self.categories
        ]

    def key_in_words(self) -> str:
        return html.escape(dict(self.categories)[self.answer])

    def describe(self, answer: Any) -> str:
        return f"<p>{_e(dict(self.categories)[answer])}</p>"
