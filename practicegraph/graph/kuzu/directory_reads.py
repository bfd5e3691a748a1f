"""Kùzu's directory reads (graph/directory_types.py): facets and a person's profile.
Mixed into KuzuStore; uses its _read / _rows."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from practicegraph.graph.directory_types import (
    FacetCounts, PersonActivity, PersonProfile, ProfileAdaptation, ProfilePractice, profile,
)
from practicegraph.graph.kuzu import cypher as q
from practicegraph.graph.types import Viewer


class KuzuDirectoryReads:
    def facet_counts(self, viewer: Viewer) -> FacetCounts:
        practices = self._read(q.FACET_PRACTICES, viewer)
        orgs = self._rows(q.FACET_ORGANISATIONS, today=date.today())
        clusters = self._rows(q.FACET_CLUSTERS, today=date.today())
        return FacetCounts(
            tuple(sorted(((s, p, int(n)) for s, p, n in practices), key=lambda r: (r[0] or "", r[1] or ""))),
            tuple(sorted(((i, nm, rg, int(n)) for i, nm, rg, n in orgs), key=lambda r: (r[1], r[0]))),
            tuple(sorted(((i, nm, int(n)) for i, nm, n in clusters), key=lambda r: (r[1], r[0]))))

    def place_names(self, organisation_ids: Sequence[str], cluster_ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for label, ids in (("Organisation", organisation_ids), ("Cluster", cluster_ids)):
            if ids:
                out.update({i: n for i, n in self._rows(q.PLACE_NAMES[label], ids=list(dict.fromkeys(ids)))})
        return out

    def person_profile(self, person_id: str, viewer: Viewer) -> PersonProfile:
        practices = [ProfilePractice(*r) for r in self._read(q.PERSON_PRACTICES, viewer, id=person_id)]
        adaptations = [ProfileAdaptation(*r) for r in self._read(q.PERSON_ADAPTATIONS, viewer, id=person_id)]
        kinds = {k: int(n) for k, n in self._read(q.PERSON_OBSERVATIONS, viewer, id=person_id)}
        exchanges: dict[str, bool] = {}
        for eid, mentoring in self._read(q.PERSON_EXCHANGES, viewer, id=person_id):
            exchanges[eid] = exchanges.get(eid, False) or bool(mentoring)
        activity = PersonActivity(sum(n for k, n in kinds.items() if k != "model-lesson"),
                                  kinds.get("model-lesson", 0), len(exchanges), sum(exchanges.values()))
        return profile(practices, adaptations, activity)

