"""Graph-only bulk load: the demo corpus with its embeddings precomputed, written to a
fresh Kùzu store in one unit of work. Prints nodes/s and edges/s (relationships written,
word-search postings included) and the same figures without the postings.

    PYTHONPATH=. python bench/graph_load.py --size medium

Vectors are random unit vectors of the model's size, made before the clock starts: this
measures the store's write path (rows → Arrow → COPY), not the model.
"""

from __future__ import annotations

import argparse
import platform
import resource
import tempfile
import time
from pathlib import Path

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="medium", choices=["small", "medium", "large"])
    parser.add_argument("--dimension", type=int, default=384)
    args = parser.parse_args()

    from practicegraph.demo.generator import generate
    from practicegraph.graph.kuzu import KuzuStore
    from practicegraph.graph.rows import to_batch

    records = [(r, i + 1) for i, r in enumerate(generate(args.size, 7))]
    rng = np.random.default_rng(7)
    vectors = {}
    for rec, _ in records:
        if rec.embedding_text():
            v = rng.standard_normal(args.dimension).astype(np.float32)
            vectors[rec.id] = (v / np.linalg.norm(v), "bench/random")
    from practicegraph import model as m
    rank = {t: i for i, t in enumerate(m.RECORD_TYPES)}
    records.sort(key=lambda rl: rank[rl[0].type])  # parents first, as ingest writes them
    batch = to_batch(records, vectors)
    new = {e.id for e in batch.ledger}
    nodes = sum(len(rows) for rows in batch.nodes.values()) + sum(len(v) for v in batch.shared.values())
    edges = len(batch.edges)
    postings = sum(1 for e in batch.edges if e.type == "HAS_TERM")
    with tempfile.TemporaryDirectory() as tmp:
        store = KuzuStore(Path(tmp) / "bench.kuzu", dimension=args.dimension)
        store.install()
        started = time.perf_counter()
        with store.unit_of_work() as work:
            work.write(batch, new)
        seconds = time.perf_counter() - started
        counts = store.counts()
        store.close()
    written_edges = sum(v for k, v in counts.items() if k.startswith("rel:"))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {platform.machine()} python {platform.python_version()}; corpus {args.size}: "
          f"{len(records)} records, {nodes} nodes, {edges} edges ({postings} word postings), "
          f"{len(vectors)} vectors of {args.dimension}-d")
    print(f"one unit of work: {seconds:.2f} s — {nodes / seconds:,.0f} nodes/s, {written_edges / seconds:,.0f} edges/s "
          f"({(written_edges - postings) / seconds:,.0f} edges/s not counting postings); peak RSS {rss:.0f} MB")
    assert written_edges == edges, (written_edges, edges)


if __name__ == "__main__":
    main()
