"""Crashes: kill -9 the server during a stream of writes, and an ingest at several points
(embedding, writing, similarity linking); afterwards nothing acknowledged is missing,
nothing is half-written, and a re-run ends exactly where a clean run does.

Real processes, the real model (no fakes). The corpus is the small demo corpus without
most of its observations, exchanges and meetings, so that each ingest embeds a few
hundred texts rather than a thousand.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from practicegraph.demo.generator import generate
from practicegraph.ingest.jsonl import write_jsonl

pytestmark = pytest.mark.slow

DIMENSION = 384  # all-MiniLM-L6-v2, the packaged model
SIMILAR_PAIRS = "MATCH (a:Practice)-[s:SIMILAR_TO]->(b:Practice) RETURN a.id, b.id, s.score ORDER BY a.id, b.id"
LEDGER_BY_TYPE = "MATCH (r:Record) RETURN r.type, count(*) ORDER BY r.type"
KEPT_OBSERVATIONS = 120


def _cli(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "practicegraph.cli", *args], capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    records, observations = [], 0
    for record in generate("small", 7):
        if record.type in ("exchange", "meeting", "attendance"):
            continue
        if record.type == "observation":
            observations += 1
            if observations > KEPT_OBSERVATIONS:
                continue
        records.append(record)
    path = tmp_path_factory.mktemp("faults") / "corpus.jsonl"
    write_jsonl(records, path)
    return path


def state_of(db: Path) -> dict:
    """Everything a crash could leave half-done: node and edge counts, the ledger by type,
    every similarity link with its score."""
    from practicegraph.graph.kuzu import KuzuStore

    store = KuzuStore(db, dimension=DIMENSION)
    try:
        conn = store._conn()
        return {"counts": store.counts(),
                "ledger": dict(conn.execute(LEDGER_BY_TYPE).get_all()),
                "similar": [(a, b, round(s, 5)) for a, b, s in conn.execute(SIMILAR_PAIRS).get_all()]}
    finally:
        store.close()


def assert_consistent(state: dict) -> None:
    """Each record in the ledger has its node, and no node is outside the ledger."""
    counts, ledger = state["counts"], state["ledger"]
    for label in ("Person", "Organisation", "Cluster", "Practice", "Resource", "Observation"):
        assert counts.get(label, 0) == ledger.get(label.lower(), 0), (label, counts, ledger)
    assert counts["Record"] == sum(ledger.values())


class _Stderr:
    """The ingest's progress bar, read as it is drawn: the last 'done/total' figures."""

    def __init__(self, proc: subprocess.Popen):
        self.text = ""
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def _read(self, proc) -> None:
        for chunk in iter(lambda: proc.stderr.read(64), ""):
            self.text += chunk

    def progress(self) -> tuple[int, int] | None:
        found = re.findall(r"(\d+)/(\d+)", self.text)
        return (int(found[-1][0]), int(found[-1][1])) if found else None


def _kill_ingest_when(db: Path, corpus: Path, reached) -> tuple[int, tuple[int, int] | None]:
    proc = subprocess.Popen([sys.executable, "-m", "practicegraph.cli", "ingest", str(corpus), "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = _Stderr(proc)
    deadline = time.time() + 900
    while proc.poll() is None and time.time() < deadline:
        progress = err.progress()
        if progress and reached(*progress):
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.02)
    proc.wait(timeout=60)
    return proc.returncode, err.progress()


@pytest.fixture(scope="module")
def clean_run(corpus, tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("clean") / "g.kuzu"
    done = _cli("ingest", str(corpus), "--db", str(db), "--quiet")
    assert done.returncode == 0, done.stderr
    state = state_of(db)
    assert state["similar"], "the corpus must produce similarity links for this test to mean anything"
    return state


@pytest.mark.parametrize("point", ["embedding", "writing", "linking"])
def test_an_ingest_killed_and_run_again_ends_as_a_clean_run(point, corpus, clean_run, tmp_path):
    db = tmp_path / "g.kuzu"
    total_records = sum(1 for line in corpus.read_text().splitlines() if line.strip())
    when = {
        "embedding": lambda done, total: total > 0 and done == 0,  # planned; the texts go to the model
        "writing": lambda done, total: total > total_records and done >= total - total_records,  # texts embedded
        "linking": lambda done, total: total > 0 and done == total,  # every record written; links next
    }[point]
    code, progress = _kill_ingest_when(db, corpus, when)
    assert code == -signal.SIGKILL, f"the ingest ended by itself ({code}) before the {point} point; progress {progress}"
    again = _cli("ingest", str(corpus), "--db", str(db), "--quiet")
    assert again.returncode == 0, again.stderr
    state = state_of(db)
    assert_consistent(state)
    assert state == clean_run


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "practicegraph.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while time.time() < deadline:
        assert proc.poll() is None, "the server exited"
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/v1/ready", timeout=5).ok:
                return proc
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    proc.kill()
    pytest.fail("the server was not ready in time")


def _writes(n: int) -> list[dict]:
    return [{"type": "person", "id": f"t-crash-{n}", "name": f"Crash Tester {n}"},
            {"type": "practice", "id": f"pr-crash-{n}", "title": f"Think-pair-share, variant {n}",
             "description": f"Learners think alone, then pair, then share; variant {n} of a crash test.",
             "visibility": "public", "developers": [{"person": f"t-crash-{n}", "role": "originator"}]}]


def test_a_server_killed_during_writes_keeps_every_acknowledged_write(tmp_path):
    db = tmp_path / "g.kuzu"
    assert _cli("init-schema", "--db", str(db)).returncode == 0
    assert _cli("users", "add", "importer", "--role", "administrator@deployment", "--db", str(db)).returncode == 0
    token = _cli("users", "token", "importer", "--db", str(db)).stdout.strip().splitlines()[0]
    headers = {"Authorization": f"Bearer {token}"}
    port = _free_port()
    server = _serve(db, port)
    acknowledged: list[str] = []
    stop = threading.Event()

    def write_stream() -> None:
        n = 0
        session = requests.Session()
        while not stop.is_set():
            n += 1
            try:
                resp = session.post(f"http://127.0.0.1:{port}/api/v1/records", json=_writes(n), headers=headers,
                                    timeout=60)
            except requests.RequestException:
                continue  # the server died under this write: not acknowledged
            if resp.status_code == 201:
                acknowledged.extend(r["id"] for r in _writes(n))

    writer = threading.Thread(target=write_stream)
    writer.start()
    try:
        while len(acknowledged) < 20:
            assert writer.is_alive() and server.poll() is None
            time.sleep(0.05)
        server.send_signal(signal.SIGKILL)  # in the middle of the stream: a write is most likely in flight
        server.wait(timeout=30)
    finally:
        stop.set()
        writer.join(timeout=120)
        if server.poll() is None:
            server.kill()
    assert acknowledged
    server = _serve(db, port)  # restart: the WAL is replayed
    try:
        for practice in [i for i in acknowledged if i.startswith("pr-")]:
            assert requests.get(f"http://127.0.0.1:{port}/api/v1/practices/{practice}", headers=headers,
                                timeout=60).status_code == 200, practice
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)
    state = state_of(db)
    assert_consistent(state)
    from practicegraph.graph.kuzu import KuzuStore

    store = KuzuStore(db, dimension=DIMENSION)
    try:
        assert set(acknowledged) <= set(store.record_index(acknowledged))
        stored = store.record_index([rid for n in range(1, 10_000) for rid in (f"t-crash-{n}", f"pr-crash-{n}")])
    finally:
        store.close()
    people = {i.removeprefix("t-crash-") for i in stored if i.startswith("t-")}
    practices = {i.removeprefix("pr-crash-") for i in stored if i.startswith("pr-")}
    assert people == practices  # never a person without the practice posted with it, or the reverse
    assert state["counts"].get("rel:DEVELOPED", 0) == len(practices)
