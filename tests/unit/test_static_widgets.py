"""The demo explorer on "How to use this book", driven headlessly with no front end."""

from __future__ import annotations

from coproduction.widgets.demo import TITLE, modes_demo
from coproduction.widgets.explorer import StateExplorer


def test_demo_is_a_state_explorer_with_three_precomputed_states():
    demo = modes_demo()
    assert isinstance(demo, StateExplorer)
    assert demo.title == TITLE
    assert [c["id"] for c in demo.controls] == ["mode"]
    assert len(demo.views) == 3 and len(demo.index) == 3


def test_demo_steps_through_the_three_modes_in_order():
    demo = modes_demo()
    options = [o["value"] for o in demo.controls[0]["options"]]
    assert options == ["consumer", "participative", "enhanced"]
    headings = []
    for option in options:
        demo.choose(mode=option)
        headings.append(demo.current_html.split("<h4>")[1].split("</h4>")[0])
    assert headings == [
        "Consumer co-production",
        "Participative co-production",
        "Enhanced co-production",
    ]
