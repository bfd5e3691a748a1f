"""What the directory reads return: the choices a client can offer as filters (facets)
and one person's profile. Counts only ever cover what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class FacetCounts:
    """Visible practices per (subject, phase); current members per school and cluster.
    People and memberships carry no visibility of their own: everyone may see them."""

    practices: tuple[tuple[str | None, str | None, int], ...] = ()  # (subject, phase, practices)
    organisations: tuple[tuple[str, str, str | None, int], ...] = ()  # (id, name, region, people)
    clusters: tuple[tuple[str, str, int], ...] = ()  # (id, name, people)


@dataclass(frozen=True)
class ProfilePractice:
    id: str
    title: str
    subject: str | None
    phase: str | None
    kind: str  # developed / co-developed / adapted
    date: date | None


@dataclass(frozen=True)
class ProfileAdaptation:
    practice_id: str  # the person's adaptation
    source_id: str  # the practice it adapts
    source_title: str
    mode: str | None
    what_changed: str | None


@dataclass(frozen=True)
class PersonActivity:
    """Counts of visible developmental observations of the person, and visible exchanges
    they took part in (and in how many they mentored)."""

    observed: int = 0
    model_lessons: int = 0
    exchanges: int = 0
    mentored: int = 0


@dataclass(frozen=True)
class PersonProfile:
    practices: tuple[ProfilePractice, ...]
    adaptations: tuple[ProfileAdaptation, ...]
    activity: PersonActivity


def profile(practices: list[ProfilePractice], adaptations: list[ProfileAdaptation], activity: PersonActivity) -> PersonProfile:
    """The same order on every store: newest practice first, then by title and id."""
    practices = sorted(practices, key=lambda p: (-(p.date.toordinal() if p.date else 0), p.title, p.id))
    adaptations = sorted(set(adaptations), key=lambda a: (a.practice_id, a.source_id))
    return PersonProfile(tuple(practices), tuple(adaptations), activity)
