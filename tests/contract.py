"""Hold a response to the OpenAPI document: the status must be declared for its route and
the body must validate against the declared schema (JSON Schema 2020-12, formats checked).

Usable from any test, in-process or over HTTP:
    assert_conforms(spec, "GET", "/api/v1/experts", resp.status_code, resp.get_json())
"""

from __future__ import annotations

import re
from typing import Any

from jsonschema import Draft202012Validator


def operation(spec: dict, method: str, path: str) -> dict:
    """The operation whose path template matches `path` (literal segments win over {params})."""
    candidates = []
    for template, ops in spec["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and method.lower() in ops:
            candidates.append((template.count("{"), template, ops[method.lower()]))
    assert candidates, f"{method} {path} is not in the OpenAPI document"
    return min(candidates)[2]


def response_schema(spec: dict, method: str, path: str, status: int) -> dict:
    responses = operation(spec, method, path)["responses"]
    assert str(status) in responses, f"{method} {path} answered {status}, which it does not declare"
    return responses[str(status)]["content"]["application/json"]["schema"]


def schema_errors(spec: dict, schema: dict, body: Any) -> list[str]:
    # the document itself is the root, so "#/components/schemas/..." resolves
    validator = Draft202012Validator({**schema, "components": spec["components"]},
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message}"
            for e in validator.iter_errors(body)]


def assert_conforms(spec: dict, method: str, path: str, status: int, body: Any) -> None:
    problems = schema_errors(spec, response_schema(spec, method, path, status), body)
    assert not problems, f"{method} {path} {status} does not match its schema:\n" + "\n".join(problems[:10])
