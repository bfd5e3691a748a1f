"""Compiled (cached) read statements must see every later write and every viewer."""

from practicegraph.graph.kuzu import KuzuStore
from practicegraph.graph.types import SearchFilters, Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from tests.fakes import HashingEmbedder


def _practice(pid, title, person, visibility="public", cluster=None):
    return {"type": "practice", "id": pid, "title": title, "description": title, "visibility": visibility,
            "cluster": cluster, "developers": [{"person": person}]}


def test_cached_statements_see_later_writes_and_other_viewers(tmp_path):
    store, emb = KuzuStore(tmp_path / "g.kuzu", dimension=64), HashingEmbedder()
    store.install()
    base = [{"type": "person", "id": "a", "name": "A"}, {"type": "person", "id": "b", "name": "B"},
            {"type": "cluster", "id": "c1", "name": "C1", "kind": "voluntary"},
            _practice("p1", "jigsaw reading groups", "a")]
    ingest(store, emb, [Item(r, i) for i, r in enumerate(base)])
    vec = emb.encode(["jigsaw reading groups"])[0]
    anon, member = Viewer(), Viewer(person_id="b", clusters=frozenset({"c1"}))
    for viewer in (anon, member):  # compile every read once
        assert [h.id for h in store.fulltext("Practice", "jigsaw", 10, SearchFilters(), viewer)] == ["p1"]
        assert [h.id for h in store.vector_top_k("Practice", vec, 10, SearchFilters(), viewer)] == ["p1"]
        assert {r.practice_id for r in store.evidence(["p1", "p2"], [], SearchFilters(), viewer)} == {"p1"}

    ingest(store, emb, [Item(_practice("p2", "jigsaw reading circles", "b", "cluster", "c1"), 1)])
    assert [h.id for h in store.fulltext("Practice", "jigsaw", 10, SearchFilters(), anon)] == ["p1"]
    assert {h.id for h in store.fulltext("Practice", "jigsaw", 10, SearchFilters(), member)} == {"p1", "p2"}
    assert {h.id for h in store.vector_top_k("Practice", vec, 10, SearchFilters(), member)} == {"p1", "p2"}
    assert {r.practice_id for r in store.evidence(["p1", "p2"], [], SearchFilters(), member)} == {"p1", "p2"}
    assert {r.practice_id for r in store.evidence(["p1", "p2"], [], SearchFilters(), anon)} == {"p1"}
    store.close()


def test_a_database_built_for_another_vector_size_is_refused(tmp_path):
    import pytest

    from practicegraph.errors import StoreError

    store = KuzuStore(tmp_path / "g.kuzu", dimension=64)
    store.install()
    store.close()
    with pytest.raises(StoreError, match="holds 64-d vectors"):
        KuzuStore(tmp_path / "g.kuzu", dimension=384)
    reopened = KuzuStore(tmp_path / "g.kuzu", dimension=64)
    reopened.install()  # idempotent on an existing database
    assert reopened.counts()["Record"] == 0
    reopened.close()
