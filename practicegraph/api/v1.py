"""/api/v1: experts, practices, lineage, records, health."""

from __future__ import annotations

from flask import Blueprint, current_app, request

from practicegraph.accounts.present import fetch_limit, present_experts
from practicegraph.accounts.web import Forbidden, current_viewer, require_identity
from practicegraph.accounts.policy import refusals
from practicegraph.api import services
from practicegraph.api.errors import BadRequest
from practicegraph.api.schemas import ExpertQuery, LineageQuery
from practicegraph.graph.types import Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from practicegraph.queries.expertise import find_experts
from practicegraph.queries.lineage import lineage
from practicegraph.queries.practices import practice_detail

v1_bp = Blueprint("v1", __name__)


def _viewer() -> Viewer:
    # the signed-in person's viewer, from their memberships today (anonymous if allowed)
    return current_viewer()


def _params(model):
    given = request.args.to_dict(flat=False)
    repeated = [k for k, v in given.items() if len(v) > 1]
    if repeated:
        raise BadRequest("a parameter was given more than once", [{"field": k} for k in repeated],
                         status=422, code="invalid_parameters")
    return model.model_validate({k: v[0] for k, v in given.items()})


@v1_bp.get("/health")
def health():
    return {"status": "ok"}


@v1_bp.get("/experts")
def experts():
    params = _params(ExpertQuery)
    svc = services()
    found = find_experts(svc.store, svc.embedder, params.q, filters=params.filters(),
                         viewer=_viewer(), limit=fetch_limit(params.limit))
    results = present_experts(found, params.limit, svc.store)
    return {"query": params.q,
            "filters": params.model_dump(exclude={"q", "limit"}, exclude_none=True),
            "count": len(results), "results": results}


@v1_bp.get("/practices/<practice_id>")
def practice(practice_id: str):
    return practice_detail(services().store, practice_id, _viewer())


@v1_bp.get("/practices/<practice_id>/lineage")
def practice_lineage(practice_id: str):
    params = _params(LineageQuery)
    result = lineage(services().store, practice_id, direction=params.direction,
                     depth=params.depth, viewer=_viewer())
    return result.as_dict()


@v1_bp.post("/records")
def records():
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        raise BadRequest("the JSON body is nested too deeply") from None
    if body is None:
        raise BadRequest("the body must be JSON (Content-Type: application/json): a record, "
                         "a list of records, or {\"records\": [...]}")
    if isinstance(body, dict) and "records" in body and "type" not in body:
        body = body["records"]
    batch = body if isinstance(body, list) else [body]
    limit = current_app.config["MAX_RECORDS_PER_REQUEST"]
    if len(batch) > limit:
        raise BadRequest(f"at most {limit} records per request; split the batch", status=413,
                         code="too_many_records")
    if not batch:
        raise BadRequest("no records given", status=422, code="invalid_records")
    refused = refusals(require_identity(), batch)
    if refused:
        raise Forbidden(f"not allowed to write {len(refused)} of these records", refused)
    svc = services()
    report = ingest(svc.store, svc.embedder, [Item(r, i) for i, r in enumerate(batch)])
    return {"written": report.written, "unchanged": report.unchanged,
            "embedded": report.embedded, "similar_links": report.similar_links}, \
        201 if report.written else 200
