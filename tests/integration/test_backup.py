"""Backup and restore: a snapshot taken while the store is in use restores to a store that
answers exactly as the original did at that moment — on every store."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from practicegraph.backup import checked_snapshot, restore_file, take_backup
from practicegraph.errors import StoreError
from practicegraph.graph.memory import InMemoryStore
from practicegraph.graph.types import Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from practicegraph.queries.expertise import find_experts
from practicegraph.queries.lineage import lineage
from tests.fakes import HashingEmbedder

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parents[1] / "data" / "corpus.jsonl"
QUESTIONS = ("group work in multigrade maths", "questioning and feedback", "reading aloud")
LATER = [{"type": "person", "id": "t-later", "name": "Written after the backup"},
         {"type": "practice", "id": "pr-later", "title": "Group work after the backup",
          "description": "Group work in multigrade maths, written after the backup was taken.",
          "visibility": "public", "developers": [{"person": "t-later"}]}]


def _corpus() -> list[Item]:
    lines = CORPUS.read_text().splitlines()
    return [Item(json.loads(line), n) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]


def answers(store, embedder) -> dict:
    """What the product shows: counts, experts for a few questions, every practice's lineage."""
    viewer = Viewer.anonymous()
    out = {"counts": store.counts(), "experts": {}, "lineage": {}}
    for q in QUESTIONS:
        out["experts"][q] = [(e.person_id, round(e.score, 9), len(e.evidence)) for e in find_experts(store, embedder, q, viewer=viewer)]
    for hit in store.fulltext("Practice", "group work questioning reading feedback", 50, _no_filters(), viewer):
        result = lineage(store, hit.id, direction="both", depth=10, viewer=viewer)
        out["lineage"][hit.id] = sorted((e.kind, e.child, e.parent) for e in result.edges)
    return out


def _no_filters():
    from practicegraph.graph.types import SearchFilters

    return SearchFilters()


def _reopen(kind: str, path: Path):
    if kind == "memory":
        return InMemoryStore.load(path)
    from practicegraph.graph.kuzu import KuzuStore

    return KuzuStore(path, dimension=HashingEmbedder.dimension)


def test_restore_answers_as_the_store_did_when_the_backup_was_taken(store, store_kind, embedder, tmp_path):
    if store_kind == "neo4j":  # a Neo4j server is backed up with Neo4j's own tools, and says so
        with pytest.raises(StoreError, match="neo4j-admin"):
            take_backup(store, tmp_path / "backup")
        return
    ingest(store, embedder, _corpus())
    expected = answers(store, embedder)
    assert expected["experts"][QUESTIONS[0]] and any(expected["lineage"].values())
    reading = threading.Event()

    def keep_reading():  # the snapshot is taken while reads go on
        while not reading.is_set():
            find_experts(store, embedder, QUESTIONS[1], viewer=Viewer.anonymous())

    reader = threading.Thread(target=keep_reading)
    reader.start()
    try:
        manifest = take_backup(store, tmp_path / "backup")
    finally:
        reading.set()
        reader.join()
    ingest(store, embedder, [Item(r, i) for i, r in enumerate(LATER)])  # after the backup: not in it
    assert answers(store, embedder)["counts"] != expected["counts"]

    snapshot, checked = checked_snapshot(tmp_path / "backup")
    assert checked == manifest
    if store_kind == "kuzu":
        target = tmp_path / "restored.kuzu"
        assert restore_file(snapshot, target, lambda p: _reopen("kuzu", p)) is None
        snapshot = target
    restored = _reopen(store_kind, snapshot)
    try:
        assert answers(restored, embedder) == expected
    finally:
        restored.close()


def test_restore_replaces_a_database_and_keeps_the_old_one(open_store, embedder, tmp_path):
    live = open_store("kuzu", tmp_path)
    ingest(live, embedder, _corpus())
    expected = answers(live, embedder)
    take_backup(live, tmp_path / "backup")
    ingest(live, embedder, [Item(r, i) for i, r in enumerate(LATER)])
    live.close()
    snapshot, _ = checked_snapshot(tmp_path / "backup")
    kept = restore_file(snapshot, tmp_path / "g.kuzu", lambda p: _reopen("kuzu", p))
    assert kept == tmp_path / "g.kuzu.before-restore"
    restored = _reopen("kuzu", tmp_path / "g.kuzu")
    try:
        assert answers(restored, embedder) == expected
    finally:
        restored.close()
    old = _reopen("kuzu", kept)
    try:
        assert old.record_index(["pr-later"])
    finally:
        old.close()


def test_a_damaged_or_foreign_backup_is_refused(open_store, embedder, tmp_path):
    live = open_store("kuzu", tmp_path)
    ingest(live, embedder, _corpus())
    take_backup(live, tmp_path / "backup")
    with pytest.raises(StoreError, match="not empty"):
        take_backup(live, tmp_path / "backup")
    live.close()
    snapshot = tmp_path / "backup" / "graph.kuzu"
    data = bytearray(snapshot.read_bytes())
    data[len(data) // 2] ^= 0xFF
    snapshot.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged"):
        checked_snapshot(tmp_path / "backup")
    with pytest.raises(StoreError, match="not a practicegraph backup"):
        checked_snapshot(tmp_path)
