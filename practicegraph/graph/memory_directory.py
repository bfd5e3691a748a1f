"""The in-memory store's directory reads, mirroring graph/kuzu/directory_reads.py (the
same Cypher semantics: graph.rule's visibility, developmental and mentoring predicates)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any, Sequence

from practicegraph.graph.directory_types import (
    FacetCounts, PersonActivity, PersonProfile, ProfileAdaptation, ProfilePractice, profile,
)
from practicegraph.graph.rule import ADAPTED, CURRENT_MEMBERSHIP, DEVELOPMENTAL, MENTORING, VISIBILITY, viewer_params
from practicegraph.graph.types import Viewer


class MemoryDirectoryReads:
    """Mixed into InMemoryStore; uses its _nodes, _holds, _incoming/_outgoing."""

    _nodes: dict[str, dict[str, dict[str, Any]]]

    def facet_counts(self, viewer: Viewer) -> FacetCounts:
        params = viewer_params(viewer)
        practices = Counter((n["subject"], n["phase"]) for n in self._nodes["Practice"].values()
                            if self._holds(VISIBILITY, n, params))
        members: dict[str, set[str]] = defaultdict(set)
        today = {"today": date.today()}
        for per in self._nodes["Person"].values():
            for e, _ in self._outgoing("MEMBER_OF", per["id"]):
                if self._holds(CURRENT_MEMBERSHIP, per, today, e.props):
                    members[e.to_id].add(per["id"])
        orgs = [(o["id"], o["name"], o["region"], len(members[o["id"]])) for o in self._nodes["Organisation"].values()]
        clusters = [(c["id"], c["name"], len(members[c["id"]])) for c in self._nodes["Cluster"].values()]
        return FacetCounts(
            tuple(sorted(((s, p, n) for (s, p), n in practices.items()), key=lambda r: (r[0] or "", r[1] or ""))),
            tuple(sorted(orgs, key=lambda r: (r[1], r[0]))), tuple(sorted(clusters, key=lambda r: (r[1], r[0]))))

    def place_names(self, organisation_ids: Sequence[str], cluster_ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for label, ids in (("Organisation", organisation_ids), ("Cluster", cluster_ids)):
            out.update({i: self._nodes[label][i]["name"] for i in ids if i in self._nodes[label]})
        return out

    def person_profile(self, person_id: str, viewer: Viewer) -> PersonProfile:
        params = viewer_params(viewer)

        def seen(n: dict[str, Any]) -> bool:
            return self._holds(VISIBILITY, n, params)

        practices, adaptations = [], []
        for d, p in self._outgoing("DEVELOPED", person_id):
            if not seen(p):
                continue
            kind = ("adapted" if self._holds(ADAPTED, p, params)
                    else "co-developed" if d.props.get("role") == "co-developer" else "developed")
            when = d.props.get("date") if d.props.get("date") is not None else p["date"]
            practices.append(ProfilePractice(p["id"], p["title"], p["subject"], p["phase"], kind, when))
            adaptations += [ProfileAdaptation(p["id"], s["id"], s["title"], r.props.get("mode"),
                                              r.props.get("what_changed"))
                            for r, s in self._outgoing("ADAPTED_FROM", p["id"]) if seen(s)]
        kinds = Counter(o["kind"] for _, o in self._incoming("OBSERVED", person_id)
                        if self._holds(DEVELOPMENTAL, o, params) and seen(o))
        exchanges: dict[str, bool] = {}
        for r, e in self._incoming("PARTICIPANT", person_id):
            if seen(e):
                exchanges[e["id"]] = exchanges.get(e["id"], False) or self._holds(MENTORING, {}, params, r.props)
        activity = PersonActivity(sum(n for k, n in kinds.items() if k != "model-lesson"),
                                  kinds.get("model-lesson", 0), len(exchanges), sum(exchanges.values()))
        return profile(practices, adaptations, activity)
