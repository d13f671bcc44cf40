"""Figure for chapter 2: services placed on the continuum of co-production.

A horizontal axis runs from low contact (co-production mediated by an electronic
interface and passive) to high contact (face to face, simultaneous and
continuous), shaded in the three bands of :mod:`coproduction.models.continuum`.
Each service is a labelled marker with its own shape; filled markers are
positions the papers report, hollow ones the book's illustrative placements. A
selected service is marked by a larger marker with a thick outline, a dashed
guide line and the word "selected", never by colour alone. Positions are fixed
by the data, so the same data always give the same picture.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from matplotlib.lines import Line2D

from coproduction.cases.model import Frameworks, ServiceOnContinuum
from coproduction.figures import CYCLE, MARKERS, PALETTE, FigureResult, new_figure, style
from coproduction.models.continuum import BANDS, band_for, services_for

SELECTED = "selected"
_BAND_SHADES = {"low": "#F4F4F4", "medium": "#E6E6E6", "high": "#D9D9D9"}
# The palette without yellow, which is too pale for a small marker on grey.
_COLOURS = tuple(PALETTE[name] for name in CYCLE if name != "yellow")
# Label slots by rank: (side, height). Neighbours alternate above and below the
# axis and between two heights, so close services do not overprint.
_SLOTS = ((1, 0.55), (-1, 0.55), (1, 1.12), (-1, 1.12))


def _wrap(text: str, width: int = 20) -> str:
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False))


def _status_word(s: ServiceOnContinuum) -> str:
    return "illustrative" if s.illustrative else "reported"


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith(".") else text + "."


def continuum_figure(
    frameworks: Frameworks,
    highlight: str | None = None,
    services: Sequence[ServiceOnContinuum] | None = None,
) -> FigureResult:
    """The services placed on the continuum of contact between user and provider.

    Parameters
    ----------
    frameworks:
        The loaded frameworks (``frameworks.continuum``).
    highlight:
        A service id to mark as selected, or ``None`` for none.
    services:
        The services to draw (by default all of them); ``highlight`` must be
        one of them.

    Returns
    -------
    (Figure, str)
        The figure and its alt text, which lists every service with its position
        and band, and names the selected service, its position and how users
        co-produce it.

    Examples
    --------
    >>> from coproduction.cases import load_frameworks
    >>> fig, alt = continuum_figure(load_frameworks(), highlight="online-tax-return")
    >>> "Selected: Filing a tax return online, at 0.08" in alt
    True
    """
    items = tuple(sorted(services, key=lambda s: (-s.contact, s.name))) if services else ()
    if services is None:
        items = services_for(frameworks)
    by_id = {s.id: s for s in items}
    if highlight is not None and highlight not in by_id:
        known = ", ".join(by_id) or "none"
        raise KeyError(f"no service {highlight!r} to highlight; the services are: {known}")

    with style():
        fig = new_figure(7.6, 4.4)
        # Fixed margins instead of constrained layout: the layout is the same for
        # every state, and skipping the layout pass halves the time to draw.
        fig.set_layout_engine("none")
        ax = fig.add_axes((0.01, 0.08, 0.98, 0.85))
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlim(-0.04, 1.04)
        ax.set_ylim(-1.95, 2.15)
        ax.set_axis_off()
        ax.set_title("A continuum of co-production: contact between user and provider")

        # Bands: shading, a boundary line and a name (text, not only shade).
        for band in BANDS:
            ax.axvspan(
                band.lower, band.upper, ymin=0.04, ymax=0.96, color=_BAND_SHADES[band.id], zorder=0
            )
            if band.lower > 0:
                ax.axvline(band.lower, color="#999999", linestyle=":", linewidth=1, zorder=1)
            label = band.name + ("" if band.reported else "\n(book's interpolation)")
            ax.text(
                (band.lower + band.upper) / 2,
                2.05,
                label,
                ha="center",
                va="top",
                fontsize=9,
                fontweight="bold",
                color="#333333",
            )

        # The axis itself, with its two ends explained in words.
        ax.annotate(
            "",
            xy=(1.0, 0),
            xytext=(0.0, 0),
            arrowprops={"arrowstyle": "<|-|>", "color": PALETTE["black"], "linewidth": 1.4},
            zorder=2,
        )
        ax.text(0.0, -1.78, "0: mediated, passive", ha="left", va="bottom", fontsize=8.5)
        ax.text(1.0, -1.78, "1: face to face, continuous", ha="right", va="bottom", fontsize=8.5)

        if not items:
            ax.text(
                0.5,
                0.5,
                "No services are placed on the continuum",
                ha="center",
                va="center",
                fontsize=10,
                bbox={"facecolor": "white", "edgecolor": PALETTE["black"], "pad": 4},
            )

        for rank, s in enumerate(items):
            chosen = s.id == highlight
            faded = highlight is not None and not chosen
            side, height = _SLOTS[rank % len(_SLOTS)]
            c = _COLOURS[rank % len(_COLOURS)]
            alpha = 0.45 if faded else 1.0
            ax.plot(
                [s.contact, s.contact],
                [0, side * (height - 0.12)],
                color="#555555",
                linewidth=0.8,
                alpha=alpha,
                zorder=2,
            )
            ax.plot(
                s.contact,
                0,
                marker=MARKERS[rank % len(MARKERS)],
                markersize=17 if chosen else 11,
                markerfacecolor="white" if s.illustrative else c,
                markeredgecolor=PALETTE["black"] if chosen else c,
                markeredgewidth=3.0 if chosen else 2.0,
                alpha=alpha,
                linestyle="none",
                zorder=4 if chosen else 3,
            )
            ha = "left" if s.contact < 0.15 else "right" if s.contact > 0.85 else "center"
            text = _wrap(s.name)
            if chosen:
                text = f"\u25b6 {SELECTED}\n{text}"
            ax.text(
                s.contact,
                side * height,
                text,
                ha=ha,
                va="bottom" if side > 0 else "top",
                fontsize=9 if chosen else 8.5,
                fontweight="bold" if chosen else "normal",
                alpha=1.0 if not faded else 0.7,
                zorder=5,
                bbox={
                    "facecolor": "white",
                    "edgecolor": PALETTE["black"] if chosen else "none",
                    "linewidth": 1.5,
                    "alpha": 0.9,
                    "pad": 2,
                },
            )
            if chosen:
                ax.axvline(
                    s.contact,
                    ymin=0.08,
                    ymax=0.84,
                    color=PALETTE["black"],
                    linestyle="--",
                    linewidth=1.2,
                    zorder=1,
                )

        handles = [
            Line2D([], [], marker="o", linestyle="none", markersize=8, color="#555555",
                   label="filled: the papers place it"),
            Line2D([], [], marker="o", linestyle="none", markersize=8, markerfacecolor="white",
                   markeredgecolor="#555555", markeredgewidth=2,
                   label="hollow: the book's illustrative placement"),
        ]  # fmt: skip
        fig.legend(
            handles=handles, loc="outside lower center", ncols=2, frameon=False, fontsize=8.5
        )

    listed = "; ".join(
        f"{s.name} at {s.contact:.2f} ({band_for(s.contact).name.lower()}, {_status_word(s)})"
        for s in items
    )
    low, medium, high = (b for b in sorted(BANDS, key=lambda b: b.lower))
    alt = (
        "A horizontal continuum of contact between service user and provider, from low "
        "contact on the left (0: co-production mediated by an electronic interface and "
        "passive) to high contact on the right (1: face to face, simultaneous and "
        f"continuous), shaded in three bands: low below {medium.lower:.2f}, medium (the "
        f"book's interpolation) and high from {high.lower:.2f}. "
    )
    if items:
        alt += (
            f"{len(items)} services are marked, each with its own marker shape, from most to "
            f"least contact: {listed}. Filled markers are positions the papers report; hollow "
            "markers are the book's illustrative placements; every number is the book's. "
        )
    else:
        alt += "No services are placed on the continuum. "
    if highlight is None:
        alt += "No service is selected."
    else:
        s = by_id[highlight]
        band = band_for(s.contact)
        placed = (
            "a position the papers report" if not s.illustrative else "an illustrative placement"
        )
        alt += (
            f"Selected: {s.name}, at {s.contact:.2f} in the {band.name.lower()} band "
            f"({placed}; large marker with a thick outline, marked '{SELECTED}'). "
            f"How users co-produce it: {_sentence(s.how_users_coproduce)}"
        )
    return fig, alt
