"""One load, one unit of work: records and their similarity links are written together,
or not at all — on every store."""

from __future__ import annotations

import threading
import time

import pytest

from practicegraph.errors import StoreError
from practicegraph.ingest import pipeline
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item

PEOPLE = [{"type": "person", "id": f"p-{i}", "name": f"Teacher {i}"} for i in range(6)]
PRACTICES = [
    {"type": "practice", "id": f"pr-{i}", "title": f"Phonics echo routine {i}",
     "description": "The class echoes each sound card while tracing the letter in the air.",
     "visibility": "public", "developers": [{"person": f"p-{i}"}]}
    for i in range(6)
]
RECORDS = PEOPLE + PRACTICES


def _items(records):
    return [Item(r, i + 1) for i, r in enumerate(records)]


def test_a_load_writes_records_and_links_together(store, embedder):
    report = ingest(store, embedder, _items(RECORDS), chunk_size=2)
    counts = store.counts()
    assert report.written == len(RECORDS) and counts["Record"] == len(RECORDS)
    assert report.similar_links > 0 and counts["rel:SIMILAR_TO"] == report.similar_links


def test_a_failure_between_chunks_leaves_nothing_written(store, embedder, monkeypatch):
    ingest(store, embedder, _items(PEOPLE))
    before = store.counts()
    calls = {"n": 0}
    real_to_batch = pipeline.to_batch

    def failing_second_chunk(chunk, vectors=None):
        calls["n"] += 1
        if calls["n"] == 2:  # the first chunk is already written inside the unit of work
            raise StoreError("disk went away between chunks")
        return real_to_batch(chunk, vectors)

    monkeypatch.setattr(pipeline, "to_batch", failing_second_chunk)
    with pytest.raises(StoreError):
        ingest(store, embedder, _items(RECORDS), chunk_size=2)
    assert calls["n"] == 2
    assert store.counts() == before
    assert store.record_index([p["id"] for p in PRACTICES]) == {}

    monkeypatch.setattr(pipeline, "to_batch", real_to_batch)  # re-running completes it
    report = ingest(store, embedder, _items(RECORDS), chunk_size=2)
    assert (report.written, report.unchanged) == (len(PRACTICES), len(PEOPLE))


def test_a_failure_while_linking_leaves_no_records_either(store, embedder, monkeypatch):
    def broken_links(*args, **kwargs):
        raise StoreError("vector search failed")

    monkeypatch.setattr(pipeline, "similar_links", broken_links)
    with pytest.raises(StoreError):
        ingest(store, embedder, _items(RECORDS))
    assert store.counts().get("Record", 0) == 0 and "rel:SIMILAR_TO" not in store.counts()


def test_one_writer_at_a_time(store, embedder):
    """A second write waits for the open unit of work rather than interleaving with it."""
    order = []
    with store.unit_of_work():
        writer = threading.Thread(target=lambda: (store.upsert(pipeline.to_batch([])), order.append("second")))
        writer.start()
        time.sleep(0.2)
        order.append("first")
    writer.join(timeout=10)
    assert order == ["first", "second"]


def test_dry_run_reports_what_would_be_written_and_writes_nothing(store, embedder):
    report = ingest(store, embedder, _items(RECORDS), dry_run=True)
    assert report.dry_run and report.written == len(RECORDS) and report.embedded == 0
    assert store.counts().get("Record", 0) == 0 and embedder.encoded == 0
