"""Kùzu's two write paths — typed Cypher rows for small writes, COPY for bulk loads —
store the same graph: counts, word search, vectors, summaries and lineage agree (row order
is the store's, so sets are compared)."""

from __future__ import annotations

import json

import pytest

from practicegraph.graph.kuzu import KuzuStore
from practicegraph.graph.kuzu import bulk
from practicegraph.graph.types import SearchFilters, Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from tests.fakes import HashingEmbedder

pytestmark = pytest.mark.slow
CORPUS = [json.loads(line) for line in open("tests/data/corpus.jsonl", encoding="utf-8")
          if line.strip() and not line.startswith("#")]
ALL = Viewer.internal()


def _load(path, monkeypatch, small_rows: int) -> KuzuStore:
    monkeypatch.setattr(bulk, "SMALL_WRITE_ROWS", small_rows)
    store = KuzuStore(path, dimension=HashingEmbedder.dimension)
    store.install()
    ingest(store, HashingEmbedder(), [Item(r, i) for i, r in enumerate(CORPUS, 1)])
    return store


def test_row_writes_and_copy_store_the_same_graph(tmp_path, monkeypatch):
    rows = _load(tmp_path / "rows.kuzu", monkeypatch, 10**9)
    copied = _load(tmp_path / "copy.kuzu", monkeypatch, 0)
    assert rows.counts() == copied.counts()
    ids = [r["id"] for r in CORPUS if r["type"] == "practice"]
    assert sorted(rows.practices(ids, ALL), key=lambda p: p.id) == sorted(copied.practices(ids, ALL), key=lambda p: p.id)
    for a, b in zip(sorted(rows.practice_vectors(ids).items()), sorted(copied.practice_vectors(ids).items())):
        assert a[0] == b[0] and a[1] == pytest.approx(b[1])
    for text in ("multigrade maths groups", "reading circles tally"):
        assert rows.fulltext("Practice", text, 10, SearchFilters(), ALL) == \
            copied.fulltext("Practice", text, 10, SearchFilters(), ALL)
    assert sorted(rows.lineage_edges(ids, "both", ALL), key=repr) == sorted(copied.lineage_edges(ids, "both", ALL), key=repr)
    rows.close()
    copied.close()
