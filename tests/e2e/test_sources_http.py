"""End to end: CSV sheets through the CLI, xAPI statements over real HTTP to `practicegraph serve`."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from tests.e2e.serving import served

pytestmark = pytest.mark.slow

ROOT = Path(__file__).parents[2]
CORPUS = ROOT / "tests" / "data" / "corpus.jsonl"
STATEMENTS = json.loads((ROOT / "examples" / "xapi" / "statements.json").read_text())
XAPI = {"X-Experience-API-Version": "1.0.3"}


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "practicegraph.cli", *args], capture_output=True,
                          text=True, timeout=600)



def test_csv_examples_load_then_rerun_is_unchanged(tmp_path):
    sheets = [str(p) for p in sorted((ROOT / "examples" / "csv").glob("*.csv"))]
    db = tmp_path / "csv.kuzu"
    first = _cli("ingest", *sheets, "--db", str(db), "--quiet")
    assert first.returncode == 0, first.stderr
    assert "written 28, unchanged 0" in first.stdout
    again = _cli("ingest", *sheets, "--db", str(db), "--quiet")
    assert again.returncode == 0, again.stderr
    assert "written 0, unchanged 28" in again.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("xapi") / "graph.kuzu"
    done = _cli("ingest", str(CORPUS), "--db", str(db), "--quiet")
    assert done.returncode == 0, done.stderr
    # a learning-record store imports on others' behalf: a deployment administrator's token
    assert _cli("users", "add", "lrs", "--role", "administrator@deployment", "--db", str(db)).returncode == 0
    token = _cli("users", "token", "lrs", "--db", str(db))
    assert token.returncode == 0, token.stderr
    XAPI["Authorization"] = "Bearer " + token.stdout.strip()
    env = {**os.environ, "PRACTICEGRAPH_PUBLIC_READ": "1"}  # the reads below are anonymous
    with served("--db", str(db), env=env) as base:
        yield base, db


def test_statements_with_lrs_semantics(server):
    url = server[0] + "/api/v1/xapi/statements"
    resp = requests.post(url, json=STATEMENTS, headers=XAPI, timeout=300)
    assert resp.status_code == 200, resp.text
    assert resp.json() == [s["id"] for s in STATEMENTS]
    assert resp.headers["X-Experience-API-Version"] == "1.0.3"
    again = requests.post(url, json=STATEMENTS, headers=XAPI, timeout=60)
    assert again.status_code == 200 and again.json() == resp.json()  # unchanged, the pair exchange too
    changed = copy.deepcopy(STATEMENTS[0])
    changed["context"]["extensions"]["https://practicegraph.org/xapi/extensions/focus"] = "Something else"
    conflict = requests.post(url, json=changed, headers=XAPI, timeout=60)
    assert conflict.status_code == 409
    detail = conflict.json()["error"]["details"][0]
    assert detail["id"] == STATEMENTS[0]["id"] and "different content" in detail["reason"]
    missing = requests.post(url, json=STATEMENTS[0], headers={"Authorization": XAPI["Authorization"]}, timeout=60)
    assert missing.status_code == 400 and missing.json()["error"]["code"] == "unsupported_version"
    anonymous = requests.post(url, json=STATEMENTS[0], headers={"X-Experience-API-Version": "1.0.3"}, timeout=60)
    assert anonymous.status_code == 401


def test_adapted_statement_shows_in_lineage_and_search(server):
    server, _ = server
    requests.post(server + "/api/v1/xapi/statements", json=STATEMENTS, headers=XAPI, timeout=300)
    tree = requests.get(server + "/api/v1/practices/pr-multigrade-reading/lineage",
                        params={"direction": "descendants"}, timeout=60).json()
    assert "pr-thandi-phonics-circles" in {n["id"] for n in tree["nodes"]}
    found = requests.get(server + "/api/v1/experts", params={"q": "phonics circles led by older learners"},
                         timeout=60).json()
    assert "t-thandi" in [r["person"]["id"] for r in found["results"]]


def test_ingest_while_the_server_holds_the_database_says_what_to_do(server):
    _, db = server
    done = _cli("ingest", str(CORPUS), "--db", str(db), "--quiet")
    assert done.returncode == 1
    assert "in use by another process" in done.stderr and "POST /api/v1/records" in done.stderr
    assert "Traceback" not in done.stderr
