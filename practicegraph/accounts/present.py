"""How the API's answers change with who asks: introductions for a signed-in asker, the
research view for researchers, and the audit of pair/private reads."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import Flask, Response, request

from practicegraph.accounts.research import ResearchLens
from practicegraph.accounts.web import current_identity, current_viewer, state

RESEARCH_CANDIDATES = 200  # consent is applied before the limit: fetch this many, then filter
AUDITED = frozenset({"pair", "private"})


def research_view() -> bool:
    identity = current_identity()
    return identity is not None and identity.research_only


def fetch_limit(limit: int) -> int:
    return max(limit, RESEARCH_CANDIDATES) if research_view() else limit


def present_experts(found: list, limit: int, store, today: date | None = None) -> list[dict]:
    """Expert results as dicts: a researcher gets only consenting people (pseudonymised
    after the response is built); a signed-in asker gets each person's introduction path."""
    from practicegraph.queries.introductions import introductions

    identity = current_identity()
    if research_view():
        allowed = ResearchLens.from_store(state().store).consenting([e.person_id for e in found])
        return [e.as_dict() for e in found if e.person_id in allowed][:limit]
    kept = found[:limit]
    out = [e.as_dict() for e in kept]
    if identity is not None and identity.person_id:
        paths = introductions(store, identity.person_id, [e.person_id for e in kept], current_viewer(),
                              today or date.today())
        for item, e in zip(out, kept):
            item["introduction"] = paths.get(e.person_id)
    return out


def install_hooks(app: Flask) -> None:
    app.after_request(_after)


def _after(response: Response) -> Response:
    if request.blueprint != "v1" or request.method != "GET" or response.status_code != 200 \
            or not response.is_json:
        return response
    identity = current_identity()
    if identity is None:
        return response
    body = response.get_json()
    _audit_reads(identity, body)
    if identity.research_only:
        lens = ResearchLens.from_store(state().store)
        response.set_data(json.dumps(lens.payload(body)))
    return response


def _audit_reads(identity, body: Any) -> None:
    """Log each pair/private record shown to someone other than its author."""
    from practicegraph.api import services

    viewer = current_viewer()
    if not viewer.person_id:
        return  # sees public, cluster and org records only
    ids = sorted(_ids_in(body))
    shown = services().store.record_access(ids, viewer) if ids else []
    reads = [(r.id, r.visibility) for r in shown if r.visibility in AUDITED and r.author != viewer.person_id]
    state().store.audit.record_reads(identity.actor, reads)


_ID_KEYS = frozenset({"id", "source", "from", "to", "root"})


def _ids_in(obj: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(obj, list):
        for v in obj:
            found |= _ids_in(v)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            if key in _ID_KEYS and isinstance(value, str):
                found.add(value)
            else:
                found |= _ids_in(value)
    return found
