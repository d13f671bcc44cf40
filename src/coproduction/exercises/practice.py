"""Practice questions with feedback on every answer, working in the static book.

Each item's options and feedback are embedded in the page, so checking an answer
needs no kernel; the feedback stays hidden until the reader has chosen and
pressed *Check*, so it is never seen before trying. (Assessed sets, whose keys
must not reach students, are built differently.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import anywidget
import ipywidgets as widgets
import traitlets
import yaml

HERE = Path(__file__).parent
BANK = Path(__file__).resolve().parents[3] / "exercises" / "bank"


class ItemError(ValueError):
    """An item in the bank is malformed; the message names the file and item."""


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class ChoiceItem:
    id: str
    kind: str  # "single" or "multiple"
    prompt: str
    options: tuple[Option, ...]
    source: str

    @property
    def correct(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options if o.correct)

    def score(self, answer: Sequence[str]) -> float:
        """1 for a right single answer; for multiple choice, right picks minus wrong
        picks over the number of right options, never below 0."""
        chosen = set(answer)
        unknown = chosen - {o.id for o in self.options}
        if unknown:
            raise ItemError(f"{self.id}: unknown option(s) {sorted(unknown)}")
        right = set(self.correct)
        if self.kind == "single":
            return 1.0 if chosen == right else 0.0
        hits, misses = len(chosen & right), len(chosen - right)
        return max(0.0, (hits - misses) / len(right))


def _item(raw: dict, where: str) -> ChoiceItem:
    problems = []
    for key in ("id", "kind", "prompt", "options", "source"):
        if key not in raw:
            problems.append(f"missing field '{key}'")
    if problems:
        raise ItemError(f"{where}: " + "; ".join(problems))
    if raw["kind"] not in ("single", "multiple"):
        raise ItemError(f"{where}: kind must be 'single' or 'multiple', got {raw['kind']!r}")
    options = []
    for i, o in enumerate(raw["options"]):
        missing = [k for k in ("id", "text", "correct", "feedback") if k not in o]
        if missing:
            raise ItemError(f"{where}, option {i + 1}: missing {', '.join(missing)}")
        options.append(Option(str(o["id"]), o["text"], bool(o["correct"]), o["feedback"]))
    item = ChoiceItem(raw["id"], raw["kind"], raw["prompt"], tuple(options), raw["source"])
    n_right = len(item.correct)
    if n_right == 0 or (item.kind == "single" and n_right != 1):
        raise ItemError(
            f"{where}: a {item.kind}-choice item needs exactly one right option"
            if item.kind == "single"
            else f"{where}: no option is marked correct"
        )
    ids = [o.id for o in options]
    if len(set(ids)) != len(ids):
        raise ItemError(f"{where}: option ids repeat: {ids}")
    return item


def load_items(name: str, bank: Path | None = None) -> list[ChoiceItem]:
    """The practice items of one bank file, e.g. ``load_items("chapter-03")``."""
    path = (bank or BANK) / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ItemError(f"{path.name}: expected a mapping with a list under 'items'")
    items = [
        _item(raw, f"{path.name}, item {i + 1} ({raw.get('id', '?')})")
        for i, raw in enumerate(data["items"])
    ]
    ids = [it.id for it in items]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ItemError(f"{path.name}: item ids repeat: {dupes}")
    return items


class PracticeItem(anywidget.AnyWidget):
    """One question: choose, press Check, read the feedback on each choice."""

    _esm = HERE / "practice.js"
    _css = HERE / "practice.css"

    item_id = traitlets.Unicode().tag(sync=True)
    number = traitlets.Int(1).tag(sync=True)
    kind = traitlets.Unicode("single").tag(sync=True)
    prompt = traitlets.Unicode().tag(sync=True)
    options = traitlets.List(traitlets.Dict()).tag(sync=True)
    answer = traitlets.List(traitlets.Unicode()).tag(sync=True)
    checked = traitlets.Bool(False).tag(sync=True)

    def __init__(self, item: ChoiceItem, number: int = 1, **kwargs):
        self.item = item
        super().__init__(
            item_id=item.id,
            number=number,
            kind=item.kind,
            prompt=item.prompt,
            options=[
                {"id": o.id, "text": o.text, "correct": o.correct, "feedback": o.feedback}
                for o in item.options
            ],
            **kwargs,
        )

    def check(self, *answer: str) -> float:
        """Answer from Python (as a reader would) and return the score."""
        score = self.item.score(answer)
        self.answer = list(answer)
        self.checked = True
        return score

    @property
    def feedback(self) -> list[str]:
        """The feedback a reader sees for the current answer, once checked."""
        if not self.checked:
            return []
        by_id = {o.id: o for o in self.item.options}
        return [by_id[a].feedback for a in self.answer]


def self_check(name: str, ids: Sequence[str] | None = None) -> widgets.VBox:
    """A chapter's self-check: the named bank file's items (or a chosen few)."""
    items = load_items(name)
    if ids is not None:
        by_id = {it.id: it for it in items}
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise ItemError(f"{name}.yaml has no item(s) {missing}")
        items = [by_id[i] for i in ids]
    return widgets.VBox([PracticeItem(it, n) for n, it in enumerate(items, 1)])
