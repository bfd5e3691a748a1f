"""The filters with the ones that are off taken out decide exactly as the whole rule."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from practicegraph.graph import rule
from practicegraph.graph.evaluate import evaluate
from practicegraph.graph.kuzu import cypher as q
from practicegraph.graph.specialise import (
    FRAGMENTS, _FALSE, _TRUE, filters_on, for_filters, shape, specialise,
)
from practicegraph.graph.types import SearchFilters, Viewer

VALUES = {"f_subject": "maths", "f_phase": "senior", "f_org": "s1", "f_cluster": "c1", "f_region": "North",
          "v_system": True, "v_person": "t1", "v_clusters": ["c1"], "v_orgs": ["s1"]}
UNSET = {"v_system": False, "v_person": "", "v_clusters": [], "v_orgs": []}
_NODE = {"named": None, "author": None, "cluster": None, "organisation": None}
NODES = [
    {**_NODE, "id": "x", "subject": "maths", "phase": "senior", "purpose": "developmental", "visibility": "public"},
    {**_NODE, "id": "y", "subject": "science", "phase": None, "purpose": "evaluative", "visibility": "cluster",
     "cluster": "c1"},
    {**_NODE, "id": "z", "subject": None, "phase": "fet", "purpose": "developmental", "visibility": "private",
     "author": "t1"},
    {**_NODE, "id": "w", "subject": "maths", "phase": None, "visibility": "pair", "named": ["t1", "t2"]},
    {**_NODE, "id": "v", "subject": "maths", "phase": None, "visibility": "org", "organisation": "s1"},
    {**_NODE, "id": "u", "subject": "maths", "phase": None, "visibility": None, "cluster": None},
]
# every neighbour of every hop: a school in the North, a cluster, a senior public practice
NEIGHBOURS = {
    "Organisation": ({"until": None}, {"id": "s1", "region": "North"}),
    "Cluster": ({"until": date(2020, 1, 1)}, {"id": "c1"}),
    "Practice": ({}, {**_NODE, "id": "p", "phase": "senior", "subject": "maths", "visibility": "cluster",
                      "cluster": "c1"}),
}


def _neighbours(node_id, rel, direction):
    return [(label, props, row) for label, (props, row) in NEIGHBOURS.items()]


def _params(on):
    return {**{name: (VALUES[name] if name in on else UNSET.get(name, "")) for name in VALUES},
            "today": date(2026, 1, 1)}


NAMES = tuple(VALUES)
SUBSETS = [frozenset(c) for n in range(len(NAMES) + 1) for c in itertools.combinations(NAMES, n)]


@pytest.mark.parametrize("on", SUBSETS, ids=lambda s: "+".join(sorted(s)) or "none")
def test_specialised_filters_decide_as_the_rule(on):
    for predicate, _ in FRAGMENTS:
        short = specialise(predicate, on)
        for node in NODES:
            whole = evaluate(predicate, node, _params(on), _neighbours)
            part = True if short is _TRUE else False if short is _FALSE else evaluate(
                short, node, _params(on), _neighbours)
            assert part == whole, (predicate, on, node)


def test_filters_that_are_off_leave_no_exists_behind():
    person = for_filters(q.EVIDENCE_ALL, frozenset())
    assert "MEMBER_OF" not in person and "$f_org" not in person
    assert "MEMBER_OF" in for_filters(q.EVIDENCE_ALL, frozenset({"f_region"}))
    observations = for_filters(q.VECTOR_TOP_K["Observation"], frozenset())
    assert "OF_PRACTICE" not in observations and "developmental" in observations
    assert "OF_PRACTICE" in for_filters(q.VECTOR_TOP_K["Observation"], frozenset({"f_phase"}))
    assert for_filters(q.PEOPLE, frozenset()) == q.PEOPLE
    assert filters_on(SearchFilters(subject="Maths", region="")) == {"f_subject"}
    everyone = shape(Viewer("t1", frozenset({"c1"}), frozenset({"s1"})), SearchFilters())
    assert len(specialise(rule.VISIBILITY, everyone).operands) == len(rule.VISIBILITY.operands) - 1  # not the system
    assert for_filters(q.PEOPLE, frozenset()) == q.PEOPLE
    anonymous = for_filters(q.VECTOR_TOP_K["Practice"], shape(Viewer.anonymous(), SearchFilters()))
    assert "n.visibility = 'public'" in anonymous and "named" not in anonymous and "$v_" not in anonymous
    assert "$v_system" not in for_filters(q.VECTOR_TOP_K["Practice"], shape(Viewer.internal(), SearchFilters()))

