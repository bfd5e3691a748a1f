"""The path of a record: validate -> classify -> embed what is new -> upsert -> link.

The JSONL loader, the API and the demo all come through `ingest`, never around it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from practicegraph import model as m
from practicegraph.errors import ConflictError, FieldError, ValidationFailed
from practicegraph.graph.port import GraphStore, classify
from practicegraph.graph.rows import to_batch
from practicegraph.graph.types import Conflict, LedgerEntry
from practicegraph.ingest.embeddings import Embedder
from practicegraph.ingest.similarity import link_similar
from practicegraph.ingest.validate import Item, check_references, parse_items, referenced_ids

# Referenced records go first so that every edge finds both ends already written.
_TYPE_ORDER = {t: i for i, t in enumerate(
    ("person", "organisation", "cluster", "practice", "adaptation", "resource", "membership",
     "observation", "exchange", "meeting"))}


@dataclass
class IngestReport:
    received: int = 0
    written: int = 0
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)
    embedded: int = 0
    similar_links: int = 0
    dry_run: bool = False

    def as_dict(self) -> dict:
        return {"received": self.received, "written": self.written, "unchanged": self.unchanged,
                "conflicts": [c.__dict__ for c in self.conflicts],
                "errors": [e.as_dict() for e in self.errors], "embedded": self.embedded,
                "similar_links": self.similar_links, "dry_run": self.dry_run}


def _texts(rec: m._Record) -> str | None:
    if isinstance(rec, (m.Practice, m.Observation, m.Exchange)):
        return rec.text() or None
    return None


def _ordered(records: list[tuple[m._Record, int | None]]) -> list[tuple[m._Record, int | None]]:
    """Type order, and within practices, every version after the one it revises."""
    practices = {r.id: (r, line) for r, line in records if isinstance(r, m.Practice)}
    placed: dict[str, None] = {}

    def place(pid: str, trail: frozenset = frozenset()) -> None:
        if pid in placed or pid not in practices or pid in trail:
            return
        rec = practices[pid][0]
        for _, ref, types in m.references(rec):
            if "practice" in types:
                place(ref, trail | {pid})
        placed[pid] = None

    for pid in practices:
        place(pid)
    rank = {pid: i for i, pid in enumerate(placed)}
    return sorted(records, key=lambda rl: (_TYPE_ORDER[rl[0].type], rank.get(rl[0].id, 0)))


def ingest(store: GraphStore, embedder: Embedder | None, items: Iterable[Item], *,
           dry_run: bool = False, chunk_size: int = 1000, similar_k: int = 5,
           similar_threshold: float = 0.55,
           progress: Callable[[int], None] | None = None) -> IngestReport:
    """Validate everything first; write nothing if anything is invalid or conflicts.

    New records are then written in chunks of `chunk_size`, one transaction each, parents
    before children; if the process dies between chunks, running the same load again
    writes only what is missing.
    """
    items = list(items)
    records, errors = parse_items(items)
    report = IngestReport(received=len(items), dry_run=dry_run)
    stored = store.record_index([r.id for r, _ in records] + sorted(referenced_ids(records)))
    errors += check_references(records, stored)
    if errors:
        report.errors = sorted(errors, key=lambda e: (e.line or 0, e.field))
        raise ValidationFailed(report.errors)
    ledger = [LedgerEntry(r.id, r.type, r.content_hash(), line) for r, line in records]
    new, unchanged, conflicts = classify(ledger, stored)
    if conflicts:
        report.conflicts = conflicts
        raise ConflictError(conflicts)
    report.unchanged = unchanged
    if progress:
        progress(len(items) - len(new))  # the unchanged: nothing to do for them
    if dry_run or not new:
        return report

    fresh = _ordered([(r, line) for r, line in records if r.id in new])
    new_practices: list[str] = []
    for start in range(0, len(fresh), chunk_size):
        chunk = fresh[start:start + chunk_size]
        vectors = _embed(embedder, chunk)
        report.embedded += len(vectors)
        result = store.upsert(to_batch(chunk, vectors))
        if result.conflicts:  # someone wrote the same ids with other content meanwhile
            raise ConflictError(result.conflicts)
        report.written += result.written
        report.unchanged += result.unchanged
        new_practices += [r.id for r, _ in chunk if isinstance(r, m.Practice) and r.id in vectors]
        if progress:
            progress(len(chunk))
    if embedder is not None and new_practices:
        report.similar_links = link_similar(store, new_practices, embedder.model_id,
                                            k=similar_k, threshold=similar_threshold)
    return report


def _embed(embedder: Embedder | None, chunk: Sequence[tuple[m._Record, int | None]]
           ) -> dict[str, tuple[list[float], str]]:
    if embedder is None:
        return {}
    pairs = [(rec.id, text) for rec, _ in chunk if (text := _texts(rec))]
    if not pairs:
        return {}
    matrix = embedder.encode([t for _, t in pairs])
    return {rid: (row.tolist(), embedder.model_id) for (rid, _), row in zip(pairs, matrix)}
