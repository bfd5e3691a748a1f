"""How a record lands in a graph, store-neutral: columns, relationship types, links and
references. Record classes declare these once; graph/schema.py and graph/rows.py derive
the schema and the rows from them, so adding a record type is one class."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ColumnType = Literal["STRING", "STRING[]", "INT64", "DOUBLE", "DATE", "VECTOR"]


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType = "STRING"


@dataclass(frozen=True)
class RelType:
    """A relationship type: the (from label, to label) pairs it joins and its properties."""

    name: str
    ends: tuple[tuple[str, str], ...]
    props: tuple[Column, ...] = ()


@dataclass(frozen=True)
class Link:
    """One relationship a record carries; written with its record, never alone."""

    type: str
    from_label: str
    from_id: str
    to_label: str
    to_id: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reference:
    """An id a record points at, the field it sits in, and the record types it may name."""

    field: str
    id: str
    types: tuple[str, ...]


def columns(*specs: str) -> tuple[Column, ...]:
    """`columns("title", "tags:STRING[]")`: name, optionally `:TYPE` (default STRING)."""
    out = []
    for spec in specs:
        name, _, kind = spec.partition(":")
        out.append(Column(name, kind or "STRING"))  # type: ignore[arg-type]
    return tuple(out)


# Every node holding someone's words carries these, so the visibility rule can read them.
VISIBILITY_COLUMNS = columns("visibility", "author", "named:STRING[]", "organisation", "cluster")
VECTOR_COLUMNS = columns("embedding:VECTOR", "model_id")
META_COLUMNS = columns("content_hash", "created", "updated")
