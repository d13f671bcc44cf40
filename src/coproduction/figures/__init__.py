"""Figures: one function per figure, each returning ``(Figure, alt_text)``.

Conventions shared by every figure in the book:

- colours come from :data:`PALETTE` (Okabe and Ito's colour-blind-safe set), and
  meaning is never carried by colour alone: shapes, line styles, hatches or
  labels repeat it;
- layouts are deterministic (fixed positions or seeded layouts), so the same data
  always gives the same picture;
- figures have a white background, so they read the same in the book's light
  and dark themes;
- the alt text says what the figure shows, not that it is a figure.
"""

from __future__ import annotations

import io
import re
from contextlib import AbstractContextManager
from html import escape
from typing import TYPE_CHECKING, Any, Literal

import matplotlib
from matplotlib.figure import Figure

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

# No backend is chosen and pyplot is never imported: figures are drawn on their
# own canvas and saved as SVG, so a reader's JupyterLab keeps its inline backend.

# Okabe & Ito (2008), "Color universal design": distinguishable with the common
# forms of colour-vision deficiency.
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#7F7F7F",
}
# A fixed order for categorical data.
CYCLE = ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "++", "--")

STYLE: dict[RcKeyType, Any] = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "font.size": 10,
    "axes.titlesize": 11,
    "svg.fonttype": "none",  # keep text as text: smaller, searchable, readable aloud
    "svg.hashsalt": "coproduction",  # stable ids, so the same figure gives the same SVG
}

FigureResult = tuple[Figure, str]


def colour(i: int) -> str:
    """The i-th categorical colour."""
    return PALETTE[CYCLE[i % len(CYCLE)]]


def style() -> AbstractContextManager[None]:
    """The book's matplotlib style, as a context manager: draw figures inside it.

    >>> with style():
    ...     fig = new_figure()
    ...     ax = fig.subplots()
    """
    return matplotlib.rc_context(STYLE)


def new_figure(
    width: float = 7.0,
    height: float = 4.5,
    layout: Literal["constrained", "compressed", "tight"] | None = "constrained",
) -> Figure:
    """A figure not registered with pyplot, so notebooks never show it twice.

    ``layout=None`` suits figures laid out by hand: the constrained layout engine
    runs again on every save, which doubles the drawing time.
    """
    return Figure(figsize=(width, height), layout=layout)


def to_svg(fig: Figure, alt: str) -> str:
    """The figure as inline SVG, labelled for screen readers with its alt text."""
    buf = io.StringIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{escape(alt, quote=True)}" '
        'style="max-width:100%;height:auto" ',
        1,
    )
    return svg


def figure_html(fig: Figure, alt: str, caption: str | None = None) -> str:
    """A ``<figure>`` with the SVG, its alt text and an optional caption."""
    cap = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return f"<figure class='coproduction-figure'>{to_svg(fig, alt)}{cap}</figure>"


class FigureDisplay:
    """Displays a figure with its alt text in notebooks and in the built book."""

    def __init__(self, fig: Figure, alt: str, caption: str | None = None):
        self.fig, self.alt, self.caption = fig, alt, caption

    def _repr_html_(self) -> str:
        return figure_html(self.fig, self.alt, self.caption)


def show(result: FigureResult, caption: str | None = None) -> FigureDisplay:
    """Wrap ``(fig, alt)`` for display: ``show(modes_figure())`` in a notebook cell."""
    fig, alt = result
    return FigureDisplay(fig, alt, caption)
