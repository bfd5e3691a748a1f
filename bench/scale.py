"""Expert search at scale on a synthetic graph (bench/scale_data.py); prints figures.

    python bench/scale_data.py --practices 100000 --db /work/scale_bench/100k/db.kz
    python bench/scale_index.py /work/scale_bench/100k/db.kz      # index build time
    PYTHONPATH=. python bench/scale.py /work/scale_bench/100k/db.kz --questions 40

Measured in one process, in this order: reopening the database and answering the first
question; then per question, against a raw vector query in the same run (one bare
QUERY_VECTOR_INDEX top-10 when the index exists, else one bare exact top-10): experts
p50 / p95 for an anonymous and a named viewer, with and without a subject filter;
store round trips per question (GraphStore calls); vector recall@10 of the store's
vector_top_k against the exact scan (asked for 10, and for the 200 a question asks,
keeping its first 10); peak RSS; the load average. Each case's queries are compiled by
one question before it is timed (the first question after opening is timed apart). Question vectors are generated like the
corpus (never encoded); question words are either absent from the corpus (--words rare)
in every record (--words common, full-text search's worst case), or two words of the
question's topic (--words topic, the default).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_data import DIM, SUBJECTS, questions as question_data  # noqa: E402

from practicegraph.graph.kuzu import vector as vq  # noqa: E402
from practicegraph.graph.kuzu.store import KuzuStore  # noqa: E402
from practicegraph.graph.types import SearchFilters, Viewer  # noqa: E402
from practicegraph.queries.expertise import find_experts  # noqa: E402
from practicegraph.queries.ranking import Ranking  # noqa: E402
from tests.fakes import CountingStore  # noqa: E402  (run with PYTHONPATH=. from the repository)

RAW_INDEX_TOP_10 = ("CALL QUERY_VECTOR_INDEX('Practice', 'practice_vec', $vec, 10, efs := 100)"
                    " RETURN node.id, distance ORDER BY distance")
RAW_EXACT_TOP_10 = ("MATCH (n:Practice) WITH n, array_cosine_similarity(n.embedding, CAST($vec AS FLOAT[384])) AS s"
                    " RETURN n.id, s ORDER BY s DESC LIMIT 10")
# words every synthetic record holds (full-text search's worst case), none holds, or two
# of the question's own topic (as a real question shares words with what it is about)
QUESTION_WORDS = {"common": ("synthetic practice", "observed focus", "short practice routine"),
                  "rare": ("questioning routines", "peer feedback circles", "microscale kits"),
                  "topic": ()}


class VectorsByText:
    """An Embedder that answers each benchmark question with its generated vector."""

    def __init__(self, vectors: dict[str, np.ndarray]):
        self.vectors, self.dimension, self.model_id = vectors, DIM, "synthetic"

    def encode(self, texts):
        return np.stack([self.vectors[t] for t in texts])


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(xs: list[float], p: float) -> float:
    return float(np.percentile(np.asarray(xs), p))


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def named_viewer(store: KuzuStore) -> Viewer:
    """Someone with non-public records to see: their school's and cluster's, their own."""
    rows = store._rows("MATCH (n:Practice) WHERE n.visibility = 'private' RETURN n.author, n.organisation, n.cluster LIMIT 1")
    person, org, cluster = rows[0]
    return Viewer(person, frozenset({cluster}), frozenset({org}))


def main(db: Path, n_questions: int, seed: int, words: str = "rare") -> dict:
    vectors, topical = question_data(seed, n_questions + 1)
    phrases = QUESTION_WORDS[words] or topical
    questions = [f"{phrases[i % len(phrases)]} q{i}" for i in range(n_questions + 1)]
    embedder = VectorsByText(dict(zip(questions, vectors)))
    out: dict = {"db": str(db), "question_words": words, "questions": n_questions}

    out["load_average_before"] = os.getloadavg()
    started = time.perf_counter()
    store = KuzuStore(db, DIM)
    out["open_s"] = time.perf_counter() - started
    out["first_question_s"] = timed(lambda: find_experts(store, embedder, questions[-1]))
    out["open_and_first_s"] = out["open_s"] + out["first_question_s"]
    out["indexed"] = sorted(store._indexed)
    raw = RAW_INDEX_TOP_10 if "Practice" in store._indexed else RAW_EXACT_TOP_10

    viewer = named_viewer(store)
    cases = {"anonymous": (Viewer.anonymous(), SearchFilters()),
             "named": (viewer, SearchFilters()),
             "named+subject": (viewer, SearchFilters(subject=SUBJECTS[1]))}
    raw_times = [timed(lambda v=v: store._rows(raw, vec=v.tolist())) for v in vectors[:n_questions]]
    out["raw_vector_query_ms"] = {"p50": 1000 * statistics.median(raw_times), "p95": 1000 * percentile(raw_times, 95)}
    counting = CountingStore(store)
    for name, (who, filters) in cases.items():
        find_experts(store, embedder, questions[-1], viewer=who, filters=filters)  # compiles this case's queries
        times = [timed(lambda q=q: find_experts(counting, embedder, q, viewer=who, filters=filters))
                 for q in questions[:n_questions]]
        p50, p95 = 1000 * statistics.median(times), 1000 * percentile(times, 95)
        out["experts_" + name] = {"p50_ms": p50, "p95_ms": p95,
                                  "p50_over_raw": p50 / out["raw_vector_query_ms"]["p50"]}
    out["store_calls_per_question"] = {k: v / (n_questions * len(cases)) for k, v in counting.calls.items()}

    out["recall_at_10"] = {}
    for name, (who, filters) in cases.items():
        for kind in vq.INDEXED_KINDS:
            for k in (10, Ranking().candidates):  # a bare top-10, and the top 10 of what a question asks
                recalls = []
                for v in vectors[:min(n_questions, 20)]:
                    got = {h.id for h in store.vector_top_k(kind, v.tolist(), k, filters, who)[:10]}
                    exact = {r[0] for r in store._read(store._vector_queries[kind], who, filters, vec=v.tolist(),
                                                       k=10)}
                    recalls.append(len(got & exact) / max(1, len(exact)))
                out["recall_at_10"][f"{kind}/{name}/k={k}"] = float(np.mean(recalls))
    out["load_average"] = os.getloadavg()
    out["peak_rss_mb"] = rss_mb()
    store.close()
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--words", choices=sorted(QUESTION_WORDS), default="topic")
    args = parser.parse_args()
    print(json.dumps(main(args.db, args.questions, args.seed, args.words), indent=1))
