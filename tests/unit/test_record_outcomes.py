"""POST /api/v1/records says, per record, whether it was written or was already there."""

import pytest

from practicegraph.graph.memory import InMemoryStore
from tests.accounts_world import importer_client
from tests.fakes import HashingEmbedder

PERSON = {"type": "person", "id": "t-a", "name": "Ann"}
OBSERVATION = {"type": "observation", "observer": "t-a", "observed": "t-b", "date": "2024-03-01",
               "focus": "hinge questions", "visibility": "public"}


@pytest.fixture
def client():
    store = InMemoryStore(dimension=HashingEmbedder.dimension)
    store.install()
    return importer_client(store, max_records_per_request=4)


def test_each_record_written_or_unchanged(client):
    first = client.post("/api/v1/records", json=[PERSON, {"type": "person", "id": "t-b", "name": "Ben"}])
    assert first.status_code == 201
    assert [(r["index"], r["id"], r["outcome"]) for r in first.get_json()["records"]] == [
        (0, "t-a", "written"), (1, "t-b", "written")]
    second = client.post("/api/v1/records", json=[OBSERVATION, PERSON, PERSON])
    body = second.get_json()
    assert second.status_code == 201
    outcomes = [(r["index"], r["type"], r["outcome"]) for r in body["records"]]
    assert outcomes == [(0, "observation", "written"), (1, "person", "unchanged")]  # the repeat is listed once
    assert body["records"][0]["id"].startswith("observation-")  # the id derived from its natural key


def test_rejected_records_say_why_and_the_limit_is_413(client):
    resp = client.post("/api/v1/records", json=[PERSON, {"type": "person", "id": "t-c", "nmae": "C"}])
    err = resp.get_json()["error"]
    assert resp.status_code == 422
    assert {(d["index"], d["field"]) for d in err["details"]} == {(1, "name"), (1, "nmae")}
    assert "did you mean name?" in next(d["reason"] for d in err["details"] if d["field"] == "nmae")
    assert client.post("/api/v1/records", json=[PERSON] * 5).status_code == 413
