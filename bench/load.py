"""Load benchmark: the real server on loopback under many concurrent clients; prints figures
(see BENCHMARKS.md). No assertion: it reports, and exits 1 if an error or a lost write was seen.

    PYTHONPATH=. python bench/load.py                    # 50 and 200 clients, 60 s per phase
    PYTHONPATH=. python bench/load.py --clients 50 --seconds 20

It loads the small demo corpus with `practicegraph demo --no-serve`, starts `practicegraph
serve` on a free loopback port, and for each client count runs two phases of the same
length: reads only, then reads while one writer posts a new person and a public practice
they developed every --write-interval seconds through POST /api/v1/records. Reads are a
mix of expert searches, practice details and lineage. Every phase is bounded in time and
in requests. Afterwards every acknowledged practice is read back over HTTP, the server is
stopped with SIGTERM, and every acknowledged id is looked up in the database itself.

Requests carry a bearer token: PRACTICEGRAPH_TOKEN, or else a deployment administrator's
token made for the run in the account store beside the database.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

QUESTIONS = ("group work in large multigrade classes", "formative questioning in physics",
             "embedding maths in vocational courses", "reading aloud in the early grades",
             "peer feedback on writing", "practical science with few resources",
             "exit tickets to check understanding", "talk partners in mathematics")
PHASES = ("early-years", "primary", "secondary", "fe")
MAX_REQUESTS_PER_PHASE = 200_000
TIMEOUT_S = 60


def main() -> int:
    args = _arguments()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="pg-load-"))
    db = workdir / "load.kuzu"
    started = time.perf_counter()
    _cli("demo", "--size", "small", "--no-serve", "--db", str(db))
    print(f"demo corpus loaded in {time.perf_counter() - started:.1f} s -> {db}")
    if not os.environ.get("PRACTICEGRAPH_TOKEN"):
        os.environ["PRACTICEGRAPH_TOKEN"] = _admin_token(db)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "practicegraph.cli", "serve", "--db", str(db),
                               "--port", str(port), "--threads", str(args.threads)],
                              stdout=subprocess.DEVNULL, stderr=open(workdir / "server.log", "w"))
    base = f"http://127.0.0.1:{port}"
    acknowledged: list[str] = []
    rows = []
    try:
        _wait_ready(base, server)
        practice_ids = _practice_ids(base)
        print(f"server ready on {base}; {len(practice_ids)} practice ids to read")
        for clients in args.clients:
            for with_writes in (False, True):
                stats = run_phase(base, clients, args.seconds, practice_ids, args.write_interval if with_writes else None)
                acknowledged += stats.acknowledged
                rows.append((clients, with_writes, stats))
                _print_phase(clients, with_writes, stats, args.seconds)
        unreadable = [pid for pid in acknowledged if pid.startswith("pr-") and _get(base, f"/api/v1/practices/{pid}").status_code != 200]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)
    missing = _missing_in_store(db, acknowledged)
    _summary(rows, acknowledged, unreadable, missing)
    bad = any(s.errors() for _, _, s in rows) or unreadable or missing
    return 1 if bad else 0


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each phase")
    parser.add_argument("--write-interval", type=float, default=0.1)
    parser.add_argument("--threads", type=int, default=8, help="server worker threads (serve --threads)")
    parser.add_argument("--workdir", help="where the database goes (default: a new temporary directory)")
    return parser.parse_args()


def _headers() -> dict[str, str]:
    token = os.environ.get("PRACTICEGRAPH_TOKEN")
    return {"Authorization": f"Bearer {token}"} if token else {}


def _cli(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "practicegraph.cli", *args], capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"practicegraph {' '.join(args)} failed:\n{done.stderr[-2000:]}")


def _admin_token(db: Path) -> str:
    """A deployment administrator's token from the account store beside the database (the
    writer posts records of people other than itself, as an importer does)."""
    name = f"load-bench-{os.getpid()}"
    _cli("users", "add", name, "--role", "administrator@deployment", "--db", str(db))
    done = subprocess.run([sys.executable, "-m", "practicegraph.cli", "users", "token", name, "--days", "1",
                           "--db", str(db)], capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(base: str, path: str, **params) -> requests.Response:
    return requests.get(base + path, params=params, headers=_headers(), timeout=TIMEOUT_S)


def _wait_ready(base: str, server: subprocess.Popen) -> None:
    deadline = time.time() + 300
    while time.time() < deadline:
        if server.poll() is not None:
            sys.exit("the server exited before it was ready (see server.log)")
        try:
            if _get(base, "/api/v1/ready").ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    sys.exit("the server was not ready in 300 s")


def _practice_ids(base: str) -> list[str]:
    """Public practice ids, found the way a user finds them: through expert searches."""
    ids: set[str] = set()
    for q in QUESTIONS:
        for result in _get(base, "/api/v1/experts", q=q, limit=50).json().get("results", []):
            ids |= {ev["practice"]["id"] for ev in result.get("evidence", []) if ev.get("practice")}
    if not ids:
        sys.exit("no practice found by the expert searches")
    return sorted(ids)


class PhaseStats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.failures: dict[str, list[str]] = defaultdict(list)
        self.acknowledged: list[str] = []
        self.writes_skipped = 0

    def record(self, kind: str, seconds: float, failure: str | None) -> None:
        with self.lock:
            if failure:
                self.failures[kind].append(failure)
            else:
                self.latencies[kind].append(seconds)

    def count(self) -> int:
        return sum(map(len, self.latencies.values())) + sum(map(len, self.failures.values()))

    def errors(self) -> int:
        return sum(map(len, self.failures.values()))

    def reads(self) -> list[float]:
        return [x for kind, xs in self.latencies.items() if kind != "write" for x in xs]


def run_phase(base: str, clients: int, seconds: float, practice_ids: list[str],
              write_interval: float | None) -> PhaseStats:
    stats = PhaseStats()
    deadline = time.perf_counter() + seconds
    stop = threading.Event()
    threads = [threading.Thread(target=_reader, args=(base, practice_ids, deadline, stop, stats, random.Random(i)))
               for i in range(clients)]
    if write_interval:
        threads.append(threading.Thread(target=_writer, args=(base, write_interval, deadline, stats)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return stats


def _timed(stats: PhaseStats, kind: str, session: requests.Session, method: str, url: str, ok: tuple[int, ...],
           **kwargs) -> requests.Response | None:
    t0 = time.perf_counter()
    try:
        resp = session.request(method, url, timeout=TIMEOUT_S, **kwargs)
    except requests.RequestException as exc:
        stats.record(kind, 0.0, f"{type(exc).__name__}: {exc}"[:200])
        return None
    elapsed = time.perf_counter() - t0
    stats.record(kind, elapsed, None if resp.status_code in ok else f"{resp.status_code} {resp.text[:200]}")
    return resp


def _reader(base, practice_ids, deadline, stop, stats: PhaseStats, rng: random.Random) -> None:
    session = requests.Session()
    session.headers.update(_headers())
    while time.perf_counter() < deadline and stats.count() < MAX_REQUESTS_PER_PHASE:
        roll = rng.random()
        if roll < 0.5:
            params = {"q": rng.choice(QUESTIONS), "limit": 10}
            if rng.random() < 0.3:
                params["phase"] = rng.choice(PHASES)
            _timed(stats, "experts", session, "GET", base + "/api/v1/experts", (200,), params=params)
        elif roll < 0.8:
            _timed(stats, "practice", session, "GET", f"{base}/api/v1/practices/{rng.choice(practice_ids)}", (200,))
        else:
            _timed(stats, "lineage", session, "GET", f"{base}/api/v1/practices/{rng.choice(practice_ids)}/lineage",
                   (200,), params={"direction": "both", "depth": 4})


def _writer(base: str, interval: float, deadline: float, stats: PhaseStats) -> None:
    """A new person and a public practice they developed, every `interval` seconds on a fixed
    schedule (a late write starts at once; slots it overran are skipped and counted)."""
    session = requests.Session()
    session.headers.update(_headers())
    run = f"{os.getpid()}-{time.time_ns()}"
    due, n = time.perf_counter(), 0
    while due < deadline:
        time.sleep(max(0.0, due - time.perf_counter()))
        n += 1
        person, practice = f"t-load-{run}-{n}", f"pr-load-{run}-{n}"
        topic = QUESTIONS[n % len(QUESTIONS)]
        body = [{"type": "person", "id": person, "name": f"Load Tester {n}"},
                {"type": "practice", "id": practice, "title": f"{topic.capitalize()} (variant {n})",
                 "description": f"A load-test practice about {topic}, variant {n}, tried in a real classroom.",
                 "phase": PHASES[n % len(PHASES)], "visibility": "public",
                 "developers": [{"person": person, "role": "originator"}]}]
        resp = _timed(stats, "write", session, "POST", base + "/api/v1/records", (201,), json=body)
        if resp is not None and resp.status_code == 201:
            with stats.lock:
                stats.acknowledged += [person, practice]
        now = time.perf_counter()
        due += interval
        while due < now:
            due += interval
            stats.writes_skipped += 1


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _ms(x: float) -> str:
    return f"{x * 1000:,.0f}"


def _print_phase(clients: int, with_writes: bool, stats: PhaseStats, seconds: float) -> None:
    label = f"{clients} clients, {'reads + writes' if with_writes else 'reads only'}"
    print(f"\n## {label}: {stats.count() / seconds:,.1f} requests/s, {stats.errors()} errors")
    print("| kind | ok | errors | per s | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|---|---|")
    kinds = sorted(set(stats.latencies) | set(stats.failures))
    for kind in kinds + ["all reads"]:
        xs = stats.reads() if kind == "all reads" else stats.latencies[kind]
        errs = sum(len(v) for k, v in stats.failures.items() if k != "write") if kind == "all reads" else len(stats.failures[kind])
        print(f"| {kind} | {len(xs):,} | {errs} | {len(xs) / seconds:,.1f} | {_ms(_pct(xs, 50))} | {_ms(_pct(xs, 95))} "
              f"| {_ms(_pct(xs, 99))} | {_ms(max(xs, default=float('nan')))} |")
    if with_writes:
        print(f"write slots skipped (a write overran its 100 ms slot): {stats.writes_skipped}")
    for kind, fails in stats.failures.items():
        print(f"  first {kind} errors: {fails[:3]}")


def _missing_in_store(db: Path, ids: list[str]) -> list[str]:
    """Ids acknowledged over HTTP that the database, reopened after the server stopped, lacks."""
    code = ("import sys, json; from practicegraph.graph.kuzu import KuzuStore;"
            "ids = json.load(sys.stdin); s = KuzuStore(sys.argv[1], dimension=384);"
            "print(json.dumps(sorted(set(ids) - set(s.record_index(ids))))); s.close()")
    import json

    done = subprocess.run([sys.executable, "-c", code, str(db)], input=json.dumps(ids), capture_output=True,
                          text=True, timeout=300)
    if done.returncode:
        sys.exit(f"could not reopen the database: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def _summary(rows, acknowledged, unreadable, missing) -> None:
    print("\n## Goals")
    for clients in sorted({c for c, _, _ in rows}):
        without = next(s for c, w, s in rows if c == clients and not w)
        with_w = next(s for c, w, s in rows if c == clients and w)
        p95_without, p95_with = _pct(without.reads(), 95), _pct(with_w.reads(), 95)
        print(f"- {clients} clients: read p95 {_ms(p95_without)} ms without writes, {_ms(p95_with)} ms with "
              f"({p95_with / p95_without:.2f}x, goal <= 2x); write p99 {_ms(_pct(with_w.latencies['write'], 99))} ms "
              f"(goal <= 1,000); errors {without.errors() + with_w.errors()} (goal 0)")
    print(f"- acknowledged writes: {len(acknowledged)} ids; unreadable over HTTP: {len(unreadable)}; "
          f"missing from the database after shutdown: {len(missing)} (goal 0)")


if __name__ == "__main__":
    sys.exit(main())
