"""Accounts, trust and erasure on Neo4j.

Their Cypher (graph/kuzu/accounts_cypher.py) is plain Cypher in the subset Kùzu and Neo4j
share, with the viewer predicate compiled from graph.rule; the mixins there need only the
host's _rows, _read and unit_of_work, which Neo4jStore has (inside a unit of work, _rows
runs on its transaction). So they are reused here, not copied.
"""

from __future__ import annotations

from practicegraph.graph.kuzu.accounts_cypher import KuzuAccountReads, KuzuErasure


class CypherAccountReads(KuzuAccountReads):
    """memberships, trusted_links, record_access."""


class CypherErasure(KuzuErasure):
    """erase_person, in one unit of work."""
