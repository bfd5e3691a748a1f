"""Crash safety for real: a process loading the medium demo corpus is killed with SIGKILL
at several points; running the same load again leaves a store identical to a clean run
(node, edge and ledger counts, and a sample of answers)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from practicegraph.demo.generator import generate
from practicegraph.graph.kuzu import KuzuStore
from practicegraph.graph.types import Viewer
from practicegraph.queries.expertise import find_experts
from practicegraph.queries.lineage import lineage
from tests.fakes import HashingEmbedder

pytestmark = pytest.mark.slow

SIZE = os.environ.get("CRASH_TEST_SIZE", "medium")
SEED = 7
ROOT = Path(__file__).parents[2]
QUESTIONS = ("group work in large multigrade classes", "formative questioning in physics",
             "reading aloud with young learners")


def _driver(db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.integration.crash_driver", str(db), SIZE, str(SEED)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def _run_to_end(db: Path) -> str:
    proc = _driver(db)
    out, _ = proc.communicate(timeout=1800)
    assert proc.returncode == 0, out[-3000:]
    return out


def _kill(db: Path, when) -> list[str]:
    """Start a load and SIGKILL it at the first progress line for which when(done, total)."""
    proc = _driver(db)
    seen, total = [], None
    for line in proc.stdout:
        seen.append(line.strip())
        parts = line.split()
        if parts[0] == "progress":
            total = int(parts[2]) if len(parts) > 2 else total
            if when(int(parts[1]), total):
                break
        elif parts[0] == "loading" and when(-1, None):
            time.sleep(1.0)  # inside validation and planning
            break
        elif parts[0] == "done":
            pytest.fail("the load finished before the kill point: " + " | ".join(seen[-3:]))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    return seen


def _snapshot(db: Path) -> dict:
    ids = [r.id for r in generate(SIZE, SEED)]
    store = KuzuStore(db, dimension=HashingEmbedder.dimension)
    try:
        practices = sorted(i for i in ids if i.startswith("pr-"))[:5]
        embedder = HashingEmbedder()
        return {
            "counts": store.counts(),
            "ledger": store.record_index(ids),
            "experts": {q: [(e.person_id, round(e.score, 6))
                            for e in find_experts(store, embedder, q, viewer=Viewer.anonymous())]
                        for q in QUESTIONS},
            "lineage": {p: (sorted(tree.nodes), sorted((e.kind, e.child, e.parent) for e in tree.edges))
                        for p in practices
                        for tree in [lineage(store, p, direction="both", depth=4, viewer=Viewer.internal())]},
        }
    finally:
        store.close()


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("clean") / "g.kuzu"
    _run_to_end(db)
    snapshot = _snapshot(db)
    assert snapshot["counts"]["Record"] == len(snapshot["ledger"]) > 0
    return snapshot


KILL_POINTS = {
    "while validating": lambda done, total: done == -1,
    "mid-write": lambda done, total: total is not None and done >= total * 0.6,
    "after the last chunk (linking, commit)": lambda done, total: total is not None and done >= total,
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_killed_load_rerun_equals_a_clean_run(point, clean, tmp_path):
    db = tmp_path / "g.kuzu"
    _kill(db, KILL_POINTS[point])
    if db.exists():  # the load is one unit of work: all of it or none of it survives
        store = KuzuStore(db, dimension=HashingEmbedder.dimension)
        survived = store.counts().get("Record", 0)
        store.close()
        assert survived in (0, clean["counts"]["Record"])
    out = _run_to_end(db)
    assert "done written" in out
    assert _snapshot(db) == clean
