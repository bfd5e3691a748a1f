"""Kùzu schema install: idempotent tables and full-text indexes, built from graph.schema.

DDL is composed from code constants only (labels and column types), never from input.
"""

from __future__ import annotations

from practicegraph.errors import StoreError
from practicegraph.graph.kuzu.cypher import CREATE_FTS, FTS_INDEX, SHOW_INDEXES
from practicegraph.graph.schema import NODE_COLUMNS, REL_TABLES

META_TABLE = "CREATE NODE TABLE IF NOT EXISTS Meta(key STRING PRIMARY KEY, value STRING)"
GET_META = "MATCH (m:Meta {key: $key}) RETURN m.value"
SET_META = "MERGE (m:Meta {key: $key}) SET m.value = $value"
SCHEMA_VERSION = "1"


def kuzu_type(column_type: str, dimension: int) -> str:
    return "FLOAT[" + str(int(dimension)) + "]" if column_type == "VECTOR" else column_type


def node_table_ddl(label: str, dimension: int) -> str:
    cols = ", ".join(name + " " + kuzu_type(t, dimension) for name, t in NODE_COLUMNS[label])
    return "CREATE NODE TABLE IF NOT EXISTS " + label + "(" + cols + ", PRIMARY KEY (id))"


def rel_table_ddl(rel_type: str) -> str:
    pairs, props = REL_TABLES[rel_type]
    parts = ["FROM " + a + " TO " + b for a, b in pairs] + [n + " " + t for n, t in props]
    return "CREATE REL TABLE IF NOT EXISTS " + rel_type + "(" + ", ".join(parts) + ")"


def schema_version(conn) -> str | None:
    rows = conn.execute(GET_META, {"key": "schema_version"}).get_all()
    return rows[0][0] if rows else None


def installed_dimension(conn) -> int | None:
    try:
        rows = conn.execute(GET_META, {"key": "dimension"}).get_all()
    except RuntimeError:  # no Meta table yet: a fresh database
        return None
    return int(rows[0][0]) if rows else None


def install_schema(conn, dimension: int) -> None:
    """Create what is missing; refuse a database built for another vector dimension."""
    existing = installed_dimension(conn)
    if existing is not None and existing != dimension:
        raise StoreError(f"this database holds {existing}-d vectors; the model gives {dimension}-d")
    conn.execute(META_TABLE)
    for label in NODE_COLUMNS:
        conn.execute(node_table_ddl(label, dimension))
    for rel_type in REL_TABLES:
        conn.execute(rel_table_ddl(rel_type))
    indexes = {row[1] for row in conn.execute(SHOW_INDEXES).get_all()}
    for label, name in FTS_INDEX.items():
        if name not in indexes:
            conn.execute(CREATE_FTS[label])
    conn.execute(SET_META, {"key": "dimension", "value": str(dimension)})
    conn.execute(SET_META, {"key": "schema_version", "value": SCHEMA_VERSION})
