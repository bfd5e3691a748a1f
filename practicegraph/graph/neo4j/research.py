"""The research reads on Neo4j.

Like the accounts reads (accounts.py), the research Cypher (graph/kuzu/research_cypher.py)
keeps to the subset Kùzu and Neo4j share, with the viewer predicate compiled from
graph.rule, and the mixin needs only the host's _rows and _read — so it is reused, not
copied. The one difference is how a query names a relationship's type or a node's label
(Kùzu's label(x); Neo4j's type(r) and labels(n)), translated here from the constants.
"""

from __future__ import annotations

from types import SimpleNamespace

from practicegraph.graph.kuzu import research_cypher
from practicegraph.graph.kuzu.research_reads import KuzuResearchReads

_NEO4J_NAMES = (("label(r)", "type(r)"), ("label(t)", "labels(t)[0]"))


def _translated(query: str) -> str:
    for kuzu_name, neo4j_name in _NEO4J_NAMES:
        query = query.replace(kuzu_name, neo4j_name)
    return query


NEO4J_RESEARCH_CYPHER = SimpleNamespace(**{
    name: _translated(value) for name, value in vars(research_cypher).items()
    if name.isupper() and isinstance(value, str)})


class CypherResearchReads(KuzuResearchReads):
    """practice_links, practice_records, places, cluster_meetings, membership_history, activities."""

    research_cypher = NEO4J_RESEARCH_CYPHER
