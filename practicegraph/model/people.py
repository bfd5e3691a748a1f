"""People and where they belong: persons, organisations, clusters, memberships."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any, ClassVar, Iterator, Literal

from pydantic import Field, model_validator

from practicegraph.model.base import Id, Phase, ShortText, _Record
from practicegraph.model.shape import Column, Link, RelType, columns

MEMBER_OF = RelType("MEMBER_OF", (("Person", "Organisation"), ("Person", "Cluster")),
                    columns("role", "since:DATE", "until:DATE", "record"))
VENUE = RelType("VENUE", (("Cluster", "Organisation"),))


class Person(_Record):
    type: Literal["person"]
    id: Id
    name: ShortText = Field(min_length=1)
    # a pseudonym the sender chose, kept as sent. None is derived here: an unkeyed hash of
    # the id could be reversed by hashing candidate ids; research views and exports use the
    # keyed pseudonyms of accounts/research.py (a per-deployment secret) instead.
    pseudonym: ShortText | None = None

    node_label: ClassVar[str | None] = "Person"
    node_columns: ClassVar[tuple[Column, ...]] = columns("id", "name", "pseudonym")

    def node_values(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "pseudonym": self.pseudonym}


class Organisation(_Record):
    type: Literal["organisation"]
    id: Id
    name: ShortText = Field(min_length=1)
    kind: Literal["school", "college", "university", "ngo", "district-office"] = "school"
    phase: Phase | None = None
    region: ShortText | None = None
    lat: float | None = Field(default=None, ge=-90, le=90, strict=True)
    lon: float | None = Field(default=None, ge=-180, le=180, strict=True)

    node_label: ClassVar[str | None] = "Organisation"
    node_columns: ClassVar[tuple[Column, ...]] = columns(
        "id", "name", "kind", "phase", "region", "lat:DOUBLE", "lon:DOUBLE")


class Cluster(_Record):
    type: Literal["cluster"]
    id: Id
    name: ShortText = Field(min_length=1)
    kind: Literal["official", "voluntary"]
    venue: Id | None = None  # the organisation that hosts its meetings
    region: ShortText | None = None
    partner: ShortText | None = None  # e.g. the university or NGO behind a voluntary cluster

    node_label: ClassVar[str | None] = "Cluster"
    node_columns: ClassVar[tuple[Column, ...]] = columns("id", "name", "kind", "venue", "region", "partner")
    rel_types: ClassVar[tuple[RelType, ...]] = (VENUE,)
    reference_fields: ClassVar[dict[str, tuple[str, ...]]] = {"venue": ("organisation",)}

    def links(self) -> Iterator[Link]:
        if self.venue:
            yield Link("VENUE", "Cluster", self.id, "Organisation", self.venue)


class Membership(_Record):
    """A time-bounded membership: a move between schools is a new membership, same person."""

    type: Literal["membership"]
    id: Id
    person: Id
    organisation: Id | None = None
    cluster: Id | None = None
    role: ShortText = "teacher"
    since: dt.date | None = None
    until: dt.date | None = None

    rel_types: ClassVar[tuple[RelType, ...]] = (MEMBER_OF,)
    reference_fields: ClassVar[dict[str, tuple[str, ...]]] = {
        "person": ("person",), "organisation": ("organisation",), "cluster": ("cluster",)}

    @model_validator(mode="after")
    def _one_target(self):
        if (self.organisation is None) == (self.cluster is None):
            raise ValueError("give exactly one of organisation or cluster")
        if self.since and self.until and self.until < self.since:
            raise ValueError("until is before since")
        return self

    @model_validator(mode="before")
    @classmethod
    def _derive_membership_id(cls, data):
        # The natural key includes the target and the start date, so re-joining later is new.
        if isinstance(data, dict) and not data.get("id") and data.get("person"):
            raw = json.dumps([data.get(k) for k in ("person", "organisation", "cluster", "role", "since")], default=str)
            data = {**data, "id": f"membership-{hashlib.sha1(raw.encode()).hexdigest()[:16]}"}
        return data

    def links(self) -> Iterator[Link]:
        to_label, to_id = ("Organisation", self.organisation) if self.organisation else ("Cluster", self.cluster)
        yield Link("MEMBER_OF", "Person", self.person, to_label, to_id,
                   {"role": self.role, "since": self.since, "until": self.until, "record": self.id})
