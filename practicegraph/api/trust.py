"""How the API's answers change with who asks: introductions for a signed-in asker, the
research view for researchers, and the audit of pair/private reads; and the demo's
three accounts asking the same question through the API."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import Flask, Response, request

from practicegraph.accounts.research import ResearchLens
from practicegraph.api.auth import current_identity, current_viewer, state

RESEARCH_CANDIDATES = 200  # consent is applied before the limit: fetch this many, then filter
AUDITED = frozenset({"pair", "private"})


def research_view() -> bool:
    identity = current_identity()
    return identity is not None and identity.research_only


def fetch_limit(limit: int) -> int:
    return max(limit, RESEARCH_CANDIDATES) if research_view() else limit


def consenting_experts(found: list, limit: int) -> list:
    """The experts a researcher may see: consenting people only, applied before the limit."""
    if not research_view():
        return found[:limit]
    allowed = ResearchLens.from_store(state().store).consenting([e.person_id for e in found])
    return [e for e in found if e.person_id in allowed][:limit]


def attach_introductions(response, found: list, store, today: date | None = None) -> None:
    """Each expert result gets the signed-in asker's shortest trusted path to them (null when
    there is none within three hops); absent for anonymous askers and the research view."""
    from practicegraph.api.responses.experts import Introduction
    from practicegraph.queries.introductions import introductions

    identity = current_identity()
    if identity is None or not identity.person_id or research_view():
        return
    paths = introductions(store, identity.person_id, [e.person_id for e in found], current_viewer(),
                          today or date.today())
    for item in response.results:
        path = paths.get(item.person.id)
        item.introduction = Introduction.model_validate(path) if path is not None else None


def install_hooks(app: Flask) -> None:
    app.after_request(_after)


def _after(response: Response) -> Response:
    if request.blueprint not in ("v1", "research") or request.method != "GET" or response.status_code != 200 \
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


def show_demo_answers(runtime, accounts, question: str, made, echo) -> None:
    """Ask `question` through the API as anonymous and as each demo account; print what
    each is shown, and what each sees that an anonymous visitor does not."""
    from practicegraph.api import create_app

    client = create_app(runtime_factory=lambda: runtime, accounts=accounts, public_read=True).test_client()
    echo("\nDemo accounts (new passwords and tokens on every run; tokens last 30 days):")
    for a in made:
        who = f"person {a.person}" if a.person else "no person: the research view"
        echo(f"  {a.username:<16} password {a.password}  ({a.role}; {who})")
        echo(f"      token {a.token}")
    echo(f"\nThe same question, \"{question}\", asked by each (top 5):")
    public: set[tuple] = set()
    for name, token, research in [("anonymous", None, False), *[(a.username, a.token, a.research) for a in made]]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        body = client.get("/api/v1/experts", query_string={"q": question, "limit": 5}, headers=headers).get_json()
        seen = {(r["person"]["id"], ev["why"]) for r in body["results"] for ev in r["evidence"]}
        public = public or seen
        echo(f"  {name}: " + ", ".join(r["person"]["name"] for r in body["results"]))
        for r in body["results"]:
            intro = r.get("introduction")
            if intro:
                echo(f"    - {r['person']['name']}: " + _introduction_words(intro["path"]))
            for ev in r["evidence"]:
                if token and not research and (r["person"]["id"], ev["why"]) not in public:
                    echo(f"    + only you see: {r['person']['name']} {ev['why']}")


def _introduction_words(path: list[dict]) -> str:
    if not path:
        return "that is you"
    if len(path) == 1:  # no one in between
        return f"you know them directly ({path[0]['says']})"
    return "reachable through " + " → ".join(f"{s['to']['name']} ({s['says']})" for s in path)


def retract_own(svc, record_id: str):
    """The author's retraction: 404 if they cannot see it (existence stays private), 403 if
    they can but did not write it."""
    from practicegraph.api.auth import Forbidden, require_identity
    from practicegraph.api.errors import BadRequest
    from practicegraph.api.responses.records import RetractResponse
    from practicegraph.errors import NotFound
    from practicegraph.graph.erasure import RETRACTABLE

    identity = require_identity()
    viewer = current_viewer()
    seen = svc.store.record_access([record_id], viewer)
    if not seen or not viewer.person_id:
        raise NotFound(f"no record '{record_id}'")
    kind = svc.store.record_index([record_id]).get(record_id, ("", ""))[0]
    if kind not in RETRACTABLE:
        raise BadRequest("only observations and exchanges can be retracted; a practice gets a new version",
                         status=422, code="not_retractable")
    if seen[0].author != viewer.person_id:
        raise Forbidden("only its author can retract it")
    texts = svc.store.retract(record_id)
    forget = getattr(svc.embedder, "forget", None)
    if forget is not None:  # the embedding cache keeps no trace of the retracted text
        forget(texts)
    state().store.audit.record(identity.actor, "record.retract", record_id)
    return RetractResponse(id=record_id, retracted=True)
