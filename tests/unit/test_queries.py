"""Ranking and traversal logic above the port, on the in-memory store."""

from datetime import date

import pytest

from practicegraph.errors import NotFound
from practicegraph.graph.memory import InMemoryStore
from practicegraph.graph.types import Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from practicegraph.queries.expertise import EVIDENCE_WEIGHTS, find_experts, recency
from practicegraph.queries.lineage import lineage
from tests.fakes import HashingEmbedder

TODAY = date(2026, 9, 1)


def _load(records):
    store, emb = InMemoryStore(dimension=64), HashingEmbedder()
    store.install()
    ingest(store, emb, [Item(r, i + 1) for i, r in enumerate(records)])
    return store, emb


def _people(*ids):
    return [{"type": "person", "id": i, "name": i.title()} for i in ids]


def _practice(pid, text, dev, when="2025-01-01", **extra):
    return {"type": "practice", "id": pid, "title": text, "description": text, "visibility": "public",
            "developers": [{"person": dev, "date": when}], **extra}


def test_evidence_kinds_are_ordered_as_documented():
    assert list(EVIDENCE_WEIGHTS) == ["developed", "co-developed", "adapted", "model-lesson", "observed", "mentored"]
    assert sorted(EVIDENCE_WEIGHTS.values(), reverse=True) == list(EVIDENCE_WEIGHTS.values())


def test_recency_halves_over_the_half_life_and_never_grows():
    assert recency(TODAY, TODAY) == 1.0
    assert recency(date(2022, 9, 1), TODAY) == pytest.approx(0.5, abs=0.01)
    assert recency(date(2027, 1, 1), TODAY) == 1.0


def test_developer_outranks_the_person_observed_and_the_mentor():
    store, emb = _load(_people("dev", "obs", "men") + [
        _practice("p", "jigsaw groups for reading comprehension", "dev"),
        {"type": "observation", "id": "o", "observer": "men", "observed": "obs", "date": "2025-01-01",
         "practices": ["p"], "visibility": "public", "focus": "jigsaw groups"},
        {"type": "exchange", "id": "e", "kind": "mentoring", "visibility": "public", "started": "2025-01-01",
         "participants": [{"person": "men", "role": "mentor"}, {"person": "dev", "role": "mentee"}],
         "discussed": ["p"]},
    ])
    found = find_experts(store, emb, "jigsaw groups for reading comprehension", viewer=Viewer(), today=TODAY)
    assert [e.person_id for e in found] == ["dev", "obs", "men"]
    assert found[0].evidence[0].row.kind == "developed"
    assert "developed 'jigsaw groups" in found[0].evidence[0].why


def test_recent_evidence_outranks_old_evidence():
    store, emb = _load(_people("old", "new") + [
        _practice("p1", "retrieval quizzes at the start of physics lessons", "old", "2012-01-01"),
        _practice("p2", "retrieval quizzes at the start of physics lessons", "new", "2026-01-01"),
    ])
    found = find_experts(store, emb, "retrieval quizzes physics lessons", viewer=Viewer(), today=TODAY)
    assert [e.person_id for e in found] == ["new", "old"]


def test_evaluative_and_hidden_evidence_never_count():
    store, emb = _load(_people("a", "b", "c") + [
        _practice("p", "number talks with bottle tops", "a"),
        _practice("secret", "number talks with bottle tops in private", "c", visibility="private"),
        {"type": "observation", "id": "o", "observer": "a", "observed": "b", "date": "2025-01-01",
         "practices": ["p"], "visibility": "public", "purpose": "evaluative", "focus": "number talks"},
    ])
    found = find_experts(store, emb, "number talks with bottle tops", viewer=Viewer(), today=TODAY)
    assert [e.person_id for e in found] == ["a"]
    as_c = find_experts(store, emb, "number talks with bottle tops", viewer=Viewer(person_id="c"), today=TODAY)
    assert "c" in [e.person_id for e in as_c]


def test_no_matching_evidence_gives_nobody():
    store, emb = _load(_people("a") + [_practice("p", "phonics sound wall", "a")])
    assert find_experts(store, emb, "volcano fieldwork", viewer=Viewer(), today=TODAY) == []


def _chain(n):
    records = _people("t")
    for i in range(n):
        records.append(_practice(f"p{i}", f"practice number {i}", "t"))
    for i in range(1, n):
        records.append({"type": "adaptation", "practice": f"p{i}", "source": f"p{i - 1}", "mode": "adaptive",
                        "what_changed": f"step {i}"})
    return records


def test_lineage_depth_cap_and_truncation():
    store, _ = _load(_chain(12))
    down = lineage(store, "p0", direction="descendants", depth=3, viewer=Viewer())
    assert set(down.nodes) == {"p0", "p1", "p2", "p3"} and down.truncated
    up = lineage(store, "p11", direction="ancestors", depth=10, viewer=Viewer())
    assert len(up.nodes) == 11 and up.truncated
    full = lineage(store, "p5", direction="both", depth=10, viewer=Viewer())
    assert len(full.nodes) == 12 and not full.truncated
    tree = full.descendants
    assert tree.branches[0].via.what_changed == "step 6"


def test_lineage_is_cycle_safe():
    records = _chain(3) + [{"type": "adaptation", "practice": "p0", "source": "p2", "mode": "exchange"}]
    store, _ = _load(records)
    result = lineage(store, "p0", direction="both", depth=10, viewer=Viewer())
    assert set(result.nodes) == {"p0", "p1", "p2"}
    assert len(result.edges) == 3
    assert any(node.seen_above for node in _walk(result.descendants))  # the cycle is shown once, then marked


def _walk(node):
    yield node
    for child in node.branches or []:
        yield from _walk(child)


def test_lineage_of_hidden_or_missing_practice_is_not_found():
    store, _ = _load(_people("t") + [_practice("p", "x", "t", visibility="private")])
    with pytest.raises(NotFound):
        lineage(store, "p", viewer=Viewer())
    with pytest.raises(NotFound):
        lineage(store, "nope", viewer=Viewer())
    assert lineage(store, "p", viewer=Viewer(person_id="t")).nodes


def test_breadth_of_practices_beats_repeated_evidence_for_one():
    from practicegraph.graph.types import EvidenceRow
    from practicegraph.queries.expertise import Match, ScoredEvidence, person_score

    def ev(kind, practice, source=None, c=0.5):
        return ScoredEvidence(EvidenceRow("x", "X", kind, practice, practice, None, source), Match(), c)

    broad = [ev("developed", "p1"), ev("developed", "p2")]
    repeated = [ev("developed", "p1")] + [ev("observed", "p1", f"o{i}") for i in range(5)]
    assert person_score(broad) > person_score(repeated) > person_score([ev("developed", "p1")])
    assert person_score(repeated) == pytest.approx(0.5 * 1.15)  # one more kind corroborates


def test_hidden_practices_take_no_place_among_similar_practices():
    """Five private near-copies must not push a visible neighbour out of the list."""
    from practicegraph.graph.types import Viewer
    from practicegraph.ingest.pipeline import ingest
    from practicegraph.ingest.validate import Item
    from practicegraph.queries.practices import practice_detail

    store, emb = InMemoryStore(dimension=64), HashingEmbedder()
    base = "learners echo each sound card while tracing the letter in the air"
    records = [{"type": "person", "id": "p-ann", "name": "Ann"},
               {"type": "practice", "id": "pr-open", "title": "Sound card echo", "description": base,
                "visibility": "public", "developers": [{"person": "p-ann"}]},
               {"type": "practice", "id": "pr-near", "title": "Sound card tracing",
                "description": base + " in small groups on mats", "visibility": "public"}]
    records += [{"type": "practice", "id": f"pr-secret-{i}", "title": "Sound card echo",
                 "description": base, "visibility": "private", "developers": [{"person": "p-ann"}]}
                for i in range(6)]
    ingest(store, emb, [Item(r, i) for i, r in enumerate(records)])
    anonymous = [s.id for s in practice_detail(store, "pr-open", Viewer.anonymous()).similar]
    assert anonymous == ["pr-near"]
    author = [s.id for s in practice_detail(store, "pr-open", Viewer(person_id="p-ann")).similar]
    assert set(author) == {"pr-near"} | {f"pr-secret-{i}" for i in range(6)}
    # the stored links join public practices only
    assert store.get_practice("pr-open", Viewer.internal()).similar[0].id == "pr-near"
