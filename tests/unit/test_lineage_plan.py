"""Which plan a Cypher store reads a question's lineage with (graph/cypher_store.py)."""

from types import SimpleNamespace

import pytest

from practicegraph.graph.cypher_store import CypherPracticeReads
from practicegraph.graph.types import SearchFilters, Viewer

COUNT = "MATCH (n:Practice) RETURN count(n)"
JOINED, UP, DOWN = "joined", "up", "down"


class Store(CypherPracticeReads):
    cypher = SimpleNamespace(COUNT_LABEL={"Practice": COUNT}, QUESTION_LINEAGE=JOINED, QUESTION_LINEAGE_ONE=(UP, DOWN))
    lineage_scan_us = 0.5

    def __init__(self, stored: int):
        self.stored, self.asked = stored, []

    def read(self, query, viewer, filters=None, **params):
        self.asked.append((query, params))
        return [[self.stored]] if query == COUNT else []


def plan(stored: int, practices: int, viewer: Viewer = Viewer.anonymous()) -> list[str]:
    store = Store(stored)
    store._question_lineage(store.read, [f"pr-{i}" for i in range(practices)], SearchFilters(), viewer)
    return [query for query, _ in store.asked if query != COUNT]


def test_a_small_store_joins_the_ids():
    assert plan(stored=2_000, practices=3) == [JOINED]


def test_a_large_store_reads_each_practice_from_its_key_both_ways():
    assert plan(stored=1_000_000, practices=3) == [UP] * 3 + [DOWN] * 3


@pytest.mark.parametrize("practices, by_key", [(24, True), (25, False), (200, False)])
def test_past_the_crossover_the_ids_are_joined(practices, by_key):
    # 100k stored at 0.5 µs: a 50 ms scan against 2 × 1 ms a practice
    assert (plan(stored=100_000, practices=practices) != [JOINED]) is by_key


def test_a_persons_rule_makes_the_scan_dearer():
    named = Viewer("p-1", frozenset({"c-1"}), frozenset({"o-1"}))
    assert plan(stored=100_000, practices=40) == [JOINED]
    assert set(plan(stored=100_000, practices=40, viewer=named)) == {UP, DOWN}


def test_an_engine_without_the_cost_never_counts():
    store = Store(10**9)
    store.lineage_scan_us = None
    store._question_lineage(store.read, ["pr-1"], SearchFilters(), Viewer.anonymous())
    assert store.asked == [(JOINED, {"ids": ["pr-1"]})]
