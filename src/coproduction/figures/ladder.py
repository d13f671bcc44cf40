"""The figure for Arnstein's (1969) ladder of citizen participation.

Eight rungs are drawn from the bottom (1, manipulation) to the top (8, citizen
control), with the three groups as bands beside them. Each group has its own
colour **and** its own hatch, and is named in text, so nothing depends on colour
alone. A selected placement is marked with an arrow, a thick outline on its rung
and its name in words.
"""

from __future__ import annotations

import textwrap

from matplotlib.patches import FancyBboxPatch, Rectangle

from coproduction.cases.model import Frameworks
from coproduction.figures import PALETTE, FigureResult, new_figure, style
from coproduction.models.ladder import bands, has_ladder, place

_EDGE = PALETTE["black"]
# One colour and one line hatch per group (dotted hatches bloat the SVG).
_GROUP_STYLE = {
    "nonparticipation": (PALETTE["vermillion"], "//"),
    "tokenism": (PALETTE["sky"], "--"),
    "citizen-power": (PALETTE["green"], "xx"),
}


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False))


def ladder_description(frameworks: Frameworks) -> str:
    """The ladder in words, bottom to top, grouped: the core of the alt text."""
    parts = []
    for band in bands(frameworks):
        rungs = [f"{r.rung} {r.name.lower()}" for r in band.rungs]
        listed = ", ".join(rungs[:-1]) + " and " + rungs[-1] if len(rungs) > 1 else rungs[0]
        parts.append(f"{listed} ({band.group.label.lower()})")
    return "; ".join(parts)


def ladder_figure(frameworks: Frameworks, highlight: str | None = None) -> FigureResult:
    """Arnstein's ladder, with an optional placement marked on its rung.

    Parameters
    ----------
    frameworks:
        The loaded frameworks (``frameworks.rungs`` and ``frameworks.placements``).
    highlight:
        A placement id to mark with an arrow, a thick outline on its rung and its
        name, or ``None`` for the bare ladder.

    Returns
    -------
    (Figure, str)
        The figure and its alt text, which lists the rungs by group and says
        which activity, if any, is marked on which rung and group.

    Raises
    ------
    LadderError
        If the frameworks have no ladder, or ``highlight`` is not a placement.

    Examples
    --------
    >>> from coproduction.cases import load_frameworks
    >>> fig, alt = ladder_figure(load_frameworks(), highlight="scottish-experience-panels")
    >>> "on rung 5, placation, in the tokenism group" in alt
    True
    """
    if not has_ladder(frameworks):
        from coproduction.models.ladder import LadderError

        raise LadderError("the frameworks have no ladder to draw (no frameworks/ladder.yaml)")
    chosen = place(frameworks, highlight) if highlight is not None else None
    groups = bands(frameworks)
    row_h, gap, bottom = 0.62, 0.14, 0.25
    ys = {r.rung: bottom + (r.rung - 1) * (row_h + gap) for r in frameworks.rungs}
    top = ys[8] + row_h
    band_x0, band_x1 = 0.1, 2.45
    rail_x0, rail_x1 = 2.75, 6.35
    label_x = 7.0

    with style():
        fig = new_figure(7.4, 5.6)
        # Fixed axes and no layout engine: the drawing has no ticks or axis labels,
        # and constrained layout would cost most of the render time of each state.
        fig.set_layout_engine("none")
        ax = fig.add_axes((0.01, 0.01, 0.98, 0.98))
        ax.set_xlim(0, 10.4)
        ax.set_ylim(0, top + 0.6)
        ax.set_axis_off()
        ax.text(
            5.2,
            top + 0.4,
            "Arnstein's (1969) ladder of citizen participation",
            ha="center",
            va="center",
            fontsize=11,
        )

        # Group bands, labelled in text, each with its colour and hatch.
        for band in groups:
            fill, hatch = _GROUP_STYLE[band.group.id]
            y0 = ys[band.lowest] - gap / 2
            y1 = ys[band.highest] + row_h + gap / 2
            ax.add_patch(
                Rectangle(
                    (band_x0, y0),
                    band_x1 - band_x0,
                    y1 - y0,
                    facecolor=fill,
                    alpha=0.25,
                    edgecolor="none",
                    hatch=hatch,
                )
            )
            ax.add_patch(
                Rectangle(
                    (band_x0, y0), band_x1 - band_x0, y1 - y0, facecolor="none", edgecolor=_EDGE
                )
            )
            ax.text(
                (band_x0 + band_x1) / 2,
                (y0 + y1) / 2,
                f"{_wrap(band.group.label, 16)}\n(rungs {band.lowest}\u2013{band.highest})",
                ha="center",
                va="center",
                fontsize=9.5,
                fontweight="bold",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.9, "pad": 2},
            )

        # The rails of the ladder.
        for x in (rail_x0, rail_x1):
            ax.plot([x, x], [bottom - 0.15, top + 0.1], color=_EDGE, linewidth=2.5)

        # The rungs, bottom to top, shaded like their group.
        for r in frameworks.rungs:
            fill, hatch = _GROUP_STYLE[r.group]
            y = ys[r.rung]
            selected = chosen is not None and chosen.rung.id == r.id
            ax.add_patch(
                FancyBboxPatch(
                    (rail_x0, y),
                    rail_x1 - rail_x0,
                    row_h,
                    boxstyle="round,pad=0,rounding_size=0.08",
                    facecolor=fill,
                    alpha=0.18,
                    edgecolor="none",
                    hatch=hatch,
                )
            )
            ax.add_patch(
                FancyBboxPatch(
                    (rail_x0, y),
                    rail_x1 - rail_x0,
                    row_h,
                    boxstyle="round,pad=0,rounding_size=0.08",
                    facecolor="none",
                    edgecolor=_EDGE,
                    linewidth=3.5 if selected else 1.0,
                )
            )
            ax.text(
                (rail_x0 + rail_x1) / 2,
                y + row_h / 2,
                f"{r.rung}  {r.name}",
                ha="center",
                va="center",
                fontsize=10,
                fontweight="bold" if selected else "normal",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5},
            )

        if chosen is not None:
            y = ys[chosen.rung.rung] + row_h / 2
            ax.annotate(
                _wrap(chosen.placement.name, 26),
                xy=(rail_x1 + 0.08, y),
                xytext=(label_x, y),
                ha="left",
                va="center",
                fontsize=9.5,
                fontweight="bold",
                arrowprops={"arrowstyle": "-|>", "color": _EDGE, "linewidth": 2},
                bbox={"facecolor": "white", "edgecolor": _EDGE, "pad": 3},
            )

    alt = (
        "Arnstein's ladder of citizen participation, eight rungs from bottom to top, "
        f"in three groups: {ladder_description(frameworks)}. "
    )
    if chosen is None:
        alt += "No activity is marked."
    else:
        label = " (the book's illustrative placement)" if chosen.placement.illustrative else ""
        alt += (
            f"An arrow marks {chosen.placement.name} on rung {chosen.rung.rung}, "
            f"{chosen.rung.name.lower()}, in the {chosen.group.label.lower()} group{label}."
        )
    return fig, alt
