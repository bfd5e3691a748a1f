"""The Kùzu store's research reads (graph/research_types.py); queries in research_cypher."""

from __future__ import annotations

from typing import Any

from practicegraph.graph.kuzu import research_cypher as rq
from practicegraph.graph.research_types import (
    ActivityRecord, MeetingRecord, MembershipRecord, Place, PracticeLink, PracticeRecord,
)
from practicegraph.graph.types import Viewer


def _ids(values: Any) -> tuple[str, ...]:
    return tuple(sorted(v for v in (values or ()) if v))


class KuzuResearchReads:
    """Mixed into KuzuStore; uses its _read (viewer parameters) and _rows. Another Cypher
    store sets `research_cypher` to its own translation of these constants."""

    research_cypher = rq

    def practice_links(self, viewer: Viewer) -> list[PracticeLink]:
        return [PracticeLink(*row) for row in self._read(self.research_cypher.PRACTICE_LINKS, viewer)]

    def practice_records(self, viewer: Viewer) -> list[PracticeRecord]:
        return [PracticeRecord(*r[:8], tuple(sorted(tuple(d) for d in (r[8] or ()) if d)))
                for r in self._read(self.research_cypher.PRACTICE_RECORDS, viewer)]

    def places(self) -> list[Place]:
        orgs = [Place("Organisation", *r) for r in self._rows(self.research_cypher.ORGANISATIONS)]
        clusters = [Place("Cluster", i, name, kind, region, venue)
                    for i, name, kind, region, venue in self._rows(self.research_cypher.CLUSTERS)]
        return orgs + clusters

    def cluster_meetings(self, cluster_id: str | None = None) -> list[MeetingRecord]:
        return [MeetingRecord(mid, cid, d, venue, _ids(att), tuple(tags or ()))
                for mid, cid, d, venue, att, tags in self._rows(self.research_cypher.CLUSTER_MEETINGS, cluster=cluster_id or "")]

    def membership_history(self) -> list[MembershipRecord]:
        rows = [MembershipRecord(*r) for r in self._rows(self.research_cypher.MEMBERSHIPS)]
        return sorted(rows, key=lambda r: (r.person, r.label, r.target, str(r.since)))

    def activities(self, viewer: Viewer) -> list[ActivityRecord]:
        out = []
        for oid, kind, d, observer, observed, practices in self._read(self.research_cypher.OBSERVATIONS, viewer):
            people = tuple((p, role) for p, role in ((observer, "observer"), (observed, "observed")) if p)
            out.append(ActivityRecord("Observation", oid, kind, d, d, people, _ids(practices)))
        for xid, kind, started, ended, ppl, disc, led in self._read(self.research_cypher.EXCHANGES, viewer):
            people = tuple(sorted(tuple(p) for p in (ppl or ()) if p))
            out.append(ActivityRecord("Exchange", xid, kind, started, ended, people, _ids(disc), _ids(led)))
        return out
