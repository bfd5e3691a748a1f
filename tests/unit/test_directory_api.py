"""Forgiving filters, facets and people profiles, through the API on the in-memory store."""

import pytest

from practicegraph.api import create_app
from practicegraph.graph.memory import InMemoryStore
from practicegraph.graph.types import Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from practicegraph.queries.facets import facets
from tests.fakes import HashingEmbedder

RECORDS = [
    {"type": "person", "id": "t-zodwa", "name": "Zodwa Mthembu"},
    {"type": "person", "id": "t-sipho", "name": "Sipho Dlamini"},
    {"type": "organisation", "id": "s-ngw", "name": "Ngwelezane Primary", "phase": "primary",
     "region": "Empangeni circuit, KwaZulu-Natal"},
    {"type": "organisation", "id": "s-sow", "name": "Soweto High", "phase": "secondary", "region": "Soweto, Gauteng"},
    {"type": "cluster", "id": "c-fractions", "name": "Fractions Circle", "kind": "voluntary"},
    {"type": "membership", "id": "m-1", "person": "t-zodwa", "organisation": "s-ngw"},
    {"type": "membership", "id": "m-2", "person": "t-zodwa", "cluster": "c-fractions"},
    {"type": "membership", "id": "m-3", "person": "t-sipho", "organisation": "s-sow"},
    {"type": "practice", "id": "pr-strips", "title": "Fraction strips from folded paper",
     "description": "Learners fold paper strips to compare fractions", "subject": "mathematics",
     "phase": "primary", "visibility": "public", "organisation": "s-ngw",
     "developers": [{"person": "t-zodwa", "date": "2023-03-01"}]},
    {"type": "practice", "id": "pr-wall", "title": "Fraction wall on the floor",
     "description": "Learners build a fraction wall with strips", "subject": "mathematics",
     "phase": "secondary", "visibility": "public", "organisation": "s-sow",
     "developers": [{"person": "t-sipho", "date": "2024-03-01"}]},
    {"type": "adaptation", "id": "ad-wall", "practice": "pr-wall", "source": "pr-strips", "mode": "adaptive",
     "what_changed": "On the floor, for a class of 70"},
    {"type": "practice", "id": "pr-secret", "title": "Fraction diary", "description": "private notes on fractions",
     "subject": "physics", "phase": "secondary", "visibility": "private",
     "developers": [{"person": "t-sipho"}]},
]


@pytest.fixture
def store():
    s = InMemoryStore(dimension=64)
    report = ingest(s, HashingEmbedder(), [Item(dict(r), i) for i, r in enumerate(RECORDS)], viewer=Viewer.internal())
    assert not report.errors if hasattr(report, "errors") else True
    return s


@pytest.fixture
def client(store, tmp_path):
    from practicegraph.accounts.store import AccountStore

    accounts = AccountStore(tmp_path / "accounts.sqlite")
    app = create_app(store=store, embedder=HashingEmbedder(), accounts=accounts)
    accounts.add("reader", None, "test")
    c = app.test_client()
    c.environ_base["HTTP_AUTHORIZATION"] = "Bearer " + accounts.issue_token("reader", "test")
    return c


def _people(client, **params):
    resp = client.get("/api/v1/experts", query_string={"q": "fraction strips", **params})
    assert resp.status_code == 200, resp.get_json()
    return {r["person"]["id"] for r in resp.get_json()["results"]}


@pytest.mark.parametrize("params, people", [
    ({}, {"t-zodwa", "t-sipho"}),
    ({"region": "Empangeni"}, {"t-zodwa"}),
    ({"region": "gauteng"}, {"t-sipho"}),
    ({"subject": "maths"}, {"t-zodwa", "t-sipho"}),
    ({"subject": "Math", "phase": "secondary"}, {"t-sipho"}),
    ({"cluster": "fractions circle"}, {"t-zodwa"}),
    ({"cluster": "C-FRACTIONS"}, {"t-zodwa"}),
    ({"organisation": "Soweto"}, {"t-sipho"}),
    ({"organisation": "s-ngw"}, {"t-zodwa"}),
])
def test_filters_accept_names_prefixes_and_synonyms(client, params, people):
    assert _people(client, **params) == people


@pytest.mark.parametrize("params, field, closest", [
    ({"region": "Empangini"}, "region", "Empangeni circuit, KwaZulu-Natal"),
    ({"organisation": "Ngwelezani Primary"}, "organisation", "Ngwelezane Primary (s-ngw)"),
    ({"subject": "physics"}, "subject", "mathematics"),  # a subject only a private practice has
])
def test_unknown_filter_is_422_with_closest_values(client, params, field, closest):
    resp = client.get("/api/v1/experts", query_string={"q": "fraction strips", **params})
    assert resp.status_code == 422
    err = resp.get_json()["error"]
    assert err["code"] == "invalid_parameters" and err["details"][0]["field"] == field
    assert closest in err["details"][0]["closest"]


def test_facets_list_choices_with_counts(client):
    body = client.get("/api/v1/facets").get_json()
    assert body["subjects"] == [{"id": "mathematics", "name": "mathematics", "count": 2}]
    assert {c["id"]: c["count"] for c in body["phases"]} == {"primary": 1, "secondary": 1}
    assert [c["name"] for c in body["regions"]] == ["Empangeni circuit, KwaZulu-Natal", "Soweto, Gauteng"]
    assert body["clusters"] == [{"id": "c-fractions", "name": "Fractions Circle", "count": 1}]
    assert {c["id"]: c["count"] for c in body["schools"]} == {"s-ngw": 1, "s-sow": 1}


def test_facet_counts_only_cover_what_the_viewer_may_see(store):
    hidden = {c.id: c.count for c in facets(store, Viewer.anonymous()).subjects}
    own = {c.id: c.count for c in facets(store, Viewer("t-sipho", frozenset(), frozenset({"s-sow"}))).subjects}
    assert hidden == {"mathematics": 2} and own == {"mathematics": 2, "physics": 1}


def test_person_page_shows_visible_practices_adaptations_and_where_to_reach(client):
    body = client.get("/api/v1/people/t-sipho").get_json()
    assert body["person"]["organisations"] == [{"id": "s-sow", "name": "Soweto High", "region": "Soweto, Gauteng"}]
    assert [(p["id"], p["kind"]) for p in body["practices"]] == [("pr-wall", "adapted")]  # not the private one
    assert body["adaptations"] == [{"practice": {"id": "pr-wall", "title": "Fraction wall on the floor"},
                                    "source": {"id": "pr-strips", "title": "Fraction strips from folded paper"},
                                    "mode": "adaptive", "what_changed": "On the floor, for a class of 70"}]
    assert body["activity"] == {"observed": 0, "model_lessons": 0, "exchanges": 0, "mentored": 0}
    zodwa = client.get("/api/v1/people/t-zodwa").get_json()
    assert zodwa["person"]["clusters"] == [{"id": "c-fractions", "name": "Fractions Circle"}]
    assert [(p["id"], p["kind"], p["date"]) for p in zodwa["practices"]] == [("pr-strips", "developed", "2023-03-01")]


def test_unknown_person_is_404(client):
    resp = client.get("/api/v1/people/nobody")
    assert resp.status_code == 404 and resp.get_json()["error"]["code"] == "not_found"


OBSERVED = [
    {"type": "observation", "id": "ob-1", "observer": "t-sipho", "observed": "t-zodwa", "date": "2024-05-01",
     "kind": "model-lesson", "practices": ["pr-strips"], "focus": "fraction strips from folded paper",
     "what_worked": "Learners folded fraction strips and compared them", "visibility": "public"},
    {"type": "observation", "id": "ob-2", "observer": "t-sipho", "observed": "t-zodwa", "date": "2024-06-01",
     "practices": ["pr-strips"], "focus": "fraction strips again", "visibility": "public"},
    {"type": "observation", "id": "ob-3", "observer": "t-sipho", "observed": "t-zodwa", "date": "2024-07-01",
     "practices": ["pr-strips"], "focus": "folded fraction strips", "visibility": "public"},
]


def test_one_line_per_practice_with_its_kinds_in_words_and_a_strength(store, client):
    ingest(store, HashingEmbedder(), [Item(dict(r), i) for i, r in enumerate(OBSERVED)], viewer=Viewer.internal())
    body = client.get("/api/v1/experts", query_string={"q": "fraction strips folded paper"}).get_json()
    top = body["results"][0]
    assert top["person"]["id"] == "t-zodwa" and top["strength"] == 100
    assert all(0 < r["strength"] <= 100 for r in body["results"])
    lines = [e for e in top["evidence"] if e["practice"] and e["practice"]["id"] == "pr-strips"]
    assert len(lines) == 1 and top["evidence_count"] == len(top["evidence"])
    line = lines[0]
    assert line["kinds"] == ["developed", "model-lesson", "observed"] and line["kind"] == "developed"
    assert line["what"] == "developed 2023; demonstrated in a model lesson 2024; observed twice 2024"
    assert set(line["sources"]) == {"ob-1", "ob-2", "ob-3"} and line["why"].startswith(line["what"])


def test_practice_detail_carries_no_model_id(client):
    body = client.get("/api/v1/practices/pr-strips").get_json()
    assert body["title"] and "embedding_model" not in body


def test_web_search_takes_forgiving_filters_and_says_which_is_unknown(client):
    page = client.get("/search", query_string={"q": "fraction strips", "region": "empangeni"})
    assert page.status_code == 200 and b"Zodwa Mthembu" in page.data and b"Sipho Dlamini" not in page.data
    page = client.get("/search", query_string={"q": "fraction strips", "region": "Durbn"})
    assert page.status_code == 200 and b"matches no known region" in page.data


def test_practice_detail_names_its_school_next_to_the_id(client):
    body = client.get("/api/v1/practices/pr-strips").get_json()
    assert body["organisation"] == "s-ngw" and body["organisation_name"] == "Ngwelezane Primary"
    assert body["cluster"] is None and body["cluster_name"] is None


def test_a_line_without_a_practice_quotes_its_note_where_the_research_lens_redacts_it(tmp_path):
    from datetime import date

    from practicegraph.accounts.research import ResearchLens
    from practicegraph.accounts.store import AccountStore
    from practicegraph.graph.types import EvidenceRow
    from practicegraph.queries.evidence_lines import evidence_lines
    from practicegraph.queries.expertise import ScoredEvidence
    from practicegraph.queries.ranking import Match

    row = EvidenceRow("t-zodwa", "Zodwa", "observed", None, None, date(2024, 5, 1), "ob-9", "Zodwa's fraction strips")
    bare = EvidenceRow("t-zodwa", "Zodwa", "observed", None, None, date(2024, 5, 2), "ob-8", None)
    accounts = AccountStore(tmp_path / "a.sqlite")
    lines = evidence_lines([ScoredEvidence(row, Match(0.6, 0.0, 0.6), 0.2), ScoredEvidence(bare, Match(0.5, 0, 0.5), 0.1)])
    assert len(lines) == 1  # the piece with neither a practice nor a note gets no line
    why = lines[0].why()
    assert why.startswith("observed 2024: a lesson (\"Zodwa's fraction strips\")")
    assert "Zodwa's" not in ResearchLens.from_store(accounts)._rewrite({"why": why}, set())["why"]
