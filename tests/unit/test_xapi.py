"""xAPI: conformance like an LRS, the documented mapping, and LRS semantics over the API."""

import copy
import json
from pathlib import Path

import pytest

from practicegraph.errors import ConflictError
from practicegraph.graph.memory import InMemoryStore
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item, parse_items
from practicegraph.ingest.xapi.mapping import BASE, person_id, statement_id, statements_to_items
from practicegraph.ingest.xapi.statement import check
from tests.accounts_world import importer_app, importer_client
from tests.fakes import HashingEmbedder

ROOT = Path(__file__).parents[2]
EXAMPLE = json.loads((ROOT / "examples" / "xapi" / "statements.json").read_text())
CORPUS = [json.loads(line) for line in (ROOT / "tests" / "data" / "corpus.jsonl").read_text().splitlines()
          if line.strip() and not line.startswith("#")]
EXT = BASE + "/extensions/"


def _statement(**changes) -> dict:
    s = copy.deepcopy(EXAMPLE[0])  # the observation
    for path, value in changes.items():
        target = s
        keys = path.split("__")
        for k in keys[:-1]:
            target = target[k]
        if value is None:
            target.pop(keys[-1], None)
        else:
            target[keys[-1]] = value
    return s


def _reasons(statement) -> dict[str, str]:
    return dict(check(statement))


def test_the_examples_conform_and_map_to_valid_records():
    assert all(check(s) == [] for s in EXAMPLE)
    items, errors = statements_to_items(list(enumerate(EXAMPLE, 1)), known=None)
    assert not errors
    records, invalid = parse_items(items)
    assert not invalid
    by_type = {}
    for rec, _ in records:
        by_type.setdefault(rec.type, []).append(rec)
    obs = by_type["observation"][0]
    assert (obs.id, obs.observer, obs.observed, str(obs.date)) == (EXAMPLE[0]["id"], "t-thandi", "t-sipho", "2024-04-10")
    assert obs.practices == ("pr-multigrade-reading",) and obs.round == 2 and obs.reflection.startswith("I will")
    ex = by_type["exchange"][0]
    assert [(p.person, p.role) for p in ex.participants] == [("t-nomsa", "mentor"), ("t-ayesha", "mentee")]
    assert ex.kind == "mentoring" and ex.rounds == 2 and ex.discussed == ("pr-multigrade-groups",)
    adaptation = by_type["adaptation"][0]
    assert (adaptation.practice, adaptation.source, adaptation.mode.value) == (
        "pr-thandi-phonics-circles", "pr-multigrade-reading", "adaptive")
    new_practice = next(p for p in by_type["practice"] if p.id == "pr-thandi-phonics-circles")
    assert new_practice.developers[0].person == "t-thandi" and new_practice.visibility.value == "public"
    meeting, attendance = by_type["meeting"][0], by_type["attendance"][0]
    lindiwe = person_id({"mbox": "mailto:lindiwe.zulu@example.org"})
    # the register is its own record, keyed by the statement; the meeting by cluster and date
    assert attendance.id == EXAMPLE[3]["id"] and attendance.meeting == meeting.id
    assert attendance.attendees == ("t-nomsa", "t-sipho", lindiwe) and meeting.cluster == "cl-umlazi-maths"
    assert meeting.id == parse_items([Item({"type": "meeting", "cluster": "cl-umlazi-maths", "date": "2024-05-15"},
                                            1)])[0][0][0].id  # the id a register sheet gives it
    assert [(a.text, a.tag) for a in meeting.agenda][1] == ("Dates for round 3 visits", "admin")
    resource = by_type["resource"][0]
    assert resource.url.endswith(".pdf") and resource.kind == "file" and resource.embodies == ("pr-multigrade-groups",)
    assert {p.id: p.name for p in by_type["person"]}[lindiwe] == "Lindiwe Zulu"


def test_examples_load_into_the_test_corpus_world():
    store = InMemoryStore(dimension=HashingEmbedder.dimension)
    store.install()
    ingest(store, HashingEmbedder(), [Item(r, i) for i, r in enumerate(CORPUS, 1)])
    items, errors = statements_to_items(list(enumerate(EXAMPLE, 1)), known=store.record_index)
    assert not errors
    assert [i.data["id"] for i in items if i.data["type"] == "person"] == [person_id(
        {"mbox": "mailto:lindiwe.zulu@example.org"})]  # known people are not re-created
    report = ingest(store, HashingEmbedder(), items)
    assert report.written == 8  # five statements: seven records (a meeting and its register) + a new person
    again, _ = statements_to_items(list(enumerate(EXAMPLE, 1)), known=store.record_index)
    assert ingest(store, HashingEmbedder(), again).unchanged == 7


def test_email_and_its_sha1_are_the_same_person_and_the_address_is_not_stored():
    import hashlib

    mbox = "mailto:a@example.org"
    assert person_id({"mbox": mbox}) == person_id({"mbox_sha1sum": hashlib.sha1(mbox.encode()).hexdigest()})
    assert "example.org" not in person_id({"mbox": mbox})


@pytest.mark.parametrize("changes, path, reason", [
    ({"actor__mbox": "mailto:t@example.org"}, "actor", "exactly one identifier"),
    ({"actor__account": None}, "actor", "exactly one identifier"),
    ({"actor__account": {"homePage": "https://x.org"}}, "actor.account.name", "required"),
    ({"actor__account": {"homePage": "not an iri", "name": "t-a"}}, "actor.account.homePage", "absolute IRI"),
    ({"actor__mbox": "t@example.org", "actor__account": None}, "actor.mbox", "mailto"),
    ({"actor__mbox_sha1sum": "abc", "actor__account": None}, "actor.mbox_sha1sum", "40 hex"),
    ({"id": "not-a-uuid"}, "id", "UUID"),
    ({"verb__id": "observed"}, "verb.id", "absolute IRI"),
    ({"verb__display": {"english!": "observed"}}, "verb.display.english!", "RFC 5646"),
    ({"timestamp": "10/04/2024"}, "timestamp", "ISO 8601"),
    ({"timestamp": "2024-04-10T09:30:00"}, "timestamp", "time zone"),
    ({"timestamp": "2024-04-10T09:30:00-00:00"}, "timestamp", "ISO 8601"),
    ({"timestamp": "2024-02-30T09:30:00Z"}, "timestamp", "not a real date"),
    ({"version": "2.0.0"}, "version", "1.0.x"),
    ({"verb": None}, "verb", "required"),
    ({"colour": "red"}, "colour", "not a property"),
    ({"result": {"response": None}}, "result.response", "null"),
    ({"result": {"score": {"scaled": 2}}}, "result.score.scaled", "-1 to 1"),
    ({"result": {"duration": "90 minutes"}}, "result.duration", "ISO 8601 duration"),
    ({"context__extensions": {"focus": "x"}}, "context.extensions[focus]", "IRI"),
    ({"context__registration": "123"}, "context.registration", "UUID"),
    ({"object": {"objectType": "Group", "name": "g"}}, "object.member", "anonymous group needs its members"),
    ({"attachments": [{"usageType": "x"}]}, "attachments", "not accepted"),
    ({"verb__id": "http://adlnet.gov/expapi/verbs/voided"}, "object", "StatementRef"),
])
def test_nonconforming_statements_say_where_and_why(changes, path, reason):
    problems = _reasons(_statement(**changes))
    assert path in problems, problems
    assert reason in problems[path]


def test_every_problem_in_a_statement_is_reported():
    problems = _reasons(_statement(id="x", timestamp="yesterday", version="0.95"))
    assert {"id", "timestamp", "version"} <= set(problems)


def _mapped(statement, known=None):
    return statements_to_items([(1, statement)], known=known)


@pytest.mark.parametrize("changes, field, reason", [
    ({"verb__id": "http://adlnet.gov/expapi/verbs/completed"}, "verb.id", "no mapping for verb"),
    ({"context__instructor": None}, "context.instructor", "who was observed"),
    ({"timestamp": None}, "timestamp", "the date of the visit"),
    ({"actor": {"objectType": "Group", "member": [{"mbox": "mailto:a@b.org"}]}}, "actor", "expected one person"),
    ({"context__extensions": {EXT + "what-workd": "x"}}, f"context.extensions[{EXT}what-workd]",
     "did you mean what-worked?"),
])
def test_statements_that_fit_no_mapping_are_refused_with_the_reason(changes, field, reason):
    items, errors = _mapped(_statement(**changes))
    assert not items
    assert [e.field for e in errors] == [field] and reason in errors[0].reason
    assert errors[0].line == 1


def test_voiding_is_refused_not_dropped():
    void = {"id": "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "actor": EXAMPLE[0]["actor"],
            "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
            "object": {"objectType": "StatementRef", "id": EXAMPLE[0]["id"]}}
    assert check(void) == []
    items, errors = _mapped(void)
    assert not items and "voiding is not supported" in errors[0].reason and EXAMPLE[0]["id"] in errors[0].reason


def test_shared_practice_and_adapted_without_source_are_refused():
    shared = copy.deepcopy(EXAMPLE[4])
    shared["object"] = {"id": BASE + "/practices/pr-x", "objectType": "Activity"}
    assert "describe a practice" in _mapped(shared)[1][0].reason
    adapted = copy.deepcopy(EXAMPLE[2])
    del adapted["context"]["contextActivities"]
    assert "exactly one practice it was adapted from" in _mapped(adapted)[1][0].reason


def test_a_statement_without_id_gets_the_same_derived_id_each_time():
    s = _statement(id=None)
    assert statement_id(s) == statement_id(copy.deepcopy(s)) != statement_id(_statement(id=None, timestamp="2024-04-11T09:30:00Z"))
    assert check({**s, "id": statement_id(s)}) == []


# the endpoint ------------------------------------------------------------------------

@pytest.fixture
def client():
    store = InMemoryStore(dimension=HashingEmbedder.dimension)
    store.install()
    ingest(store, HashingEmbedder(), [Item(r, i) for i, r in enumerate(CORPUS, 1)])
    app = importer_app(store, max_records_per_request=10)
    return app.test_client()


HEADERS = {"X-Experience-API-Version": "1.0.3"}


def _post(client, body, headers=HEADERS):
    return client.post("/api/v1/xapi/statements", json=body, headers=headers)


def test_post_keeps_ids_accepts_repeats_and_conflicts_on_other_content(client):
    resp = _post(client, EXAMPLE)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json() == [s["id"] for s in EXAMPLE]
    assert resp.headers["X-Experience-API-Version"] == "1.0.3"
    assert client.get("/api/v1/practices/pr-thandi-phonics-circles").status_code == 200
    assert _post(client, EXAMPLE[0]).status_code == 200  # same id, same content: unchanged
    changed = _statement(context__extensions={EXT + "focus": "something else", EXT + "visibility": "public"})
    resp = _post(client, changed)
    assert resp.status_code == 409
    assert resp.get_json()["error"]["details"][0]["id"] == EXAMPLE[0]["id"]


def test_post_refusals(client):
    resp = _post(client, EXAMPLE[0], headers={})
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "unsupported_version"
    resp = _post(client, [EXAMPLE[0], _statement(id="nope", timestamp="soon")])
    err = resp.get_json()["error"]
    assert resp.status_code == 400 and err["code"] == "invalid_statements"
    assert {(d["index"], d["field"]) for d in err["details"]} == {(1, "id"), (1, "timestamp")}
    resp = _post(client, [_statement(verb={"id": "http://adlnet.gov/expapi/verbs/completed"})])
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "unmappable_statements"
    bad_mode = copy.deepcopy(EXAMPLE[2])
    bad_mode["context"]["extensions"][EXT + "mode"] = "copied"
    resp = _post(client, bad_mode)
    err = resp.get_json()["error"]
    assert resp.status_code == 422 and err["code"] == "invalid_records"
    assert err["details"][0]["field"] == f"context.extensions[{EXT}mode]"
    assert _post(client, [EXAMPLE[0]] * 11).status_code == 413
    assert _post(client, []).status_code == 400
    assert client.get("/api/v1/practices/pr-thandi-phonics-circles").status_code == 404  # nothing stored


def _attended(sid: str, account: str, name: str, timestamp: str = "2024-05-15T14:30:00+02:00",
              agenda: list | None = None) -> dict:
    s = copy.deepcopy(EXAMPLE[3])
    s["id"], s["timestamp"] = sid, timestamp
    s["actor"] = {"objectType": "Agent", "name": name, "account": {"homePage": "https://practicegraph.org",
                                                                    "name": account}}
    if agenda is None:
        s["context"].pop("extensions")
    else:
        s["context"]["extensions"][EXT + "agenda"] = agenda
    return s


def _meetings(store) -> list:
    return [(mt.id, mt.attendees) for mt in store.cluster_meetings("cl-umlazi-maths")]


def test_one_statement_per_attendee_makes_one_meeting_across_batches():
    """An LRS sends `attended` once per person, as they sign in: one meeting, its register
    growing, whether the statements come together or in separate posts."""
    store = InMemoryStore(dimension=HashingEmbedder.dimension)
    store.install()
    ingest(store, HashingEmbedder(), [Item(r, i) for i, r in enumerate(CORPUS, 1)])
    first = [_attended("0a6f1c8e-0000-4000-8000-000000000001", "t-nomsa", "Nomsa Dlamini",
                       agenda=["Demonstration: tally groups [content]"]),
             _attended("0a6f1c8e-0000-4000-8000-000000000002", "t-sipho", "Sipho Ndlovu")]
    items, errors = statements_to_items(list(enumerate(first, 1)), known=store.record_index)
    assert not errors and [i.data["type"] for i in items].count("meeting") == 1
    assert ingest(store, HashingEmbedder(), items).written == 3
    late = [_attended("0a6f1c8e-0000-4000-8000-000000000003", "t-thandi", "Thandi Mokoena",
                      timestamp="2024-05-15T15:10:00+02:00")]
    items, errors = statements_to_items(list(enumerate(late, 1)), known=store.record_index)
    assert not errors and [i.data["type"] for i in items] == ["attendance"]  # the stored meeting stays as it is
    assert ingest(store, HashingEmbedder(), items).written == 1
    [(meeting_id, attendees)] = _meetings(store)
    assert attendees == ("t-nomsa", "t-sipho", "t-thandi")
    # sent again: nothing new, and a register that repeats a name counts the person once
    again, _ = statements_to_items(list(enumerate(first + late, 1)), known=store.record_index)
    assert ingest(store, HashingEmbedder(), again).unchanged == 4
    ingest(store, HashingEmbedder(), [Item({"type": "attendance", "meeting": meeting_id,
                                            "attendees": ["t-sipho", "t-ayesha"]}, 1)])
    assert _meetings(store) == [(meeting_id, ("t-ayesha", "t-nomsa", "t-sipho", "t-thandi"))]


def test_a_second_agenda_for_a_stored_meeting_is_a_conflict_not_a_silent_change():
    store = InMemoryStore(dimension=HashingEmbedder.dimension)
    store.install()
    ingest(store, HashingEmbedder(), [Item(r, i) for i, r in enumerate(CORPUS, 1)])
    ingest(store, HashingEmbedder(), statements_to_items([(1, EXAMPLE[3])], known=store.record_index)[0])
    other = _attended("0a6f1c8e-0000-4000-8000-000000000009", "t-thandi", "Thandi Mokoena",
                      agenda=["Exam timetable [admin]"])
    items, _ = statements_to_items([(1, other)], known=store.record_index)
    with pytest.raises(ConflictError) as raised:
        ingest(store, HashingEmbedder(), items)
    assert "nothing was written" in str(raised.value)
    assert [a for _, a in _meetings(store)] == [tuple(sorted(("t-nomsa", "t-sipho", person_id(
        {"mbox": "mailto:lindiwe.zulu@example.org"}))))]  # Thandi's attendance was not half-written
