"""Reading pages: sign in, find a peer, a person, a practice with its lineage tree."""

from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from pydantic import ValidationError

from practicegraph.accounts.store import SignInLocked
from practicegraph.api import auth, services
from practicegraph.api.responses import ExpertsResponse, LineageResponse, PracticeResponse
from practicegraph.api.schemas import ExpertQuery
from practicegraph.api.trust import attach_introductions, consenting_experts, fetch_limit
from practicegraph.errors import NotFound
from practicegraph.model.base import Phase
from practicegraph.queries.expertise import find_experts
from practicegraph.queries.facets import UnknownFilter, facets, resolve_filters
from practicegraph.queries.people import person_view
from practicegraph.queries.lineage import lineage
from practicegraph.queries.practices import practice_detail
from practicegraph.web import session as who

pages_bp = Blueprint("pages", __name__, template_folder="templates", static_folder="static",
                     static_url_path="/static/web")
pages_bp.before_app_request(who.load_identity)

FILTERS = ("subject", "phase", "organisation", "cluster", "region")
PHASES = [p.value for p in Phase]


@pages_bp.app_context_processor
def _page_globals() -> dict:
    return {"signed_in": who.identity(), "csrf_token": generate_csrf}


@pages_bp.get("/")
def home():
    return redirect(url_for("pages.search"))


@pages_bp.get("/search")
@who.reading_required
def search():
    asked = {k: v.strip() for k, v in request.args.items() if k in ("q", *FILTERS) and v.strip()}
    results, problems = None, {}
    if asked.get("q"):
        try:
            query = ExpertQuery.model_validate({**asked, "limit": 10})
        except ValidationError as exc:
            problems = {str(e["loc"][0]): e["msg"] for e in exc.errors(include_url=False)}
        else:
            try:
                results = _experts(query)
            except UnknownFilter as exc:  # a name or prefix that matches nothing you may see
                problems = {exc.field: str(exc)}
    offered = facets(services().store, who.viewer())  # the choices this viewer may see
    return render_template("search.html", asked=asked, results=results, problems=problems, phases=PHASES,
                           facets=offered)


def _experts(query: ExpertQuery) -> dict:
    """The API's answer for this viewer, as /api/v1/experts gives it."""
    svc = services()
    filters = resolve_filters(svc.store, query.filters(), who.viewer())  # names, prefixes, synonyms
    found = find_experts(svc.store, svc.embedder, query.q, filters=filters,
                         viewer=who.viewer(), limit=fetch_limit(query.limit))
    found = consenting_experts(found, query.limit)
    response = ExpertsResponse.of(query.q, query.model_dump(exclude={"q", "limit"}, exclude_none=True), found)
    attach_introductions(response, found, svc.store)
    return response.to_json()


@pages_bp.get("/people/<person_id>")
@who.reading_required
def person(person_id: str):
    try:
        view = person_view(services().store, person_id, who.viewer())  # only what you may see
    except NotFound:
        abort(404)
    q = request.args.get("q", "").strip()
    evidence = None
    if q:
        found = _experts(ExpertQuery.model_validate({"q": q, "limit": 50}))
        evidence = next((r for r in found["results"] if r["person"]["id"] == person_id), None)
    return render_template("person.html", person=view.person, profile=view.profile, q=q, item=evidence)


@pages_bp.get("/practices/<practice_id>")
@who.reading_required
def practice(practice_id: str):
    store = services().store
    try:
        detail = PracticeResponse.of_view(practice_detail(store, practice_id, who.viewer())).to_json()
        tree = LineageResponse.of(lineage(store, practice_id, direction="both", depth=6,
                                          viewer=who.viewer())).to_json()
    except NotFound:
        abort(404)
    return render_template("practice.html", practice=detail, tree=tree,
                           tree_json=json.dumps(tree, default=str).replace("<", "\\u003c"))


@pages_bp.route("/signin", methods=["GET", "POST"])
def signin():
    nxt = _safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("signin.html", next=nxt, error=None, username="")
    current_app.extensions["practicegraph.csrf"].protect()
    username, password = request.form.get("username", ""), request.form.get("password", "")
    if not username or not password:
        return render_template("signin.html", next=nxt, username=username,
                               error="Give your username and your password."), 422
    try:
        found = auth.state().store.authenticate_password(username, password, request.remote_addr or "")
    except SignInLocked:
        return render_template("signin.html", next=nxt, username=username,
                               error="Too many failed sign-ins: try again in 15 minutes."), 429
    if found is None:  # the same words for an unknown name and a wrong password
        return render_template("signin.html", next=nxt, username=username,
                               error="Wrong username or password."), 401
    auth.start_session(found.account_id)
    generate_csrf()  # one token for the whole session: pages fetched at once cannot race to set it
    return redirect(nxt)


@pages_bp.post("/signout")
def signout():
    current_app.extensions["practicegraph.csrf"].protect()
    auth.end_session()
    return redirect(url_for("pages.signin"))


def _safe_next(value: str | None) -> str:
    """Only a path on this site (never //host or a scheme): no open redirect."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return url_for("pages.search")


@pages_bp.get("/sw.js")
def service_worker():
    """The service worker must be served from the root to control the record pages."""
    response = pages_bp.send_static_file("sw.js")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response
