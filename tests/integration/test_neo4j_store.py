"""What only the Neo4j adapter has: readiness, the dimension guard, all-or-nothing writes."""

import pytest

from practicegraph.errors import StoreError
from practicegraph.graph.neo4j import Neo4jStore
from practicegraph.graph.types import Edge, GraphBatch, LedgerEntry
from tests.fakes import HashingEmbedder

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
DIM = HashingEmbedder.dimension


@pytest.fixture
def neo(neo4j_server):
    neo4j_server.wipe()
    store = Neo4jStore(neo4j_server.uri, dimension=DIM)
    store.install()
    yield store
    store.close()


def test_ready_after_install_and_not_once_closed(neo4j_server):
    neo4j_server.wipe()
    store = Neo4jStore(neo4j_server.uri, dimension=DIM)
    assert store.problems() and "version None" in store.problems()[0]  # nothing installed yet
    store.install()
    assert store.problems() == []
    store.close()
    assert store.problems()  # a closed driver is a problem, not an exception


def test_a_database_of_another_dimension_is_refused(neo, neo4j_server):
    neo.install()  # idempotent
    with pytest.raises(StoreError, match=f"{DIM}-d vectors"):
        Neo4jStore(neo4j_server.uri, dimension=DIM * 2)


def test_an_edge_to_a_missing_node_writes_nothing(neo):
    batch = GraphBatch(
        nodes={"Person": [{"id": "p-1", "name": "One"}]},
        edges=[Edge("DEVELOPED", "Person", "p-1", "Practice", "pr-missing", {}, owner="p-1")],
        ledger=[LedgerEntry("p-1", "person", "h1")])
    with pytest.raises(StoreError, match="no Practice 'pr-missing'"):
        neo.upsert(batch)
    assert neo.record_index(["p-1"]) == {} and neo.counts()["Person"] == 0


def test_a_zero_vector_matches_nothing_and_is_not_stored(neo):
    from practicegraph.graph.types import SearchFilters, Viewer

    row = {"id": "pr-z", "title": "Zero", "description": "d", "visibility": "public", "version": 1,
           "embedding": [0.0] * DIM, "model_id": "m"}
    neo.upsert(GraphBatch(nodes={"Practice": [row]}, ledger=[LedgerEntry("pr-z", "practice", "h")]))
    assert neo.practice_vectors(["pr-z"]) == {}
    assert neo.vector_top_k("Practice", [0.0] * DIM, 5, SearchFilters(), Viewer.internal()) == []
    assert neo.vector_top_k("Practice", [1.0] * DIM, 5, SearchFilters(), Viewer.internal()) == []


def test_a_quantised_vector_index_of_an_earlier_build_is_made_anew(neo):
    from practicegraph.graph.neo4j import cypher

    with neo._session() as session:
        session.run(cypher.DROP_VECTOR["Practice"]).consume()
        session.run("CREATE VECTOR INDEX practice_vec FOR (n:Practice) ON n.embedding OPTIONS {indexConfig: "
                    "{`vector.dimensions`: " + str(DIM) + ", `vector.similarity_function`: 'cosine',"
                    " `vector.quantization.enabled`: true}}").consume()
    neo.install()
    shown = {name: (dim, quantised) for name, dim, quantised in neo._rows(cypher.SHOW_VECTOR_DIMENSIONS)}
    assert shown["practice_vec"] == (DIM, False) and shown["observation_vec"] == (DIM, False)


def test_word_statistics_kept_between_questions_go_stale_on_this_stores_writes(neo):
    """The word statistics are kept between questions (counting them scans the label); a
    write through this store makes them stale, so scores equal the reference store's."""
    from practicegraph.graph.memory import InMemoryStore
    from practicegraph.graph.types import SearchFilters, Viewer
    from practicegraph.ingest.pipeline import ingest
    from practicegraph.ingest.validate import Item

    memory = InMemoryStore(dimension=DIM)
    memory.install()

    def practice(n: int, words: str) -> Item:
        return Item({"type": "practice", "id": f"pr-{n}", "title": words, "description": words + " in class",
                     "visibility": "public", "developers": [{"person": "t-1"}]}, n)

    def both(items):
        for store in (neo, memory):
            ingest(store, HashingEmbedder(), [Item({"type": "person", "id": "t-1", "name": "One"}, 0), *items])

    def answers(store):
        return [(h.id, round(h.score, 9)) for h in store.fulltext("Practice", "sound cards", 10, SearchFilters(),
                                                                 Viewer.anonymous())]

    both([practice(1, "sound cards"), practice(2, "number lines")])
    assert answers(neo) == answers(memory) and len(answers(neo)) == 1
    both([practice(3, "sound cards for phonics"), practice(4, "fraction walls"), practice(5, "place value")])
    assert answers(neo) == answers(memory) and len(answers(neo)) == 2  # five documents now, not two
