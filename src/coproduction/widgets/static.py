"""Controls that keep working in the static book, where no Python kernel runs.

A kernel-free page cannot call Python when a reader moves a control, so each
state of an explorer is rendered when the book is built and placed in an
``ipywidgets.Stack``. The control is linked to the stack's ``selected_index``
with :func:`ipywidgets.jslink`, a link that the widget manager runs in the
browser. In a live kernel the same link works, and Python callbacks can be
added on top.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import ipywidgets as widgets


class StepperError(ValueError):
    """Raised when a stepper is given states it cannot show."""


@dataclass(frozen=True)
class Stepper:
    """A control linked in the browser to a stack of precomputed views.

    Attributes
    ----------
    control:
        The widget a reader moves (a slider).
    stack:
        The ``Stack`` of precomputed views, one per state.
    box:
        The container to display.
    browser_links:
        The ``jslink`` objects that switch views in the browser.
    """

    control: widgets.IntSlider
    stack: widgets.Stack
    box: widgets.VBox
    browser_links: tuple[widgets.widget_link.Link, ...]

    @property
    def index(self) -> int:
        """The state currently selected by the control."""
        return self.control.value

    def select(self, index: int) -> None:
        """Select a state from Python, as a reader would with the control."""
        self.control.value = index


def stepper(
    labels: Sequence[str],
    views: Sequence[widgets.Widget],
    description: str,
    *,
    start: int = 0,
) -> Stepper:
    """Build a slider that switches between precomputed views with no kernel.

    Parameters
    ----------
    labels:
        One short label per state, shown beside the slider as it moves.
    views:
        One widget per state, in the same order as ``labels``.
    description:
        The control's accessible name (also its visible label).
    start:
        The state shown first.

    Returns
    -------
    Stepper
        The control, the stack and the box to display.

    Examples
    --------
    >>> import ipywidgets as w
    >>> s = stepper(["a", "b"], [w.HTML("A"), w.HTML("B")], "Letter")
    >>> s.select(1); s.stack.selected_index
    1
    """
    if len(labels) != len(views):
        raise StepperError(
            f"stepper needs one label per view, got {len(labels)} labels and "
            f"{len(views)} views; pass lists of the same length"
        )
    if not views:
        raise StepperError("stepper needs at least one view to show")
    if not 0 <= start < len(views):
        raise StepperError(f"start={start} is outside 0..{len(views) - 1}")

    control = widgets.IntSlider(
        value=start,
        min=0,
        max=len(views) - 1,
        step=1,
        description=description,
        readout=False,
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="22em"),
    )
    stack = widgets.Stack(children=list(views), selected_index=start)
    label_views = [widgets.HTML(f"<strong>{label}</strong>") for label in labels]
    label_stack = widgets.Stack(children=label_views, selected_index=start)
    browser_links = []
    for target in (stack, label_stack):
        # jslink runs in the browser's widget manager, so it works with no kernel;
        # link keeps the Python side in step in a live kernel and in tests.
        browser_links.append(widgets.jslink((control, "value"), (target, "selected_index")))
        widgets.link((control, "value"), (target, "selected_index"))
    box = widgets.VBox([widgets.HBox([control, label_stack]), stack])
    box.add_class("coproduction-stepper")
    return Stepper(control=control, stack=stack, box=box, browser_links=tuple(browser_links))
