"""The page where a teacher answers requests to show a record that names them to more
people (accounts/sharing.py): nothing changes until everyone named has said yes."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask_wtf.csrf import CSRFError

from practicegraph.accounts.sharing import RequestClosed, UnknownRequest
from practicegraph.api import auth, services
from practicegraph.web import session as who

sharing_pages_bp = Blueprint("sharing", __name__, template_folder="templates")
AUDIENCE = {"public": "everyone", "cluster": "the members of cluster {cluster}",
            "org": "the staff of {organisation}", "pair": "the people it names", "private": "its author only"}


def audience(level: str, organisation: str | None, cluster: str | None) -> str:
    return AUDIENCE[level].format(organisation=organisation or "", cluster=cluster or "")


@sharing_pages_bp.get("/sharing")
@who.sign_in_required
def requests_page(message: str | None = None):
    person = who.viewer().person_id
    found = auth.state().store.sharing.for_person(person) if person else []
    return render_template("sharing.html", requests=found, person=person, audience=audience, message=message)


@sharing_pages_bp.post("/sharing/<int:request_id>/<any(consent, refuse):answer>")
@who.sign_in_required
def answer(request_id: int, answer: str):
    try:
        current_app.extensions["practicegraph.csrf"].protect()
    except CSRFError:
        return requests_page("This page had expired, so nothing was answered yet: answer again."), 400
    person = who.viewer().person_id
    if not person:
        abort(404)
    try:
        auth.state().store.sharing.answer(services().store, request_id, person, answer == "consent",
                                          who.identity().actor)
    except UnknownRequest:
        abort(404)
    except RequestClosed:
        return requests_page("That request was already closed."), 409
    return redirect(url_for("sharing.requests_page"))
