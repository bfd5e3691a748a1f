"""/api/v1/xapi: receive xAPI 1.0.3 statements with LRS semantics.

A statement's id becomes the id of the record it maps to (docs/xapi.md): the same id
with the same content is accepted again and changes nothing; the same id with other
content is 409. A batch is all or nothing: every refused statement is listed (400 when a
statement breaks xAPI, 422 when it conforms but fits no mapping or makes an invalid
record) and nothing is stored.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from practicegraph.api import services
from practicegraph.api.errors import BadRequest
from practicegraph.errors import FieldError, ValidationFailed
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.xapi.mapping import statement_id, statement_path, statements_to_items
from practicegraph.ingest.xapi.reader import statements_from_body
from practicegraph.ingest.xapi.statement import check

xapi_bp = Blueprint("xapi", __name__)
XAPI_VERSION = "1.0.3"


@xapi_bp.after_request
def _version_header(response):
    response.headers["X-Experience-API-Version"] = XAPI_VERSION
    return response


def _details(errors: list[FieldError]) -> list[dict]:
    return [{"index": e.line, "field": e.field, "reason": e.reason, "id": e.id} for e in errors]


@xapi_bp.post("/statements")
def post_statements():
    version = request.headers.get("X-Experience-API-Version", "")
    if not version.startswith("1.0"):
        raise BadRequest("send the header X-Experience-API-Version: 1.0.3", status=400,
                         code="unsupported_version")
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        raise BadRequest("the JSON body is nested too deeply") from None
    if body is None:
        raise BadRequest("the body must be JSON (Content-Type: application/json): a statement or an array")
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
        ingest(svc.store, svc.embedder, items)
    except ValidationFailed as exc:  # say the record's fields in the statement's terms
        raise ValidationFailed([FieldError(e.line, statement_path(e.field), e.reason, e.id)
                                for e in exc.errors]) from None
    return jsonify([statement_id(s) for _, s in statements])
