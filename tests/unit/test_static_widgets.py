"""Widget state logic, driven headlessly with no front end."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from coproduction.widgets.demo import modes_stepper
from coproduction.widgets.static import StepperError, stepper


def test_stepper_control_selects_each_precomputed_view():
    views = [widgets.HTML(f"view {i}") for i in range(4)]
    s = stepper(["a", "b", "c", "d"], views, "Letter")
    assert s.stack.selected_index == 0
    for i in (3, 1, 2):
        s.select(i)
        assert s.stack.selected_index == i
        assert s.stack.children[s.stack.selected_index] is views[i]


def test_stepper_links_run_in_the_browser_too():
    """The static book has no kernel: each view switch must be a jslink."""
    s = stepper(["a", "b"], [widgets.HTML("A"), widgets.HTML("B")], "Letter")
    ends = {(link.source, link.target) for link in s.browser_links}
    assert ((s.control, "value"), (s.stack, "selected_index")) in ends


def test_stepper_control_is_labelled_and_bounded():
    s = stepper(["a", "b", "c"], [widgets.HTML(x) for x in "abc"], "Letter", start=2)
    assert s.control.description == "Letter"
    assert (s.control.min, s.control.max, s.index) == (0, 2, 2)


@pytest.mark.parametrize(
    ("labels", "views", "start", "message"),
    [
        (["a"], [], 0, "one label per view"),
        ([], [], 0, "at least one view"),
        (["a"], ["A"], 3, "outside 0..0"),
    ],
)
def test_stepper_rejects_states_it_cannot_show(labels, views, start, message):
    views = [widgets.HTML(v) for v in views]
    with pytest.raises(StepperError, match=message):
        stepper(labels, views, "Letter", start=start)


def test_demo_steps_through_the_three_modes_in_order():
    s = modes_stepper()
    headings = []
    for i in range(3):
        s.select(i)
        headings.append(s.stack.children[s.stack.selected_index].value)
    assert "Consumer co-production" in headings[0]
    assert "Participative co-production" in headings[1]
    assert "Enhanced co-production" in headings[2]
    assert all("Osborne and Strokosch (2013)" in h for h in headings)
