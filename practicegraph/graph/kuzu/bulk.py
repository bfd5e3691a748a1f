"""Bulk writes for Kùzu: COPY from Arrow tables inside the caller's transaction.

COPY is ~100x faster than UNWIND ... CREATE here (measured: 5k edges in 0.05 s against
7 s), and a failed COPY rolls back with the transaction.
"""

from __future__ import annotations

from collections import defaultdict

from practicegraph.graph.kuzu.failures import translate
from practicegraph.graph.kuzu.small_writes import SMALL_WRITE_ROWS, row_count, write_rows
from practicegraph.graph.kuzu import cypher as q
from practicegraph.graph.schema import NODE_COLUMNS, REL_TABLES
from practicegraph.graph.types import GraphBatch, Hit


def _arrow_type(column_type: str, dimension: int):
    import pyarrow as pa

    return {
        "STRING": pa.string(), "STRING[]": pa.list_(pa.string()), "INT64": pa.int64(),
        "DOUBLE": pa.float64(), "DATE": pa.date32(),
        "VECTOR": pa.list_(pa.float32(), int(dimension)),
    }[column_type]


def _table(columns: list[tuple[str, str]], rows: list[dict], dimension: int):
    import numpy as np
    import pyarrow as pa

    arrays = []
    for name, column_type in columns:
        values = [r.get(name) for r in rows]
        if column_type == "VECTOR" and all(v is not None for v in values):
            # one contiguous float32 block: rows may carry numpy vectors or lists
            flat = np.asarray(values, dtype=np.float32).reshape(-1) if values else np.zeros(0, np.float32)
            arrays.append(pa.FixedSizeListArray.from_arrays(pa.array(flat, pa.float32()), int(dimension)))
        else:
            if column_type == "VECTOR":
                values = [None if v is None else [float(x) for x in v] for v in values]
            arrays.append(pa.array(values, type=_arrow_type(column_type, dimension)))
    return pa.Table.from_arrays(arrays, names=[name for name, _ in columns])


def copy_batch(conn, batch: GraphBatch, new_ids: set[str], dimension: int) -> None:
    """COPY the new nodes, the shared nodes not yet stored, the edges the new records
    carry, then the ledger rows."""
    _copy_shared(conn, batch, new_ids, dimension)
    for label, rows in batch.nodes.items():
        fresh = _dedupe([r for r in rows if r["id"] in new_ids])
        if fresh:
            conn.execute("COPY " + label + " FROM $t", {"t": _table(NODE_COLUMNS[label], fresh, dimension)})
    grouped: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for e in batch.edges:
        if e.owner in new_ids:
            grouped[(e.type, e.from_label, e.to_label)].append({"from": e.from_id, "to": e.to_id, **e.props})
    for (rel_type, a, b), rows in grouped.items():
        pairs, props = REL_TABLES[rel_type]
        columns = [("from", "STRING"), ("to", "STRING")] + props
        table = _table(columns, [{c: r.get(c) for c, _ in columns} for r in rows], dimension)
        options = " (from='" + a + "', to='" + b + "')" if len(pairs) > 1 else ""
        conn.execute("COPY " + rel_type + " FROM $t" + options, {"t": table})
    ledger = _dedupe([{"id": e.id, "type": e.type, "content_hash": e.content_hash,
                       "created": _now()} for e in batch.ledger if e.id in new_ids])
    conn.execute("COPY Record FROM $t", {"t": _table(NODE_COLUMNS["Record"], ledger, dimension)})


def _copy_shared(conn, batch: GraphBatch, new_ids: set[str], dimension: int) -> None:
    """Shared nodes (word-search terms) the new records use and the store lacks."""
    for label, ids in batch.shared.items():
        used = sorted({e.to_id for e in batch.edges if e.owner in new_ids and e.to_label == label})
        known: set[str] = set()
        for start in range(0, len(used), 5000):
            known |= {r[0] for r in conn.execute(q.EXISTING_TERMS, {"ids": used[start:start + 5000]}).get_all()}
        fresh = [{"id": i} for i in used if i not in known and i in ids]
        if fresh:
            conn.execute("COPY " + label + " FROM $t", {"t": _table(NODE_COLUMNS[label], fresh, dimension)})


def _dedupe(rows: list[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for r in rows:
        seen.setdefault(r["id"], r)
    return list(seen.values())


def _now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class KuzuUnitOfWork:
    """The writes of one open transaction (see KuzuStore.unit_of_work)."""

    def __init__(self, conn, dimension: int):
        self._conn, self._dimension = conn, dimension
        self.copied = False  # a COPY ran: the commit will checkpoint

    def write(self, batch: GraphBatch, new_ids: set[str]) -> None:
        try:
            if row_count(batch, new_ids) < SMALL_WRITE_ROWS:  # commits without a checkpoint
                write_rows(self._conn, batch, new_ids, self._dimension, _now())
            else:
                self.copied = True
                copy_batch(self._conn, batch, new_ids, self._dimension)
        except RuntimeError as exc:
            raise translate(exc, "write failed, nothing was written") from exc

    def replace_similar(self, links: dict[str, list[Hit]], model_id: str) -> None:
        rows = [{"a": a, "b": h.id, "score": float(h.score)} for a, hits in links.items() for h in hits]
        try:
            self._conn.execute(q.DELETE_SIMILAR, {"ids": list(links)})
            if rows:
                self._conn.execute(q.CREATE_SIMILAR, {"rows": rows, "model_id": model_id})
        except RuntimeError as exc:
            raise translate(exc, "similarity links failed, nothing was written") from exc
