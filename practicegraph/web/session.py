"""Who is looking at a page: the signed-in account (session cookie), or nobody."""

from __future__ import annotations

from functools import wraps

from flask import g, redirect, request, url_for

from practicegraph.accounts.types import Identity
from practicegraph.api import auth
from practicegraph.graph.types import Viewer


def load_identity() -> None:
    """Before every page: the same identity the API would see for this browser."""
    if "pg_identity" not in g:
        try:
            g.pg_identity = auth.resolve_identity()  # the one place identities are resolved
        except auth.AuthRequired:  # a page is never asked with a Bearer token; treat a bad one as none
            g.pg_identity = None


def identity() -> Identity | None:
    return g.get("pg_identity")


def viewer() -> Viewer:
    return auth.current_viewer()


def public_read() -> bool:
    return auth.state().public_read


def reading_allowed() -> bool:
    return identity() is not None or public_read()


def sign_in_required(view):
    """Pages that write need a signed-in person; to sign-in and back afterwards."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if identity() is None:
            return redirect(url_for("pages.signin", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


def reading_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not reading_allowed():
            return redirect(url_for("pages.signin", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped
