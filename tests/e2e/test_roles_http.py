"""Each role's allowed and forbidden calls over real HTTP: 401 without identity, 403 out of
a role's scope, 404 where a record's existence is private. The app runs on the in-memory
store in a real server thread; requests talks to it over a socket."""

from __future__ import annotations

import threading

import pytest
import requests
from werkzeug.serving import make_server

from practicegraph.api import create_app
from tests.accounts_world import TEXT, build
from tests.fakes import HashingEmbedder


def _serve(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    store, accounts, tokens = build(tmp_path_factory.mktemp("roles") / "accounts.sqlite")
    server, base = _serve(create_app(store=store, embedder=HashingEmbedder(), accounts=accounts,
                                     public_read=False))
    yield base, accounts, tokens
    server.shutdown()


def _as(tokens, who):
    return {"Authorization": f"Bearer {tokens[who]}"}


def _err(resp, status, code):
    assert resp.status_code == status, resp.text
    body = resp.json()["error"]
    assert body["code"] == code and isinstance(body["details"], list)
    return resp


READS = ["/api/v1/experts?q=questioning", "/api/v1/practices/p-public", "/api/v1/practices/p-public/lineage"]


def test_without_identity_every_route_but_health_and_docs_is_401(world):
    base, _, _ = world
    for path in READS:
        resp = _err(requests.get(base + path), 401, "unauthorised")
        assert resp.headers["WWW-Authenticate"].startswith("Bearer")
    _err(requests.post(base + "/api/v1/records", json={"type": "person", "id": "x", "name": "X"}),
         401, "unauthorised")
    bad = _err(requests.get(base + READS[0], headers={"Authorization": "Bearer pg_00_nope"}), 401, "unauthorised")
    assert 'error="invalid_token"' in bad.headers["WWW-Authenticate"]
    _err(requests.get(base + READS[0], headers={"Authorization": "Basic dGFyYTp4"}), 401, "unauthorised")
    for path in ("/api/v1/health", "/openapi.json", "/docs"):
        assert requests.get(base + path).status_code == 200
    assert "Access-Control-Allow-Origin" not in requests.get(base + "/api/v1/health").headers  # CORS off


def test_each_person_reads_what_their_memberships_allow(world):
    base, _, tokens = world
    expectations = {  # practice -> who may see it
        "p-public": {"tara", "mo", "ben", "lee", "ada", "rita", "old"},
        "p-s2": {"ben", "ada"},  # org s2; 'old' left s2 in 2022
        "p-k1": {"tara", "lee"},  # cluster k1
        "p-private": {"tara"},  # its author only
    }
    for practice, allowed in expectations.items():
        for who in tokens:
            resp = requests.get(f"{base}/api/v1/practices/{practice}", headers=_as(tokens, who))
            if who in allowed:
                assert resp.status_code == 200, (practice, who)
            else:  # the same answer as for a practice that does not exist
                _err(resp, 404, "not_found")
                missing = requests.get(f"{base}/api/v1/practices/nothing-here", headers=_as(tokens, who))
                assert resp.json()["error"]["message"].replace(practice, "X") == \
                    missing.json()["error"]["message"].replace("nothing-here", "X")


def _sources(base, tokens, who):
    body = requests.get(base + "/api/v1/experts", params={"q": TEXT}, headers=_as(tokens, who)).json()
    return {src for r in body["results"] for ev in r["evidence"] for src in ev["sources"]}


def test_pair_observation_reaches_the_pair_only_and_reads_are_audited(world):
    base, accounts, tokens = world
    for who in ("tara", "mo"):
        assert "o-pair" in _sources(base, tokens, who)
    for who in ("ben", "lee", "ada", "rita"):  # the administrator included
        assert "o-pair" not in _sources(base, tokens, who)
    reads = [(e.actor, e.subject) for e in accounts.audit.entries(1000, action="read")]
    assert ("account:tara", "o-pair") in reads  # named on it, not its author
    assert ("account:mo", "o-pair") not in reads  # its author
    assert ("account:tara", "p-private") not in reads


def test_writes_by_role(world):
    base, _, tokens = world
    own = {"type": "observation", "observer": "tara", "observed": "mo", "date": "2025-04-01",
           "focus": "exit tickets", "visibility": "pair"}
    other = {**own, "observer": "ben", "observed": "mo"}
    membership = {"type": "membership", "person": "ben", "cluster": "k1"}
    meeting = {"type": "meeting", "cluster": "k1", "date": "2025-05-01"}

    def post(who, body):
        return requests.post(base + "/api/v1/records", json=body, headers=_as(tokens, who))

    assert post("tara", own).status_code == 201
    err = _err(post("tara", other), 403, "forbidden").json()["error"]
    assert err["details"][0]["index"] == 0 and "does not name you" in err["details"][0]["reason"]
    _err(post("rita", {**own, "observer": "rita"}), 403, "forbidden")  # researchers only read
    _err(post("tara", membership), 403, "forbidden")
    _err(post("ben", {"type": "person", "id": "new", "name": "New"}), 403, "forbidden")
    assert post("lee", membership).status_code == 201  # leader of k1
    _err(post("lee", {**membership, "cluster": "k2"}), 403, "forbidden")
    assert post("lee", meeting).status_code == 201
    _err(post("tara", meeting), 403, "forbidden")
    assert post("ada", {"type": "person", "id": "new", "name": "New"}).status_code == 201


def test_token_lifecycle(world):
    base, accounts, _ = world
    accounts.add("temp", "ben", "test")
    accounts.grant("temp", "teacher", "organisation", "s2", "test")
    token = accounts.issue_token("temp", "test", days=1)
    assert requests.get(base + READS[1], headers={"Authorization": f"Bearer {token}"}).status_code == 200
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    _err(requests.get(base + READS[1], headers={"Authorization": f"Bearer {tampered}"}), 401, "unauthorised")
    info = [t for t in accounts.tokens("temp")][-1]
    with accounts.db.connect() as conn:  # let it expire
        conn.execute("UPDATE tokens SET expires = '2000-01-01T00:00:00+00:00' WHERE id = ?", (info.id,))
    _err(requests.get(base + READS[1], headers={"Authorization": f"Bearer {token}"}), 401, "unauthorised")
    second = accounts.issue_token("temp", "test")
    assert requests.get(base + READS[1], headers={"Authorization": f"Bearer {second}"}).status_code == 200
    assert accounts.revoke_token(accounts.tokens("temp")[-1].id, "test")
    _err(requests.get(base + READS[1], headers={"Authorization": f"Bearer {second}"}), 401, "unauthorised")
    third = accounts.issue_token("temp", "test")
    accounts.revoke("temp", "test")  # the account: every token stops
    _err(requests.get(base + READS[1], headers={"Authorization": f"Bearer {third}"}), 401, "unauthorised")
    with accounts.db.connect() as conn:  # only hashes are kept
        stored = [r[0] for r in conn.execute("SELECT secret_hash FROM tokens")]
    assert not any(third.split("_", 2)[2] in s for s in stored)


def test_public_read_setting(tmp_path):
    store, accounts, tokens = build(tmp_path / "accounts.sqlite")
    server, base = _serve(create_app(store=store, embedder=HashingEmbedder(), accounts=accounts,
                                     public_read=True))
    try:
        assert requests.get(base + "/api/v1/practices/p-public").status_code == 200
        _err(requests.get(base + "/api/v1/practices/p-k1"), 404, "not_found")
        _err(requests.post(base + "/api/v1/records", json={"type": "person", "id": "x", "name": "X"}),
             401, "unauthorised")
    finally:
        server.shutdown()


def test_experts_carry_an_introduction_path_for_the_asker(world):
    base, _, tokens = world
    body = requests.get(base + "/api/v1/experts", params={"q": TEXT}, headers=_as(tokens, "tara")).json()
    by_person = {r["person"]["id"]: r for r in body["results"]}
    assert by_person["tara"]["introduction"] == {"hops": 0, "path": []}
    lee = by_person["lee"]["introduction"]  # p-k1 is shared with cluster k1, where both are
    assert lee["hops"] == 1 and lee["path"][0]["kind"] == "cluster" and lee["path"][0]["via"]["id"] == "k1"


def test_researchers_see_consenting_people_as_pseudonyms(world):
    from practicegraph.accounts.research import SECRET_NAME, pseudonym

    base, accounts, tokens = world

    def ask():
        return requests.get(base + "/api/v1/experts", params={"q": TEXT}, headers=_as(tokens, "rita")).json()

    assert ask()["results"] == [] and ask()["count"] == 0  # nobody has consented yet
    accounts.consent.give("tara", "test")
    body = ask()
    secret = accounts.db.secret(SECRET_NAME)
    assert [r["person"]["id"] for r in body["results"]] == [pseudonym("tara", secret)]
    assert body["results"][0]["person"]["name"] == pseudonym("tara", secret)
    assert "Tara" not in requests.get(base + "/api/v1/experts", params={"q": TEXT},
                                      headers=_as(tokens, "rita")).text
    assert all(ev["summary"] is None for ev in body["results"][0]["evidence"])
    detail = requests.get(base + "/api/v1/practices/p-public", headers=_as(tokens, "rita")).json()
    assert detail["developers"] == [{"id": pseudonym("tara", secret), "name": pseudonym("tara", secret),
                                     "role": "originator"}]
    assert "introduction" not in body["results"][0]
    accounts.consent.withdraw("tara", "test")  # honoured from now on
    assert ask()["results"] == []
    assert requests.get(base + "/api/v1/practices/p-public", headers=_as(tokens, "rita")).json()["developers"] == []


def test_answers_to_every_role_conform_to_the_openapi_document(world):
    from tests.contract import assert_conforms

    base, accounts, tokens = world
    accounts.consent.give("tara", "test")  # so the research view has a pseudonymised result
    spec = requests.get(base + "/openapi.json").json()
    checks = [("GET", "/api/v1/experts", {"q": TEXT}, None, 401),
              ("GET", "/api/v1/practices/p-k1", {}, "mo", 404),
              ("POST", "/api/v1/records", {}, "rita", 403)]
    for who in tokens:
        checks.append(("GET", "/api/v1/experts", {"q": TEXT}, who, 200))  # introductions, research view
    for method, path, params, who, status in checks:
        headers = _as(tokens, who) if who else {}
        if method == "GET":
            resp = requests.get(base + path, params=params, headers=headers)
        else:
            resp = requests.post(base + path, json={"type": "person", "id": "zz", "name": "Z"}, headers=headers)
        assert resp.status_code == status, (who, path, resp.text)
        if who == "rita" and status == 200:
            assert resp.json()["results"][0]["person"]["id"].startswith("R-")
        assert_conforms(spec, method, path.replace("p-k1", "{practice_id}"), status, resp.json())


def test_only_the_author_retracts_and_the_record_is_gone_everywhere(world):
    from tests.contract import assert_conforms

    base, accounts, tokens = world
    spec = requests.get(base + "/openapi.json").json()

    def delete(who, rid):
        resp = requests.delete(f"{base}/api/v1/records/{rid}", headers=_as(tokens, who))
        assert_conforms(spec, "DELETE", "/api/v1/records/{record_id}", resp.status_code, resp.json())
        return resp

    _err(requests.delete(base + "/api/v1/records/o-pair"), 401, "unauthorised")
    _err(delete("ben", "o-pair"), 404, "not_found")  # cannot see it: its existence stays private
    _err(delete("ben", "no-such-record"), 404, "not_found")
    _err(delete("tara", "o-pair"), 403, "forbidden")  # named on it, but Mo wrote it
    _err(delete("tara", "p-private"), 422, "not_retractable")
    assert "o-pair" in _sources(base, tokens, "tara")
    assert delete("mo", "o-pair").json() == {"id": "o-pair", "retracted": True}
    for who in ("tara", "mo"):
        assert "o-pair" not in _sources(base, tokens, who)
    _err(delete("mo", "o-pair"), 404, "not_found")
    assert any(e.subject == "o-pair" for e in accounts.audit.entries(100, action="record.retract"))
