"""The in-memory store's research reads (graph/research_types.py), mirroring
graph/kuzu/research_cypher.py: the same viewer predicate, the same ordering."""

from __future__ import annotations

from typing import Any

from practicegraph.graph.research_types import (
    ActivityRecord, MeetingRecord, MembershipRecord, Place, PracticeLink, PracticeRecord,
)
from practicegraph.graph.types import Viewer

LINK_KINDS = ("ADAPTED_FROM", "VERSION_OF", "REVISED_AFTER")


class ResearchReadsMixin:
    """Mixed into InMemoryStore; uses its _nodes, _out and _outgoing/_incoming helpers."""

    _nodes: dict[str, dict[str, dict[str, Any]]]

    def _visible(self, node: dict[str, Any], viewer: Viewer) -> bool:
        from practicegraph.graph.memory import visible

        return visible(node, viewer)

    def practice_links(self, viewer: Viewer) -> list[PracticeLink]:
        practices, out = self._nodes["Practice"], []
        for (kind, _), edges in sorted(self._out.items()):
            if kind not in LINK_KINDS:
                continue
            for e in edges:
                if self._visible(practices[e.from_id], viewer) and self._visible(practices[e.to_id], viewer):
                    p = e.props
                    out.append(PracticeLink(kind, e.from_id, e.to_id, p.get("mode"), p.get("how_learned"),
                                            p.get("round"), p.get("date")))
        return sorted(out, key=lambda link: (link.kind, link.child, link.parent))

    def practice_records(self, viewer: Viewer) -> list[PracticeRecord]:
        out = []
        for pid in sorted(self._nodes["Practice"]):
            n = self._nodes["Practice"][pid]
            if self._visible(n, viewer):
                devs = tuple(sorted((per["id"], d.props.get("role") or "") for d, per in self._incoming("DEVELOPED", pid)))
                out.append(PracticeRecord(pid, n["title"], n["subject"], n["phase"], n["version"], n["date"],
                                          n["organisation"], n["cluster"], devs))
        return out

    def places(self) -> list[Place]:
        orgs = [Place("Organisation", o["id"], o["name"], o["kind"], o["region"])
                for o in self._nodes["Organisation"].values()]
        clusters = [Place("Cluster", c["id"], c["name"], c["kind"], c["region"], c["venue"])
                    for c in self._nodes["Cluster"].values()]
        return sorted(orgs + clusters, key=lambda p: (p.label, p.id))

    def cluster_meetings(self, cluster_id: str | None = None) -> list[MeetingRecord]:
        out = []
        for mid, m in self._nodes["Meeting"].items():
            clusters = [c["id"] for _, c in self._outgoing("OF_CLUSTER", mid)]
            if not clusters or (cluster_id and clusters[0] != cluster_id):
                continue
            venue = next((o["id"] for _, o in self._outgoing("HELD_AT", mid)), None)
            attendees = tuple(sorted({per["id"] for _, per in self._incoming("ATTENDED", mid)}))
            out.append(MeetingRecord(mid, clusters[0], m["date"], venue, attendees, tuple(m["agenda_tags"] or ())))
        return sorted(out, key=lambda r: (r.cluster, r.date, r.id))

    def membership_history(self) -> list[MembershipRecord]:
        out = [MembershipRecord(e.from_id, e.to_label, e.to_id, e.props.get("role"), e.props.get("since"),
                                e.props.get("until"))
               for (kind, _), edges in self._out.items() if kind == "MEMBER_OF" for e in edges]
        return sorted(out, key=lambda r: (r.person, r.label, r.target, str(r.since)))

    def activities(self, viewer: Viewer) -> list[ActivityRecord]:
        out = []
        practices_ok = lambda ps: tuple(sorted(p["id"] for _, p in ps if self._visible(p, viewer)))  # noqa: E731
        for oid, o in sorted(self._nodes["Observation"].items()):
            if o["purpose"] != "developmental" or not self._visible(o, viewer):
                continue
            people = tuple((per["id"], role) for role in ("OBSERVER", "OBSERVED")
                           for _, per in self._outgoing(role, oid))
            out.append(ActivityRecord("Observation", oid, o["kind"], o["date"], o["date"],
                                      tuple((pid, role.lower()) for pid, role in people),
                                      practices_ok(self._outgoing("OF_PRACTICE", oid))))
        for xid, x in sorted(self._nodes["Exchange"].items()):
            if not self._visible(x, viewer):
                continue
            people = tuple(sorted((per["id"], r.props.get("role") or "") for r, per in self._outgoing("PARTICIPANT", xid)))
            out.append(ActivityRecord("Exchange", xid, x["kind"], x["started"], x["ended"], people,
                                      practices_ok(self._outgoing("DISCUSSED", xid)),
                                      practices_ok(self._outgoing("LED_TO", xid))))
        return out
