"""Kùzu schema install: idempotent tables and full-text indexes, built from graph.schema.

DDL is composed from code constants only (labels and column types), never from input.
"""

from __future__ import annotations

from practicegraph.errors import StoreError
from practicegraph.graph.schema import NODE_COLUMNS, REL_TABLES

META_TABLE = "CREATE NODE TABLE IF NOT EXISTS Meta(key STRING PRIMARY KEY, value STRING)"
GET_META = "MATCH (m:Meta {key: $key}) RETURN m.value"
SET_META = "MERGE (m:Meta {key: $key}) SET m.value = $value"
# 2: word search by HAS_TERM postings (graph/text_index.py) instead of Kùzu's FTS index
SCHEMA_VERSION = "2"


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
    if existing is not None and schema_version(conn) != SCHEMA_VERSION:
        raise StoreError(f"this database was made by another version of practicegraph (schema "
                         f"{schema_version(conn)}, this one needs {SCHEMA_VERSION}); load your records into a "
                         "new database file (practicegraph ingest --db NEW_FILE ...)")
    conn.execute(META_TABLE)
    for label in NODE_COLUMNS:
        conn.execute(node_table_ddl(label, dimension))
    for rel_type in REL_TABLES:
        conn.execute(rel_table_ddl(rel_type))
    conn.execute(SET_META, {"key": "dimension", "value": str(dimension)})
    conn.execute(SET_META, {"key": "schema_version", "value": SCHEMA_VERSION})
