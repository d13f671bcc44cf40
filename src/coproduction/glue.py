"""``glue``: give a value computed in a page a name that the page's text can show.

In the book, this is myst-nb's ``glue``: the text refers to the value with
``{glue:text}`name```, so every number in the prose comes from the data. A
notebook downloaded from the book runs in an environment that may have no
myst-nb (it is a book-building tool, not a dependency of this package); there
the value is simply displayed when asked for, and the notebook runs unchanged.
"""

from __future__ import annotations

from typing import Any


def glue(name: str, variable: Any, display: bool = True) -> None:
    """Glue ``variable`` under ``name`` for the book; show it if ``display``."""
    try:
        from myst_nb import glue as myst_glue
    except ImportError:
        if display:
            from IPython.display import display as show

            show(variable)  # type: ignore[no-untyped-call]  # IPython leaves it unannotated
        return
    myst_glue(name, variable, display=display)
