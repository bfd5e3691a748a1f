"""Writes to the in-memory store, as one unit of work: applied at once, undone whole.

The unit of work snapshots the store's containers when it opens (the fake holds small
graphs) and restores them if the block raises, so a failed load leaves nothing behind —
the same all-or-nothing a Kùzu transaction gives.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from practicegraph.errors import StoreError
from practicegraph.graph.schema import NODE_COLUMNS, REL_TABLES
from practicegraph.graph.types import GraphBatch, Hit

if TYPE_CHECKING:
    from practicegraph.graph.memory import InMemoryStore


class StoredEdge(NamedTuple):
    type: str
    from_label: str
    from_id: str
    to_label: str
    to_id: str
    props: dict[str, Any]


class MemoryUnitOfWork:
    def __init__(self, store: "InMemoryStore"):
        self._store = store
        self._snapshot = (
            {label: dict(rows) for label, rows in store._nodes.items()}, dict(store._records),
            {k: list(v) for k, v in store._out.items()}, {k: list(v) for k, v in store._in.items()},
            store._rel_counts.copy(), store.dimension)

    def rollback(self) -> None:
        s = self._store
        nodes, records, out, into, counts, s.dimension = self._snapshot
        s._nodes = defaultdict(dict, nodes)
        s._records, s._rel_counts = records, counts
        s._out, s._in = defaultdict(list, out), defaultdict(list, into)
        s._fts.clear()

    def write(self, batch: GraphBatch, new_ids: set[str]) -> None:
        s = self._store
        staged, dimension = self._stage_nodes(batch, new_ids)
        for label, ids in batch.shared.items():  # shared nodes (terms): created when absent
            staged[label].update({i: {"id": i} for i in ids if i not in s._nodes[label]})
        edges = [StoredEdge(e.type, e.from_label, e.from_id, e.to_label, e.to_id, dict(e.props))
                 for e in batch.edges if e.owner in new_ids]
        for e in edges:
            self._check_edge(e, staged)
        s.dimension = dimension
        for label, rows in staged.items():
            s._nodes[label].update(rows)
            s._fts.pop(label, None)
        for e in edges:
            s._add_edge(e)
        for entry in batch.ledger:
            if entry.id in new_ids:
                s._records.setdefault(entry.id, (entry.type, entry.content_hash))

    def _stage_nodes(self, batch: GraphBatch, new_ids: set[str]):
        staged: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        dimension = self._store.dimension
        for label, rows in batch.nodes.items():
            if label not in NODE_COLUMNS:
                raise StoreError(f"write failed, nothing was written: no node label {label}")
            for row in rows:
                if row["id"] not in new_ids or row["id"] in staged[label]:
                    continue
                row = dict(row)
                if row.get("embedding") is not None:
                    row["embedding"] = np.asarray(row["embedding"], dtype=np.float32)
                    dimension = dimension or len(row["embedding"])
                    if row["embedding"].shape != (dimension,):
                        raise StoreError(f"write failed, nothing was written: {row['id']} has a "
                                         f"{len(row['embedding'])}-d vector, the store holds {dimension}-d")
                staged[label][row["id"]] = row
        return staged, dimension

    def _check_edge(self, e: StoredEdge, staged) -> None:
        if (e.from_label, e.to_label) not in REL_TABLES.get(e.type, ([], []))[0]:
            raise StoreError(f"write failed, nothing was written: no {e.type} from {e.from_label} to {e.to_label}")
        for label, nid in ((e.from_label, e.from_id), (e.to_label, e.to_id)):
            if nid not in self._store._nodes[label] and nid not in staged[label]:
                raise StoreError(f"write failed, nothing was written: {e.type} edge of "
                                 f"{e.from_id} -> {e.to_id}: no {label} '{nid}'")

    def replace_similar(self, links: dict[str, list[Hit]], model_id: str) -> None:
        s = self._store
        for a in links:
            for e in s._out.pop(("SIMILAR_TO", a), []):
                s._in[("SIMILAR_TO", e.to_id)].remove(e)
                s._rel_counts["SIMILAR_TO"] -= 1
        practices = s._nodes["Practice"]
        for a, hits in links.items():
            for h in hits:
                if a in practices and h.id in practices:
                    s._add_edge(StoredEdge("SIMILAR_TO", "Practice", a, "Practice", h.id,
                                           {"score": float(h.score), "model_id": model_id}))
