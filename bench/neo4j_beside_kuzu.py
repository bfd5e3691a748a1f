"""Ingest and query on Neo4j beside Kùzu, in the same run, on the same demo corpus.

    python bench/neo4j_beside_kuzu.py --size small --queries 30   # NEO4J_URI, or starts the test server

Every text is embedded once, before either store is timed, and each store is timed after
one untimed warm-up pass, so the figures are the stores' own cost (writes, similarity
linking, reads), warm, not the model's. Neo4j is NEO4J_URI (its database is wiped!) or,
without it, the test server from tests/neo4j_server with the JVM's default compilers (the
tests run it on C1 only), started here and stopped at the end. Prints figures; asserts
nothing. Results in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _ms(fn) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


@contextmanager
def neo4j_uri():
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    from tests.neo4j_fixture import BENCH_JVM_OPTIONS, start, stop

    with tempfile.TemporaryDirectory() as home:
        t = time.perf_counter()
        proc, uri = start(Path(home), BENCH_JVM_OPTIONS)
        print(f"started the test Neo4j server in {time.perf_counter() - t:.1f} s")
        try:
            yield uri
        finally:
            stop(proc)


def measure(name: str, store, embedder, items, questions, echo=print) -> dict:
    from practicegraph.graph.types import SearchFilters, Viewer
    from practicegraph.ingest.pipeline import ingest
    from practicegraph.queries.expertise import find_experts
    from practicegraph.queries.lineage import lineage

    viewer, filters = Viewer.anonymous(), SearchFilters()
    t = time.perf_counter()
    ingest(store, embedder, items)
    ingest_s = time.perf_counter() - t
    t = time.perf_counter()
    ingest(store, embedder, items)
    reingest_s = time.perf_counter() - t
    vectors = {q: embedder.encode([q])[0].tolist() for q in questions}
    for q in questions[:3]:  # warm: Neo4j plans each query once, Kùzu compiles per connection
        find_experts(store, embedder, q, viewer=viewer, limit=10)
    vector_ms = [_ms(lambda q=q: store.vector_top_k("Practice", vectors[q], 10, filters, viewer)) for q in questions]
    text_ms = [_ms(lambda q=q: store.fulltext("Practice", q, 50, filters, viewer)) for q in questions]
    expert_ms = [_ms(lambda q=q: find_experts(store, embedder, q, viewer=viewer, limit=10)) for q in questions]
    roots = [h.id for h in store.fulltext("Practice", "group work questioning reading", len(questions), filters, viewer)]
    lineage_ms = [_ms(lambda r=r: lineage(store, r, direction="both", depth=10, viewer=viewer)) for r in roots]
    figures = {"ingest_s": ingest_s, "reingest_s": reingest_s,
               "vector_p50_ms": statistics.median(vector_ms), "fulltext_p50_ms": statistics.median(text_ms),
               "experts_p50_ms": statistics.median(expert_ms),
               "lineage_p50_ms": statistics.median(lineage_ms) if lineage_ms else float("nan")}
    echo(f"{name:6} ingest {ingest_s:6.1f} s, re-ingest {reingest_s:5.2f} s | p50: vector top-10 "
         f"{figures['vector_p50_ms']:6.1f} ms, full-text {figures['fulltext_p50_ms']:6.1f} ms, experts "
         f"{figures['experts_p50_ms']:6.1f} ms, lineage depth 10 {figures['lineage_p50_ms']:6.1f} ms")
    return figures


def measure_warm(name: str, open_warm, open_timed, embedder, items, questions) -> dict:
    """One untimed pass first (a throwaway store), so both stores are timed warm: Neo4j's
    JVM has compiled and its planner cached every query, Kùzu's extensions are loaded."""
    warm = open_warm()
    measure(name + " (warm-up, not counted)", warm, embedder, items, questions[:5], echo=lambda line: None)
    warm.close()
    store = open_timed()
    try:
        return measure(name, store, embedder, items, questions)
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=["small", "medium", "large"], default="small")
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from practicegraph.bootstrap import default_embedder
    from practicegraph.demo.generator import generate
    from practicegraph.demo.library import load_library
    from practicegraph.graph.kuzu import KuzuStore
    from practicegraph.graph.neo4j import Neo4jStore
    from practicegraph.ingest.validate import Item

    records = generate(args.size, args.seed)
    items = [Item(r.model_dump(mode="json", exclude_none=True), i + 1) for i, r in enumerate(records)]
    embedder = default_embedder()
    texts = list(dict.fromkeys(t for r in records if (t := r.embedding_text())))
    questions = [p.title for p in load_library()][:args.queries]
    t = time.perf_counter()
    embedder.encode(texts + questions)  # cached from here on: neither store pays for the model
    print(f"corpus {args.size} (seed {args.seed}): {len(records)} records, {len(texts)} texts embedded "
          f"once in {time.perf_counter() - t:.1f} s; {len(questions)} questions")
    with tempfile.TemporaryDirectory() as tmp:
        def kuzu(name: str):
            store = KuzuStore(Path(tmp) / name, dimension=embedder.dimension)
            store.install()
            return store

        k = measure_warm("kuzu", lambda: kuzu("warm.kuzu"), lambda: kuzu("bench.kuzu"), embedder, items, questions)
    with neo4j_uri() as uri:
        from tests.neo4j_fixture import Neo4jServer

        def neo():
            Neo4jServer(uri).wipe()
            store = Neo4jStore(uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"),
                               os.environ.get("NEO4J_DATABASE"), dimension=embedder.dimension)
            store.install()
            return store

        n = measure_warm("neo4j", neo, neo, embedder, items, questions)
    print("neo4j / kuzu: " + ", ".join(f"{key} {n[key] / k[key]:.2f}x" for key in k if k[key]))


if __name__ == "__main__":
    main()
