"""SIMILAR_TO links: each new practice to its top-k nearest practices above a threshold.

Links join public practices only, found with the anonymous viewer: everyone may see both
ends of every stored link, so no reader's answer can be shaped by a practice they may not
see. (A practice page searches its neighbours per viewer at read time instead.) Called
inside the load's unit of work, so the search sees the practices just written.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from practicegraph.graph.port import GraphStore
from practicegraph.graph.schema import SIMILAR_MIN_SCORE
from practicegraph.graph.types import Hit, SearchFilters, Viewer


def similar_links(store: GraphStore, vectors: Mapping[str, Sequence[float]], *,
                  k: int = 5, threshold: float = SIMILAR_MIN_SCORE) -> dict[str, list[Hit]]:
    """public practice id -> its nearest other public practices (score >= threshold)."""
    links: dict[str, list[Hit]] = {}
    for pid, vec in vectors.items():
        hits = store.vector_top_k("Practice", vec, k + 1, SearchFilters(), Viewer.anonymous())
        links[pid] = [h for h in hits if h.id != pid and h.score >= threshold][:k]
    return links
