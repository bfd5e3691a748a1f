"""The store-neutral rule: what it compiles to, and what it decides for every viewer."""

from __future__ import annotations

import re
from datetime import date

import pytest

from practicegraph.graph import rule
from practicegraph.model.base import Purpose, Visibility
from practicegraph.graph.cypher_compile import compile_cypher
from practicegraph.graph.evaluate import evaluate, no_neighbours
from practicegraph.graph.rule import (
    FILTERS, PERSON_FILTERS, VISIBILITY, And, Const, Eq, Exists, Field, In, IsNull, Not, Or, Param,
    RelField, filter_params, viewer_params,
)
from practicegraph.graph.types import SearchFilters, Viewer

TODAY = date(2026, 3, 1)

# compile ------------------------------------------------------------------------------


def test_visibility_compiles_to_the_predicate_kuzu_has_always_run():
    assert compile_cypher(VISIBILITY, "n") == (
        "($v_system OR n.visibility = 'public'"
        " OR (n.visibility IN ['cluster', 'org', 'pair'] AND $v_person <> '' AND $v_person IN n.named)"
        " OR (n.visibility = 'cluster' AND n.cluster IN $v_clusters)"
        " OR (n.visibility = 'org' AND n.organisation IN $v_orgs)"
        " OR (n.visibility = 'private' AND $v_person <> '' AND n.author = $v_person))")


def test_exists_names_its_variables_after_the_alias_and_only_binds_the_hop_it_reads():
    person = compile_cypher(PERSON_FILTERS, "per")
    assert "EXISTS { MATCH (per)-[per_r1:MEMBER_OF]->(per_1:Organisation) WHERE (per_1.id = $f_org" in person
    assert "(per_r1.until IS NULL OR per_r1.until >= $today)" in person
    assert re.findall(r"\((per_\d):(\w+)\)", person) == [("per_1", "Organisation"), ("per_2", "Cluster"),
                                                        ("per_3", "Organisation")]
    observation = compile_cypher(FILTERS["Observation"], "n")
    assert "EXISTS { MATCH (n)-[:OF_PRACTICE]->(n_1:Practice) WHERE (n_1.phase = $f_phase AND " in observation
    assert "n_1.visibility = 'public'" in observation  # looks through to visible practices only


def test_direction_in_reverses_the_arrow_and_not_is_parenthesised():
    pred = Not(Exists("DEVELOPED", "Person", Eq(RelField("role"), Const("co-developer")), direction="in"))
    assert compile_cypher(pred, "p") == (
        "NOT (EXISTS { MATCH (p)<-[p_r1:DEVELOPED]-(p_1:Person) WHERE p_r1.role = 'co-developer' })")


def test_a_relationship_field_needs_a_relationship_and_literals_are_code_constants_only():
    assert compile_cypher(rule.MENTORING, "per", "r") == "r.role IN ['mentor', 'facilitator', 'broker']"
    assert compile_cypher(IsNull(Const(None)), "n") == "NULL IS NULL"
    with pytest.raises(ValueError, match="rel_alias"):
        compile_cypher(rule.MENTORING, "per")
    with pytest.raises(ValueError, match="quote"):
        compile_cypher(Eq(Field("title"), Const("x' OR true OR '")), "n")
    with pytest.raises(ValueError, match="identifier"):
        compile_cypher(Eq(Field("title) OR (true"), Param("p")), "n")
    with pytest.raises(ValueError, match="identifier"):
        compile_cypher(VISIBILITY, "n) MATCH (m")
    with pytest.raises(ValueError, match="empty"):
        compile_cypher(And(()), "n")


def test_the_rule_reads_only_the_parameters_the_stores_supply():
    supplied = set(viewer_params(Viewer())) | set(filter_params(SearchFilters(), TODAY))
    assert supplied == set(rule.VIEWER_PARAMS) | set(rule.FILTER_PARAMS)
    for pred in [VISIBILITY, PERSON_FILTERS, rule.ADAPTED, rule.CURRENT_MEMBERSHIP, *FILTERS.values()]:
        assert rule.params_of(pred) <= supplied
        compiled = compile_cypher(pred, "n", "r")
        assert set(re.findall(r"\$(\w+)", compiled)) == rule.params_of(pred)


def test_parameters_keep_their_names_and_lower_case_the_subject():
    assert viewer_params(Viewer("p1", frozenset({"c2", "c1"}), frozenset({"o1"}))) == {
        "v_system": False, "v_person": "p1", "v_clusters": ["c1", "c2"], "v_orgs": ["o1"]}
    assert viewer_params(Viewer()) == {"v_system": False, "v_person": "", "v_clusters": [], "v_orgs": []}
    assert filter_params(SearchFilters(subject="Literacy", region="North"), TODAY) == {
        "f_subject": "literacy", "f_phase": "", "f_org": "", "f_cluster": "", "f_region": "North",
        "today": TODAY}


# visibility truth table ---------------------------------------------------------------

AUTHOR, NAMED = "p-author", "p-named"
VIEWER_KINDS = {
    "system": Viewer.internal(),
    "anonymous": Viewer(),
    "author": Viewer(AUTHOR),
    "named": Viewer(NAMED),
    "cluster member": Viewer("p-x", clusters=frozenset({"c1"})),
    "org member": Viewer("p-x", organisations=frozenset({"o1"})),
    "other groups": Viewer("p-x", frozenset({"c2"}), frozenset({"o2"})),
    "stranger": Viewer("p-x"),
    "anonymous in the groups": Viewer("", frozenset({"c1"}), frozenset({"o1"})),
}
LEVELS = ("public", "cluster", "org", "pair", "private", None, "unknown-level")
# who sees a record at each level: (level, viewer kinds that see it)
SEES = {
    "public": set(VIEWER_KINDS),
    "cluster": {"system", "author", "named", "cluster member", "anonymous in the groups"},
    "org": {"system", "author", "named", "org member", "anonymous in the groups"},
    "pair": {"system", "author", "named"},
    "private": {"system", "author"},
    None: {"system"},
    "unknown-level": {"system"},
}


def test_the_rule_knows_every_level_and_purpose_a_record_may_have():
    assert set(rule.VISIBILITY_LEVELS) == {v.value for v in Visibility} == set(SEES) - {None, "unknown-level"}
    assert rule.DEVELOPMENTAL == Eq(Field("purpose"), Const(Purpose.developmental.value))


def _record(level):
    return {"id": "r1", "visibility": level, "author": AUTHOR, "named": [AUTHOR, NAMED],
            "cluster": "c1", "organisation": "o1"}


@pytest.mark.parametrize("viewer", sorted(VIEWER_KINDS))
@pytest.mark.parametrize("level", LEVELS, ids=str)
def test_visibility_truth_table(level, viewer):
    params = viewer_params(VIEWER_KINDS[viewer])
    assert evaluate(VISIBILITY, _record(level), params, no_neighbours) is (viewer in SEES[level])


@pytest.mark.parametrize("level", ["cluster", "org", "pair", "private"])
def test_an_empty_viewer_id_never_matches_a_record_naming_or_authored_by_nobody(level):
    record = {"id": "r1", "visibility": level, "author": "", "named": [""], "cluster": None, "organisation": None}
    assert not evaluate(VISIBILITY, record, viewer_params(Viewer()), no_neighbours)
    assert not evaluate(VISIBILITY, {**record, "named": None, "author": None},
                        viewer_params(Viewer("p1")), no_neighbours)


# three-valued logic --------------------------------------------------------------------

def test_null_is_unknown_and_not_unknown_is_still_unknown():
    node = {"id": "n", "x": None, "xs": ["a", None]}
    holds = lambda p: evaluate(p, node, {"p": "a", "q": "b"}, no_neighbours)  # noqa: E731
    assert not holds(Eq(Field("x"), Const("a"))) and not holds(Not(Eq(Field("x"), Const("a"))))
    assert holds(IsNull(Field("x"))) and holds(IsNull(Field("missing")))
    assert holds(In(Param("p"), Field("xs")))
    assert not holds(In(Param("q"), Field("xs"))) and not holds(Not(In(Param("q"), Field("xs"))))
    assert holds(Not(In(Param("q"), Const(("a",)))))
    assert holds(Not(In(Field("x"), Const(()))))  # null IN [] is false, not unknown
    assert holds(Or((Eq(Field("x"), Const("a")), Eq(Param("p"), Const("a")))))
    assert not holds(Not(And((Eq(Field("x"), Const("a")), Eq(Param("p"), Const("a"))))))
    assert holds(Not(And((Eq(Field("x"), Const("a")), Eq(Param("p"), Const("b"))))))


# filters over a small graph ------------------------------------------------------------

NODES = {
    "pr-pub": {"id": "pr-pub", "visibility": "public", "phase": "primary", "subject": "literacy"},
    "pr-hid": {"id": "pr-hid", "visibility": "private", "author": "p-a", "phase": "secondary", "subject": "maths"},
    "o-north": {"id": "o-north", "region": "North"},
    "c-lit": {"id": "c-lit"},
}
EDGES = {  # (from, rel) -> [(label, props, to)]
    ("ob-1", "OF_PRACTICE"): [("Practice", {}, "pr-pub"), ("Practice", {}, "pr-hid")],
    ("ex-1", "DISCUSSED"): [("Practice", {}, "pr-hid")],
    ("p-a", "MEMBER_OF"): [("Organisation", {"until": date(2026, 2, 28)}, "o-north"),
                           ("Cluster", {"until": None}, "c-lit")],
    ("p-b", "MEMBER_OF"): [("Organisation", {"until": TODAY}, "o-north")],
}


def _neighbours(node_id, rel, direction):
    assert direction == "out"
    return [(label, props, NODES[to]) for label, props, to in EDGES.get((node_id, rel), [])]


def _holds(pred, node_id, viewer=Viewer(), **filters):
    node = NODES.get(node_id, {"id": node_id, "purpose": "developmental", "subject": "literacy"})
    params = {**viewer_params(viewer), **filter_params(SearchFilters(**filters), TODAY)}
    return evaluate(pred, node, params, _neighbours)


def test_observation_and_exchange_filters_look_through_to_visible_practices_only():
    assert _holds(FILTERS["Observation"], "ob-1", phase="primary")
    assert not _holds(FILTERS["Observation"], "ob-1", phase="secondary")
    assert _holds(FILTERS["Observation"], "ob-1", Viewer("p-a"), phase="secondary")
    assert not _holds(FILTERS["Exchange"], "ex-1", subject="Maths")
    assert _holds(FILTERS["Exchange"], "ex-1", Viewer("p-a"), subject="Maths")
    assert _holds(FILTERS["Exchange"], "ex-1")  # no filter: no look-through at all
    assert not _holds(FILTERS["Observation"], "ob-1", subject="maths")


def test_person_filters_count_current_memberships_only():
    assert _holds(PERSON_FILTERS, "p-b", organisation="o-north")  # ends today: still current
    assert not _holds(PERSON_FILTERS, "p-a", organisation="o-north")  # ended yesterday
    assert not _holds(PERSON_FILTERS, "p-a", region="North")
    assert _holds(PERSON_FILTERS, "p-a", cluster="c-lit")
    assert not _holds(PERSON_FILTERS, "p-b", cluster="c-lit", organisation="o-north")
    assert _holds(PERSON_FILTERS, "p-nobody")  # no person filter: everyone


def test_a_predicate_without_hops_needs_no_graph_and_one_with_hops_says_so():
    with pytest.raises(ValueError, match="neighbours"):
        evaluate(rule.ADAPTED, {"id": "pr-1"}, viewer_params(Viewer()), no_neighbours)
    with pytest.raises(ValueError, match="outside a relationship"):
        evaluate(rule.MENTORING, {"id": "p"}, {}, no_neighbours)
    assert evaluate(rule.MENTORING, {"id": "p"}, {}, no_neighbours, rel={"role": "broker"})
    assert not evaluate(Or((Eq(Param("a"), Const("")),)), {"id": "x"}, {"a": "set"}, no_neighbours)
