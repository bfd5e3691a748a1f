"""Corrections and changes of visibility on the Cypher stores (Kùzu, and Neo4j reuses it).

Plain Cypher in the subset both engines share, composed from the schema's labels and
columns (code constants); values travel as parameters. The mixin needs the host's
_rows, _read and unit_of_work (inside a unit of work _rows runs on its transaction).
The in-memory mirror is graph/memory_versions.py; graph/versions.py holds what they share.
"""

from __future__ import annotations

from typing import Any, Sequence

from practicegraph.graph.kuzu.cypher import visible
from practicegraph.graph.memory_versions import OWNED
from practicegraph.graph.schema import LEDGER_LABEL, NODE_COLUMNS, REL_TABLES, VERSION_LABEL
from practicegraph.graph.types import RecordScope, Viewer
from practicegraph.graph.versions import CORRECTABLE, NOT_KEPT, ScopeWrites, VersionWrites

KEPT_COLUMNS = {label: [name for name, _ in NODE_COLUMNS[label] if name not in NOT_KEPT]
                for label in CORRECTABLE.values()}
NODE_ROW = {label: "MATCH (n:" + label + " {id: $id}) RETURN " + ", ".join("n." + c for c in cols)
            for label, cols in KEPT_COLUMNS.items()}
# (relationship, target label, its property names, query) per correctable label
OWNED_LINKS = {
    label: [(rel, b, [name for name, _ in REL_TABLES[rel][1]],
             "MATCH (n:" + label + " {id: $id})-[r:" + rel + "]->(m:" + b + ") RETURN m.id"
             + "".join(", r." + name for name, _ in REL_TABLES[rel][1]))
            for rel in OWNED[label] if rel != "HAS_TERM"
            for a, b in REL_TABLES[rel][0] if a == label]
    for label in CORRECTABLE.values()
}
REMOVE_NODE = {label: "MATCH (n:" + label + " {id: $id}) DETACH DELETE n" for label in CORRECTABLE.values()}
REMOVE_LEDGER = "MATCH (r:" + LEDGER_LABEL + " {id: $id}) DELETE r"
EARLIER = ("MATCH (v:" + VERSION_LABEL + ") WHERE v.record IN $ids"
           " RETURN v.record, v.number, v.content_hash ORDER BY v.record, v.number")
SCOPE = {label: "MATCH (n:" + label + " {id: $id}) WHERE " + visible("n") +
                " RETURN n.id, n.visibility, n.reflection_visibility, n.organisation, n.cluster, n.author, n.named"
         for label in CORRECTABLE.values()}
SET_SCOPE = {label: "MATCH (n:" + label + " {id: $id}) SET n.visibility = $visibility,"
                    " n.reflection_visibility = $reflection_visibility, n.organisation = $organisation,"
                    " n.cluster = $cluster"
             for label in CORRECTABLE.values()}
RECORD_TYPE = "MATCH (r:" + LEDGER_LABEL + " {id: $id}) RETURN r.type"


class CypherVersions(VersionWrites, ScopeWrites):
    def earlier_versions(self, ids: Sequence[str]) -> dict[str, list[str]]:
        wanted = list(dict.fromkeys(ids))
        out: dict[str, list[str]] = {}
        if wanted:
            for record, _, content_hash in self._rows(EARLIER, ids=wanted):
                out.setdefault(record, []).append(content_hash)
        return out

    def record_scope(self, record_id: str, viewer: Viewer) -> RecordScope | None:
        kinds = [r[0] for r in self._rows(RECORD_TYPE, id=record_id)]
        if not kinds or kinds[0] not in CORRECTABLE:
            return None
        rows = self._read(SCOPE[CORRECTABLE[kinds[0]]], viewer, id=record_id)
        if not rows:
            return None
        rid, vis, rvis, org, cluster, author, named = rows[0]
        return RecordScope(rid, kinds[0], vis or "", rvis or "", org, cluster, author or "", tuple(named or ()))

    def _version_source(self, label: str, record_id: str):
        node = dict(zip(KEPT_COLUMNS[label], self._rows(NODE_ROW[label], id=record_id)[0]))
        links: list[tuple[str, str, str, dict[str, Any]]] = []
        for rel, target, props, query in OWNED_LINKS[label]:
            links += [(rel, target, row[0], {k: v for k, v in zip(props, row[1:]) if v is not None})
                      for row in self._rows(query, id=record_id)]
        return node, sorted(links, key=lambda link: (link[0], link[2]))

    def _remove_record(self, label: str, record_id: str) -> None:
        self._rows(REMOVE_NODE[label], id=record_id)
        self._rows(REMOVE_LEDGER, id=record_id)

    def _set_scope(self, label: str, record_id: str, values: dict[str, Any]) -> None:
        self._rows(SET_SCOPE[label], id=record_id, **values)
