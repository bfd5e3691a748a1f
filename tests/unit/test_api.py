"""The API on the in-memory store and the hashing embedder: envelope, limits, statuses."""

import json

import pytest

from practicegraph.api import create_app
from practicegraph.graph.memory import InMemoryStore
from tests.fakes import HashingEmbedder


@pytest.fixture
def accounts(tmp_path):
    from practicegraph.accounts.store import AccountStore

    return AccountStore(tmp_path / "accounts.sqlite")


@pytest.fixture
def client(accounts):
    store = InMemoryStore(dimension=64)
    store.install()
    app = create_app(store=store, embedder=HashingEmbedder(), max_request_bytes=200_000,
                     max_records_per_request=3, accounts=accounts)
    accounts.add("importer", None, "test")
    accounts.grant("importer", "administrator", "deployment", "*", "test")
    c = app.test_client()
    c.environ_base["HTTP_AUTHORIZATION"] = "Bearer " + accounts.issue_token("importer", "test")
    return c


def _envelope(resp, status, code):
    assert resp.status_code == status
    err = resp.get_json()["error"]
    assert err["code"] == code and err["message"] and isinstance(err["details"], list)
    return err


def test_records_then_query_then_lineage(client):
    recs = [{"type": "person", "id": "a", "name": "Ann"},
            {"type": "practice", "id": "p1", "title": "jigsaw reading", "description": "expert groups read",
             "visibility": "public", "developers": [{"person": "a"}]},
            {"type": "practice", "id": "p2", "title": "jigsaw maths", "description": "expert groups solve",
             "visibility": "public", "developers": [{"person": "a"}]}]
    assert client.post("/api/v1/records", json=recs).status_code == 201
    assert client.post("/api/v1/records", json={"type": "adaptation", "practice": "p2", "source": "p1",
                                                 "mode": "adaptive"}).status_code == 201
    body = client.get("/api/v1/experts?q=jigsaw expert groups").get_json()
    assert body["results"][0]["person"]["id"] == "a"
    tree = client.get("/api/v1/practices/p1/lineage?direction=descendants").get_json()
    assert tree["descendants"]["adaptations"][0]["edge"]["mode"] == "adaptive"


def test_limits_and_malformed_bodies(client):
    _envelope(client.post("/api/v1/records", json=[{"type": "person", "id": str(i), "name": "x"}
                                                   for i in range(4)]), 413, "too_many_records")
    _envelope(client.post("/api/v1/records", data="[" * 50_000, content_type="application/json"),
              400, "bad_request")
    _envelope(client.post("/api/v1/records", data=json.dumps("x" * 300_000), content_type="application/json"),
              413, "request_entity_too_large")
    _envelope(client.post("/api/v1/records", json=[]), 422, "invalid_records")
    err = _envelope(client.post("/api/v1/records", json=7), 422, "invalid_records")
    assert err["details"][0]["field"] == "record"


def test_query_parameter_errors(client):
    _envelope(client.get("/api/v1/experts"), 422, "invalid_parameters")
    _envelope(client.get("/api/v1/experts?q=ab&limit=0"), 422, "invalid_parameters")
    _envelope(client.get("/api/v1/experts?q=ab&q=cd"), 422, "invalid_parameters")
    _envelope(client.get("/api/v1/experts?q=ab&colour=red"), 422, "invalid_parameters")
    _envelope(client.get("/api/v1/practices/x/lineage?direction=sideways"), 422, "invalid_parameters")
    _envelope(client.get("/api/v1/practices/none/lineage"), 404, "not_found")


def test_unexpected_errors_are_500_in_the_envelope(accounts, caplog):
    class Broken(InMemoryStore):
        def vector_top_k(self, *a, **k):
            raise RuntimeError("disk on fire")

    app = create_app(store=Broken(dimension=64), embedder=HashingEmbedder(), accounts=accounts,
                     public_read=True)
    err = _envelope(app.test_client().get("/api/v1/experts?q=anything"), 500, "internal_error")
    assert "disk on fire" not in err["message"]  # internals stay in the log
    assert "disk on fire" in caplog.text


def test_openapi_document_is_valid_and_served(client):
    from openapi_spec_validator import validate

    spec = client.get("/openapi.json").get_json()
    validate(spec)
    assert spec["openapi"] == "3.1.0"
    lineage = spec["paths"]["/api/v1/practices/{practice_id}/lineage"]["get"]["parameters"]
    assert {p["name"]: p["schema"].get("default") for p in lineage if p["in"] == "query"} == {
        "direction": "both", "depth": 3}
    assert client.get("/docs").status_code == 200


def test_records_answer_per_record_and_say_who_can_see_them(client):
    recs = [{"type": "person", "id": "a", "name": "Ann"}, {"type": "person", "id": "b", "name": "Ben"},
            {"type": "observation", "observer": "a", "observed": "b", "date": "2024-05-01",
             "focus": "questioning"}]
    first = client.post("/api/v1/records", json=recs[:2])
    assert [(r["index"], r["id"], r["outcome"]) for r in first.get_json()["records"]] == [
        (0, "a", "written"), (1, "b", "written")]
    body = client.post("/api/v1/records", json=recs[1:]).get_json()
    assert [(r["index"], r["type"], r["outcome"]) for r in body["records"]] == [
        (0, "person", "unchanged"), (1, "observation", "written")]
    assert body["visible_to"] == {"pair": 1}  # an observation is the pair's by default
