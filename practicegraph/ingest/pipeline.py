"""The path of a record: parse -> plan -> embed what is new -> write -> link, in one unit of work.

The JSONL loader, the API and the demo all come through `ingest`, never around it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

if TYPE_CHECKING:
    import numpy as np

from practicegraph import model as m
from practicegraph.errors import ConflictError, FieldError, ValidationFailed
from practicegraph.graph.port import GraphStore, classify
from practicegraph.graph.rows import to_batch
from practicegraph.graph.schema import SIMILAR_MIN_SCORE
from practicegraph.graph.types import Conflict, LedgerEntry, Viewer
from practicegraph.embeddings import Embedder
from practicegraph.ingest.similarity import similar_links
from practicegraph.ingest.validate import Item, check_references, parse_items, referenced_ids

# Referenced records go first so that every edge finds both ends already written: the
# record union lists types parents first.
_TYPE_ORDER = {t: i for i, t in enumerate(m.RECORD_TYPES)}


@dataclass(frozen=True)
class RecordOutcome:
    line: int | None  # file line or request index
    id: str
    type: str
    outcome: str  # written | unchanged (a dry run: "would write")


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
    outcomes: list[RecordOutcome] = field(default_factory=list)
    # visibility -> how many records of this load (new or unchanged) carry it, so nobody
    # is surprised that a pair record does not show in public search
    visibility: dict[str, int] = field(default_factory=dict)



def _ordered(records: list[tuple[m._Record, int | None]]) -> list[tuple[m._Record, int | None]]:
    """Type order, and within practices, every version after the one it revises."""
    practices = {r.id: (r, line) for r, line in records if isinstance(r, m.Practice)}
    placed: dict[str, None] = {}

    def place(pid: str, trail: frozenset = frozenset()) -> None:
        if pid in placed or pid not in practices or pid in trail:
            return
        rec = practices[pid][0]
        for ref in rec.references():
            if "practice" in ref.types:
                place(ref.id, trail | {pid})
        placed[pid] = None

    for pid in practices:
        place(pid)
    rank = {pid: i for i, pid in enumerate(placed)}
    return sorted(records, key=lambda rl: (_TYPE_ORDER[rl[0].type], rank.get(rl[0].id, 0)))


Progress = Callable[..., None]  # progress(advance, total=None): total is given once, first


@dataclass
class LoadPlan:
    """What a load will do, decided once, inside its unit of work."""

    fresh: list[tuple[m._Record, int | None]]  # to write, parents first
    unchanged: int


def ingest(store: GraphStore, embedder: Embedder | None, items: Iterable[Item], *,
           dry_run: bool = False, chunk_size: int = 1000, similar_k: int = 5,
           similar_threshold: float = SIMILAR_MIN_SCORE, progress: Progress | None = None,
           viewer: Viewer = Viewer.internal()) -> IngestReport:
    """Parse once, plan once, write in one unit of work: all or nothing.

    Every record is validated first (all errors reported together); then, holding the
    store's writer slot, the load is planned against what is stored, every new text is
    embedded (length-sorted blocks: measured 1.22x faster than per write chunk), the new
    records are written parents first in chunks of `chunk_size` (bounding memory, not
    transactions) and the new practices are linked to their nearest neighbours — all in
    one transaction, so a conflict or a crash anywhere leaves nothing written. A dry run
    plans and reports what would be written. Progress counts records plus texts.

    `viewer` is who writes (the internal viewer for the CLI and the demo). A stored record
    the writer may not see answers as if it were missing when referenced, and as a taken
    id — never "unchanged" — when its id is sent again: the answer cannot confirm that a
    hidden record exists with a guessed content.
    """
    items = list(items)
    records, errors = parse_items(items)
    report = IngestReport(received=len(items), dry_run=dry_run)
    tick = progress or (lambda advance, total=None: None)
    if dry_run:
        plan = _plan(store, records, errors, report, viewer)
        report.written = len(plan.fresh)  # would be written
        tick(len(items), total=len(items))
        return report
    with store.unit_of_work() as work:
        plan = _plan(store, records, errors, report, viewer)
        texts = [(rec.id, text) for rec, _ in plan.fresh if embedder is not None and (text := rec.embedding_text())]
        tick(len(items) - len(plan.fresh), total=len(items) + len(texts))  # unchanged: nothing to do
        vectors = _embed(embedder, texts, tick)
        report.embedded = len(vectors)
        model_id = embedder.model_id if embedder is not None else ""
        for start in range(0, len(plan.fresh), chunk_size):
            chunk = plan.fresh[start:start + chunk_size]
            batch = to_batch(chunk, {r.id: (vectors[r.id], model_id) for r, _ in chunk if r.id in vectors})
            work.write(batch, {r.id for r, _ in chunk})
            report.written += len(chunk)
            tick(len(chunk))
        # stored links join public practices only: every reader may see both ends, so the
        # links can feed any read without a hidden practice taking a place
        practice_vectors = {r.id: vectors[r.id] for r, _ in plan.fresh
                            if isinstance(r, m.Practice) and r.id in vectors and r.visibility is m.Visibility.public}
        if practice_vectors:
            links = similar_links(store, practice_vectors, k=similar_k, threshold=similar_threshold)
            work.replace_similar(links, model_id)
            report.similar_links = sum(len(v) for v in links.values())
    return report


def _plan(store: GraphStore, records: list[tuple[m._Record, int | None]], errors: list[FieldError],
          report: IngestReport, viewer: Viewer) -> LoadPlan:
    """Check references and classify against the store; raise if anything is wrong."""
    stored = store.record_index([r.id for r, _ in records] + sorted(referenced_ids(records)))
    hidden = set() if viewer.system else set(stored) - store.visible_ids(sorted(stored), viewer)
    errors = errors + check_references(records, {i: v for i, v in stored.items() if i not in hidden})
    if errors:
        report.errors = sorted(errors, key=lambda e: (e.line or 0, e.field))
        raise ValidationFailed(report.errors)
    ledger = [LedgerEntry(r.id, r.type, r.content_hash(), line) for r, line in records]
    new, unchanged, conflicts = classify(ledger, stored, hidden, store.earlier_versions(sorted(set(stored) - hidden)))
    if conflicts:
        report.conflicts = conflicts
        raise ConflictError(conflicts)
    report.unchanged = unchanged
    verb = "would write" if report.dry_run else "written"
    report.outcomes = [RecordOutcome(line, r.id, r.type, verb if r.id in new else "unchanged")
                       for r, line in records]
    levels = Counter(r.visibility.value for r, _ in records if isinstance(r, m._Visible))
    report.visibility = {level.value: levels[level.value] for level in m.Visibility if levels[level.value]}
    return LoadPlan(_ordered([(r, line) for r, line in records if r.id in new]), unchanged)


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
