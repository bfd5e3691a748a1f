"""Sign-in for the API and the web app: who is asking, and may they ask at all.

Every /api/v1 route except health needs an identity: a Bearer token (scripts, the API)
or the signed session cookie the web app gets from POST /auth/login. Anonymous reading of
public records is allowed only where the deployment says so (public_read). Sessions are
Flask's signed cookie; CSRF is Flask-WTF's, checked on every unsafe request that a cookie
authenticates (a Bearer token is not sent by a browser on its own, so it needs none).
"""

from __future__ import annotations

import threading
from datetime import timedelta

from flask import Blueprint, Flask, current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf

from practicegraph.accounts.store import AccountStore, SignInLocked
from practicegraph.accounts.types import Identity
from practicegraph.accounts.viewer import viewer_for
from practicegraph.api.errors import envelope
from practicegraph.graph.types import Viewer

EXTENSION = "practicegraph.accounts"
API_PREFIX = "/api/v1/"
OPEN_ENDPOINTS = frozenset({"v1.health", "v1.ready"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
REALM = 'Bearer realm="practicegraph"'

auth_bp = Blueprint("auth", __name__)


class AuthRequired(Exception):
    """401: no identity, or one that is not valid."""

    def __init__(self, message: str, bad_token: bool = False):
        super().__init__(message)
        self.message, self.bad_token = message, bad_token


class Forbidden(Exception):
    """403: a signed-in identity whose roles do not cover the action."""

    def __init__(self, message: str, details: list | None = None):
        super().__init__(message)
        self.details = details


class AccountsState:
    """The account store and the public-read setting: given, or the runtime's (read on first
    use, so creating an app opens nothing)."""

    def __init__(self, accounts: AccountStore | None, public_read: bool | None):
        self._store, self._public_read = accounts, public_read
        self._lock = threading.Lock()

    @property
    def store(self) -> AccountStore:
        with self._lock:
            if self._store is None:
                from practicegraph.api import services

                self._store = AccountStore(services().runtime.settings.accounts_file)
            return self._store

    @property
    def public_read(self) -> bool:
        if self._public_read is None:
            from practicegraph.api import services

            self._public_read = services().runtime.settings.public_read
        return self._public_read


def state() -> AccountsState:
    return current_app.extensions[EXTENSION]


def install(app: Flask, accounts: AccountStore | None, public_read: bool | None) -> None:
    app.config.update(
        SESSION_COOKIE_NAME="pg_session", SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax", PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        WTF_CSRF_CHECK_DEFAULT=False)  # checked in _gate, only where a cookie authenticates
    app.extensions[EXTENSION] = AccountsState(accounts, public_read)
    app.session_interface = _DeploymentKeySessions()
    app.extensions["practicegraph.csrf"] = CSRFProtect(app)
    app.before_request(_gate)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    _register_errors(app)


def _register_errors(app: Flask) -> None:
    @app.errorhandler(AuthRequired)
    def _unauthorised(exc: AuthRequired):
        challenge = REALM + (', error="invalid_token"' if exc.bad_token else "")
        return envelope(401, "unauthorised", exc.message, headers={"WWW-Authenticate": challenge})

    @app.errorhandler(Forbidden)
    def _forbidden(exc: Forbidden):
        return envelope(403, "forbidden", str(exc), exc.details)

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError):
        return envelope(400, "csrf_failed", "the CSRF token is missing or not valid; "
                                            "get one from GET /auth/csrf and send it as X-CSRFToken")


class _DeploymentKeySessions(SecureCookieSessionInterface):
    """Flask's signed-cookie session, signed with the per-deployment key kept in the
    account store (read when the first session is opened, not at import or app creation)."""

    def get_signing_serializer(self, app: Flask):
        if not app.secret_key:
            app.secret_key = app.extensions[EXTENSION].store.db.secret("session")
        return super().get_signing_serializer(app)


def _gate():
    """Before every /api/v1 and /auth view: who is asking, and may they ask at all."""
    guarded = request.path.startswith(API_PREFIX) and request.endpoint is not None
    if not guarded and request.blueprint != "auth":
        return None
    identity = resolve_identity()
    g.pg_identity = identity
    if not guarded or request.endpoint in OPEN_ENDPOINTS:
        return None
    if identity is None:
        if state().public_read and request.method in SAFE_METHODS:
            return None
        raise AuthRequired("sign in first: send 'Authorization: Bearer <token>' or sign in at /auth/login")
    if g.pg_auth == "session" and request.method not in SAFE_METHODS:
        current_app.extensions["practicegraph.csrf"].protect()
    if request.blueprint != "v1" and request.method not in SAFE_METHODS \
            and not identity.role_in("administrator", "deployment", "*"):
        # other write routes (the xAPI statements of a learning record store) import on
        # others' behalf: a deployment administrator's account, as the CLI's ingest
        raise Forbidden("this route imports records on others' behalf: it needs a deployment administrator")
    return None


def resolve_identity() -> Identity | None:
    g.pg_auth = None
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, value = header.partition(" ")
        identity = state().store.authenticate_token(value.strip()) if scheme.lower() == "bearer" else None
        if identity is None:
            raise AuthRequired("the token is not valid (unknown, expired or revoked)", bad_token=True)
        g.pg_auth = "token"
        return identity
    account_id, sid = session.get("account_id"), session.get("sid")
    if account_id is None:
        return None
    live = isinstance(sid, str) and state().store.session_live(sid, int(account_id))
    identity = state().store.identity(int(account_id)) if live else None
    if identity is None:  # signed out (here or with a copy of this cookie), or revoked since
        session.clear()
        return None
    g.pg_auth = "session"
    return identity


def start_session(account_id: int) -> None:
    """A fresh signed cookie naming a new server-side session (signing out ends it)."""
    session.clear()
    session.permanent = True
    session["account_id"] = account_id
    session["sid"] = state().store.start_session(account_id)


def end_session() -> None:
    sid = session.get("sid")
    if isinstance(sid, str):
        state().store.end_session(sid)
    session.clear()


def current_identity() -> Identity | None:
    return g.get("pg_identity")


def current_viewer() -> Viewer:
    """The request's viewer, built once per request from today's memberships."""
    if "pg_viewer" not in g:
        from practicegraph.api import services

        g.pg_viewer = viewer_for(current_identity(), services().store)
    return g.pg_viewer


def require_identity() -> Identity:
    identity = current_identity()
    if identity is None:
        raise AuthRequired("sign in first")
    return identity


# routes ------------------------------------------------------------------------------
def _identity_dict(identity: Identity) -> dict:
    return {"username": identity.username, "person": identity.person_id,
            "roles": [{"role": r.role, "scope": r.scope_kind, "id": r.scope_id} for r in identity.roles]}


@auth_bp.get("/csrf")
def csrf_token():
    """A CSRF token for this browser session (needed to sign in and for every change)."""
    return {"csrf_token": generate_csrf()}


@auth_bp.post("/login")
def login():
    current_app.extensions["practicegraph.csrf"].protect()
    body = request.get_json(silent=True) if request.is_json else request.form
    username = (body or {}).get("username")
    password = (body or {}).get("password")
    if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
        return envelope(422, "invalid_parameters", "give username and password")
    try:
        identity = state().store.authenticate_password(username, password, request.remote_addr or "")
    except SignInLocked:
        return envelope(429, "too_many_attempts", "too many failed sign-ins; try again in 15 minutes",
                        headers={"Retry-After": "900"})
    if identity is None:  # the same answer for an unknown name and a wrong password
        return envelope(401, "invalid_credentials", "wrong username or password",
                        headers={"WWW-Authenticate": REALM})
    start_session(identity.account_id)
    return {**_identity_dict(identity), "csrf_token": generate_csrf()}


@auth_bp.post("/logout")
def logout():
    current_app.extensions["practicegraph.csrf"].protect()
    end_session()
    return "", 204


@auth_bp.get("/me")
def me():
    return _identity_dict(require_identity())
