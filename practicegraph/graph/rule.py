"""Who may see what, and what the search filters mean: one store-neutral rule, as data.

A predicate is a tree of frozen dataclasses over one node (its fields), the relationship
that reached it (inside Exists, or when an adapter matches one), parameters and code
constants. Nothing here knows a query language: graph/cypher_compile.py turns a predicate
into Cypher for Kùzu and Neo4j, and graph/evaluate.py evaluates it in Python for the
in-memory reference store, so every store applies the same rule.

Values arrive only as parameters (`viewer_params`, `filter_params`); `Const` holds code
constants only, never request data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Union

from practicegraph.graph.types import SearchFilters, TextKind, Viewer

# terms ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A property of the node the predicate is about (inside Exists: the neighbour)."""

    name: str


@dataclass(frozen=True)
class RelField:
    """A property of the relationship that reached the node (Exists, or an adapter's match)."""

    name: str


@dataclass(frozen=True)
class Param:
    """A value supplied at run time, by name (see viewer_params / filter_params)."""

    name: str


@dataclass(frozen=True)
class Const:
    """A code constant: a string, bool, int, None, or a tuple of strings."""

    value: str | bool | int | None | tuple[str, ...]


Term = Union[Field, RelField, Param, Const]

# predicates ---------------------------------------------------------------------------

Op = Literal["=", "<>", "<", "<=", ">", ">="]


@dataclass(frozen=True)
class Compare:
    """left op right; null on either side is unknown (Cypher's three-valued logic)."""

    op: Op
    left: Term
    right: Term


@dataclass(frozen=True)
class In:
    """value IN list (Cypher semantics: unknown if value is null, or if absent and the
    list holds a null)."""

    value: Term
    list: Term


@dataclass(frozen=True)
class IsNull:
    term: Term


@dataclass(frozen=True)
class IsTrue:
    """A boolean term used as a predicate (e.g. the $v_system flag)."""

    term: Term


@dataclass(frozen=True)
class Not:
    operand: "Predicate"


@dataclass(frozen=True)
class And:
    operands: tuple["Predicate", ...]


@dataclass(frozen=True)
class Or:
    operands: tuple["Predicate", ...]


@dataclass(frozen=True)
class Exists:
    """Some neighbour one `rel` hop away (out: node-[rel]->m, in: m-[rel]->node) with
    label `label` satisfies `where` (Fields there are the neighbour's, RelFields the
    hop's). Never unknown: true or false."""

    rel: str
    label: str
    where: "Predicate"
    direction: Literal["out", "in"] = "out"


Predicate = Union[Compare, In, IsNull, IsTrue, Not, And, Or, Exists]


def Eq(left: Term, right: Term) -> Compare:  # noqa: N802  (reads like the other nodes)
    return Compare("=", left, right)


def Ne(left: Term, right: Term) -> Compare:  # noqa: N802
    return Compare("<>", left, right)


def all_of(*operands: Predicate) -> And:
    return And(tuple(operands))


def any_of(*operands: Predicate) -> Or:
    return Or(tuple(operands))


def optional_filter(param: str, then: Predicate) -> Or:
    """The filter `param` is off (empty) or `then` holds."""
    return any_of(Eq(Param(param), Const("")), then)


def field_filter(param: str, field: str) -> Or:
    """param is empty OR field = param."""
    return optional_filter(param, Eq(Field(field), Param(param)))


# the rule -----------------------------------------------------------------------------

VISIBILITY_LEVELS = ("public", "cluster", "org", "pair", "private")
_SOMEONE = Ne(Param("v_person"), Const(""))  # an empty viewer id never matches anyone
_LEVEL = Field("visibility")

VISIBILITY: Predicate = any_of(
    IsTrue(Param("v_system")),
    Eq(_LEVEL, Const("public")),
    # the people a record names always see it, unless it is private (its author only)
    all_of(In(_LEVEL, Const(("cluster", "org", "pair"))), _SOMEONE, In(Param("v_person"), Field("named"))),
    all_of(Eq(_LEVEL, Const("cluster")), In(Field("cluster"), Param("v_clusters"))),
    all_of(Eq(_LEVEL, Const("org")), In(Field("organisation"), Param("v_orgs"))),
    all_of(Eq(_LEVEL, Const("private")), _SOMEONE, Eq(Field("author"), Param("v_person"))),
)
"""May the viewer see this node? For every node holding someone's words."""

DEVELOPMENTAL: Predicate = Eq(Field("purpose"), Const("developmental"))
"""An observation for development, never an evaluative one: the only kind that is evidence."""


def _visible_practice(rel: str, where: Predicate) -> Exists:
    """Looking through to practices only looks through to practices the viewer may see."""
    return Exists(rel, "Practice", all_of(where, VISIBILITY))


FILTERS: dict[TextKind, Predicate] = {
    "Practice": all_of(field_filter("f_subject", "subject"), field_filter("f_phase", "phase")),
    "Observation": all_of(
        DEVELOPMENTAL, field_filter("f_subject", "subject"),
        optional_filter("f_phase", _visible_practice("OF_PRACTICE", Eq(Field("phase"), Param("f_phase"))))),
    "Exchange": all_of(
        optional_filter("f_subject", _visible_practice("DISCUSSED", Eq(Field("subject"), Param("f_subject")))),
        optional_filter("f_phase", _visible_practice("DISCUSSED", Eq(Field("phase"), Param("f_phase"))))),
}
"""The search filters of each searchable kind, applied with VISIBILITY before any limit."""

CURRENT_MEMBERSHIP: Predicate = any_of(IsNull(RelField("until")),
                                       Compare(">=", RelField("until"), Param("today")))
"""A MEMBER_OF relationship that has not ended (until is open or today or later)."""


def _member_of(label: str, where: Predicate) -> Exists:
    return Exists("MEMBER_OF", label, all_of(where, CURRENT_MEMBERSHIP))


PERSON_FILTERS: Predicate = all_of(
    optional_filter("f_org", _member_of("Organisation", Eq(Field("id"), Param("f_org")))),
    optional_filter("f_cluster", _member_of("Cluster", Eq(Field("id"), Param("f_cluster")))),
    optional_filter("f_region", _member_of("Organisation", Eq(Field("region"), Param("f_region")))),
)
"""Where a Person works now: the organisation, cluster, region of a current membership."""

ADAPTED: Predicate = Exists("ADAPTED_FROM", "Practice", VISIBILITY)
"""A practice that adapts a practice the viewer may see (evidence kind 'adapted')."""

MENTOR_ROLES = ("mentor", "facilitator", "broker")
MENTORING: Predicate = In(RelField("role"), Const(MENTOR_ROLES))
"""A PARTICIPANT relationship in which the person mentored the others."""


# parameters ---------------------------------------------------------------------------

VIEWER_PARAMS = ("v_system", "v_person", "v_clusters", "v_orgs")
FILTER_PARAMS = ("f_subject", "f_phase", "f_org", "f_cluster", "f_region", "today")


def viewer_params(viewer: Viewer) -> dict[str, Any]:
    """The viewer as parameters. Lists may be empty; an adapter that cannot type an empty
    list (Kùzu) substitutes its own placeholder."""
    return {"v_system": viewer.system, "v_person": viewer.person_id or "",
            "v_clusters": sorted(viewer.clusters), "v_orgs": sorted(viewer.organisations)}


def filter_params(filters: SearchFilters, today: date) -> dict[str, Any]:
    """The filters as parameters; an absent filter is ''. Subjects are stored lower-case."""
    return {"f_subject": (filters.subject or "").lower(), "f_phase": filters.phase or "",
            "f_org": filters.organisation or "", "f_cluster": filters.cluster or "",
            "f_region": filters.region or "", "today": today}


def params_of(predicate: Predicate) -> frozenset[str]:
    """Every parameter name a predicate reads."""
    return frozenset(t.name for t in terms_of(predicate) if isinstance(t, Param))


def terms_of(predicate: Predicate):
    """Every term in a predicate, depth first."""
    if isinstance(predicate, Compare):
        yield from (predicate.left, predicate.right)
    elif isinstance(predicate, In):
        yield from (predicate.value, predicate.list)
    elif isinstance(predicate, (IsNull, IsTrue)):
        yield predicate.term
    elif isinstance(predicate, Not):
        yield from terms_of(predicate.operand)
    elif isinstance(predicate, (And, Or)):
        for p in predicate.operands:
            yield from terms_of(p)
    elif isinstance(predicate, Exists):
        yield from terms_of(predicate.where)
    else:
        raise TypeError(f"not a predicate: {predicate!r}")
