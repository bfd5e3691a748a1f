"""SIMILAR_TO links: each new practice to its top-k nearest practices above a threshold.

The neighbours come from the store's own vector search, with the internal viewer: the
links are maintenance data, and every read of them applies the reader's visibility.
Called inside the load's unit of work, so the search sees the practices just written.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from practicegraph.graph.port import GraphStore
from practicegraph.graph.types import Hit, SearchFilters, Viewer


def similar_links(store: GraphStore, vectors: Mapping[str, Sequence[float]], *,
                  k: int = 5, threshold: float = 0.55) -> dict[str, list[Hit]]:
    """practice id -> its nearest other practices (score >= threshold), best first."""
    links: dict[str, list[Hit]] = {}
    for pid, vec in vectors.items():
        hits = store.vector_top_k("Practice", vec, k + 1, SearchFilters(), Viewer.internal())
        links[pid] = [h for h in hits if h.id != pid and h.score >= threshold][:k]
    return links
