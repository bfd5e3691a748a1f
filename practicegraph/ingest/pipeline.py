"""The path of a record: validate -> classify -> embed what is new -> upsert -> link.

The JSONL loader, the API and the demo all come through `ingest`, never around it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

if TYPE_CHECKING:
    import numpy as np

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


Progress = Callable[..., None]  # progress(advance, total=None): total is given once, first


def ingest(store: GraphStore, embedder: Embedder | None, items: Iterable[Item], *,
           dry_run: bool = False, chunk_size: int = 1000, similar_k: int = 5,
           similar_threshold: float = 0.55, progress: Progress | None = None) -> IngestReport:
    """Validate everything first; write nothing if anything is invalid or conflicts.

    Then embed every new text (length-sorted blocks: measured 1.22x faster than embedding
    each write chunk's texts on its own) and write the new records in chunks of
    `chunk_size`, one transaction each, parents before children; if the process dies
    between chunks, running the same load again writes only what is missing. Progress
    counts records plus texts to embed.
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
    if dry_run:
        report.written = len(new)  # what a real run would write
        return report
    fresh = _ordered([(r, line) for r, line in records if r.id in new])
    texts = [(rec.id, text) for rec, _ in fresh if embedder is not None and (text := _texts(rec))]
    tick = progress or (lambda advance, total=None: None)
    tick(len(items) - len(fresh), total=len(items) + len(texts))  # unchanged: nothing to do
    if not fresh:
        return report

    vectors = _embed(embedder, texts, tick)
    report.embedded = len(vectors)
    model_id = embedder.model_id if embedder is not None else ""
    new_practices: list[str] = []
    for start in range(0, len(fresh), chunk_size):
        chunk = fresh[start:start + chunk_size]
        chunk_vectors = {r.id: (vectors[r.id].tolist(), model_id) for r, _ in chunk if r.id in vectors}
        result = store.upsert(to_batch(chunk, chunk_vectors))
        if result.conflicts:  # someone wrote the same ids with other content meanwhile
            raise ConflictError(result.conflicts)
        report.written += result.written
        report.unchanged += result.unchanged
        new_practices += [r.id for r, _ in chunk if isinstance(r, m.Practice) and r.id in vectors]
        tick(len(chunk))
    if embedder is not None and new_practices:
        report.similar_links = link_similar(store, new_practices, embedder.model_id,
                                            k=similar_k, threshold=similar_threshold)
    return report


EMBED_BLOCK = 512


def _embed(embedder: Embedder | None, texts: Sequence[tuple[str, str]], tick: Progress
           ) -> dict[str, "np.ndarray"]:
    """Vectors by record id. Texts go to the model shortest first, in blocks, so padding is
    small and the progress bar moves."""
    if embedder is None or not texts:
        return {}
    ordered = sorted(texts, key=lambda pair: len(pair[1]))
    vectors = {}
    for start in range(0, len(ordered), EMBED_BLOCK):
        block = ordered[start:start + EMBED_BLOCK]
        for (rid, _), row in zip(block, embedder.encode([t for _, t in block])):
            vectors[rid] = row
        tick(len(block))
    return vectors
