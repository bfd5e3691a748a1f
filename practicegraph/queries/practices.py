"""A practice as a teacher sees it: what it is, who developed it, where it came from and
went, and what is similar."""

from __future__ import annotations

from dataclasses import dataclass, field

from practicegraph.errors import NotFound
from practicegraph.graph.port import GraphStore
from practicegraph.graph.schema import SIMILAR_MIN_SCORE
from practicegraph.graph.types import Hit, PracticeSummary, SearchFilters, Viewer
from practicegraph.queries.lineage import LineageLink


@dataclass(frozen=True)
class LinkedPractice:
    """A practice one lineage link away, with the link; title None if not visible."""

    link: LineageLink
    title: str | None


@dataclass(frozen=True)
class SimilarPractice:
    id: str
    title: str | None
    score: float


@dataclass(frozen=True)
class PracticeView:
    summary: PracticeSummary
    description: str
    context: str | None
    tags: tuple[str, ...]
    model_id: str | None  # the embedding model its vector came from
    adapted_from: tuple[LinkedPractice, ...]
    adapted_by: tuple[LinkedPractice, ...]
    similar: tuple[SimilarPractice, ...]
    place_names: dict[str, str] = field(default_factory=dict)  # its school's and cluster's names by id


SIMILAR_SHOWN = 10


def similar_practices(store: GraphStore, practice_id: str, viewer: Viewer) -> list[Hit]:
    """The practice's nearest neighbours among those this viewer may see, searched now:
    visibility is inside the vector query before its top-k, so a practice the viewer
    cannot see never takes a place (stored links, computed for everyone, would)."""
    vector = store.practice_vectors([practice_id]).get(practice_id)
    if vector is None:
        return []
    hits = store.vector_top_k("Practice", vector, SIMILAR_SHOWN + 1, SearchFilters(), viewer)
    return [h for h in hits if h.id != practice_id and h.score >= SIMILAR_MIN_SCORE][:SIMILAR_SHOWN]


def practice_detail(store: GraphStore, practice_id: str, viewer: Viewer) -> PracticeView:
    detail = store.get_practice(practice_id, viewer)
    if detail is None:  # absent or not visible: the same answer, so existence does not leak
        raise NotFound(f"no practice '{practice_id}'")
    hops = store.lineage_edges([practice_id], "both", viewer)
    similar = similar_practices(store, practice_id, viewer)
    related = {h.id for h in similar} | {e.child for e in hops} | {e.parent for e in hops}
    titles = {p.id: p.title for p in store.practices(sorted(related), viewer)}
    return PracticeView(
        detail.summary, detail.description, detail.context, tuple(detail.tags), detail.model_id,
        adapted_from=tuple(LinkedPractice(LineageLink.of(e), titles.get(e.parent))
                           for e in hops if e.child == practice_id),
        adapted_by=tuple(LinkedPractice(LineageLink.of(e), titles.get(e.child))
                         for e in hops if e.parent == practice_id),
        similar=tuple(SimilarPractice(h.id, titles.get(h.id), h.score) for h in similar if h.id in titles),
        place_names=store.place_names([detail.summary.organisation] if detail.summary.organisation else [],
                                      [detail.summary.cluster] if detail.summary.cluster else []),
    )
