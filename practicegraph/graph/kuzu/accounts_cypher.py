"""Kùzu reads for accounts and trust: Cypher as named constants, and a KuzuStore mixin.

The in-memory mirror is graph/memory_accounts.py.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from practicegraph.graph import erasure
from practicegraph.graph.kuzu.cypher import visible
from practicegraph.graph.kuzu.postings import rebuild_postings
from practicegraph.graph.kuzu.rewrite import rewrite_nodes
from practicegraph.graph.memory_accounts import ACCESS_LABELS, exchange_link_kind, link_key
from practicegraph.graph.types import CurrentMembership, RecordAccess, TrustLink, Viewer


def _holds(alias: str) -> str:
    return ("({m}.since IS NULL OR {m}.since <= $day) AND ({m}.until IS NULL OR {m}.until >= $day)"
            .replace("{m}", alias))


MEMBERSHIPS = {
    "organisation": "MATCH (p:Person {id: $person})-[m:MEMBER_OF]->(t:Organisation) WHERE " + _holds("m")
                    + " RETURN DISTINCT t.id, m.role",
    "cluster": "MATCH (p:Person {id: $person})-[m:MEMBER_OF]->(t:Cluster) WHERE " + _holds("m")
               + " RETURN DISTINCT t.id, m.role",
}

# Memberships are not records with a visibility: a current cluster co-membership is shown
# to anyone, as people()'s whereabouts already are.
LINKS_CLUSTER = (
    "MATCH (a:Person)-[m1:MEMBER_OF]->(c:Cluster)<-[m2:MEMBER_OF]-(b:Person)"
    " WHERE a.id IN $ids AND b.id <> a.id AND " + _holds("m1") + " AND " + _holds("m2") +
    " RETURN DISTINCT a.id, b.id, b.name, c.id, c.name"
)
LINKS_CODEVELOPED = (
    "MATCH (a:Person)-[:DEVELOPED]->(p:Practice)<-[:DEVELOPED]-(b:Person)"
    " WHERE a.id IN $ids AND b.id <> a.id AND " + visible("p") +
    " RETURN DISTINCT a.id, b.id, b.name, p.id, p.title"
)
LINKS_EXCHANGE = (
    "MATCH (a:Person)<-[r1:PARTICIPANT]-(x:Exchange)-[r2:PARTICIPANT]->(b:Person)"
    " WHERE a.id IN $ids AND b.id <> a.id AND " + visible("x") +
    " RETURN DISTINCT a.id, b.id, b.name, x.id, x.kind, r1.role, r2.role"
)
RECORD_ACCESS = {
    label: "MATCH (n:" + label + ") WHERE n.id IN $ids AND " + visible("n") +
           " RETURN n.id, n.visibility, n.author"
    for label in ACCESS_LABELS
}

# erasure (graph/erasure.py decides; these read and write)
_NAMED_COLUMNS = {
    "Observation": ("id", "visibility", "reflection_visibility", "author", "setting", "group_outline", "focus",
                    "what_worked", "adapt_further", "reflection"),
    "Exchange": ("id", "visibility", "reflection_visibility", "author", "focus", "reflection"),
    "Practice": ("id", "visibility", "author", "title", "description", "context"),
    "Version": ("id", "body"),
}
NAMING = {label: "MATCH (n:" + label + ") WHERE $person IN n.named RETURN " + ", ".join("n." + c for c in cols)
          for label, cols in _NAMED_COLUMNS.items()}
SHARED_PRACTICES = (
    "MATCH (a:Person {id: $person})-[:DEVELOPED]->(x:Practice)<-[:DEVELOPED]-(b:Person)"
    " WHERE b.id <> a.id RETURN DISTINCT x.id"
)
CLEAR = {key: "UNWIND $ids AS i MATCH (n:" + key[0] + " {id: i}) SET "
              + ", ".join(["n." + f + " = NULL" for f in fields]
                          + ["n." + f + " = '" + v + "'" for f, v in erasure.REPLACE.get(key, {}).items()])
         for key, fields in erasure.FIELDS.items()}
DETACH = ("MATCH (a:Person {id: $person})-[d:DEVELOPED]->(x:Practice) WHERE x.id IN $ids DELETE d")

RETRACT_READ = {label: "MATCH (n:" + label + " {id: $id}) RETURN " + ", ".join("n." + c for c in _NAMED_COLUMNS[label])
                for label in erasure.RETRACTABLE.values()}
RETRACT_VERSIONS = "MATCH (v:Version) WHERE v.record = $id SET v.body = NULL"


class KuzuAccountReads:
    """Needs the host's _rows and _read (KuzuStore)."""

    def current_memberships(self, person_id: str, today: date) -> list[CurrentMembership]:
        out = {CurrentMembership(kind, tid, role)
               for kind, query in MEMBERSHIPS.items()
               for tid, role in self._rows(query, person=person_id, day=today)}
        return sorted(out, key=lambda m: (m.kind, m.target_id, m.role or ""))

    def trusted_links(self, person_ids: Sequence[str], viewer: Viewer, today: date) -> list[TrustLink]:
        ids = list(dict.fromkeys(person_ids))
        if not ids:
            return []
        links = {TrustLink(a, b, name, "cluster", c, cname)
                 for a, b, name, c, cname in self._read(LINKS_CLUSTER, viewer, ids=ids, day=today)}
        links |= {TrustLink(a, b, name, "co-developed", p, title)
                  for a, b, name, p, title in self._read(LINKS_CODEVELOPED, viewer, ids=ids)}
        links |= {TrustLink(a, b, name, exchange_link_kind(r1, r2), x, kind)
                  for a, b, name, x, kind, r1, r2 in self._read(LINKS_EXCHANGE, viewer, ids=ids)}
        return sorted(links, key=link_key)

    def record_access(self, ids: Sequence[str], viewer: Viewer) -> list[RecordAccess]:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return []
        return [RecordAccess(i, vis, author or "") for query in RECORD_ACCESS.values()
                for i, vis, author in self._read(query, viewer, ids=wanted)]


def cleared(key: tuple[str, str]) -> dict:
    """The values erasure gives the fields it clears (graph/erasure.py)."""
    return {**{f: None for f in erasure.FIELDS[key]}, **erasure.REPLACE.get(key, {})}


class KuzuErasure:
    """erase_person on KuzuStore (needs _rows and unit_of_work)."""

    def erase_person(self, person_id: str, dry_run: bool = False):
        rows = {label: [dict(zip(_NAMED_COLUMNS[label], r)) for r in self._rows(NAMING[label], person=person_id)]
                for label in NAMING}
        shared = [r[0] for r in self._rows(SHARED_PRACTICES, person=person_id)]
        plan = erasure.plan(person_id, rows, shared)
        if dry_run or plan.empty:
            return plan
        with self.unit_of_work() as work:
            for key, query in CLEAR.items():
                ids = [rid for label, rid, what in plan.clear if (label, what) == key]
                if ids and "embedding" in erasure.FIELDS[key]:  # an indexed vector: delete, insert
                    rewrite_nodes(self._rows, work, key[0], ids, cleared(key))
                elif ids:
                    self._rows(query, ids=ids)
            if plan.detach:
                self._rows(DETACH, person=person_id, ids=plan.detach)
            for label in {label for label, _, _ in plan.clear}:
                rebuild_postings(self._rows, label, [rid for lab, rid, _ in plan.clear if lab == label])
        return plan

    def retract(self, record_id: str) -> list[str]:
        """Make an observation or exchange a tombstone; the texts removed (for caches)."""
        for label, query in RETRACT_READ.items():
            rows = self._rows(query, id=record_id)
            if rows:
                texts = erasure.retraction_texts(label, dict(zip(_NAMED_COLUMNS[label], rows[0])))
                with self.unit_of_work() as work:
                    rewrite_nodes(self._rows, work, label, [record_id],  # postings rebuilt: old words go
                                  {**cleared((label, "text")), **erasure.TOMBSTONE})
                    self._rows(RETRACT_VERSIONS, id=record_id)  # earlier words go too
                return texts
        return []
