"""The web page where a teacher answers a request to share a record that names them."""

from __future__ import annotations

from practicegraph.accounts.sharing import Wanted
from practicegraph.graph.types import Viewer
from tests.unit.test_web import _app, _signed_in


def test_a_named_teacher_sees_the_request_and_her_yes_applies_it(tmp_path):
    app, store = _app(tmp_path, public_read=False)
    sharing = app.extensions["practicegraph.accounts"].store.sharing
    scope = store.record_scope("o-pair", Viewer.internal())
    asked = sharing.ask(store, scope, Wanted("org", "pair", "s1", None), "mo", "account:mo")
    client = app.test_client()
    assert client.get("/sharing").status_code == 302  # sign in first
    token = _signed_in(client, "tara")
    page = client.get("/sharing").get_data(as_text=True)
    assert f'id="request-{asked.id}"' in page and "the staff of s1" in page and "Yes, share it" in page
    assert client.post(f"/sharing/{asked.id}/consent", data={}).status_code == 400  # no CSRF token: nothing
    assert store.record_scope("o-pair", Viewer.internal()).visibility == "pair"
    done = client.post(f"/sharing/{asked.id}/consent", data={"csrf_token": token})
    assert done.status_code == 302
    assert store.record_scope("o-pair", Viewer.internal()).visibility == "org"
    assert "No requests are waiting for you." in client.get("/sharing").get_data(as_text=True)
    assert client.post(f"/sharing/{asked.id}/consent", data={"csrf_token": token}).status_code == 409


def test_someone_not_named_gets_nothing(tmp_path):
    app, store = _app(tmp_path, public_read=False)
    sharing = app.extensions["practicegraph.accounts"].store.sharing
    asked = sharing.ask(store, store.record_scope("o-pair", Viewer.internal()), Wanted("public", "pair", None, None),
                        "mo", "account:mo")
    client = app.test_client()
    token = _signed_in(client, "ben")
    assert "No requests are waiting for you." in client.get("/sharing").get_data(as_text=True)
    assert client.post(f"/sharing/{asked.id}/refuse", data={"csrf_token": token}).status_code == 404
    assert sharing.for_person("tara")[0].status == "pending"
