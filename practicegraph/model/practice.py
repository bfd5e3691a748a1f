"""Practices, their adaptations and versions, and the resources that embody them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from practicegraph.model.base import (
    AdaptationMode, Id, LongText, Phase, ShortText, Subject, Visibility, _Record, _Visible,
)
from practicegraph.model.shape import (
    VECTOR_COLUMNS, VISIBILITY_COLUMNS, Column, Link, RelType, columns,
)

DEVELOPED = RelType("DEVELOPED", (("Person", "Practice"),), columns("role", "share:DOUBLE", "date:DATE"))
VERSION_OF = RelType("VERSION_OF", (("Practice", "Practice"),))
REVISED_AFTER = RelType("REVISED_AFTER", (("Practice", "Practice"),), columns("what_changed", "date:DATE"))
ADAPTED_FROM = RelType("ADAPTED_FROM", (("Practice", "Practice"),), columns(
    "mode", "what_changed", "why", "new_context", "how_learned", "round:INT64", "date:DATE", "record"))
EMBODIES = RelType("EMBODIES", (("Resource", "Practice"),))


class Developer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    person: Id
    role: Literal["originator", "co-developer"] = "originator"
    share: float | None = Field(default=None, gt=0, le=1, strict=True, description="their part of the work, if the team says")
    date: dt.date | None = None


class RevisedAfter(BaseModel):
    """Reverse influence: this version was revised after feedback from an adaptation."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    practice: Id  # the adopter's adapted practice whose feedback changed this one
    what_changed: LongText | None = None
    date: dt.date | None = None


class Practice(_Visible):
    type: Literal["practice"]
    id: Id
    title: ShortText = Field(min_length=1)
    description: LongText = Field(min_length=1)
    subject: Subject | None = None
    phase: Phase | None = None
    context: LongText | None = None
    tags: tuple[ShortText, ...] = ()
    version: int = Field(default=1, ge=1, le=1_000_000, strict=True)
    version_of: Id | None = None  # the previous version of the same practice
    revised_after: tuple[RevisedAfter, ...] = ()
    developers: tuple[Developer, ...] = Field(default=(), max_length=50)
    visibility: Visibility = Visibility.cluster

    node_label: ClassVar[str | None] = "Practice"
    node_columns: ClassVar[tuple[Column, ...]] = columns(
        "id", "title", "description", "subject", "phase", "context", "tags:STRING[]", "version:INT64",
        "date:DATE") + VISIBILITY_COLUMNS + VECTOR_COLUMNS
    rel_types: ClassVar[tuple[RelType, ...]] = (DEVELOPED, VERSION_OF, REVISED_AFTER)
    reference_fields: ClassVar[dict[str, tuple[str, ...]]] = {
        **_Visible.reference_fields, "version_of": ("practice",), "developers.*.person": ("person",),
        "revised_after.*.practice": ("practice",)}
    fulltext_fields: ClassVar[tuple[str, ...]] = ("title", "description", "context")

    @model_validator(mode="after")
    def _version_link(self):
        if self.version_of == self.id:
            raise ValueError("version_of cannot be the practice itself")
        if self.revised_after and not self.version_of:
            raise ValueError("revised_after needs version_of (the version it revises)")
        return self

    def text(self) -> str:
        return " ".join(p for p in (self.title + ".", self.description, self.context or "") if p)

    def embedding_text(self) -> str | None:
        return self.text() or None

    def record_author(self) -> str | None:
        return self.developers[0].person if self.developers else None

    def named_people(self) -> list[str]:
        return [d.person for d in self.developers]

    def node_values(self) -> dict[str, Any]:
        dates = [d.date for d in self.developers if d.date]
        return {**super().node_values(), "date": min(dates) if dates else None}

    def links(self) -> Iterator[Link]:
        for d in self.developers:
            yield Link("DEVELOPED", "Person", d.person, "Practice", self.id,
                       {"role": d.role, "share": d.share, "date": d.date})
        if self.version_of:
            yield Link("VERSION_OF", "Practice", self.id, "Practice", self.version_of)
        for r in self.revised_after:
            yield Link("REVISED_AFTER", "Practice", self.id, "Practice", r.practice,
                       {"what_changed": r.what_changed, "date": r.date})


class Adaptation(_Record):
    """Practice `practice` ADAPTED_FROM `source`: a new, context-bound version."""

    type: Literal["adaptation"]
    id: Id
    practice: Id
    source: Id
    mode: AdaptationMode
    what_changed: LongText | None = None
    why: LongText | None = None
    new_context: LongText | None = None
    how_learned: Literal[
        "observation-and-discussion", "joint-planning", "told", "resource", "training", "other"
    ] | None = None
    round: int | None = Field(default=None, ge=0, le=1000, strict=True)
    date: dt.date | None = None

    rel_types: ClassVar[tuple[RelType, ...]] = (ADAPTED_FROM,)
    reference_fields: ClassVar[dict[str, tuple[str, ...]]] = {"practice": ("practice",), "source": ("practice",)}
    natural_key: ClassVar[tuple[str, ...]] = ("practice", "source")

    @model_validator(mode="after")
    def _not_self(self):
        if self.practice == self.source:
            raise ValueError("a practice cannot be adapted from itself")
        return self

    def links(self) -> Iterator[Link]:
        yield Link("ADAPTED_FROM", "Practice", self.practice, "Practice", self.source,
                   {"mode": self.mode.value, "what_changed": self.what_changed, "why": self.why,
                    "new_context": self.new_context, "how_learned": self.how_learned,
                    "round": self.round, "date": self.date, "record": self.id})


class Resource(_Visible):
    type: Literal["resource"]
    id: Id
    title: ShortText = Field(min_length=1)
    kind: ShortText = "document"
    url: Annotated[str, Field(max_length=2000)] | None = None
    embodies: tuple[Id, ...] = ()
    author: Id | None = None
    visibility: Visibility = Visibility.cluster

    node_label: ClassVar[str | None] = "Resource"
    node_columns: ClassVar[tuple[Column, ...]] = columns("id", "title", "kind", "url") + VISIBILITY_COLUMNS
    rel_types: ClassVar[tuple[RelType, ...]] = (EMBODIES,)
    reference_fields: ClassVar[dict[str, tuple[str, ...]]] = {
        **_Visible.reference_fields, "author": ("person",), "embodies.*": ("practice",)}

    def record_author(self) -> str | None:
        return self.author

    def named_people(self) -> list[str]:
        return [self.author] if self.author else []

    def links(self) -> Iterator[Link]:
        for p in self.embodies:
            yield Link("EMBODIES", "Resource", self.id, "Practice", p)
