"""The in-memory store's reads for accounts and trust (a mixin of InMemoryStore).

Mirrors graph/kuzu/accounts_cypher.py: the same predicates, the same rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from practicegraph.graph.types import CurrentMembership, RecordAccess, TrustLink, Viewer

ACCESS_LABELS = ("Practice", "Observation", "Exchange", "Resource")


def holds_on(props: dict[str, Any], today: date) -> bool:
    """A membership holds on `today` if it has started and not ended (either end open)."""
    since, until = props.get("since"), props.get("until")
    return (since is None or since <= today) and (until is None or until >= today)


def exchange_link_kind(role_a: str | None, role_b: str | None) -> str:
    roles = {role_a, role_b}
    if "broker" in roles:
        return "brokered"
    if roles & {"mentor", "mentee", "facilitator"}:
        return "mentoring"
    return "paired"


LINK_ORDER = {"cluster": 0, "co-developed": 1, "mentoring": 2, "brokered": 3, "paired": 4}


def link_key(link: TrustLink) -> tuple:
    return (link.source, LINK_ORDER.get(link.kind, 9), link.via_id, link.target)


class MemoryAccountReads:
    """Needs the host's _nodes, _outgoing, _incoming (InMemoryStore)."""

    def current_memberships(self, person_id: str, today: date) -> list[CurrentMembership]:
        out = [CurrentMembership("organisation" if e.to_label == "Organisation" else "cluster", t["id"],
                                 e.props.get("role"))
               for e, t in self._outgoing("MEMBER_OF", person_id) if holds_on(e.props, today)]
        return sorted(set(out), key=lambda m: (m.kind, m.target_id, m.role or ""))

    def trusted_links(self, person_ids: Sequence[str], viewer: Viewer, today: date) -> list[TrustLink]:
        from practicegraph.graph.memory import visible

        links: set[TrustLink] = set()
        for a in dict.fromkeys(person_ids):
            if a not in self._nodes["Person"]:
                continue
            for e, c in self._outgoing("MEMBER_OF", a):
                if e.to_label == "Cluster" and holds_on(e.props, today):
                    links |= {TrustLink(a, b["id"], b["name"], "cluster", c["id"], c["name"])
                              for e2, b in self._incoming("MEMBER_OF", c["id"])
                              if b["id"] != a and holds_on(e2.props, today)}
            for _, p in self._outgoing("DEVELOPED", a):
                if visible(p, viewer):
                    links |= {TrustLink(a, b["id"], b["name"], "co-developed", p["id"], p["title"])
                              for _, b in self._incoming("DEVELOPED", p["id"]) if b["id"] != a}
            for r1, x in self._incoming("PARTICIPANT", a):
                if visible(x, viewer):
                    links |= {TrustLink(a, b["id"], b["name"],
                                        exchange_link_kind(r1.props.get("role"), r2.props.get("role")),
                                        x["id"], x["kind"])
                              for r2, b in self._outgoing("PARTICIPANT", x["id"]) if b["id"] != a}
        return sorted(links, key=link_key)

    def record_access(self, ids: Sequence[str], viewer: Viewer) -> list[RecordAccess]:
        from practicegraph.graph.memory import visible

        wanted = set(ids)
        return [RecordAccess(n["id"], n["visibility"], n.get("author") or "")
                for label in ACCESS_LABELS for nid, n in self._nodes[label].items()
                if nid in wanted and visible(n, viewer)]


class MemoryErasure:
    """erase_person on InMemoryStore (needs _nodes, _in, _out, _rel_counts, _fts, unit_of_work)."""

    def erase_person(self, person_id: str, dry_run: bool = False):
        from practicegraph.graph import erasure

        rows = {label: [n for n in self._nodes[label].values() if person_id in (n.get("named") or ())]
                for label in ("Observation", "Exchange", "Practice", "Version")}
        shared = [p["id"] for _, p in self._outgoing("DEVELOPED", person_id)
                  if any(b["id"] != person_id for _, b in self._incoming("DEVELOPED", p["id"]))]
        plan = erasure.plan(person_id, rows, shared)
        if dry_run or plan.empty:
            return plan
        with self.unit_of_work():
            for label, rid, what in plan.clear:
                node = dict(self._nodes[label][rid])
                node.update({f: None for f in erasure.FIELDS[(label, what)]})
                node.update(erasure.REPLACE.get((label, what), {}))
                self._nodes[label][rid] = node
                self._fts.pop(label, None)
            detach = set(plan.detach)
            gone = [e for e in self._out.get(("DEVELOPED", person_id), []) if e.to_id in detach]
            for e in gone:
                self._out[("DEVELOPED", person_id)].remove(e)
                self._in[("DEVELOPED", e.to_id)].remove(e)
                self._rel_counts["DEVELOPED"] -= 1
        return plan

    def retract(self, record_id: str) -> list[str]:
        """Make an observation or exchange a tombstone; the texts removed (for caches)."""
        from practicegraph.graph import erasure

        for label in erasure.RETRACTABLE.values():
            node = self._nodes[label].get(record_id)
            if node is not None:
                with self.unit_of_work():
                    texts = erasure.retraction_texts(label, node)
                    self._nodes[label][record_id] = {**node, **{f: None for f in erasure.FIELDS[(label, "text")]},
                                                     **erasure.TOMBSTONE}
                    self._fts.pop(label, None)
                    versions = self._nodes["Version"]
                    for vid in [v for v, row in versions.items() if row["record"] == record_id]:
                        versions[vid] = {**versions[vid], "body": None}  # earlier words go too
                return texts
        return []
