"""The web app's pages and forms through Flask's test client (the browser tests are in
tests/e2e/test_web_browser.py)."""

from __future__ import annotations

import re

import pytest

from practicegraph.api import create_app
from tests.accounts_world import build
from tests.fakes import HashingEmbedder

VISIT = {"observed": "mo", "date": "2025-03-02", "focus": "questioning with whiteboards",
         "visibility": "pair", "reflection_visibility": "pair"}


def _app(tmp_path, public_read=True):
    store, accounts, _ = build(tmp_path / "accounts.sqlite")
    app = create_app(store=store, embedder=HashingEmbedder(), accounts=accounts, public_read=public_read)
    return app, store


def _token(client, path="/signin") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def _signed_in(client, username="tara"):
    resp = client.post("/signin", data={"csrf_token": _token(client), "username": username,
                                        "password": f"{username}-password-1", "next": "/record/visit"})
    assert resp.status_code == 302 and resp.headers["Location"] == "/record/visit"
    return _token(client, "/record/visit")


@pytest.fixture
def site(tmp_path):
    app, store = _app(tmp_path)
    return app.test_client(), store


def test_pages_have_no_inline_script_or_style_and_keep_the_csp(site):
    client, _ = site
    for path in ("/search?q=questioning", "/practices/p-public", "/people/tara?q=questioning", "/signin"):
        resp = client.get(path)
        html = resp.get_data(as_text=True)
        assert resp.status_code == 200, path
        assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
        for tag in re.findall(r"<script[^>]*>", html):
            assert 'src="/static/web/' in tag or 'type="application/json"' in tag, tag
        assert "style=" not in html and "<style" not in html
        for ref in re.findall(r'(?:src|href)="(/static/web/[^"]+)"', html):
            assert client.get(ref).status_code == 200, ref


def test_public_reading_shows_only_public_evidence(site):
    client, _ = site
    html = client.get("/search?q=think+pair+share+questioning").get_data(as_text=True)
    assert "Tara" in html and "Hill Primary" in html
    assert "Ben" not in html and "Tara felt nervous" not in html  # org practice, pair reflection


def test_without_public_reading_pages_ask_to_sign_in(tmp_path):
    app, _ = _app(tmp_path, public_read=False)
    resp = app.test_client().get("/search?q=questioning")
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/signin?next=")


def test_record_pages_need_a_signed_in_person(site):
    client, _ = site
    resp = client.get("/record/visit")
    assert resp.status_code == 302 and "/signin" in resp.headers["Location"]


def test_sign_in_refuses_a_next_page_on_another_site(site):
    client, _ = site
    resp = client.post("/signin", data={"csrf_token": _token(client), "username": "tara",
                                        "password": "tara-password-1", "next": "//evil.example/x"})
    assert resp.headers["Location"] == "/search"


def test_a_refused_visit_names_the_field_and_keeps_what_was_typed(site):
    client, store = site
    token = _signed_in(client)
    resp = client.post("/record/visit", data={**VISIT, "observed": "nobody", "csrf_token": token, "record_id": "v-1"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert re.search(r'id="f-observed-error">Unknown person id', html)
    assert "questioning with whiteboards</textarea>" in html and 'value="v-1"' in html
    assert store.record_index(["v-1"]) == {}


def test_missing_answers_are_named_before_anything_is_written(site):
    client, _ = site
    token = _signed_in(client)
    resp = client.post("/record/visit", data={**VISIT, "focus": "", "csrf_token": token, "record_id": "v-2"})
    assert resp.status_code == 422 and 'id="f-focus-error">Please fill this in.' in resp.get_data(as_text=True)


def test_a_visit_sent_twice_is_written_once(site):
    client, store = site
    token = _signed_in(client)
    first = client.post("/record/visit", data={**VISIT, "csrf_token": token, "record_id": "v-3"})
    assert first.status_code == 302 and "new=1" in first.headers["Location"]
    again = client.post("/record/visit", data={**VISIT, "csrf_token": token, "record_id": "v-3"},
                        headers={"Accept": "application/json"})
    assert again.json == {"status": "sent", "id": "v-3", "written": 0, "unchanged": 1}
    assert store.record_index(["v-3"])["v-3"][0] == "observation"


def test_an_expired_form_comes_back_with_what_was_typed(site):
    client, store = site
    _signed_in(client)
    resp = client.post("/record/visit", data={**VISIT, "csrf_token": "stale", "record_id": "v-4"})
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    assert "press Save again" in html and "questioning with whiteboards" in html
    assert store.record_index(["v-4"]) == {}


def test_the_outbox_gets_field_errors_as_data(site):
    client, _ = site
    token = _signed_in(client)
    resp = client.post("/record/visit", data={**VISIT, "date": "not-a-date", "csrf_token": token, "record_id": "v-5"},
                       headers={"Accept": "application/json"})
    assert resp.status_code == 422 and resp.json["status"] == "refused" and "date" in resp.json["fields"]


def test_an_adaptation_lands_in_the_lineage_of_its_source(site):
    client, _ = site
    token = _signed_in(client)
    resp = client.post("/record/adaptation", data={
        "csrf_token": token, "record_id": "a-1", "source": "p-public", "title": "Pairs with cards",
        "description": "cards first", "what_changed": "cards before talk", "why": "noise",
        "mode": "adaptive", "how_learned": "told", "visibility": "cluster"})
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/practices/a-1-practice")
    html = client.get("/practices/p-public").get_data(as_text=True)
    assert "Pairs with cards" in html and "adapted: cards before talk" in html


def test_a_meeting_needs_tagged_agenda_items_and_its_leader(site):
    client, _ = site
    token = _signed_in(client)
    resp = client.post("/record/meeting", data={"csrf_token": token, "record_id": "m-1", "cluster": "k1",
                                                "date": "2025-02-01", "agenda": "content: group work"})
    assert resp.status_code == 403 and "cluster&#39;s leader" in resp.get_data(as_text=True)


def test_lineage_data_cannot_close_its_script_tag(site):
    client, _ = site
    html = client.get("/practices/p-public").get_data(as_text=True)
    data = re.search(r'<script type="application/json" id="lineage-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in data


def test_research_pages_say_when_the_server_has_no_research_figures(site):
    client, _ = site
    app = client.application
    for path, endpoint in (("/clusters/k1", "research.cluster_health"),
                           ("/practices/p-public/diffusion", "research.practice_cascade")):
        html = client.get(path).get_data(as_text=True)
        if endpoint in app.view_functions:
            assert 'id="research-view"' in html and "/api/v1/" in html
        else:
            assert "not available on this server yet" in html


def test_a_mentoring_round_names_the_mentor_and_mentee(site):
    client, store = site
    token = _signed_in(client)
    form = client.get("/record/mentoring").get_data(as_text=True)
    assert "If you change nothing: only the two of you (you and the colleague you mentor)." in form
    resp = client.post("/record/mentoring", data={"csrf_token": token, "record_id": "x-1", "mentee": "mo",
                                                  "started": "2025-03-04", "rounds": "1", "focus": "questioning",
                                                  "visibility": "pair", "reflection_visibility": "pair"})
    assert resp.status_code == 302, resp.get_data(as_text=True)
    assert store.record_index(["x-1"])["x-1"][0] == "exchange"


def test_results_show_how_the_asker_can_be_introduced(site):
    client, _ = site
    _signed_in(client)  # tara, in the River cluster with Lee
    html = client.get("/search?q=think+pair+share+questioning+maths").get_data(as_text=True)
    lee = next(card for card in html.split('class="card person-result"') if ">Lee</a>" in card)
    assert "How you can be introduced:" in lee and "River cluster" in lee
    assert "This is you." in html  # Tara's own result


def test_a_person_page_lists_only_the_practices_the_viewer_may_see(site):
    client, _ = site
    html = client.get("/people/tara").get_data(as_text=True)
    assert "Think pair share" in html and "My questioning draft" not in html  # her private draft
    _signed_in(client, "tara")
    assert "My questioning draft" in client.get("/people/tara").get_data(as_text=True)
    assert client.get("/people/nobody").status_code == 404


def test_search_filters_offer_the_choices_the_viewer_may_see(site):
    client, _ = site
    html = client.get("/search").get_data(as_text=True)
    assert '<datalist id="schools">' in html and 'value="Hill Primary"' in html
    assert 'list="subjects"' in html and 'value="maths"' in html
