"""Demo accounts: a teacher, a mentor and a researcher, chosen from the generated corpus so
that the same question gives each of them a different answer, each correct for them.

The mentor took part in a `pair` mentoring exchange (only the people on it see it) and
sees more than a visitor; the teacher sees something else again (their school's and
cluster's records); the researcher sees consenting people only, under pseudonyms. The
answers are shown through the API by api.trust.show_demo_answers.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

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

    now = store.current_memberships(person, date.today())
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


@dataclass(frozen=True)
class DemoAccount:
    username: str
    person: str | None
    role: str
    password: str
    token: str

    @property
    def research(self) -> bool:
        return self.role.startswith("researcher")


def create_demo_accounts(store: GraphStore, embedder, accounts: AccountStore, records: list,
                         question: str) -> list[DemoAccount]:
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
    wanted = [("demo-teacher", teacher, _scope(store, teacher, "teacher") if teacher else None),
              ("demo-mentor", mentor, _scope(store, mentor, "mentor") if mentor else None),
              ("demo-researcher", None, ("researcher", "deployment", "*"))]
    made = []
    for username, person, role in wanted:
        if role is not None:
            password, token = _account(accounts, username, person, role)
            made.append(DemoAccount(username, person, f"{role[0]}@{role[1]}:{role[2]}", password, token))
    return made
