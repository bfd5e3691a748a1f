"""Evaluate a graph.rule predicate in Python: the in-memory store's half of the rule.

Cypher's three-valued logic, so that it agrees with graph/cypher_compile.py on every
node, nulls included: a comparison with null is unknown, NOT unknown is unknown, AND / OR
are Kleene's, EXISTS is true or false, and a WHERE keeps a node only when the predicate
is true.
"""

from __future__ import annotations

import operator
from typing import Any, Callable, Iterable, Mapping

from practicegraph.graph.rule import (
    And, Compare, Const, Exists, Field, In, IsNull, IsTrue, Not, Or, Param, Predicate, RelField, Term,
)

Row = Mapping[str, Any]
# neighbours(node_id, rel, direction) -> (label, relationship properties, node row) per hop
Neighbours = Callable[[str, str, str], Iterable[tuple[str, Row, Row]]]

_OPS = {"=": operator.eq, "<>": operator.ne, "<": operator.lt, "<=": operator.le,
        ">": operator.gt, ">=": operator.ge}


def no_neighbours(node_id: str, rel: str, direction: str) -> Iterable[tuple[str, Row, Row]]:
    """For predicates without Exists (VISIBILITY): a hop here is a programming error."""
    raise ValueError(f"this predicate looks through {rel}; pass a neighbours callback")


def evaluate(predicate: Predicate, node: Row, params: Mapping[str, Any], neighbours: Neighbours,
             rel: Row | None = None) -> bool:
    """Does `predicate` hold (is it true, not false or unknown) for this node row?

    `rel` is the relationship that reached the node, for RelFields outside an Exists.
    """
    return _truth(predicate, node, rel, params, neighbours) is True


def _truth(p: Predicate, node: Row, rel: Row | None, params: Mapping[str, Any],
           neighbours: Neighbours) -> bool | None:
    """True, False or None (unknown)."""
    def value(t: Term) -> Any:
        return _value(t, node, rel, params)

    if isinstance(p, Compare):
        left, right = value(p.left), value(p.right)
        return None if left is None or right is None else bool(_OPS[p.op](left, right))
    if isinstance(p, In):
        return _in(value(p.value), value(p.list))
    if isinstance(p, IsNull):
        return value(p.term) is None
    if isinstance(p, IsTrue):
        flag = value(p.term)
        return None if flag is None else bool(flag)
    if isinstance(p, Not):
        inner = _truth(p.operand, node, rel, params, neighbours)
        return None if inner is None else not inner
    if isinstance(p, (And, Or)):
        # Kleene: the deciding value (False for AND, True for OR) wins over unknown; stop
        # at it, so an Exists behind an off filter is never walked
        deciding, unknown = isinstance(p, Or), False
        for o in p.operands:
            result = _truth(o, node, rel, params, neighbours)
            if result is deciding:
                return deciding
            unknown = unknown or result is None
        return None if unknown else not deciding
    if isinstance(p, Exists):
        return any(label == p.label and _truth(p.where, other, hop, params, neighbours) is True
                   for label, hop, other in neighbours(node["id"], p.rel, p.direction))
    raise TypeError(f"not a predicate: {p!r}")


def _value(t: Term, node: Row, rel: Row | None, params: Mapping[str, Any]) -> Any:
    if isinstance(t, Field):
        return node.get(t.name)
    if isinstance(t, RelField):
        if rel is None:
            raise ValueError(f"relationship field {t.name!r} outside a relationship")
        return rel.get(t.name)
    if isinstance(t, Param):
        return params[t.name]  # a missing parameter is an error in Cypher too
    if isinstance(t, Const):
        return t.value
    raise TypeError(f"not a term: {t!r}")


def _in(value: Any, items: Any) -> bool | None:
    """Cypher's `value IN list`."""
    if items is None:
        return None
    items = list(items)
    if not items:
        return False
    if value is None:
        return None
    if any(v is not None and v == value for v in items):
        return True
    return None if any(v is None for v in items) else False
