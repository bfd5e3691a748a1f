"""graph.rule's Cypher with what the parameters' shape already decides taken out.

A filter that is off is `$f_x = '' OR ...`: true whatever the rest says. Kùzu does not
stop there: it plans the rest anyway, and the rest is often an EXISTS subquery it runs as
a join over the whole neighbour table, for every row (measured: most of a question's time
at 100k practices). Likewise the visibility rule reads five columns of every row it
looks at, though for an anonymous viewer only `visibility = 'public'` can hold. So each
query also runs with the rule partially evaluated for the *shape* of its parameters —
which filters are set; whether the viewer is the system, has an id, clusters, schools —
the same predicate, the same answers, without the parts that cannot change them. The
values themselves still arrive only as $parameters.
"""

from __future__ import annotations

from functools import lru_cache

from practicegraph.graph import rule
from practicegraph.graph.cypher_compile import compile_cypher
from practicegraph.graph.rule import And, Compare, Const, Exists, In, IsTrue, Not, Or, Param, Predicate
from practicegraph.graph.types import SearchFilters, Viewer

# the rule's parameters that are '' (or empty, or false) when unset
OPTIONAL_FILTERS = ("f_subject", "f_phase", "f_org", "f_cluster", "f_region")
VIEWER_LISTS = ("v_clusters", "v_orgs")
_TRUE, _FALSE = object(), object()

# Every rule fragment the stores' queries contain, (predicate, node alias), longest first
# (a filter holds the visibility of the practices it looks through).
FRAGMENTS: tuple[tuple[Predicate, str], ...] = tuple(sorted((
    (rule.PERSON_FILTERS, "per"),
    *((predicate, "n") for predicate in rule.FILTERS.values()),
    (rule.FILTERS["Practice"], "c"), (rule.FILTERS["Practice"], "p"), (rule.ADAPTED, "p"),
    *((rule.VISIBILITY, alias) for alias in ("a", "b", "c", "d", "e", "l", "n", "o", "p", "q", "x")),
), key=lambda f: -len(compile_cypher(*f))))


def filters_on(filters: SearchFilters) -> frozenset[str]:
    """The names of the filter parameters that are set."""
    values = {"f_subject": filters.subject, "f_phase": filters.phase, "f_org": filters.organisation,
              "f_cluster": filters.cluster, "f_region": filters.region}
    return frozenset(name for name, value in values.items() if value)


def shape(viewer: Viewer, filters: SearchFilters) -> frozenset[str]:
    """The names of the rule's parameters that are set (non-empty, or true)."""
    values = {"v_system": viewer.system, "v_person": viewer.person_id, "v_clusters": viewer.clusters,
              "v_orgs": viewer.organisations}
    return filters_on(filters) | {name for name, value in values.items() if value}


def specialise(predicate: Predicate, on: frozenset[str], negated: bool = False) -> Predicate | object:
    """The predicate with what `on` (the parameters that are set) decides decided, and
    simplified; _TRUE or _FALSE when that decides it all. `$f_x = ''` and `$v_person <> ''`
    are decided by whether the parameter is set, `$v_system` too; `x IN $v_clusters` over
    an empty list is false — outside a NOT only, where false and unknown differ."""
    if isinstance(predicate, Compare) and predicate.right == Const("") and isinstance(predicate.left, Param):
        name, is_set = predicate.left.name, predicate.left.name in on
        if predicate.op == "=" and name in OPTIONAL_FILTERS:
            return _FALSE if is_set else _TRUE
        if predicate.op == "<>" and name == "v_person":
            return _TRUE if is_set else _FALSE
    if isinstance(predicate, IsTrue) and predicate.term == Param("v_system"):
        return _TRUE if "v_system" in on else _FALSE
    if isinstance(predicate, In) and isinstance(predicate.list, Param) and predicate.list.name in VIEWER_LISTS \
            and predicate.list.name not in on and not negated:
        return _FALSE
    if isinstance(predicate, Not):
        inner = specialise(predicate.operand, on, not negated)
        return _FALSE if inner is _TRUE else _TRUE if inner is _FALSE else Not(inner)
    if isinstance(predicate, (And, Or)):
        absorbing, neutral = (_FALSE, _TRUE) if isinstance(predicate, And) else (_TRUE, _FALSE)
        kept = []
        for operand in predicate.operands:
            value = specialise(operand, on, negated)
            if value is absorbing:
                return absorbing
            if value is not neutral:
                kept.append(value)
        return neutral if not kept else kept[0] if len(kept) == 1 else type(predicate)(tuple(kept))
    if isinstance(predicate, Exists):
        where = specialise(predicate.where, on, negated)
        if where is _FALSE:
            return _FALSE
        return Exists(predicate.rel, predicate.label, predicate.where if where is _TRUE else where,
                      predicate.direction)
    return predicate


def compiled(predicate: Predicate, alias: str, on: frozenset[str]) -> str:
    value = specialise(predicate, on)
    return "true" if value is _TRUE else "false" if value is _FALSE else "(" + compile_cypher(value, alias) + ")"


@lru_cache(maxsize=4096)
def for_filters(query: str, on: frozenset[str]) -> str:
    """`query` with each filter fragment it holds replaced by its specialisation."""
    for predicate, alias in FRAGMENTS:
        fragment = compile_cypher(predicate, alias)
        if fragment in query:
            query = query.replace(fragment, compiled(predicate, alias, on))
    return query
