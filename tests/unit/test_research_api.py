"""Research endpoints on the in-memory store (demo corpus) and a dataset store in tmp."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from practicegraph.api import create_app
from practicegraph.demo.generator import generate
from practicegraph.graph.memory import InMemoryStore
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from practicegraph.research.datasets import DatasetStore
from practicegraph.research.mapping import load_mapping, shipped_mapping
from practicegraph.research.survey import read_survey
from tests.paths import EXTERNAL
from tests.contract import assert_conforms
from tests.accounts_world import importer_app
from tests.fakes import HashingEmbedder

MED = EXTERNAL / "medinnovations"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = InMemoryStore(dimension=HashingEmbedder.dimension)
    ingest(store, HashingEmbedder(), [Item(r.model_dump(mode="json", exclude_none=True), i + 1)
                                      for i, r in enumerate(generate("small", 7))])
    research = tmp_path_factory.mktemp("research")
    if MED.exists():
        net = read_survey(MED / "nodes.csv", MED / "edges.csv", load_mapping(shipped_mapping("medinnovations")),
                          "medinnovations")
        DatasetStore(research).save(net, {"nodes": str(MED / "nodes.csv"), "nominations": str(MED / "edges.csv")}, {})
    app = importer_app(store)  # signed in: every /api/v1 route needs an identity
    app.config["PRACTICEGRAPH_RESEARCH_DIR"] = str(research)
    client = app.test_client()
    _SPEC[:] = [client.get("/openapi.json").get_json()]
    return client


def _strict(resp, spec=None) -> dict:
    """A 200 in strict JSON (no NaN) that validates against the schema /openapi.json declares."""
    assert resp.status_code == 200, resp.get_data(as_text=True)
    body = json.loads(resp.get_data(as_text=True), parse_constant=lambda c: pytest.fail(f"not strict JSON: {c}"))
    assert_conforms(_SPEC[0], "GET", resp.request.path, 200, body)
    return body


_SPEC: list[dict] = []


@pytest.mark.skipif(not MED.exists(), reason="published dataset not on this machine")
def test_network_endpoints(client):
    listed = _strict(client.get("/api/v1/diffusion/networks"))
    assert listed["networks"][0]["name"] == "medinnovations" and listed["networks"][0]["adopters"] == 109
    body = _strict(client.get("/api/v1/diffusion/networks/medinnovations"))
    assert body["people"] == 125 and len(body["adoption_curve"]) == 17
    assert client.get("/api/v1/diffusion/networks/nope").status_code == 404
    assert client.get("/api/v1/diffusion/networks/..%2Fx").status_code == 404


def test_cascades_and_health(client):
    over = _strict(client.get("/api/v1/diffusion/cascades"))
    assert over["cascades"] > 0 and over["by_cascade"][0]["size"] >= 2
    root = over["by_cascade"][0]["root"]
    one = _strict(client.get(f"/api/v1/diffusion/practices/{root}"))
    assert one["size"] == over["by_cascade"][0]["size"] and one["tree"]
    people = _strict(client.get(f"/api/v1/diffusion/practices/{root}/network"))
    assert people["adopters"] >= 2 and people["by_group"] == []
    cluster = over["cluster_flows"][0]["cluster"]
    health = _strict(client.get(f"/api/v1/clusters/{cluster}/health"))
    assert health["meetings"] > 0 and health["timeline"][0]["date"].count("-") == 2
    comp = _strict(client.get("/api/v1/clusters/comparison"))
    assert set(comp["by_kind"]) == {"official", "voluntary"} and "caveat" in comp["persistence"]


def test_without_public_reading_an_anonymous_caller_is_refused(client):
    app = create_app(store=InMemoryStore(dimension=HashingEmbedder.dimension), embedder=HashingEmbedder())
    resp = app.test_client().get("/api/v1/clusters/comparison")
    assert resp.status_code == 401 and resp.get_json()["error"]["code"] == "unauthorised"


def test_missing_things_are_404_envelopes(client):
    for url in ("/api/v1/clusters/nope/health", "/api/v1/diffusion/practices/nope"):
        resp = client.get(url)
        assert resp.status_code == 404 and resp.get_json()["error"]["code"] == "not_found"
        assert_conforms(_SPEC[0], "GET", url, 404, resp.get_json())


def test_openapi_lists_the_research_paths(client):
    spec = client.get("/openapi.json").get_json()
    for path in ("/api/v1/diffusion/networks/{name}", "/api/v1/clusters/{cluster_id}/health",
                 "/api/v1/clusters/comparison", "/api/v1/diffusion/cascades"):
        assert path in spec["paths"]
    from openapi_spec_validator import validate

    validate(spec)
