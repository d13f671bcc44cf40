"""A generic explorer whose controls work in the static book with no kernel.

Every state a reader can reach is rendered in Python when the book is built and
stored in the widget's ``states``; the widget's small JavaScript front end
(``explorer.js``) draws native, labelled controls (radio groups and check boxes,
operable by keyboard) and shows the state that matches the current choice. In a
live kernel the same widget syncs ``value`` back to Python, where a ``renderer``
can draw states that were not precomputed (for a reader's own case).

Explorers build one of these from a model; tests drive it through
:meth:`StateExplorer.choose` and :attr:`StateExplorer.current_html` with no
front end at all.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anywidget
import traitlets

HERE = Path(__file__).parent
KEY_SEPARATOR = "|"


class ExplorerError(ValueError):
    """An explorer was given controls or a choice it cannot show."""


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Control:
    """One control: a radio group (``radio``) or a single check box (``checkbox``).

    A check box's options are its off and on values, in that order.
    """

    id: str
    label: str
    options: tuple[Option, ...]
    kind: str = "radio"
    help: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "kind": self.kind,
            "help": self.help or "",
            "options": [{"value": o.value, "label": o.label} for o in self.options],
        }


def radio(
    id: str, label: str, options: Sequence[tuple[str, str]], help: str | None = None
) -> Control:
    """A radio group from ``(value, label)`` pairs."""
    return Control(id, label, tuple(Option(v, lab) for v, lab in options), "radio", help)


def checkbox(id: str, label: str, help: str | None = None) -> Control:
    """A check box whose values are ``"off"`` and ``"on"``."""
    return Control(id, label, (Option("off", "off"), Option("on", "on")), "checkbox", help)


@dataclass
class ExplorerSpec:
    """What an explorer shows: its controls and a function from a choice to HTML."""

    title: str
    controls: Sequence[Control]
    render: Callable[[Mapping[str, str]], str]
    caption: str = ""
    initial: Mapping[str, str] = field(default_factory=dict)


def _intern(views: list[str], html: str) -> int:
    """The index of ``html`` in ``views``, appending it if it is new."""
    try:
        return views.index(html)
    except ValueError:
        views.append(html)
        return len(views) - 1


def state_key(controls: Sequence[Control], value: Mapping[str, str]) -> str:
    return KEY_SEPARATOR.join(value[c.id] for c in controls)


class StateExplorer(anywidget.AnyWidget):
    """An anywidget that switches between precomputed states in the browser."""

    _esm = HERE / "explorer.js"
    _css = HERE / "explorer.css"

    title = traitlets.Unicode("").tag(sync=True)
    caption = traitlets.Unicode("").tag(sync=True)
    controls = traitlets.List(traitlets.Dict()).tag(sync=True)
    value = traitlets.Dict().tag(sync=True)
    # Distinct views, and for each state key the index of its view: many choices
    # share a view (e.g. a scenario that overrides the dimensions), and each view
    # is stored once in the page.
    views = traitlets.List(traitlets.Unicode()).tag(sync=True)
    index = traitlets.Dict().tag(sync=True)

    def __init__(self, spec: ExplorerSpec, precompute: bool = True, **kwargs: Any):
        controls = list(spec.controls)
        if not controls:
            raise ExplorerError("an explorer needs at least one control")
        ids = [c.id for c in controls]
        if len(set(ids)) != len(ids):
            raise ExplorerError(f"control ids must be unique, got {ids}")
        for c in controls:
            if not c.options:
                raise ExplorerError(f"control {c.id!r} has no options")
        value = {c.id: c.options[0].value for c in controls}
        for cid, v in spec.initial.items():
            self._check_choice(controls, cid, v)
            value[cid] = v
        self._spec = spec
        self._controls = controls
        choices = (
            [
                {c.id: o.value for c, o in zip(controls, combo, strict=True)}
                for combo in itertools.product(*(c.options for c in controls))
            ]
            if precompute
            else [value]
        )
        views: list[str] = []
        index: dict[str, int] = {}
        for choice in choices:
            index[state_key(controls, choice)] = _intern(views, spec.render(choice))
        super().__init__(
            title=spec.title,
            caption=spec.caption,
            controls=[c.as_dict() for c in controls],
            value=value,
            views=views,
            index=index,
            **kwargs,
        )
        self.observe(self._fill_missing_state, names="value")

    @staticmethod
    def _check_choice(controls: Sequence[Control], control: str, option: str) -> None:
        by_id = {c.id: c for c in controls}
        if control not in by_id:
            raise ExplorerError(f"no control {control!r}; controls are: {', '.join(by_id)}")
        values = [o.value for o in by_id[control].options]
        if option not in values:
            raise ExplorerError(
                f"{option!r} is not an option of {control!r}; options are: {', '.join(values)}"
            )

    def _fill_missing_state(self, change: Mapping[str, Any]) -> None:
        key = state_key(self._controls, change["new"])
        if key not in self.index:
            views = list(self.views)
            i = _intern(views, self._spec.render(change["new"]))
            self.views = views
            self.index = {**self.index, key: i}

    @property
    def states(self) -> dict[str, str]:
        """Every state rendered so far: state key -> its HTML."""
        return {key: self.views[i] for key, i in self.index.items()}

    @property
    def key(self) -> str:
        return state_key(self._controls, self.value)

    @property
    def current_html(self) -> str:
        """The HTML shown for the current choice."""
        return str(self.views[self.index[self.key]])

    def choose(self, **choice: str) -> StateExplorer:
        """Change controls from Python, as a reader would: ``choose(phase="review")``."""
        for control, option in choice.items():
            self._check_choice(self._controls, control, option)
        self.value = {**self.value, **choice}
        return self


def split_static_state(state: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split an explorer's saved widget state for a static page.

    Returns the state the page carries (only the view of the current choice, so
    the explorer shows it at once) and the traits loaded when the explorer comes
    into view (every view and the index of states). Used by the book's build
    (:mod:`coproduction.book.widgethost`); a live kernel syncs the whole state.

    >>> kept, lazy = split_static_state(
    ...     {"controls": [{"id": "a"}], "value": {"a": "y"},
    ...      "views": ["X", "Y"], "index": {"x": 0, "y": 1}})
    >>> kept["views"], kept["index"], lazy["views"]
    (['Y'], {'y': 0}, ['X', 'Y'])
    """
    views, index = state.get("views") or [], state.get("index") or {}
    kept = {k: v for k, v in state.items() if k not in ("views", "index")}
    value = state.get("value") or {}
    key = KEY_SEPARATOR.join(str(value.get(c.get("id"), "")) for c in state.get("controls", []))
    if key in index and 0 <= index[key] < len(views):
        kept["views"], kept["index"] = [views[index[key]]], {key: 0}
    else:
        kept["views"], kept["index"] = [], {}
    return kept, {"views": list(views), "index": dict(index)}
