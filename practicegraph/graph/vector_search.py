"""How a store searches by meaning through an approximate (HNSW) vector index without
letting what a viewer may not see appear in, or take a place in, the answer.

The index is asked for more neighbours than wanted (FETCH_FACTOR × k); the viewer
predicate and the search filters are applied to them inside the same query, before its
LIMIT, and the k best kept. While fewer than k pass, it is asked again for more
(ESCALATE), up to MAX_FETCH; beyond that the exact scan answers. So if k visible records
are among the nearest `fetch`, the k nearest visible ones are too. Below MIN_INDEX_ROWS
records of a kind the exact scan is as fast (measured on Kùzu) and always exact.

Kùzu (graph/kuzu/vector.py) and Neo4j (graph/neo4j/cypher.py) each spell the index query.
"""

from __future__ import annotations

from typing import Callable, Sequence

FETCH_FACTOR = 2  # ask the index for this many times k (some will not pass the rule or filters)
# At least this many: the search's beam follows the number asked for, and a top-10 asked as
# 20 lost recall (measured: 0.69 at 1M practices on Kùzu, 0.86 at 100k on Neo4j).
MIN_FETCH = 100
ESCALATE = 4
MAX_FETCH = 4096
MIN_INDEX_ROWS = 50_000
# An index answer whose best cosine is under this is doubted and the exact scan asked: on
# tightly clustered vectors HNSW can land in a wrong cluster and return neighbours at 0.2
# while the true nearest is at 0.7 (measured at 1M synthetic practices: 1 question in 20
# at any beam width). Answers that weak carry no meaning match in the ranking anyway
# (queries/ranking.py's min_meaning is 0.3), so only searches that find nothing pay twice.
DOUBT_BELOW = 0.3


def fetch_sizes(k: int, reach_most: bool = False) -> list[int]:
    """How many neighbours to ask the index for, attempt by attempt, ×ESCALATE each time.
    With `reach_most` the last attempt asks MAX_FETCH itself: for a store whose exact scan
    costs more than a wide index search (Neo4j: a filter passing one record in ten needs
    ~2,000 neighbours for a question's k = 200). Kùzu's filtered exact scan is cheaper
    than that widest search (measured at 100k: 30 ms against 71 ms), so it stops before."""
    sizes = [max(k * FETCH_FACTOR, MIN_FETCH)]
    while sizes[-1] * ESCALATE <= MAX_FETCH:
        sizes.append(sizes[-1] * ESCALATE)
    if reach_most and sizes[-1] < MAX_FETCH:
        sizes.append(MAX_FETCH)
    return sizes


def index_answered(scores: list[float], k: int) -> bool:
    """May the index's answer (its scores, best first) stand, or must the exact scan say?"""
    return len(scores) >= k and bool(scores) and scores[0] >= DOUBT_BELOW


Rows = Sequence[Sequence]  # (id, score) rows, best first


def nearest(through_index: Callable[[int], Rows], exact: Callable[[], Rows], k: int,
            reach_most: bool = False) -> Rows:
    """The k nearest rows the viewer may see: the index asked for `fetch` neighbours
    (fetch_sizes) until k pass and the answer is not in doubt, else the exact scan."""
    for fetch in fetch_sizes(k, reach_most):
        rows = through_index(fetch)
        if len(rows) >= k:
            if index_answered([score for _, score in rows], k):
                return rows
            break  # enough rows, but lost in the wrong region: a wider fetch would not help
    return exact()
