"""Reads written once in the Cypher every store here speaks (Kùzu and Neo4j 5 alike).

The viewer predicate and the filters are graph.rule's, compiled by graph.cypher_compile;
everything else is a code constant. Each adapter's cypher module imports these and adds
only what its engine spells differently (vector similarity, relationship-type names,
bulk writes). Values only ever arrive as $parameters.
"""

from __future__ import annotations

from practicegraph.graph import rule
from practicegraph.graph.cypher_compile import compile_cypher


def visible(alias: str) -> str:
    """The viewer predicate for one node, inside the query (never a filter afterwards)."""
    return compile_cypher(rule.VISIBILITY, alias)


# Where the person works now: organisation, cluster, region of a current membership.
PERSON_FILTERS = compile_cypher(rule.PERSON_FILTERS, "per")
# Filters that look through to practices only look through to practices the viewer may see.
KIND_FILTERS = {kind: compile_cypher(predicate, "n") for kind, predicate in rule.FILTERS.items()}
DEVELOPMENTAL = compile_cypher(rule.DEVELOPMENTAL, "o")
CURRENT = compile_cypher(rule.CURRENT_MEMBERSHIP, "per", "m")

# Word search (graph/text_index.py scores): the statistics and the postings of the
# question's terms among the documents this viewer may see — hidden documents count in
# neither — and whether each document also passes the search filters.
WORD_STATS = {
    kind: "MATCH (n:" + kind + ") WHERE " + visible("n") + " RETURN count(n), avg(n.text_len)"
    for kind in KIND_FILTERS
}
# Postings start from the question's terms and walk back to the documents: written as one
# pattern, Kùzu 0.11.3 walked every document's terms forward and joined the few terms last
# (27 ms against 12 ms at 100k practices, anonymous; bench/scale_profile.py).
WORD_POSTINGS = {
    kind: (
        "MATCH (w:Term) WHERE w.id IN $terms MATCH (w)<-[h:HAS_TERM]-(n:" + kind + ") WHERE " + visible("n") +
        " RETURN w.id, n.id, h.tf, n.text_len, (" + flt + ") AS searchable"
    )
    for kind, flt in KIND_FILTERS.items()
}

VISIBLE_NODE_IDS = {label: "UNWIND $ids AS i MATCH (n:" + label + " {id: i}) WHERE " + visible("n") + " RETURN n.id"
                    for label in ("Practice", "Observation", "Exchange", "Resource")}
VISIBLE_ADAPTATIONS = (
    "MATCH (c:Practice)-[r:ADAPTED_FROM]->(p:Practice) WHERE r.record IN $ids AND " + visible("c") +
    " AND " + visible("p") + " RETURN r.record"
)
RECORD_INDEX = "UNWIND $ids AS i MATCH (r:Record {id: i}) RETURN r.id, r.type, r.content_hash"

_DEVS = (
    " OPTIONAL MATCH (dev:Person)-[d:DEVELOPED]->(n)"
    " WITH n, collect(CASE WHEN dev IS NULL THEN NULL ELSE [dev.id, dev.name, d.role] END) AS devs"
)
_SUMMARY_COLUMNS = (
    " RETURN n.id, n.title, n.subject, n.phase, n.version, n.visibility, n.organisation,"
    " n.cluster, n.date, devs"
)
PRACTICE_SUMMARIES = (
    "UNWIND $ids AS i MATCH (n:Practice {id: i}) WHERE " + visible("n") + _DEVS + _SUMMARY_COLUMNS
)
PRACTICE_DETAIL = (
    "MATCH (n:Practice {id: $id}) WHERE " + visible("n") + _DEVS + _SUMMARY_COLUMNS +
    ", n.description, n.context, n.tags, n.model_id"
)
PEOPLE = "UNWIND $ids AS i MATCH (per:Person {id: i}) RETURN per.id, per.name"
PEOPLE_ORGS = (
    "UNWIND $ids AS i MATCH (per:Person {id: i})-[m:MEMBER_OF]->(o:Organisation)"
    " WHERE " + CURRENT + " RETURN per.id, o.id, o.name, o.region ORDER BY o.name"
)
PEOPLE_CLUSTERS = (
    "UNWIND $ids AS i MATCH (per:Person {id: i})-[m:MEMBER_OF]->(c:Cluster)"
    " WHERE " + CURRENT + " RETURN per.id, c.id, c.name ORDER BY c.name"
)
# Where each person works now, both kinds of place in one read (question_evidence).
WHEREABOUTS = (
    "UNWIND $ids AS i MATCH (per:Person {id: i})-[m:MEMBER_OF]->(o:Organisation) WHERE " + CURRENT +
    " RETURN per.id AS person, 'org' AS kind, o.id AS place, o.name AS name, o.region AS region"
    " UNION ALL UNWIND $ids AS i MATCH (per:Person {id: i})-[m:MEMBER_OF]->(o:Cluster) WHERE " + CURRENT +
    " RETURN per.id AS person, 'cluster' AS kind, o.id AS place, o.name AS name, o.region AS region"
)
# A matched practice's lineage one hop away, for ranking (question_evidence): only towards
# practices that pass the subject and phase filters, as a retrieved practice must.
PRACTICE_FILTER = {alias: compile_cypher(rule.FILTERS["Practice"], alias) for alias in ("c", "p")}
LINEAGE_PROPS = ("mode", "what_changed", "why", "new_context", "how_learned", "round", "date")
