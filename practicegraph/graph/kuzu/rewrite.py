"""Clearing words and vectors from a node by deleting it and inserting it again.

Kùzu refuses to SET a vector column that an HNSW index covers ("Try delete and then
insert"), so a retraction or an erasure that takes a record's vector away rewrites the
node: its row is read, changed, the node is deleted with its relationships and written
again with them (in the caller's unit of work, through its write path), and its word
postings are rebuilt from what is left. Neo4j runs the same plain Cypher.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from practicegraph.graph.kuzu.postings import rebuild_postings
from practicegraph.graph.schema import HAS_TERM, NODE_COLUMNS, REL_TABLES
from practicegraph.graph.types import Edge, GraphBatch

Rows = Callable[..., list[list[Any]]]

NODE = {label: "MATCH (n:" + label + " {id: $id}) RETURN " + ", ".join("n." + c for c, _ in NODE_COLUMNS[label])
        for label in NODE_COLUMNS}
# (rel, from label, to label, property names, query) of every relationship touching a label
# (word postings excepted: rebuilt); a query returns the other end's id and the properties
EDGES = {
    label: [(rel, a, b, [p for p, _ in props],
             ("MATCH (n:" + a + " {id: $id})-[r:" + rel + "]->(m:" + b + ")" if a == label else
              "MATCH (m:" + a + ")-[r:" + rel + "]->(n:" + b + " {id: $id})")
             + " RETURN m.id" + "".join(", r." + p for p, _ in props))
            for rel, (pairs, props) in REL_TABLES.items() if rel != HAS_TERM.name
            for a, b in pairs if label in (a, b)]
    for label in NODE_COLUMNS
}
DELETE = {label: "MATCH (n:" + label + " {id: $id}) DETACH DELETE n" for label in NODE_COLUMNS}


def rewrite_nodes(rows: Rows, work, label: str, ids: Sequence[str], changes: dict[str, Any]) -> None:
    """Set `changes` on these nodes by deleting and inserting them, relationships kept."""
    for node_id in dict.fromkeys(ids):
        found = rows(NODE[label], id=node_id)
        if not found:
            continue
        row = {**dict(zip([c for c, _ in NODE_COLUMNS[label]], found[0])), **changes}
        edges = []
        for rel, a, b, props, query in EDGES[label]:
            for other, *values in rows(query, id=node_id):
                ends = (node_id, other) if a == label else (other, node_id)
                edges.append(Edge(rel, a, ends[0], b, ends[1], dict(zip(props, values)), owner=node_id))
        rows(DELETE[label], id=node_id)
        work.write(GraphBatch(nodes={label: [row]}, edges=edges), {node_id})
    rebuild_postings(rows, label, list(ids))
