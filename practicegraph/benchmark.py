"""Ingest and query benchmark on the demo corpus. Prints figures; asserts nothing.

Every figure comes with a raw baseline measured in the same run: ingest against a bare
`model.encode` of the same texts, expertise search against one bare vector top-k query.
"""

from __future__ import annotations

import platform
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _timed(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def run(size: str = "small", n_queries: int = 30, seed: int = 7, echo: Callable[[str], None] = print) -> dict:
    from practicegraph.bootstrap import default_embedder, open_store
    from practicegraph.config import Settings
    from practicegraph.demo.generator import generate
    from practicegraph.demo.library import load_library
    from practicegraph.embeddings.sentence import CachedEmbedder
    from practicegraph.graph.types import SearchFilters, Viewer
    from practicegraph.ingest.pipeline import ingest
    from practicegraph.ingest.validate import Item
    from practicegraph.queries.expertise import find_experts
    from practicegraph.queries.lineage import lineage

    echo(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}, "
         f"{__import__('os').cpu_count()} cores; corpus: {size}, seed {seed}")
    records = generate(size, seed)
    items = [Item(r.model_dump(mode="json", exclude_none=True), i + 1) for i, r in enumerate(records)]
    texts = list(dict.fromkeys(t for r in records if (t := r.embedding_text())))
    echo(f"records: {len(records)}, distinct texts to embed: {len(texts)}")

    warm = default_embedder()
    warm.encode(["warm up the model once so neither side pays for loading it"])
    raw_encode = warm.raw_encode  # the bare model.encode, no cache, no graph
    t = time.perf_counter()
    raw_encode(texts)
    raw_s = time.perf_counter() - t

    fresh = CachedEmbedder(raw_encode, warm.model_id, warm.dimension)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Settings(Path(tmp) / "bench.kuzu"), warm.dimension)
        t = time.perf_counter()
        report = ingest(store, fresh, items)
        ingest_s = time.perf_counter() - t
        t = time.perf_counter()
        again = ingest(store, fresh, items)
        reingest_s = time.perf_counter() - t
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        edges = sum(v for k, v in store.counts().items() if k.startswith("rel:"))

        library = load_library()
        questions = [p.title for p in library][:n_queries]
        viewer, filters = Viewer.anonymous(), SearchFilters()
        vectors = {q: fresh.encode([q])[0].tolist() for q in questions}  # cached: not timed below
        raw_ms = [ms for q in questions for ms in _timed(
            lambda q=q: store.vector_top_k("Practice", vectors[q], 10, filters, viewer), 1)]
        expert_ms = [ms for q in questions for ms in _timed(
            lambda q=q: find_experts(store, fresh, q, viewer=viewer, limit=10), 1)]
        roots = [h.id for h in store.fulltext("Practice", "group work questioning reading", n_queries, filters, viewer)]
        lineage_ms = [ms for r in roots for ms in _timed(
            lambda r=r: lineage(store, r, direction="both", depth=10, viewer=viewer), 1)]
        store.close()

    figures = {
        "records": len(records), "texts": len(texts), "written": report.written,
        "edges": edges, "raw_encode_s": raw_s, "ingest_s": ingest_s,
        "ingest_over_raw_encode": ingest_s / raw_s if raw_s else float("nan"),
        "records_per_s": len(records) / ingest_s, "reingest_s": reingest_s,
        "reingest_unchanged": again.unchanged, "peak_rss_mb": rss_mb,
        "vector_top10_p50_ms": statistics.median(raw_ms), "vector_top10_p95_ms": _pct(raw_ms, 0.95),
        "experts_p50_ms": statistics.median(expert_ms), "experts_p95_ms": _pct(expert_ms, 0.95),
        "experts_over_vector_p50": statistics.median(expert_ms) / statistics.median(raw_ms),
        "lineage_depth10_p50_ms": statistics.median(lineage_ms) if lineage_ms else float("nan"),
        "lineage_depth10_p95_ms": _pct(lineage_ms, 0.95) if lineage_ms else float("nan"),
    }
    echo(f"ingest: {ingest_s:.1f} s for {len(records)} records ({figures['records_per_s']:.0f} rec/s, "
         f"{edges} edges); raw model.encode of the same texts: {raw_s:.1f} s; "
         f"ratio {figures['ingest_over_raw_encode']:.2f}x")
    echo(f"re-ingest (all unchanged): {reingest_s:.2f} s; peak RSS {rss_mb:.0f} MB")
    echo(f"vector top-10 (raw baseline): p50 {figures['vector_top10_p50_ms']:.1f} ms, "
         f"p95 {figures['vector_top10_p95_ms']:.1f} ms")
    echo(f"experts (embed cached + hybrid + evidence): p50 {figures['experts_p50_ms']:.1f} ms, "
         f"p95 {figures['experts_p95_ms']:.1f} ms, {figures['experts_over_vector_p50']:.1f}x the raw query")
    echo(f"lineage both ways, depth 10: p50 {figures['lineage_depth10_p50_ms']:.1f} ms, "
         f"p95 {figures['lineage_depth10_p95_ms']:.1f} ms over {len(lineage_ms)} roots")
    return figures
