"""What every response and request goes through: request ids and one log line per
request, security headers, and refusals that must look the same on every route.

- A request id (the caller's X-Request-Id when it is a short token, else a new one) is
  echoed in the response and in the log line. Logged: method, path, status, time —
  never the query string, bodies or headers, where questions, reflections and tokens
  travel.
- Every response says nosniff and carries a strict content-security policy (no inline
  code, nothing from other origins).
- URLs longer than MAX_URL_BYTES are refused with 414 in the JSON envelope (the server
  in front is told to let them through to us, so the answer is never plain text).
- Query parameters a route does not declare are refused (422) on every route alike.
- Paths are matched as written: `//` is not merged into `/` with a redirect.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, g, request

from practicegraph.api.errors import BadRequest

log = logging.getLogger("practicegraph.requests")

# every URL the OpenAPI document allows fits: 1,300 characters of query text at most, up
# to 12 bytes each once UTF-8 is percent-encoded
MAX_URL_BYTES = 32 * 1024
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def install_hardening(app: Flask) -> None:
    app.url_map.merge_slashes = False
    app.before_request(_start)
    app.before_request(_refuse_long_urls)
    app.before_request(_refuse_undeclared_parameters)
    app.after_request(_finish)


def _start() -> None:
    given = request.headers.get("X-Request-Id", "")
    g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
    g.started = time.perf_counter()


def _refuse_long_urls() -> None:
    if len(request.full_path.encode()) > MAX_URL_BYTES:
        raise BadRequest(f"the URL is longer than {MAX_URL_BYTES} bytes", status=414, code="uri_too_long")


def _refuse_undeclared_parameters() -> None:
    """Routes with a query model refuse unknown fields through it (extra='forbid'); a
    route with none takes no parameters at all."""
    view = request.url_rule and request.endpoint and _view(request.endpoint)
    route = getattr(view, "api_route", None)
    if route is not None and route.query is None and request.args:
        raise BadRequest("this route takes no query parameters",
                         [{"field": name, "reason": "not a parameter of this route"} for name in request.args],
                         status=422, code="invalid_parameters")


def _view(endpoint: str):
    from flask import current_app

    return current_app.view_functions.get(endpoint)


def _finish(response):
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["Referrer-Policy"] = "no-referrer"
    request_id = g.get("request_id")
    if request_id:
        response.headers["X-Request-Id"] = request_id
        elapsed_ms = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        log.info("%s %s %s %.1fms id=%s", request.method, request.path, response.status_code, elapsed_ms,
                 request_id)
    return response
