"""OpenAPI 3.1 document at /openapi.json and a small interactive page at /docs."""

from __future__ import annotations

from importlib import resources

from flask import Blueprint, Response, jsonify
from pydantic import TypeAdapter

from practicegraph import model
from practicegraph.api.schemas import ExpertQuery, LineageQuery

docs_bp = Blueprint("docs", __name__)

_REF = "#/components/schemas/{model}"


def _query_parameters(query_model) -> list[dict]:
    schema = query_model.model_json_schema(ref_template=_REF)
    required = set(schema.get("required", []))
    params = []
    for name, prop in schema["properties"].items():
        # Optional[X] comes out as anyOf [X, null]; a query parameter is simply absent instead
        options = [o for o in prop.get("anyOf", []) if o.get("type") != "null"]
        body = {**(options[0] if len(options) == 1 else {}),
                **{k: v for k, v in prop.items() if k not in ("title", "description", "anyOf")}}
        if body.get("default") is None:
            body.pop("default", None)
        params.append({"name": name, "in": "query", "required": name in required,
                       "description": prop.get("description", ""), "schema": body})
    return params


def _error_response(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def build_spec() -> dict:
    record_schema = TypeAdapter(model.Record).json_schema(ref_template=_REF)
    components = dict(record_schema.pop("$defs", {}))
    components["Record"] = record_schema
    components["Error"] = {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["code", "message", "details"], "properties": {
            "code": {"type": "string"}, "message": {"type": "string"},
            "details": {"type": "array", "items": {"type": "object"}}}}}}
    obj = {"type": "object"}
    errors = {"404": _error_response("Not found (or not visible to you)"),
              "422": _error_response("Invalid parameters")}
    practice_id = {"name": "practice_id", "in": "path", "required": True, "schema": {"type": "string"}}
    example_records = [
        {"type": "person", "id": "t-amina", "name": "Amina Khan"},
        {"type": "practice", "id": "pr-talk-partners", "title": "Talk partners in multigrade maths",
         "description": "Older learners pair with younger ones to explain their working.",
         "subject": "mathematics", "phase": "primary", "visibility": "public",
         "developers": [{"person": "t-amina", "role": "originator", "date": "2024-03-01"}]},
    ]
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "practicegraph", "version": "0.1.0",
                 "description": "Find peers who have developed a practice, and trace how practice travelled. "
                                "Development data only: nothing here ranks teachers for appraisal."},
        "paths": {
            "/api/v1/health": {"get": {"summary": "Liveness", "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": obj}}}}}},
            "/api/v1/experts": {"get": {
                "summary": "Who has developed practice in X? Peers ranked by evidence, with the evidence shown",
                "parameters": _query_parameters(ExpertQuery),
                "responses": {"200": {"description": "Ranked people with evidence items",
                                      "content": {"application/json": {"schema": obj, "example": {
                                          "query": "group work in large multigrade classes", "count": 1,
                                          "results": [{"person": {"id": "t-amina", "name": "Amina Khan"}, "score": 0.61,
                                                       "evidence": [{"kind": "developed", "why": "developed 'Talk partners' ..."}]}]}}}},
                              **errors}}},
            "/api/v1/practices/{practice_id}": {"get": {
                "summary": "A practice with its developers, where it came from and went, and similar practices",
                "parameters": [practice_id],
                "responses": {"200": {"description": "The practice", "content": {"application/json": {"schema": obj}}}, **errors}}},
            "/api/v1/practices/{practice_id}/lineage": {"get": {
                "summary": "Adaptation lineage: ancestors, descendants or both, each edge with mode and what changed",
                "parameters": [practice_id] + _query_parameters(LineageQuery),
                "responses": {"200": {"description": "Nodes, edges and nested trees", "content": {"application/json": {"schema": obj}}}, **errors}}},
            "/api/v1/records": {"post": {
                "summary": "Ingest one record, a list, or {records: [...]}; all or nothing, idempotent",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"oneOf": [{"$ref": "#/components/schemas/Record"},
                                         {"type": "array", "items": {"$ref": "#/components/schemas/Record"}},
                                         {"type": "object", "properties": {"records": {"type": "array", "items": {"$ref": "#/components/schemas/Record"}}}}]},
                    "example": example_records}}},
                "responses": {"200": {"description": "Nothing new (all unchanged)", "content": {"application/json": {"schema": obj}}},
                              "201": {"description": "Written", "content": {"application/json": {"schema": obj}}},
                              "400": _error_response("Body is not JSON"),
                              "409": _error_response("Same id, different content: nothing written"),
                              "413": _error_response("Too large"),
                              "422": _error_response("Invalid records (index, field, reason): nothing written")}}},
        },
        "components": {"schemas": components},
    }
    from practicegraph.api.research import research_paths

    spec["paths"].update(research_paths())
    return spec


@docs_bp.get("/openapi.json")
def openapi_json():
    return jsonify(build_spec())


@docs_bp.get("/docs")
def docs():
    page = resources.files("practicegraph.api").joinpath("static/docs.html").read_text(encoding="utf-8")
    return Response(page, mimetype="text/html")


@docs_bp.get("/")
def index():
    return {"name": "practicegraph", "docs": "/docs", "openapi": "/openapi.json", "api": "/api/v1"}
