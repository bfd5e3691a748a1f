"""The scale bench's two sinks (bench/scale_data.py into Kùzu, bench/scale_neo4j.py into
Neo4j) write the same synthetic graph: the same counts, and the same experts for a
question, anonymous and for a viewer with non-public records to see — on Neo4j both by
the exact scan and through the vector index (asked for more than the 300 there are, so it
must agree with the exact answer)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from practicegraph.graph.types import SearchFilters, Viewer
from practicegraph.queries.expertise import find_experts

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import scale  # noqa: E402
import scale_data  # noqa: E402
import scale_neo4j  # noqa: E402

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

PRACTICES = 300
TODAY = date(2026, 6, 1)


def _answer(store, embedder, question: str, viewer: Viewer, filters: SearchFilters) -> tuple[list, list]:
    """Who, with which evidence rows, in order; and their scores (compared approximately:
    the two stores compute cosines in different precisions)."""
    experts = find_experts(store, embedder, question, viewer=viewer, filters=filters, today=TODAY)
    return [(e.person_id, [ev.row for ev in e.evidence]) for e in experts], [e.score for e in experts]


def test_kuzu_and_neo4j_sinks_write_the_same_graph(tmp_path, neo4j_server):
    from practicegraph.graph.kuzu.store import KuzuStore
    from practicegraph.graph.neo4j.store import Neo4jStore

    scale_data.build(tmp_path / "g.kz", PRACTICES)
    kuzu = KuzuStore(tmp_path / "g.kz", scale_data.DIM)
    neo4j_server.wipe()
    neo = scale_neo4j.open_store(neo4j_server.uri)
    indexed = Neo4jStore(neo4j_server.uri, dimension=scale_data.DIM, index_min_rows=1)
    try:
        scale_neo4j.load(neo, PRACTICES)
        assert neo.counts() == kuzu.counts()
        assert kuzu.counts()["rel:HAS_TERM"] > PRACTICES  # the postings were written, not only nodes

        # a question about a stored public practice (at this size most of the 2,000 topics hold none):
        # its title for words, its vector for meaning
        (pid, title, subject), = kuzu._rows("MATCH (n:Practice) WHERE n.visibility = 'public'"
                                            " RETURN n.id, n.title, n.subject ORDER BY n.id LIMIT 1")
        question = title + " ideas"
        embedder = scale.VectorsByText({question: np.asarray(kuzu.practice_vectors([pid])[pid])})
        viewer = scale.named_viewer(kuzu)
        assert viewer.person_id and scale.named_viewer(neo) == viewer
        for who, filters in ((Viewer.anonymous(), SearchFilters()), (viewer, SearchFilters()),
                             (viewer, SearchFilters(subject=subject))):
            expected, expected_scores = _answer(kuzu, embedder, question, who, filters)
            assert expected, "the question finds experts"
            for store in (neo, indexed):
                got, scores = _answer(store, embedder, question, who, filters)
                assert got == expected
                assert scores == pytest.approx(expected_scores, rel=1e-5)
    finally:
        indexed.close()
        neo.close()
        kuzu.close()
        neo4j_server.wipe()
