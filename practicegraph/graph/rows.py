"""Records -> store-neutral rows (nodes, edges, ledger). Written once for every store;
what goes into each row is declared by the record class itself (model/)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Sequence

from practicegraph import model as m
from practicegraph.graph.schema import NODE_COLUMNS, TERM_LABEL, TEXT_LENGTH
from practicegraph.graph.text_index import document_terms
from practicegraph.graph.types import Edge, GraphBatch, LedgerEntry

Vectors = dict[str, tuple[Sequence[float], str]]  # record id -> (embedding, model id)


def _row(rec: m._Record, vectors: Vectors, now: str, text_len: int | None) -> dict[str, Any]:
    values = rec.node_values()
    if rec.id in vectors:
        values["embedding"], values["model_id"] = vectors[rec.id]
    row = {name: values.get(name) for name, _ in NODE_COLUMNS[rec.node_label]}
    row.update(content_hash=rec.content_hash(), created=now, updated=now)
    if text_len is not None:
        row[TEXT_LENGTH] = text_len
    return row


def _postings(rec: m._Record, batch: GraphBatch) -> int | None:
    """The record's word-search terms as HAS_TERM edges; returns its length in terms."""
    if not rec.fulltext_fields:
        return None
    values = rec.node_values()
    counts = document_terms(values.get(f) for f in rec.fulltext_fields)
    batch.shared.setdefault(TERM_LABEL, set()).update(counts)
    batch.edges.extend(Edge("HAS_TERM", rec.node_label, rec.id, TERM_LABEL, term, {"tf": tf}, owner=rec.id)
                       for term, tf in counts.items())
    return sum(counts.values())


def to_batch(records: Sequence[tuple[m._Record, int | None]], vectors: Vectors | None = None) -> GraphBatch:
    """One batch: each record's node row (if it is a node), its edges and its ledger entry."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    vectors = vectors or {}
    batch = GraphBatch()
    for rec, line in records:
        batch.ledger.append(LedgerEntry(rec.id, rec.type, rec.content_hash(), line))
        if rec.node_label:
            batch.add_node(rec.node_label, _row(rec, vectors, now, _postings(rec, batch)))
        batch.edges.extend(Edge(link.type, link.from_label, link.from_id, link.to_label, link.to_id,
                                link.props, owner=rec.id) for link in rec.links())
    return batch
