"""How well each practice or observation matches a question: the retrieval half of
expertise search, with every weight and threshold in one value so benchmarks can vary them.

Two signals: meaning (cosine of sentence vectors) and words (the store's BM25). `mode`
keeps one of them alone, for measuring what each adds (bench/quality.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal, Sequence

from practicegraph.graph.port import GraphStore
from practicegraph.graph.types import SearchFilters, TextKind, Viewer


@dataclass(frozen=True)
class Ranking:
    mode: Literal["hybrid", "meaning", "words"] = "hybrid"
    meaning_weight: float = 0.75
    words_weight: float = 0.25
    min_meaning: float = 0.30  # below this cosine a record is not about the question
    min_words: float = 0.35  # a words-only match must be this close to the best one to count alone
    candidates: int = 200
    # evidence aggregation (queries/expertise.py)
    evidence_weights: dict[str, float] = field(default_factory=lambda: {
        "developed": 1.0, "co-developed": 0.9, "adapted": 0.8,
        "model-lesson": 0.6, "observed": 0.5, "mentored": 0.4})
    half_life_years: float = 4.0
    undated: float = 0.6
    diminishing: float = 0.6
    corroboration: float = 0.15

    def relevance(self, match: "Match") -> float:
        if self.mode != "hybrid":
            return match.meaning if self.mode == "meaning" else match.words
        return self.meaning_weight * match.meaning + self.words_weight * match.words


@dataclass
class Match:
    meaning: float = 0.0
    words: float = 0.0
    relevance: float = 0.0  # the combined score, set by `retrieve`


def retrieve(store: GraphStore, kind: TextKind, question: str, vector: Sequence[float],
             filters: SearchFilters, viewer: Viewer, ranking: Ranking) -> dict[str, Match]:
    matches: dict[str, Match] = defaultdict(Match)
    if ranking.mode != "words":
        for hit in store.vector_top_k(kind, vector, ranking.candidates, filters, viewer):
            if hit.score >= ranking.min_meaning:
                matches[hit.id].meaning = hit.score
    if ranking.mode != "meaning":
        hits = store.fulltext(kind, question, ranking.candidates, filters, viewer)
        top = max((h.score for h in hits), default=0.0)
        for h in hits:  # BM25 scaled to the best hit; weak words-only matches are noise
            words = h.score / top if top > 0 else 0.0
            if h.id in matches or words >= ranking.min_words:
                matches[h.id].words = words
    for m in matches.values():
        m.relevance = ranking.relevance(m)
    return dict(matches)
