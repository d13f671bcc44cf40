"""A small demonstration of a control that works in the static book.

It steps through the three modes of co-production of Osborne and Strokosch
(2013, Table 1). The full explorer, driven by the framework data, is in
chapter 3; this one only shows a reader how explorer controls behave.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from coproduction.widgets.static import Stepper, stepper

# Osborne & Strokosch (2013), Table 1 and the section "Integrating the public
# administration and services management perspectives", in the book's words.
_MODES = (
    (
        "Consumer co-production",
        "Operational level",
        "User empowerment",
        "Arises because a service is produced and consumed at the same time: the "
        "user's expectations and experience shape the service encounter.",
    ),
    (
        "Participative co-production",
        "Strategic level",
        "User participation",
        "Users take part in planning and designing the service, for example through "
        "consultation and participative planning.",
    ),
    (
        "Enhanced co-production",
        "Operational and strategic levels together",
        "User-led innovation",
        "Combines the two to change how the service is delivered: new forms of "
        "service, led by what users know.",
    ),
)


def _mode_view(name: str, level: str, aim: str, text: str) -> widgets.HTML:
    rows = "".join(
        f"<tr><th scope='row'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
        for k, v in (("Level", level), ("Aim", aim))
    )
    return widgets.HTML(
        f"<div class='coproduction-panel'><h4>{html.escape(name)}</h4>"
        f"<table>{rows}</table><p>{html.escape(text)}</p>"
        "<p><small>Source: Osborne and Strokosch (2013), Table 1.</small></p></div>"
    )


def modes_stepper() -> Stepper:
    """Return the demo stepper (its state objects are what tests drive)."""
    views = [_mode_view(*mode) for mode in _MODES]
    return stepper([m[0] for m in _MODES], views, "Mode of co-production")


def modes_demo() -> widgets.VBox:
    """Display the demo: a slider that steps through the three modes."""
    return modes_stepper().box
