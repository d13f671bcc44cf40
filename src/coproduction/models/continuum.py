"""The services management continuum of co-production, as a model.

Services management theory holds that every service is co-produced, because
services are intangible and are produced and consumed at the same time
(``frameworks.service_characteristics``). How much co-production there is,
though, varies along a continuum (``frameworks.continuum``): it is high where a
service is produced and used at the same time and place, face to face
(residential care, education), and low, passive and mediated where it runs
through an electronic interface (an online tax return) (Osborne and Strokosch
2013; Osborne, Strokosch and Radnor 2018).

This module places each service in a **band** of contact (high, medium or low)
and says what changes along the continuum: face-to-face contact, simultaneity
and whether co-production is active or passive. The papers describe only the two
ends, so the high and low bands are reported and the medium band is the book's
interpolation (:attr:`Band.reported`). Everything here is plain data.

Examples
--------
>>> from coproduction.cases import load_frameworks
>>> fw = load_frameworks()
>>> p = position(fw, "online-tax-return")
>>> p.band.id, p.band.coproduction
('low', 'passive')
>>> band_for(0.95).face_to_face
'continuous and face to face'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from coproduction.cases.model import (
    Case,
    Frameworks,
    Interaction,
    Named,
    ServiceOnContinuum,
    ValueView,
    find_by_id,
)

LOW_BELOW = 1 / 3
"""A service with ``contact`` below this is in the low band."""
HIGH_FROM = 2 / 3
"""A service with ``contact`` at or above this is in the high band."""

BandId = Literal["high", "medium", "low"]
Coproduction = Literal["active", "active but bounded", "passive"]


class UnknownServiceError(KeyError):
    """A service id that the continuum does not have."""


@dataclass(frozen=True)
class Band:
    """A stretch of the continuum and what co-production is like there.

    Attributes
    ----------
    id, name:
        ``"high"``, ``"medium"`` or ``"low"``, and a display name.
    lower, upper:
        The band covers ``lower <= contact < upper`` (the high band includes 1).
    face_to_face:
        How user and provider meet.
    simultaneity:
        Whether production and consumption happen at the same time and place.
    coproduction:
        Whether the user's part is active or passive.
    summary:
        One sentence on the band.
    reported:
        ``True`` where the papers describe this kind of service (the two ends);
        ``False`` for the book's interpolation (the middle).
    source:
        Where the description comes from, as plain text.
    """

    id: BandId
    name: str
    lower: float
    upper: float
    face_to_face: str
    simultaneity: str
    coproduction: Coproduction
    summary: str
    reported: bool
    source: str

    def contains(self, contact: float) -> bool:
        return self.lower <= contact < self.upper or (self.upper == 1.0 and contact == 1.0)


_PAPERS = "Osborne and Strokosch (2013); Osborne, Strokosch and Radnor (2018)"

BANDS: tuple[Band, ...] = (
    Band(
        id="high",
        name="High contact",
        lower=HIGH_FROM,
        upper=1.0,
        face_to_face="continuous and face to face",
        simultaneity="produced and used at the same time and in the same place",
        coproduction="active",
        summary=(
            "Iterative, person-to-person contact: the user's expectations, character and "
            "actions make the service as much as the staff's do."
        ),
        reported=True,
        source=f"{_PAPERS}: residential care and education",
    ),
    Band(
        id="medium",
        name="Medium contact",
        lower=LOW_BELOW,
        upper=HIGH_FROM,
        face_to_face="person to person, but brief, one-off or at a distance (by telephone)",
        simultaneity="produced and used at the same time, not always in the same place",
        coproduction="active but bounded",
        summary=(
            "The user takes an active part, but within a short or scripted encounter "
            "rather than an ongoing relationship."
        ),
        reported=False,
        source=(f"the book's interpolation between the two ends the papers describe ({_PAPERS})"),
    ),
    Band(
        id="low",
        name="Low contact",
        lower=0.0,
        upper=LOW_BELOW,
        face_to_face="none: mediated by an electronic interface",
        simultaneity="user and provider meet only through a screen, not in real time",
        coproduction="passive",
        summary=(
            "The user inputs data or chooses from pre-set options; there is no "
            "person-to-person immediacy, yet it is still co-production."
        ),
        reported=True,
        source=f"{_PAPERS}: electronic financial services such as tax returns",
    ),
)

FEATURES: tuple[tuple[str, str], ...] = (
    ("face_to_face", "Face-to-face contact"),
    ("simultaneity", "Simultaneity of production and use"),
    ("coproduction", "Co-production"),
)
"""The features that change along the continuum: ``(Band attribute, label)``."""


def band_for(contact: float) -> Band:
    """The band a contact value falls in.

    Parameters
    ----------
    contact:
        A number from 0 (mediated, passive) to 1 (face to face, continuous).

    Raises
    ------
    ValueError
        If ``contact`` is outside 0 to 1.

    Examples
    --------
    >>> band_for(0.5).id
    'medium'
    """
    if not 0.0 <= contact <= 1.0:
        raise ValueError(f"contact must be between 0 and 1, got {contact!r}")
    for band in BANDS:
        if band.contains(contact):
            return band
    raise AssertionError("the bands cover 0 to 1")  # pragma: no cover


def band_by_id(band_id: str) -> Band:
    """The band with this id (``"high"``, ``"medium"`` or ``"low"``)."""
    for band in BANDS:
        if band.id == band_id:
            return band
    raise KeyError(f"no band {band_id!r}; the bands are: {', '.join(b.id for b in BANDS)}")


# Services ---------------------------------------------------------------------------


def services_for(
    frameworks: Frameworks, case_id: str | None = None
) -> tuple[ServiceOnContinuum, ...]:
    """The services to offer, from highest to lowest contact.

    With no ``case_id``, every service; with one, the general services (those with
    no case) and that case's own.

    Examples
    --------
    >>> from coproduction.cases import load_frameworks
    >>> [s.id for s in services_for(load_frameworks(), "ipoa")][-1]
    'online-tax-return'
    """
    items = frameworks.continuum
    if case_id is not None:
        items = tuple(s for s in items if s.case in (None, case_id))
    return tuple(sorted(items, key=lambda s: (-s.contact, s.name)))


def case_services(frameworks: Frameworks, case_id: str) -> tuple[ServiceOnContinuum, ...]:
    """The services placed on the continuum for one case (may be empty)."""
    return tuple(s for s in services_for(frameworks) if s.case == case_id)


def service(frameworks: Frameworks, service_id: str) -> ServiceOnContinuum:
    """The service with this id (the error names the ids that exist)."""
    return find_by_id(
        frameworks.continuum, service_id, "service on the continuum", UnknownServiceError
    )


@dataclass(frozen=True)
class Position:
    """Where a service sits on the continuum, and what that means.

    Attributes
    ----------
    service:
        The service record (with ``how_users_coproduce``, ``why``, status and note).
    band:
        Its band of contact.
    rank:
        1 for the service with most contact among ``services``.
    of:
        How many services were ranked.
    more_contact, less_contact:
        The next service with more, and with less, contact (or ``None`` at an end).
    position_reported:
        ``True`` when the papers themselves place the service (its record is
        reported). The number is always the book's.
    """

    service: ServiceOnContinuum
    band: Band
    rank: int
    of: int
    more_contact: ServiceOnContinuum | None
    less_contact: ServiceOnContinuum | None

    @property
    def contact(self) -> float:
        return self.service.contact

    @property
    def position_reported(self) -> bool:
        return not self.service.illustrative

    @property
    def features(self) -> tuple[tuple[str, str], ...]:
        """``(label, value)`` for each feature that changes along the continuum."""
        return tuple((label, str(getattr(self.band, attr))) for attr, label in FEATURES)


def position(
    frameworks: Frameworks,
    service_id: str,
    services: tuple[ServiceOnContinuum, ...] | None = None,
) -> Position:
    """Place one service: its band, its rank and its neighbours.

    Parameters
    ----------
    frameworks:
        The loaded frameworks.
    service_id:
        A service id from ``frameworks.continuum``.
    services:
        The services to rank it among (by default all of them, via
        :func:`services_for`); the service must be one of them.

    Examples
    --------
    >>> from coproduction.cases import load_frameworks
    >>> p = position(load_frameworks(), "residential-care")
    >>> p.rank, p.more_contact is None, p.band.id
    (1, True, 'high')
    """
    chosen = service(frameworks, service_id)
    ranked = services if services is not None else services_for(frameworks)
    ids = [s.id for s in ranked]
    if chosen.id not in ids:
        raise UnknownServiceError(f"service {service_id!r} is not among {', '.join(ids)}")
    i = ids.index(chosen.id)
    return Position(
        service=chosen,
        band=band_for(chosen.contact),
        rank=i + 1,
        of=len(ranked),
        more_contact=ranked[i - 1] if i > 0 else None,
        less_contact=ranked[i + 1] if i + 1 < len(ranked) else None,
    )


def by_band(
    services: tuple[ServiceOnContinuum, ...],
) -> dict[BandId, tuple[ServiceOnContinuum, ...]]:
    """The services in each band, highest band first (empty bands included)."""
    return {b.id: tuple(s for s in services if band_for(s.contact) is b) for b in BANDS}


@dataclass(frozen=True)
class Change:
    """One feature that differs between two places on the continuum."""

    feature: str
    before: str
    after: str


def what_changes(a: Band | float, b: Band | float) -> tuple[Change, ...]:
    """The features that differ between two bands (or two contact values).

    Examples
    --------
    >>> [c.feature for c in what_changes(0.9, 0.1)]
    ['Face-to-face contact', 'Simultaneity of production and use', 'Co-production']
    >>> what_changes(0.9, 0.8)
    ()
    """
    ba = a if isinstance(a, Band) else band_for(a)
    bb = b if isinstance(b, Band) else band_for(b)
    return tuple(
        Change(label, str(getattr(ba, attr)), str(getattr(bb, attr)))
        for attr, label in FEATURES
        if getattr(ba, attr) != getattr(bb, attr)
    )


def characteristic(frameworks: Frameworks, characteristic_id: str) -> Named:
    """One of the three characteristics of services (inseparability, ...)."""
    for c in frameworks.service_characteristics:
        if c.id == characteristic_id:
            return c
    known = ", ".join(c.id for c in frameworks.service_characteristics) or "none"
    raise KeyError(f"no characteristic {characteristic_id!r}; the ids are: {known}")


# A case's service encounters -------------------------------------------------------


@dataclass(frozen=True)
class EncounterEvidence:
    """What a case's data say about its service encounters (the moment of truth).

    Attributes
    ----------
    interactions:
        The case's micro-level co-experience interactions: users meeting the
        service at the point where it is produced and used.
    views:
        The case's value views on co-experience: how stakeholders saw value being
        created or destroyed in those encounters.
    """

    interactions: tuple[Interaction, ...]
    views: tuple[ValueView, ...]

    @property
    def empty(self) -> bool:
        return not (self.interactions or self.views)

    @property
    def destroyed(self) -> tuple[ValueView, ...]:
        """The views in which value was destroyed."""
        return tuple(v for v in self.views if v.valence == "destruction")


ENCOUNTER_PROCESS = "co-experience"
ENCOUNTER_LEVEL = "micro"


def encounter_evidence(case: Case) -> EncounterEvidence:
    """A case's service encounters and the value views about them.

    Works on any case; a case with no interactions or value views gives empty
    evidence (see :attr:`EncounterEvidence.empty`).

    Examples
    --------
    >>> from coproduction.cases import load_case
    >>> ev = encounter_evidence(load_case("scottish-social-security"))
    >>> "users-assessment-experience" in [v.id for v in ev.destroyed]
    True
    """
    return EncounterEvidence(
        interactions=tuple(
            i
            for i in case.interactions
            if i.process == ENCOUNTER_PROCESS and i.level == ENCOUNTER_LEVEL
        ),
        views=tuple(v for v in case.value_views if v.process == ENCOUNTER_PROCESS),
    )
