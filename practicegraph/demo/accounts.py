"""Demo accounts: a teacher, a mentor and a researcher, chosen from the generated corpus so
that the same question gives each of them a different answer, each correct for them.

The mentor took part in a `pair` mentoring exchange or observation that matches the
question (only the two people on it see it); the teacher works in another cluster; the
researcher sees consenting people only, under pseudonyms. Asked through the real API, each
signed in with their own token.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Callable

from practicegraph.accounts.store import AccountError, AccountStore
from practicegraph.graph.port import GraphStore

DEMO_ACTOR = "demo"
CANDIDATES = 40  # mentors and teachers tried, in id order, until answers differ


def consents(person_id: str) -> bool:
    """About two in three demo teachers consented to research (a fixed, arbitrary choice)."""
    return hashlib.sha256(person_id.encode()).digest()[0] % 3 != 0


def _account(accounts: AccountStore, username: str, person: str | None, role: tuple[str, str, str]) -> tuple[str, str]:
    """(password, token) for a demo account, made or refreshed; earlier demo tokens revoked."""
    password = secrets.token_urlsafe(9)
    try:
        accounts.add(username, person, DEMO_ACTOR, password=password)
    except AccountError:  # made by an earlier run: same person, new password
        accounts.set_password(username, password, DEMO_ACTOR)
    accounts.grant(username, *role, DEMO_ACTOR)
    for t in accounts.tokens(username):
        if not t.revoked:
            accounts.revoke_token(t.id, DEMO_ACTOR)
    return password, accounts.issue_token(username, DEMO_ACTOR, days=30, label="demo")


def _scope(store: GraphStore, person: str, role: str) -> tuple[str, str, str]:
    """The role at the person's current school (or cluster)."""
    from datetime import date

    now = store.memberships(person, date.today())
    where = next((m for m in now if m.kind == "organisation"), None) or next(iter(now), None)
    return (role, where.kind, where.target_id) if where else (role, "deployment", "*")


def _answer(store: GraphStore, embedder, question: str, person: str | None) -> list[tuple[str, tuple]]:
    """Who is found, and on what evidence, when `person` asks (None: anonymous)."""
    from practicegraph.accounts.types import Identity
    from practicegraph.accounts.viewer import viewer_for
    from practicegraph.queries.expertise import find_experts

    viewer = viewer_for(Identity(0, "", person) if person else None, store)
    return [(e.person_id, tuple(sorted(ev.row.source_id or "" for ev in e.evidence)))
            for e in find_experts(store, embedder, question, viewer=viewer, limit=5)]


def create_demo_accounts(store: GraphStore, embedder, accounts: AccountStore, records: list,
                         question: str, echo: Callable[[str], None]) -> None:
    from practicegraph.api import create_app

    people = sorted(r.id for r in records if r.type == "person")
    for pid in people:
        if consents(pid):
            accounts.consent.give(pid, DEMO_ACTOR)
    public = _answer(store, embedder, question, None)
    mentors = sorted({p.person for r in records if r.type == "exchange" and r.visibility.value == "pair"
                      for p in r.participants if p.role == "mentor"})
    mentor = next((m for m in mentors[:CANDIDATES] if _answer(store, embedder, question, m) != public), None)
    seen = [public] + ([_answer(store, embedder, question, mentor)] if mentor else [])
    teacher = next((t for t in people[:CANDIDATES]
                    if t != mentor and _answer(store, embedder, question, t) not in seen), None)
    creds = {}
    if teacher:
        creds["teacher"] = _account(accounts, "demo-teacher", teacher, _scope(store, teacher, "teacher"))
    if mentor:
        creds["mentor"] = _account(accounts, "demo-mentor", mentor, _scope(store, mentor, "mentor"))
    creds["researcher"] = _account(accounts, "demo-researcher", None, ("researcher", "deployment", "*"))
    client = create_app(store=store, embedder=embedder, accounts=accounts, public_read=True).test_client()
    _show(client, echo, question, creds, {"teacher": teacher, "mentor": mentor})


def _show(client, echo, question, creds, persons) -> None:
    echo("\nDemo accounts (passwords and tokens are new on every run; the tokens last 30 days):")
    for name, (password, token) in creds.items():
        who = f"person {persons[name]}" if persons.get(name) else "no person: research view"
        echo(f"  demo-{name:<10} password {password}  ({who})")
        echo(f"      token {token}")
    echo(f"\nThe same question, \"{question}\", asked by each:")
    for name, (_, token) in [("anonymous", (None, None)), *creds.items()]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        body = client.get("/api/v1/experts", query_string={"q": question, "limit": 3}, headers=headers).get_json()
        echo(f"  {name}: {body['count']} people")
        for r in body["results"]:
            ev = r["evidence"][0] if r["evidence"] else {}
            intro = r.get("introduction")
            reach = (f"; reachable in {intro['hops']} hop(s)" if intro else "") if "introduction" in r else ""
            echo(f"    - {r['person']['name']}: {ev.get('why', '')}{reach}")
    if creds.get("teacher"):
        token = creds["teacher"][1]
        echo(f"\n  curl -s -H 'Authorization: Bearer {token}' "
             f"'http://127.0.0.1:8000/api/v1/experts?q={question.replace(' ', '+')}&limit=5'")
