"""/api/v1: experts, practices, lineage, records, health.

Each route is one `api_route` declaration (routing.py): its query, body and response
models are the whole contract, and /openapi.json is generated from them. A new area of
routes goes in its own module with its own Blueprint, registered under /api/v1 in
api/__init__.py.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app

from practicegraph.accounts.policy import refusals
from practicegraph.api.auth import Forbidden, current_viewer, require_identity
from practicegraph.api.trust import attach_introductions, consenting_experts, fetch_limit
from practicegraph.api import services
from practicegraph.api.errors import BadRequest
from practicegraph.api.responses.directory import FacetsResponse, PersonResponse
from practicegraph.api.responses.records import RetractResponse
from practicegraph.api.responses import (ErrorEnvelope, ExpertsResponse, HealthResponse, IngestResponse, ReadyResponse,
                                         LineageResponse, PracticeResponse)
from practicegraph.api.routing import api_route
from practicegraph.api.schemas import ExpertQuery, LineageQuery, RecordsBody
from practicegraph.errors import StoreUnavailable
from practicegraph.graph.types import Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from practicegraph.queries.expertise import find_experts
from practicegraph.queries.facets import UnknownFilter, facets, resolve_filters
from practicegraph.queries.lineage import lineage
from practicegraph.queries.people import person_view
from practicegraph.queries.practices import practice_detail

v1_bp = Blueprint("v1", __name__)

INVALID_PARAMETERS = (ErrorEnvelope, "Invalid parameters (field, reason)")
NOT_VISIBLE = (ErrorEnvelope, "No such practice, or not visible to you (the same answer)")
UNAUTHORISED = (ErrorEnvelope, "Sign in first: a Bearer token or the web app's session (WWW-Authenticate says how)")
PRACTICE_ID = {"practice_id": "The practice's id"}


def _viewer() -> Viewer:
    # the signed-in person's viewer, from their memberships today (anonymous if allowed)
    return current_viewer()


@api_route(v1_bp, "GET", "/health", summary="Liveness", responses={200: HealthResponse})
def health() -> HealthResponse:
    return HealthResponse(status="ok")


@api_route(v1_bp, "GET", "/ready", summary="Readiness: the store is open, its schema current, its vectors the model's size",
           responses={200: ReadyResponse, 503: (ErrorEnvelope, "Not ready (details say why)")})
def ready() -> ReadyResponse:
    svc = services()
    problems = svc.store.problems()
    if svc.store.vector_dimension() not in (None, svc.embedder.dimension):
        problems.append(f"the store holds {svc.store.vector_dimension()}-d vectors; the model gives "
                        f"{svc.embedder.dimension}-d")
    if problems:
        raise StoreUnavailable("; ".join(problems))
    return ReadyResponse(status="ready")


@api_route(v1_bp, "GET", "/experts", query=ExpertQuery,
           summary="Who has developed practice in X? Peers ranked by evidence, with the evidence shown",
           responses={200: (ExpertsResponse, "Ranked people with evidence items"), 401: UNAUTHORISED,
                      422: INVALID_PARAMETERS})
def experts(query: ExpertQuery) -> ExpertsResponse:
    svc = services()
    viewer = _viewer()
    found = find_experts(svc.store, svc.embedder, query.q, filters=_resolved(query, viewer),
                         viewer=viewer, limit=fetch_limit(query.limit))
    found = consenting_experts(found, query.limit)  # a researcher's: consent before the limit
    response = ExpertsResponse.of(query.q, query.model_dump(exclude={"q", "limit"}, exclude_none=True), found)
    attach_introductions(response, found, svc.store)
    return response


def _resolved(query: ExpertQuery, viewer: Viewer):
    """Filters by id, name, prefix or synonym (queries/facets.py); an unknown one is a 422
    naming the closest known values, never a silent empty answer."""
    try:
        return resolve_filters(services().store, query.filters(), viewer)
    except UnknownFilter as exc:
        raise BadRequest(str(exc), [{"field": exc.field, "reason": "ambiguous" if exc.ambiguous else "unknown",
                                     "closest": exc.closest}], status=422, code="invalid_parameters") from exc


@api_route(v1_bp, "GET", "/facets",
           summary="What each /experts filter accepts (subjects, phases, regions, clusters, schools), with counts "
                   "over what you may see",
           responses={200: (FacetsResponse, "The choices"), 401: UNAUTHORISED})
def facet_choices() -> FacetsResponse:
    return FacetsResponse.of(facets(services().store, _viewer()))


@api_route(v1_bp, "GET", "/people/<person_id>", path={"person_id": "The person's id"},
           summary="A person: the practices they developed or adapted that you may see, their adaptations, "
                   "an activity summary (counts) and where to reach them",
           responses={200: (PersonResponse, "The person"), 401: UNAUTHORISED,
                      404: (ErrorEnvelope, "No such person")})
def person(person_id: str) -> PersonResponse:
    return PersonResponse.of(person_view(services().store, person_id, _viewer()))


@api_route(v1_bp, "GET", "/practices/<practice_id>", path=PRACTICE_ID,
           summary="A practice with its developers, where it came from and went, and similar practices",
           responses={200: (PracticeResponse, "The practice"), 401: UNAUTHORISED, 404: NOT_VISIBLE})
def practice(practice_id: str) -> PracticeResponse:
    return PracticeResponse.of_view(practice_detail(services().store, practice_id, _viewer()))


@api_route(v1_bp, "GET", "/practices/<practice_id>/lineage", path=PRACTICE_ID, query=LineageQuery,
           summary="Adaptation lineage: ancestors, descendants or both, each edge with mode and what changed",
           responses={200: (LineageResponse, "Nodes, edges and nested trees"), 401: UNAUTHORISED, 404: NOT_VISIBLE,
                      422: INVALID_PARAMETERS})
def practice_lineage(practice_id: str, query: LineageQuery) -> LineageResponse:
    result = lineage(services().store, practice_id, direction=query.direction, depth=query.depth,
                     viewer=_viewer())
    return LineageResponse.of(result)


@api_route(v1_bp, "POST", "/records", body=RecordsBody, validate_body=False,
           summary="Ingest one record, a list, or {records: [...]}; all or nothing, idempotent",
           responses={200: (IngestResponse, "Nothing new (all unchanged)"), 201: (IngestResponse, "Written"),
                      400: (ErrorEnvelope, "Body is not JSON"), 401: UNAUTHORISED,
                      403: (ErrorEnvelope, "Your roles do not cover some of these records (index, reason): nothing written"),
                      409: (ErrorEnvelope, "Same id, different content: nothing written"),
                      413: (ErrorEnvelope, "Too large, or too many records"),
                      422: (ErrorEnvelope, "Invalid records (index, field, reason): nothing written")})
def records(body: Any) -> tuple[IngestResponse, int]:
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
    refused = refusals(require_identity(), batch)
    if refused:
        raise Forbidden(f"not allowed to write {len(refused)} of these records", refused)
    svc = services()
    report = ingest(svc.store, svc.embedder, [Item(r, i) for i, r in enumerate(batch)], viewer=_viewer())
    return IngestResponse.of(report), 201 if report.written else 200


@api_route(v1_bp, "DELETE", "/records/<record_id>", path={"record_id": "The observation's or exchange's id"},
           summary="Retract your own observation or exchange: gone from search, vectors and full text; "
                   "its id stays so a re-sent copy is recognised",
           responses={200: (RetractResponse, "Retracted"), 401: UNAUTHORISED,
                      403: (ErrorEnvelope, "You can see it but did not write it"),
                      404: (ErrorEnvelope, "No such record, or not visible to you (the same answer)"),
                      422: (ErrorEnvelope, "Only observations and exchanges can be retracted")})
def retract_record(record_id: str) -> RetractResponse:
    from practicegraph.api.trust import retract_own

    return retract_own(services(), record_id)


from practicegraph.api import ownership  # noqa: E402,F401  (its routes are declared on v1_bp)
