"""Accounts, roles, API tokens and password sign-in, in the account database.

Tokens are `pg_<lookup>_<secret>`: the lookup finds the row, the secret is stored only as
a SHA-256 hash (it is 256 random bits, so a slow hash adds nothing) and compared in
constant time. Passwords are argon2id hashes. Every change is written to the audit log
in the same transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from datetime import timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from practicegraph.accounts.audit import AuditLog, append
from practicegraph.accounts.consent import Consent
from practicegraph.accounts.sharing import Sharing
from practicegraph.accounts.db import AccountDB, iso, now, parse_iso
from practicegraph.accounts.schema import ROLES, SCOPE_KINDS
from practicegraph.accounts.types import Account, Identity, Role, TokenInfo

MAX_FAILED_LOGINS = 5  # from one address, then that address waits LOCKOUT for that account
LOCKOUT = timedelta(minutes=15)
TOKEN_DAYS = 90
MIN_PASSWORD = 10


class AccountError(ValueError):
    """A bad request to the account store (unknown user, bad role ...): a clear message."""


class SignInLocked(Exception):
    """Too many failed sign-ins; try again later."""


class AccountStore:
    def __init__(self, path: str | Path, hasher: PasswordHasher | None = None):
        """`hasher`: argon2id at the library's defaults unless given (tests pass a cheap one)."""
        self.db = AccountDB(path)
        self.audit = AuditLog(self.db)
        self.consent = Consent(self.db)
        self.sharing = Sharing(self.db)
        self._hasher = hasher or PasswordHasher()
        self._dummy_hash = self._hasher.hash(secrets.token_hex(8))  # equal work for unknown users

    # accounts -------------------------------------------------------------------------
    def add(self, username: str, person_id: str | None, actor: str, password: str | None = None) -> Account:
        username = username.strip()
        if not username or len(username) > 100:
            raise AccountError("a username is 1-100 characters")
        hashed = self._hash_password(password) if password is not None else None
        try:
            with self.db.connect() as conn:
                conn.execute("INSERT INTO accounts(username, person_id, password_hash, created) VALUES (?,?,?,?)",
                             (username, person_id, hashed, iso(now())))
                append(conn, actor, "account.add", username, f"person={person_id or '-'}")
        except sqlite3.IntegrityError:
            raise AccountError(f"an account '{username}' already exists") from None
        return self.get(username)

    def get(self, username: str) -> Account:
        with self.db.connect() as conn:
            row = conn.execute("SELECT * FROM accounts WHERE username = ?", (username,)).fetchone()
            if row is None:
                raise AccountError(f"no account '{username}'")
            return Account(row["id"], row["username"], row["person_id"], row["created"], row["revoked"],
                           _roles(conn, row["id"]))

    def list(self) -> list[Account]:
        with self.db.connect() as conn:
            rows = conn.execute("SELECT * FROM accounts ORDER BY username").fetchall()
            return [Account(r["id"], r["username"], r["person_id"], r["created"], r["revoked"],
                            _roles(conn, r["id"])) for r in rows]

    def revoke(self, username: str, actor: str) -> None:
        """Disable an account: its tokens and sessions stop working at once."""
        account = self.get(username)
        with self.db.connect() as conn:
            conn.execute("UPDATE accounts SET revoked = COALESCE(revoked, ?) WHERE id = ?", (iso(now()), account.id))
            conn.execute("UPDATE tokens SET revoked = COALESCE(revoked, ?) WHERE account_id = ?",
                         (iso(now()), account.id))
            conn.execute("UPDATE sessions SET ended = COALESCE(ended, ?) WHERE account_id = ?",
                         (iso(now()), account.id))
            append(conn, actor, "account.revoke", username)

    def set_password(self, username: str, password: str, actor: str) -> None:
        account = self.get(username)
        with self.db.connect() as conn:
            conn.execute("UPDATE accounts SET password_hash = ? WHERE id = ?",
                         (self._hash_password(password), account.id))
            conn.execute("DELETE FROM signin_failures WHERE account_key = ?", (_digest(username),))
            append(conn, actor, "account.password", username)

    def _hash_password(self, password: str) -> str:
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
        return self._hasher.hash(password)

    # roles ----------------------------------------------------------------------------
    def grant(self, username: str, role: str, scope_kind: str, scope_id: str, actor: str) -> None:
        check_role(role, scope_kind, scope_id)
        account = self.get(username)
        with self.db.connect() as conn:
            conn.execute("INSERT OR IGNORE INTO roles VALUES (?,?,?,?,?)",
                         (account.id, role, scope_kind, scope_id, iso(now())))
            append(conn, actor, "role.grant", username, str(Role(role, scope_kind, scope_id)))

    def withdraw(self, username: str, role: str, scope_kind: str, scope_id: str, actor: str) -> bool:
        account = self.get(username)
        with self.db.connect() as conn:
            gone = conn.execute("DELETE FROM roles WHERE account_id=? AND role=? AND scope_kind=? AND scope_id=?",
                                (account.id, role, scope_kind, scope_id)).rowcount
            if gone:
                append(conn, actor, "role.withdraw", username, str(Role(role, scope_kind, scope_id)))
        return bool(gone)

    # tokens ---------------------------------------------------------------------------
    def issue_token(self, username: str, actor: str, days: int = TOKEN_DAYS, label: str | None = None) -> str:
        """A new API token; the only time its secret is ever shown."""
        account = self.get(username)
        if account.revoked:
            raise AccountError(f"account '{username}' is revoked")
        if not 1 <= days <= 366:
            raise AccountError("a token lasts 1-366 days")
        lookup, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
        with self.db.connect() as conn:
            conn.execute("INSERT INTO tokens(account_id, lookup, secret_hash, label, created, expires) "
                         "VALUES (?,?,?,?,?,?)", (account.id, lookup, _digest(secret), label, iso(now()),
                                                  iso(now() + timedelta(days=days))))
            append(conn, actor, "token.issue", username, f"token={lookup} days={days}")
        return f"pg_{lookup}_{secret}"

    def tokens(self, username: str | None = None) -> list[TokenInfo]:
        with self.db.connect() as conn:
            rows = conn.execute(
                "SELECT t.*, a.username FROM tokens t JOIN accounts a ON a.id = t.account_id "
                "WHERE ? IS NULL OR a.username = ? ORDER BY t.id", (username, username)).fetchall()
        return [TokenInfo(r["id"], r["username"], r["label"], r["created"], r["expires"], r["revoked"])
                for r in rows]

    def revoke_token(self, token_id: int, actor: str) -> bool:
        with self.db.connect() as conn:
            gone = conn.execute("UPDATE tokens SET revoked = ? WHERE id = ? AND revoked IS NULL",
                                (iso(now()), token_id)).rowcount
            if gone:
                append(conn, actor, "token.revoke", None, f"token id={token_id}")
        return bool(gone)

    def authenticate_token(self, presented: str) -> Identity | None:
        parts = presented.split("_", 2)
        if len(parts) != 3 or parts[0] != "pg":
            return None
        with self.db.connect() as conn:
            row = conn.execute("SELECT t.*, a.revoked AS account_revoked FROM tokens t "
                               "JOIN accounts a ON a.id = t.account_id WHERE t.lookup = ?", (parts[1],)).fetchone()
        if row is None:
            hmac.compare_digest(_digest(parts[2]), _digest(""))  # same work either way
            return None
        if not hmac.compare_digest(row["secret_hash"], _digest(parts[2])):
            return None
        if row["revoked"] or row["account_revoked"] or parse_iso(row["expires"]) <= now():
            return None
        return self.identity(row["account_id"])

    # sign-in --------------------------------------------------------------------------
    def authenticate_password(self, username: str, password: str, client: str = "") -> Identity | None:
        """The identity, None for a wrong name or password (the same answer for both), or
        SignInLocked after MAX_FAILED_LOGINS failures in a row for this name from this
        client address (`client`): a throttle on the guesser, never a lock on the person,
        who signs in from their own address meanwhile. Unknown names are throttled alike."""
        key = (_digest(username), _digest(client))
        with self.db.connect() as conn:
            row = conn.execute("SELECT * FROM accounts WHERE username = ?", (username,)).fetchone()
            throttle = conn.execute("SELECT * FROM signin_failures WHERE account_key = ? AND address_key = ?",
                                    key).fetchone()
        if throttle is not None and throttle["locked_until"] and parse_iso(throttle["locked_until"]) > now():
            raise SignInLocked()
        known = row is not None and not row["revoked"] and row["password_hash"]
        if not self._verify(row["password_hash"] if known else self._dummy_hash, password) or not known:
            self._failed(key, username if known else None, (throttle["failures"] if throttle is not None else 0) + 1)
            return None
        with self.db.connect() as conn:
            conn.execute("DELETE FROM signin_failures WHERE account_key = ? AND address_key = ?", key)
        return self.identity(row["id"])

    # sessions -------------------------------------------------------------------------
    def start_session(self, account_id: int) -> str:
        """A new session id for the signed cookie; only its hash is kept."""
        sid = secrets.token_urlsafe(32)
        with self.db.connect() as conn:
            conn.execute("INSERT INTO sessions(lookup, account_id, created) VALUES (?,?,?)",
                         (_digest(sid), account_id, iso(now())))
        return sid

    def session_live(self, sid: str, account_id: int) -> bool:
        with self.db.connect() as conn:
            row = conn.execute("SELECT account_id, ended FROM sessions WHERE lookup = ?", (_digest(sid),)).fetchone()
        return row is not None and row["ended"] is None and row["account_id"] == account_id

    def end_session(self, sid: str) -> None:
        """Sign out: this session stops working, wherever its cookie has been copied."""
        with self.db.connect() as conn:
            conn.execute("UPDATE sessions SET ended = COALESCE(ended, ?) WHERE lookup = ?", (iso(now()), _digest(sid)))

    def _verify(self, hashed: str, password: str) -> bool:
        try:
            return self._hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False

    def _failed(self, key: tuple[str, str], username: str | None, count: int) -> None:
        locked = iso(now() + LOCKOUT) if count >= MAX_FAILED_LOGINS else None
        with self.db.connect() as conn:
            conn.execute("INSERT OR REPLACE INTO signin_failures VALUES (?,?,?,?)",
                         (*key, 0 if locked else count, locked))
            if locked and username:  # (an unknown name is throttled, not logged)
                append(conn, "system", "account.locked", username,
                       f"after {count} failed sign-ins from one address, for {LOCKOUT}")

    def identity(self, account_id: int) -> Identity | None:
        """The live identity of an account (None once revoked): read on every request, so a
        revocation or a role change takes effect at once."""
        with self.db.connect() as conn:
            row = conn.execute("SELECT * FROM accounts WHERE id = ?", (account_id,)).fetchone()
            if row is None or row["revoked"]:
                return None
            return Identity(row["id"], row["username"], row["person_id"], _roles(conn, row["id"]))


def _roles(conn: sqlite3.Connection, account_id: int) -> tuple[Role, ...]:
    rows = conn.execute("SELECT role, scope_kind, scope_id FROM roles WHERE account_id = ? "
                        "ORDER BY role, scope_kind, scope_id", (account_id,)).fetchall()
    return tuple(Role(r["role"], r["scope_kind"], r["scope_id"]) for r in rows)


def check_role(role: str, scope_kind: str, scope_id: str) -> None:
    if role not in ROLES:
        raise AccountError(f"no role '{role}'; one of {', '.join(ROLES)}")
    if scope_kind not in SCOPE_KINDS:
        raise AccountError(f"a role is scoped to one of {', '.join(SCOPE_KINDS)}")
    if (scope_kind == "deployment") != (scope_id == "*"):
        raise AccountError("the deployment scope is written '*'; an organisation or cluster needs its id")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
