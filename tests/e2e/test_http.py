"""End to end as a person would: the CLI ingests, `practicegraph serve` answers real HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from tests.e2e.serving import free_port as _free_port, served

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parents[1] / "data" / "corpus.jsonl"


def _cli(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "practicegraph.cli", *args], capture_output=True,
                          text=True, timeout=300, env=env)



@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("e2e") / "graph.kuzu"
    done = _cli("ingest", str(CORPUS), "--db", str(path), "--quiet")
    assert done.returncode == 0, done.stderr
    assert "written 22" in done.stdout
    return path


_AUTH: dict[str, str] = {}  # an importer's token, made with the CLI before the server starts


def _post(server: str, **kwargs) -> requests.Response:
    return requests.post(server + "/api/v1/records", headers={**_AUTH, **kwargs.pop("headers", {})}, **kwargs)


@pytest.fixture(scope="module")
def server(db):
    assert _cli("users", "add", "importer", "--role", "administrator@deployment", "--db", str(db)).returncode == 0
    token = _cli("users", "token", "importer", "--db", str(db))
    assert token.returncode == 0, token.stderr
    _AUTH["Authorization"] = "Bearer " + token.stdout.strip()
    env = {**os.environ, "PRACTICEGRAPH_PUBLIC_READ": "1"}  # reads below are anonymous
    with served("--db", str(db), env=env) as base:
        yield base


def _error(resp, status: int, code: str) -> dict:
    assert resp.status_code == status, resp.text
    assert resp.headers["Content-Type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    return body["error"]


def test_reingest_from_cli_is_a_no_op(db, tmp_path):
    # (before the server holds the database open)
    done = _cli("ingest", str(CORPUS), "--db", str(db), "--quiet")
    assert done.returncode == 0, done.stderr
    assert "written 0, unchanged 22" in done.stdout


def test_bad_jsonl_reports_line_field_reason_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.jsonl"
    lines = CORPUS.read_text().splitlines()[1:6]
    lines.insert(2, json.dumps({"type": "person", "id": "t-x"}))  # no name
    lines.append('{"type": "membership", "person": "t-nobody", "organisation": "org-umlazi-primary"}')
    lines.append("{not json")
    bad.write_text("\n".join(lines) + "\n")
    target = tmp_path / "g.kuzu"
    done = _cli("ingest", str(bad), "--db", str(target), "--quiet")
    assert done.returncode == 1
    assert f"{bad}:8: json: not valid JSON" in done.stderr
    fixed = bad.read_text().replace("{not json\n", "")
    bad.write_text(fixed)
    done = _cli("ingest", str(bad), "--db", str(target), "--quiet")
    assert done.returncode == 1
    assert f"{bad}:3: name: Field required" in done.stderr
    assert f"{bad}:7: person: unknown person 't-nobody'" in done.stderr
    assert "nothing written" in done.stderr
    ok = _cli("ingest", str(CORPUS), "--db", str(target), "--quiet")
    assert "written 22, unchanged 0" in ok.stdout  # the failed run left nothing behind


def test_experts_ranked_with_evidence(server):
    resp = requests.get(server + "/api/v1/experts",
                        params={"q": "group work in large multigrade classes", "limit": 5})
    assert resp.status_code == 200
    body = resp.json()
    people = [r["person"]["id"] for r in body["results"]]
    assert people[0] == "t-nomsa"  # developed it, demonstrated it, mentored in it
    assert "t-ayesha" not in people  # her only evidence is private
    assert "t-thandi" not in people  # the evaluative observation never counts
    top = body["results"][0]
    kinds = {k for e in top["evidence"] for k in e["kinds"]}
    assert {"developed", "model-lesson", "mentored"} <= kinds
    assert all(e["why"] and e["matched"]["meaning"] >= 0 for e in top["evidence"])
    # one line per practice, its kinds merged into words
    practices = [e["practice"]["id"] for r in body["results"] for e in r["evidence"] if e["practice"]]
    per_person = [[e["practice"]["id"] for e in r["evidence"] if e["practice"]] for r in body["results"]]
    assert all(len(p) == len(set(p)) for p in per_person) and practices
    merged = next(e for e in top["evidence"] if len(e["kinds"]) > 1)
    assert merged["what"].startswith("developed") and "model lesson" in merged["what"]
    assert all(e["practice"] or e["summary"] for r in body["results"] for e in r["evidence"])
    assert top["person"]["organisations"][0]["name"] == "Umlazi Hills Primary"
    orgs = [o["id"] for r in body["results"] for o in r["person"]["organisations"]]
    assert all(len(r["person"]["organisations"]) == len({o["id"] for o in r["person"]["organisations"]})
               for r in body["results"]) and orgs
    strengths = [r["strength"] for r in body["results"]]
    assert strengths[0] == 100 and strengths == sorted(strengths, reverse=True) and all(0 < s <= 100 for s in strengths)


def test_experts_filters_apply_inside_the_query(server):
    resp = requests.get(server + "/api/v1/experts", params={"q": "mixed-age reading", "region": "Pinetown"})
    people = [r["person"]["id"] for r in resp.json()["results"]]
    assert "t-sipho" in people and "t-nomsa" not in people  # Sipho moved to Pinetown
    resp = requests.get(server + "/api/v1/experts", params={"q": "mixed-age reading", "subject": "literacy"})
    practices = {e["practice"]["id"] for r in resp.json()["results"] for e in r["evidence"] if e["practice"]}
    assert practices and all(p in {"pr-multigrade-reading", "pr-thandi-phonics"} for p in practices)


def test_filters_forgive_names_prefixes_and_synonyms(server):
    def people(**params):
        resp = requests.get(server + "/api/v1/experts", params={"q": "group work in large multigrade classes", **params})
        assert resp.status_code == 200, resp.text
        return [r["person"]["id"] for r in resp.json()["results"]]

    assert people(region="pine") == people(region="Pinetown")
    assert people(subject="maths") == people(subject="mathematics") and people(subject="maths")
    assert people(cluster="umlazi foundation") == people(cluster="cl-umlazi-maths") and people(cluster="cl-umlazi-maths")
    resp = requests.get(server + "/api/v1/experts", params={"q": "group work", "region": "Pinetwon"})
    assert resp.status_code == 422
    assert resp.json()["error"]["details"][0] == {"field": "region", "reason": "unknown", "closest": ["Pinetown"]}


def test_facets_and_a_person_page(server):
    facets = requests.get(server + "/api/v1/facets").json()
    assert {c["id"] for c in facets["subjects"]} == {"literacy", "mathematics"}
    assert {c["name"] for c in facets["regions"]} == {"Pinetown", "Umlazi"}
    assert all(c["count"] >= 0 for key in facets for c in facets[key])
    nomsa = requests.get(server + "/api/v1/people/t-nomsa").json()
    assert nomsa["person"]["name"] and nomsa["person"]["organisations"]
    assert "pr-multigrade-groups" in {p["id"] for p in nomsa["practices"]}
    assert "pr-ayesha-private" not in {p["id"] for p in nomsa["practices"]}
    assert nomsa["activity"]["model_lessons"] >= 1 and nomsa["activity"]["mentored"] >= 1
    assert requests.get(server + "/api/v1/people/nobody").status_code == 404


def test_lineage_tree_with_modes_and_reverse_influence(server):
    resp = requests.get(server + "/api/v1/practices/pr-multigrade-groups/lineage",
                        params={"direction": "descendants", "depth": 4})
    assert resp.status_code == 200
    body = resp.json()
    edges = {(e["kind"], e["from"], e["to"]): e for e in body["edges"]}
    adapted = edges[("adapted_from", "pr-multigrade-reading", "pr-multigrade-groups")]
    assert adapted["mode"] == "adaptive" and adapted["how_learned"] == "observation-and-discussion"
    assert ("revised_after", "pr-multigrade-groups-v2", "pr-multigrade-reading") in edges
    tree = body["descendants"]
    assert tree["practice"]["id"] == "pr-multigrade-groups"
    child_ids = {c["practice"]["id"] for c in tree["adaptations"]}
    assert child_ids == {"pr-multigrade-reading", "pr-multigrade-groups-v2"}
    v2 = next(n for n in body["nodes"] if n["id"] == "pr-multigrade-groups-v2")
    assert {d["id"] for d in v2["developers"]} == {"t-nomsa", "t-sipho"}  # co-authored


def test_practice_detail_and_private_practice_is_404(server):
    resp = requests.get(server + "/api/v1/practices/pr-multigrade-groups")
    assert resp.status_code == 200
    assert resp.json()["adapted_by"][0]["title"]
    _error(requests.get(server + "/api/v1/practices/pr-ayesha-private"), 404, "not_found")


def test_post_records_idempotent_and_conflicts(server):
    record = {"type": "person", "id": "t-new", "name": "Lindiwe Zulu"}
    assert _post(server, json=[record]).status_code == 201
    again = _post(server, json={"records": [record]})
    assert again.status_code == 200 and again.json()["unchanged"] == 1
    err = _error(_post(server, json={**record, "name": "Other"}), 409, "conflict")
    assert err["details"][0]["id"] == "t-new"


def test_error_envelope_for_400_404_405_413_422(server):
    _error(_post(server, data="{oops", headers={"Content-Type": "application/json"}),
           400, "bad_request")
    _error(requests.get(server + "/api/v1/nowhere"), 404, "not_found")
    _error(requests.delete(server + "/api/v1/health"), 405, "method_not_allowed")
    _error(_post(server, data=b"x" * (17 * 1024 * 1024),
                         headers={"Content-Type": "application/json"}), 413, "request_entity_too_large")
    err = _error(_post(server, json=[{"type": "person", "id": "ok", "name": "A"},
                                                                  {"type": "practice", "id": "p"}]),
                 422, "invalid_records")
    assert {d["field"] for d in err["details"]} >= {"title", "description"}
    assert all(d["index"] == 1 for d in err["details"])
    _error(requests.get(server + "/api/v1/experts", params={"q": "x" * 600}), 422, "invalid_parameters")
    _error(requests.get(server + "/api/v1/practices/pr-multigrade-groups/lineage", params={"depth": -1}),
           422, "invalid_parameters")


def test_anonymous_writes_are_401_even_with_public_reading(server):
    resp = requests.post(server + "/api/v1/records", json={"type": "person", "id": "t-anon", "name": "A"})
    _error(resp, 401, "unauthorised")
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


def test_openapi_and_docs(server):
    spec = requests.get(server + "/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert {"/api/v1/experts", "/api/v1/records", "/api/v1/practices/{practice_id}/lineage"} <= set(spec["paths"])
    assert "Practice" in spec["components"]["schemas"]
    page = requests.get(server + "/docs")
    assert page.status_code == 200 and "openapi.json" in page.text


def test_second_process_gets_a_clear_error_while_served(server, db):
    done = _cli("init-schema", "--db", str(db))
    assert done.returncode != 0
    assert "in use by another process" in done.stderr and "POST /api/v1/records" in done.stderr
    assert "Traceback" not in done.stderr


def test_real_responses_conform_to_the_openapi_document(server):
    # the real store and model, over HTTP: what schema-based fuzzing will hold the server to
    from tests.contract import assert_conforms

    spec = requests.get(server + "/openapi.json").json()
    calls = [("/api/v1/health", {}), ("/api/v1/experts", {"q": "group work in large multigrade classes"}),
             ("/api/v1/experts", {"q": "mixed-age reading", "region": "Pinetown"}),
             ("/api/v1/experts", {"q": "x"}), ("/api/v1/practices/pr-multigrade-groups", {}),
             ("/api/v1/practices/pr-ayesha-private", {}), ("/api/v1/facets", {}),
             ("/api/v1/people/t-nomsa", {}), ("/api/v1/people/nobody", {}),
             ("/api/v1/experts", {"q": "group work", "region": "Pinetwon"})]
    calls += [("/api/v1/practices/pr-multigrade-reading/lineage", {"direction": d, "depth": n})
              for d in ("ancestors", "descendants", "both") for n in (1, 4)]
    for path, params in calls:
        resp = requests.get(server + path, params=params)
        assert_conforms(spec, "GET", path, resp.status_code, resp.json())


def test_the_cli_says_what_to_do_when_the_server_holds_the_database(server, db):
    done = _cli("ingest", str(CORPUS), "--db", str(db), "--quiet")
    assert done.returncode != 0
    assert "in use by another process" in done.stderr and "POST /api/v1/records" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_taken_port_is_one_line_and_sigterm_stops_cleanly(server, tmp_path):
    port = int(server.rsplit(":", 1)[1])
    taken = _cli("serve", "--db", str(tmp_path / "other.kuzu"), "--port", str(port))
    assert taken.returncode != 0 and "Traceback" not in taken.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in taken.stderr
    free = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "practicegraph.cli", "serve", "--db", str(tmp_path / "own.kuzu"),
                             "--port", str(free)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{free}/api/v1/health", timeout=2).ok:
                break
        except requests.ConnectionError:
            time.sleep(0.3)
    proc.terminate()  # SIGTERM
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "practicegraph stopped" in err and "Traceback" not in err
