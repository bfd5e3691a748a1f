"""The route registry: one decorator declares an API route completely.

    @api_route(bp, "GET", "/experts", summary="...", query=ExpertQuery,
               responses={200: ExpertsResponse, 422: (ErrorEnvelope, "Invalid parameters")})
    def experts(query: ExpertQuery) -> ExpertsResponse: ...

The decorator registers the view on the blueprint, parses the query string into `query`
and the JSON body into `body` (a validated model, or the raw JSON with
validate_body=False), and renders what the view returns: a response model,
(model, status) or (model, status, headers). A model or status the route does not
declare is a server error, so the server can only answer what /openapi.json says. The declaration is attached to the view
function; `registered_routes(app)` reads them back from the app's URL map, which is what
openapi.py documents and the tests check against every URL rule.

Every route may also answer 500 and 503 in the error envelope; they are declared for it.
"""

from __future__ import annotations

import functools
import http
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Union

from flask import Blueprint, Flask, jsonify, request
from pydantic import BaseModel
from werkzeug.routing import Rule

from practicegraph.api.errors import BadRequest
from practicegraph.errors import DuplicateKey, strict_json_loads
from practicegraph.api.responses.base import ErrorEnvelope

ResponseSpec = Union[type[BaseModel], tuple[type[BaseModel], str]]

_PATH_ARG = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
_CONVERTER_TYPES = {"int": "integer", "float": "number"}


@dataclass(frozen=True)
class Reply:
    model: type[BaseModel]
    description: str


COMMON_REPLIES = {  # what any route may answer (api/hardening.py refuses these before the view)
    414: Reply(ErrorEnvelope, "The URL is too long"),
    422: Reply(ErrorEnvelope, "A query parameter this route does not take, or an invalid one"),
    500: Reply(ErrorEnvelope, "Unexpected error on our side (logged)"),
    503: Reply(ErrorEnvelope, "The graph store is not available; retry after Retry-After seconds"),
}


@dataclass(frozen=True)
class PathParam:
    name: str
    type: str  # JSON schema type
    description: str = ""


@dataclass(frozen=True)
class ApiRoute:
    method: str
    rule: str  # as given to the blueprint, in Flask syntax
    summary: str
    responses: Mapping[int, Reply]
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    validate_body: bool = True
    path_params: tuple[PathParam, ...] = field(default=())
    # required request header -> description, or (description, the pattern its value matches)
    headers: Mapping[str, str | tuple[str, str]] = field(default_factory=dict)


class UndeclaredResponse(RuntimeError):
    """A view returned a model or status its route does not declare (a bug: HTTP 500)."""


def api_route(bp: Blueprint, method: str, rule: str, *, summary: str,
              responses: Mapping[int, ResponseSpec], query: type[BaseModel] | None = None,
              body: type[BaseModel] | None = None, validate_body: bool = True,
              path: Mapping[str, str] | None = None,
              headers: Mapping[str, str | tuple[str, str]] | None = None) -> Callable[[Callable], Callable]:
    """Declare and register one route; `path` describes path parameters by name and
    `headers` the request headers the route requires (checked by the view or a
    before_request hook; declared here so they are documented).

    A pydantic ValidationError raised in the view still means bad client input (HTTP 422,
    invalid_parameters); a response model that cannot be built raises RenderError (500)."""
    route = ApiRoute(method.upper(), rule, summary, {**COMMON_REPLIES, **_replies(responses)},
                     query, body, validate_body, _path_params(rule, path or {}), dict(headers or {}))

    def register(view: Callable) -> Callable:
        @functools.wraps(view)
        def endpoint(**path_args: Any):
            kwargs = dict(path_args)
            if route.query is not None:
                kwargs["query"] = parse_query(route.query)
            if route.body is not None:
                raw = json_body(route.body)
                kwargs["body"] = route.body.model_validate(raw) if route.validate_body else raw
            return render(route, view(**kwargs))

        endpoint.api_route = route  # type: ignore[attr-defined]
        bp.add_url_rule(rule, endpoint=view.__name__, view_func=endpoint, methods=[route.method])
        return endpoint

    return register


def registered_routes(app: Flask) -> list[tuple[Rule, ApiRoute]]:
    """Every URL rule of the app whose view was declared with api_route, in URL-map order."""
    found = []
    for rule in app.url_map.iter_rules():
        route = getattr(app.view_functions.get(rule.endpoint), "api_route", None)
        if route is not None:
            found.append((rule, route))
    return found


def openapi_path(rule: str) -> str:
    """/practices/<practice_id> -> /practices/{practice_id}"""
    return _PATH_ARG.sub(lambda m: "{" + m["name"] + "}", rule)


def parse_query(model: type[BaseModel]) -> BaseModel:
    given = request.args.to_dict(flat=False)
    repeated = [k for k, v in given.items() if len(v) > 1]
    if repeated:
        raise BadRequest("a parameter was given more than once", [{"field": k} for k in repeated],
                         status=422, code="invalid_parameters")
    return model.model_validate({k: v[0] for k, v in given.items()})


def json_body(model: type[BaseModel]) -> Any:
    body = None
    if request.is_json:
        try:
            body = strict_json_loads(request.get_data(cache=True))
        except DuplicateKey as exc:
            raise BadRequest(f"the JSON body gives the key '{exc.key}' twice in one object; give it once",
                             [{"field": exc.key, "reason": "duplicate key"}]) from None
        except RecursionError:
            raise BadRequest("the JSON body is nested too deeply") from None
        except ValueError:  # not JSON, or not UTF-8
            body = None
    if body is None:
        what = (model.__doc__ or "").strip().split("\n", 1)[0]  # the model's one-line summary
        raise BadRequest("the body must be JSON (Content-Type: application/json)"
                         + (f": {what[:1].lower()}{what[1:]}" if what else ""))
    return body


def render(route: ApiRoute, result: Any):
    """model | (model, status) | (model, status, headers) -> a JSON response."""
    model, status, headers = (*result, {})[:3] if isinstance(result, tuple) else (result, 200, {})
    reply = route.responses.get(status)
    if reply is None or not isinstance(model, reply.model):
        raise UndeclaredResponse(f"{route.method} {route.rule} answered {status} with "
                                 f"{type(model).__name__}, which it does not declare")
    return jsonify(model.model_dump(mode="json", by_alias=True, exclude_unset=True)), status, headers


def _replies(responses: Mapping[int, ResponseSpec]) -> dict[int, Reply]:
    out = {}
    for status, spec in responses.items():
        model, description = spec if isinstance(spec, tuple) else (spec, http.HTTPStatus(status).phrase)
        out[status] = Reply(model, description)
    return out


def _path_params(rule: str, descriptions: Mapping[str, str]) -> tuple[PathParam, ...]:
    params = tuple(PathParam(m["name"], _CONVERTER_TYPES.get(m["converter"] or "", "string"),
                             descriptions.get(m["name"], ""))
                   for m in _PATH_ARG.finditer(rule))
    unknown = set(descriptions) - {p.name for p in params}
    if unknown:
        raise ValueError(f"{rule}: no path parameter(s) {sorted(unknown)}")
    return params
