"""The accounts-and-trust port reads give the same rows on every store."""

from datetime import date

import pytest

from practicegraph.graph.types import CurrentMembership, Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item

pytestmark = pytest.mark.slow

RECORDS = [
    {"type": "person", "id": "a", "name": "Ann"}, {"type": "person", "id": "b", "name": "Ben"},
    {"type": "person", "id": "c", "name": "Cas"}, {"type": "person", "id": "d", "name": "Dee"},
    {"type": "organisation", "id": "s1", "name": "School 1"},
    {"type": "organisation", "id": "s2", "name": "School 2"},
    {"type": "cluster", "id": "k1", "name": "Cluster 1", "kind": "voluntary"},
    {"type": "membership", "person": "a", "organisation": "s1", "since": "2020-01-01", "until": "2024-07-31"},
    {"type": "membership", "person": "a", "organisation": "s2", "since": "2024-09-01"},
    {"type": "membership", "person": "a", "cluster": "k1", "role": "cluster-leader"},
    {"type": "membership", "person": "b", "cluster": "k1"},
    {"type": "membership", "person": "d", "cluster": "k1", "since": "2030-01-01"},
    {"type": "practice", "id": "p1", "title": "t", "description": "d", "visibility": "pair",
     "developers": [{"person": "a"}, {"person": "c", "role": "co-developer"}]},
    {"type": "exchange", "id": "x1", "kind": "mentoring", "visibility": "private",
     "participants": [{"person": "c", "role": "mentor"}, {"person": "d", "role": "mentee"}]},
]


@pytest.fixture
def loaded(store, embedder):
    ingest(store, embedder, [Item(r, i) for i, r in enumerate(RECORDS)])
    return store


def test_memberships_hold_on_the_day(loaded):
    day = date(2025, 1, 1)
    assert loaded.current_memberships("a", day) == [CurrentMembership("cluster", "k1", "cluster-leader"),
                                            CurrentMembership("organisation", "s2", "teacher")]
    assert [m.target_id for m in loaded.current_memberships("a", date(2023, 1, 1))] == ["k1", "s1"]
    assert loaded.current_memberships("d", day) == []  # not started yet
    assert loaded.current_memberships("nobody", day) == []


def test_trusted_links_only_through_what_the_viewer_sees(loaded):
    day = date(2025, 1, 1)
    anonymous = [(l.source, l.target, l.kind) for l in loaded.trusted_links(["a", "c"], Viewer(), day)]
    assert anonymous == [("a", "b", "cluster")]
    as_a = Viewer(person_id="a")
    assert [(l.target, l.kind, l.via_id) for l in loaded.trusted_links(["a"], as_a, day)] == [
        ("b", "cluster", "k1"), ("c", "co-developed", "p1")]
    as_c = Viewer(person_id="c")
    assert [(l.target, l.kind) for l in loaded.trusted_links(["c"], as_c, day)] == [
        ("a", "co-developed"), ("d", "mentoring")]


def test_record_access(loaded):
    assert loaded.record_access(["p1", "x1", "zz"], Viewer()) == []
    got = loaded.record_access(["p1", "x1"], Viewer(person_id="c"))
    assert sorted((r.id, r.visibility, r.author) for r in got) == [("p1", "pair", "a"), ("x1", "private", "c")]


ERASE = [
    {"type": "observation", "id": "o-pair", "observer": "c", "observed": "d", "date": "2025-02-01",
     "focus": "secret focus words", "reflection": "nervous", "visibility": "pair"},
    {"type": "observation", "id": "o-public", "observer": "c", "observed": "b", "date": "2025-02-02",
     "focus": "open focus", "reflection": "private thoughts", "visibility": "public",
     "reflection_visibility": "private"},
    {"type": "exchange", "id": "x-pair", "kind": "mentoring", "focus": "secret mentoring words",
     "visibility": "pair", "participants": [{"person": "c", "role": "mentor"}, {"person": "a", "role": "mentee"}]},
    {"type": "practice", "id": "p-mine", "title": "draft", "description": "secret draft words",
     "visibility": "private", "developers": [{"person": "c"}]},
]


def test_erasure_both_ways(loaded, embedder):
    from practicegraph.graph.types import SearchFilters

    ingest(loaded, embedder, [Item(r, i) for i, r in enumerate(ERASE)])
    system = Viewer.internal()
    dry = loaded.erase_person("c", dry_run=True)
    assert dry.lines() == ["clear text of observation o-pair", "clear reflection of observation o-public",
                           "clear text of exchange x-pair", "clear text of practice p-mine", "detach authorship of practice p1 (co-authors keep theirs)"]
    assert "secret focus words" in dry.texts and "private thoughts" in dry.texts
    assert [h.id for h in loaded.fulltext("Observation", "secret", 10, SearchFilters(), system)] == ["o-pair"]
    plan = loaded.erase_person("c")
    assert plan.lines() == dry.lines()
    assert loaded.fulltext("Observation", "secret", 10, SearchFilters(), system) == []
    assert loaded.fulltext("Practice", "secret draft", 10, SearchFilters(), system) == []
    assert loaded.fulltext("Exchange", "secret mentoring", 10, SearchFilters(), system) == []
    assert "o-pair" not in {h.id for h in loaded.vector_top_k("Observation", embedder.vector("secret focus words"),
                                                                10, SearchFilters(), system)}
    assert [h.id for h in loaded.fulltext("Observation", "open focus", 10, SearchFilters(), system)] == ["o-public"]
    devs = {p.id: [d[0] for d in p.developers] for p in loaded.practices(["p1", "p-mine"], system)}
    assert devs == {"p1": ["a"], "p-mine": ["c"]}  # the co-author keeps theirs; a sole author stays
    assert loaded.record_index(["o-pair"]) != {}  # the id stays: a re-sent copy is recognised
    assert loaded.erase_person("c").empty  # idempotent


def test_retraction_leaves_a_tombstone(loaded, embedder):
    from practicegraph.graph.types import SearchFilters

    ingest(loaded, embedder, [Item(r, i) for i, r in enumerate(ERASE)])
    before = loaded.record_index(["o-pair"])
    assert loaded.retract("o-pair") == ["secret focus words", "nervous"]
    for viewer in (Viewer(person_id="c"), Viewer(person_id="d"), Viewer.internal()):
        assert loaded.fulltext("Observation", "secret", 10, SearchFilters(), viewer) == []
    assert loaded.record_access(["o-pair"], Viewer(person_id="c")) == []
    assert loaded.record_index(["o-pair"]) == before  # the id and hash stay
    assert loaded.retract("p1") == []  # practices get new versions instead
