"""Web-app sign-in: session cookie flags, CSRF from Flask-WTF, lockout, logout, revocation."""

import pytest

from practicegraph.accounts.store import MAX_FAILED_LOGINS
from practicegraph.api import create_app
from tests.accounts_world import build
from tests.fakes import HashingEmbedder

BASE = "https://pg.example"
HDR = {"Referer": BASE + "/"}  # Flask-WTF's strict referrer check on HTTPS


@pytest.fixture
def world(tmp_path):
    store, accounts, _ = build(tmp_path / "a.sqlite")
    app = create_app(store=store, embedder=HashingEmbedder(), accounts=accounts, public_read=False)
    return app.test_client(), accounts


def _csrf(client):
    return client.get("/auth/csrf", base_url=BASE).get_json()["csrf_token"]


def _login(client, username, password, token=None, address="127.0.0.1"):
    headers = {**HDR, "X-CSRFToken": token or _csrf(client)}
    return client.post("/auth/login", json={"username": username, "password": password},
                       headers=headers, base_url=BASE, environ_base={"REMOTE_ADDR": address})


def test_sign_in_sets_a_secure_session_and_csrf_guards_changes(world):
    client, _ = world
    assert _login(client, "tara", "tara-password-1", token="forged").status_code == 400
    resp = _login(client, "tara", "tara-password-1")
    assert resp.status_code == 200 and resp.get_json()["person"] == "tara"
    cookie = resp.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/api/v1/practices/p-private", base_url=BASE).status_code == 200
    record = {"type": "observation", "observer": "tara", "observed": "mo", "date": "2025-06-01",
              "focus": "cold calling", "visibility": "pair"}
    no_token = client.post("/api/v1/records", json=record, headers=HDR, base_url=BASE)
    assert no_token.status_code == 400 and no_token.get_json()["error"]["code"] == "csrf_failed"
    token = resp.get_json()["csrf_token"]
    other_site = client.post("/api/v1/records", json=record, base_url=BASE,
                             headers={"X-CSRFToken": token, "Referer": "https://evil.example/"})
    assert other_site.status_code == 400
    ok = client.post("/api/v1/records", json=record, headers={**HDR, "X-CSRFToken": token}, base_url=BASE)
    assert ok.status_code == 201
    thief = client.application.test_client()  # a copy of the cookie, taken before signing out
    thief.set_cookie("pg_session", client.get_cookie("pg_session", domain="pg.example").value, domain="pg.example")
    assert thief.get("/api/v1/practices/p-private", base_url=BASE).status_code == 200
    assert client.post("/auth/logout", headers={**HDR, "X-CSRFToken": token}, base_url=BASE).status_code == 204
    assert client.get("/api/v1/practices/p-private", base_url=BASE).status_code == 401
    assert thief.get("/api/v1/practices/p-private", base_url=BASE).status_code == 401  # ended on the server


def test_wrong_password_and_unknown_user_look_the_same_then_lock(world):
    client, accounts = world
    a = _login(client, "tara", "wrong-password")
    b = _login(client, "nobody", "wrong-password")
    assert a.status_code == b.status_code == 401 and a.get_json() == b.get_json()
    for _ in range(MAX_FAILED_LOGINS - 1):
        assert _login(client, "tara", "wrong-password").status_code == 401
    locked = _login(client, "tara", "tara-password-1")  # even the right password, for a while
    assert locked.status_code == 429 and locked.headers["Retry-After"]
    assert any(e.action == "account.locked" for e in accounts.audit.entries())
    for _ in range(MAX_FAILED_LOGINS - 1):  # an unknown name is throttled alike: no tell
        assert _login(client, "nobody", "wrong-password").status_code == 401
    assert _login(client, "nobody", "wrong-password").status_code == 429


def test_the_throttle_holds_back_the_guesser_not_the_person(world):
    client, _ = world
    for _ in range(MAX_FAILED_LOGINS):
        _login(client, "tara", "wrong-password", address="203.0.113.9")
    assert _login(client, "tara", "tara-password-1", address="203.0.113.9").status_code == 429
    assert _login(client, "tara", "tara-password-1", address="198.51.100.4").status_code == 200


def test_revoking_an_account_ends_its_session(world):
    client, accounts = world
    assert _login(client, "ben", "ben-password-1").status_code == 200
    assert client.get("/auth/me", base_url=BASE).get_json()["username"] == "ben"
    accounts.revoke("ben", "test")
    assert client.get("/api/v1/practices/p-public", base_url=BASE).status_code == 401


def test_passwords_are_argon2_hashes(world):
    _, accounts = world
    with accounts.db.connect() as conn:
        hashes = [r[0] for r in conn.execute("SELECT password_hash FROM accounts WHERE password_hash IS NOT NULL")]
    assert len(hashes) == 2 and all(h.startswith("$argon2id$") for h in hashes)
    assert not any("password-1" in h for h in hashes)


def test_the_audit_log_is_append_only(world):
    import sqlite3

    _, accounts = world
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        with accounts.db.connect() as conn:
            conn.execute("DELETE FROM audit")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        with accounts.db.connect() as conn:
            conn.execute("UPDATE audit SET actor = 'x'")
