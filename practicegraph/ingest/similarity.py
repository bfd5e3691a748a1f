"""SIMILAR_TO links: each new practice to its top-k nearest practices above a threshold.

The neighbours come from the store's own vector search, with the internal viewer: the
links are maintenance data, and every read of them applies the reader's visibility.
"""

from __future__ import annotations

from typing import Sequence

from practicegraph.graph.port import GraphStore
from practicegraph.graph.types import Hit, SearchFilters, Viewer


def link_similar(store: GraphStore, practice_ids: Sequence[str], model_id: str, *,
                 k: int = 5, threshold: float = 0.55) -> int:
    vectors = store.practice_vectors(practice_ids)
    links: dict[str, list[Hit]] = {}
    for pid, vec in vectors.items():
        hits = store.vector_top_k("Practice", vec, k + 1, SearchFilters(), Viewer.internal())
        links[pid] = [h for h in hits if h.id != pid and h.score >= threshold][:k]
    if links:
        store.replace_similar(links, model_id)
    return sum(len(v) for v in links.values())
