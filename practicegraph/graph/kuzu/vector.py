"""Vector search on Kùzu at scale: HNSW for public records, exact scan for the rest.

Kùzu's filtered HNSW search goes through PROJECT_GRAPH, whose predicate is a literal
string, so no viewer value may go into it. The search is split by scope instead:

- public records (most of the graph) through the vector index, on a projected graph whose
  predicate is the code constant `visibility = "public"`;
- the few non-public records this viewer may see (their own, their pairs', their
  clusters' and school's) by an exact scan with the viewer predicate in the query;

merged by score. Subject / phase filters apply in the index query's WHERE, before its
LIMIT: the index is asked for more candidates than wanted (FETCH_FACTOR), and again with
more (ESCALATE) while filters leave fewer than k, up to MAX_FETCH; beyond that the exact
scan answers. Both parts keep graph.rule's viewer predicate in the query, so what a
viewer may not see can neither appear nor take a slot.

Without an index (a small or freshly loaded database) everything is the exact scan.
"""

from __future__ import annotations

from practicegraph.graph.kuzu.cypher import KIND_FILTERS, VECTOR_TOP_K, visible

INDEXED_KINDS = ("Practice", "Observation")
VECTOR_INDEX = {"Practice": "practice_vec", "Observation": "observation_vec"}
PUBLIC_GRAPH = {"Practice": "public_practice", "Observation": "public_observation"}
# Build parameters: Kùzu's defaults except a lower construction beam (see BENCHMARKS.md,
# issue 17: the build is the cost; recall is measured against exact search).
INDEX_MU, INDEX_ML, INDEX_EFC = 30, 60, 100
EFS = 100  # search beam; the index query widens it to the candidates asked for
FETCH_FACTOR = 2  # with filters, ask the index for this many times k
ESCALATE = 4
MAX_FETCH = 4096
MIN_INDEX_ROWS = 50_000  # below this the exact scan is as fast as the index (measured)

# CALL takes literals for names: these are code constants.
CREATE_VECTOR_INDEX = {
    kind: "CALL CREATE_VECTOR_INDEX('" + kind + "', '" + VECTOR_INDEX[kind] + "', 'embedding',"
          f" mu := {INDEX_MU}, ml := {INDEX_ML}, efc := {INDEX_EFC}, metric := 'cosine')"
    for kind in INDEXED_KINDS
}
PROJECT_PUBLIC = {
    kind: "CALL PROJECT_GRAPH('" + PUBLIC_GRAPH[kind] + "', {'" + kind + "': 'n.visibility = \"public\"'}, [])"
    for kind in INDEXED_KINDS
}
# The index's answers are public by construction; the viewer predicate stays anyway, so
# the rule, not the projection, is what decides.
PUBLIC_TOP_K = {
    kind: "CALL QUERY_VECTOR_INDEX('" + PUBLIC_GRAPH[kind] + "', '" + VECTOR_INDEX[kind] + "', $vec, $fetch, efs := $efs)"
          " WITH node AS n, distance WHERE " + visible("n") + " AND " + KIND_FILTERS[kind] +
          " RETURN n.id, 1.0 - distance AS score ORDER BY score DESC, n.id LIMIT $k"
    for kind in INDEXED_KINDS
}
# Everything the viewer may see that is not public, exactly ({dim}: the schema's dimension).
SCOPED_TOP_K = {
    kind: VECTOR_TOP_K[kind].replace(
        "WHERE n.embedding IS NOT NULL AND",
        "WHERE (n.visibility IS NULL OR n.visibility <> 'public') AND n.embedding IS NOT NULL AND", 1)
    for kind in INDEXED_KINDS
}
HAS_ROWS_OVER = {kind: "MATCH (n:" + kind + ") RETURN count(n) >= $n" for kind in INDEXED_KINDS}


def merge_top_k(parts: list[list[tuple[str, float]]], k: int) -> list[tuple[str, float]]:
    """The k best of several disjoint ranked lists, by score then id (the exact order)."""
    best: dict[str, float] = {}
    for rows in parts:
        for rid, score in rows:
            best[rid] = max(score, best.get(rid, score))
    return sorted(best.items(), key=lambda r: (-r[1], r[0]))[:k]


def fetch_sizes(k: int, filtered: bool) -> list[int]:
    """How many candidates to ask the index for, attempt by attempt."""
    first = k if not filtered else k * FETCH_FACTOR
    sizes = [first]
    while filtered and sizes[-1] * ESCALATE <= MAX_FETCH:
        sizes.append(sizes[-1] * ESCALATE)
    return sizes
