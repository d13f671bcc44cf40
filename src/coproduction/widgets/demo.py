"""A small demonstration of an explorer control that works in the static book.

It steps through the three modes of co-production of Osborne and Strokosch
(2013, Table 1) with a :class:`~coproduction.widgets.explorer.StateExplorer`, the
widget every explorer in the book uses: three precomputed states, one radio group.
The full explorer, driven by the framework data, is in chapter 3; this one only
shows a reader how explorer controls behave.
"""

from __future__ import annotations

import html

from coproduction.widgets.explorer import ExplorerSpec, StateExplorer, radio

TITLE = "Modes of co-production (demonstration)"

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


def _mode_view(name: str, level: str, aim: str, text: str) -> str:
    rows = "".join(
        f"<tr><th scope='row'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
        for k, v in (("Level", level), ("Aim", aim))
    )
    return (
        f"<div class='coproduction-panel'><h4>{html.escape(name)}</h4>"
        f"<table>{rows}</table><p>{html.escape(text)}</p>"
        "<p><small>Source: Osborne and Strokosch (2013), Table 1.</small></p></div>"
    )


def _value(name: str) -> str:
    return name.split()[0].lower()


def modes_demo() -> StateExplorer:
    """The demo explorer: one radio group that steps through the three modes."""
    by_value = {_value(m[0]): m for m in _MODES}
    spec = ExplorerSpec(
        title=TITLE,
        controls=[radio("mode", "Mode of co-production", [(v, m[0]) for v, m in by_value.items()])],
        render=lambda choice: _mode_view(*by_value[choice["mode"]]),
        caption="Three states, each prepared when the book was built.",
    )
    return StateExplorer(spec)
