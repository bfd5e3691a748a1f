""""Who can introduce me": shortest trusted paths of at most three visible hops."""

from datetime import date

import pytest

from practicegraph.graph.memory import InMemoryStore
from practicegraph.graph.types import Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from practicegraph.queries.introductions import introductions
from tests.fakes import HashingEmbedder

DAY = date(2025, 6, 1)


@pytest.fixture
def store():
    people = [{"type": "person", "id": p, "name": p.upper()} for p in "abcdefg"]
    recs = people + [
        {"type": "cluster", "id": "k", "name": "K", "kind": "voluntary"},
        {"type": "membership", "person": "a", "cluster": "k"},
        {"type": "membership", "person": "b", "cluster": "k"},
        {"type": "membership", "person": "g", "cluster": "k", "until": "2020-01-01"},  # left
        {"type": "practice", "id": "p", "title": "t", "description": "d", "visibility": "public",
         "developers": [{"person": "b"}, {"person": "c", "role": "co-developer"}]},
        {"type": "exchange", "id": "x1", "kind": "mentoring", "visibility": "public",
         "participants": [{"person": "c", "role": "mentor"}, {"person": "d", "role": "mentee"}]},
        {"type": "exchange", "id": "x2", "kind": "peer-pairing", "visibility": "public",
         "participants": [{"person": "d", "role": "broker"}, {"person": "e"}]},
        # a private shortcut a -> e that only a may see (a wrote it)
        {"type": "exchange", "id": "x3", "kind": "peer-pairing", "visibility": "private",
         "participants": [{"person": "a"}, {"person": "f"}]},
    ]
    s = InMemoryStore(dimension=HashingEmbedder.dimension)
    ingest(s, HashingEmbedder(), [Item(r, i) for i, r in enumerate(recs)])
    return s


def test_shortest_paths_up_to_three_hops(store):
    got = introductions(store, "a", ["a", "b", "c", "d", "e", "g"], Viewer(person_id="a"), DAY)
    assert got["a"] == {"hops": 0, "path": []}
    assert [s["kind"] for s in got["b"]["path"]] == ["cluster"]
    assert [(s["kind"], s["via"]["id"]) for s in got["c"]["path"]] == [("cluster", "k"), ("co-developed", "p")]
    d = got["d"]["path"]
    assert got["d"]["hops"] == 3 and [s["to"]["id"] for s in d] == ["b", "c", "d"]
    assert d[-1]["kind"] == "mentoring" and d[0]["from"] == "a"
    assert got["e"] is None  # four hops away
    assert got["g"] is None  # their membership ended


def test_only_relations_the_asker_may_see(store):
    as_a = introductions(store, "a", ["f"], Viewer(person_id="a"), DAY)
    assert as_a["f"]["hops"] == 1 and as_a["f"]["path"][0]["via"]["id"] == "x3"
    # the same question asked by someone who cannot see x3 finds no path to f through it
    as_b = introductions(store, "b", ["f"], Viewer(person_id="b"), DAY)
    assert as_b["f"] is None
