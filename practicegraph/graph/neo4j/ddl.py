"""Neo4j schema install: unique ids and vector indexes, built from graph.schema.

Idempotent (IF NOT EXISTS). Schema statements cannot share a transaction with writes, so
each runs on its own; the dimension is kept in a Meta node, as in Kùzu.
"""

from __future__ import annotations

from practicegraph.errors import StoreError
from practicegraph.graph.neo4j import cypher as q

SCHEMA_VERSION = "2"  # 2: word search by HAS_TERM postings, not Lucene full-text indexes


def installed_dimension(tx) -> int | None:
    record = tx.run(q.GET_META, key="dimension").single()
    return int(record[0]) if record else None


def schema_version(tx) -> str | None:
    record = tx.run(q.GET_META, key="schema_version").single()
    return record[0] if record else None


def _vector_indexes(session) -> dict[str, tuple[int | None, bool]]:
    """name -> (dimension, quantised) of each vector index there is."""
    return {name: (int(dim) if dim is not None else None, bool(quantised))
            for name, dim, quantised in session.run(q.SHOW_VECTOR_DIMENSIONS).values()}


def install_schema(session, dimension: int) -> None:
    """Create what is missing; refuse a database built for another vector dimension. A vector
    index of another dimension on a database without vectors (Meta), or a quantised one, is
    rebuilt (the server repopulates it from the stored vectors)."""
    existing = session.execute_read(installed_dimension)
    if existing is not None and existing != dimension:
        raise StoreError(f"this database holds {existing}-d vectors; the model gives {dimension}-d")
    for statement in q.CONSTRAINTS + q.DROP_OLD_FTS:
        session.run(statement).consume()
    current = _vector_indexes(session)
    for kind, name in q.VECTOR_INDEX.items():
        # another dimension, or quantised (an index made by an earlier build): made anew
        if name in current and current[name] != (dimension, False):
            session.run(q.DROP_VECTOR[kind]).consume()
        session.run(q.CREATE_VECTOR[kind].replace("{dim}", str(int(dimension)))).consume()
    session.run(q.AWAIT_INDEXES).consume()

    def meta(tx):
        tx.run(q.SET_META, key="dimension", value=str(dimension)).consume()
        tx.run(q.SET_META, key="schema_version", value=SCHEMA_VERSION).consume()

    session.execute_write(meta)
