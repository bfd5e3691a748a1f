"""Expert search at scale on a synthetic graph (bench/scale_data.py); prints figures.

    python bench/scale_data.py --practices 100000 --db /work/scale_bench/100k/db.kz
    python bench/scale_index.py /work/scale_bench/100k/db.kz      # index build time
    PYTHONPATH=. python bench/scale.py /work/scale_bench/100k/db.kz --questions 40
    PYTHONPATH=. python bench/scale.py --store neo4j --home /work/scale_bench/neo4j100k --practices 100000

With --store neo4j the graph is the same (bench/scale_neo4j.py writes it, once, into an
empty database: NEO4J_URI, or the test server on --home, restarted after the load so the
open is cold), the raw query is one bare db.index.vector.queryNodes top-10, and the exact
scan for recall is the viewer-checked cosine scan; the server's RSS is read from /proc.

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
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_data import DIM, SUBJECTS, questions as question_data  # noqa: E402

from practicegraph.graph.cypher_reads import KIND_FILTERS, visible  # noqa: E402
from practicegraph.graph.kuzu import vector as vq  # noqa: E402
from practicegraph.graph.kuzu.store import KuzuStore  # noqa: E402
from practicegraph.graph.types import SearchFilters, Viewer  # noqa: E402
from practicegraph.queries.expertise import find_experts  # noqa: E402
from practicegraph.queries.ranking import Ranking  # noqa: E402
from tests.fakes import CountingStore  # noqa: E402  (run with PYTHONPATH=. from the repository)

RAW_INDEX_TOP_10 = ("CALL QUERY_VECTOR_INDEX('Practice', 'practice_vec', $vec, 10, efs := 100)"
                    " RETURN node.id, distance ORDER BY distance")
NEO4J_RAW_INDEX_TOP_10 = ("CALL db.index.vector.queryNodes('practice_vec', 10, $vec) YIELD node, score"
                          " RETURN node.id, score")
# Neo4j's exact top-k, viewer rule and filters inside, as Neo4jStore's vector read was
# before it used the index: what the store's answer's recall is measured against.
NEO4J_EXACT_TOP_K = {
    kind: ("MATCH (n:" + kind + ") WHERE n.embedding IS NOT NULL AND " + visible("n") + " AND " + flt +
           " WITH n, 2.0 * vector.similarity.cosine(n.embedding, $vec) - 1.0 AS score"
           " RETURN n.id, score ORDER BY score DESC, n.id LIMIT $k")
    for kind, flt in KIND_FILTERS.items()
}
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


def commit() -> str:
    """The commit measured (with a + when the work tree differs from it)."""
    here = Path(__file__).resolve().parent
    sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=here, capture_output=True, text=True).stdout
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=here,
                           capture_output=True, text=True).stdout
    return sha.strip() + ("+" if dirty.strip() else "")


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


class KuzuBench:
    """What scale.py needs to know of the Kùzu store: open, raw query, exact scan."""

    def __init__(self, db: Path, buffer_pool_mb: int = 1024):
        self.db, self.buffer_pool_mb = db, buffer_pool_mb

    def open(self):
        self.store = KuzuStore(self.db, DIM, buffer_pool_mb=self.buffer_pool_mb)
        return self.store

    def describe(self) -> dict:
        return {"indexed": sorted(self.store._indexed), "buffer_pool_mb": self.buffer_pool_mb}

    def raw(self) -> str:
        return RAW_INDEX_TOP_10 if "Practice" in self.store._indexed else RAW_EXACT_TOP_10

    def exact(self, kind: str) -> str:
        return self.store._vector_queries[kind]


class Neo4jBench:
    def __init__(self, uri: str, pid: int | None):
        self.uri, self.pid = uri, pid

    def open(self):
        from scale_neo4j import open_store

        self.store = open_store(self.uri)
        return self.store

    def describe(self) -> dict:
        from scale_neo4j import VECTOR_INDEX_STATES

        return {"vector_indexes": self.store._rows(VECTOR_INDEX_STATES),
                "index_min_rows": getattr(self.store, "index_min_rows", None)}

    def raw(self) -> str:
        return NEO4J_RAW_INDEX_TOP_10

    def exact(self, kind: str) -> str:
        return NEO4J_EXACT_TOP_K[kind]


def main(db: Path, n_questions: int, seed: int, words: str = "rare") -> dict:
    return measure(KuzuBench(db), n_questions, seed, words, {"db": str(db)})


def measure(bench, n_questions: int, seed: int, words: str, out: dict, warmup: int = 1) -> dict:
    vectors, topical = question_data(seed, n_questions + 1)
    phrases = QUESTION_WORDS[words] or topical
    questions = [f"{phrases[i % len(phrases)]} q{i}" for i in range(n_questions + 1)]
    embedder = VectorsByText(dict(zip(questions, vectors)))
    out.update({"question_words": words, "questions": n_questions, "warmup": warmup, "commit": commit()})

    out["load_average_before"] = os.getloadavg()
    started = time.perf_counter()
    store = bench.open()
    out["open_s"] = time.perf_counter() - started
    out["first_question_s"] = timed(lambda: find_experts(store, embedder, questions[-1]))
    out["open_and_first_s"] = out["open_s"] + out["first_question_s"]
    out.update(bench.describe())
    raw = bench.raw()

    viewer = named_viewer(store)
    out["named_viewer"] = [viewer.person_id, sorted(viewer.clusters), sorted(viewer.organisations)]
    cases = {"anonymous": (Viewer.anonymous(), SearchFilters()),
             "named": (viewer, SearchFilters()),
             "named+subject": (viewer, SearchFilters(subject=SUBJECTS[1]))}
    raw_times = [timed(lambda v=v: store._rows(raw, vec=v.tolist())) for v in vectors[:n_questions]]
    out["raw_vector_query_ms"] = {"p50": 1000 * statistics.median(raw_times), "p95": 1000 * percentile(raw_times, 95)}
    counting = CountingStore(store)
    for name, (who, filters) in cases.items():
        for _ in range(warmup):  # compiles this case's queries (and, on a JVM, warms them)
            find_experts(store, embedder, questions[-1], viewer=who, filters=filters)
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
                    exact = {r[0] for r in store._read(bench.exact(kind), who, filters, vec=v.tolist(),
                                                       k=10)}
                    recalls.append(len(got & exact) / max(1, len(exact)))
                out["recall_at_10"][f"{kind}/{name}/k={k}"] = float(np.mean(recalls))
    out["load_average"] = os.getloadavg()
    out["peak_rss_mb"] = rss_mb()
    store.close()
    return out




def store_arguments(doc: str, questions: int) -> argparse.ArgumentParser:
    """The arguments scale.py and scale_profile.py share: which store, how many questions."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path, nargs="?", help="the Kùzu database (--store kuzu)")
    parser.add_argument("--store", choices=("kuzu", "neo4j"), default="kuzu")
    parser.add_argument("--home", type=Path, help="--store neo4j: the test server's directory (without NEO4J_URI)")
    parser.add_argument("--questions", type=int, default=questions)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--buffer-pool-mb", type=int, default=1024,
                        help="--store kuzu: its page cache (PRACTICEGRAPH_KUZU_BUFFER_MB; 1M practices want ~2.5 GB)")
    return parser


if __name__ == "__main__":
    parser = store_arguments(__doc__, 40)
    parser.add_argument("--practices", type=int, default=100_000, help="--store neo4j: loaded when the database is empty")
    parser.add_argument("--words", choices=sorted(QUESTION_WORDS), default="topic")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs of a question per case before timing")
    args = parser.parse_args()
    if args.store == "kuzu":
        print(json.dumps(measure(KuzuBench(args.db, args.buffer_pool_mb), args.questions, args.seed, args.words, {"db": str(args.db)},
                                 args.warmup), indent=1))
    else:
        from scale_neo4j import run

        print(json.dumps(run(args.home, args.practices, args.seed,
                             lambda uri, pid, out: measure(Neo4jBench(uri, pid), args.questions, args.seed,
                                                           args.words, out, args.warmup)), indent=1, default=str))
