"""Kùzu with its HNSW vector indexes built, and Neo4j searching through its vector indexes,
answer vector searches as the exact in-memory store does: the index's neighbours, the
viewer predicate and filters applied to them before the top-k, widened until k pass, else
the exact scan (graph/vector_search.py). On a graph this small the index search is
exhaustive, so any difference is a visibility or widening error, not approximation. The
index path is forced here (it is taken from 50k records of a kind)."""

from __future__ import annotations

import pytest

from practicegraph.graph import vector_search as vector
from practicegraph.graph.kuzu import vector as kuzu_vector
from practicegraph.graph.types import SearchFilters
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from tests.fakes import HashingEmbedder
from tests.integration.test_store_contract import SEARCHES, VIEWERS, _reference, items, qvec

pytestmark = pytest.mark.slow


INDEXED = {"kuzu": kuzu_vector.INDEXED_KINDS, "neo4j": ("Practice", "Observation", "Exchange")}


@pytest.fixture(scope="module", params=["kuzu", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def indexed_and_exact(request, open_store, tmp_path_factory):
    stores = {kind: open_store(kind, tmp_path_factory.mktemp(kind)) for kind in ("memory", request.param)}
    for s in stores.values():
        ingest(s, HashingEmbedder(), items())
    indexed = stores[request.param]
    if request.param == "kuzu":
        assert set(indexed.build_vector_indexes(min_rows=1)) == set(INDEXED["kuzu"])
    else:
        indexed.index_min_rows = 1
        calls = _count_index_queries(indexed)
    stores["indexed"] = indexed
    yield stores
    if request.param == "neo4j":
        assert calls["index"] > 0, "the index path was never taken"
    for s in {id(s): s for s in stores.values()}.values():
        s.close()


def _count_index_queries(store) -> dict[str, int]:
    """Count the index queries Neo4j runs, so the test knows the index path was taken."""
    from practicegraph.graph.neo4j import cypher

    calls = {"index": 0}
    original = store._reading_together

    def counting(work):
        def wrapped(read):
            def read_counting(query, *args, **params):
                calls["index"] += query in cypher.INDEX_TOP_K.values()
                return read(query, *args, **params)
            return work(read_counting)
        return original(wrapped)

    store._reading_together = counting
    return calls


@pytest.mark.parametrize("viewer", sorted(VIEWERS))
def test_indexed_search_equals_exact_search(indexed_and_exact, viewer):
    memory, kuzu = indexed_and_exact["memory"], indexed_and_exact["indexed"]
    for kind, text, filters in SEARCHES:
        for k in (1, 3, 50):
            want = memory.vector_top_k(kind, qvec(text), k, filters, VIEWERS[viewer])
            got = kuzu.vector_top_k(kind, qvec(text), k, filters, VIEWERS[viewer])
            assert [h.id for h in got] == [h.id for h in want], (kind, text, k)
            assert [h.score for h in got] == pytest.approx([h.score for h in want], abs=1e-5)


@pytest.mark.parametrize("viewer", sorted(VIEWERS))
@pytest.mark.parametrize("kind", ("Practice", "Observation", "Exchange"))
def test_indexed_search_sees_exactly_what_the_viewer_may(indexed_and_exact, viewer, kind):
    hits = indexed_and_exact["indexed"].vector_top_k(kind, qvec("phonics fraction mentoring sound card"), 100,
                                                     SearchFilters(), VIEWERS[viewer])
    assert {h.id for h in hits} == _reference(kind, VIEWERS[viewer])


def test_a_weak_index_answer_is_checked_by_the_exact_scan():
    assert vector.index_answered([0.71, 0.5], 2)
    assert not vector.index_answered([0.71], 2)  # too few passed: widen
    assert not vector.index_answered([vector.DOUBT_BELOW - 0.01, 0.1], 2)  # lost in a wrong cluster?


def test_an_index_answer_in_doubt_is_answered_exactly(indexed_and_exact):
    """A question far from every record: the index's best is under DOUBT_BELOW, so the
    exact scan answers, and the answer is the exact one."""
    memory, indexed = indexed_and_exact["memory"], indexed_and_exact["indexed"]
    far = [(-1.0) ** i * (1 + i % 7) for i in range(len(qvec("x")))]
    want = memory.vector_top_k("Practice", far, 3, SearchFilters(), VIEWERS["anonymous"])
    assert want and want[0].score < vector.DOUBT_BELOW
    got = indexed.vector_top_k("Practice", far, 3, SearchFilters(), VIEWERS["anonymous"])
    assert [h.id for h in got] == [h.id for h in want]


def test_rows_written_after_the_index_are_found(indexed_and_exact):
    kuzu = indexed_and_exact["indexed"]
    record = {"type": "practice", "id": "pr-late", "title": "Late phonics sound card game",
              "description": "Sound cards dealt face down; pupils echo the sound they turn over.",
              "subject": "literacy", "phase": "primary", "visibility": "public",
              "developers": [{"person": "p-amara"}]}
    ingest(kuzu, HashingEmbedder(), [Item(record, 1)])
    hits = kuzu.vector_top_k("Practice", qvec("Late phonics sound card game"), 1, SearchFilters(), VIEWERS["anonymous"])
    assert [h.id for h in hits] == ["pr-late"]


def test_fetch_sizes_widen_up_to_the_most_the_index_is_asked():
    sizes = vector.fetch_sizes(10)
    assert sizes[0] == vector.MIN_FETCH and sizes[-1] <= vector.MAX_FETCH and len(sizes) > 1
    assert sizes == sorted(sizes) and vector.fetch_sizes(vector.MAX_FETCH) == [vector.MAX_FETCH * vector.FETCH_FACTOR]
    assert vector.fetch_sizes(200) == [400, 1600]  # Kùzu: then the exact scan
    assert vector.fetch_sizes(200, reach_most=True) == [400, 1600, vector.MAX_FETCH]  # Neo4j
    assert vector.fetch_sizes(vector.MAX_FETCH, reach_most=True) == [vector.MAX_FETCH * vector.FETCH_FACTOR]


@pytest.mark.parametrize("viewer", ["anonymous", "amara", "system"])
def test_candidates_is_one_read_of_both_parts(indexed_and_exact, viewer):
    for store in (indexed_and_exact["memory"], indexed_and_exact["indexed"]):
        for kind, text, filters in SEARCHES:
            got = store.candidates([kind], qvec(text), text, 20, filters, VIEWERS[viewer])
            assert list(got.meaning[kind]) == store.vector_top_k(kind, qvec(text), 20, filters, VIEWERS[viewer])
            assert list(got.words[kind]) == store.fulltext(kind, text, 20, filters, VIEWERS[viewer])
        assert store.candidates(["Practice"], None, "", 5, SearchFilters(), VIEWERS[viewer]).meaning == {}



def test_kuzu_beams_are_literals_of_the_ladder():
    """Kùzu 0.11.3 ignores a beam given as a parameter: each beam is its own query text."""
    assert not any("$efs" in query for query in kuzu_vector.INDEX_TOP_K.values())
    assert [kuzu_vector.efs_for(f) for f in (100, 400, 1600, 4096, 8192, 20000)] == [800, 800, 1600, 4096, 8192, 8192]
    for (kind, efs), query in kuzu_vector.INDEX_TOP_K.items():
        assert f"efs := {efs})" in query and kind in kuzu_vector.INDEXED_KINDS
