"""/api/v1 research endpoints: diffusion in survey networks and in the practice graph,
cluster health and the official/voluntary comparison. Aggregates only; the viewer is the
one every other endpoint uses (anonymous until accounts land)."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from flask import Blueprint, current_app

from practicegraph.api import services
from practicegraph.api.v1 import _viewer as viewer_of_request

research_bp = Blueprint("research", __name__)


def _plain(value: Any) -> Any:
    """Dates as ISO strings and NaN as null, so every answer is strict JSON."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _datasets():
    from practicegraph.research.datasets import DatasetStore

    return DatasetStore(current_app.config.get("PRACTICEGRAPH_RESEARCH_DIR"))


@research_bp.get("/diffusion/networks")
def networks():
    store = _datasets()
    found = []
    for name in store.names():
        meta = store.manifest(name)
        found.append({"name": name, "innovation": meta["innovation"], "time_unit": meta["time_unit"],
                      **meta["counts"]})
    return {"count": len(found), "networks": found}


@research_bp.get("/diffusion/networks/<name>")
def network(name: str):
    from practicegraph.research.datasets import check_name
    from practicegraph.research.diffusion import summary
    from practicegraph.errors import NotFound, PracticeGraphError

    try:
        check_name(name)
    except PracticeGraphError as exc:
        raise NotFound(str(exc)) from None
    return _plain(summary(_datasets().load(name)))


@research_bp.get("/diffusion/cascades")
def cascades():
    from practicegraph.research.cascades import overview

    return _plain(overview(services().store, viewer_of_request()))


@research_bp.get("/diffusion/practices/<practice_id>")
def practice_cascade(practice_id: str):
    from practicegraph.research.cascades import cascade_report

    return _plain(cascade_report(services().store, practice_id, viewer_of_request()))


@research_bp.get("/clusters/<cluster_id>/health")
def cluster_health(cluster_id: str):
    from practicegraph.research.health import cluster_health as health

    return _plain(health(services().store, cluster_id, viewer_of_request()))


@research_bp.get("/clusters/comparison")
def clusters_comparison():
    from practicegraph.research.health import comparison

    return _plain(comparison(services().store, viewer_of_request()))


def _get(summary: str, description: str, params: list[dict] | None = None) -> dict:
    ok = {"description": description, "content": {"application/json": {"schema": {"type": "object"}}}}
    err = {"description": "Not found (or not visible to you)",
           "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {"get": {"summary": summary, "tags": ["research"], "parameters": params or [],
                    "responses": {"200": ok, "404": err}}}


def _path_param(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def research_paths() -> dict[str, dict]:
    """The OpenAPI paths of this blueprint (merged into /openapi.json)."""
    return {
        "/api/v1/diffusion/networks": _get("Imported survey networks", "Names and counts"),
        "/api/v1/diffusion/networks/{name}": _get(
            "Diffusion in a survey network: adoption curve, hazard, exposure and thresholds per relation, "
            "adopter categories, groups", "All measures", [_path_param("name")]),
        "/api/v1/diffusion/cascades": _get(
            "Adaptation cascades in the practice graph: sizes, depth, structural virality, hops, modes, "
            "school brokers, clusters that export and import practice", "Overview and one row per cascade"),
        "/api/v1/diffusion/practices/{practice_id}": _get(
            "The adaptation cascade a practice belongs to, measured from its root", "One cascade with its tree",
            [_path_param("practice_id")]),
        "/api/v1/clusters/{cluster_id}/health": _get(
            "Cluster health: meeting regularity, attendance and trend, venue school, content against admin "
            "and its drift, churn, leadership changes; aggregates only", "Measures and a meeting timeline",
            [_path_param("cluster_id")]),
        "/api/v1/clusters/comparison": _get(
            "Official against voluntary clusters side by side, and which measures go with a cluster still "
            "meeting a year later (with the caveat)", "Medians by kind, per-cluster rows, persistence model"),
    }
