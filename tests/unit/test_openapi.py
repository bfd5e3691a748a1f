"""The OpenAPI document is generated from the route registry, and the server keeps to it:
every /api/v1 rule is declared, every response has a real schema, and real responses
validate against the schema declared for their status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Blueprint, Flask

from practicegraph.api.errors import register_error_handlers
from practicegraph.api.responses import ErrorEnvelope, HealthResponse, IngestResponse
from practicegraph.api.routing import api_route, openapi_path, registered_routes
from practicegraph.api.schemas import ExpertQuery
from practicegraph.errors import StoreUnavailable
from practicegraph.graph.memory import InMemoryStore
from tests.contract import assert_conforms, response_schema, schema_errors
from tests.accounts_world import importer_app, importer_client
from tests.fakes import HashingEmbedder

CORPUS = Path(__file__).parents[1] / "data" / "corpus.jsonl"
STATEMENTS = json.loads((Path(__file__).parents[2] / "examples" / "xapi" / "statements.json").read_text())
XAPI = {"X-Experience-API-Version": "1.0.3"}


def _records() -> list[dict]:
    lines = CORPUS.read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.startswith("#")]


@pytest.fixture
def app():
    store = InMemoryStore(dimension=HashingEmbedder.dimension)
    store.install()
    return importer_app(store, max_records_per_request=100)


@pytest.fixture
def spec(app):
    return app.test_client().get("/openapi.json").get_json()


def test_the_document_is_valid_openapi_3_1(spec):
    from openapi_spec_validator import validate

    validate(spec)
    assert spec["openapi"] == "3.1.0"


def test_every_api_rule_is_declared_and_documented(app, spec):
    api_rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1")]
    declared = {r.endpoint: route for r, route in registered_routes(app)}
    assert api_rules
    for rule in api_rules:
        assert rule.endpoint in declared, f"{rule.rule} has no api_route declaration"
        route = declared[rule.endpoint]
        assert rule.methods - {"HEAD", "OPTIONS"} == {route.method}
        assert route.method.lower() in spec["paths"][openapi_path(rule.rule)]
    documented = {(p, m) for p, ops in spec["paths"].items() for m in ops}
    assert documented == {(openapi_path(r.rule), route.method.lower()) for r, route in registered_routes(app)}


def test_every_response_has_a_real_schema_and_errors_use_the_envelope(spec):
    components = spec["components"]["schemas"]
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            assert {"200", "500", "503"} & set(op["responses"]), (path, method)
            for status, response in op["responses"].items():
                schema = response["content"]["application/json"]["schema"]
                name = schema["$ref"].rsplit("/", 1)[-1]
                declared = components[name]  # an object with its properties, or an array of typed items
                assert declared.get("properties") or declared.get("items", {}).get("type"), (path, method, status)
                if int(status) >= 400:
                    assert name == "ErrorEnvelope", (path, method, status)


def test_path_and_query_parameters_are_declared(spec):
    lineage = spec["paths"]["/api/v1/practices/{practice_id}/lineage"]["get"]["parameters"]
    assert [(p["name"], p["in"], p["required"]) for p in lineage] == [
        ("practice_id", "path", True), ("direction", "query", False), ("depth", "query", False)]
    assert spec["paths"]["/api/v1/records"]["post"]["requestBody"]["content"]["application/json"]["example"]


def _exchange(client):
    """(method, path, status, body) for a tour of the API: successes and each error."""
    records = _records()
    calls = [
        ("GET", "/api/v1/health", {}),
        ("POST", "/api/v1/records", {"json": records}),
        # again, as the anonymous writer: what it may see is unchanged (hidden records would be taken ids)
        ("POST", "/api/v1/records", {"json": {"records": records[:4]}}),
        ("POST", "/api/v1/records", {"json": {**records[1], "name": "Someone else"}}),
        ("POST", "/api/v1/records", {"json": [{"type": "practice", "id": "p"}]}),
        ("POST", "/api/v1/records", {"json": [{"type": "person", "id": str(i), "name": "x"} for i in range(101)]}),
        ("POST", "/api/v1/records", {"data": "{oops", "content_type": "application/json"}),
        ("POST", "/api/v1/xapi/statements", {"json": STATEMENTS, "headers": XAPI}),
        ("POST", "/api/v1/xapi/statements", {"json": STATEMENTS[0]}),
        ("POST", "/api/v1/xapi/statements", {"json": [{**STATEMENTS[0], "id": "nope"}], "headers": XAPI}),
        ("GET", "/api/v1/experts?q=ab&q=cd", {}),
        ("GET", "/api/v1/experts?q=x", {}),
        ("GET", "/api/v1/practices/pr-ayesha-private", {}),
        ("GET", "/api/v1/practices/none/lineage", {}),
        ("GET", "/api/v1/practices/pr-multigrade-groups/lineage?depth=0", {}),
    ]
    for q in ("group work in large multigrade classes", "mixed-age reading"):
        calls += [("GET", f"/api/v1/experts?q={q}", {}), ("GET", f"/api/v1/experts?q={q}&region=Pinetown", {})]
    for pid in ("pr-multigrade-groups", "pr-multigrade-reading", "pr-multigrade-groups-v2"):
        calls.append(("GET", f"/api/v1/practices/{pid}", {}))
        for direction in ("ancestors", "descendants", "both"):
            calls.append(("GET", f"/api/v1/practices/{pid}/lineage?direction={direction}&depth=1", {}))
            calls.append(("GET", f"/api/v1/practices/{pid}/lineage?direction={direction}&depth=10", {}))
    for method, url, kwargs in calls:
        resp = client.open(url, method=method, **kwargs)
        yield method, url.split("?")[0], resp.status_code, resp.get_json()


def test_real_responses_validate_against_their_declared_schema(app, spec):
    seen = set()
    for method, path, status, body in _exchange(app.test_client()):
        assert_conforms(spec, method, path, status, body)
        seen.add((method, status))
    # the tour met every status the API declares for its own errors
    assert seen >= {("GET", 200), ("POST", 201), ("POST", 200), ("POST", 409), ("POST", 422),
                    ("POST", 413), ("POST", 400), ("GET", 422), ("GET", 404)}


def test_a_lineage_tree_with_every_key_validates_and_a_stray_key_does_not(app, spec):
    client = app.test_client()
    client.post("/api/v1/records", json=_records())
    path = "/api/v1/practices/pr-multigrade-groups/lineage"
    body = client.get(path + "?direction=both&depth=10").get_json()
    assert body["descendants"]["adaptations"][0]["edge"]["mode"]
    schema = response_schema(spec, "GET", path, 200)
    assert not schema_errors(spec, schema, body)
    body["descendants"]["adaptations"][0]["edge"]["colour"] = "red"
    del body["nodes"][0]["developers"]
    assert len(schema_errors(spec, schema, body)) == 2  # the schema is strict enough to fail


def test_500_and_503_are_declared_and_in_the_envelope(spec):
    class Broken(InMemoryStore):
        def vector_top_k(self, *a, **k):
            raise RuntimeError("disk on fire")

        def get_practice(self, *a, **k):
            raise StoreUnavailable("locked")

    client = importer_client(Broken(dimension=64))
    resp = client.get("/api/v1/experts?q=anything")
    assert resp.status_code == 500
    assert_conforms(spec, "GET", "/api/v1/experts", 500, resp.get_json())
    resp = client.get("/api/v1/practices/p")
    assert resp.status_code == 503 and resp.headers["Retry-After"] == "5"
    assert_conforms(spec, "GET", "/api/v1/practices/p", 503, resp.get_json())


def _tiny_app(view_result):
    bp = Blueprint("t", __name__)

    @api_route(bp, "GET", "/thing/<int:n>", summary="test", path={"n": "a number"},
               responses={200: HealthResponse, 404: ErrorEnvelope})
    def thing(n: int):
        return view_result(n)

    app = Flask(__name__)
    register_error_handlers(app)
    app.register_blueprint(bp, url_prefix="/api/v1")
    return app


def test_a_view_can_only_answer_what_its_route_declares():
    ok = _tiny_app(lambda n: HealthResponse(status="ok")).test_client().get("/api/v1/thing/3")
    assert ok.status_code == 200 and ok.get_json() == {"status": "ok"}
    with_header = _tiny_app(lambda n: (HealthResponse(status="ok"), 200, {"X-N": str(n)}))
    assert with_header.test_client().get("/api/v1/thing/3").headers["X-N"] == "3"
    for wrong in (lambda n: IngestResponse(written=n, unchanged=0, embedded=0, similar_links=0),
                  lambda n: (HealthResponse(status="ok"), 201),
                  lambda n: HealthResponse(status="broken")):  # a model that cannot be built
        resp = _tiny_app(wrong).test_client().get("/api/v1/thing/3")
        assert resp.status_code == 500 and resp.get_json()["error"]["code"] == "internal_error"
    # while a view that validates client data itself still answers 422
    resp = _tiny_app(lambda n: ExpertQuery.model_validate({"q": "x"})).test_client().get("/api/v1/thing/3")
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "invalid_parameters"


def test_path_parameters_come_from_the_rule():
    (_, route), = registered_routes(_tiny_app(lambda n: None))
    assert [(p.name, p.type, p.description) for p in route.path_params] == [("n", "integer", "a number")]
    with pytest.raises(ValueError, match="no path parameter"):
        api_route(Blueprint("x", __name__), "GET", "/a/<b>", summary="s", responses={200: HealthResponse},
                  path={"c": "?"})


def test_an_undeclared_method_is_405_with_allow_in_the_envelope(app):
    resp = app.test_client().delete("/api/v1/health")
    assert resp.status_code == 405 and resp.get_json()["error"]["code"] == "method_not_allowed"
    assert set(resp.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}
    assert resp.headers["Content-Type"] == "application/json"
