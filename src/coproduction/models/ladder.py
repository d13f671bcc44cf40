"""Arnstein's (1969) ladder of citizen participation as a model.

The ladder is read from the framework data (``frameworks/ladder.yaml``): eight
rungs, numbered from the bottom, in three groups (nonparticipation, degrees of
tokenism, degrees of citizen power). Activities from the papers and the cases
are placed on it (``frameworks.placements``), each with the book's reasons.

:func:`place` gives a placement's rung and group; :func:`step_up` says what the
next rung up would take, from the data, and whether that step would cross into
another group; :func:`placements_for` picks the placements of one case plus the
general ones; :func:`occupancy` counts which rungs the placements use. Everything
here is plain data: no display code.

Examples
--------
>>> from coproduction.cases import load_frameworks
>>> fw = load_frameworks()
>>> placed = place(fw, "consultation-no-commitment")
>>> placed.rung.rung, placed.rung.name, placed.group.label
(4, 'Consultation', 'Tokenism')
>>> step_up(fw, placed.rung).to.name
'Placation'
>>> step_up(fw, "partnership").crosses_group
False
"""

from __future__ import annotations

from dataclasses import dataclass

from coproduction.cases.model import Frameworks, Placement, Rung, find_by_id


class LadderError(KeyError):
    """The frameworks have no ladder, or a rung or placement id does not exist."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Group:
    """One of Arnstein's three groups of rungs.

    ``label`` is the short name used in controls and figures; ``title`` is
    Arnstein's own heading; ``meaning`` says in the book's words what the group
    gives citizens.
    """

    id: str
    label: str
    title: str
    meaning: str


GROUPS: tuple[Group, ...] = (
    Group(
        "nonparticipation",
        "Nonparticipation",
        "Nonparticipation",
        "people are not enabled to take part in planning; those in power use the "
        "occasion to educate, persuade or 'cure' them",
    ),
    Group(
        "tokenism",
        "Tokenism",
        "Degrees of tokenism",
        "people can hear and be heard, and at the top of the group advise, but they "
        "lack the power to make sure their views are acted on",
    ),
    Group(
        "citizen-power",
        "Citizen power",
        "Degrees of citizen power",
        "people share in decisions or hold the main say, through negotiated "
        "arrangements the powerholders cannot undo alone",
    ),
)
"""The groups from the bottom of the ladder to the top (Arnstein 1969)."""


@dataclass(frozen=True)
class GroupBand:
    """A group and the rungs it spans in the data (lowest and highest number)."""

    group: Group
    lowest: int
    highest: int
    rungs: tuple[Rung, ...]


@dataclass(frozen=True)
class StepUp:
    """What moving from one rung to the next would take.

    ``to`` is the next rung up; ``crosses_group`` is true when the step leaves
    one group for another (into tokenism, or into citizen power).
    """

    frm: Rung
    to: Rung
    crosses_group: bool
    text: str


@dataclass(frozen=True)
class PlacementOnLadder:
    """A placement with its rung, its group and what would move it up."""

    placement: Placement
    rung: Rung
    group: Group
    step_up: StepUp | None

    @property
    def position(self) -> str:
        """'rung 4 of 8, consultation'."""
        return f"rung {self.rung.rung} of 8, {self.rung.name.lower()}"


# Lookups ------------------------------------------------------------------------


def has_ladder(frameworks: Frameworks) -> bool:
    """Whether the frameworks hold the ladder (the optional ladder.yaml)."""
    return len(frameworks.rungs) == 8


def _require(frameworks: Frameworks) -> None:
    if not has_ladder(frameworks):
        raise LadderError(
            "the frameworks have no ladder: add frameworks/ladder.yaml "
            "(see case_data/README.md, 'Optional framework files')"
        )


def group(group_id: str) -> Group:
    """The group with this id: ``nonparticipation``, ``tokenism`` or ``citizen-power``."""
    for g in GROUPS:
        if g.id == group_id:
            return g
    known = ", ".join(g.id for g in GROUPS)
    raise LadderError(f"no group {group_id!r}; the groups are: {known}")


def rung(frameworks: Frameworks, rung_id: str | int) -> Rung:
    """The rung with this id (``"consultation"``) or number (``4``)."""
    _require(frameworks)
    for r in frameworks.rungs:
        if r.id == rung_id or r.rung == rung_id:
            return r
    known = ", ".join(f"{r.rung} {r.id}" for r in frameworks.rungs)
    raise LadderError(f"no rung {rung_id!r}; the rungs are: {known}")


def placement(frameworks: Frameworks, placement_id: str) -> Placement:
    """The placement with this id (the error names the ids that exist)."""
    return find_by_id(
        frameworks.placements, placement_id, "placement", LadderError, "none (no ladder.yaml)"
    )


def case_placements(frameworks: Frameworks, case_id: str) -> tuple[Placement, ...]:
    """The placements taken from one case (``case: <case_id>`` in ladder.yaml)."""
    return tuple(p for p in frameworks.placements if p.case == case_id)


def placements_for(frameworks: Frameworks, case_id: str | None = None) -> tuple[Placement, ...]:
    """The placements to offer: all of them, or the general ones plus one case's.

    Parameters
    ----------
    frameworks:
        The loaded frameworks.
    case_id:
        ``None``: every placement, in the file's order. A case id: the general
        placements (``case: null``) followed by that case's.

    Examples
    --------
    >>> from coproduction.cases import load_frameworks
    >>> fw = load_frameworks()
    >>> [p.case for p in placements_for(fw, "ipoa")][-1]
    'ipoa'
    >>> any(p.case == "scottish-social-security" for p in placements_for(fw, "ipoa"))
    False
    """
    if case_id is None:
        return tuple(frameworks.placements)
    general = tuple(p for p in frameworks.placements if p.case is None)
    return general + case_placements(frameworks, case_id)


# The ladder -----------------------------------------------------------------------


def bands(frameworks: Frameworks) -> tuple[GroupBand, ...]:
    """The three groups with the rungs each spans, from the bottom up."""
    _require(frameworks)
    out = []
    for g in GROUPS:
        rs = tuple(r for r in frameworks.rungs if r.group == g.id)
        if rs:
            out.append(GroupBand(g, min(r.rung for r in rs), max(r.rung for r in rs), rs))
    return tuple(out)


def step_up(frameworks: Frameworks, frm: Rung | str | int) -> StepUp | None:
    """What moving up one rung would take, or ``None`` at the top (citizen control).

    The text comes from the data: the next rung's description, and, when the
    step crosses into another group, what that group gives citizens.

    Examples
    --------
    >>> from coproduction.cases import load_frameworks
    >>> s = step_up(load_frameworks(), "placation")
    >>> s.to.name, s.crosses_group
    ('Partnership', True)
    >>> step_up(load_frameworks(), "citizen-control") is None
    True
    """
    here = frm if isinstance(frm, Rung) else rung(frameworks, frm)
    if here.rung >= 8:
        return None
    nxt = rung(frameworks, here.rung + 1)
    crosses = nxt.group != here.group
    text = f"To reach rung {nxt.rung}, {nxt.name.lower()}: {nxt.description}"
    if crosses:
        g = group(nxt.group)
        text += (
            f" This step would cross from {group(here.group).label.lower()} into "
            f"{g.title.lower()}, where {g.meaning}."
        )
    return StepUp(here, nxt, crosses, text)


def place(frameworks: Frameworks, item: Placement | str) -> PlacementOnLadder:
    """A placement's rung, its group and what would move it up a rung.

    Examples
    --------
    >>> from coproduction.cases import load_frameworks
    >>> p = place(load_frameworks(), "scottish-experience-panels")
    >>> p.position, p.group.id
    ('rung 5 of 8, placation', 'tokenism')
    """
    p = item if isinstance(item, Placement) else placement(frameworks, item)
    r = rung(frameworks, p.rung)
    return PlacementOnLadder(p, r, group(r.group), step_up(frameworks, r))


def occupancy(
    frameworks: Frameworks, placements: tuple[Placement, ...] | None = None
) -> dict[str, tuple[Placement, ...]]:
    """For each rung id, from the bottom up, the placements on it.

    Examples
    --------
    >>> from coproduction.cases import load_frameworks
    >>> occ = occupancy(load_frameworks())
    >>> len(occ["citizen-control"])
    0
    """
    _require(frameworks)
    items = frameworks.placements if placements is None else placements
    return {r.id: tuple(p for p in items if p.rung == r.id) for r in frameworks.rungs}
