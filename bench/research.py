"""Research analytics benchmark: time and peak memory of each step (see BENCHMARKS.md).

    python bench/research.py --people 100000 --demo large --store kuzu

1. A synthetic survey network: --people respondents in groups of 100 (schools), three
   relations (advice, discussion, friend), up to three nominations each within the group,
   adoption over 20 periods by a contagion-like draw; written as CSV, then imported
   (read + check + save) and measured (every diffusion measure, panel and GraphML export).
2. The demo corpus of --demo size, loaded (hashing embedder: no model, the measures do not
   use vectors) into --store, then cascades, cluster health and the official/voluntary
   comparison, PROV and GraphML exports, and a practice report.

Memory: the process's maximum resident set size after each step (a high-water mark, so
it only rises), or with --trace tracemalloc's peak within each step (slower).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from practicegraph.graph.types import Viewer  # noqa: E402
from practicegraph.research import diffusion, exports  # noqa: E402
from practicegraph.research.datasets import DatasetStore  # noqa: E402
from practicegraph.research.mapping import parse_mapping  # noqa: E402
from practicegraph.research.pseudonyms import Pseudonymiser  # noqa: E402
from practicegraph.research.survey import read_survey  # noqa: E402

RELATIONS = ("advice", "discussion", "friend")
MAPPING = {"dataset": {"innovation": "synthetic", "time_unit": "period", "group_kind": "school"},
           "nodes": {"id": "id", "group": "school", "time": "toa", "never": 21, "first_period": 1,
                     "last_period": 20, "attributes": ["age"]},
           "nominations": {"from": "from", "to": "to", "relation": "relation", "rank": "rank",
                           "relations": list(RELATIONS)}}


TRACE = {"on": False}


def step(name: str, fn, *args, **kwargs):
    """Time a step; memory is the process's high-water mark after it (ru_maxrss), or with
    --trace tracemalloc's peak for the step (which slows Python code several times)."""
    if TRACE["on"]:
        tracemalloc.start()
    started = time.perf_counter()
    out = fn(*args, **kwargs)
    seconds = time.perf_counter() - started
    if TRACE["on"]:
        memory = f"{tracemalloc.get_traced_memory()[1] / 2**20:,.0f} MiB traced peak"
        tracemalloc.stop()
    else:
        memory = f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB max RSS"
    print(f"| {name} | {seconds:,.2f} s | {memory} |", flush=True)
    return out


def synthetic_survey(n: int, folder: Path, seed: int = 1) -> tuple[Path, Path]:
    rng = np.random.default_rng(seed)
    group = np.arange(n) // 100
    base = np.clip(rng.normal(11, 4, size=n) - 3 * rng.random(n // 100 + 1)[group], 1, 30).round()
    toa = np.where(base > 20, 21, base).astype(int)  # 21 = never
    pd.DataFrame({"id": [f"s{i}" for i in range(n)], "school": group, "toa": toa,
                  "age": rng.integers(22, 65, size=n)}).to_csv(folder / "nodes.csv", index=False)
    rows = []
    for r in RELATIONS:
        k = rng.integers(0, 4, size=n)
        for rank in (1, 2, 3):
            who = np.flatnonzero(k >= rank)
            to = group[who] * 100 + rng.integers(0, 100, size=len(who))
            to = np.minimum(to, n - 1)
            keep = to != who
            rows.append(pd.DataFrame({"from": [f"s{i}" for i in who[keep]], "to": [f"s{j}" for j in to[keep]],
                                      "relation": r, "rank": rank}))
    pd.concat(rows).to_csv(folder / "nominations.csv", index=False)
    return folder / "nodes.csv", folder / "nominations.csv"


def survey_part(n: int, work: Path, pseudo) -> None:
    nodes, noms = step(f"write synthetic CSVs ({n:,} people)", synthetic_survey, n, work)
    lines = sum(1 for _ in open(noms)) - 1
    print(f"|  ({lines:,} nominations) | | |")
    mapping = parse_mapping(MAPPING)
    net = step("import: read + check", read_survey, nodes, noms, mapping, "synthetic")
    step("import: save (parquet + manifest)", DatasetStore(work / "research").save, net,
         {"nodes": str(nodes), "nominations": str(noms)}, MAPPING)
    net = step("load from the dataset store", DatasetStore(work / "research").load, "synthetic")
    step("all diffusion measures (summary)", diffusion.summary, net)
    step("export panel (person x period, streamed)", exports.export_survey, net, "panel", work / "panel.csv",
         pseudonymiser=pseudo)
    step("export GraphML", exports.export_survey, net, "graphml", work / "net.graphml", pseudonymiser=pseudo)


def demo_part(size: str, store_kind: str, work: Path, pseudo) -> None:
    from practicegraph.demo.generator import generate
    from practicegraph.ingest.pipeline import ingest
    from practicegraph.ingest.validate import Item
    from practicegraph.research import cascades, health, reports
    from tests.fakes import HashingEmbedder

    if store_kind == "kuzu":
        from practicegraph.graph.kuzu import KuzuStore

        store = KuzuStore(work / "demo.kuzu", dimension=HashingEmbedder.dimension)
    else:
        from practicegraph.graph.memory import InMemoryStore

        store = InMemoryStore(dimension=HashingEmbedder.dimension)
    store.install()
    records = generate(size, 7)
    items = [Item(r.model_dump(mode="json", exclude_none=True), i + 1) for i, r in enumerate(records)]
    step(f"load demo {size} ({len(items):,} records) into {store_kind}", ingest, store, HashingEmbedder(), items)
    everyone = Viewer.internal()
    for viewer, who in ((Viewer.anonymous(), "anonymous"), (everyone, "internal")):
        over = step(f"cascades overview ({who})", cascades.overview, store, viewer)
        print(f"|  {over['practices']:,} practices, {over['adaptations']:,} adaptations, {over['cascades']:,} "
              f"cascades, largest {over['largest']} | | |")
    comp = step("cluster health + comparison + persistence", health.comparison, store, everyone)
    print(f"|  {sum(k['clusters'] for k in comp['by_kind'].values()):,} clusters | | |")
    step("export PROV-JSON", exports.export_graph, store, everyone, "prov-json", work / "g.json", pseudo)
    step("export GraphML", exports.export_graph, store, everyone, "graphml", work / "g.graphml", pseudo)
    root = over["by_cascade"][0]["root"]
    step("practice report (largest cascade)", reports.practice_report, store, root, everyone, work / "report")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--demo", choices=["small", "medium", "large", "none"], default="large")
    parser.add_argument("--store", choices=["memory", "kuzu"], default="kuzu")
    parser.add_argument("--trace", action="store_true", help="tracemalloc peak per step (slows Python code)")
    args = parser.parse_args()
    TRACE["on"] = args.trace
    pseudo = Pseudonymiser(os.environ.get("PRACTICEGRAPH_PSEUDONYM_SECRET", "benchmark secret, not for real data"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print("| step | time | memory |\n|---|---|---|")
        if args.people:
            survey_part(args.people, work, pseudo)
        if args.demo != "none":
            demo_part(args.demo, args.store, work, pseudo)
    print(f"\nprocess max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
