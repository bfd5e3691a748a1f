"""The account store's SQLite schema, created idempotently."""

from __future__ import annotations

ROLES = ("teacher", "mentor", "broker", "cluster-leader", "researcher", "administrator")
# roles that practise: they record their own observations, exchanges and practices
PRACTITIONER_ROLES = frozenset({"teacher", "mentor", "broker", "cluster-leader"})
SCOPE_KINDS = ("organisation", "cluster", "deployment")

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    person_id TEXT,
    password_hash TEXT,
    created TEXT NOT NULL,
    revoked TEXT,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT
);
CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    lookup TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL,
    label TEXT,
    created TEXT NOT NULL,
    expires TEXT NOT NULL,
    revoked TEXT
);
CREATE TABLE IF NOT EXISTS roles (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    role TEXT NOT NULL,
    scope_kind TEXT NOT NULL,
    scope_id TEXT NOT NULL,
    granted TEXT NOT NULL,
    PRIMARY KEY (account_id, role, scope_kind, scope_id)
);
CREATE TABLE IF NOT EXISTS consent (
    id INTEGER PRIMARY KEY,
    person_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    given TEXT NOT NULL,
    withdrawn TEXT
);
CREATE INDEX IF NOT EXISTS consent_person ON consent(person_id, scope);
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT,
    detail TEXT
);
-- sign-in sessions: signing out ends one here, so a copied cookie stops working
CREATE TABLE IF NOT EXISTS sessions (
    lookup TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    created TEXT NOT NULL,
    ended TEXT
);
-- failed sign-ins per (account name, client address), both hashed: a throttle, so that
-- nobody can lock a person out from elsewhere
CREATE TABLE IF NOT EXISTS signin_failures (
    account_key TEXT NOT NULL,
    address_key TEXT NOT NULL,
    failures INTEGER NOT NULL,
    locked_until TEXT,
    PRIMARY KEY (account_key, address_key)
);
CREATE TABLE IF NOT EXISTS visibility_requests (
    id INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    current TEXT NOT NULL,
    wanted TEXT NOT NULL,
    named TEXT NOT NULL,
    created TEXT NOT NULL,
    status TEXT NOT NULL,
    closed TEXT
);
CREATE INDEX IF NOT EXISTS visibility_requests_record ON visibility_requests(record_id, status);
CREATE TABLE IF NOT EXISTS visibility_answers (
    request_id INTEGER NOT NULL REFERENCES visibility_requests(id),
    person_id TEXT NOT NULL,
    answer TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (request_id, person_id)
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
