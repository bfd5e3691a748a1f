"""The account database file: connections, schema, per-deployment secrets, time."""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from practicegraph.accounts.schema import DDL


def now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


class AccountDB:
    """One SQLite file. A connection per operation keeps it safe across server threads."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.connect() as conn:
            conn.executescript(DDL)

    @contextlib.contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A transaction: committed on success, rolled back on any error."""
        conn = sqlite3.connect(self.path, timeout=10)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def secret(self, name: str) -> bytes:
        """A per-deployment random secret, made once and kept in this file (session signing,
        research pseudonyms). Whoever can read the file can read it: keep the file private."""
        with self.connect() as conn:
            conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)",
                         (f"secret:{name}", secrets.token_hex(32)))
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (f"secret:{name}",)).fetchone()
        return bytes.fromhex(row["value"])
