"""A practice as a teacher sees it: what it is, who developed it, where it came from and
went, and what is similar."""

from __future__ import annotations

from typing import Any

from practicegraph.errors import NotFound
from practicegraph.graph.port import GraphStore
from practicegraph.graph.types import Viewer
from practicegraph.queries.lineage import edge_dict, practice_dict


def practice_detail(store: GraphStore, practice_id: str, viewer: Viewer) -> dict[str, Any]:
    detail = store.get_practice(practice_id, viewer)
    if detail is None:  # absent or not visible: the same answer, so existence does not leak
        raise NotFound(f"no practice '{practice_id}'")
    hops = store.lineage_edges([practice_id], "both", viewer)
    related = {h.id for h in detail.similar} | {e.child for e in hops} | {e.parent for e in hops}
    titles = {p.id: p.title for p in store.practices(sorted(related), viewer)}
    return {
        **practice_dict(detail.summary),
        "description": detail.description, "context": detail.context, "tags": list(detail.tags),
        "visibility": detail.summary.visibility, "embedding_model": detail.model_id,
        "adapted_from": [{**edge_dict(e), "title": titles.get(e.parent)} for e in hops if e.child == practice_id],
        "adapted_by": [{**edge_dict(e), "title": titles.get(e.child)} for e in hops if e.parent == practice_id],
        "similar": [{"id": h.id, "title": titles.get(h.id), "score": round(h.score, 3)}
                    for h in detail.similar if h.id in titles],
    }
