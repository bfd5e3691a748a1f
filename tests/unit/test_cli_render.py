"""The CLI renders query results through the API's response models: same JSON, same words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from practicegraph import cli
from practicegraph.bootstrap import Runtime
from practicegraph.config import Settings
from practicegraph.graph.memory import InMemoryStore
from tests.accounts_world import importer_app, importer_client
from tests.fakes import HashingEmbedder

CORPUS = Path(__file__).parents[1] / "data" / "corpus.jsonl"


@pytest.fixture
def loaded(monkeypatch):
    store = InMemoryStore(dimension=HashingEmbedder.dimension)
    store.install()
    store.close = lambda: None  # the CLI closes its store; the test still reads it afterwards
    records = [json.loads(line) for line in CORPUS.read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    client = importer_client(store)
    assert client.post("/api/v1/records", json=records).status_code == 201
    monkeypatch.setattr(cli, "_runtime", lambda db_path: Runtime(Settings(Path("unused")), store, HashingEmbedder()))
    return client


def test_cli_lineage_prints_the_api_json(loaded):
    done = CliRunner().invoke(cli.main, ["lineage", "pr-multigrade-groups", "--direction", "both", "--depth", "4"])
    assert done.exit_code == 0, done.output
    api = loaded.get("/api/v1/practices/pr-multigrade-groups/lineage?direction=both&depth=4").get_json()
    assert json.loads(done.output) == api
    assert api["descendants"]["adaptations"]


def test_cli_experts_prints_the_api_ranking_and_reasons(loaded):
    question = "group work in large multigrade classes"
    done = CliRunner().invoke(cli.main, ["experts", question, "--limit", "3"])
    assert done.exit_code == 0, done.output
    api = loaded.get(f"/api/v1/experts?q={question}&limit=3").get_json()["results"]
    assert api
    for rank, item in enumerate(api, 1):
        assert f"{rank}. {item['person']['name']} (" in done.output
        assert all(f"- {ev['why']}" in done.output for ev in item["evidence"][:3])
