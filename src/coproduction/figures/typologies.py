"""Figures for Osborne's typologies: the three modes and the 2x2 matrix.

Both figures are drawn from the framework data, with fixed positions, so the
same data always give the same picture. A highlighted mode or cell is marked by
a thick outline, a hatch (in the matrix) and the word "selected", never by
colour alone.
"""

from __future__ import annotations

import textwrap

from matplotlib.patches import FancyBboxPatch, Rectangle

from coproduction.cases.model import Frameworks
from coproduction.figures import HATCHES, PALETTE, FigureResult, colour, new_figure, style
from coproduction.models.typologies import dimension_values, mode_profile, roman

SELECTED = "selected"
_EDGE = PALETTE["black"]
_FAINT = "#BBBBBB"
# Line hatches only: dotted hatches make SVG patterns dozens of times larger.
_MODE_HATCHES = (HATCHES[1], HATCHES[4], HATCHES[3], HATCHES[6], HATCHES[7])


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False))


def _sentence_list(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def modes_figure(frameworks: Frameworks, highlight: str | None = None) -> FigureResult:
    """The three modes of co-production placed on the operational and strategic levels.

    Parameters
    ----------
    frameworks:
        The loaded frameworks (``frameworks.modes`` and ``frameworks.mode_levels``).
    highlight:
        A mode id to mark as selected (bold outline and the word "selected"), or
        ``None`` for no mode.

    Returns
    -------
    (Figure, str)
        The figure and its alt text, which names the level(s) and aim of each
        mode and which mode, if any, is highlighted.

    Examples
    --------
    >>> from coproduction.cases import load_frameworks
    >>> fig, alt = modes_figure(load_frameworks(), highlight="enhanced")
    >>> "Highlighted: enhanced co-production" in alt
    True
    """
    modes = frameworks.modes
    if highlight is not None and highlight not in {m.id for m in modes}:
        known = ", ".join(m.id for m in modes)
        raise KeyError(f"no mode {highlight!r} to highlight; the modes are: {known}")
    levels = list(frameworks.mode_levels)  # first is drawn at the bottom
    row_h, gap, bottom = 2.2, 0.35, 0.4
    rows = {lv.id: bottom + i * (row_h + gap) for i, lv in enumerate(levels)}
    top = bottom + len(levels) * (row_h + gap) - gap
    left, right = 2.3, 10.0
    col_w = (right - left) / max(1, len(modes))

    with style():
        fig = new_figure(7.2, 0.9 + 1.35 * len(levels))
        ax = fig.subplots()
        ax.set_xlim(0, right + 0.1)
        ax.set_ylim(0, top + 0.3)
        ax.set_axis_off()
        ax.set_title("Three modes of co-production (Osborne and Strokosch 2013)")

        for lv in levels:
            y = rows[lv.id]
            ax.add_patch(
                Rectangle(
                    (0.05, y - 0.1), right, row_h + 0.2, facecolor="#F2F2F2", edgecolor="none"
                )
            )
            ax.text(
                0.2, y + row_h / 2, _wrap(lv.name, 12), va="center", ha="left", fontweight="bold"
            )

        for i, m in enumerate(modes):
            ys = [rows[lv] for lv in m.levels if lv in rows]
            y0, y1 = min(ys), max(ys) + row_h
            x0 = left + i * col_w + 0.1
            w = col_w - 0.2
            chosen = m.id == highlight
            faded = highlight is not None and not chosen
            ax.add_patch(
                FancyBboxPatch(
                    (x0, y0),
                    w,
                    y1 - y0,
                    boxstyle="round,pad=0,rounding_size=0.15",
                    facecolor=colour(i),
                    alpha=0.15 if faded else 0.35,
                    edgecolor="none",
                    hatch=_MODE_HATCHES[i % len(_MODE_HATCHES)],
                )
            )
            ax.add_patch(
                FancyBboxPatch(
                    (x0, y0),
                    w,
                    y1 - y0,
                    boxstyle="round,pad=0,rounding_size=0.15",
                    facecolor="none",
                    edgecolor=_EDGE if not faded else "#777777",
                    linewidth=4.0 if chosen else 1.0,
                )
            )
            cx, cy = x0 + w / 2, (y0 + y1) / 2
            label = f"{_wrap(m.name, 15)}\n\nAim: {_wrap(m.aim, 13)}"
            ax.text(
                cx,
                cy + (0.25 if chosen else 0),
                label,
                ha="center",
                va="center",
                fontsize=9.5,
                fontweight="bold" if chosen else "normal",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 2},
            )
            if chosen:
                ax.text(
                    cx,
                    y0 + 0.25,
                    f"\u25b6 {SELECTED}",
                    ha="center",
                    va="bottom",
                    fontsize=10,
                    fontweight="bold",
                    bbox={"facecolor": "white", "edgecolor": _EDGE, "pad": 2},
                )

    parts = []
    for m in modes:
        profile = mode_profile(frameworks, m)
        where = profile.level_text + (" together" if len(profile.levels) > 1 else "")
        parts.append(f"{m.name.lower()} on {where}, aiming at {m.aim}")
    level_names = _sentence_list([lv.name.lower() for lv in levels])
    alt = (
        f"Diagram of the {len(modes)} modes of co-production of Osborne and Strokosch "
        f"(2013) in bands for the {level_names}: {'; '.join(parts)}. "
    )
    if highlight is None:
        alt += "No mode is highlighted."
    else:
        m = next(m for m in modes if m.id == highlight)
        alt += f"Highlighted: {m.name.lower()} (bold outline, marked '{SELECTED}')."
    return fig, alt


def matrix_figure(
    frameworks: Frameworks,
    highlight: str | None = None,
    no_cell_reason: str | None = None,
) -> FigureResult:
    """The 2x2 matrix of the nature and locus of co-production.

    Parameters
    ----------
    frameworks:
        The loaded frameworks (``matrix_dimensions`` and ``cells``).
    highlight:
        A cell id to mark as selected (hatch, thick border and the word
        "selected"), or ``None`` for no cell.
    no_cell_reason:
        With no highlight, a short reason shown under the grid and in the alt
        text, for a scenario that fits no cell.

    Returns
    -------
    (Figure, str)
        The figure and its alt text, naming every cell's position and which
        cell, if any, is highlighted.

    Examples
    --------
    >>> from coproduction.cases import load_frameworks
    >>> fig, alt = matrix_figure(load_frameworks(), highlight="co-management")
    >>> "Highlighted: quadrant III, co-management" in alt
    True
    """
    cells = frameworks.cells
    if highlight is not None and highlight not in {c.id for c in cells}:
        known = ", ".join(c.id for c in cells)
        raise KeyError(f"no cell {highlight!r} to highlight; the cells are: {known}")
    natures = dimension_values(frameworks, "nature")  # rows, first at the top
    loci = dimension_values(frameworks, "locus")  # columns, first on the left
    dim_name = {d.id: d.name for d in frameworks.matrix_dimensions}
    x0, cw = 2.4, 3.7
    y_top, ch = 6.6, 2.6
    with style():
        fig = new_figure(6.8, 5.2)
        ax = fig.subplots()
        ax.set_xlim(0, x0 + cw * len(loci) + 0.1)
        ax.set_ylim(-0.3 if no_cell_reason else 0.8, y_top + 1.4)
        ax.set_axis_off()
        ax.set_title("Co-production and the co-creation of value (Osborne et al. 2018)")

        ax.text(
            x0 + cw * len(loci) / 2,
            y_top + 1.0,
            dim_name.get("locus", "Locus"),
            ha="center",
            va="center",
            fontweight="bold",
        )
        for j, (_, name) in enumerate(loci):
            ax.text(x0 + cw * (j + 0.5), y_top + 0.4, name, ha="center", va="center")
        ax.text(
            0.25,
            y_top - ch * len(natures) / 2,
            _wrap(dim_name.get("nature", "Nature"), 14),
            ha="center",
            va="center",
            rotation=90,
            fontweight="bold",
        )
        for i, (_, name) in enumerate(natures):
            ax.text(x0 - 0.2, y_top - ch * (i + 0.5), name, ha="right", va="center")

        for c in cells:
            i = [n for n, _ in natures].index(c.nature)
            j = [lo for lo, _ in loci].index(c.locus)
            x, y = x0 + cw * j, y_top - ch * (i + 1)
            chosen = c.id == highlight
            ax.add_patch(
                Rectangle(
                    (x, y),
                    cw,
                    ch,
                    facecolor=colour(0) if chosen else "white",
                    alpha=0.3 if chosen else 1.0,
                    hatch="//" if chosen else None,
                    edgecolor=_EDGE if chosen else _FAINT,
                    linewidth=0,
                )
            )
            ax.add_patch(
                Rectangle(
                    (x, y),
                    cw,
                    ch,
                    facecolor="none",
                    edgecolor=_EDGE,
                    linewidth=4.0 if chosen else 1.0,
                    zorder=3,
                )
            )
            ax.text(
                x + cw / 2,
                y + ch * 0.62,
                f"{roman(c.quadrant)}: {_wrap(c.name, 20)}",
                ha="center",
                va="center",
                fontsize=11,
                fontweight="bold" if chosen else "normal",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.9, "pad": 2},
                zorder=4,
            )
            if chosen:
                ax.text(
                    x + cw / 2,
                    y + 0.35,
                    f"\u25b6 {SELECTED}",
                    ha="center",
                    va="center",
                    fontweight="bold",
                    bbox={"facecolor": "white", "edgecolor": _EDGE, "pad": 2},
                    zorder=4,
                )
        if highlight is None and no_cell_reason:
            ax.text(
                x0 + cw * len(loci) / 2,
                0.1,
                _wrap(f"No cell selected: {no_cell_reason}", 60),
                ha="center",
                va="center",
                fontstyle="italic",
            )

    value_name = dict(natures + loci)
    places = "; ".join(
        f"quadrant {roman(c.quadrant)}, {c.name.lower()}: "
        f"{value_name[c.nature].lower()}, {value_name[c.locus].lower()}"
        for c in cells
    )
    alt = (
        "Two-by-two matrix of Osborne, Strokosch and Radnor (2018), crossing the "
        f"{dim_name.get('nature', 'nature').lower()} "
        f"({_sentence_list([n.lower() for _, n in natures])}, in rows) with the "
        f"{dim_name.get('locus', 'locus').lower()} "
        f"({_sentence_list([n.lower() for _, n in loci])}, in columns): {places}. "
    )
    if highlight is None:
        alt += "No cell is highlighted" + (f": {no_cell_reason}." if no_cell_reason else ".")
    else:
        c = next(c for c in cells if c.id == highlight)
        alt += (
            f"Highlighted: quadrant {roman(c.quadrant)}, {c.name.lower()} "
            f"(hatched, thick border, marked '{SELECTED}')."
        )
    return fig, alt
