"""The service ecosystem figure: actors in level bands, typed interactions, highlights.

Three horizontal bands hold the actors of a case (macro at the top, meso in the
middle, micro at the foot), placed in a fixed order (sorted by id). Interactions
are numbered arrows whose colour *and* line style show their process; an
antagonistic interaction carries a cross, and one the book added an asterisk.
Two highlights can be laid over the picture:

- ``"goals"``: actor pairs with congruent goals joined by a thick solid green
  line labelled "congruent", pairs in tension by a vermillion zig-zag labelled
  "tension";
- ``"factors"``: enablers (``+n``) and constraints (``−n``) tagged beside the
  actors where they act, or beside a level's name when they act on the whole
  level, with a numbered key.

The layout never depends on the filter or the highlight: the same actors, and
the same routes between them, stay in the same places as a reader switches
states. Routes avoid other actors' boxes where they can.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from functools import cache
from typing import cast

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerBase
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch, Rectangle
from matplotlib.path import Path
from matplotlib.transforms import Transform
from matplotlib.typing import LineStyleType
from numpy.typing import ArrayLike, NDArray

from coproduction.cases.model import Frameworks
from coproduction.figures import PALETTE, FigureResult, new_figure, style
from coproduction.models.ecosystem import (
    ALL,
    HIGHLIGHTS,
    ActorPair,
    EcosystemView,
    FactorView,
)

# Each process has its own colour and line style, so neither carries the meaning
# alone; a process a lecturer adds to the frameworks takes the next spare style.
PROCESS_STYLES: dict[str, tuple[str, LineStyleType]] = {
    "co-experience": ("blue", "solid"),
    "co-construction": ("sky", (0, (1, 1.5))),
    "co-production": ("orange", (0, (5, 2))),
    "co-design": ("purple", (0, (6, 2, 1, 2))),
    "co-governance": ("black", (0, (10, 2, 2, 2, 2, 2))),
}
SPARE_STYLES: tuple[tuple[str, LineStyleType], ...] = (
    ("grey", (0, (3, 3))),
    ("blue", (0, (1, 3))),
    ("orange", (0, (8, 3, 1, 3))),
)
CONGRUENT = PALETTE["green"]
TENSION = PALETTE["vermillion"]
DARK_GREEN = "#006B4F"  # for text on white: the palette's green, darkened for contrast
DARK_VERMILLION = "#A64500"

# Layout, in data units (FIG_WIDTH / 10 inch across, Y_INCH inch up).
FIG_WIDTH = 8.0
Y_INCH = 0.72
LABEL_LEFT = 0.0
X_LEFT, X_RIGHT = 1.95, 10.0
ROW_HEIGHT = 1.6
BOX_HEIGHT = 0.64
MAX_PER_ROW = 4
BAND_SHADES = ("#F3F3F3", "#FFFFFF")
TAGS_PER_LINE = 6
TAG_STEP = 0.37  # width of one tag such as "−10 "
TAG_LINE = 0.27  # height of one line of tags
TAG_GAP = 0.15  # from the foot of an actor's box to its first line of tags
CANDIDATES = (0.0, 0.25, -0.25, 0.5, -0.5, 0.75, -0.75, 1.0, -1.0, 1.3, -1.3)
SPREAD = 0.22  # between parallel interactions of one pair
GOAL_SHIFT = 0.55  # goal lines run beside the pair's interactions, congruent on one side


def process_style(process_ids: Sequence[str], process: str) -> tuple[str, LineStyleType]:
    """``(colour, linestyle)`` for a process.

    ``process_ids`` are the frameworks' process ids in order; a process the book
    does not know takes a spare style by its place among the unknown ones.
    """
    if process in PROCESS_STYLES:
        name, ls = PROCESS_STYLES[process]
        return PALETTE[name], ls
    extra = [p for p in process_ids if p not in PROCESS_STYLES]
    i = extra.index(process) if process in extra else 0
    name, ls = SPARE_STYLES[i % len(SPARE_STYLES)]
    return PALETTE[name], ls


# Geometry -------------------------------------------------------------------------


Box = tuple[float, float, float, float]
Points = NDArray[np.float64]  # n points as an n x 2 array of (x, y)
Mask = NDArray[np.bool_]


class _Layout:
    """Fixed positions: bands top to bottom, actors left to right by sorted id."""

    def __init__(self, view: EcosystemView):
        self.bands: list[tuple[str, str, float, float]] = []  # id, name, bottom, top
        self.pos: dict[str, tuple[float, float]] = {}
        self.box_w: dict[str, float] = {}
        self.tags_per_line: dict[str, int] = {}
        self._offsets: dict[tuple[str, str, tuple[float, ...]], float] = {}
        rows_per_band = [
            max(1, math.ceil(len(view.actors_by_level[lv]) / MAX_PER_ROW)) for lv, _ in view.levels
        ]
        self.height = sum(rows_per_band) * ROW_HEIGHT
        top = self.height
        for (lv, name), rows in zip(view.levels, rows_per_band, strict=True):
            bottom = top - rows * ROW_HEIGHT
            self.bands.append((lv, name, bottom, top))
            actors = view.actors_by_level[lv]
            per_row = math.ceil(len(actors) / rows) if actors else 0
            for r in range(rows):
                row = actors[r * per_row : (r + 1) * per_row]
                y = top - (r + 0.5) * ROW_HEIGHT + 0.12  # room below the box for tags
                if rows == 1:
                    slot = (X_RIGHT - X_LEFT) / max(len(row), 1)
                    xs = [X_LEFT + (i + 0.5) * slot for i in range(len(row))]
                else:  # stagger the rows by half a slot, so routes can pass between
                    slot = (X_RIGHT - X_LEFT) / (per_row + 0.5)
                    xs = [X_LEFT + (i + 0.5 + 0.5 * (r % 2)) * slot for i in range(len(row))]
                fit = max(1, min(TAGS_PER_LINE, int((slot - 0.25) / TAG_STEP)))
                for a, x in zip(row, xs, strict=True):
                    self.pos[a.id] = (x, y)
                    self.box_w[a.id] = min(1.8, slot * 0.72)
                    self.tags_per_line[a.id] = fit
            top = bottom

    def box(self, actor: str, margin: float = 0.0) -> Box:
        x, y = self.pos[actor]
        half = self.box_w[actor] / 2 + margin
        return (x - half, y - BOX_HEIGHT / 2 - margin, x + half, y + BOX_HEIGHT / 2 + margin)

    def canonical(self, a: str, b: str) -> tuple[str, str]:
        """The pair ordered left to right, then bottom to top, then by id."""
        ka = (self.pos[a][0], self.pos[a][1], a)
        kb = (self.pos[b][0], self.pos[b][1], b)
        return (a, b) if ka <= kb else (b, a)

    def clear_offset(self, lo: str, hi: str, preferred: tuple[float, ...]) -> float:
        """The first offset whose curve from ``lo`` to ``hi`` misses every other box.

        If none is clear, the one passing behind the fewest box points.
        """
        key = (lo, hi, preferred)
        if key not in self._offsets:
            others = [self.box(x, 0.06) for x in self.pos if x not in (lo, hi)]
            best, best_hits = preferred[0], None
            for off in preferred:
                pts = _curve(self.pos[lo], self.pos[hi], off)
                hits = sum(int(_inside(pts, box).sum()) for box in others)
                if hits == 0:
                    best = off
                    break
                if best_hits is None or hits < best_hits:
                    best, best_hits = off, hits
            self._offsets[key] = best
        return self._offsets[key]


def _inside(pts: Points, box: Box) -> Mask:
    x0, y0, x1, y1 = box
    return (pts[:, 0] >= x0) & (pts[:, 0] <= x1) & (pts[:, 1] >= y0) & (pts[:, 1] <= y1)


@cache
def _ts(n: int) -> NDArray[np.float64]:
    return np.linspace(0, 1, n)[:, None]


def _curve(p0: ArrayLike, p1: ArrayLike, offset: float, n: int = 60) -> Points:
    """Points on a quadratic curve from p0 to p1 whose middle lies ``offset`` to its left."""
    p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
    d = p1 - p0
    length = float(np.hypot(*d)) or 1.0
    control = (p0 + p1) / 2 + 2 * offset * np.array([-d[1], d[0]]) / length
    t = _ts(n)
    curve: Points = (1 - t) ** 2 * p0 + 2 * (1 - t) * t * control + t**2 * p1
    return curve


def _trim(pts: Points, layout: _Layout, a: str, b: str, extra: Mapping[str, Box]) -> Points:
    """The part of a curve outside both end boxes.

    ``extra`` maps actors to the area of their factor tags: the curve stops short
    of those too, unless that would leave too short an arrow to see.
    """
    keep = ~_inside(pts, layout.box(a, 0.04)) & ~_inside(pts, layout.box(b, 0.04))
    idx = np.flatnonzero(keep)
    if len(idx) < 2:
        return pts
    trimmed = pts[idx[0] : idx[-1] + 1]
    shorter = keep.copy()
    for actor in (a, b):
        if actor in extra:
            shorter &= ~_inside(pts, extra[actor])
    idx = np.flatnonzero(shorter)
    if len(idx) >= 2:
        seg = np.diff(pts[idx[0] : idx[-1] + 1], axis=0)
        if np.hypot(seg[:, 0], seg[:, 1]).sum() >= 0.6:
            return pts[idx[0] : idx[-1] + 1]
    return trimmed


class _Labels:
    """Places labels on curves, clear of boxes, tags and the labels placed before."""

    CHAR_W = 0.085  # data units per character at about 8 pt
    LINE_H = 0.19  # data units per line

    def __init__(self, avoid: list[Box]):
        self.avoid = list(avoid)
        self.placed: list[Box] = []

    def size(self, text: str, pad: float = 0.12) -> tuple[float, float]:
        lines = text.split("\n")
        return max(map(len, lines)) * self.CHAR_W + pad, len(lines) * self.LINE_H + pad

    def place(self, pts: Points, text: str, at: float = 0.5) -> tuple[float, float]:
        """The point of the curve nearest to ``at`` of its length where ``text`` fits."""
        w, h = self.size(text)
        want = int(at * (len(pts) - 1))
        free_of_avoid = np.ones(len(pts), bool)
        for box in self.avoid:
            free_of_avoid &= ~_inside(pts, box)
        # Best: clear of everything; then clear of other labels; then anywhere free.
        order = np.array(sorted(range(len(pts)), key=lambda i: (abs(i - want), i)))
        order = order[free_of_avoid[order]]
        if not len(order):  # the whole curve is covered: put it in the middle anyway
            order = np.array([want])
        c = pts[order]
        boxes = np.c_[c[:, 0] - w / 2, c[:, 1] - h / 2, c[:, 0] + w / 2, c[:, 1] + h / 2]
        hits_labels = _overlaps(boxes, self.placed)
        hits_avoid = _overlaps(boxes, self.avoid)
        for ok in (~hits_labels & ~hits_avoid, ~hits_labels, np.ones(len(order), bool)):
            if ok.any():
                best = tuple(boxes[np.argmax(ok)])
                break
        self.placed.append(best)
        return (best[0] + best[2]) / 2, (best[1] + best[3]) / 2


def _overlaps(boxes: NDArray[np.float64], others: list[Box]) -> Mask:
    """For each row of ``boxes``, whether it overlaps any of ``others``."""
    if not others:
        return np.zeros(len(boxes), bool)
    o = np.asarray(others)[None, :, :]
    b = boxes[:, None, :]
    hit = (b[..., 0] < o[..., 2]) & (o[..., 0] < b[..., 2]) & (b[..., 1] < o[..., 3])
    # With an axis, ``any`` gives an array (numpy's stubs also allow a scalar).
    return cast(Mask, (hit & (o[..., 1] < b[..., 3])).any(axis=1))


def _zigzag(pts: Points, amplitude: float = 0.05, per_unit: float = 6.0) -> Points:
    """A zig-zag that follows a curve."""
    seg = np.diff(pts, axis=0)
    s = np.r_[0, np.cumsum(np.hypot(seg[:, 0], seg[:, 1]))]
    total = s[-1] or 1.0
    n = max(4, int(per_unit * total)) * 2
    ts = np.linspace(0, total, n + 1)
    xs, ys = np.interp(ts, s, pts[:, 0]), np.interp(ts, s, pts[:, 1])
    dx, dy = np.gradient(xs), np.gradient(ys)
    norm = np.hypot(dx, dy)
    norm[norm == 0] = 1
    sign = np.where(np.arange(n + 1) % 2, 1.0, -1.0)
    sign[0] = sign[-1] = 0
    zz: Points = np.c_[xs - sign * amplitude * dy / norm, ys + sign * amplitude * dx / norm]
    return zz


# Drawing --------------------------------------------------------------------------


def _draw_bands(
    ax: Axes, layout: _Layout, view: EcosystemView, level_tags: Mapping[str, list[FactorView]]
) -> None:
    for i, (lv, name, bottom, top) in enumerate(layout.bands):
        ax.add_artist(
            Rectangle(
                (LABEL_LEFT, bottom),
                X_RIGHT - LABEL_LEFT,
                top - bottom,
                facecolor=BAND_SHADES[i % 2],
                edgecolor="#BBBBBB",
                linewidth=0.8,
                zorder=0,
            )
        )
        n = len(view.actors_by_level[lv])
        ax.text(
            LABEL_LEFT + 0.1,
            top - 0.1,
            f"{name}\n({n} actor{'s' if n != 1 else ''})",
            ha="left",
            va="top",
            fontsize=9,
            fontweight="bold",
            zorder=1,
        )
        tags = level_tags.get(lv, [])
        if tags:
            ax.text(
                LABEL_LEFT + 0.1,
                top - 0.56,
                "on the whole level:",
                ha="left",
                va="top",
                fontsize=7.5,
                zorder=1,
            )
            _draw_tags(ax, tags, LABEL_LEFT + 0.14, top - 0.9, per_line=4, align="left")


def _draw_actors(ax: Axes, layout: _Layout, view: EcosystemView) -> None:
    for a in view.actors:
        x, y = layout.pos[a.id]
        w = layout.box_w[a.id]
        ax.add_artist(
            FancyBboxPatch(
                (x - w / 2, y - BOX_HEIGHT / 2),
                w,
                BOX_HEIGHT,
                boxstyle="round,pad=0.02,rounding_size=0.08",
                facecolor="white" if a.virtual else "#E4E4E4",
                edgecolor="black",
                linestyle=(0, (4, 2)) if a.virtual else "solid",
                linewidth=1.4 if a.virtual else 1.0,
                zorder=3,
            )
        )
        lines = textwrap.wrap(a.short_name, max(10, int(w * 11.5)))
        size = 8.2
        if len(lines) + a.virtual > 3:  # a long name: smaller type rather than cut it
            lines, size = textwrap.wrap(a.short_name, max(12, int(w * 13.5))), 7
        label = "\n".join(lines + (["(virtual)"] if a.virtual else []))
        ax.text(x, y, label, ha="center", va="center", fontsize=size, zorder=4, linespacing=1.0)


def _route_offsets(layout: _Layout, view: EcosystemView) -> dict[str, float]:
    """For each interaction shown, its offset from the canonical straight route.

    Parallel interactions of one pair are spread by their place among *all* the
    case's interactions of that pair, so filtering never moves an arrow.
    """
    by_pair: dict[tuple[str, str], list[str]] = {}
    for xid, a, b in view.all_routes:
        if a in layout.pos and b in layout.pos:
            by_pair.setdefault(layout.canonical(a, b), []).append(xid)
    out = {}
    for (lo, hi), ids in by_pair.items():
        base = 0.0 if lo == hi else layout.clear_offset(lo, hi, CANDIDATES)
        for k, xid in enumerate(ids):
            out[xid] = base + (k - (len(ids) - 1) / 2) * SPREAD
    return {x.id: out[x.id] for x in view.interactions}


def _draw_interactions(
    ax: Axes,
    layout: _Layout,
    view: EcosystemView,
    process_ids: Sequence[str],
    dim: bool,
    placer: _Labels,
    tag_areas: Mapping[str, Box],
) -> None:
    offsets = _route_offsets(layout, view)
    alpha = 0.4 if dim else 1.0
    for number, x in enumerate(view.interactions, start=1):
        colour, ls = process_style(process_ids, x.process)
        lo, hi = layout.canonical(x.from_actor, x.to_actor)
        if lo == hi:  # an actor interacting with itself: a loop above its box
            cx, cy = layout.pos[lo]
            theta = np.linspace(0.85 * np.pi, 0.15 * np.pi, 40)
            pts = np.c_[cx + 0.35 * np.cos(theta), cy + BOX_HEIGHT / 2 - 0.1 + 0.3 * np.sin(theta)]
        else:
            pts = _curve(layout.pos[lo], layout.pos[hi], offsets[x.id])
            if x.from_actor != lo:
                pts = pts[::-1]
            pts = _trim(pts, layout, x.from_actor, x.to_actor, tag_areas)
        ax.add_artist(
            FancyArrowPatch(
                path=Path(pts),
                arrowstyle="-|>,head_length=6,head_width=3.5",
                color=colour,
                linestyle=ls,
                linewidth=1.8,
                alpha=alpha,
                zorder=2,
            )
        )
        text = f"{number}*" if x.illustrative else f"{number}"
        mx, my = placer.place(pts, text)
        ax.text(
            mx,
            my,
            text,
            ha="center",
            va="center",
            fontsize=8.5,
            fontweight="bold",
            zorder=6,
            alpha=max(alpha, 0.75),
            bbox=dict(boxstyle="circle,pad=0.2", facecolor="white", edgecolor=colour, lw=1.2),
        )
        if x.antagonistic:
            qx, qy = pts[len(pts) // 3]
            ax.add_artist(
                Line2D(
                    [qx],
                    [qy],
                    marker="X",
                    markersize=9,
                    color="black",
                    markeredgecolor="white",
                    linestyle="none",
                    zorder=6,
                )
            )


def _draw_goal_pairs(ax: Axes, layout: _Layout, view: EcosystemView, placer: _Labels) -> None:
    for pair in view.congruent + view.tension:
        a, b = pair.actors
        if a == b:
            continue  # relations between one actor's own goals are listed, not drawn
        lo, hi = layout.canonical(a, b)
        side = GOAL_SHIFT if pair.relation == "congruent" else -GOAL_SHIFT
        # Beside the route the pair's interactions take (shown or not), so the line
        # stays put as the reader changes the filter.
        base = layout.clear_offset(lo, hi, CANDIDATES)
        off = layout.clear_offset(lo, hi, (base + side,) + tuple(c + side for c in CANDIDATES))
        pts = _curve(layout.pos[lo], layout.pos[hi], off, n=100)
        if pair.relation == "congruent":
            line = Line2D(
                pts[:, 0],
                pts[:, 1],
                color=CONGRUENT,
                linewidth=5,
                solid_capstyle="round",
                alpha=0.85,
                zorder=1.5,
            )
            text, tcolour = "congruent", DARK_GREEN
        else:
            zz = _zigzag(pts)
            line = Line2D(zz[:, 0], zz[:, 1], color=TENSION, linewidth=1.5, zorder=1.6)
            text, tcolour = "tension", DARK_VERMILLION
        ax.add_artist(line)
        if pair.illustrative:
            text += "\n(illustrative)"
        mx, my = placer.place(pts, text, at=0.4 if pair.relation == "congruent" else 0.6)
        ax.text(
            mx,
            my,
            text,
            ha="center",
            va="center",
            fontsize=8,
            color=tcolour,
            fontweight="bold",
            zorder=5,
            bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor=tcolour, lw=0.8),
        )


def _tag_lines(tags: list[FactorView], per_line: int) -> list[tuple[str, str]]:
    """Tags grouped into lines, enablers first: ``(kind, "+1 +2")``."""
    lines = []
    for kind in ("enabler", "constraint"):
        group = [f.tag for f in tags if f.kind == kind]
        for i in range(0, len(group), per_line):
            lines.append((kind, " ".join(group[i : i + per_line])))
    return lines


def _draw_tags(
    ax: Axes, tags: list[FactorView], x0: float, y0: float, per_line: int, align: str = "center"
) -> None:
    """Factor tags in lines from (x0, y0) downwards.

    Enablers share a rounded, solid green frame and constraints a square, dashed
    vermillion one; the sign of each tag says the same in text.
    """
    for i, (kind, text) in enumerate(_tag_lines(tags, per_line)):
        enabler = kind == "enabler"
        ax.text(
            x0,
            y0 - i * TAG_LINE,
            text,
            ha=align,
            va="center",
            fontsize=8,
            fontweight="bold",
            color=DARK_GREEN if enabler else DARK_VERMILLION,
            zorder=6,
            bbox=dict(
                boxstyle="round,pad=0.15" if enabler else "square,pad=0.15",
                facecolor="white",
                edgecolor=CONGRUENT if enabler else TENSION,
                linestyle="solid" if enabler else (0, (2, 1)),
                lw=0.9,
            ),
        )


def _actor_tags(view: EcosystemView, actor: str) -> list[FactorView]:
    return [f for f in view.factors if actor in f.direct_actors]


def _tag_area(layout: _Layout, view: EcosystemView, actor: str) -> Box | None:
    """The box the factor tags under an actor take up, or ``None``."""
    tags = _actor_tags(view, actor)
    if not tags:
        return None
    x, y = layout.pos[actor]
    per_line = layout.tags_per_line[actor]
    lines = len(_tag_lines(tags, per_line))
    half = min(len(tags), per_line) * TAG_STEP / 2 + 0.08
    top = y - BOX_HEIGHT / 2
    return (x - half, top - TAG_GAP - (lines - 0.5) * TAG_LINE - 0.08, x + half, top)


def _draw_factor_tags(ax: Axes, layout: _Layout, view: EcosystemView) -> None:
    for a in view.actors:
        tags = _actor_tags(view, a.id)
        if tags:
            x, y = layout.pos[a.id]
            _draw_tags(ax, tags, x, y - BOX_HEIGHT / 2 - TAG_GAP, layout.tags_per_line[a.id])


class _Zigzag:
    """A legend handle for goals in tension."""


class _ZigzagHandler(HandlerBase):
    """Draws the tension zig-zag in the legend."""

    def create_artists(
        self,
        legend: Legend,
        orig_handle: Artist,
        xdescent: float,
        ydescent: float,
        width: float,
        height: float,
        fontsize: float,
        trans: Transform,
    ) -> list[Artist]:
        xs = np.linspace(-xdescent, width - xdescent, 9)
        wiggle = np.where(np.arange(9) % 2, 1, -1) * height * 0.3
        line = Line2D(xs, height / 2 - ydescent + wiggle, color=TENSION, linewidth=1.5)
        line.set_transform(trans)
        return [line]


def _legend_entries(
    view: EcosystemView, process_ids: Sequence[str]
) -> tuple[list[Artist | _Zigzag], list[str]]:
    handles: list[Artist | _Zigzag] = []
    labels: list[str] = []
    names = {x.process: x.process_name for x in view.interactions}  # only what is drawn
    for pid in process_ids:
        if pid in names:
            colour, ls = process_style(process_ids, pid)
            handles.append(Line2D([], [], color=colour, linestyle=ls, linewidth=1.8))
            labels.append(names[pid])
    if view.counts.antagonistic_shown:
        handles.append(Line2D([], [], marker="X", color="black", linestyle="none", markersize=8))
        labels.append("antagonistic interaction")
    if view.counts.illustrative_shown:
        handles.append(
            Line2D([], [], marker="$n*$", color="black", linestyle="none", markersize=11)
        )
        labels.append("illustrative: added by the book")
    if view.counts.virtual_actors:
        handles.append(Patch(facecolor="white", edgecolor="black", linestyle=(0, (4, 2))))
        labels.append("virtual actor: imagined, not yet involved")
    if view.highlight == "goals":
        if view.congruent:
            handles.append(Line2D([], [], color=CONGRUENT, linewidth=5))
            labels.append("congruent goals")
        if view.tension:
            handles.append(_Zigzag())
            labels.append("goals in tension")
    if view.highlight == "factors":
        if view.counts.enablers:
            handles.append(Patch(facecolor="white", edgecolor=CONGRUENT))
            labels.append("+n enabler")
        if view.counts.constraints:
            handles.append(Patch(facecolor="white", edgecolor=TENSION, linestyle=(0, (2, 1))))
            labels.append("\u2212n constraint")
    return handles, labels


def _key_entries(view: EcosystemView) -> list[str]:
    entries = []
    for f in view.factors:
        extra = ", illustrative" if f.illustrative else ""
        entries.append(
            textwrap.fill(f"{f.tag}  {f.name} ({f.kind}{extra})", 46, subsequent_indent="      ")
        )
    return entries


def _key_columns(view: EcosystemView) -> list[list[str]]:
    entries = _key_entries(view)
    half = math.ceil(len(entries) / 2)
    return [entries[:half], entries[half:]]


# The figure -----------------------------------------------------------------------


def ecosystem_figure(view: EcosystemView, frameworks: Frameworks) -> FigureResult:
    """The case's service ecosystem for one process filter and one highlight.

    Parameters
    ----------
    view:
        One state of the ecosystem, from
        :func:`~coproduction.models.ecosystem.ecosystem_view` (its process filter
        says which interactions to draw; its highlight, ``"none"``, ``"goals"``
        (congruent and tension pairs) or ``"factors"`` (enablers and constraints
        where they act), what to bring forward).
    frameworks:
        The frameworks, for the processes' colours and line styles.

    Returns
    -------
    (Figure, str)
        The figure and its alt text, which names the filter, the interactions
        drawn and the highlighted pairs or factors.

    Examples
    --------
    >>> from coproduction.cases import load_case, load_frameworks
    >>> from coproduction.models.ecosystem import ecosystem_view
    >>> fw = load_frameworks()
    >>> view = ecosystem_view(load_case("scottish-social-security", fw), fw, "co-governance")
    >>> fig, alt = ecosystem_figure(view, fw)
    >>> alt.split(".")[0]
    'Service ecosystem of Scottish social security, showing co-governance interactions only'
    """
    highlight = view.highlight
    process_ids = frameworks.process_ids()
    with style():
        if not view.has_actors:
            fig = new_figure(7.0, 1.2)
            ax = fig.subplots()
            ax.set_axis_off()
            ax.text(
                0.5,
                0.5,
                f"{view.case_title}: the case records no actors, so there is no ecosystem to draw.",
                ha="center",
                va="center",
                fontsize=10,
                transform=ax.transAxes,
            )
            return fig, alt_text(view)

        layout = _Layout(view)
        handles, labels = _legend_entries(view, process_ids)
        # Heights in inches, from the top: title, bands, legend, key.
        title_h = 0.55 if not view.interactions else 0.35
        main_h = Y_INCH * layout.height
        legend_h = 0.24 * math.ceil(len(handles) / 2) + 0.15 if handles else 0.05
        with_key = highlight == "factors" and bool(view.factors)
        key_lines = max((sum(e.count("\n") + 1 for e in c) for c in _key_columns(view)), default=0)
        key_h = 0.165 * key_lines + 0.45 if with_key else 0.0
        total = title_h + main_h + legend_h + key_h
        fig = new_figure(FIG_WIDTH, total)
        # A fixed layout, not a layout engine: the same picture, drawn once, quickly.
        fig.set_layout_engine(None)
        ax = fig.add_axes((0.01, (legend_h + key_h) / total, 0.98, main_h / total))
        ax.set_xlim(LABEL_LEFT - 0.05, X_RIGHT + 0.05)
        ax.set_ylim(-0.05, layout.height + 0.05)
        ax.set_axis_off()

        level_tags = {}
        if highlight == "factors":
            level_tags = {lv: [f for f in view.factors if lv in f.levels] for lv, _ in view.levels}
        _draw_bands(ax, layout, view, level_tags)
        _draw_actors(ax, layout, view)
        avoid = [layout.box(a.id, 0.05) for a in view.actors]
        tag_areas = {}
        if highlight == "factors":
            tag_areas = {a.id: b for a in view.actors if (b := _tag_area(layout, view, a.id))}
            avoid += list(tag_areas.values())
        placer = _Labels(avoid)
        _draw_interactions(ax, layout, view, process_ids, highlight != "none", placer, tag_areas)
        if highlight == "goals":
            _draw_goal_pairs(ax, layout, view, placer)
        if highlight == "factors":
            _draw_factor_tags(ax, layout, view)
        if handles:
            # The stubs want Artists as handles; Matplotlib takes any object that
            # handler_map has a handler for, as for the zig-zag here.
            ax.legend(  # type: ignore[call-overload]
                handles,
                labels,
                handler_map={_Zigzag: _ZigzagHandler()},
                loc="upper center",
                bbox_to_anchor=(0.5, 0.0),
                ncols=2,
                fontsize=9,
                frameon=False,
                handlelength=3.2,
                borderaxespad=0.2,
            )
        fig.text(0.01, 1 - 0.08 / total, _title(view), ha="left", va="top", fontsize=11)
        if with_key:
            kax = fig.add_axes((0.02, 0.0, 0.96, (key_h - 0.1) / total))
            kax.set_axis_off()
            kax.text(
                0.0, 1.0, "Key to the factors", ha="left", va="top", fontsize=9, fontweight="bold"
            )
            for col, chunk in enumerate(_key_columns(view)):
                kax.text(
                    0.5 * col,
                    1.0 - 0.26 / (key_h - 0.1),
                    "\n".join(chunk),
                    ha="left",
                    va="top",
                    fontsize=8.5,
                    linespacing=1.3,
                )
    return fig, alt_text(view)


def _title(view: EcosystemView) -> str:
    what = "all processes" if view.process == ALL else f"{view.process_name.lower()} only"
    title = f"{view.case_title}: interactions, {what}"
    if view.highlight != "none":
        title += f"; {dict(HIGHLIGHTS)[view.highlight].lower()}"
    if not view.interactions:
        scope = "" if view.process == ALL else f"{view.process_name.lower()} "
        title += f"\n(the case records no {scope}interactions)"
    return title


# Alt text -------------------------------------------------------------------------


def _join(items: list[str]) -> str:
    if not items:
        return "none"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def alt_text(view: EcosystemView) -> str:
    """What the figure for this view shows, in words, built from the data."""
    what = (
        "all interaction processes"
        if view.process == ALL
        else f"{view.process_name.lower()} interactions only"
    )
    parts = [f"Service ecosystem of {view.case_title}, showing {what}."]
    if not view.has_actors:
        parts.append("The case records no actors, so nothing is drawn.")
        return " ".join(parts)
    bands = []
    for lv, name in view.levels:
        names = [
            a.short_name + (" (virtual)" if a.virtual else "") for a in view.actors_by_level[lv]
        ]
        bands.append(f"{name}: {_join(names) if names else 'no actors'}")
    parts.append("Actors in three bands, top to bottom. " + "; ".join(bands) + ".")
    if not view.interactions:
        scope = "" if view.process == ALL else f"{view.process_name.lower()} "
        parts.append(f"The case records no {scope}interactions, so no arrows are drawn.")
    else:
        lines = []
        for i, x in enumerate(view.interactions, start=1):
            bits = [x.process_name.lower(), f"{x.level} level", x.nature]
            if x.illustrative:
                bits.append("illustrative")
            lines.append(f"{i}, {x.from_name} to {x.to_name} ({', '.join(bits)})")
        n = len(view.interactions)
        parts.append(
            f"{n} interaction{'s' if n != 1 else ''} shown as numbered arrows: "
            + "; ".join(lines)
            + "."
        )
    if view.highlight == "goals":
        parts.append(_pairs_alt("Congruent goals join", view.congruent))
        parts.append(_pairs_alt("Goals in tension join", view.tension))
    elif view.highlight == "factors":
        if not view.factors:
            parts.append("The case records no enablers or constraints.")
        for f in view.factors:
            where = [view.name(a) for a in f.direct_actors]
            levels = ""
            if f.levels:
                plural = "s" if len(f.levels) != 1 else ""
                levels = f", and on the whole {_join(list(f.levels))} level{plural}"
            parts.append(
                f"{f.kind.capitalize()} {f.tag}, {f.name}, acts on {_join(where)}{levels}."
            )
    return " ".join(parts)


def _pairs_alt(lead: str, pairs: tuple[ActorPair, ...]) -> str:
    if not pairs:
        return f"{lead} no actors in this case."
    items = []
    for p in pairs:
        text = f"goals within {p.names[0]}" if p.within_one_actor else " and ".join(p.names)
        if p.illustrative:
            text += " (illustrative)"
        items.append(text)
    return f"{lead}: {_join(items)}."
