"""Corrections and changes of visibility on the in-memory store (a mixin of InMemoryStore).

Mirrors graph/kuzu/versions_cypher.py; graph/versions.py holds what both share.
"""

from __future__ import annotations

from typing import Any, Sequence

from practicegraph.graph.schema import REL_TABLES, VERSION_LABEL
from practicegraph.graph.types import RecordScope, Viewer
from practicegraph.graph.versions import CORRECTABLE, ScopeWrites, VersionWrites

# the relationships a correctable record owns (all outgoing; none points at one)
OWNED = {label: [rel for rel, (pairs, _) in REL_TABLES.items() if any(a == label for a, _ in pairs)]
         for label in CORRECTABLE.values()}


def scope_of_node(record_type: str, node: dict[str, Any]) -> RecordScope:
    return RecordScope(node["id"], record_type, node.get("visibility") or "",
                       node.get("reflection_visibility") or "", node.get("organisation"), node.get("cluster"),
                       node.get("author") or "", tuple(node.get("named") or ()))


class MemoryVersions(VersionWrites, ScopeWrites):
    """Needs the host's _nodes, _records, _out, _in, _rel_counts, _fts (InMemoryStore)."""

    def earlier_versions(self, ids: Sequence[str]) -> dict[str, list[str]]:
        wanted = set(ids)
        kept = sorted((v["record"], v["number"], v["content_hash"]) for v in self._nodes[VERSION_LABEL].values()
                      if v["record"] in wanted)
        out: dict[str, list[str]] = {}
        for record, _, content_hash in kept:
            out.setdefault(record, []).append(content_hash)
        return out

    def record_scope(self, record_id: str, viewer: Viewer) -> RecordScope | None:
        from practicegraph.graph.memory import visible

        kind = self._records.get(record_id, ("",))[0]
        node = self._nodes[CORRECTABLE[kind]].get(record_id) if kind in CORRECTABLE else None
        return scope_of_node(kind, node) if node is not None and visible(node, viewer) else None

    def _version_source(self, label: str, record_id: str):
        links = [(e.type, e.to_label, e.to_id, dict(e.props)) for rel in OWNED[label] if rel != "HAS_TERM"
                 for e in self._out.get((rel, record_id), ())]
        return dict(self._nodes[label][record_id]), links

    def _remove_record(self, label: str, record_id: str) -> None:
        for rel in OWNED[label]:
            for e in self._out.pop((rel, record_id), []):
                self._in[(e.type, e.to_id)].remove(e)
                self._rel_counts[e.type] -= 1
        del self._nodes[label][record_id]
        del self._records[record_id]
        self._fts.pop(label, None)

    def _set_scope(self, label: str, record_id: str, values: dict[str, Any]) -> None:
        self._nodes[label][record_id] = {**self._nodes[label][record_id], **values}
        self._fts.pop(label, None)
