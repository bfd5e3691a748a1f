"""An author's own records over real HTTP: correcting one (a new version, the old never
shown) and changing who may see it (narrowing at once, widening only with the consent of
everyone named), for each role: 401 without identity, 403 for a record one sees but did
not write, 404 for one one cannot see."""

from __future__ import annotations

import pytest
import requests

from practicegraph.api import create_app
from tests.accounts_world import RECORDS, TEXT, build
from tests.e2e.test_roles_http import _as, _err, _serve, _sources
from tests.fakes import HashingEmbedder

OBSERVATION = next(r for r in RECORDS if r.get("id") == "o-pair")
CORRECTED = {**OBSERVATION, "what_worked": "questioning with lolly sticks"}


@pytest.fixture
def world(tmp_path):
    store, accounts, tokens = build(tmp_path / "accounts.sqlite")
    server, base = _serve(create_app(store=store, embedder=HashingEmbedder(), accounts=accounts,
                                     public_read=False))
    spec = requests.get(base + "/openapi.json").json()
    yield base, accounts, tokens, spec
    server.shutdown()


def _call(spec, base, tokens, who, method, path, rule, **kwargs):
    from tests.contract import assert_conforms

    headers = _as(tokens, who) if who else {}
    resp = requests.request(method, base + path, headers=headers, **kwargs)
    assert_conforms(spec, method, rule, resp.status_code, resp.json())
    return resp


def _words(base, tokens, who, words):
    body = requests.get(base + "/api/v1/experts", params={"q": words}, headers=_as(tokens, who)).json()
    return {src for r in body["results"] for ev in r["evidence"] for src in ev["sources"]}


def test_only_the_author_corrects_and_the_old_version_is_never_shown(world):
    base, accounts, tokens, spec = world

    def put(who, rid, body):
        return _call(spec, base, tokens, who, "PUT", f"/api/v1/records/{rid}", "/api/v1/records/{record_id}",
                     json=body)

    assert "o-pair" in _words(base, tokens, "tara", "mini whiteboards")
    _err(put(None, "o-pair", CORRECTED), 401, "unauthorised")
    _err(put("ben", "o-pair", CORRECTED), 404, "not_found")  # cannot see it
    _err(put("ben", "nothing", CORRECTED), 404, "not_found")
    for who in ("lee", "ada", "rita"):  # cluster leader, administrator, researcher: not theirs to see
        _err(put(who, "o-pair", CORRECTED), 404, "not_found")
    _err(put("tara", "o-pair", CORRECTED), 403, "forbidden")  # named on it, but Mo wrote it
    _err(put("tara", "p-private", {**CORRECTED, "id": "p-private"}), 422, "not_correctable")
    _err(put("mo", "o-pair", {**CORRECTED, "visibility": "public"}), 422, "invalid_records")
    assert put("mo", "o-pair", CORRECTED).json() == {"id": "o-pair", "type": "observation", "version": 2,
                                                     "corrected": True}
    for who in ("mo", "tara"):
        assert "o-pair" in _words(base, tokens, who, "lolly sticks")
        assert "o-pair" not in _words(base, tokens, who, "mini whiteboards")  # the old words
    resent = requests.post(base + "/api/v1/records", json=OBSERVATION, headers=_as(tokens, "mo"))
    assert resent.status_code == 200 and resent.json()["unchanged"] == 1  # recognised, not a conflict
    third = put("mo", "o-pair", {**CORRECTED, "reflection": "calmer now"}).json()
    assert third["version"] == 3
    assert put("mo", "o-pair", {**CORRECTED, "reflection": "calmer now"}).json()["corrected"] is False
    entries = accounts.audit.entries(100, action="record.correct")
    assert [e.detail for e in entries] == ["version 2", "version 3"]
    assert all("lolly" not in (e.detail or "") for e in accounts.audit.entries(500))


def test_narrowing_applies_at_once_and_widening_waits_for_everyone_named(world):
    base, accounts, tokens, spec = world
    rule = "/api/v1/records/{record_id}/visibility"

    def share(who, rid, **body):
        return _call(spec, base, tokens, who, "PUT", f"/api/v1/records/{rid}/visibility", rule, json=body)

    def answer(who, number, verb):
        return _call(spec, base, tokens, who, "POST", f"/api/v1/visibility-requests/{number}/{verb}",
                     "/api/v1/visibility-requests/{request_id}/" + verb)

    _err(share(None, "o-pair", visibility="private"), 401, "unauthorised")
    _err(share("ben", "o-pair", visibility="public"), 404, "not_found")
    _err(share("tara", "o-pair", visibility="private"), 403, "forbidden")
    for who in ("lee", "ada", "rita"):
        _err(share(who, "o-pair", visibility="private"), 404, "not_found")
    _err(share("tara", "p-private", visibility="public"), 422, "not_shareable")  # a practice
    _err(share("mo", "o-pair", visibility="org"), 422, "invalid_parameters")  # which school?
    _err(share("mo", "o-pair", visibility="org", organisation="nowhere"), 422, "invalid_parameters")

    narrowed = share("mo", "o-pair", visibility="private")
    assert narrowed.status_code == 200 and narrowed.json()["status"] == "applied"
    assert "o-pair" not in _sources(base, tokens, "tara") and "o-pair" in _sources(base, tokens, "mo")

    pending = share("mo", "o-pair", visibility="org", organisation="s1")
    assert pending.status_code == 202
    body = pending.json()
    assert (body["status"], body["waiting_for"]) == ("pending", ["tara"])
    for who in ("old", "tara", "ben"):  # a pending widening changes nothing anyone sees
        assert "o-pair" not in _sources(base, tokens, who)
    listed = _call(spec, base, tokens, "tara", "GET", "/api/v1/visibility-requests", "/api/v1/visibility-requests")
    assert [r["record"] for r in listed.json()["requests"]] == ["o-pair"]
    assert requests.get(base + "/api/v1/visibility-requests", headers=_as(tokens, "ben")).json() == {"requests": []}
    for who in ("ben", "lee", "ada", "rita"):  # not named on it
        _err(answer(who, body["request"], "consent"), 404, "not_found")
    _err(answer(None, body["request"], "consent"), 401, "unauthorised")
    applied = answer("tara", body["request"], "consent").json()
    assert (applied["status"], applied["waiting_for"]) == ("applied", [])
    for who in ("old", "tara", "mo"):  # s1 members now
        assert "o-pair" in _sources(base, tokens, who)
    assert "o-pair" not in _sources(base, tokens, "ben")
    _err(answer("tara", body["request"], "consent"), 409, "closed")

    refused_id = share("mo", "o-pair", visibility="public").json()["request"]
    assert answer("tara", refused_id, "refuse").json()["status"] == "refused"
    assert "o-pair" not in _sources(base, tokens, "ben")  # still org s1
    actions = [e.action for e in accounts.audit.entries(200, action="visibility")]
    assert actions == ["visibility.narrow", "visibility.request", "visibility.consent", "visibility.consent",
                       "visibility.applied", "visibility.request", "visibility.consent", "visibility.refuse",
                       "visibility.refused"]
