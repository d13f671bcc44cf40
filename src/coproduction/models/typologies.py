"""Osborne's typologies as models: the three modes and the 2x2 matrix.

Two typologies are modelled, both read from the framework data:

- the three **modes** of co-production of Osborne and Strokosch (2013), each on
  the operational level, the strategic level or both (``frameworks.modes``);
- the **matrix** of Osborne, Strokosch and Radnor (2018): the nature of
  co-production (involuntary or voluntary) crossed with its locus (an individual
  service or the service system), giving four cells (``frameworks.cells``).

Scenarios (``frameworks.scenarios``) are placed in both, each with its reasons.
:func:`mode_for` places a scenario, or a set of answers to the questions the
modes turn on, in a mode; :func:`cell_for` lights the matrix cell for two
dimension values; :func:`classify_text` is a deliberately simple, transparent
classifier for a reader's own scenario, which shows the cues it matched; and
:func:`mode_cell_links` shows, from the scenario data, how the matrix refines the
modes. Everything here is plain data: no display code.

Examples
--------
>>> from coproduction.cases import load_frameworks
>>> fw = load_frameworks()
>>> mode_for(fw, "disability-alternatives").mode.id
'enhanced'
>>> cell_for(fw, "voluntary", "individual-service").name
'Co-management'
>>> classify_text(fw, "Residents were consulted in a focus group").label
'participative'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from coproduction.cases.model import Cell, Frameworks, Mode, Named, Scenario, find_by_id

UNCLEAR = "unclear"
"""The label :func:`classify_text` gives when no cue matches or two modes tie."""

LevelAnswer = Literal["operational", "strategic", "both"]


class UnknownScenarioError(KeyError):
    """A scenario id that the frameworks do not have."""


class UnknownDimensionValueError(KeyError):
    """A nature or locus value that the matrix does not have."""


# Scenarios ------------------------------------------------------------------


def scenario(frameworks: Frameworks, scenario_id: str) -> Scenario:
    """The scenario with this id (the error names the ids that exist)."""
    return find_by_id(
        frameworks.scenarios,
        scenario_id,
        "scenario",
        UnknownScenarioError,
        "none (no scenarios.yaml)",
    )


def case_scenarios(frameworks: Frameworks, case_id: str) -> tuple[Scenario, ...]:
    """The scenarios taken from one case (``case: <case_id>`` in scenarios.yaml)."""
    return tuple(s for s in frameworks.scenarios if s.case == case_id)


def scenarios_for(
    frameworks: Frameworks, case_id: str | None = None, limit: int | None = None
) -> tuple[Scenario, ...]:
    """The general scenarios (from the papers), then those of one case.

    Parameters
    ----------
    frameworks:
        The loaded frameworks.
    case_id:
        Add the scenarios of this case; ``None`` adds none.
    limit:
        At most this many scenarios. The case's scenarios are always kept (up to
        the limit); general ones are dropped from the end of the file's order.

    Examples
    --------
    >>> from coproduction.cases import load_frameworks
    >>> [s.id for s in scenarios_for(load_frameworks(), "ipoa")][-1]
    'ipoa-no-users-yet'
    """
    general = tuple(s for s in frameworks.scenarios if s.case is None)
    own = case_scenarios(frameworks, case_id) if case_id is not None else ()
    if limit is not None:
        own = own[:limit]
        general = general[: max(0, limit - len(own))]
    return general + own


# Modes ------------------------------------------------------------------------


@dataclass(frozen=True)
class ModeProfile:
    """What the modes turn on, for one mode, derived from the levels it spans.

    Osborne and Strokosch (2013) separate the modes by the level of the
    activity, by what users contribute, and by whether the service paradigm
    changes: only the mode that brings both levels together transforms it.
    """

    mode: Mode
    levels: tuple[Named, ...]
    contribution: str
    transforms: bool

    @property
    def level_text(self) -> str:
        """'the operational level', or 'the operational and strategic levels'."""
        names = [lv.name.lower() for lv in self.levels]
        if len(names) > 1 and all(n.endswith(" level") for n in names):
            return "the " + " and ".join(n.removesuffix(" level") for n in names) + " levels"
        return "the " + " and ".join(names)

    def reasons(self) -> tuple[str, ...]:
        """The model's reasons for placing an activity in this mode, in words."""
        many = len(self.levels) > 1
        return (
            f"Level of the activity: {self.level_text}" + (" together." if many else " only."),
            f"What users contribute: {self.contribution}.",
            "Does it transform the service paradigm? "
            + (
                "Yes: it creates new forms of service, not better versions of the old ones."
                if self.transforms
                else "No: it helps to provide the existing kind of service better."
            ),
        )


_CONTRIBUTION = {
    frozenset({"operational"}): (
        "their expectations, actions and experience while the service is delivered"
    ),
    frozenset({"strategic"}): (
        "their experience and views, fed into the planning and design of the service "
        "for future users"
    ),
    frozenset({"operational", "strategic"}): (
        "their tacit ('sticky') knowledge of using the service and needs not yet "
        "expressed, brought into planning to innovate"
    ),
}


def mode_profile(frameworks: Frameworks, mode: Mode | str) -> ModeProfile:
    """The level(s), contribution and transformation of a mode.

    >>> from coproduction.cases import load_frameworks
    >>> mode_profile(load_frameworks(), "enhanced").transforms
    True
    """
    m = mode_by_id(frameworks, mode) if isinstance(mode, str) else mode
    levels = tuple(lv for lv in frameworks.mode_levels if lv.id in m.levels)
    key = frozenset(m.levels)
    contribution = _CONTRIBUTION.get(key, f"what they bring at the {', '.join(m.levels)} level")
    return ModeProfile(m, levels, contribution, transforms=len(key) > 1)


@dataclass(frozen=True)
class ModeAnswers:
    """Answers to the questions the modes turn on, for an activity of your own.

    ``level`` is where the activity happens: ``"operational"`` (delivering the
    service), ``"strategic"`` (planning and designing it) or ``"both"``.
    """

    users_involved: bool = True
    level: LevelAnswer = "operational"
    transforms_paradigm: bool = False


@dataclass(frozen=True)
class ModePlacement:
    """Where an activity sits among the three modes, and why.

    ``mode`` is ``None`` when no mode applies (no users involved) or when the
    answers do not settle it (``candidates`` then names the modes in question).
    """

    mode: Mode | None
    reasons: tuple[str, ...]
    why: str | None = None
    scenario: Scenario | None = None
    candidates: tuple[Mode, ...] = ()
    profile: ModeProfile | None = None

    @property
    def placed(self) -> bool:
        return self.mode is not None

    @property
    def levels(self) -> tuple[Named, ...]:
        return self.profile.levels if self.profile else ()

    @property
    def key_ideas(self) -> tuple[str, ...]:
        return self.mode.key_ideas if self.mode else ()


NO_USERS_REASON = (
    "No users take part yet, in delivery or in planning, and every mode is a way "
    "in which users take part: no mode applies."
)


def mode_for(
    frameworks: Frameworks,
    scenario_or_answers: Scenario | str | ModeAnswers | Mapping[str, object],
) -> ModePlacement:
    """Place a scenario, or your answers about an activity, in a mode.

    Parameters
    ----------
    frameworks:
        The loaded frameworks.
    scenario_or_answers:
        A :class:`Scenario` or a scenario id (its placement and its reasons are
        the data's); or :class:`ModeAnswers` (or a mapping with the same keys),
        placed by the rule the paper gives: no users means no mode; a change of
        paradigm means enhanced co-production, which brings both levels
        together; otherwise the level decides (operational: consumer,
        strategic: participative).

    Examples
    --------
    >>> from coproduction.cases import load_frameworks
    >>> fw = load_frameworks()
    >>> mode_for(fw, ModeAnswers(level="strategic")).mode.id
    'participative'
    >>> mode_for(fw, "ipoa-no-users-yet").placed
    False
    """
    x = scenario_or_answers
    if isinstance(x, str):
        x = scenario(frameworks, x)
    if isinstance(x, Scenario):
        if x.mode is None:
            return ModePlacement(None, (NO_USERS_REASON,), x.why_mode, x)
        profile = mode_profile(frameworks, x.mode)
        return ModePlacement(profile.mode, profile.reasons(), x.why_mode, x, profile=profile)
    answers = x if isinstance(x, ModeAnswers) else ModeAnswers(**dict(x))  # type: ignore[arg-type]
    return _mode_from_answers(frameworks, answers)


def _mode_from_answers(frameworks: Frameworks, a: ModeAnswers) -> ModePlacement:
    if a.level not in ("operational", "strategic", "both"):
        raise ValueError(f"level must be 'operational', 'strategic' or 'both', got {a.level!r}")
    if not a.users_involved:
        return ModePlacement(None, (NO_USERS_REASON,))
    by_levels = {frozenset(m.levels): m for m in frameworks.modes}
    both = frozenset(lv.id for lv in frameworks.mode_levels)
    if a.transforms_paradigm:
        mode = by_levels[both]
        profile = mode_profile(frameworks, mode)
        reasons = profile.reasons()
        if a.level != "both":
            reasons += (
                f"Caution: the activity is on the {a.level} level only, but the paper ties "
                "a change of paradigm to bringing the operational and strategic levels "
                "together; check whether users' experience of the service really reaches "
                "its planning.",
            )
        return ModePlacement(mode, reasons, profile=profile)
    if a.level == "both":
        candidates = tuple(
            m for m in frameworks.modes if len(m.levels) == 1 and frozenset(m.levels) <= both
        )
        names = " and ".join(m.name.lower() for m in candidates)
        return ModePlacement(
            None,
            (
                "The activity spans both levels but does not change the service paradigm: "
                f"that is {names} side by side, not enhanced co-production, which the "
                "paper reserves for user-led innovation.",
            ),
            candidates=candidates,
        )
    mode = by_levels[frozenset({a.level})]
    profile = mode_profile(frameworks, mode)
    return ModePlacement(mode, profile.reasons(), profile=profile)


# A transparent classifier for free text --------------------------------------


@dataclass(frozen=True)
class TextClassification:
    """The result of :func:`classify_text`: a mode id or ``'unclear'``, with reasons."""

    label: str
    mode: Mode | None
    matches: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()

    @property
    def unclear(self) -> bool:
        return self.label == UNCLEAR


def _cue_pattern(cue: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(cue.lower()) + r"(?!\w)")


def matched_cues(mode: Mode, text: str) -> tuple[str, ...]:
    """The mode's cues found in ``text`` as whole words, longest phrase only.

    A cue inside another matched cue of the same mode ('service encounter' in
    'during the service encounter') is not counted twice.
    """
    low = " ".join(text.lower().split())
    found = [c for c in mode.cues if _cue_pattern(c).search(low)]
    return tuple(c for c in found if not any(c != o and c in o for o in found))


def classify_text(frameworks: Frameworks, text: str) -> TextClassification:
    """Classify a description of your own scenario by each mode's ``cues``.

    The rule is simple on purpose, so a reader can see why it answered as it
    did: count the cues of each mode found in the text; the mode with the most
    wins; no cue at all, or a tie at the top, gives ``'unclear'``. The cues are
    the book's phrases (see ``modes.yaml``), not the paper's, and a count of
    words is no substitute for the questions in :class:`ModeAnswers`.

    Examples
    --------
    >>> from coproduction.cases import load_frameworks
    >>> fw = load_frameworks()
    >>> r = classify_text(fw, "Users redesign the service to create new forms of service")
    >>> r.label, r.matches["enhanced"]
    ('enhanced', ('new forms of service', 'redesign'))
    >>> classify_text(fw, "A quiet afternoon").label
    'unclear'
    """
    matches = {m.id: matched_cues(m, text) for m in frameworks.modes}
    scores = Counter({mid: len(c) for mid, c in matches.items()})
    ranked = scores.most_common()
    reasons = tuple(
        f"{m.name}: " + (", ".join(f"'{c}'" for c in matches[m.id]) or "no cue matched")
        for m in frameworks.modes
    )
    if not ranked or ranked[0][1] == 0:
        return TextClassification(UNCLEAR, None, matches, ("No cue of any mode matched.", *reasons))
    top = [mid for mid, n in ranked if n == ranked[0][1]]
    if len(top) > 1:
        names = " and ".join(mode_by_id(frameworks, mid).name for mid in top)
        return TextClassification(
            UNCLEAR,
            None,
            matches,
            (
                f"Tie: {names} matched {ranked[0][1]} cue{'s' if ranked[0][1] != 1 else ''} each.",
                *reasons,
            ),
        )
    mode = mode_by_id(frameworks, top[0])
    return TextClassification(mode.id, mode, matches, reasons)


# The matrix -------------------------------------------------------------------


def dimension_values(frameworks: Frameworks, dimension: str) -> tuple[tuple[str, str], ...]:
    """``(id, name)`` of each value of a matrix dimension (``nature`` or ``locus``)."""
    for d in frameworks.matrix_dimensions:
        if d.id == dimension:
            return tuple((v.id, v.name) for v in d.values)
    known = ", ".join(d.id for d in frameworks.matrix_dimensions)
    raise UnknownDimensionValueError(f"no dimension {dimension!r}; the dimensions are: {known}")


def cell_for(frameworks: Frameworks, nature: str, locus: str) -> Cell:
    """The matrix cell for a nature and a locus.

    >>> from coproduction.cases import load_frameworks
    >>> cell_for(load_frameworks(), "involuntary", "service-system").quadrant
    2
    """
    for dim, value in (("nature", nature), ("locus", locus)):
        ids = [v for v, _ in dimension_values(frameworks, dim)]
        if value not in ids:
            raise UnknownDimensionValueError(
                f"{value!r} is not a value of {dim}; the values are: {', '.join(ids)}"
            )
    return frameworks.cell(nature, locus)


def cell_by_id(frameworks: Frameworks, cell_id: str) -> Cell:
    """The cell with this id (the error names the ids that exist)."""
    for c in frameworks.cells:
        if c.id == cell_id:
            return c
    known = ", ".join(c.id for c in frameworks.cells)
    raise KeyError(f"no cell {cell_id!r}; the cells are: {known}")


@dataclass(frozen=True)
class MatrixSelection:
    """The cell the matrix explorer lights, and what decided it.

    ``by`` is ``"dimensions"`` or ``"scenario"``; a scenario overrides the two
    dimensions (``overridden`` says whether it set aside a different cell).
    ``cell`` is ``None`` for a scenario that fits no cell.
    """

    cell: Cell | None
    by: Literal["dimensions", "scenario"]
    nature: str
    locus: str
    scenario: Scenario | None = None
    overridden: bool = False

    @property
    def why(self) -> str | None:
        return self.scenario.why_cell if self.scenario else None


def select_cell(
    frameworks: Frameworks,
    nature: str,
    locus: str,
    scenario_id: str | None = None,
) -> MatrixSelection:
    """Light a cell by the two dimensions, or by a scenario, which overrides them.

    >>> from coproduction.cases import load_frameworks
    >>> fw = load_frameworks()
    >>> select_cell(fw, "involuntary", "individual-service", "ipoa-no-users-yet").cell is None
    True
    """
    by_dims = cell_for(frameworks, nature, locus)
    if scenario_id is None:
        return MatrixSelection(by_dims, "dimensions", nature, locus)
    sc = scenario(frameworks, scenario_id)
    cell = cell_by_id(frameworks, sc.cell) if sc.cell else None
    return MatrixSelection(cell, "scenario", nature, locus, sc, overridden=cell != by_dims)


# How the matrix refines the modes ----------------------------------------------


@dataclass(frozen=True)
class ModeCellLink:
    """Where the scenarios of one mode land in the matrix."""

    mode: Mode
    cells: tuple[tuple[Cell, tuple[Scenario, ...]], ...]
    natures: Mapping[str, int]
    loci: Mapping[str, int]

    @property
    def count(self) -> int:
        return sum(len(s) for _, s in self.cells)

    @property
    def illustrative(self) -> bool:
        return any(s.illustrative for _, ss in self.cells for s in ss)

    def summary(self, frameworks: Frameworks) -> str:
        """One sentence: which row and column the mode's scenarios fall in."""
        if not self.count:
            return f"No scenario of {self.mode.name.lower()} is placed in the matrix."
        names = dict(dimension_values(frameworks, "nature") + dimension_values(frameworks, "locus"))
        parts = []
        for counts, what in ((self.natures, "row"), (self.loci, "column")):
            (top, n), *_ = Counter(counts).most_common()
            qual = "all" if n == self.count else f"{n} of {self.count}"
            parts.append(f"{qual} in the {names[top].lower()} {what}")
        cells = ", ".join(f"{roman(c.quadrant)} {c.name} ({len(s)})" for c, s in self.cells)
        return (
            f"{self.mode.name}: {self.count} scenario{'s' if self.count != 1 else ''}, "
            f"{parts[0]} and {parts[1]}; cells: {cells}."
        )


def mode_cell_links(frameworks: Frameworks) -> tuple[ModeCellLink, ...]:
    """For each mode, the cells its scenarios occupy: the modes seen through the matrix.

    Both typologies place the same scenarios, so the data show how the matrix
    refines the modes: a mode spread over several cells is split by the matrix
    (consumer co-production, for instance, into involuntary and voluntary, an
    individual service and the system), and a cell shared by several modes is
    split by the modes (whether the service paradigm changes). Scenarios that
    fit no mode or no cell are left out. Most placements are the book's reading,
    so the result is illustrative (see ``ModeCellLink.illustrative``).

    >>> from coproduction.cases import load_frameworks
    >>> [link.mode.id for link in mode_cell_links(load_frameworks())]
    ['consumer', 'participative', 'enhanced']
    """
    out = []
    for m in frameworks.modes:
        placed = [s for s in frameworks.scenarios if s.mode == m.id and s.cell]
        cells = tuple(
            (c, tuple(s for s in placed if s.cell == c.id))
            for c in frameworks.cells
            if any(s.cell == c.id for s in placed)
        )
        natures = Counter(c.nature for c, ss in cells for _ in ss)
        loci = Counter(c.locus for c, ss in cells for _ in ss)
        out.append(ModeCellLink(m, cells, dict(natures), dict(loci)))
    return tuple(out)


def modes_in_cell(frameworks: Frameworks, cell_id: str) -> tuple[tuple[Mode, int], ...]:
    """The modes of the scenarios placed in one cell, with how many of each."""
    counts = Counter(s.mode for s in frameworks.scenarios if s.cell == cell_id and s.mode)
    return tuple((m, counts[m.id]) for m in frameworks.modes if counts[m.id])


# Helpers ------------------------------------------------------------------------


def mode_by_id(frameworks: Frameworks, mode_id: str) -> Mode:
    """The mode with this id (the error names the ids that exist)."""
    for m in frameworks.modes:
        if m.id == mode_id:
            return m
    known = ", ".join(m.id for m in frameworks.modes)
    raise KeyError(f"no mode {mode_id!r}; the modes are: {known}")


def roman(n: int) -> str:
    """A quadrant number as the paper writes it (I to IV)."""
    return {1: "I", 2: "II", 3: "III", 4: "IV"}.get(n, str(n))
