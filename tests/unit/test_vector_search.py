"""graph/vector_search.nearest: the widening both stores share, without a store."""

from __future__ import annotations

from practicegraph.graph import vector_search


def _search(answers: dict[int, list], exact: list, k: int, reach_most: bool = False):
    asked: list = []

    def through_index(fetch: int):
        asked.append(fetch)
        return answers.get(fetch, [])

    def exact_scan():
        asked.append("exact")
        return exact

    return vector_search.nearest(through_index, exact_scan, k, reach_most), asked


def test_the_first_fetch_that_holds_k_confident_rows_answers():
    rows = [("a", 0.8), ("b", 0.7)]
    got, asked = _search({100: rows[:1], 400: rows}, [("x", 0.9)], 2)
    assert got == rows and asked == [100, 400]


def test_too_few_at_every_fetch_ends_in_the_exact_scan():
    got, asked = _search({}, [("x", 0.9)], 10)
    assert got == [("x", 0.9)] and asked == [100, 400, 1600, "exact"]
    assert _search({}, [], 200, reach_most=True)[1] == [400, 1600, vector_search.MAX_FETCH, "exact"]


def test_a_doubtful_answer_goes_straight_to_the_exact_scan():
    weak = [("a", vector_search.DOUBT_BELOW - 0.1), ("b", 0.1)]
    got, asked = _search({100: weak, 400: weak}, [("x", 0.7), ("y", 0.6)], 2)
    assert got == [("x", 0.7), ("y", 0.6)] and asked == [100, "exact"]
