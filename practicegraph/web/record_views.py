"""Record forms: shown, checked on the server, written through the one ingest path.

Each form carries a record id made when the form is shown (or on the phone, offline), so
sending it twice writes it once: the ingest path is idempotent. A refused form comes back
with a message beside each field at fault and everything typed kept.
"""

from __future__ import annotations

import re
import uuid

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, url_for

from flask_wtf.csrf import CSRFError

from practicegraph.accounts.policy import refusals
from practicegraph.api import services
from practicegraph.errors import ConflictError, ValidationFailed
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from practicegraph.web import forms
from practicegraph.web import session as who

records_bp = Blueprint("records", __name__, template_folder="templates")
RECORD_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~:@-]{0,150}$")


def new_id(kind: str) -> str:
    return f"web-{kind}-{uuid.uuid4().hex[:16]}"


@records_bp.get("/record/<kind>")
@who.sign_in_required
def show(kind: str):
    spec = _spec(kind)
    values = {f.name: request.args.get(f.name, f.default) for f in spec.fields}
    if not values.get("date") and any(f.name == "date" for f in spec.fields):
        values["date"] = forms.today()
    if "started" in values and not values["started"]:
        values["started"] = forms.today()
    return _render(spec, values, {}, new_id(kind), None)


@records_bp.get("/practices/<practice_id>/adapt")
@who.sign_in_required
def adapt(practice_id: str):
    values = {f.name: f.default for f in forms.ADAPTATION.fields} | {"source": practice_id, "date": forms.today()}
    return _render(forms.ADAPTATION, values, {}, new_id("adaptation"), None)


@records_bp.post("/record/<kind>")
@who.sign_in_required
def submit(kind: str):
    spec = _spec(kind)
    values = forms.typed(spec, request.form)
    record_id = request.form.get("record_id", "")
    if not RECORD_ID.match(record_id):
        record_id = new_id(kind)
    try:
        current_app.extensions["practicegraph.csrf"].protect()
    except CSRFError:  # open too long, or signed in again elsewhere: nothing typed is lost
        return _render(spec, values, {}, record_id,
                       "This form had expired, so nothing was saved yet: press Save again."), 400
    errors = forms.missing(spec, values)
    if errors:
        return _render(spec, values, errors, record_id, "Some answers need a look: see the notes below."), 422
    batch = forms.records_for(spec, record_id, values, who.viewer())
    refused = refusals(who.identity(), batch)
    if refused:
        return _render(spec, values, {}, record_id, "You may not record this: " + refused[0]["reason"] + "."), 403
    svc = services()
    try:
        report = ingest(svc.store, svc.embedder, [Item(r, i) for i, r in enumerate(batch)], viewer=who.viewer())
    except ValidationFailed as exc:
        return _render(spec, values, _field_errors(spec, batch, exc.errors), record_id,
                       "Some answers need a look: see the notes below."), 422
    except ConflictError:
        return _render(spec, values, {}, new_id(kind),
                       "A different record was already sent with this form's id: send it again as a new one."), 409
    if _wants_json():
        return jsonify(status="sent", id=record_id, written=report.written, unchanged=report.unchanged)
    if spec.kind == "adaptation":
        return redirect(url_for("pages.practice", practice_id=batch[0]["id"], recorded=1))
    return redirect(url_for("records.done", kind=kind, id=record_id, new=int(report.written > 0)))


@records_bp.get("/record/<kind>/done")
@who.sign_in_required
def done(kind: str):
    spec = _spec(kind)
    return render_template("done.html", spec=spec, record_id=request.args.get("id", ""),
                           new=request.args.get("new") == "1")


def _spec(kind: str) -> forms.FormSpec:
    spec = forms.FORMS.get(kind)
    if spec is None:
        abort(404)
    return spec


def _field_errors(spec: forms.FormSpec, batch: list[dict], errors) -> dict[str, str]:
    found: dict[str, str] = {}
    for err in errors:
        record_type = batch[err.line]["type"] if isinstance(err.line, int) and err.line < len(batch) else ""
        name = forms.field_for(spec, record_type, err.field)
        reason = err.reason
        if err.field.startswith("agenda") and "tag" in err.field:
            reason = "start each agenda item with content: or admin:"
        elif err.field in ("observed", "participants") or "unknown" in reason:
            reason = reason.replace("person", "person id")
        found.setdefault(name, reason[:1].upper() + reason[1:])
    return found


def _wants_json() -> bool:
    """The phone's outbox sends a saved form and wants the answer as data."""
    return request.accept_mimetypes.best == "application/json"


def _render(spec: forms.FormSpec, values: dict, errors: dict, record_id: str, banner: str | None):
    if _wants_json() and request.method == "POST":
        return jsonify(status="refused", message=banner, fields=errors)
    action = url_for("records.submit", kind=spec.kind)
    return render_template("record.html", spec=spec, values=values, errors=errors, record_id=record_id,
                           banner=banner, action=action)
