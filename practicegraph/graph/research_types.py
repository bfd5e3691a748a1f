"""The research reads of the GraphStore port: what diffusion, cluster-health and export
analytics need, as narrow whole-graph reads (researchers look at everything visible at
once, not at one practice). Plain values only.

Visibility: practices, observations and exchanges are matched through the viewer predicate
inside the store query, and links only between records the viewer may see. Organisations,
clusters, meetings and memberships carry no visibility in the schema (they are
organisational facts, not anyone's words), so every viewer reads them; the research layer
only ever shows them as aggregates or pseudonyms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from practicegraph.graph.types import Viewer


@dataclass(frozen=True)
class PracticeLink:
    """child -> parent: ADAPTED_FROM, VERSION_OF or REVISED_AFTER, both ends visible."""

    kind: str
    child: str
    parent: str
    mode: str | None = None
    how_learned: str | None = None
    round: int | None = None
    date: date | None = None


@dataclass(frozen=True)
class PracticeRecord:
    id: str
    title: str
    subject: str | None
    phase: str | None
    version: int
    date: date | None
    organisation: str | None
    cluster: str | None
    developers: tuple[tuple[str, str], ...] = ()  # (person id, role)


@dataclass(frozen=True)
class Place:
    """An organisation (kind school / college / ...) or a cluster (kind official / voluntary)."""

    label: str  # Organisation | Cluster
    id: str
    name: str
    kind: str | None
    region: str | None
    venue: str | None = None  # clusters: the organisation that hosts its meetings


@dataclass(frozen=True)
class MeetingRecord:
    id: str
    cluster: str
    date: date
    venue: str | None
    attendees: tuple[str, ...]
    agenda_tags: tuple[str, ...]


@dataclass(frozen=True)
class MembershipRecord:
    person: str
    label: str  # Organisation | Cluster
    target: str
    role: str | None
    since: date | None
    until: date | None


@dataclass(frozen=True)
class ActivityRecord:
    """A developmental observation or an exchange, with the people and visible practices
    it names. people: (person id, role) — observer / observed, or the exchange role."""

    label: str  # Observation | Exchange
    id: str
    kind: str | None
    started: date | None
    ended: date | None
    people: tuple[tuple[str, str], ...] = ()
    practices: tuple[str, ...] = ()  # observed in / discussed
    led_to: tuple[str, ...] = ()


class ResearchReads(Protocol):
    def practice_links(self, viewer: Viewer) -> list[PracticeLink]: ...
    def practice_records(self, viewer: Viewer) -> list[PracticeRecord]: ...
    def places(self) -> list[Place]: ...
    def cluster_meetings(self, cluster_id: str | None = None) -> list[MeetingRecord]: ...
    def membership_history(self) -> list[MembershipRecord]: ...
    def activities(self, viewer: Viewer) -> list[ActivityRecord]:
        """Developmental observations and exchanges the viewer may see."""
