"""/api/v1/xapi: receive xAPI 1.0.3 statements with LRS semantics.

A statement's id becomes the id of the record it maps to (docs/xapi.md): the same id
with the same content is accepted again and changes nothing; the same id with other
content is 409. A batch is all or nothing: every refused statement is listed (400 when a
statement breaks xAPI, 422 when it conforms but fits no mapping or makes an invalid
record) and nothing is stored.
"""

from __future__ import annotations

import re
from typing import Any, Union

from flask import Blueprint, current_app, request
from pydantic import ConfigDict, RootModel

from practicegraph.api import services
from practicegraph.api.errors import BadRequest
from practicegraph.api.responses import ErrorEnvelope
from practicegraph.api.routing import api_route
from practicegraph.errors import FieldError, ValidationFailed
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.xapi.mapping import statement_id, statement_path, statements_to_items
from practicegraph.ingest.xapi.reader import statements_from_body
from practicegraph.ingest.xapi.statement import check

xapi_bp = Blueprint("xapi", __name__)
XAPI_VERSION = "1.0.3"
# the versions accepted, as the OpenAPI document states them (so fuzzers send what is accepted)
ACCEPTED_VERSION = r"^1\.0(\.[0-9]+)?$"


@xapi_bp.after_request
def _version_header(response):
    response.headers["X-Experience-API-Version"] = XAPI_VERSION
    return response


def _details(errors: list[FieldError]) -> list[dict]:
    return [{"index": e.line, "field": e.field, "reason": e.reason, "id": e.id} for e in errors]


class StatementsBody(RootModel[Union[dict[str, Any], list[dict[str, Any]]]]):
    """A statement or an array of statements (xAPI 1.0.3; see docs/xapi.md for the mapping)"""


class StatementIds(RootModel[list[str]]):
    """The ids of the stored statements, in the order sent (as an LRS answers)."""

    model_config = ConfigDict(json_schema_extra={"examples": [["f1a5c8e2-3b4d-4e6f-8a9b-0c1d2e3f4a5b"]]})


@api_route(xapi_bp, "POST", "/statements", body=StatementsBody, validate_body=False,
           headers={"X-Experience-API-Version": ("1.0.3 (any 1.0.x)", ACCEPTED_VERSION)},
           summary="Store xAPI 1.0.3 statements (LRS semantics: same id and content accepted again, "
                   "other content 409); all or nothing",
           responses={200: (StatementIds, "Stored (or already stored) statement ids"),
                      400: (ErrorEnvelope, "Not JSON, wrong xAPI version header, or a statement breaks xAPI"),
                      409: (ErrorEnvelope, "A statement id exists with other content: nothing stored"),
                      413: (ErrorEnvelope, "Too many statements"),
                      422: (ErrorEnvelope, "Statements that fit no mapping, or make invalid records")})
def post_statements(body: Any) -> StatementIds:
    version = request.headers.get("X-Experience-API-Version", "")
    if not re.match(ACCEPTED_VERSION, version):
        raise BadRequest("send the header X-Experience-API-Version: 1.0.3", status=400,
                         code="unsupported_version")
    statements, errors = statements_from_body(body, start=0)
    limit = current_app.config["MAX_RECORDS_PER_REQUEST"]
    if len(statements) > limit:
        raise BadRequest(f"at most {limit} statements per request; split the batch", status=413,
                         code="too_many_statements")
    if not statements and not errors:
        raise BadRequest("no statements given", status=400, code="invalid_statements")
    errors += [FieldError(i, path, reason, s.get("id") if isinstance(s, dict) else None)
               for i, s in statements for path, reason in check(s)]
    if errors:
        raise BadRequest(f"{len({e.line for e in errors})} statement(s) do not conform to xAPI 1.0.3; "
                         "nothing was stored", _details(errors), status=400, code="invalid_statements")
    svc = services()
    items, unmappable = statements_to_items(statements, svc.store.record_index)
    if unmappable:
        raise BadRequest(f"{len({e.line for e in unmappable})} statement(s) fit no mapping; nothing was "
                         "stored (see docs/xapi.md)", _details(unmappable), status=422,
                         code="unmappable_statements")
    try:
        # only a deployment administrator may post (auth.py): the store imports on others'
        # behalf and writes as the system, like the CLI, so LRS semantics hold for records
        # of every visibility
        ingest(svc.store, svc.embedder, items)
    except ValidationFailed as exc:  # say the record's fields in the statement's terms
        raise ValidationFailed([FieldError(e.line, statement_path(e.field), e.reason, e.id)
                                for e in exc.errors]) from None
    return StatementIds([statement_id(s) for _, s in statements])
