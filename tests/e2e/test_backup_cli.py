"""`practicegraph backup --url` against a running server, then `practicegraph restore`:
the restored database answers as the served one did when the backup was taken."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.e2e.test_faults import _free_port, _serve, state_of

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parents[1] / "data" / "corpus.jsonl"
LATER = {"type": "person", "id": "t-after-backup", "name": "Posted after the backup"}


def _cli(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "practicegraph.cli", *args], capture_output=True, text=True,
                          timeout=600, env=env)


def _lineage(db: Path) -> dict:
    done = _cli("lineage", "pr-multigrade-groups", "--direction", "both", "--depth", "10", "--db", str(db))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_backup_of_a_running_server_restores_to_the_same_answers(tmp_path):
    import os

    db = tmp_path / "g.kuzu"
    assert _cli("ingest", str(CORPUS), "--db", str(db), "--quiet").returncode == 0
    assert _cli("users", "add", "ops", "--role", "administrator@deployment", "--db", str(db)).returncode == 0
    token = _cli("users", "token", "ops", "--db", str(db)).stdout.strip().splitlines()[0]
    expected = {"state": state_of(db), "lineage": _lineage(db)}
    assert expected["lineage"]["edges"]
    port = _free_port()
    server = _serve(db, port)
    try:
        refused = _cli("backup", str(tmp_path / "local"), "--db", str(db))  # the server holds the database
        assert refused.returncode != 0 and "--url" in refused.stderr
        env = {**os.environ, "PRACTICEGRAPH_TOKEN": token}
        done = _cli("backup", str(tmp_path / "backup"), "--url", f"http://127.0.0.1:{port}", env=env)
        assert done.returncode == 0, done.stderr
        resp = requests.post(f"http://127.0.0.1:{port}/api/v1/records", json=LATER,
                             headers={"Authorization": f"Bearer {token}"}, timeout=60)
        assert resp.status_code == 201, resp.text
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)
    assert state_of(db) != expected["state"]  # the later write is in the database, not in the backup
    done = _cli("restore", str(tmp_path / "backup"), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert {"state": state_of(db), "lineage": _lineage(db)} == expected
    assert (tmp_path / "g.kuzu.before-restore").exists()
