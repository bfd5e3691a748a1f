"""OpenAPI 3.1 document at /openapi.json, generated from the route registry (routing.py)
and the models' JSON schemas; and a small interactive page at /docs."""

from __future__ import annotations

from importlib import resources
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from practicegraph.api.routing import ApiRoute, openapi_path, registered_routes

docs_bp = Blueprint("docs", __name__)

_REF = "#/components/schemas/{model}"
INFO = {"title": "practicegraph", "version": "0.1.0",
        "description": "Find peers who have developed a practice, and trace how practice travelled. "
                       "Development data only: nothing here ranks teachers for appraisal."}


def build_spec(app: Flask) -> dict[str, Any]:
    routes = registered_routes(app)
    schemas, components = _schemas(routes)
    paths: dict[str, dict[str, Any]] = {}
    for rule, route in routes:
        paths.setdefault(openapi_path(rule.rule), {})[route.method.lower()] = _operation(rule.endpoint, route, schemas)
    return {"openapi": "3.1.0", "info": INFO, "paths": paths, "components": {"schemas": components}}


def _schemas(routes) -> tuple[dict, dict]:
    """One $defs for all models: responses as serialised, bodies as validated."""
    wanted: dict[tuple[type[BaseModel], JsonSchemaMode], None] = {}
    for _, route in routes:
        for reply in route.responses.values():
            wanted[(reply.model, "serialization")] = None
        if route.body is not None:
            wanted[(route.body, "validation")] = None
    refs, top = models_json_schema(list(wanted), ref_template=_REF)
    return refs, top.get("$defs", {})


def _operation(endpoint: str, route: ApiRoute, schemas: dict) -> dict[str, Any]:
    params = [{"name": p.name, "in": "path", "required": True, "description": p.description,
               "schema": {"type": p.type}} for p in route.path_params]
    for name, spec in route.headers.items():  # a description, or (description, pattern)
        description, pattern = (spec, None) if isinstance(spec, str) else spec
        params.append({"name": name, "in": "header", "required": True, "description": description,
                       "schema": {"type": "string", **({"pattern": pattern} if pattern else {})}})
    if route.query is not None:
        params += query_parameters(route.query)
    op: dict[str, Any] = {"summary": route.summary, "operationId": endpoint.replace(".", "_")}
    if params:
        op["parameters"] = params
    if route.body is not None:
        content: dict[str, Any] = {"schema": schemas[(route.body, "validation")]}
        examples = route.body.model_json_schema().get("examples")
        if examples:  # /docs fills its form with this
            content["example"] = examples[0]
        op["requestBody"] = {"required": True, "content": {"application/json": content}}
    op["responses"] = {
        str(status): {"description": reply.description,
                      "content": {"application/json": {"schema": schemas[(reply.model, "serialization")]}}}
        for status, reply in sorted(route.responses.items())}
    return op


def query_parameters(query_model: type[BaseModel]) -> list[dict]:
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


@docs_bp.get("/openapi.json")
def openapi_json():
    # built once per app: the routes and models do not change while it runs
    spec = current_app.extensions.get("openapi")
    if spec is None:
        spec = current_app.extensions["openapi"] = build_spec(current_app)
    return jsonify(spec)


_DOCS_FILES = {"docs": ("docs.html", "text/html"), "docs.js": ("docs.js", "text/javascript"),
               "docs.css": ("docs.css", "text/css")}


@docs_bp.get("/<any(docs, 'docs.js', 'docs.css'):name>")
def docs(name: str):
    """The docs page and its script and style, as files: the content-security policy
    allows no inline code."""
    filename, mimetype = _DOCS_FILES[name]
    page = resources.files("practicegraph.api").joinpath("static", filename).read_text(encoding="utf-8")
    return Response(page, mimetype=mimetype)


@docs_bp.get("/")
def index():
    return {"name": "practicegraph", "docs": "/docs", "openapi": "/openapi.json", "api": "/api/v1"}
