"""The synthetic scale graph (bench/scale_data.py) in Neo4j, written as Neo4jStore writes records.

Neo4jSink takes scale_data.fill's columns and writes them with the store's own statements
(graph/neo4j/cypher.py: MERGE_NODES on the unique id, CREATE_EDGES between ids), in
batched `UNWIND $rows` transactions: same labels, property names and relationship types,
absent values left unset (as the store leaves None), vectors as float lists of the float32
values, dates as dates. No ledger (Record) nodes, as the Kùzu COPY path writes none.

The server is NEO4J_URI (+ NEO4J_USER / NEO4J_PASSWORD, NEO4J_DATABASE) or, without it,
the test server from tests/neo4j_server with a benchmark heap, on a home directory that
keeps the database between runs.

    PYTHONPATH=. python bench/scale_neo4j.py --practices 5000 --home /work/scale_bench/neo4j5k   # load only
    PYTHONPATH=. python bench/scale.py --store neo4j --home /work/scale_bench/neo4j100k --practices 100000 \
        --questions 20 --warmup 3   # loads when empty, restarts the server, measures
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_data import DIM, fill  # noqa: E402

from practicegraph.graph.neo4j import cypher as q  # noqa: E402
from practicegraph.graph.neo4j.store import Neo4jStore  # noqa: E402

BATCH = 5000  # rows per UNWIND transaction (a practice row holds 384 floats)
# The JVM's default compilers (a benchmark wants peak speed) and room for 100k vectors.
SCALE_JVM_OPTIONS = ("-Xms2g", "-Xmx4g", "-Dpracticegraph.pagecache=2g")
AWAIT_INDEXES_S = 3600
AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"
VECTOR_INDEX_STATES = ("SHOW VECTOR INDEXES YIELD name, state, populationPercent"
                       " RETURN name, state, populationPercent ORDER BY name")
PRACTICES = "MATCH (n:Practice) RETURN count(n)"


def _value(v):
    """Plain Python values for the driver: numpy scalars unwrapped, vectors as float32 values."""
    if isinstance(v, np.ndarray):
        return v.astype(np.float32).astype(float).tolist()
    return v.item() if isinstance(v, np.generic) else v


def _rows(columns: dict, n: int) -> list[dict]:
    """Column lists -> one dict per row, None left out (the store never sets a null)."""
    names = list(columns)
    out = []
    for i in range(n):
        row = {}
        for name in names:
            v = columns[name][i]
            if v is not None:
                row[name] = _value(v)
        out.append(row)
    return out


class Neo4jSink:
    """scale_data.fill's sink for a Neo4jStore (installed: constraints and vector indexes)."""

    def __init__(self, store: Neo4jStore, batch: int = BATCH):
        self.store, self.batch = store, batch

    def _write(self, query: str, rows: list[dict], counted: bool = False) -> int:
        """One transaction per batch; the edges written, when the statement counts them."""
        def work(tx, chunk):
            result = tx.run(query, rows=chunk)
            return result.single()[0] if counted else result.consume() and 0

        written = 0
        with self.store._session() as session:
            for start in range(0, len(rows), self.batch):
                written += session.execute_write(work, rows[start:start + self.batch])
        return written

    def nodes(self, label: str, columns: dict) -> None:
        self._write(q.MERGE_NODES[label], _rows(columns, len(columns["id"])))

    def rels(self, rel: str, from_label: str, to_label: str, columns: dict) -> None:
        props = [name for name in columns if name not in ("from", "to")]
        rows = [{"from": _value(columns["from"][i]), "to": _value(columns["to"][i]),
                 "props": {p: _value(columns[p][i]) for p in props if columns[p][i] is not None}}
                for i in range(len(columns["from"]))]
        written = self._write(q.CREATE_EDGES[(rel, from_label, to_label)], rows, counted=True)
        if written != len(rows):
            raise RuntimeError(f"{rel} {from_label}->{to_label}: {len(rows) - written} edges name missing nodes")


def await_indexes(store: Neo4jStore) -> dict:
    """Wait until every index is online; how long it took and the vector indexes' states."""
    started = time.perf_counter()
    with store._session() as session:
        session.run(AWAIT_INDEXES, seconds=AWAIT_INDEXES_S).consume()
    return {"await_indexes_s": time.perf_counter() - started,
            "vector_indexes": store._rows(VECTOR_INDEX_STATES)}


def practices_held(store: Neo4jStore) -> int:
    return store._rows(PRACTICES)[0][0]


def load(store: Neo4jStore, practices: int, seed: int = 7) -> dict:
    """Install the schema and write the graph into an empty database; timings in seconds."""
    if practices_held(store):
        raise SystemExit("the Neo4j database is not empty; load into an empty one (a new --home)")
    store.install()
    started = time.perf_counter()
    fill(Neo4jSink(store), practices, seed)
    out = {"load_s": time.perf_counter() - started}
    out.update(await_indexes(store))
    return out


def open_store(uri: str) -> Neo4jStore:
    return Neo4jStore(uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"),
                      os.environ.get("NEO4J_DATABASE"), dimension=DIM)


@contextmanager
def server(home: Path | None):
    """(uri, pid or None, start seconds): NEO4J_URI, or the test server on `home`, stopped after."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"], None, 0.0
        return
    from tests.neo4j_fixture import start, stop

    if home is None:
        raise SystemExit("without NEO4J_URI, --home names the test server's directory")
    started = time.perf_counter()
    proc, uri = start(home, SCALE_JVM_OPTIONS)
    try:
        yield uri, proc.pid, time.perf_counter() - started
    finally:
        stop(proc)


def server_rss_mb(pid: int | None) -> dict:
    """The server's resident and peak resident memory (from /proc), when it runs here."""
    if pid is None:
        return {}
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {key: int(fields[name].split()[0]) / 1024 for key, name in (("rss_mb", "VmRSS"), ("peak_rss_mb", "VmHWM"))}


def run(home: Path | None, practices: int, seed: int, measure) -> dict:
    """Load the graph when the database is empty, then `measure(uri, server pid, out)`; the
    test server is restarted between the two, so the measured open is a cold one."""
    out: dict = {"store": "neo4j", "practices": practices}
    with server(home) as (uri, pid, start_s):
        store = open_store(uri)
        held = practices_held(store)
        if held and held != practices:
            raise SystemExit(f"the Neo4j database holds {held} practices, not {practices}")
        out["load"] = load(store, practices, seed) if not held else {"loaded_before": True, **await_indexes(store)}
        out["load"]["server"] = server_rss_mb(pid)
        out["counts"] = store.counts()
        store.close()
        if pid is None:  # NEO4J_URI: not ours to restart
            return measure(uri, pid, out)
    with server(home) as (uri, pid, start_s):
        out["server_start_s"] = start_s
        measure(uri, pid, out)
        out["server"] = server_rss_mb(pid)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--practices", type=int, default=100_000)
    parser.add_argument("--home", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with server(args.home) as (uri, pid, start_s):
        store = open_store(uri)
        figures = {"server_start_s": start_s, **load(store, args.practices, args.seed), "counts": store.counts(),
                   "server": server_rss_mb(pid), "load_average": os.getloadavg()}
        store.close()
    print(json.dumps(figures, indent=1, default=str))
