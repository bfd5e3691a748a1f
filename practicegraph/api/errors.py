"""One JSON error envelope for every 4xx/5xx: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException

from practicegraph.api.responses.base import ErrorEnvelope
from practicegraph.errors import ConflictError, NotFound, StoreUnavailable, ValidationFailed

log = logging.getLogger(__name__)


class BadRequest(Exception):
    def __init__(self, message: str, details=None, status: int = 400, code: str = "bad_request"):
        super().__init__(message)
        self.message, self.details, self.status, self.code = message, details, status, code


def envelope(status: int, code: str, message: str, details=None, headers=None):
    body = ErrorEnvelope.of(code, message, details).to_json()
    return jsonify(body), status, headers or {}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        code = (exc.name or "error").lower().replace(" ", "_")
        # keep werkzeug's headers (Allow on a 405, as RFC 9110 requires), not its HTML type
        headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
        return envelope(exc.code or 500, code, exc.description or exc.name, headers=headers)

    @app.errorhandler(BadRequest)
    def _bad(exc: BadRequest):
        return envelope(exc.status, exc.code, exc.message, exc.details)

    @app.errorhandler(ValidationError)
    def _params(exc: ValidationError):
        details = [{"field": ".".join(str(p) for p in e["loc"]), "reason": e["msg"]}
                   for e in exc.errors(include_url=False)]
        return envelope(422, "invalid_parameters", "some parameters are not valid", details)

    @app.errorhandler(ValidationFailed)
    def _invalid(exc: ValidationFailed):
        details = [{"index": e.line, "field": e.field, "reason": e.reason, "id": e.id} for e in exc.errors]
        return envelope(422, "invalid_records", str(exc), details)

    @app.errorhandler(ConflictError)
    def _conflict(exc: ConflictError):
        details = [{"index": c.line, "id": c.id, "type": c.type, "reason": c.reason} for c in exc.conflicts]
        return envelope(409, "conflict", str(exc), details)

    @app.errorhandler(NotFound)
    def _missing(exc: NotFound):
        return envelope(404, "not_found", str(exc))

    @app.errorhandler(StoreUnavailable)
    def _unavailable(exc: StoreUnavailable):
        log.error("store unavailable: %s", exc)
        return envelope(503, "store_unavailable", "the graph store is not available; try again shortly",
                        headers={"Retry-After": "5"})

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error")
        return envelope(500, "internal_error", "something went wrong on our side; it has been logged")
