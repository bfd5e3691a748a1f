"""POST /api/v1/admin/backup: a deployment administrator's backup of a running server,
written where the server's settings say; nobody else may take one."""

import json

import pytest

from practicegraph.api import create_app
from practicegraph.backup import checked_snapshot
from practicegraph.graph.memory import InMemoryStore
from tests.contract import assert_conforms
from tests.fakes import HashingEmbedder


@pytest.fixture
def setup(tmp_path, monkeypatch):
    from practicegraph.accounts.store import AccountStore

    monkeypatch.setenv("PRACTICEGRAPH_BACKUP_DIR", str(tmp_path / "backups"))
    monkeypatch.setenv("PRACTICEGRAPH_DB", str(tmp_path / "g.kuzu"))
    accounts = AccountStore(tmp_path / "accounts.sqlite")
    store = InMemoryStore(dimension=HashingEmbedder.dimension)
    app = create_app(store=store, embedder=HashingEmbedder(), accounts=accounts)
    accounts.add("admin", None, "test")
    accounts.grant("admin", "administrator", "deployment", "*", "test")
    accounts.add("teacher", None, "test")
    tokens = {name: accounts.issue_token(name, "test") for name in ("admin", "teacher")}
    return app.test_client(), tokens, store, tmp_path


def test_an_administrator_backs_up_a_running_server(setup):
    client, tokens, store, tmp_path = setup
    client.post("/api/v1/records", json={"type": "person", "id": "t1", "name": "Ann"},
                headers={"Authorization": "Bearer " + tokens["admin"]})
    resp = client.post("/api/v1/admin/backup", headers={"Authorization": "Bearer " + tokens["admin"]})
    assert resp.status_code == 201, resp.get_data(as_text=True)
    spec = client.get("/openapi.json").get_json()
    assert_conforms(spec, "POST", "/api/v1/admin/backup", 201, resp.get_json())
    body = resp.get_json()
    assert body["path"].startswith(str(tmp_path / "backups"))
    snapshot, manifest = checked_snapshot(body["path"])
    assert manifest["sha256"] == body["sha256"]
    assert InMemoryStore.load(snapshot).record_index(["t1"]) == store.record_index(["t1"])


@pytest.mark.parametrize("who", ["teacher", None])
def test_nobody_else_may_take_a_backup(setup, who):
    client, tokens, _, tmp_path = setup
    headers = {"Authorization": "Bearer " + tokens[who]} if who else {}
    resp = client.post("/api/v1/admin/backup", headers=headers)
    assert resp.status_code == (403 if who else 401)
    assert set(resp.get_json()) == {"error"}
    assert not (tmp_path / "backups").exists()
