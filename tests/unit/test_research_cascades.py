"""Cascade measures on a hand-built practice graph whose answers are worked out here."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from practicegraph.graph.memory import InMemoryStore
from practicegraph.graph.types import Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from practicegraph.research import cascades as c
from tests.fakes import HashingEmbedder

ANON = Viewer.anonymous()

# root r (school a, cluster X, Pinetown) -> s1 (b, X), s2 (c, Y, Kasur)
# s1 -> t1 (a, X); s2 -> t2 (c, Y), t3 (d, Y); t3 -> u1 (d, Y, hidden: cluster-only)
PRACTICES = [("r", "a", "X", None, "2024-01-10"), ("s1", "b", "X", "r", "2024-03-10"),
             ("s2", "c", "Y", "r", "2024-04-09"), ("t1", "a", "X", "s1", "2024-06-08"),
             ("t2", "c", "Y", "s2", "2024-05-09"), ("t3", "d", "Y", "s2", "2024-07-08"),
             ("u1", "d", "Y", "t3", "2024-09-06")]
MODES = {"s1": "replication", "s2": "adaptive", "t1": "adaptive", "t2": "exchange", "t3": "adaptive",
         "u1": "adaptive"}


def _records():
    recs = [{"type": "organisation", "id": "a", "name": "A", "region": "Pinetown circuit, KwaZulu-Natal"},
            {"type": "organisation", "id": "b", "name": "B", "region": "Pinetown circuit, KwaZulu-Natal"},
            {"type": "organisation", "id": "c", "name": "C", "region": "Kasur district, Punjab"},
            {"type": "organisation", "id": "d", "name": "D", "region": "Kasur district, Punjab"},
            {"type": "cluster", "id": "X", "name": "X", "kind": "official"},
            {"type": "cluster", "id": "Y", "name": "Y", "kind": "voluntary"}]
    for pid, org, cl, src, when in PRACTICES:
        recs.append({"type": "person", "id": f"dev-{pid}", "name": f"Dev {pid}"})
        recs.append({"type": "practice", "id": pid, "title": f"Practice {pid}", "description": f"about {pid}",
                     "visibility": "cluster" if pid == "u1" else "public", "organisation": org, "cluster": cl,
                     "developers": [{"person": f"dev-{pid}", "date": when}]})
        if src:
            recs.append({"type": "adaptation", "id": f"ad-{pid}", "practice": pid, "source": src,
                         "mode": MODES[pid], "date": when})
    return recs


@pytest.fixture(scope="module")
def store():
    s = InMemoryStore(dimension=HashingEmbedder.dimension)
    ingest(s, HashingEmbedder(), [Item(r, i + 1) for i, r in enumerate(_records())])
    return s


def test_structural_virality_equals_mean_pairwise_distance():
    for tree in (nx.balanced_tree(2, 4), nx.path_graph(9), nx.star_graph(7), nx.random_labeled_tree(60, seed=3)):
        directed = nx.bfs_tree(tree, 0)
        n = tree.number_of_nodes()
        by_pairs = sum(nx.shortest_path_length(tree, a, b) for a, b in itertools.combinations(tree, 2)) / (n * (n - 1) / 2)
        assert c.structural_virality(directed, 0) == pytest.approx(by_pairs)
    assert c.structural_virality(nx.DiGraph([("a", "b")]), "a") == 1.0


def test_cascade_of_the_anonymous_viewer(store):
    out = c.cascade_report(store, "t3", ANON)
    assert out["root"] == "r" and out["size"] == 6 and out["depth"] == 2
    assert out["breadth_by_generation"] == [1, 2, 3]
    # the 6-node tree r-(s1-(t1), s2-(t2, t3)); pair distances by hand: from r 1+1+2+2+2,
    # s1 2+1+3+3, s2 3+1+1, t1 4+4, t2 2: 32 over 15 pairs
    assert out["structural_virality"] == pytest.approx(32 / 15)
    assert out["hops"]["cross_school"] == 4  # r->s1 a->b, r->s2 a->c, s1->t1 b->a, s2->t3 c->d
    assert out["hops"]["cross_cluster"] == 1 and out["hops"]["cross_country"] == 1
    assert out["modes"]["adaptive"]["count"] == 3 and out["modes"]["exchange"]["share"] == pytest.approx(0.2)
    gen1 = out["days_to_generation"][0]
    assert (gen1["generation"], gen1["adaptations"], gen1["min_days"], gen1["max_days"]) == (1, 2, 60, 90)
    assert out["schools_reached"] == 4 and out["clusters_reached"] == 2
    assert "u1" not in {row["practice"] for row in out["tree"]}


def test_a_member_of_the_cluster_sees_the_hidden_adaptation(store):
    member = Viewer(person_id="someone", clusters=frozenset({"Y"}))
    out = c.cascade_report(store, "r", member)
    assert out["size"] == 7 and out["depth"] == 3


def test_overview_flows_and_brokers(store):
    out = c.overview(store, ANON)
    assert (out["practices"], out["adaptations"], out["cascades"]) == (6, 5, 1)
    flows = {f["cluster"]: f for f in out["cluster_flows"]}
    assert (flows["X"]["exports"], flows["X"]["imports"], flows["X"]["within"]) == (1, 0, 2)
    assert (flows["Y"]["exports"], flows["Y"]["imports"], flows["Y"]["role"]) == (0, 1, "importer")
    # school graph a-b, a-c, c-d: a and c lie on paths between the others
    names = [b["organisation"] for b in out["brokers"]]
    assert names == ["a", "c"]


def test_a_practice_nobody_adapted_is_a_cascade_of_one(store):
    ingest(store, HashingEmbedder(), [Item({"type": "person", "id": "lone", "name": "Lone"}, 1),
                                      Item({"type": "practice", "id": "alone", "title": "Alone", "description": "x",
                                            "visibility": "public", "developers": [{"person": "lone"}]}, 2)])
    out = c.cascade_report(store, "alone", ANON)
    assert (out["size"], out["depth"], out["tree"]) == (1, 0, [])
    with pytest.raises(Exception, match="no practice"):
        c.cascade_report(store, "u1", ANON)


def test_a_practice_without_a_recorded_school_is_placed_where_its_originator_worked():
    recs = [{"type": "organisation", "id": "old", "name": "Old"}, {"type": "organisation", "id": "new", "name": "New"},
            {"type": "person", "id": "mover", "name": "Mover"}, {"type": "person", "id": "other", "name": "Other"},
            {"type": "membership", "id": "m1", "person": "mover", "organisation": "old", "since": "2020-01-01",
             "until": "2023-12-31"},
            {"type": "membership", "id": "m2", "person": "mover", "organisation": "new", "since": "2024-01-01"},
            {"type": "membership", "id": "m3", "person": "other", "organisation": "old", "since": "2020-01-01"},
            {"type": "practice", "id": "a", "title": "A", "description": "a", "visibility": "public",
             "developers": [{"person": "other", "date": "2023-05-01"}]},
            {"type": "practice", "id": "b", "title": "B", "description": "b", "visibility": "public",
             "developers": [{"person": "mover", "date": "2024-05-01"}]},
            {"type": "adaptation", "id": "ab", "practice": "b", "source": "a", "mode": "adaptive"}]
    s = InMemoryStore(dimension=HashingEmbedder.dimension)
    ingest(s, HashingEmbedder(), [Item(r, i + 1) for i, r in enumerate(recs)])
    out = c.cascade_report(s, "b", ANON)
    assert out["tree"][0]["organisation"] == "new"  # where the mover worked in 2024, not 2023
    assert out["hops"]["cross_school"] == 1 and out["hops"]["known_school"] == 1


def test_the_cascade_as_a_people_network(store):
    from practicegraph.graph.research_types import ActivityRecord
    from practicegraph.research import diffusion
    from practicegraph.research.cascade_network import _ties, cascade_network

    net = cascade_network(store, "t2", ANON)
    times = dict(zip(net.people.id, net.people.time))
    # months from January 2024: r Jan, s1 Mar, s2 Apr, t2 May, t1 Jun, t3 Jul (u1 is hidden)
    assert times == {"dev-r": 1, "dev-s1": 3, "dev-s2": 4, "dev-t2": 5, "dev-t1": 6, "dev-t3": 7}
    assert list(diffusion.adoption_curve(net).new_adopters) == [1, 0, 1, 1, 1, 1, 1]
    acts = [ActivityRecord("Observation", "o", "peer-visit", None, None, (("a", "observer"), ("b", "observed"))),
            ActivityRecord("Exchange", "x", "mentoring", None, None, (("a", "mentee"), ("c", "mentor"), ("d", "peer"),
                                                                       ("e", "peer")))]
    assert sorted(_ties(acts, {"a", "b", "c", "d", "e"})) == [
        ("a", "b", "watched"), ("a", "c", "mentored_by"), ("d", "e", "peer"), ("e", "d", "peer")]
