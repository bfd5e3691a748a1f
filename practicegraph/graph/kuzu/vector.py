"""Vector search on Kùzu at scale: the HNSW index, the rule applied to what it finds, by
graph/vector_search.py's policy (fetch more than k, widen, else the exact scan).

Not Kùzu's filtered search (PROJECT_GRAPH): its predicate is a literal string, so no viewer
value may go into it, and it costs ~100 ms a query at 100k practices whatever k (measured:
the plain index 17–28 ms for k = 10 to 200; BENCHMARKS.md).

Without an index (a small or freshly loaded database) everything is the exact scan.
"""

from __future__ import annotations

from practicegraph.graph.kuzu.cypher import KIND_FILTERS, visible

INDEXED_KINDS = ("Practice", "Observation")
VECTOR_INDEX = {"Practice": "practice_vec", "Observation": "observation_vec"}
# Build parameters: Kùzu's defaults except a lower construction beam (see BENCHMARKS.md,
# issue 17: the build is the cost; recall is measured against exact search).
INDEX_MU, INDEX_ML, INDEX_EFC = 30, 60, 100
# The search beam, as a literal: Kùzu 0.11.3 ignores `efs := $efs` given as a parameter
# (measured: the same answer and time at 100 and 3,200), so each beam is its own query.
# At 1M practices (k = 200) a beam of 200 / 400 / 800 / 1,600 gave recall@10 0.85 / 0.91 /
# 0.98 / 0.99 for 25 / 25 / 31 / 41 ms; a beam never narrower than what is fetched.
EFS_LADDER = (800, 1600, 4096, 8192)

# CALL takes literals for names: these are code constants.
CREATE_VECTOR_INDEX = {
    kind: "CALL CREATE_VECTOR_INDEX('" + kind + "', '" + VECTOR_INDEX[kind] + "', 'embedding',"
          f" mu := {INDEX_MU}, ml := {INDEX_ML}, efc := {INDEX_EFC}, metric := 'cosine')"
    for kind in INDEXED_KINDS
}
# The rule and the filters inside the query, on the index's answers, before the LIMIT.
INDEX_TOP_K = {
    (kind, efs): "CALL QUERY_VECTOR_INDEX('" + kind + "', '" + VECTOR_INDEX[kind] + "', $vec, $fetch, efs := " + str(efs) + ")"
                 " WITH node AS n, distance WHERE " + visible("n") + " AND " + KIND_FILTERS[kind] +
                 " RETURN n.id, 1.0 - distance AS score ORDER BY score DESC, n.id LIMIT $k"
    for kind in INDEXED_KINDS for efs in EFS_LADDER
}
HAS_ROWS_OVER = {kind: "MATCH (n:" + kind + ") RETURN count(n) >= $n" for kind in INDEXED_KINDS}


def efs_for(fetch: int) -> int:
    """The narrowest beam of the ladder that holds `fetch` neighbours (the widest beyond it)."""
    return next((efs for efs in EFS_LADDER if efs >= fetch), EFS_LADDER[-1])
