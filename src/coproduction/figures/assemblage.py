"""The assemblage in one phase: elements by kind, a thought bubble, and what changed.

After Cluley and Radnor's (2021) Figure 1, which pictures the Integrated Point
of Access as an assemblage of elements with the service user in a thought
bubble. Each kind of element has its own region (its marker shape and colour
repeat the kind, and its name heads the region); virtual (imagined) elements
are drawn hollow, with a dashed outline, inside a drawn thought bubble; tags
mark what entered, left or became actual in this phase. Like the paper's
figure, it draws no links between elements unless the state asks for the
book's illustrative ones, which are dashed and labelled. The paper's caution is
printed at the foot of every version.

The layout is fixed for a case (:func:`assemblage_layout`, computed once from
every phase): each region keeps its place and size in every phase, so switching
phases in the explorer changes only what is inside them. The figure takes the
model's output (an :class:`~coproduction.models.assemblage.AssemblageState`) and
computes no state itself.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from coproduction.cases.model import Frameworks
from coproduction.figures import MARKERS, PALETTE, FigureResult, colour, new_figure, style
from coproduction.models.assemblage import (
    CAUTION_BODY,
    CAUTION_HEAD,
    AssemblageHistory,
    AssemblageState,
    ElementView,
)

# Geometry, in inches (the axes span the whole figure with one unit per inch).
WIDTH = 8.0
MARGIN = 0.25
COL_GAP = 0.18
BOX_GAP = 0.22
N_COLS = 3
LABEL_PT = 8.0
LINE = 0.141  # the step between label lines (LABEL_PT with LINE_SPACING)
LINE_SPACING = 1.2
ROW_PAD = 0.075
HEAD = 0.32  # a region's heading
BOX_PAD = 0.1
CHAR_W = 0.062  # mean width of a label character at LABEL_PT
BUBBLE_PAD = 0.14
BUBBLE_TAIL = 0.34
FADED = 0.3
FOOT_WRAP = 118
GREY = PALETTE["grey"]
BUBBLE_KEY = "__thought_bubble__"

Point = tuple[float, float]  # (x, y) in inches

TAGS = {"entered": "+ entered", "left": "\u2212 left", "became-actual": "now actual"}


def kind_styles(
    kinds: tuple[str, ...], frameworks: Frameworks | None
) -> dict[str, tuple[str, str]]:
    """Marker and colour per kind, fixed by the frameworks' order so a kind looks the
    same in every case (kinds the frameworks do not list come after)."""
    known = [k.id for k in frameworks.element_kinds] if frameworks else []
    extra = [k for k in kinds if k not in known]
    index = {k: i for i, k in enumerate(known + extra)}
    return {k: (MARKERS[index[k] % len(MARKERS)], colour(index[k])) for k in kinds}


def _kind_names(frameworks: Frameworks | None) -> dict[str, str]:
    return {k.id: k.name for k in frameworks.element_kinds} if frameworks else {}


def _tag(e: ElementView, first: bool) -> str | None:
    """The tag at the right of a row: what changed in this phase, or "virtual".

    In the first phase every element "enters", so none is tagged as entered.
    """
    tag = None if (first and e.change == "entered") else TAGS.get(e.change or "")
    return tag or ("virtual" if e.presence == "virtual" else None)


def _label(e: ElementView) -> str:
    return e.name + (" *" if e.illustrative else "")


@dataclass(frozen=True)
class _Box:
    key: str  # a kind id, or BUBBLE_KEY
    col: int
    x: float
    top: float  # distance from the top of the figure
    w: float
    h: float


class _Layout:
    """Fixed regions for a case: sized for the fullest phase, placed in columns."""

    def __init__(self, states: tuple[AssemblageState, ...]):
        self.states = states
        kinds = states[0].kinds
        ncols = min(N_COLS, len(kinds) + 1)
        self.col_w = (WIDTH - 2 * MARGIN - (ncols - 1) * COL_GAP) / ncols
        # Characters per label line in a kind's region and in the (narrower) thought bubble.
        self.wrap = max(12, int((self.col_w - 0.36 - 0.08) / CHAR_W))
        self.wrap_bubble = max(12, int((self.col_w - 2 * BUBBLE_PAD - 0.36 - 0.06) / CHAR_W))

        def rows_height(rows: tuple[ElementView, ...], first: bool) -> float:
            return sum(self.row_h(e, first) for e in rows) if rows else LINE + ROW_PAD

        heights = {
            k: max(rows_height(self.kind_rows(s, k), s.is_first) for s in states) + HEAD + BOX_PAD
            for k in kinds
        }
        empty_msg = textwrap.wrap(self.empty_bubble_text(), self.wrap_bubble)
        bubble_rows = max(
            max((rows_height(s.virtual, s.is_first) for s in states), default=0.0),
            len(empty_msg) * LINE + ROW_PAD,
        )
        heights[BUBBLE_KEY] = bubble_rows + HEAD + BOX_PAD
        # The thought bubble takes the top of the last column; each kind then goes to
        # the shortest column (ties to the left), in the frameworks' order. The bubble's
        # region also holds its scalloped edge and its tail.
        outer = {**heights, BUBBLE_KEY: heights[BUBBLE_KEY] + 2 * BUBBLE_PAD + BUBBLE_TAIL}
        col_h = [0.0] * ncols
        placed: list[tuple[str, int, float]] = []
        for key in (BUBBLE_KEY, *kinds):
            col = ncols - 1 if key == BUBBLE_KEY else min(range(ncols), key=lambda c: col_h[c])
            placed.append((key, col, col_h[col]))
            col_h[col] += outer[key] + BOX_GAP
        self.body_h = max(col_h) - BOX_GAP
        self.gutters = tuple(
            MARGIN + c * (self.col_w + COL_GAP) - COL_GAP / 2 for c in range(1, ncols)
        )
        self.boxes = {}
        for key, col, top in placed:
            pad = BUBBLE_PAD if key == BUBBLE_KEY else 0.0
            x = MARGIN + col * (self.col_w + COL_GAP) + pad
            self.boxes[key] = _Box(key, col, x, top + pad, self.col_w - 2 * pad, heights[key])

    @staticmethod
    def kind_rows(state: AssemblageState, kind: str) -> tuple[ElementView, ...]:
        """Rows in a kind's region: its actual elements and those that just left."""
        return tuple(e for e in state.elements if e.kind == kind and e.presence != "virtual")

    @staticmethod
    def empty_bubble_text() -> str:
        return "Empty in this phase: no element is virtual (imagined)."

    def lines(self, e: ElementView) -> list[str]:
        """A row's label lines: virtual elements are drawn in the thought bubble."""
        width = self.wrap_bubble if e.presence == "virtual" else self.wrap
        return textwrap.wrap(_label(e), width) or [""]

    def row_h(self, e: ElementView, first: bool) -> float:
        """A row's height: its label lines, and a line for its tag if it has one."""
        return (len(self.lines(e)) + bool(_tag(e, first))) * LINE + ROW_PAD


def _legend_items(state: AssemblageState, names: dict[str, str]) -> list[tuple[str, str, str]]:
    items = [("kind", k, names.get(k, k)) for k in state.kinds]
    items.append(("virtual", "", "virtual (imagined): hollow, dashed, in the thought bubble"))
    items.append(("left", "", "faded: left the assemblage in this phase"))
    if state.links_shown:
        items.append(("link", "", "illustrative link (not a finding; Cluley and Radnor draw none)"))
    return items


def _title_lines(state: AssemblageState) -> list[tuple[str, bool]]:
    """The title's lines, each with whether it is the title proper (or a note)."""
    title = (
        f"{state.case_title} as an assemblage, phase {state.index + 1} of {state.n_phases}: "
        f"{state.phase_name}"
    )
    lines = [(line, True) for line in textwrap.wrap(title, 80)]
    if state.phase_status == "illustrative":
        lines.append(("(an illustrative phase: not described by the source)", False))
    return lines


def _legend_rows(
    state: AssemblageState, names: dict[str, str]
) -> list[list[tuple[float, tuple[str, str, str]]]]:
    """Legend items flowing left to right, wrapped into rows, with their x positions."""
    rows: list[list[tuple[float, tuple[str, str, str]]]] = [[]]
    x = MARGIN
    for item in _legend_items(state, names):
        w = 0.32 + len(item[2]) * CHAR_W + 0.25
        if x + w > WIDTH - MARGIN and rows[-1]:
            rows.append([])
            x = MARGIN
        rows[-1].append((x, item))
        x += w
    return rows


class _Marks:
    """Markers collected while laying out, then drawn with one scatter per look.

    Drawing ~40 markers one by one is the slowest part of the figure; grouping
    them keeps every explorer state well under the build-time budget.
    """

    def __init__(self, style_of: dict[str, tuple[str, str]]):
        self.style_of = style_of
        self.points: dict[tuple[str, str], list[tuple[float, float]]] = {}

    def add(self, x: float, y: float, kind: str, look: str) -> None:
        """``look``: ``actual``, ``virtual`` (hollow, dashed) or ``left`` (faded)."""
        self.points.setdefault((kind, look), []).append((x, y))

    def draw(self, ax: Axes) -> None:
        for (kind, look), pts in sorted(self.points.items()):
            marker, col = self.style_of.get(kind, ("o", "#333333"))
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            if look == "virtual":
                ax.scatter(
                    xs,
                    ys,
                    marker=marker,
                    s=60,
                    facecolors="white",
                    edgecolors=[col],
                    linewidths=1.3,
                    linestyles=(0, (2, 1.4)),
                    zorder=4,
                )
            else:
                ax.scatter(
                    xs,
                    ys,
                    marker=marker,
                    s=42,
                    c=[col],
                    edgecolors="black",
                    linewidths=0.5,
                    alpha=FADED if look == "left" else 1.0,
                    zorder=4,
                )


@dataclass(frozen=True)
class AssemblageLayout:
    """The fixed layout of one case's figure: regions, heights and styles for every phase.

    Built once by :func:`assemblage_layout` from the case's
    :class:`~coproduction.models.assemblage.AssemblageHistory`, so each phase's figure
    keeps one size and its regions keep their places as a reader switches states.
    """

    regions: _Layout
    names: dict[str, str]
    style_of: dict[str, tuple[str, str]]
    frameworks: Frameworks | None
    title_h: float
    legend_h: float
    foot_h: float

    @property
    def height(self) -> float:
        return MARGIN + self.title_h + self.legend_h + self.regions.body_h + self.foot_h + MARGIN


def assemblage_layout(
    history: AssemblageHistory, frameworks: Frameworks | None = None
) -> AssemblageLayout:
    """The layout every phase of a case is drawn in (see :class:`AssemblageLayout`)."""
    names = _kind_names(frameworks)
    every = history.every
    return AssemblageLayout(
        regions=_Layout(history.plain),
        names=names,
        style_of=kind_styles(history.plain[0].kinds, frameworks),
        frameworks=frameworks,
        title_h=max(len(_title_lines(s)) for s in every) * 0.2 + 0.12,
        legend_h=max(len(_legend_rows(s, names)) for s in every) * 0.24 + 0.12,
        foot_h=max(len(_footer_lines(s)[0]) for s in every) * LINE + 0.2,
    )


def assemblage_figure(state: AssemblageState, layout: AssemblageLayout) -> FigureResult:
    """The assemblage in one phase, with the paper's caution at its foot.

    Parameters
    ----------
    state:
        The phase to draw, from :func:`~coproduction.models.assemblage.assemblage_history`
        (its ``state(phase, links)``); with ``links`` the book's illustrative links
        between present elements are drawn, dashed and labelled (Cluley and Radnor
        draw none).
    layout:
        The case's layout, from :func:`assemblage_layout` over the same history.

    Returns
    -------
    (Figure, str)
        The figure and alt text naming the phase, the elements by kind, the
        virtual ones, what entered and left, and whether links are drawn.

    Examples
    --------
    >>> from coproduction.cases import load_case
    >>> from coproduction.models.assemblage import assemblage_history
    >>> history = assemblage_history(load_case("ipoa"))
    >>> fig, alt = assemblage_figure(history.state("consultation"), assemblage_layout(history))
    >>> "Service users" in alt and "became actual" in alt
    True
    """
    frameworks = layout.frameworks
    names, style_of = layout.names, layout.style_of
    title_lines = _title_lines(state)
    legend_rows = _legend_rows(state, names)
    foot, n_head = _footer_lines(state)
    title_h, legend_h, foot_h = layout.title_h, layout.legend_h, layout.foot_h
    height = layout.height
    body_top = MARGIN + title_h + legend_h
    regions = layout.regions

    def Y(top: float) -> float:  # noqa: N802 - a distance from the top as a y value
        return height - top

    with style():
        fig = new_figure(WIDTH, height)
        # One unit per inch and no regions engine: the regions is computed here, and
        # without an engine savefig draws the figure once rather than twice.
        fig.set_layout_engine(None)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, WIDTH)
        ax.set_ylim(0, height)
        ax.axis("off")
        marks = _Marks(style_of)

        for i, (line, proper) in enumerate(title_lines):
            ax.text(
                MARGIN,
                Y(MARGIN + i * 0.2),
                line,
                fontsize=11 if proper else 8.5,
                fontweight="bold" if proper else "normal",
                va="top",
            )
        for r, row in enumerate(legend_rows):
            y = Y(MARGIN + title_h + r * 0.24 + 0.1)
            for x, (what, kind, text) in row:
                if what == "link":
                    ax.plot([x - 0.02, x + 0.22], [y, y], color="#333333", lw=1.1, ls=(0, (4, 2)))
                else:
                    marks.add(x + 0.1, y, kind or "", "actual" if what == "kind" else what)
                ax.text(x + 0.28, y, text, fontsize=8, va="center")

        positions: dict[str, Point] = {}
        for kind in state.kinds:
            box = regions.boxes[kind]
            ytop = Y(body_top + box.top)
            _region(ax, box, ytop, style_of[kind][1])
            marks.add(box.x + 0.18, ytop - HEAD / 2, kind, "actual")
            ax.text(
                box.x + 0.34,
                ytop - HEAD / 2,
                names.get(kind, kind),
                fontsize=9,
                fontweight="bold",
                va="center",
            )
            n_act = sum(1 for e in state.actual if e.kind == kind)
            n_virt = sum(1 for e in state.virtual if e.kind == kind)
            count = f"{n_act} actual" + (f", {n_virt} virtual" if n_virt else "")
            ax.text(
                box.x + box.w - 0.08,
                ytop - HEAD / 2,
                count,
                fontsize=7.5,
                va="center",
                ha="right",
                color="#333333",
            )
            rows = regions.kind_rows(state, kind)
            y = ytop - HEAD
            if not rows:
                ax.text(
                    box.x + 0.36,
                    y - ROW_PAD / 2,
                    "none in this phase",
                    fontsize=LABEL_PT,
                    va="top",
                    style="italic",
                    color="#333333",
                )
            for e in rows:
                y = _row(ax, regions, box, e, y, marks, positions, state.is_first)

        bubble = regions.boxes[BUBBLE_KEY]
        btop = Y(body_top + bubble.top)
        _bubble(ax, bubble, btop)
        ax.text(
            bubble.x + 0.06,
            btop - HEAD / 2,
            "Thought bubble",
            fontsize=9,
            fontweight="bold",
            va="center",
            zorder=5,
        )
        ax.text(
            bubble.x + bubble.w - 0.1,
            btop - HEAD / 2,
            f"{len(state.virtual)} virtual" if state.virtual else "empty",
            fontsize=7.5,
            va="center",
            ha="right",
            color="#333333",
            zorder=5,
        )
        y = btop - HEAD
        if not state.virtual:
            text = regions.empty_bubble_text()
            if state.became_actual:
                text = "Empty: what was imagined here is now actual (see the tags)."
            ax.text(
                bubble.x + 0.06,
                y - ROW_PAD / 2,
                "\n".join(textwrap.wrap(text, regions.wrap_bubble)),
                fontsize=LABEL_PT,
                linespacing=LINE_SPACING,
                va="top",
                style="italic",
                zorder=5,
            )
        for e in state.virtual:
            y = _row(ax, regions, bubble, e, y, marks, positions, state.is_first)

        marks.draw(ax)
        if state.links_shown:
            _links(ax, state, positions, regions.gutters)

        y = Y(height - MARGIN - foot_h + 0.12)
        ax.plot([MARGIN, WIDTH - MARGIN], [y + 0.06, y + 0.06], color=GREY, lw=0.6)
        ax.text(
            MARGIN,
            y,
            "\n".join(foot[:n_head]),
            fontsize=8,
            fontweight="bold",
            linespacing=LINE_SPACING,
            va="top",
        )
        ax.text(
            MARGIN,
            y - n_head * LINE,
            "\n".join(foot[n_head:]),
            fontsize=8,
            linespacing=LINE_SPACING,
            va="top",
        )
    return fig, assemblage_alt_text(state, frameworks)


def _region(ax: Axes, box: _Box, ytop: float, col: str) -> None:
    ax.add_patch(
        FancyBboxPatch(
            (box.x, ytop - box.h),
            box.w,
            box.h,
            boxstyle="round,pad=0,rounding_size=0.08",
            facecolor=to_rgba(col, 0.07),
            edgecolor=col,
            linewidth=1.0,
            zorder=1,
        )
    )


def _bubble(ax: Axes, box: _Box, ytop: float) -> None:
    """A cloud with a scalloped, dashed edge and the two small circles of its tail."""
    ax.add_patch(
        FancyBboxPatch(
            (box.x, ytop - box.h),
            box.w,
            box.h,
            boxstyle=f"roundtooth,pad={BUBBLE_PAD * 0.8:.3f},tooth_size=0.16",
            facecolor="white",
            edgecolor="#333333",
            linewidth=1.0,
            linestyle=(0, (3, 2)),
            zorder=1,
        )
    )
    for dx, dy, r in ((0.35, 0.2, 0.07), (0.2, 0.34, 0.045)):
        ax.add_patch(
            Circle(
                (box.x + dx, ytop - box.h - BUBBLE_PAD - dy),
                r,
                facecolor="white",
                edgecolor="#333333",
                linewidth=1.0,
                zorder=1,
            )
        )


def _row(
    ax: Axes,
    layout: _Layout,
    box: _Box,
    e: ElementView,
    y: float,
    marks: _Marks,
    positions: dict[str, Point],
    first: bool,
) -> float:
    """Lay out one element row from ``y`` down (its label, then any tag in bold below
    it); return the y below it."""
    ym = y - ROW_PAD / 2 - LINE / 2  # the middle of the first line
    lines = layout.lines(e)
    marks.add(box.x + 0.18, ym, e.kind, e.presence)
    ax.text(
        box.x + 0.36,
        y - ROW_PAD / 2 - 0.01,
        "\n".join(lines),
        fontsize=LABEL_PT,
        linespacing=LINE_SPACING,
        va="top",
        color=GREY if e.presence == "left" else "black",
        zorder=5,
    )
    tag = _tag(e, first)
    if tag:
        ax.text(
            box.x + 0.36,
            ym - len(lines) * LINE,
            tag,
            fontsize=7.5,
            va="center",
            fontweight="bold",
            zorder=5,
        )
    if e.present:
        positions[e.id] = (box.x + 0.18, ym)
    return y - layout.row_h(e, first)


def _label_point(p0: Point, c: Point, p2: Point, gutters: Sequence[float]) -> Point:
    """Where to label a curve: where it crosses a gutter between columns, away from
    the element labels, or else its middle."""

    def at(t: float) -> tuple[float, float]:
        u = 1 - t
        return (
            u * u * p0[0] + 2 * u * t * c[0] + t * t * p2[0],
            u * u * p0[1] + 2 * u * t * c[1] + t * t * p2[1],
        )

    best, best_d = at(0.5), float("inf")
    for i in range(2, 99):
        x, y = at(i / 100)
        d = min((abs(x - g) for g in gutters), default=float("inf"))
        if d < best_d - 1e-9:
            best, best_d = (x, y), d
    return best if best_d < 0.08 else at(0.5)


def _links(
    ax: Axes, state: AssemblageState, positions: Mapping[str, Point], gutters: Sequence[float]
) -> None:
    """Dashed, labelled curves between present elements (illustrative links)."""
    for link in state.links:
        if link.a not in positions or link.b not in positions:
            continue
        (x1, y1), (x2, y2) = sorted((positions[link.a], positions[link.b]))
        length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1e-6)
        same_column = abs(x2 - x1) < 1e-6
        # arc3 puts its control point rad x length off the chord (the curve's middle is
        # half that). Within a column, bow 0.14 in to the left, into the margin; across
        # columns, bow gently.
        rad = (-0.28 / length if y2 > y1 else 0.28 / length) if same_column else 0.18
        ax.add_patch(
            FancyArrowPatch(
                (x1, y1),
                (x2, y2),
                arrowstyle="-",
                connectionstyle=f"arc3,rad={rad:.4f}",
                linestyle=(0, (4, 2)),
                color="#333333",
                linewidth=1.1,
                shrinkA=4,
                shrinkB=4,
                zorder=3,
            )
        )
        control = ((x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1))
        if same_column:
            mx, my = (x1 + control[0]) / 2, (y1 + y2) / 2
        else:
            mx, my = _label_point((x1, y1), control, (x2, y2), gutters)
        word = "illustrative link" if link.status == "illustrative" else f"{link.status} link"
        ax.text(
            mx,
            my,
            word,
            fontsize=6.5,
            style="italic",
            rotation=90 if same_column else 0,
            ha="center",
            va="center",
            zorder=6,
            bbox={
                "boxstyle": "round,pad=0.1",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.85,
            },
        )


def _footer_lines(state: AssemblageState) -> tuple[list[str], int]:
    """The caution (its headline first) and notes on what is illustrative."""
    body = CAUTION_BODY
    if state.links_shown:
        body += " The dashed lines are those links: teaching prompts, not findings."
    notes = []
    if any(e.illustrative for e in state.elements):
        notes.append("* illustrative element: not reported by the source.")
    n_timing = sum(1 for e in state.elements if e.timing_status == "illustrative")
    if n_timing:
        notes.append(
            f"For {n_timing} of the {len(state.elements)} elements shown, when they enter, "
            "leave or become actual is an assumption (illustrative timing)."
        )
    if state.is_first:
        notes.append(
            "First phase shown: the elements here are where this account starts, so none "
            "is tagged as entered (an assemblage has no beginning)."
        )
    head = textwrap.wrap(CAUTION_HEAD, FOOT_WRAP)
    rest = textwrap.wrap(body, FOOT_WRAP) + textwrap.wrap(" ".join(notes), FOOT_WRAP)
    return head + rest, len(head)


def _join(items: list[str]) -> str:
    return "; ".join(items) if items else "none"


def assemblage_alt_text(state: AssemblageState, frameworks: Frameworks | None) -> str:
    """Alt text for one phase, built from the state."""
    names = _kind_names(frameworks)
    counts = []
    for kind, els in state.by_kind.items():
        if not els:
            continue
        n_virt = sum(1 for e in els if e.presence == "virtual")
        extra = f" ({n_virt} of them virtual)" if n_virt else ""
        counts.append(f"{len(els)} {names.get(kind, kind).lower()}{extra}")
    parts = [
        f"{state.case_title} as an assemblage of elements, after Cluley and Radnor (2021), "
        f"in phase {state.index + 1} of {state.n_phases}: {state.phase_name}"
        + (" (an illustrative phase)" if state.phase_status == "illustrative" else "")
        + ".",
        f"{len(state.present)} elements are present, grouped by kind: {', '.join(counts)}.",
        "Virtual (imagined) elements, drawn hollow in a thought bubble: "
        + _join([e.name for e in state.virtual])
        + ".",
    ]
    if state.is_first:
        parts.append("This is the first phase shown, where the account starts.")
    else:
        parts.append(
            "Entered in this phase (reterritorialisation): "
            + _join([e.name for e in state.entered])
            + "."
        )
    parts.append(
        "Left in this phase (deterritorialisation), shown faded: "
        + _join([e.name for e in state.left])
        + "."
    )
    parts.append(
        "Virtual elements that became actual: " + _join([e.name for e in state.became_actual]) + "."
    )
    if state.links_shown:
        by_id = {e.id: e.name for e in state.elements}
        drawn = [f"{by_id[lk.a]} to {by_id[lk.b]}" for lk in state.links]
        if drawn:
            parts.append(
                f"{len(drawn)} illustrative links, not findings of the source, are drawn as "
                "labelled dashed lines: " + _join(drawn) + "."
            )
        else:
            parts.append("Illustrative links are switched on, but none joins two elements here.")
    else:
        parts.append("No links between elements are drawn, as in the paper.")
    parts.append("A footnote repeats the paper's caution that the picture is not a model.")
    return " ".join(parts)
