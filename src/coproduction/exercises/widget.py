"""One widget for every kind of item, in practice mode and in assessed mode.

:class:`ItemWidget` draws any item of :mod:`coproduction.exercises.items` with
native, labelled controls (``widget.js``): radio buttons, check boxes, one
``<select>`` per entry to match, *Move up* / *Move down* buttons to order steps,
a number field, a text area.

**Practice mode** (the book). The widget's ``spec`` is :meth:`Item.practice`: the
key and all the feedback are in the page, so the front end checks an answer with
no kernel, by the same rules as :meth:`Item.check`, and shows the verdict and the
feedback for what the reader chose. Nothing is shown before the reader answers.
In a live kernel :attr:`ItemWidget.result` is :meth:`Item.check` of the current
answer.

**Assessed mode** (a released notebook). The ``spec`` is :meth:`Item.public`, with
no key and no feedback. *Submit answer* sends the answer to Python, where a
``recorder(item_id, answer)`` saves it and returns the attempt number; the widget
then says "Answer recorded (attempt N at HH:MM UTC)." or why nothing was recorded.

Tests drive both modes from Python with no front end: set :attr:`answer` (or call
:meth:`ItemWidget.submit`) as the front end would.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from coproduction.exercises.kinds import ALL_KEY_FIELDS, AnswerError, Item, Result, key_fields
from coproduction.exercises.responses import SubmissionError

__all__ = ["KEY_FIELDS", "MODES", "ItemWidget", "WidgetError", "key_fields"]

HERE = Path(__file__).parent
MODES = ("practice", "assessed")

# Fields of a practice spec that give the key or the feedback away (every kind's
# KEY_FIELDS): none may be in an assessed widget's state.
KEY_FIELDS = ALL_KEY_FIELDS

#: What the recorder returns: the attempt number, or the attempt number and the
#: time the answer was recorded (the status then shows that time).
Attempt = int | tuple[int, datetime]
Recorder = Callable[[str, Any], Attempt]


class WidgetError(ValueError):
    """An item widget was built or used in a way that cannot work."""


class ItemWidget(anywidget.AnyWidget):
    """One question of any kind, in practice or assessed mode.

    Parameters
    ----------
    item
        An :class:`~coproduction.exercises.items.Item`, or (assessed mode only) the
        public form of one, as a student release holds it.
    mode
        ``"practice"`` (key and feedback in the page) or ``"assessed"`` (no key).
    number
        The question number shown to the reader.
    recorder
        Assessed mode: ``recorder(item_id, answer)`` saves an answer and returns its
        attempt number (or ``(attempt, time recorded)``). It raises
        :class:`~coproduction.exercises.items.AnswerError` or
        :class:`~coproduction.exercises.responses.SubmissionError` to refuse one.

    Examples
    --------
    >>> from coproduction.exercises.items import load_items
    >>> w = ItemWidget(load_items("chapter-01")[0])
    >>> w.answer = w.item.key()
    >>> w.result.verdict
    'right'
    """

    _esm = HERE / "widget.js"
    _css = HERE / "widget.css"

    spec = traitlets.Dict().tag(sync=True)
    mode = traitlets.Enum(MODES, default_value="practice").tag(sync=True)
    number = traitlets.Int(1).tag(sync=True)
    answer = traitlets.Any(None, allow_none=True).tag(sync=True)
    submitted = traitlets.Int(0).tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    checked = traitlets.Bool(False).tag(sync=True)

    def __init__(
        self,
        item: Item | Mapping[str, Any],
        *,
        mode: str = "practice",
        number: int = 1,
        recorder: Recorder | None = None,
        clock: Callable[[], datetime] | None = None,
        **kwargs: Any,
    ):
        if mode not in MODES:
            raise WidgetError(f"mode must be one of {MODES}, got {mode!r}")
        if isinstance(item, Item):
            self.item: Item | None = item
            spec = item.practice() if mode == "practice" else item.public()
            if mode == "practice" and item.note:
                # Shown after an answer: most notes say where an item rests on the book's
                # own reading rather than on what the papers report.
                spec["note"] = item.note
        elif mode == "practice":
            raise WidgetError(
                "a practice widget checks answers, so it needs the Item itself (from "
                "coproduction.exercises.items.load_items), not a dict"
            )
        else:
            self.item = None
            spec = dict(item)
            leaks = key_fields(spec)
            if leaks:
                raise WidgetError(
                    f"item {spec.get('id', '?')}: an assessed widget must not carry the key or "
                    f"feedback, but the item has {', '.join(leaks)}; give it item.public()"
                )
        if mode == "practice" and recorder is not None:
            raise WidgetError("only an assessed widget records answers; leave out recorder")
        self.recorder = recorder
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        super().__init__(spec=spec, mode=mode, number=number, **kwargs)
        self.observe(self._on_submit, names="submitted")

    @property
    def item_id(self) -> str:
        return str(self.spec["id"])

    @property
    def result(self) -> Result | None:
        """:meth:`Item.check` of the current answer (``None`` before any answer).

        Raises :class:`~coproduction.exercises.items.AnswerError` for an answer of
        the wrong shape, and :class:`WidgetError` for a widget built from a release,
        which has no key to check against.
        """
        if self.item is None:
            raise WidgetError(
                f"item {self.item_id}: this widget was built from a student release, "
                "which has no key; the grader scores the submission file"
            )
        if self.answer is None:
            return None
        return self.item.check(self.answer)

    def submit(self, answer: Any) -> str:
        """Submit an answer as the *Submit answer* button does; return the status shown."""
        if self.mode != "assessed":
            raise WidgetError("only an assessed widget submits answers; set .answer to check one")
        self.answer = answer
        self.submitted += 1
        return self.status

    def _on_submit(self, change: Mapping[str, Any]) -> None:
        if self.mode != "assessed" or change["new"] <= change["old"]:
            return
        self.status = self._record(self.answer)

    def _record(self, answer: Any) -> str:
        if self.recorder is None:
            return (
                "Not recorded: this question has nowhere to save answers. Open the notebook "
                "your lecturer released and run all its cells."
            )
        try:
            got = self.recorder(self.item_id, answer)
        except (AnswerError, SubmissionError) as err:
            return f"Not recorded: {err}"
        except OSError as err:
            return f"Not recorded: the answer could not be saved ({err.strerror or err})."
        attempt, when = got if isinstance(got, tuple) else (got, self._clock())
        when = when.astimezone(timezone.utc)
        return f"Answer recorded (attempt {attempt} at {when:%H:%M} UTC)."
