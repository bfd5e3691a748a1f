"""Compile a graph.rule predicate to a Cypher boolean expression, for any Cypher store.

Contract (what an adapter can rely on, Kùzu 0.11.3 and Neo4j 5 alike):

- `compile_cypher(predicate, alias, rel_alias=None)` returns one boolean expression over
  the query variable `alias` (the node) and, for RelFields outside an Exists, `rel_alias`
  (a relationship variable the caller has matched). It is a plain string to splice into a
  WHERE clause (or a WITH ... AS column); And / Or come back parenthesised, so it can be
  joined with AND and OR safely.
- Values appear only as `$name` parameters (the names in graph.rule: viewer_params and
  filter_params, whatever else a predicate names); the caller supplies them. Literals come
  only from `Const` code constants: strings, quoted in single quotes (a constant holding a
  quote or backslash is refused), bool as true / false, None as NULL, tuples as lists.
- `Exists` becomes `EXISTS { MATCH (alias)-[r:REL]->(m:Label) WHERE ... }` (arrow reversed
  for direction "in"); the relationship variable is written only when the inner predicate
  reads it. Variables introduced inside are named `<alias>_<i>` (neighbour) and
  `<alias>_r<i>` (relationship), numbered per call: the caller must not use such names
  for its own variables, and should compile each alias at most once per query when the
  predicate holds an Exists (two sibling EXISTS with the same names are legal Cypher, but
  nothing here needs it).
- Semantics are Cypher's three-valued logic; graph.evaluate implements the same in Python
  and a property test holds the two together on Kùzu.

No dialect switch is needed so far: everything emitted is in the common subset of Kùzu's
Cypher and Cypher 5. An adapter that needs a store quirk (Kùzu cannot type an empty list
parameter) handles it in its parameters, not here.
"""

from __future__ import annotations

import re
from itertools import count
from typing import Iterator

from practicegraph.graph.rule import (
    And, Compare, Const, Exists, Field, In, IsNull, IsTrue, Not, Or, Param, Predicate, RelField, Term,
)

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def compile_cypher(predicate: Predicate, alias: str, rel_alias: str | None = None) -> str:
    """The predicate as a Cypher expression about node variable `alias`."""
    rel = None if rel_alias is None else _name(rel_alias)
    return _Compiler(_name(alias)).predicate(predicate, alias, rel)


class _Compiler:
    def __init__(self, root: str):
        self.root = root
        self.numbers: Iterator[int] = count(1)

    def predicate(self, p: Predicate, node: str, rel: str | None) -> str:
        if isinstance(p, Compare):
            return f"{self.term(p.left, node, rel)} {p.op} {self.term(p.right, node, rel)}"
        if isinstance(p, In):
            return f"{self.term(p.value, node, rel)} IN {self.term(p.list, node, rel)}"
        if isinstance(p, IsNull):
            return f"{self.term(p.term, node, rel)} IS NULL"
        if isinstance(p, IsTrue):
            return self.term(p.term, node, rel)
        if isinstance(p, Not):
            return f"NOT ({self.predicate(p.operand, node, rel)})"
        if isinstance(p, (And, Or)):
            if not p.operands:
                raise ValueError(f"an empty {type(p).__name__}")
            parts = [self.predicate(o, node, rel) for o in p.operands]
            joiner = " AND " if isinstance(p, And) else " OR "
            return parts[0] if len(parts) == 1 else "(" + joiner.join(parts) + ")"
        if isinstance(p, Exists):
            return self.exists(p, node)
        raise TypeError(f"not a predicate: {p!r}")

    def exists(self, p: Exists, node: str) -> str:
        i = next(self.numbers)
        other, hop = f"{self.root}_{i}", f"{self.root}_r{i}"
        rel_var = hop if _reads_rel(p.where) else ""
        edge = f"-[{rel_var}:{_name(p.rel)}]-"
        edge = edge + ">" if p.direction == "out" else "<" + edge
        where = self.predicate(p.where, other, hop)
        # composed from the rule's names (checked by _name) and compiled sub-predicates only
        return "EXISTS { MATCH (" + node + ")" + edge + "(" + other + ":" + _name(p.label) + ") WHERE " + where + " }"

    def term(self, t: Term, node: str, rel: str | None) -> str:
        if isinstance(t, Field):
            return f"{node}.{_name(t.name)}"
        if isinstance(t, RelField):
            if rel is None:
                raise ValueError(f"relationship field {t.name!r} outside a relationship: pass rel_alias")
            return f"{rel}.{_name(t.name)}"
        if isinstance(t, Param):
            return "$" + _name(t.name)
        if isinstance(t, Const):
            return literal(t.value)
        raise TypeError(f"not a term: {t!r}")


def literal(value: object) -> str:
    """A code constant as a Cypher literal."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if "'" in value or "\\" in value:
            raise ValueError(f"a constant with a quote or backslash: {value!r}")
        return "'" + value + "'"
    if isinstance(value, tuple):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    raise TypeError(f"not a Cypher constant: {value!r}")


def _reads_rel(p: Predicate) -> bool:
    """Does p read a RelField of its own hop (not of a nested Exists)?"""
    if isinstance(p, Compare):
        return isinstance(p.left, RelField) or isinstance(p.right, RelField)
    if isinstance(p, In):
        return isinstance(p.value, RelField) or isinstance(p.list, RelField)
    if isinstance(p, (IsNull, IsTrue)):
        return isinstance(p.term, RelField)
    if isinstance(p, Not):
        return _reads_rel(p.operand)
    if isinstance(p, (And, Or)):
        return any(_reads_rel(o) for o in p.operands)
    return False  # Exists: its RelFields are its own hop's


def _name(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"not a Cypher identifier: {name!r}")
    return name
