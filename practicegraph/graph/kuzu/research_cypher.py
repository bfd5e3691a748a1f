"""Kùzu Cypher for the research reads (graph/research_types.py), as named constants with
$parameters only. Kept apart from cypher.py, which is being reshaped separately."""

from __future__ import annotations

from practicegraph.graph.kuzu.cypher import visible

PRACTICE_LINKS = (
    "MATCH (c:Practice)-[r:ADAPTED_FROM|VERSION_OF|REVISED_AFTER]->(p:Practice)"
    " WHERE " + visible("c") + " AND " + visible("p") +
    " RETURN label(r), c.id, p.id, r.mode, r.how_learned, r.round, r.date"
    " ORDER BY label(r), c.id, p.id"
)
PRACTICE_RECORDS = (
    "MATCH (n:Practice) WHERE " + visible("n") +
    " OPTIONAL MATCH (dev:Person)-[d:DEVELOPED]->(n)"
    " WITH n, collect(CASE WHEN dev IS NULL THEN NULL ELSE [dev.id, coalesce(d.role, '')] END) AS devs"
    " RETURN n.id, n.title, n.subject, n.phase, n.version, n.date, n.organisation, n.cluster, devs"
    " ORDER BY n.id"
)
ORGANISATIONS = "MATCH (o:Organisation) RETURN o.id, o.name, o.kind, o.region ORDER BY o.id"
CLUSTERS = "MATCH (c:Cluster) RETURN c.id, c.name, c.kind, c.region, c.venue ORDER BY c.id"
# Meetings carry no visibility (see research_types); $cluster = '' means every cluster.
CLUSTER_MEETINGS = (
    "MATCH (m:Meeting)-[:OF_CLUSTER]->(c:Cluster) WHERE $cluster = '' OR c.id = $cluster"
    " OPTIONAL MATCH (per:Person)-[:ATTENDED]->(m)"
    " WITH m, c, collect(DISTINCT per.id) AS att"
    " OPTIONAL MATCH (m)-[:HELD_AT]->(o:Organisation)"
    " RETURN m.id, c.id, m.date, o.id, att, m.agenda_tags ORDER BY c.id, m.date, m.id"
)
MEMBERSHIPS = (
    "MATCH (per:Person)-[m:MEMBER_OF]->(t) RETURN per.id, label(t), t.id, m.role, m.since, m.until"
)
OBSERVATIONS = (
    "MATCH (o:Observation) WHERE o.purpose = 'developmental' AND " + visible("o") +
    " OPTIONAL MATCH (o)-[:OF_PRACTICE]->(p:Practice) WHERE " + visible("p") +
    " WITH o, collect(p.id) AS ps"
    " OPTIONAL MATCH (o)-[:OBSERVER]->(a:Person)"
    " OPTIONAL MATCH (o)-[:OBSERVED]->(b:Person)"
    " RETURN o.id, o.kind, o.date, a.id, b.id, ps ORDER BY o.id"
)
EXCHANGES = (
    "MATCH (e:Exchange) WHERE " + visible("e") +
    " OPTIONAL MATCH (e)-[r:PARTICIPANT]->(per:Person)"
    " WITH e, collect(CASE WHEN per IS NULL THEN NULL ELSE [per.id, coalesce(r.role, '')] END) AS ppl"
    " OPTIONAL MATCH (e)-[:DISCUSSED]->(d:Practice) WHERE " + visible("d") +
    " WITH e, ppl, collect(d.id) AS disc"
    " OPTIONAL MATCH (e)-[:LED_TO]->(l:Practice) WHERE " + visible("l") +
    " WITH e, ppl, disc, collect(l.id) AS led"
    " RETURN e.id, e.kind, e.started, e.ended, ppl, disc, led ORDER BY e.id"
)
