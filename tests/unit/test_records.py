"""Records: validation messages, derived ids, content hashes, references."""

import pytest
from pydantic import ValidationError

from practicegraph import model as m
from practicegraph.errors import ValidationFailed
from practicegraph.graph.port import classify
from practicegraph.graph.rows import to_batch
from practicegraph.graph.types import LedgerEntry
from practicegraph.ingest.validate import Item, check_references, parse_items


def test_ids_are_derived_deterministically_from_the_natural_key():
    a = m.parse_record({"type": "observation", "observer": "x", "observed": "y", "date": "2024-01-02"})
    b = m.parse_record({"type": "observation", "observer": "x", "observed": "y", "date": "2024-01-02",
                        "focus": "questioning"})
    c = m.parse_record({"type": "observation", "observer": "x", "observed": "z", "date": "2024-01-02"})
    assert a.id == b.id != c.id
    assert a.content_hash() != b.content_hash()


def test_membership_ids_differ_by_target_and_start():
    base = {"type": "membership", "person": "p", "organisation": "o1", "since": "2020-01-01"}
    moved = {**base, "organisation": "o2", "since": "2024-01-01"}
    assert m.parse_record(base).id != m.parse_record(moved).id


@pytest.mark.parametrize("data, field", [
    ({"type": "membership", "person": "p"}, "give exactly one of organisation or cluster"),
    ({"type": "adaptation", "practice": "a", "source": "a", "mode": "adaptive"}, "adapted from itself"),
    ({"type": "adaptation", "practice": "a", "source": "b", "mode": "copied"}, "mode"),
    ({"type": "observation", "observer": "a", "observed": "a", "date": "2024-01-01"}, "different people"),
    ({"type": "practice", "id": "p", "title": "t", "description": "d", "visibility": "secret"}, "visibility"),
    ({"type": "practice", "id": "has space", "title": "t", "description": "d"}, "id"),
    ({"type": "practice", "id": "p", "title": "t", "description": "d"}, "needs the cluster it is shared with"),
    ({"type": "observation", "observer": "a", "observed": "b", "date": "2024-01-01", "visibility": "org"},
     "needs the organisation"),
    ({"type": "exchange", "kind": "mentoring", "participants": [{"person": "a"}]}, "participants"),
])
def test_invalid_records_say_why(data, field):
    with pytest.raises(ValidationError) as info:
        m.parse_record(data)
    assert field in str(info.value)


def test_parse_items_reports_line_field_reason_and_repeated_ids():
    items = [
        Item({"type": "person", "id": "a", "name": "A"}, 1),
        Item({"type": "person", "id": "b"}, 2),
        Item({"name": "no type"}, 3),
        Item(["not", "an", "object"], 4),
        Item({"type": "person", "id": "a", "name": "A"}, 5),  # exact repeat: dropped quietly
        Item({"type": "person", "id": "a", "name": "Other"}, 6),
        Item({"type": "practice", "id": "p", "title": "t", "description": "d",
              "developers": [{"person": "a", "role": "boss"}]}, 7),
    ]
    records, errors = parse_items(items)
    assert [r.id for r, _ in records] == ["a"]
    found = {(e.line, e.field) for e in errors}
    assert found == {(2, "name"), (3, "type"), (4, "record"), (6, "id"), (7, "developers.0.role")}
    assert "line 1" in next(e.reason for e in errors if e.line == 6)


def test_references_must_resolve_in_the_load_or_the_store():
    records, _ = parse_items([
        Item({"type": "practice", "id": "p2", "title": "t", "description": "d", "version_of": "p1",
              "visibility": "public", "developers": [{"person": "ann"}]}, 1),
        Item({"type": "adaptation", "practice": "p2", "source": "ghost", "mode": "replication"}, 2),
        Item({"type": "membership", "person": "ann", "cluster": "p2"}, 3),
    ])
    errors = check_references(records, {"p1": ("practice", "h"), "ann": ("person", "h")})
    assert [(e.line, e.field) for e in errors] == [(2, "source"), (3, "cluster")]
    assert "unknown practice 'ghost'" in errors[0].reason
    assert "'p2' is a practice, expected cluster" in errors[1].reason


def test_classify_new_unchanged_conflict():
    ledger = [LedgerEntry("a", "person", "h1", 1), LedgerEntry("b", "person", "h2", 2),
              LedgerEntry("c", "person", "h3", 3), LedgerEntry("d", "practice", "h4", 4)]
    new, unchanged, conflicts = classify(ledger, {"b": ("person", "h2"), "c": ("person", "zz"),
                                                  "d": ("person", "h4")})
    assert new == {"a"} and unchanged == 1
    assert [(c.id, c.line) for c in conflicts] == [("c", 3), ("d", 4)]
    assert "already used by a person" in conflicts[1].reason


def test_rows_carry_visibility_scope_and_edges_carry_their_owner():
    records, _ = parse_items([Item({
        "type": "observation", "id": "o", "observer": "a", "observed": "b", "date": "2024-02-01",
        "practices": ["p"], "visibility": "cluster", "cluster": "c1", "purpose": "evaluative"}, 9)])
    batch = to_batch(records)
    row = batch.nodes["Observation"][0]
    assert (row["visibility"], row["cluster"], row["author"], row["named"]) == ("cluster", "c1", "a", ["a", "b"])
    assert row["purpose"] == "evaluative"
    assert {(e.type, e.owner) for e in batch.edges} == {("OBSERVER", "o"), ("OBSERVED", "o"), ("OF_PRACTICE", "o")}
    assert batch.ledger[0].line == 9


def test_validation_failed_message_counts_errors():
    exc = ValidationFailed([])
    assert "nothing was written" in str(exc)


def test_cached_embedder_is_safe_across_threads():
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np

    from practicegraph.embeddings.sentence import CachedEmbedder

    def encode(texts):
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)

    emb = CachedEmbedder(encode, "test", 2, cache_size=50)
    texts = [f"text {i % 80}" for i in range(4000)]
    with ThreadPoolExecutor(8) as pool:
        out = list(pool.map(lambda t: emb.encode([t])[0], texts))
    assert all(v[0] == len(t) for v, t in zip(out, texts))
