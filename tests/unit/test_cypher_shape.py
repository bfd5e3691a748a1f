"""Cypher shape: values only as $parameters, and every parameter one the adapter supplies."""

import re

import pytest

from practicegraph.graph import rule
from practicegraph.graph.cypher_compile import compile_cypher
from practicegraph.graph.kuzu import cypher, ddl

SUPPLIED = {"v_system", "v_person", "v_clusters", "v_orgs", "f_subject", "f_phase", "f_org",
            "f_cluster", "f_region", "today", "ids", "obs", "id", "k", "q", "vec", "rows",
            "model_id", "key", "value", "terms"}
# literals a query may contain: visibility levels, purposes, kinds, roles, index names
ALLOWED_LITERALS = {"public", "cluster", "org", "pair", "private", "developmental", "model-lesson",
                    "adapted", "co-developer", "co-developed", "developed", "observed", "mentored",
                    "mentor", "facilitator", "broker", "", "Practice", "Observation", "Exchange",
                    "practice_fts", "observation_fts", "exchange_fts", "title", "description",
                    "context", "focus", "what_worked", "adapt_further"}


def _queries():
    for name in dir(cypher) + [f"ddl.{n}" for n in dir(ddl)]:
        module, attr = (ddl, name[4:]) if name.startswith("ddl.") else (cypher, name)
        if not attr.isupper():
            continue
        value = getattr(module, attr)
        if isinstance(value, str):
            yield attr, value
        elif isinstance(value, dict):
            yield from ((f"{attr}[{k}]", v) for k, v in value.items() if isinstance(v, str))
        elif isinstance(value, (list, tuple)):
            yield from ((f"{attr}[{i}]", v) for i, v in enumerate(value) if isinstance(v, str))


QUERIES = dict(_queries())


def test_there_are_queries_to_check():
    assert len(QUERIES) > 25


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_parameters_are_supplied_and_literals_are_code_constants(name):
    query = QUERIES[name]
    assert set(re.findall(r"\$([A-Za-z_]\w*)", query)) <= SUPPLIED
    literals = set(re.findall(r"'([^']*)'", query))
    assert literals <= ALLOWED_LITERALS, literals - ALLOWED_LITERALS


def test_visibility_predicate_is_in_every_read_of_visible_nodes():
    for name, query in QUERIES.items():
        for label, alias in re.findall(r"\((\w+):(Practice|Observation|Exchange)", query):
            if name.startswith(("COUNT", "RECORD", "PRACTICE_VECTORS", "DELETE_SIMILAR", "CREATE_SIMILAR")):
                continue
            assert f"{label}.visibility = 'public'" in query, (name, label)
            assert compile_cypher(rule.VISIBILITY, label) in query, (name, label)  # the rule, whole


def test_searches_and_evidence_apply_the_compiled_rule():
    assert cypher.KIND_FILTERS == {kind: compile_cypher(p, "n") for kind, p in rule.FILTERS.items()}
    assert cypher.PERSON_FILTERS == compile_cypher(rule.PERSON_FILTERS, "per")
    for kind, filters in cypher.KIND_FILTERS.items():
        assert filters in cypher.VECTOR_TOP_K[kind] and filters in cypher.WORD_POSTINGS[kind]
    for query in cypher.EVIDENCE + [cypher.EVIDENCE_OBSERVATIONS]:
        assert cypher.PERSON_FILTERS in query
    assert compile_cypher(rule.ADAPTED, "p") in cypher.EVIDENCE[0]


def test_word_postings_start_from_the_question_terms():
    """Kùzu plans a one-pattern postings read from every document's terms forward; the
    read starts at the few Term nodes the question names and walks back to documents."""
    for kind, query in cypher.WORD_POSTINGS.items():
        assert query.startswith("MATCH (w:Term) WHERE w.id IN $terms MATCH (w)<-[h:HAS_TERM]-(n:" + kind + ")")


def test_question_lineage_per_practice_is_the_joined_read_from_a_key():
    """Kùzu's per-practice lineage reads are the joined read, started from a key look-up."""
    up, down = cypher.QUESTION_LINEAGE.split(" UNION ALL ")
    one_up, one_down = cypher.QUESTION_LINEAGE_ONE
    assert one_up == up.replace("UNWIND $ids AS i MATCH (c:Practice {id: i})", "MATCH (c:Practice {id: $id})")
    assert one_down == down.replace("UNWIND $ids AS i MATCH (c:Practice)", "MATCH (c:Practice)").replace(
        "(p:Practice {id: i})", "(p:Practice {id: $id})")
    assert "UNWIND" not in one_up + one_down
