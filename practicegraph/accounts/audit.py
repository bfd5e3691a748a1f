"""The append-only audit log (SQLite triggers refuse UPDATE and DELETE on it).

Never holds reflections, notes or secrets: who did what to which record or account.
"""

from __future__ import annotations

import sqlite3

from practicegraph.accounts.db import AccountDB, iso, now
from practicegraph.accounts.types import AuditEntry


def append(conn: sqlite3.Connection, actor: str, action: str, subject: str | None = None,
           detail: str | None = None) -> None:
    conn.execute("INSERT INTO audit(at, actor, action, subject, detail) VALUES (?,?,?,?,?)",
                 (iso(now()), actor, action, subject, detail))


class AuditLog:
    def __init__(self, db: AccountDB):
        self.db = db

    def record(self, actor: str, action: str, subject: str | None = None, detail: str | None = None) -> None:
        with self.db.connect() as conn:
            append(conn, actor, action, subject, detail)

    def record_reads(self, actor: str, records: list[tuple[str, str]]) -> None:
        """Reads of pair/private records by someone other than their author: (id, visibility)."""
        if not records:
            return
        with self.db.connect() as conn:
            for rid, visibility in records:
                append(conn, actor, "read", rid, visibility)

    def entries(self, limit: int = 100, action: str | None = None, subject: str | None = None) -> list[AuditEntry]:
        with self.db.connect() as conn:
            rows = conn.execute(
                "SELECT * FROM audit WHERE (? IS NULL OR action LIKE ? || '%') AND (? IS NULL OR subject = ?)"
                " ORDER BY seq DESC LIMIT ?", (action, action, subject, subject, limit)).fetchall()
        return [AuditEntry(r["seq"], r["at"], r["actor"], r["action"], r["subject"], r["detail"])
                for r in reversed(rows)]
