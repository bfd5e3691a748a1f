"""Writes never fail under concurrent reads: a checkpoint waits for the writer's terms,
and a commit's outcome is reported truthfully."""

from __future__ import annotations

import threading

import pytest

from practicegraph.errors import StoreError
from practicegraph.graph.kuzu import KuzuStore
from practicegraph.graph.kuzu import store as kuzu_store
from practicegraph.graph.types import SearchFilters, Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from tests.fakes import HashingEmbedder

pytestmark = pytest.mark.slow


def _practice(i: int) -> dict:
    return {"type": "practice", "id": f"pr-{i}", "title": f"Echo reading routine {i}",
            "description": "Learners echo each line after the teacher, then read it in pairs.",
            "visibility": "public"}


def test_every_write_succeeds_while_readers_search(tmp_path, monkeypatch):
    # checkpoint after every commit: the case that used to fail the write (a checkpoint
    # inside COMMIT timed out waiting for readers, then ROLLBACK failed)
    monkeypatch.setattr(kuzu_store, "CHECKPOINT_WAL_BYTES", 0)
    embedder = HashingEmbedder()
    store = KuzuStore(tmp_path / "g.kuzu", dimension=embedder.dimension)
    store.install()
    ingest(store, embedder, [Item(_practice(i), i) for i in range(200)])
    query = embedder.encode(["echo reading in pairs"])[0].tolist()
    stop, read_errors = threading.Event(), []

    def reader():
        while not stop.is_set():
            try:
                store.vector_top_k("Practice", query, 10, SearchFilters(), Viewer.anonymous())
                store.fulltext("Practice", "echo reading", 10, SearchFilters(), Viewer.anonymous())
            except Exception as exc:  # noqa: BLE001 - any failure is the finding
                read_errors.append(exc)

    readers = [threading.Thread(target=reader) for _ in range(6)]
    for t in readers:
        t.start()
    try:
        reports = [ingest(store, embedder, [Item(_practice(1000 + i), 1)]) for i in range(8)]
    finally:
        stop.set()
        for t in readers:
            t.join()
    assert [r.written for r in reports] == [1] * 8
    assert not read_errors
    assert store.record_index([f"pr-{1000 + i}" for i in range(8)]).keys() == {f"pr-{1000 + i}" for i in range(8)}
    store.close()
    reopened = KuzuStore(tmp_path / "g.kuzu", dimension=embedder.dimension)
    assert reopened.counts()["Practice"] == 208
    reopened.close()


def test_a_zero_byte_database_file_is_refused_not_reinitialised(tmp_path):
    empty = tmp_path / "graph.kuzu"
    empty.touch()
    with pytest.raises(StoreError, match="empty"):
        KuzuStore(empty, dimension=64)
    assert empty.stat().st_size == 0
