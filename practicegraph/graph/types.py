"""Plain values that cross the GraphStore port. No driver object ever leaves graph/."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date  # noqa: F401  (annotations)
from typing import Any, Literal

from practicegraph.model.shape import Link

TextKind = Literal["Practice", "Observation", "Exchange"]
Direction = Literal["ancestors", "descendants", "both"]


@dataclass(frozen=True)
class Viewer:
    """Who is asking. Every read takes one; the store matches only what it may see.

    `system` is for internal maintenance (similarity linking); it is never built from a
    request.
    """

    person_id: str = ""
    clusters: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()
    system: bool = False

    @classmethod
    def anonymous(cls) -> "Viewer":
        return cls()

    @classmethod
    def internal(cls) -> "Viewer":
        return cls(system=True)


@dataclass(frozen=True)
class SearchFilters:
    """Filters applied inside the store query, never to results afterwards.

    subject / phase constrain which practices and observations are retrieved as candidate
    evidence; organisation / cluster / region constrain where the person works now.
    """

    subject: str | None = None
    phase: str | None = None
    organisation: str | None = None
    cluster: str | None = None
    region: str | None = None

    @property
    def has_person_filters(self) -> bool:
        return bool(self.organisation or self.cluster or self.region)


@dataclass(frozen=True)
class Edge(Link):
    """A record's relationship (model.shape.Link) with the record that carries it."""

    owner: str = ""  # written with its record, never alone


@dataclass(frozen=True)
class LedgerEntry:
    id: str
    type: str
    content_hash: str
    line: int | None = None  # where the record came from, for error reports


@dataclass
class GraphBatch:
    """Rows for one transaction: nodes by label, edges, and the record ledger."""

    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    ledger: list[LedgerEntry] = field(default_factory=list)
    # nodes shared by many records (word-search terms): created when absent, never owned
    shared: dict[str, set[str]] = field(default_factory=dict)

    def add_node(self, label: str, row: dict[str, Any]) -> None:
        self.nodes.setdefault(label, []).append(row)


@dataclass(frozen=True)
class Conflict:
    id: str
    type: str
    line: int | None
    reason: str = "a record with this id exists with different content"


@dataclass(frozen=True)
class WriteResult:
    written: int = 0
    unchanged: int = 0
    conflicts: tuple[Conflict, ...] = ()

    def __add__(self, other: "WriteResult") -> "WriteResult":
        return WriteResult(self.written + other.written, self.unchanged + other.unchanged,
                           self.conflicts + other.conflicts)


@dataclass(frozen=True)
class Hit:
    id: str
    score: float


@dataclass(frozen=True)
class Candidates:
    """A question's candidates of each kind, from one store read: nearest by meaning
    (cosine, best first) and best by words (BM25, best first)."""

    meaning: dict[str, tuple[Hit, ...]] = field(default_factory=dict)
    words: dict[str, tuple[Hit, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class EvidenceRow:
    """One piece of evidence that a person has developed a practice.

    kind: developed | co-developed | adapted | model-lesson | observed | mentored
    """

    person_id: str
    person_name: str
    kind: str
    practice_id: str | None
    practice_title: str | None
    date: date | None
    source_id: str | None = None  # the observation or exchange behind it
    source_text: str | None = None  # its visible summary (focus / what worked)


@dataclass(frozen=True)
class QuestionEvidence:
    """What ranking a question needs after its candidates, from one store read: the
    evidence rows for the matched practices and observations and for the practices one
    lineage step from a matched practice; those lineage edges; and where each person in
    the rows works now (person id -> summary)."""

    rows: tuple["EvidenceRow", ...] = ()
    lineage: tuple["LineageEdge", ...] = ()
    people: dict[str, "PersonSummary"] = field(default_factory=dict)


@dataclass(frozen=True)
class PersonSummary:
    id: str
    name: str
    organisations: tuple[tuple[str, str, str | None], ...] = ()  # (id, name, region), current
    clusters: tuple[tuple[str, str], ...] = ()  # (id, name), current


@dataclass(frozen=True)
class PracticeSummary:
    id: str
    title: str
    subject: str | None
    phase: str | None
    version: int
    visibility: str
    organisation: str | None
    cluster: str | None
    date: date | None
    developers: tuple[tuple[str, str, str], ...] = ()  # (person id, name, role)


@dataclass(frozen=True)
class PracticeDetail:
    summary: PracticeSummary
    description: str
    context: str | None
    tags: tuple[str, ...]
    model_id: str | None
    similar: tuple[Hit, ...] = ()


@dataclass(frozen=True)
class LineageEdge:
    """child -> parent: ADAPTED_FROM (adaptation), VERSION_OF, REVISED_AFTER."""

    kind: str
    child: str
    parent: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CurrentMembership:
    """A membership that holds on a given day (since <= day <= until, either end open)."""

    kind: str  # organisation | cluster
    target_id: str
    role: str | None


@dataclass(frozen=True)
class TrustLink:
    """One relation between two people that could carry an introduction, as a viewer may
    see it. kind: cluster (current co-members), co-developed (a visible practice),
    mentoring / brokered / paired (a visible exchange)."""

    source: str
    target: str
    target_name: str
    kind: str
    via_id: str
    via_name: str | None


@dataclass(frozen=True)
class RecordAccess:
    """A visible record's visibility and author, for the audit of pair/private reads."""

    id: str
    visibility: str
    author: str


@dataclass(frozen=True)
class RecordScope:
    """Who a record shows to, and who it names: what a correction must keep and a change of
    visibility changes (observations and exchanges)."""

    id: str
    type: str  # observation | exchange
    visibility: str
    reflection_visibility: str
    organisation: str | None
    cluster: str | None
    author: str
    named: tuple[str, ...]
