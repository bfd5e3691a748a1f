"""Kùzu -> Neo4j -> Kùzu on the small demo corpus: everything arrives, re-runs write
nothing, a different non-empty target is refused, and the answers stay the same."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from practicegraph.cli import main
from practicegraph.demo.generator import generate
from practicegraph.errors import StoreError
from practicegraph.graph.kuzu import KuzuStore
from practicegraph.graph.migrate import migrate
from practicegraph.graph.neo4j import Neo4jStore
from practicegraph.graph.types import SearchFilters, Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from tests.fakes import HashingEmbedder

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
DIM = HashingEmbedder.dimension
EVERYONE = Viewer.internal()


@pytest.fixture(scope="module")
def demo_kuzu(tmp_path_factory):
    store = KuzuStore(tmp_path_factory.mktemp("src") / "demo.kuzu", dimension=DIM)
    store.install()
    records = generate("small", seed=7)
    ingest(store, HashingEmbedder(), [Item(r.model_dump(mode="json"), i) for i, r in enumerate(records, 1)])
    yield store
    store.close()


def _answers(store) -> dict:
    practices = sorted(p.id for p in store.practices(_practice_ids(store), EVERYONE))
    question = HashingEmbedder().vector("group work in large multigrade classes").tolist()
    return {
        "counts": store.counts(),
        "practices": practices,
        "nearest": [h.id for h in store.vector_top_k("Practice", question, 10, SearchFilters(), EVERYONE)],
        "evidence": sorted((r.person_id, r.kind, r.practice_id, r.source_id)
                           for r in store.evidence(practices[:40], [], SearchFilters(), EVERYONE)),
        "lineage": sorted((e.kind, e.child, e.parent) for e in store.lineage_edges(practices, "both", EVERYONE)),
        "similar": store.get_practice(practices[0], EVERYONE).similar,
    }


def _practice_ids(store) -> list[str]:
    return [r[0] for r in store._rows("MATCH (n:Practice) RETURN n.id ORDER BY n.id")]


def test_kuzu_to_neo4j_and_back(demo_kuzu, neo4j_server, tmp_path):
    neo4j_server.wipe()
    neo = Neo4jStore(neo4j_server.uri, dimension=DIM)
    neo.install()
    try:
        report = migrate(demo_kuzu, neo, batch_size=300)
        assert report.records == demo_kuzu.counts()["Record"] > 1000 and not report.already_done
        assert {"counts", "ledger", "practice summaries", "lineage", "evidence"} <= set(report.checked)
        want = _answers(demo_kuzu)
        assert _answers(neo) == want
        again = migrate(demo_kuzu, neo, batch_size=300)  # idempotent: a finished copy is left alone
        assert again.already_done and again.nodes == 0 and neo.counts() == want["counts"]

        back = KuzuStore(tmp_path / "back.kuzu", dimension=DIM)
        back.install()
        try:
            migrate(neo, back, batch_size=500)
            assert _answers(back) == want
            assert back.record_index(["nope", *_practice_ids(back)[:5]]) == demo_kuzu.record_index(
                ["nope", *_practice_ids(back)[:5]])
        finally:
            back.close()
    finally:
        neo.close()


def test_a_different_non_empty_target_is_refused_and_left_alone(demo_kuzu, tmp_path):
    other = KuzuStore(tmp_path / "other.kuzu", dimension=DIM)
    other.install()
    try:
        ingest(other, HashingEmbedder(), [Item({"type": "person", "id": "p-x", "name": "X"}, 1)])
        before = other.counts()
        with pytest.raises(StoreError, match="not empty"):
            migrate(demo_kuzu, other)
        assert other.counts() == before
    finally:
        other.close()


def test_cli_migrate_kuzu_to_neo4j(demo_kuzu, neo4j_server, tmp_path):
    neo4j_server.wipe()
    source = tmp_path / "small.kuzu"
    copy = KuzuStore(source, dimension=DIM)
    copy.install()
    ingest(copy, HashingEmbedder(), [Item({"type": "person", "id": "p-y", "name": "Y"}, 1)])
    copy.close()
    result = CliRunner().invoke(main, ["migrate", "--from", f"kuzu:{source}", "--to", neo4j_server.uri,
                                       "--dimension", str(DIM)])
    assert result.exit_code == 0, result.output
    assert "copied 1 nodes, 0 edges, 1 ledger records" in result.output and "verified: counts" in result.output
    bad = CliRunner().invoke(main, ["migrate", "--from", "mysql://x", "--to", neo4j_server.uri])
    assert bad.exit_code != 0 and "expected kuzu:PATH" in bad.output
