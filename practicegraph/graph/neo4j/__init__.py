"""Neo4j 5 adapter (the scale-out store), through the official `neo4j` driver."""

from practicegraph.graph.neo4j.store import Neo4jStore

__all__ = ["Neo4jStore"]
