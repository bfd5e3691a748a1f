"""/api/v1 research endpoints: diffusion in survey networks and in the practice graph,
cluster health and the official/voluntary comparison. Aggregates only; the viewer is the
one every other endpoint uses (anonymous until accounts land)."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from flask import Blueprint, current_app

from practicegraph.api import services
from practicegraph.api.research_models import (
    CascadeResponse, CascadesResponse, ClusterHealthResponse, ComparisonResponse, NetworkDiffusionResponse,
    NetworksResponse,
)
from practicegraph.api.responses import ErrorEnvelope
from practicegraph.api.routing import api_route
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


NOT_FOUND = (ErrorEnvelope, "No such record, or not visible to you (the same answer)")


@api_route(research_bp, "GET", "/diffusion/networks", summary="Imported survey networks",
           responses={200: (NetworksResponse, "Names and counts")})
def networks() -> NetworksResponse:
    store = _datasets()
    found = []
    for name in store.names():
        meta = store.manifest(name)
        found.append({"name": name, "innovation": meta["innovation"], "time_unit": meta["time_unit"],
                      **meta["counts"]})
    return NetworksResponse.model_validate({"count": len(found), "networks": found})


@api_route(research_bp, "GET", "/diffusion/networks/<name>", path={"name": "The dataset's name"},
           summary="Diffusion in a survey network: adoption curve, hazard, exposure and thresholds per "
                   "relation, adopter categories, groups",
           responses={200: (NetworkDiffusionResponse, "All measures"), 404: NOT_FOUND})
def network(name: str) -> NetworkDiffusionResponse:
    from practicegraph.errors import NotFound, PracticeGraphError
    from practicegraph.research.datasets import check_name
    from practicegraph.research.diffusion import summary

    try:
        check_name(name)
    except PracticeGraphError as exc:
        raise NotFound(str(exc)) from None
    return NetworkDiffusionResponse.model_validate(_plain(summary(_datasets().load(name))))


@api_route(research_bp, "GET", "/diffusion/cascades",
           summary="Adaptation cascades in the practice graph: sizes, depth, structural virality, hops, modes, "
                   "school brokers, clusters that export and import practice",
           responses={200: (CascadesResponse, "Overview and one row per cascade")})
def cascades() -> CascadesResponse:
    from practicegraph.research.cascades import overview

    return CascadesResponse.model_validate(_plain(overview(services().store, viewer_of_request())))


@api_route(research_bp, "GET", "/diffusion/practices/<practice_id>", path={"practice_id": "The practice's id"},
           summary="The adaptation cascade a practice belongs to, measured from its root",
           responses={200: (CascadeResponse, "One cascade with its tree"), 404: NOT_FOUND})
def practice_cascade(practice_id: str) -> CascadeResponse:
    from practicegraph.research.cascades import cascade_report

    return CascadeResponse.model_validate(_plain(cascade_report(services().store, practice_id, viewer_of_request())))


@api_route(research_bp, "GET", "/diffusion/practices/<practice_id>/network", path={"practice_id": "The practice's id"},
           summary="The people of a practice's cascade as a diffusion network: who adopted when (month of first "
                   "developing a version), exposure through observations and exchanges, thresholds, categories",
           responses={200: (NetworkDiffusionResponse, "All survey measures, on the cascade's people"),
                      404: NOT_FOUND})
def practice_network(practice_id: str) -> NetworkDiffusionResponse:
    from practicegraph.research.cascade_network import cascade_network
    from practicegraph.research.diffusion import summary

    net = cascade_network(services().store, practice_id, viewer_of_request())
    body = summary(net)
    body["by_group"] = []  # schools of named people: aggregates above, no per-school rows of a few teachers
    return NetworkDiffusionResponse.model_validate(_plain(body))


@api_route(research_bp, "GET", "/clusters/<cluster_id>/health", path={"cluster_id": "The cluster's id"},
           summary="Cluster health: meeting regularity, attendance and trend, venue school, content against "
                   "admin and its drift, churn, leadership changes; aggregates only",
           responses={200: (ClusterHealthResponse, "Measures and a meeting timeline"), 404: NOT_FOUND})
def cluster_health(cluster_id: str) -> ClusterHealthResponse:
    from practicegraph.research.health import cluster_health as health

    return ClusterHealthResponse.model_validate(_plain(health(services().store, cluster_id, viewer_of_request())))


@api_route(research_bp, "GET", "/clusters/comparison",
           summary="Official against voluntary clusters side by side, and which measures go with a cluster "
                   "still meeting a year later (with the caveat)",
           responses={200: (ComparisonResponse, "Medians by kind, per-cluster rows, persistence model")})
def clusters_comparison() -> ComparisonResponse:
    from practicegraph.research.health import comparison

    return ComparisonResponse.model_validate(_plain(comparison(services().store, viewer_of_request())))
