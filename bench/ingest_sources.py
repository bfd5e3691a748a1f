"""CSV and xAPI ingest throughput against JSONL, same records, same run. Prints figures.

    PYTHONPATH=. python bench/ingest_sources.py --rows 100000 [--store kuzu|memory]

The same generated peer-visit observations (and the people they name) are written as a
JSONL file, two CSV sheets (people, observations) and an xAPI statements file (JSONL,
one `observed` statement per observation, agents by account). For each format:

- read:     file -> raw items (CSV cells parsed; xAPI statements checked for conformance
            and mapped to records)
- validate: the pipeline as a dry run on an empty store (pydantic, references, hashes)
- ingest:   the whole pipeline into a fresh store with a hashing embedder (no model):
            the graph-only cost

Every format must give the same records (checked), so the ratios compare like with like.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from practicegraph.ingest.csv_templates import TEMPLATES  # noqa: E402
from practicegraph.ingest.csvsource import write_csv  # noqa: E402
from practicegraph.ingest.jsonl import write_jsonl  # noqa: E402
from practicegraph.ingest.pipeline import ingest  # noqa: E402
from practicegraph.ingest.sources import load  # noqa: E402
from practicegraph.ingest.xapi.mapping import BASE  # noqa: E402
from practicegraph.model import parse_record  # noqa: E402
from tests.fakes import HashingEmbedder  # noqa: E402

FOCI = ["hinge questions in {s}", "group roles in a class of {n}", "reading circles led by older learners",
        "exit tickets sorted into three piles", "think-pair-share with {n} learners", "counters for word problems"]
WORKED = ["Every group had a reader and a recorder.", "Quiet learners answered first.",
          "The tally showed who had not spoken.", "Learners corrected each other before writing."]
SUBJECTS = ["mathematics", "literacy", "science", "life skills"]


def generate(rows: int, seed: int) -> list:
    """`rows` records: people (one per 100 observations, at least 20) and observations."""
    rng = random.Random(seed)
    n_people = max(20, rows // 100)
    people = [parse_record({"type": "person", "id": f"t-{i:05d}", "name": f"Teacher {i}"}) for i in range(n_people)]
    out = list(people)
    for i in range(rows - n_people):
        a, b = rng.sample(range(n_people), 2)
        subject = rng.choice(SUBJECTS)
        out.append(parse_record({
            "type": "observation", "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "observer": f"t-{a:05d}", "observed": f"t-{b:05d}",
            "date": f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "round": rng.randint(1, 4), "subject": subject, "group": f"Triad {i % 300}",
            "focus": rng.choice(FOCI).format(s=subject, n=rng.randint(30, 70)),
            "what_worked": rng.choice(WORKED), "adapt_further": rng.choice(WORKED),
            "visibility": rng.choice(["public", "pair"])}))
    return out


def statement(rec) -> dict:
    ext = BASE + "/extensions/"

    def agent(pid, name):
        return {"objectType": "Agent", "name": name, "account": {"homePage": "https://practicegraph.org", "name": pid}}

    return {"id": rec.id, "version": "1.0.3", "actor": agent(rec.observer, f"Teacher {int(rec.observer[2:])}"),
            "verb": {"id": BASE + "/verbs/observed", "display": {"en": "observed"}},
            "object": {"objectType": "Activity", "id": f"{BASE}/lessons/{rec.id}",
                       "definition": {"type": BASE + "/activities/lesson"}},
            "context": {"instructor": agent(rec.observed, f"Teacher {int(rec.observed[2:])}"),
                        "extensions": {ext + "round": rec.round, ext + "subject": rec.subject,
                                       ext + "group": rec.group, ext + "focus": rec.focus,
                                       ext + "what-worked": rec.what_worked,
                                       ext + "adapt-further": rec.adapt_further,
                                       ext + "visibility": rec.visibility.value}},
            "timestamp": f"{rec.date.isoformat()}T09:00:00Z"}


def write_files(records, directory: Path) -> dict[str, list[Path]]:
    people = [r for r in records if r.type == "person"]
    observations = [r for r in records if r.type == "observation"]
    write_jsonl(records, directory / "records.jsonl")
    write_csv(TEMPLATES["people"], people, directory / "people.csv")
    write_csv(TEMPLATES["observations"], observations, directory / "observations.csv")
    with open(directory / "statements.jsonl", "w", encoding="utf-8") as fh:
        for rec in observations:
            fh.write(json.dumps(statement(rec), ensure_ascii=False) + "\n")
    return {"jsonl": [directory / "records.jsonl"],
            "csv": [directory / "people.csv", directory / "observations.csv"],
            "xapi": [directory / "statements.jsonl"]}


def open_store(kind: str, directory: Path):
    if kind == "kuzu":
        from practicegraph.graph.kuzu import KuzuStore

        store = KuzuStore(directory / "bench.kuzu", dimension=HashingEmbedder.dimension)
    else:
        from practicegraph.graph.memory import InMemoryStore

        store = InMemoryStore(dimension=HashingEmbedder.dimension)
    store.install()
    return store


def measure(fmt: str, paths: list[Path], store_kind: str, work: Path) -> dict:
    from practicegraph.graph.memory import InMemoryStore

    t = time.perf_counter()
    items = []
    for path in paths:
        loaded = load(path, fmt)
        assert not loaded.errors, loaded.errors[:3]
        items += loaded.items
    read_s = time.perf_counter() - t
    empty = InMemoryStore(dimension=HashingEmbedder.dimension)
    t = time.perf_counter()
    dry = ingest(empty, None, items, dry_run=True)
    validate_s = time.perf_counter() - t
    store = open_store(store_kind, work / fmt)
    t = time.perf_counter()
    report = ingest(store, HashingEmbedder(), items, similar_k=0)
    ingest_s = time.perf_counter() - t
    ids = store.record_index([i.data["id"] for i in items if isinstance(i.data, dict) and "id" in i.data])
    store.close()
    return {"items": len(items), "would_write": dry.written, "written": report.written, "read": read_s,
            "validate": validate_s, "ingest": ingest_s, "bytes": sum(p.stat().st_size for p in paths),
            "stored": len(ids)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--store", choices=["kuzu", "memory"], default="kuzu")
    args = parser.parse_args()
    print(f"machine: {platform.machine()} python {platform.python_version()}; rows {args.rows}, "
          f"store {args.store}, hashing embedder (no model)")
    records = generate(args.rows, args.seed)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = write_files(records, work)
        for fmt in ("jsonl", "csv", "xapi"):
            (work / fmt).mkdir()
            results[fmt] = measure(fmt, files[fmt], args.store, work)
            r = results[fmt]
            print(f"{fmt:5}  {r['bytes'] / 1e6:6.1f} MB  items {r['items']:7}  read {r['read']:6.2f} s  "
                  f"validate {r['validate']:6.2f} s  ingest {r['ingest']:6.2f} s  written {r['written']}", flush=True)
    base = results["jsonl"]
    assert all(r["written"] == base["written"] == r["stored"] for r in results.values()), \
        "the formats did not give the same records"
    print("\n| format | file | read | read + validate | rows/s | vs JSONL | read + graph-only ingest "
          "| rows/s | vs JSONL |\n|---|---|---|---|---|---|---|---|---|")
    base_rv, base_all = base["read"] + base["validate"], base["read"] + base["ingest"]
    for fmt, r in results.items():
        rv, everything = r["read"] + r["validate"], r["read"] + r["ingest"]
        print(f"| {fmt} | {r['bytes'] / 1e6:.1f} MB | {r['read']:.2f} s | {rv:.2f} s | {args.rows / rv:,.0f} | "
              f"{rv / base_rv:.2f}× | {everything:.2f} s | {args.rows / everything:,.0f} | "
              f"{everything / base_all:.2f}× |")
    print(f"\npeak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
