"""Reads both Cypher stores answer with the same code: practice summaries and detail,
people, lineage hops. The host supplies `_read` (viewer parameters), `_rows` and
`cypher`, its module of constants (the lineage and similar-practice queries are spelled
per engine; the rest come from graph/cypher_reads.py)."""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from practicegraph.graph.types import Direction, Hit, LineageEdge, PersonSummary, PracticeDetail, PracticeSummary, Viewer


def unique(ids: Sequence[str]) -> list[str]:
    """UNWIND matches a repeated id once per repeat; ask for each id once."""
    return list(dict.fromkeys(ids))


def summary(r: list[Any]) -> PracticeSummary:
    devs = tuple(tuple(d) for d in (r[9] or ()) if d)
    return PracticeSummary(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], devs)


class CypherPracticeReads:
    cypher: Any  # the host's module of Cypher constants

    def practices(self, ids: Sequence[str], viewer: Viewer) -> list[PracticeSummary]:
        return [summary(r) for r in self._read(self.cypher.PRACTICE_SUMMARIES, viewer, ids=unique(ids))]

    def get_practice(self, practice_id: str, viewer: Viewer) -> PracticeDetail | None:
        rows = self._read(self.cypher.PRACTICE_DETAIL, viewer, id=practice_id)
        if not rows:
            return None
        r = rows[0]
        similar = [Hit(i, float(s)) for i, s in self._read(self.cypher.SIMILAR_OF, viewer, id=practice_id, k=10)]
        return PracticeDetail(summary(r[:10]), r[10], r[11], tuple(r[12] or ()), r[13], tuple(similar))

    def people(self, ids: Sequence[str]) -> list[PersonSummary]:
        q, ids, today = self.cypher, unique(ids), date.today()
        orgs: dict[str, list] = {}
        clusters: dict[str, list] = {}
        for pid, *org in self._rows(q.PEOPLE_ORGS, ids=ids, today=today):
            orgs.setdefault(pid, []).append(tuple(org))
        for pid, *cluster in self._rows(q.PEOPLE_CLUSTERS, ids=ids, today=today):
            clusters.setdefault(pid, []).append(tuple(cluster))
        return [PersonSummary(pid, name, tuple(orgs.get(pid, ())), tuple(clusters.get(pid, ())))
                for pid, name in self._rows(q.PEOPLE, ids=ids)]

    def lineage_edges(self, practice_ids: Sequence[str], direction: Direction,
                      viewer: Viewer) -> list[LineageEdge]:
        q = self.cypher
        queries = ([q.LINEAGE_UP] if direction in ("ancestors", "both") else []) + \
                  ([q.LINEAGE_DOWN] if direction in ("descendants", "both") else [])
        edges: dict[tuple[str, str, str], LineageEdge] = {}
        for query in queries:
            for kind, child, parent, *props in self._read(query, viewer, ids=unique(practice_ids)):
                attrs = {k: v for k, v in zip(q.LINEAGE_PROPS, props) if v is not None}
                edges[(kind, child, parent)] = LineageEdge(kind, child, parent, attrs)
        return list(edges.values())
