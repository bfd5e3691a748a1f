"""Corrections and changes of visibility give the same answers on every store: an earlier
version is kept but never shown, searched, counted or embedded; a re-sent copy of it is
unchanged; a change of visibility re-derives who finds the record."""

import pytest

from practicegraph.errors import ConflictError, ValidationFailed
from practicegraph.graph.types import SearchFilters, Viewer
from practicegraph.ingest.correct import correct
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item

pytestmark = pytest.mark.slow

PEOPLE = [{"type": "person", "id": p, "name": p.title()} for p in ("mo", "tara", "ben")] + [
    {"type": "organisation", "id": "s1", "name": "Hill"}, {"type": "cluster", "id": "k1", "name": "River",
                                                           "kind": "voluntary"},
    {"type": "membership", "person": "ben", "organisation": "s1"},
    {"type": "practice", "id": "p1", "title": "Exit tickets", "description": "d", "visibility": "public",
     "developers": [{"person": "tara"}]},
]
FIRST = {"type": "observation", "id": "o1", "observer": "mo", "observed": "tara", "date": "2025-03-01",
         "focus": "questioning with walnut boards", "what_worked": "wait time", "practices": ["p1"],
         "visibility": "pair"}
SECOND = {**FIRST, "focus": "questioning with mini whiteboards", "practices": []}
THIRD = {**SECOND, "what_worked": "wait time and cold calling"}
MO, TARA = Viewer(person_id="mo"), Viewer(person_id="tara")
BEN = Viewer(person_id="ben", organisations=frozenset({"s1"}))  # a member of s1
ANY = SearchFilters()


@pytest.fixture
def loaded(store, embedder):
    ingest(store, embedder, [Item(r, i) for i, r in enumerate(PEOPLE + [FIRST])])
    return store


def _fix(store, embedder, body, viewer=MO):
    return correct(store, embedder, "o1", body, store.record_scope("o1", viewer), viewer)


def _found(store, words, viewer):
    return [h.id for h in store.fulltext("Observation", words, 10, ANY, viewer)]


def test_a_correction_is_a_new_version_and_the_old_is_never_shown(loaded, embedder):
    counts = loaded.counts()
    activity = loaded.person_profile("tara", TARA).activity
    report = _fix(loaded, embedder, SECOND)
    assert (report.version, report.corrected, report.embedded) == (2, True, 1)
    assert "questioning with walnut boards" in report.removed_texts
    for viewer in (MO, TARA, Viewer.internal()):
        assert _found(loaded, "walnut", viewer) == []
        assert _found(loaded, "whiteboards", viewer) == ["o1"]
    assert _found(loaded, "whiteboards", BEN) == []  # still pair
    near = loaded.vector_top_k("Observation", embedder.vector("questioning with mini whiteboards wait time"),
                               5, ANY, MO)
    assert near[0].id == "o1" and near[0].score == pytest.approx(1.0, abs=1e-5)  # the new text's vector
    rows = loaded.evidence([], ["o1"], ANY, MO)
    assert {r.practice_id for r in rows} == {None}  # the old version's practice link is gone
    assert loaded.counts()["Observation"] == counts["Observation"] and "Version" not in loaded.counts()
    assert loaded.person_profile("tara", TARA).activity == activity  # counted once, as before
    assert loaded.record_scope("o1", TARA).named == ("mo", "tara")


def test_resending_an_old_version_is_unchanged_and_a_third_correction_is_version_three(loaded, embedder):
    _fix(loaded, embedder, SECOND)
    for old in (FIRST, SECOND):
        report = ingest(loaded, embedder, [Item(old, 0)], viewer=MO)
        assert (report.written, report.unchanged) == (0, 1)
    assert _fix(loaded, embedder, SECOND).corrected is False  # the current version: nothing to do
    assert _fix(loaded, embedder, THIRD).version == 3
    assert len(loaded.earlier_versions(["o1"])["o1"]) == 2
    assert ingest(loaded, embedder, [Item(FIRST, 0)], viewer=MO).unchanged == 1
    with pytest.raises(ConflictError):  # a fourth content sent as a record, not as a correction
        ingest(loaded, embedder, [Item({**FIRST, "focus": "other"}, 0)], viewer=MO)


def test_a_correction_keeps_visibility_people_and_type(loaded, embedder):
    for body, field in [({**SECOND, "visibility": "public"}, "visibility"),
                        ({**SECOND, "observed": "ben"}, "people"),
                        ({**SECOND, "id": "o2"}, "id"),
                        ({**SECOND, "practices": ["nope"]}, "practices.0")]:
        with pytest.raises(ValidationFailed) as exc:
            _fix(loaded, embedder, body)
        assert field in [e.field for e in exc.value.errors], body
    assert _found(loaded, "walnut", MO) == ["o1"]  # nothing written


def test_a_stale_correction_is_a_conflict_and_writes_nothing(loaded, embedder):
    from practicegraph.graph.rows import to_batch
    from practicegraph.ingest.validate import parse_items

    records, _ = parse_items([Item(SECOND, None)])
    with pytest.raises(ConflictError):
        loaded.correct("o1", "not-the-stored-hash", to_batch(records))
    assert _found(loaded, "walnut", MO) == ["o1"] and loaded.earlier_versions(["o1"]) == {}


def test_retraction_and_erasure_clear_earlier_versions(loaded, embedder):
    _fix(loaded, embedder, SECOND)
    assert loaded.retract("o1")
    assert loaded.earlier_versions(["o1"])["o1"]  # hashes stay: a re-sent copy is recognised
    # a tombstone is seen by nobody, so only a load that sees everything (the CLI's) is told
    assert ingest(loaded, embedder, [Item(FIRST, 0)]).unchanged == 1
    assert loaded.erase_person("tara", dry_run=True).lines() == []  # nothing left to clear


def test_changing_visibility_rederives_who_finds_it(loaded):
    assert _found(loaded, "walnut", BEN) == []
    assert loaded.set_visibility("o1", "org", "pair", "s1", None)
    assert _found(loaded, "walnut", BEN) == ["o1"]
    assert loaded.record_scope("o1", BEN).visibility == "org"
    assert loaded.set_visibility("o1", "private", "private", None, None)
    assert _found(loaded, "walnut", BEN) == [] and _found(loaded, "walnut", TARA) == []
    assert _found(loaded, "walnut", MO) == ["o1"]
    assert loaded.record_scope("o1", TARA) is None and loaded.record_scope("o1", MO).visibility == "private"
    assert loaded.set_visibility("nothing", "public", "pair", None, None) is False


def test_erasure_clears_earlier_versions_naming_the_person(loaded, embedder):
    _fix(loaded, embedder, SECOND)
    plan = loaded.erase_person("tara")
    assert "clear earlier version 1 of record o1" in plan.lines()
    assert "clear earlier version 1 of record o1" not in loaded.erase_person("tara", dry_run=True).lines()
    assert loaded.earlier_versions(["o1"]) == {"o1": [loaded.earlier_versions(["o1"])["o1"][0]]}  # hash kept


def test_on_kuzu_with_vector_indexes_built(open_store, tmp_path, embedder):
    """Kùzu refuses to SET an indexed vector column; a correction deletes and inserts, and a
    record widened to public is found through the index's public projection."""
    kuzu = open_store("kuzu", tmp_path)
    try:
        extra = [{**FIRST, "id": "o2", "date": "2025-04-01", "focus": "secret pair words"},
                 {"type": "practice", "id": "p-draft", "title": "Draft", "description": "secret draft words",
                  "visibility": "private", "developers": [{"person": "mo"}]}]
        ingest(kuzu, embedder, [Item(r, i) for i, r in enumerate(PEOPLE + [FIRST] + extra)])
        assert set(kuzu.build_vector_indexes(min_rows=1)) == {"Observation", "Practice"}
        vec = embedder.vector("questioning with mini whiteboards wait time")
        assert _fix(kuzu, embedder, SECOND).version == 2
        assert kuzu.vector_top_k("Observation", vec, 1, ANY, MO)[0].id == "o1"
        assert kuzu.vector_top_k("Observation", vec, 1, ANY, Viewer()) == []
        kuzu.set_visibility("o1", "public", "pair", None, None)
        hits = kuzu.vector_top_k("Observation", vec, 1, ANY, Viewer())
        assert [h.id for h in hits] == ["o1"] and hits[0].score == pytest.approx(1.0, abs=1e-5)
        kuzu.set_visibility("o1", "pair", "pair", None, None)
        assert kuzu.vector_top_k("Observation", vec, 1, ANY, Viewer()) == []
        assert kuzu.retract("o1")
        assert "o1" not in {h.id for h in kuzu.vector_top_k("Observation", vec, 5, ANY, MO)}
        plan = kuzu.erase_person("mo")
        assert {"clear text of observation o2", "clear text of practice p-draft"} <= set(plan.lines())
        system = Viewer.internal()
        for kind in ("Observation", "Practice"):
            assert kuzu.fulltext(kind, "secret", 5, ANY, system) == []
            assert not {h.id for h in kuzu.vector_top_k(kind, embedder.vector("secret pair words"), 5, ANY, system)} \
                & {"o2", "p-draft"}
        assert kuzu.practices(["p-draft"], system)[0].developers[0][0] == "mo"  # a sole author keeps the credit
        assert kuzu.evidence([], ["o2"], ANY, system)  # its people links are kept
    finally:
        kuzu.close()
