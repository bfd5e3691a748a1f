"""Small writes as Cypher rows instead of COPY.

A COPY makes its transaction's COMMIT checkpoint the database, and a checkpoint must wait
for every read in flight: under steady reads a one-record post then waited for the gate
(graph/kuzu/gate.py) and the checkpoint, about a second at the 99th percentile. Row
inserts go through the write-ahead log and commit in milliseconds, so a write of a few
records (what a teacher posts, one form at a time) uses them; bulk loads keep COPY,
which is ~100x faster per row.

Every value is CAST to its column's type, because Kùzu infers a parameter's type from its
values and a field that is null in every row would otherwise arrive as a string.
Statements are composed from the schema's labels and column names (code constants); the
values travel as $rows.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from practicegraph.graph.schema import LEDGER_LABEL, NODE_COLUMNS, REL_TABLES
from practicegraph.graph.types import GraphBatch

SMALL_WRITE_ROWS = 500  # below this many rows a write goes row by row


def _cast(expression: str, column_type: str, dimension: int) -> str:
    target = "FLOAT[" + str(int(dimension)) + "]" if column_type == "VECTOR" else column_type
    return "CAST(" + expression + " AS " + target + ")"


def create_node(label: str, dimension: int, with_vector: bool) -> str:
    props = [name + ": " + ("r.id" if name == "id" else _cast("r." + name, kind, dimension))
             for name, kind in NODE_COLUMNS[label] if kind != "VECTOR" or with_vector]
    return "UNWIND $rows AS r CREATE (n:" + label + " {" + ", ".join(props) + "})"


def create_edge(rel_type: str, from_label: str, to_label: str, dimension: int) -> str:
    props = [name + ": " + _cast("r." + name, kind, dimension) for name, kind in REL_TABLES[rel_type][1]]
    return ("UNWIND $rows AS r MATCH (a:" + from_label + " {id: r.from}), (b:" + to_label + " {id: r.to})"
            " CREATE (a)-[:" + rel_type + " {" + ", ".join(props) + "}]->(b)")


def merge_shared(label: str) -> str:
    return "UNWIND $ids AS i MERGE (n:" + label + " {id: i})"


def row_count(batch: GraphBatch, new_ids: set[str]) -> int:
    nodes = sum(1 for rows in batch.nodes.values() for r in rows if r["id"] in new_ids)
    return nodes + sum(1 for e in batch.edges if e.owner in new_ids) + len(new_ids)


def write_rows(conn, batch: GraphBatch, new_ids: set[str], dimension: int, now: str) -> None:
    """The same rows COPY would write, in the same order: nodes, shared nodes, edges, ledger."""
    for label, rows in batch.nodes.items():
        fresh = list({r["id"]: r for r in rows if r["id"] in new_ids}.values())
        for with_vector in (True, False):
            part = [r for r in fresh if (r.get("embedding") is not None) == with_vector]
            if part:
                conn.execute(create_node(label, dimension, with_vector), {"rows": [_plain(r) for r in part]})
    for label, ids in batch.shared.items():
        used = sorted({e.to_id for e in batch.edges if e.owner in new_ids and e.to_label == label} & set(ids))
        if used:
            conn.execute(merge_shared(label), {"ids": used})
    grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for e in batch.edges:
        if e.owner in new_ids:
            grouped[(e.type, e.from_label, e.to_label)].append({"from": e.from_id, "to": e.to_id, **e.props})
    for (rel_type, a, b), rows in grouped.items():
        names = [name for name, _ in REL_TABLES[rel_type][1]]
        conn.execute(create_edge(rel_type, a, b, dimension),
                     {"rows": [{"from": r["from"], "to": r["to"], **{n: r.get(n) for n in names}} for r in rows]})
    ledger = list({e.id: {"id": e.id, "type": e.type, "content_hash": e.content_hash, "created": now}
                   for e in batch.ledger if e.id in new_ids}.values())
    if ledger:  # (an empty list has no element type to bind)
        conn.execute(create_node(LEDGER_LABEL, dimension, False), {"rows": ledger})


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    vector = row.get("embedding")
    if vector is not None and not isinstance(vector, list):
        row = {**row, "embedding": [float(x) for x in vector]}
    return row
