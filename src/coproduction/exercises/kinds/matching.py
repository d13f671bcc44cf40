"""Matching: pair each left-hand entry with a right-hand one (distractors allowed)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from coproduction.exercises.kinds.base import (
    ENTRY,
    SLUG,
    AnswerError,
    Checker,
    Entry,
    Item,
    PartSpec,
    Result,
    _e,
    _ids,
    _is_text_map,
    _stable_order,
)


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
    def from_raw(
        cls, check: Checker, i: int, raw: dict[str, Any], common: dict[str, Any]
    ) -> Item | None:
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

    def answer_parts(
        self, answer: Any, status: str, marks: Mapping[str, float] | None
    ) -> list[str] | None:
        return [f"{k}={v}" for k, v in answer.items()]

    def part_catalogue(self, counts: Mapping[str, int]) -> list[PartSpec]:
        """Each pair in the key or given by someone."""
        out: list[PartSpec] = []
        for e in self.left:
            for r in self.right:
                pid = f"{e.id}={r.id}"
                keyed = self.key_map.get(e.id) == r.id
                if keyed or counts.get(pid):
                    text = f"{e.text} \u2192 {r.text}"
                    out.append((pid, text, keyed, f"the match {text}"))
        return out

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
