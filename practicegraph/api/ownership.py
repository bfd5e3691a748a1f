"""/api/v1 routes for an author's own records: correct one, change who may see it, and the
consent of the people a widening needs.

Declared on the v1 blueprint (its sign-in gate and audit apply), in their own module.
Answers: 401 without identity; 404 for a record or request the asker may not see (its
existence stays private); 403 for a record they see but did not write.
"""

from __future__ import annotations

from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, RootModel

from practicegraph.accounts.policy import refusals
from practicegraph.accounts.sharing import RequestClosed, SharingRequest, UnknownRequest, Wanted
from practicegraph.api import services
from practicegraph.api.auth import Forbidden, current_viewer, require_identity, state
from practicegraph.api.errors import BadRequest
from practicegraph.api.responses import ErrorEnvelope
from practicegraph.api.routing import api_route
from practicegraph.api.v1 import UNAUTHORISED, v1_bp
from practicegraph.errors import NotFound
from practicegraph.graph.types import RecordScope
from practicegraph.ingest.correct import correct
from practicegraph.model import Exchange, Observation

Level = Literal["public", "cluster", "org", "pair", "private"]
RECORD_ID = {"record_id": "The observation's or exchange's id"}
NOT_SEEN = (ErrorEnvelope, "No such record, or not visible to you (the same answer)")
NOT_YOURS = (ErrorEnvelope, "You can see it but did not write it")
NOT_JSON = (ErrorEnvelope, "Body is not JSON")


class CorrectionBody(RootModel[Union[Observation, Exchange]]):
    """The whole record as it should now read, with the same id (or none), type, people and
    visibility. The route validates it itself, so each error names its field."""


class CorrectionResponse(BaseModel):
    """The record now reads as sent; its earlier versions are kept but never shown."""

    id: str
    type: Literal["observation", "exchange"]
    version: int = Field(description="The version now current (the first is 1)")
    corrected: bool = Field(description="false: what was sent is already the current version")


class VisibilityBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    visibility: Level
    reflection_visibility: Optional[Level] = Field(default=None, description="Unchanged if absent")
    organisation: Optional[str] = Field(default=None, max_length=200,
                                        description="The school an 'org' record is shared with (default: the record's)")
    cluster: Optional[str] = Field(default=None, max_length=200,
                                   description="The cluster a 'cluster' record is shared with (default: the record's)")


class VisibilityResponse(BaseModel):
    """`applied`: done; `pending`: a widening, waiting for the consent of the people named;
    `refused`, `superseded` (asked again), `stale` (the record changed meanwhile): not applied."""

    record: str
    status: Literal["applied", "pending", "refused", "superseded", "stale"]
    request: Optional[int] = Field(description="The request to consent to (null: a narrowing, applied at once)")
    visibility: Level
    reflection_visibility: Level
    waiting_for: list[str] = Field(description="People named on the record who have not consented yet")

    @classmethod
    def of(cls, r: SharingRequest) -> "VisibilityResponse":
        return cls(record=r.record_id, status=r.status, request=r.id, visibility=r.wanted.visibility,
                   reflection_visibility=r.wanted.reflection_visibility, waiting_for=list(r.waiting_for))


class VisibilityRequestItem(VisibilityResponse):
    requested_by: str
    organisation: Optional[str]
    cluster: Optional[str]


class VisibilityRequestsResponse(BaseModel):
    """Widenings of records that name you, waiting for consent (yours or others')."""

    requests: list[VisibilityRequestItem]


def own_record(record_id: str, verb: str, code: str) -> RecordScope:
    """The asker's own observation or exchange, or the answer that says why not."""
    require_identity()
    viewer = current_viewer()
    store = services().store
    scope = store.record_scope(record_id, viewer) if viewer.person_id else None
    if scope is None:
        if viewer.person_id and store.record_access([record_id], viewer):
            raise BadRequest(f"only observations and exchanges can be {verb}; a practice gets a new version",
                             status=422, code=code)
        raise NotFound(f"no record '{record_id}'")
    if scope.author != viewer.person_id:
        raise Forbidden("only its author can change it")
    return scope


@api_route(v1_bp, "PUT", "/records/<record_id>", path=RECORD_ID, body=CorrectionBody, validate_body=False,
           summary="Correct your own observation or exchange: a new version; the old one is kept but never shown",
           responses={200: (CorrectionResponse, "Corrected (or already reads so)"), 400: NOT_JSON, 401: UNAUTHORISED,
                      403: NOT_YOURS, 404: NOT_SEEN,
                      409: (ErrorEnvelope, "The record changed while you corrected it: nothing written"),
                      422: (ErrorEnvelope, "Invalid, or changes what a correction keeps (id, type, people, "
                                           "visibility), or not an observation or exchange: nothing written")})
def correct_record(record_id: str, body: Any) -> CorrectionResponse:
    scope = own_record(record_id, "corrected", "not_correctable")
    identity = require_identity()
    refused = refusals(identity, [body])
    if refused:
        raise Forbidden("not allowed to write this record", refused)
    svc = services()
    report = correct(svc.store, svc.embedder, record_id, body, scope, current_viewer())
    if report.corrected:
        forget = getattr(svc.embedder, "forget", None)
        if forget is not None:  # the embedding cache keeps no trace of the superseded words
            forget(list(report.removed_texts))
        state().store.audit.record(identity.actor, "record.correct", record_id, f"version {report.version}")
    return CorrectionResponse(id=record_id, type=report.type, version=report.version, corrected=report.corrected)


@api_route(v1_bp, "PUT", "/records/<record_id>/visibility", path=RECORD_ID, body=VisibilityBody,
           summary="Change who may see your observation or exchange: narrowing applies at once; widening "
                   "waits for the consent of everyone the record names",
           responses={200: (VisibilityResponse, "Applied (a narrowing, or everyone named had consented)"),
                      202: (VisibilityResponse, "A widening, pending the consent of the people named"),
                      400: NOT_JSON, 401: UNAUTHORISED, 403: NOT_YOURS, 404: NOT_SEEN,
                      422: (ErrorEnvelope, "Invalid change (field, reason)")})
def change_visibility(record_id: str, body: VisibilityBody) -> tuple[VisibilityResponse, int]:
    scope = own_record(record_id, "re-shared", "not_shareable")
    identity = require_identity()
    wanted = _wanted(scope, body)
    try:
        result = state().store.sharing.ask(services().store, scope, wanted, scope.author, identity.actor)
    except RequestClosed as exc:  # retracted a moment ago
        raise NotFound(f"no record '{record_id}'") from exc
    return VisibilityResponse.of(result), 202 if result.status == "pending" else 200


def _wanted(scope: RecordScope, body: VisibilityBody) -> Wanted:
    organisation = body.organisation if body.organisation is not None else scope.organisation
    cluster = body.cluster if body.cluster is not None else scope.cluster
    reflection = body.reflection_visibility or scope.reflection_visibility
    problems = []
    for level, field in ((body.visibility, "visibility"), (reflection, "reflection_visibility")):
        if level == "org" and not organisation:
            problems.append({"field": field, "reason": "'org' needs the organisation it is shared with"})
        if level == "cluster" and not cluster:
            problems.append({"field": field, "reason": "'cluster' needs the cluster it is shared with"})
    stored = services().store.record_index([i for i in (organisation, cluster) if i])
    for field, value, kind in (("organisation", organisation, "organisation"), ("cluster", cluster, "cluster")):
        if value and stored.get(value, ("",))[0] != kind:
            problems.append({"field": field, "reason": f"no {kind} '{value}'"})
    if problems:
        raise BadRequest("this change of visibility is not valid", problems, status=422, code="invalid_parameters")
    return Wanted(body.visibility, reflection, organisation, cluster)


@api_route(v1_bp, "GET", "/visibility-requests",
           summary="Widenings of records that name you, waiting for consent",
           responses={200: (VisibilityRequestsResponse, "Pending requests"), 401: UNAUTHORISED})
def visibility_requests() -> VisibilityRequestsResponse:
    require_identity()
    person = current_viewer().person_id
    found = state().store.sharing.for_person(person) if person else []
    return VisibilityRequestsResponse(requests=[
        VisibilityRequestItem(**VisibilityResponse.of(r).model_dump(), requested_by=r.requested_by,
                              organisation=r.wanted.organisation, cluster=r.wanted.cluster) for r in found])


ANSWER_REPLIES = {200: (VisibilityResponse, "Your answer is recorded (applied when everyone has consented)"),
                  401: UNAUTHORISED, 404: (ErrorEnvelope, "No such request naming you"),
                  409: (ErrorEnvelope, "The request is already closed")}
REQUEST_ID = {"request_id": "The request's number"}


@api_route(v1_bp, "POST", "/visibility-requests/<int:request_id>/consent", path=REQUEST_ID,
           summary="Consent to a widening of a record that names you", responses=ANSWER_REPLIES)
def consent(request_id: int) -> VisibilityResponse:
    return _answer(request_id, True)


@api_route(v1_bp, "POST", "/visibility-requests/<int:request_id>/refuse", path=REQUEST_ID,
           summary="Refuse a widening of a record that names you (it is then not applied)",
           responses=ANSWER_REPLIES)
def refuse(request_id: int) -> VisibilityResponse:
    return _answer(request_id, False)


def _answer(request_id: int, yes: bool) -> VisibilityResponse:
    identity = require_identity()
    person = current_viewer().person_id
    try:
        if not person:
            raise UnknownRequest(f"no visibility request {request_id} for you")
        result = state().store.sharing.answer(services().store, request_id, person, yes, identity.actor)
    except UnknownRequest as exc:
        raise NotFound(str(exc)) from exc
    except RequestClosed as exc:
        raise BadRequest(str(exc), status=409, code="closed") from exc
    return VisibilityResponse.of(result)
