"""Kùzu Cypher as named constants. Values only ever arrive as $parameters.

The viewer predicate and the filters are graph.rule's, compiled by graph.cypher_compile
at import time; everything else here is a code constant too. Nothing is assembled from
request data.
"""

from __future__ import annotations

from practicegraph.graph import rule
from practicegraph.graph.cypher_compile import compile_cypher
from practicegraph.graph.cypher_reads import (  # noqa: F401  (re-exported: the reads every Cypher store shares)
    CURRENT as _CURRENT, DEVELOPMENTAL as _DEVELOPMENTAL, KIND_FILTERS, LINEAGE_PROPS, PEOPLE,
    PEOPLE_CLUSTERS, PEOPLE_ORGS, PERSON_FILTERS, PRACTICE_DETAIL, PRACTICE_FILTER, PRACTICE_SUMMARIES,
    RECORD_INDEX, VISIBLE_ADAPTATIONS, VISIBLE_NODE_IDS, WHEREABOUTS, WORD_POSTINGS, WORD_STATS, visible,
)

# (Kùzu 0.11.3 cannot combine the person filters' EXISTS subqueries with an UNWIND in the
# same query — "Cannot evaluate expression with type VARIABLE".)

# Exact cosine inside the query: the viewer predicate and filters run before the top-k,
# so hidden records can neither appear nor take a slot. ({dim} is the schema's dimension.)
VECTOR_TOP_K = {
    kind: (
        "MATCH (n:" + kind + ") WHERE n.embedding IS NOT NULL AND " + visible("n") + " AND " + flt +
        " WITH n, array_cosine_similarity(n.embedding, CAST($vec AS FLOAT[{dim}])) AS score"
        " RETURN n.id, score ORDER BY score DESC, n.id LIMIT $k"
    )
    for kind, flt in KIND_FILTERS.items()
}

EXISTING_TERMS = "UNWIND $ids AS i MATCH (t:Term {id: i}) RETURN t.id"
SHOW_INDEXES = "CALL SHOW_INDEXES() RETURN *"

COUNT_LABEL = {label: "MATCH (n:" + label + ") RETURN count(n)" for label in
               ("Person", "Organisation", "Cluster", "Practice", "Resource", "Observation",
                "Exchange", "Meeting", "Record")}
COUNT_RELS = "MATCH ()-[r]->() RETURN label(r), count(r)"

PRACTICE_VECTORS = "UNWIND $ids AS i MATCH (n:Practice {id: i}) WHERE n.embedding IS NOT NULL RETURN n.id, n.embedding"
DELETE_SIMILAR = "UNWIND $ids AS i MATCH (a:Practice {id: i})-[s:SIMILAR_TO]->(:Practice) DELETE s"
CREATE_SIMILAR = (
    "UNWIND $rows AS r MATCH (a:Practice {id: r.a}) WITH a, r MATCH (b:Practice {id: r.b})"
    " CREATE (a)-[:SIMILAR_TO {score: r.score, model_id: $model_id}]->(b)"
)

SIMILAR_OF = (
    "MATCH (a:Practice {id: $id})-[s:SIMILAR_TO]-(b:Practice) WHERE " + visible("a") + " AND " + visible("b") +
    " RETURN b.id, max(s.score) AS score ORDER BY score DESC, b.id LIMIT $k"
)

# named alike in every branch, so the branches can be one UNION ALL
# Each branch starts from primary-key look-ups of the given ids (UNWIND): `p.id IN $ids`
# scans the whole table and searches the list per row (measured 0.4 s at 20k practices,
# linear in the table). Columns are computed in RETURN, named alike in every branch, so
# the branches make one UNION ALL: a WITH after UNWIND + key match fails in 0.11.3
# ("Cannot evaluate expression with type VARIABLE").
def _evidence_columns(kind: str, ev_date: str, src: str, text: str, practice: str = "p") -> str:
    return (" RETURN per.id AS person_id, per.name AS person_name, " + kind + " AS kind, " + practice +
            ".id AS practice_id, " + practice + ".title AS practice_title, " + ev_date + " AS ev_date, " +
            src + " AS ev_src, " + text + " AS ev_text")


_OBSERVED_KIND = "CASE WHEN o.kind = 'model-lesson' THEN 'model-lesson' ELSE 'observed' END"
_NO_TEXT = "CAST(NULL AS STRING)"
_PRACTICES = "UNWIND $ids AS i MATCH (p:Practice {id: i}) WHERE " + visible("p")
EVIDENCE = [
    # developed / co-developed / adapted (an adaptation the person developed)
    _PRACTICES + " MATCH (p)<-[d:DEVELOPED]-(per:Person) WHERE " + PERSON_FILTERS +
    _evidence_columns("CASE WHEN " + compile_cypher(rule.ADAPTED, "p") + " THEN 'adapted' WHEN d.role = 'co-developer'"
                      " THEN 'co-developed' ELSE 'developed' END", "coalesce(d.date, p.date)", _NO_TEXT, _NO_TEXT),
    # demonstrated in a model lesson / observed doing it
    _PRACTICES + " MATCH (p)<-[:OF_PRACTICE]-(o:Observation) WHERE " + _DEVELOPMENTAL + " AND " + visible("o") +
    " MATCH (o)-[:OBSERVED]->(per:Person) WHERE " + PERSON_FILTERS +
    _evidence_columns(_OBSERVED_KIND, "o.date", "o.id", "coalesce(o.what_worked, o.focus)"),
    # mentored others in it
    _PRACTICES + " MATCH (p)<-[:DISCUSSED]-(e:Exchange) WHERE " + visible("e") +
    " MATCH (e)-[r:PARTICIPANT]->(per:Person) WHERE " + compile_cypher(rule.MENTORING, "per", "r") +
    " AND " + PERSON_FILTERS +
    _evidence_columns("'mentored'", "coalesce(e.started, e.ended)", "e.id", "e.focus"),
]
# observations that matched the question directly (their own text), with what they were of
EVIDENCE_OBSERVATIONS = (
    "UNWIND $obs AS j MATCH (o:Observation {id: j}) WHERE " + _DEVELOPMENTAL + " AND " + visible("o") +
    " MATCH (o)-[:OBSERVED]->(per:Person) WHERE " + PERSON_FILTERS +
    " OPTIONAL MATCH (o)-[:OF_PRACTICE]->(q:Practice) WHERE " + visible("q") +
    _evidence_columns(_OBSERVED_KIND, "o.date", "o.id", "coalesce(o.what_worked, o.focus)", practice="q")
)
# All of it in one query: one store round trip per question for the evidence.
EVIDENCE_ALL = " UNION ALL ".join(EVIDENCE + [EVIDENCE_OBSERVATIONS])

# One hop of lineage, child -> parent, between visible practices: one query over the three
# relationship tables (a third of the time of three queries, measured).
# From key look-ups of the given side (UNWIND), not `IN $ids` (a scan: 3.4 s at 100k).
_LINEAGE_HOP = (
    "UNWIND $ids AS i MATCH (c:Practice{c_key})-[r:ADAPTED_FROM|VERSION_OF|REVISED_AFTER]->(p:Practice{p_key})"
    " WHERE " + visible("c") + " AND " + visible("p") +
    " RETURN label(r), c.id, p.id, r.mode, r.what_changed, r.why, r.new_context, r.how_learned, r.round, r.date"
)
LINEAGE_UP = _LINEAGE_HOP.replace("{c_key}", " {id: i}").replace("{p_key}", "")
LINEAGE_DOWN = _LINEAGE_HOP.replace("{c_key}", "").replace("{p_key}", " {id: i}")
# both directions in one query, the far end passing the subject / phase filters
QUESTION_LINEAGE = (
    LINEAGE_UP.replace(" RETURN", " AND " + PRACTICE_FILTER["p"] + " RETURN", 1) + " UNION ALL " +
    LINEAGE_DOWN.replace(" RETURN", " AND " + PRACTICE_FILTER["c"] + " RETURN", 1)
)
# Each direction for one practice from a primary-key look-up, run per match: the UNWIND
# join above reads both Practice ends of every lineage edge in the table, the named
# viewer's rule on each (~195 -> 100-130 ms at 100k practices, ~40 matches; bench/scale_profile.py).
QUESTION_LINEAGE_ONE = tuple(query.replace("UNWIND $ids AS i ", "").replace("{id: i}", "{id: $id}")
                             for query in QUESTION_LINEAGE.split(" UNION ALL "))

# Directory reads (graph/kuzu/directory_reads.py): facets and a person's profile.
FACET_PRACTICES = "MATCH (n:Practice) WHERE " + visible("n") + " RETURN n.subject, n.phase, count(*)"
FACET_ORGANISATIONS = (
    "MATCH (o:Organisation) OPTIONAL MATCH (per:Person)-[m:MEMBER_OF]->(o) WHERE " + _CURRENT +
    " RETURN o.id, o.name, o.region, count(DISTINCT per.id)"
)
FACET_CLUSTERS = (
    "MATCH (c:Cluster) OPTIONAL MATCH (per:Person)-[m:MEMBER_OF]->(c) WHERE " + _CURRENT +
    " RETURN c.id, c.name, count(DISTINCT per.id)"
)
PERSON_PRACTICES = (
    "MATCH (per:Person {id: $id})-[d:DEVELOPED]->(p:Practice) WHERE " + visible("p") +
    " WITH p, d, " + compile_cypher(rule.ADAPTED, "p") + " AS adapted"
    " RETURN p.id, p.title, p.subject, p.phase, CASE WHEN adapted THEN 'adapted'"
    " WHEN d.role = 'co-developer' THEN 'co-developed' ELSE 'developed' END, coalesce(d.date, p.date)"
)
PERSON_ADAPTATIONS = (
    "MATCH (per:Person {id: $id})-[:DEVELOPED]->(c:Practice)-[r:ADAPTED_FROM]->(p:Practice) WHERE "
    + visible("c") + " AND " + visible("p") + " RETURN c.id, p.id, p.title, r.mode, r.what_changed"
)
PERSON_OBSERVATIONS = (
    "MATCH (o:Observation)-[:OBSERVED]->(per:Person {id: $id}) WHERE " + _DEVELOPMENTAL + " AND " + visible("o") +
    " RETURN o.kind, count(DISTINCT o.id)"
)
PERSON_EXCHANGES = (
    "MATCH (e:Exchange)-[r:PARTICIPANT]->(per:Person {id: $id}) WHERE " + visible("e") +
    " RETURN e.id, " + compile_cypher(rule.MENTORING, "per", "r")
)
PLACE_NAMES = {label: "UNWIND $ids AS i MATCH (n:" + label + " {id: i}) RETURN n.id, n.name"
               for label in ("Organisation", "Cluster")}
