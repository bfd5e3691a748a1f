"""Neo4j 5 Cypher as named constants. Values only ever arrive as $parameters.

The viewer predicate and the filters are graph.rule's, compiled by graph.cypher_compile
at import time (the same rule Kùzu compiles and the in-memory store evaluates). Labels,
relationship types, index names and the vector dimension come from code constants;
nothing here is assembled from request data.
"""

from __future__ import annotations

from practicegraph.graph import rule
from practicegraph.graph.cypher_compile import compile_cypher
from practicegraph.graph.cypher_reads import (  # noqa: F401  (re-exported: the reads every Cypher store shares)
    CURRENT as _CURRENT, DEVELOPMENTAL as _DEVELOPMENTAL, KIND_FILTERS, LINEAGE_PROPS, PEOPLE,
    PEOPLE_CLUSTERS, PEOPLE_ORGS, PERSON_FILTERS, PRACTICE_DETAIL, PRACTICE_FILTER, PRACTICE_SUMMARIES,
    RECORD_INDEX, VISIBLE_ADAPTATIONS, VISIBLE_NODE_IDS, WHEREABOUTS, WORD_POSTINGS, WORD_STATS, visible,
)
from practicegraph.graph.schema import NODE_COLUMNS, REL_TABLES

LABELS = tuple(NODE_COLUMNS)  # Person ... Record (the ledger)

# schema ------------------------------------------------------------------------------
CONSTRAINTS = [
    "CREATE CONSTRAINT " + label.lower() + "_id IF NOT EXISTS FOR (n:" + label + ") REQUIRE n.id IS UNIQUE"
    for label in LABELS
] + ["CREATE CONSTRAINT meta_key IF NOT EXISTS FOR (m:Meta) REQUIRE m.key IS UNIQUE"]

# Word search is store-neutral (graph/text_index.py): HAS_TERM postings to shared Term
# nodes, written with each record; the full-text indexes of schema 1 are dropped.
DROP_OLD_FTS = ["DROP INDEX " + name + " IF EXISTS" for name in ("practice_fts", "observation_fts", "exchange_fts")]
VECTOR_INDEX = {"Practice": "practice_vec", "Observation": "observation_vec", "Exchange": "exchange_vec"}
# {dim} is the embedder's dimension, an int from code.
# Unquantised: the index's int8 scores were measured 0.1 off the cosine on small vectors,
# enough to lose a true neighbour from a fetch of 2k (graph/vector_search.py).
CREATE_VECTOR = {
    kind: "CREATE VECTOR INDEX " + VECTOR_INDEX[kind] + " IF NOT EXISTS FOR (n:" + kind + ") ON n.embedding"
          " OPTIONS {indexConfig: {`vector.dimensions`: {dim}, `vector.similarity_function`: 'cosine',"
          " `vector.quantization.enabled`: false}}"
    for kind in VECTOR_INDEX
}
DROP_VECTOR = {kind: "DROP INDEX " + name + " IF EXISTS" for kind, name in VECTOR_INDEX.items()}
SHOW_VECTOR_DIMENSIONS = (
    "SHOW VECTOR INDEXES YIELD name, options RETURN name, options.indexConfig['vector.dimensions'],"
    " coalesce(options.indexConfig['vector.quantization.enabled'], true)"
)
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"
GET_META = "MATCH (m:Meta {key: $key}) RETURN m.value"
SET_META = "MERGE (m:Meta {key: $key}) SET m.value = $value"

# writes ------------------------------------------------------------------------------
# MERGE on the unique id: a retried transaction or a re-run writes the same node once.
# Nodes shared by many records (Term): created when absent, never owned by one record.
MERGE_SHARED = {label: "UNWIND $ids AS i MERGE (:" + label + " {id: i})" for label in LABELS}
MERGE_NODES = {label: "UNWIND $rows AS r MERGE (n:" + label + " {id: r.id}) SET n += r" for label in LABELS
               if label != "Record"}
# CREATE, not MERGE: the ledger row is what decides "new"; a concurrent writer of the same id
# then fails on the unique constraint (a conflict) instead of silently overwriting.
CREATE_RECORDS = "UNWIND $rows AS r CREATE (x:Record) SET x = r"
# Edges are written with their owner record, only when that record is new (the ledger makes
# it idempotent), and may repeat between the same two nodes (two memberships), as in Kùzu.
CREATE_EDGES = {
    (rel, a, b): "UNWIND $rows AS r MATCH (a:" + a + " {id: r.from}) MATCH (b:" + b + " {id: r.to})"
                 " CREATE (a)-[e:" + rel + "]->(b) SET e = r.props RETURN count(e)"
    for rel, (pairs, _) in REL_TABLES.items() for a, b in pairs
}
MISSING_ENDPOINTS = {
    (a, b): "UNWIND $rows AS r OPTIONAL MATCH (a:" + a + " {id: r.from}) OPTIONAL MATCH (b:" + b + " {id: r.to})"
            " WITH r, a, b WHERE a IS NULL OR b IS NULL"
            " RETURN r.from, r.to, a IS NULL, b IS NULL LIMIT 5"
    for pairs, _ in REL_TABLES.values() for a, b in pairs
}
DELETE_SIMILAR = "UNWIND $ids AS i MATCH (:Practice {id: i})-[s:SIMILAR_TO]->(:Practice) DELETE s"
CREATE_SIMILAR = (
    "UNWIND $rows AS r MATCH (a:Practice {id: r.a}) MATCH (b:Practice {id: r.b})"
    " CREATE (a)-[:SIMILAR_TO {score: r.score, model_id: $model_id}]->(b)"
)

# reads -------------------------------------------------------------------------------
# every label but the shared Term nodes, as the other stores count
COUNT_LABEL = {label: "MATCH (n:" + label + ") RETURN count(n)" for label in LABELS
               if label not in ("Term", "Version")}  # earlier versions are never counted
COUNT_RELS = "MATCH ()-[r]->() RETURN type(r), count(r)"
PRACTICE_VECTORS = ("UNWIND $ids AS i MATCH (n:Practice {id: i}) WHERE n.embedding IS NOT NULL"
                    " RETURN n.id, n.embedding")

# Exact cosine inside the query, after the viewer predicate and filters and before the
# top-k, so hidden records can neither appear nor take a slot (an approximate vector-index
# search returns its k first and filters after). vector.similarity.cosine is (1 + cos) / 2;
# the port's score is the cosine itself.
VECTOR_TOP_K = {
    kind: (
        "MATCH (n:" + kind + ") WHERE n.embedding IS NOT NULL AND " + visible("n") + " AND " + flt +
        " WITH n, 2.0 * vector.similarity.cosine(n.embedding, $vec) - 1.0 AS score"
        " RETURN n.id, score ORDER BY score DESC, n.id LIMIT $k"
    )
    for kind, flt in KIND_FILTERS.items()
}
# Through the vector index at scale (graph/vector_search.py): the index's `$fetch` nearest,
# the rule and the filters applied to them before the LIMIT, scored by the exact cosine as
# the exact scan scores them (an index made by an earlier build, quantised, scored 0.1 off).
INDEX_TOP_K = {
    kind: "CALL db.index.vector.queryNodes('" + VECTOR_INDEX[kind] + "', $fetch, $vec) YIELD node AS n"
          " WHERE " + visible("n") + " AND " + flt +
          " WITH n, 2.0 * vector.similarity.cosine(n.embedding, $vec) - 1.0 AS score"
          " RETURN n.id, score ORDER BY score DESC, n.id LIMIT $k"
    for kind, flt in KIND_FILTERS.items()
}
# Neo4j counts a label from its count store, not by scanning.
HAS_ROWS_OVER = {kind: "MATCH (n:" + kind + ") RETURN count(n) >= $n" for kind in VECTOR_INDEX}
INDEX_ONLINE = "SHOW VECTOR INDEXES YIELD name, state WHERE name = $name RETURN state = 'ONLINE'"

# Word search: graph/cypher_reads.py's WORD_STATS (kept by the store between writes, see
# graph/cypher_store.KeptWordStatistics) and WORD_POSTINGS (from the Term's unique-id index).

SIMILAR_OF = (
    "MATCH (a:Practice {id: $id})-[s:SIMILAR_TO]-(b:Practice) WHERE " + visible("a") + " AND " + visible("b") +
    " RETURN b.id AS id, max(s.score) AS score ORDER BY score DESC, id LIMIT $k"
)

# columns named alike in every branch, so the branches can be one UNION ALL
_EVIDENCE_COLUMNS = (" RETURN per.id AS person_id, per.name AS person_name, kind, p.id AS practice_id,"
                     " p.title AS practice_title, ev_date, ev_src, ev_text")
EVIDENCE = [
    # developed / co-developed / adapted (an adaptation the person developed)
    "MATCH (per:Person)-[d:DEVELOPED]->(p:Practice) WHERE p.id IN $ids AND " + visible("p") +
    " AND " + PERSON_FILTERS +
    " WITH per, p, d, " + compile_cypher(rule.ADAPTED, "p") + " AS adapted"
    " WITH per, p, CASE WHEN adapted THEN 'adapted' WHEN d.role = 'co-developer' THEN 'co-developed'"
    " ELSE 'developed' END AS kind, coalesce(d.date, p.date) AS ev_date, NULL AS ev_src, NULL AS ev_text"
    + _EVIDENCE_COLUMNS,
    # demonstrated in a model lesson / observed doing it
    "MATCH (o:Observation)-[:OF_PRACTICE]->(p:Practice) WHERE p.id IN $ids AND " + _DEVELOPMENTAL +
    " AND " + visible("o") + " AND " + visible("p") +
    " MATCH (o)-[:OBSERVED]->(per:Person) WHERE " + PERSON_FILTERS +
    " WITH per, p, CASE WHEN o.kind = 'model-lesson' THEN 'model-lesson' ELSE 'observed' END AS kind,"
    " o.date AS ev_date, o.id AS ev_src, coalesce(o.what_worked, o.focus) AS ev_text" + _EVIDENCE_COLUMNS,
    # mentored others in it
    "MATCH (e:Exchange)-[:DISCUSSED]->(p:Practice) WHERE p.id IN $ids AND " + visible("e") + " AND " + visible("p") +
    " MATCH (e)-[r:PARTICIPANT]->(per:Person) WHERE " + compile_cypher(rule.MENTORING, "per", "r") +
    " AND " + PERSON_FILTERS +
    " WITH per, p, 'mentored' AS kind, coalesce(e.started, e.ended) AS ev_date, e.id AS ev_src, e.focus AS ev_text"
    + _EVIDENCE_COLUMNS,
]
EVIDENCE_OBSERVATIONS = (
    "MATCH (o:Observation)-[:OBSERVED]->(per:Person) WHERE o.id IN $obs AND " + _DEVELOPMENTAL +
    " AND " + visible("o") + " AND " + PERSON_FILTERS +
    " OPTIONAL MATCH (o)-[:OF_PRACTICE]->(q:Practice) WHERE " + visible("q") +
    " WITH per, o, q, CASE WHEN o.kind = 'model-lesson' THEN 'model-lesson' ELSE 'observed' END AS kind"
    " RETURN per.id AS person_id, per.name AS person_name, kind, q.id AS practice_id, q.title AS practice_title,"
    " o.date AS ev_date, o.id AS ev_src, coalesce(o.what_worked, o.focus) AS ev_text"
)
# All of it in one query: one round trip per question for the evidence.
EVIDENCE_ALL = " UNION ALL ".join(EVIDENCE + [EVIDENCE_OBSERVATIONS])

# One hop of lineage, child -> parent, between visible practices.
_LINEAGE_HOP = (
    "MATCH (c:Practice)-[r:ADAPTED_FROM|VERSION_OF|REVISED_AFTER]->(p:Practice) WHERE {side}.id IN $ids"
    " AND " + visible("c") + " AND " + visible("p") +
    " RETURN type(r), c.id, p.id, r.mode, r.what_changed, r.why, r.new_context, r.how_learned, r.round, r.date"
)
LINEAGE_UP = _LINEAGE_HOP.replace("{side}", "c")
LINEAGE_DOWN = _LINEAGE_HOP.replace("{side}", "p")
# both directions in one query, the far end passing the subject / phase filters
QUESTION_LINEAGE = (
    LINEAGE_UP.replace(" RETURN", " AND " + PRACTICE_FILTER["p"] + " RETURN", 1) + " UNION ALL " +
    LINEAGE_DOWN.replace(" RETURN", " AND " + PRACTICE_FILTER["c"] + " RETURN", 1)
)
# The same for one practice (CypherPracticeReads.lineage_scan_us: not used by default
# here, as Neo4j looks a list of ids up by index)
QUESTION_LINEAGE_ONE = tuple(query.replace(".id IN $ids", ".id = $id") for query in QUESTION_LINEAGE.split(" UNION ALL "))
