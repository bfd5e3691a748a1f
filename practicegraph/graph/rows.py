"""Records -> store-neutral rows (nodes, edges, ledger). Written once for every store;
what goes into each row is declared by the record class itself (model/)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Sequence

from practicegraph import model as m
from practicegraph.graph.schema import NODE_COLUMNS
from practicegraph.graph.types import Edge, GraphBatch, LedgerEntry

Vectors = dict[str, tuple[Sequence[float], str]]  # record id -> (embedding, model id)


def _row(rec: m._Record, vectors: Vectors, now: str) -> dict[str, Any]:
    values = rec.node_values()
    if rec.id in vectors:
        values["embedding"], values["model_id"] = vectors[rec.id]
    row = {name: values.get(name) for name, _ in NODE_COLUMNS[rec.node_label]}
    row.update(content_hash=rec.content_hash(), created=now, updated=now)
    return row


def to_batch(records: Sequence[tuple[m._Record, int | None]], vectors: Vectors | None = None) -> GraphBatch:
    """One batch: each record's node row (if it is a node), its edges and its ledger entry."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    vectors = vectors or {}
    batch = GraphBatch()
    for rec, line in records:
        batch.ledger.append(LedgerEntry(rec.id, rec.type, rec.content_hash(), line))
        if rec.node_label:
            batch.add_node(rec.node_label, _row(rec, vectors, now))
        batch.edges.extend(Edge(link.type, link.from_label, link.from_id, link.to_label, link.to_id,
                                link.props, owner=rec.id) for link in rec.links())
    return batch
