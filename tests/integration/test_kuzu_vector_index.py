"""Kùzu with its HNSW vector indexes built answers vector searches as the exact in-memory
store does: the index's neighbours, the viewer predicate and filters applied to them before
the top-k, widened until k pass, else the exact scan. (On a graph this small the index
search is exhaustive, so any difference is a visibility or widening error, not
approximation.)"""

from __future__ import annotations

import pytest

from practicegraph.graph.kuzu import vector
from practicegraph.graph.types import SearchFilters
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from tests.fakes import HashingEmbedder
from tests.integration.test_store_contract import SEARCHES, VIEWERS, _reference, items, qvec

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def indexed_and_exact(open_store, tmp_path_factory):
    stores = {kind: open_store(kind, tmp_path_factory.mktemp(kind)) for kind in ("memory", "kuzu")}
    for s in stores.values():
        ingest(s, HashingEmbedder(), items())
    built = stores["kuzu"].build_vector_indexes(min_rows=1)
    assert set(built) == set(vector.INDEXED_KINDS)
    yield stores
    for s in stores.values():
        s.close()


@pytest.mark.parametrize("viewer", sorted(VIEWERS))
def test_indexed_search_equals_exact_search(indexed_and_exact, viewer):
    memory, kuzu = indexed_and_exact["memory"], indexed_and_exact["kuzu"]
    for kind, text, filters in SEARCHES:
        for k in (1, 3, 50):
            want = memory.vector_top_k(kind, qvec(text), k, filters, VIEWERS[viewer])
            got = kuzu.vector_top_k(kind, qvec(text), k, filters, VIEWERS[viewer])
            assert [h.id for h in got] == [h.id for h in want], (kind, text, k)
            assert [h.score for h in got] == pytest.approx([h.score for h in want], abs=1e-5)


@pytest.mark.parametrize("viewer", sorted(VIEWERS))
@pytest.mark.parametrize("kind", vector.INDEXED_KINDS)
def test_indexed_search_sees_exactly_what_the_viewer_may(indexed_and_exact, viewer, kind):
    hits = indexed_and_exact["kuzu"].vector_top_k(kind, qvec("phonics fraction mentoring sound card"), 100,
                                                  SearchFilters(), VIEWERS[viewer])
    assert {h.id for h in hits} == _reference(kind, VIEWERS[viewer])


def test_rows_written_after_the_index_are_found(indexed_and_exact):
    kuzu = indexed_and_exact["kuzu"]
    record = {"type": "practice", "id": "pr-late", "title": "Late phonics sound card game",
              "description": "Sound cards dealt face down; pupils echo the sound they turn over.",
              "subject": "literacy", "phase": "primary", "visibility": "public",
              "developers": [{"person": "p-amara"}]}
    ingest(kuzu, HashingEmbedder(), [Item(record, 1)])
    hits = kuzu.vector_top_k("Practice", qvec("Late phonics sound card game"), 1, SearchFilters(), VIEWERS["anonymous"])
    assert [h.id for h in hits] == ["pr-late"]


def test_fetch_sizes_widen_up_to_the_most_the_index_is_asked():
    sizes = vector.fetch_sizes(10)
    assert sizes[0] == 10 * vector.FETCH_FACTOR and sizes[-1] <= vector.MAX_FETCH and len(sizes) > 1
    assert sizes == sorted(sizes) and vector.fetch_sizes(vector.MAX_FETCH) == [vector.MAX_FETCH * vector.FETCH_FACTOR]


@pytest.mark.parametrize("viewer", ["anonymous", "amara", "system"])
def test_candidates_is_one_read_of_both_parts(indexed_and_exact, viewer):
    for store in indexed_and_exact.values():
        for kind, text, filters in SEARCHES:
            got = store.candidates([kind], qvec(text), text, 20, filters, VIEWERS[viewer])
            assert list(got.meaning[kind]) == store.vector_top_k(kind, qvec(text), 20, filters, VIEWERS[viewer])
            assert list(got.words[kind]) == store.fulltext(kind, text, 20, filters, VIEWERS[viewer])
        assert store.candidates(["Practice"], None, "", 5, SearchFilters(), VIEWERS[viewer]).meaning == {}
