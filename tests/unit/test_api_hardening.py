"""Every response and request alike: headers, request ids, refusals in the envelope, and
the store's failures as 503 with Retry-After."""

from __future__ import annotations

import logging
from contextlib import contextmanager

import pytest

from practicegraph.errors import StoreUnavailable
from practicegraph.graph.memory import InMemoryStore
from tests.accounts_world import importer_app, importer_client
from tests.fakes import HashingEmbedder

PERSON = {"type": "person", "id": "p-ann", "name": "Ann"}


def _client(store=None):
    store = store or InMemoryStore(dimension=64)
    return importer_client(store)


def _envelope(resp, status, code):
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.is_json and resp.get_json()["error"]["code"] == code
    return resp.get_json()["error"]


@pytest.mark.parametrize("path", ["/api/v1/health", "/api/v1/nope", "/docs", "/openapi.json"])
def test_every_response_carries_nosniff_csp_and_a_request_id(path):
    resp = _client().get(path)
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in resp.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in resp.headers["Content-Security-Policy"]
    assert len(resp.headers["X-Request-Id"]) >= 16


def test_a_callers_request_id_is_kept_and_logged_without_the_query(caplog):
    with caplog.at_level(logging.INFO, logger="practicegraph.requests"):
        resp = _client().get("/api/v1/experts?q=my+private+question", headers={"X-Request-Id": "abc-123"})
    assert resp.headers["X-Request-Id"] == "abc-123"
    line = [r.getMessage() for r in caplog.records if "abc-123" in r.getMessage()]
    assert line and "/api/v1/experts 200" in line[0] and "private" not in line[0]


def test_a_request_id_that_is_not_a_short_token_is_replaced():
    resp = _client().get("/api/v1/health", headers={"X-Request-Id": "x" * 500})
    assert resp.headers["X-Request-Id"] != "x" * 500


def test_double_slashes_are_not_redirected_to_an_html_page():
    _envelope(_client().get("/api//health"), 404, "not_found")


def test_a_very_long_url_is_414_in_the_envelope():
    _envelope(_client().get("/api/v1/experts?q=" + "a" * 1_000_000), 414, "uri_too_long")


def test_unknown_query_parameters_are_refused_on_every_route():
    client = _client()
    client.post("/api/v1/records", json=[PERSON, {"type": "practice", "id": "pr-a", "title": "T",
                                                  "description": "D", "visibility": "public"}])
    for path in ("/api/v1/health?x=1", "/api/v1/practices/pr-a?x=1", "/api/v1/experts?q=talk&x=1",
                 "/api/v1/practices/pr-a/lineage?x=1"):
        _envelope(client.get(path), 422, "invalid_parameters")


def test_duplicate_json_keys_are_refused_not_last_one_wins():
    body = ('{"type": "practice", "id": "pr-a", "title": "T", "description": "D", '
            '"visibility": "private", "visibility": "public"}')
    err = _envelope(_client().post("/api/v1/records", data=body, content_type="application/json"),
                    400, "bad_request")
    assert "visibility" in err["message"]


def test_ready_when_the_store_is_open_and_current():
    assert _client().get("/api/v1/ready").get_json() == {"status": "ready"}


class _Unavailable(InMemoryStore):
    @contextmanager
    def unit_of_work(self):
        raise StoreUnavailable("write failed: IO exception: No space left on device")
        yield  # pragma: no cover

    def problems(self):
        return ["the database cannot be read: IO exception"]


def test_disk_full_or_store_down_is_503_with_retry_after_and_a_log_line(caplog):
    client = _client(_Unavailable(dimension=64))
    with caplog.at_level(logging.ERROR):
        resp = client.post("/api/v1/records", json=PERSON)
    _envelope(resp, 503, "store_unavailable")
    assert resp.headers["Retry-After"].isdigit()
    assert any("No space left" in r.getMessage() for r in caplog.records)
    not_ready = client.get("/api/v1/ready")
    _envelope(not_ready, 503, "store_unavailable")
