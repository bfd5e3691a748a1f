"""The GraphStore port: what the rest of the product may ask of a graph store.

Both adapters (Kùzu, Neo4j) and the in-memory fake implement it. Ranking lives above it,
in queries/, so every store gives the same answers. Every read takes a Viewer and the
store matches only what that viewer may see, inside the query.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from datetime import date
from typing import TYPE_CHECKING, Protocol, Sequence

from practicegraph.graph.research_types import ResearchReads
from practicegraph.graph.types import (
    Candidates, Conflict, Direction, EvidenceRow, GraphBatch, Hit, LedgerEntry, LineageEdge, PersonSummary,
    PracticeDetail, PracticeSummary, QuestionEvidence, SearchFilters, TextKind, Viewer, WriteResult,
)
from practicegraph.graph.types import CurrentMembership, RecordAccess, TrustLink

if TYPE_CHECKING:
    from practicegraph.graph.directory_types import FacetCounts, PersonProfile
    from practicegraph.graph.erasure import ErasurePlan
    from practicegraph.graph.types import RecordScope
    from practicegraph.graph.versions import Correction


class UnitOfWork(Protocol):
    """One transaction, open for the length of a `with store.unit_of_work()` block: it
    commits when the block ends and rolls back everything if the block raises. It holds
    the store's single writer slot; reads made through the store on the same thread while
    it is open see its writes (so planning and similarity links see the load so far)."""

    def write(self, batch: GraphBatch, new_ids: set[str]) -> None:
        """Write the rows of `batch` whose record is in `new_ids` (planned by plan_write
        inside this unit of work), their edges, and their ledger entries."""

    def replace_similar(self, links: dict[str, list[Hit]], model_id: str) -> None:
        """Replace the SIMILAR_TO edges leaving each given practice."""


class GraphStore(ResearchReads, Protocol):
    """Research reads (whole-graph, for analytics) are declared in research_types."""

    # schema
    def install(self) -> None: ...
    def close(self) -> None: ...

    # writes
    def unit_of_work(self) -> AbstractContextManager[UnitOfWork]: ...

    def upsert(self, batch: GraphBatch) -> WriteResult:
        """One unit of work (see `upsert_batch`)."""

    def snapshot(self, dest_dir: Path) -> Path:
        """A consistent copy of the whole store written into `dest_dir` (created if need be),
        taken between units of work so that no write is half in it; reads go on meanwhile.
        Returns the copy's path; a store opened on it answers as this one did."""

    def replace_similar(self, links: dict[str, list[Hit]], model_id: str) -> None:
        """One unit of work replacing the SIMILAR_TO edges leaving each given practice."""

    # reads
    def visible_ids(self, ids: Sequence[str], viewer: Viewer) -> set[str]:
        """Of these stored record ids, those the viewer may see: records without a
        visibility of their own always; an adaptation when both its practices are."""

    def record_index(self, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """id -> (record type, content hash) for the ids already stored."""

    def counts(self) -> dict[str, int]: ...
    def problems(self) -> list[str]:
        """Why the store cannot serve now (closed, unreachable, schema out of date); empty
        when it is ready."""

    def vector_dimension(self) -> int | None: ...
    def practice_vectors(self, ids: Sequence[str]) -> dict[str, list[float]]: ...
    def get_practice(self, practice_id: str, viewer: Viewer) -> PracticeDetail | None: ...
    def practices(self, ids: Sequence[str], viewer: Viewer) -> list[PracticeSummary]: ...
    def people(self, ids: Sequence[str]) -> list[PersonSummary]: ...
    def vector_top_k(self, kind: TextKind, vector: Sequence[float], k: int,
                     filters: SearchFilters, viewer: Viewer) -> list[Hit]: ...
    def fulltext(self, kind: TextKind, text: str, k: int,
                 filters: SearchFilters, viewer: Viewer) -> list[Hit]: ...
    def candidates(self, kinds: Sequence[TextKind], vector: Sequence[float] | None, text: str | None,
                   k: int, filters: SearchFilters, viewer: Viewer) -> Candidates:
        """One read for a question: for each kind, the k nearest by meaning (when a vector
        is given, as vector_top_k) and the k best by words (when text is given, as
        fulltext)."""

    def evidence(self, practice_ids: Sequence[str], observation_ids: Sequence[str],
                 filters: SearchFilters, viewer: Viewer) -> list[EvidenceRow]:
        """Who developed, adapted, demonstrated, was observed in or mentored these
        practices, plus the people observed in these observations; developmental and
        visible only."""

    def lineage_edges(self, practice_ids: Sequence[str], direction: Direction,
                      viewer: Viewer) -> list[LineageEdge]:
        """One hop of adaptation / version / revision edges around the given practices,
        between practices the viewer may see."""

    def question_evidence(self, practice_ids: Sequence[str], observation_ids: Sequence[str],
                          filters: SearchFilters, viewer: Viewer, lineage: bool = True) -> QuestionEvidence:
        """A question's second and last read, after `candidates`: with `lineage`, the
        lineage edges one hop (both directions, as lineage_edges) from the given practices
        to visible practices that pass the subject and phase filters; `evidence` for the
        given practices, the practices those edges reach and the given observations; and
        the current places (as `people`) of every person in those rows."""

    # directory (graph/memory_directory.py, graph/kuzu/directory_reads.py)
    def facet_counts(self, viewer: Viewer) -> "FacetCounts":
        """Visible practices per subject and phase; current members per school and cluster."""

    def place_names(self, organisation_ids: Sequence[str], cluster_ids: Sequence[str]) -> dict[str, str]:
        """id -> name of these schools and clusters (they carry no visibility of their own)."""

    def person_profile(self, person_id: str, viewer: Viewer) -> "PersonProfile":
        """The visible practices the person developed, co-developed or adapted, what their
        adaptations adapt, and counts of their visible developmental observations and exchanges."""

    # accounts and trust (implemented in graph/memory_accounts.py, graph/kuzu/accounts_cypher.py)
    def current_memberships(self, person_id: str, today: date) -> list[CurrentMembership]:
        """The person's memberships that hold on `today`: what a signed-in viewer is built from."""

    def trusted_links(self, person_ids: Sequence[str], viewer: Viewer, today: date) -> list[TrustLink]:
        """Each relation from one of `person_ids` to another person that `viewer` may see:
        current cluster co-membership, a visible co-developed practice, a visible exchange."""

    def erase_person(self, person_id: str, dry_run: bool = False) -> "ErasurePlan":
        """Remove the person's pair and private words and vectors, and their authorship where
        co-authors keep theirs (graph/erasure.py says what); one unit of work. The plan is
        returned either way; with dry_run nothing is changed."""

    def retract(self, record_id: str) -> list[str]:
        """Make an observation or exchange a tombstone: text and vector gone, visible to
        nobody, its id kept (a re-sent copy is recognised). Returns the texts removed, for
        embedding caches. (Who may retract is decided above the port: its author.)"""

    def record_access(self, ids: Sequence[str], viewer: Viewer) -> list[RecordAccess]:
        """Visibility and author of those records (practice, observation, exchange,
        resource) the viewer may see."""

    # corrections and visibility changes (graph/versions.py; memory_versions.py,
    # kuzu/versions_cypher.py)
    def correct(self, record_id: str, expected_hash: str, batch: GraphBatch) -> "Correction":
        """One unit of work: keep the observation's or exchange's current version (a Version
        node no read shows), then replace its node, links, postings, vector and ledger hash
        with `batch` (the corrected record, under the same id). ConflictError if its stored
        hash is no longer `expected_hash`. (Who may correct is decided above the port.)"""

    def earlier_versions(self, ids: Sequence[str]) -> dict[str, list[str]]:
        """id -> content hashes of its superseded versions, oldest first (recognised when
        re-sent)."""

    def record_scope(self, record_id: str, viewer: Viewer) -> "RecordScope | None":
        """Visibility, reflection visibility, place, author and named people of an
        observation or exchange the viewer may see; None otherwise."""

    def set_visibility(self, record_id: str, visibility: str, reflection_visibility: str,
                       organisation: str | None, cluster: str | None) -> bool:
        """One unit of work setting who an observation or exchange shows to (whether that
        is allowed — consent for a widening — is decided above the port). False if absent."""


def candidates_by_parts(store: GraphStore, kinds: Sequence[TextKind], vector: Sequence[float] | None,
                        text: str | None, k: int, filters: SearchFilters, viewer: Viewer) -> Candidates:
    """GraphStore.candidates from vector_top_k and fulltext, for stores where one call per
    part costs nothing more (in process)."""
    meaning = {kind: tuple(store.vector_top_k(kind, vector, k, filters, viewer)) for kind in kinds} \
        if vector is not None else {}
    words = {kind: tuple(store.fulltext(kind, text, k, filters, viewer)) for kind in kinds} if text else {}
    return Candidates(meaning, words)


def upsert_batch(store: GraphStore, batch: GraphBatch) -> WriteResult:
    """Plan and write one batch in one unit of work. Same id + same hash: unchanged. Same
    id + other hash: a conflict, and then nothing in the batch is written."""
    with store.unit_of_work() as work:
        new, result = plan_write(store, batch)
        if new:
            work.write(batch, new)
        return result


def plan_write(store: GraphStore, batch: GraphBatch) -> tuple[set[str], WriteResult]:
    """The ids a write must write and the result it will have. Nothing may be written if
    the result has conflicts. Call inside the unit of work that will write them."""
    ids = [e.id for e in batch.ledger]
    new, unchanged, conflicts = classify(batch.ledger, store.record_index(ids), earlier=store.earlier_versions(ids))
    if conflicts:
        return set(), WriteResult(0, unchanged, tuple(conflicts))
    return new, WriteResult(len(new), unchanged, ())


TAKEN_ID = "this id is already used by a record you cannot see; choose another id"


def classify(ledger: Sequence[LedgerEntry], stored: dict[str, tuple[str, str]],
             hidden: set[str] = frozenset(), earlier: dict[str, list[str]] | None = None
             ) -> tuple[set[str], int, list[Conflict]]:
    """Split a batch's ledger into new ids, an unchanged count and conflicts. An id held
    by a record the writer may not see is taken, whatever its content: never "unchanged"
    (which would confirm a guess of the hidden content), never its type. A copy of a
    version its author has since corrected (`earlier`: id -> hashes) is unchanged."""
    earlier = earlier or {}
    new: set[str] = set()
    unchanged = 0
    conflicts: list[Conflict] = []
    for entry in ledger:
        known = stored.get(entry.id)
        if entry.id in hidden:
            conflicts.append(Conflict(entry.id, entry.type, entry.line, TAKEN_ID))
        elif known is None:
            new.add(entry.id)
        elif known == (entry.type, entry.content_hash) or \
                (known[0] == entry.type and entry.content_hash in earlier.get(entry.id, ())):
            unchanged += 1
        else:
            reason = ("a record with this id exists with different content" if known[0] == entry.type
                      else f"this id is already used by a {known[0]} record")
            conflicts.append(Conflict(entry.id, entry.type, entry.line, reason))
    return new, unchanged, conflicts
