"""Changing who may see an observation or exchange: a narrowing at once, a widening only
with the consent of everyone the record names.

The author asks. A change that shows the record (or its reflection) to no one new is
applied at once. Any other is a widening: recorded as pending, with the author's own
consent, and applied only when every person the record names has consented; one refusal
closes it. A pending widening changes nothing anyone sees. A request is checked against
the record as it was when asked: if the record changed meanwhile (retracted, narrowed,
asked again) it is not applied. Every step is in the audit log, in the same SQLite
transaction as the step; the graph write happens inside that transaction, so a failed
graph write leaves the request as it was.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from practicegraph.accounts.audit import append
from practicegraph.accounts.db import AccountDB, iso, now
from practicegraph.graph.port import GraphStore
from practicegraph.graph.types import RecordScope, Viewer
from practicegraph.graph.versions import is_narrowing

PENDING, APPLIED, REFUSED, SUPERSEDED, STALE = "pending", "applied", "refused", "superseded", "stale"


@dataclass(frozen=True)
class Wanted:
    visibility: str
    reflection_visibility: str
    organisation: str | None
    cluster: str | None


@dataclass(frozen=True)
class SharingRequest:
    id: int | None  # None: a narrowing, applied at once
    record_id: str
    requested_by: str
    wanted: Wanted
    named: tuple[str, ...]
    consented: tuple[str, ...]
    status: str

    @property
    def waiting_for(self) -> tuple[str, ...]:
        return tuple(p for p in self.named if p not in self.consented) if self.status == PENDING else ()


class RequestClosed(Exception):
    """The request was already applied, refused or superseded."""


class UnknownRequest(Exception):
    """No such request among those naming this person (its existence stays private)."""


def _snapshot(scope: RecordScope) -> str:
    return json.dumps({**asdict(scope), "named": sorted(scope.named)}, sort_keys=True)


class Sharing:
    def __init__(self, db: AccountDB):
        self.db = db

    def ask(self, store: GraphStore, scope: RecordScope, wanted: Wanted, person_id: str,
            actor: str) -> SharingRequest:
        """The author's change: applied now if it narrows, else pending until all named consent."""
        change = f"{scope.visibility}/{scope.reflection_visibility} -> {wanted.visibility}/{wanted.reflection_visibility}"
        named = tuple(sorted(set(scope.named) | {person_id}))
        with self.db.connect() as conn:
            for (rid,) in conn.execute("SELECT id FROM visibility_requests WHERE record_id = ? AND status = ?",
                                       (scope.id, PENDING)).fetchall():
                self._close(conn, rid, SUPERSEDED, actor, scope.id)
            if is_narrowing(scope, **asdict(wanted)):
                append(conn, actor, "visibility.narrow", scope.id, change)
                _apply(store, scope.id, wanted)
                return SharingRequest(None, scope.id, person_id, wanted, named, named, APPLIED)
            cur = conn.execute("INSERT INTO visibility_requests(record_id, requested_by, current, wanted, named,"
                               " created, status) VALUES (?,?,?,?,?,?,?)",
                               (scope.id, person_id, _snapshot(scope), json.dumps(asdict(wanted)),
                                json.dumps(named), iso(now()), PENDING))
            append(conn, actor, "visibility.request", scope.id, f"request {cur.lastrowid}: {change}")
        return self.answer(store, cur.lastrowid, person_id, True, actor)

    def answer(self, store: GraphStore, request_id: int, person_id: str, consent: bool,
               actor: str) -> SharingRequest:
        """A named person's consent or refusal; the last consent applies the change."""
        with self.db.connect() as conn:
            request = _load(conn, request_id)
            if request is None or person_id not in request.named:
                raise UnknownRequest(f"no visibility request {request_id} for you")
            if request.status != PENDING:
                raise RequestClosed(f"visibility request {request_id} is already {request.status}")
            conn.execute("INSERT OR REPLACE INTO visibility_answers VALUES (?,?,?,?)",
                         (request_id, person_id, "consent" if consent else "refuse", iso(now())))
            append(conn, actor, "visibility.consent" if consent else "visibility.refuse", request.record_id,
                   f"request {request_id}")
            if not consent:
                self._close(conn, request_id, REFUSED, actor, request.record_id)
            elif not _load(conn, request_id).waiting_for:
                current = store.record_scope(request.record_id, Viewer.internal())
                stored = conn.execute("SELECT current FROM visibility_requests WHERE id = ?",
                                      (request_id,)).fetchone()["current"]
                if current is None or _snapshot(current) != stored:
                    self._close(conn, request_id, STALE, actor, request.record_id)
                else:
                    self._close(conn, request_id, APPLIED, actor, request.record_id)
                    _apply(store, request.record_id, request.wanted)
            return _load(conn, request_id)

    def for_person(self, person_id: str) -> list[SharingRequest]:
        """Pending requests naming this person, oldest first."""
        with self.db.connect() as conn:
            ids = [r["id"] for r in conn.execute("SELECT id FROM visibility_requests WHERE status = ? ORDER BY id",
                                                 (PENDING,)).fetchall()]
            found = [_load(conn, i) for i in ids]
        return [r for r in found if r is not None and person_id in r.named]

    @staticmethod
    def _close(conn, request_id: int, status: str, actor: str, record_id: str) -> None:
        conn.execute("UPDATE visibility_requests SET status = ?, closed = ? WHERE id = ?",
                     (status, iso(now()), request_id))
        append(conn, actor, "visibility." + status, record_id, f"request {request_id}")


def _apply(store: GraphStore, record_id: str, wanted: Wanted) -> None:
    if not store.set_visibility(record_id, wanted.visibility, wanted.reflection_visibility,
                                wanted.organisation, wanted.cluster):
        raise RequestClosed(f"record {record_id} is gone")


def _load(conn, request_id: int) -> SharingRequest | None:
    row = conn.execute("SELECT * FROM visibility_requests WHERE id = ?", (request_id,)).fetchone()
    if row is None:
        return None
    consented = tuple(sorted(r["person_id"] for r in conn.execute(
        "SELECT person_id FROM visibility_answers WHERE request_id = ? AND answer = 'consent'", (request_id,))))
    wanted: dict[str, Any] = json.loads(row["wanted"])
    return SharingRequest(row["id"], row["record_id"], row["requested_by"], Wanted(**wanted),
                          tuple(json.loads(row["named"])), consented, row["status"])
