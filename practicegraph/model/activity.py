"""What teachers do together: observations (peer visits), exchanges (mentoring), meetings
and who attended them."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from practicegraph.model.base import (
    Id, LongText, Purpose, ShortText, Subject, Visibility, _Record, _Visible,
)
from practicegraph.model.shape import (
    VECTOR_COLUMNS, VISIBILITY_COLUMNS, Column, Link, RelType, columns,
)

OBSERVER = RelType("OBSERVER", (("Observation", "Person"),))
OBSERVED = RelType("OBSERVED", (("Observation", "Person"),))
OF_PRACTICE = RelType("OF_PRACTICE", (("Observation", "Practice"),))
PARTICIPANT = RelType("PARTICIPANT", (("Exchange", "Person"),), columns("role"))
DISCUSSED = RelType("DISCUSSED", (("Exchange", "Practice"),))
LED_TO = RelType("LED_TO", (("Exchange", "Practice"),))
ATTENDED = RelType("ATTENDED", (("Person", "Meeting"),))
OF_CLUSTER = RelType("OF_CLUSTER", (("Meeting", "Cluster"),))
HELD_AT = RelType("HELD_AT", (("Meeting", "Organisation"),))


class Observation(_Visible):
    """One teacher watches another teach (003's peer-visit record)."""

    type: Literal["observation"]
    id: Id
    observer: Id
    observed: Id
    date: dt.date
    kind: Literal["peer-visit", "model-lesson", "coaching-round", "learning-walk", "lesson-study"] = "peer-visit"
    practices: tuple[Id, ...] = ()
    round: int | None = Field(default=None, ge=0, le=1000, strict=True)
    subject: Subject | None = None
    group: ShortText | None = None  # the buddy group / triad
    setting: ShortText | None = None
    group_outline: LongText | None = None
    focus: LongText | None = None
    what_worked: LongText | None = None
    adapt_further: LongText | None = None
    reflection: LongText | None = None
    purpose: Purpose = Purpose.developmental
    visibility: Visibility = Visibility.pair
    reflection_visibility: Visibility = Visibility.pair

    node_label: ClassVar[str | None] = "Observation"
    node_columns: ClassVar[tuple[Column, ...]] = columns(
        "id", "date:DATE", "kind", "round:INT64", "subject", "grp", "setting", "group_outline", "focus",
        "what_worked", "adapt_further", "reflection", "purpose", "reflection_visibility",
    ) + VISIBILITY_COLUMNS + VECTOR_COLUMNS
    rel_types: ClassVar[tuple[RelType, ...]] = (OBSERVER, OBSERVED, OF_PRACTICE)
    reference_fields: ClassVar[dict[str, tuple[str, ...]]] = {
        **_Visible.reference_fields, "observer": ("person",), "observed": ("person",),
        "practices.*": ("practice",)}
    natural_key: ClassVar[tuple[str, ...]] = ("observer", "observed", "date")
    fulltext_fields: ClassVar[tuple[str, ...]] = ("focus", "what_worked", "adapt_further")

    @model_validator(mode="after")
    def _two_people(self):
        if self.observer == self.observed:
            raise ValueError("observer and observed must be different people")
        return self

    def text(self) -> str:
        return " ".join(p for p in (self.focus, self.what_worked, self.adapt_further) if p)

    def embedding_text(self) -> str | None:
        return self.text() or None

    def record_author(self) -> str | None:
        return self.observer

    def named_people(self) -> list[str]:
        return [self.observer, self.observed]

    def node_values(self) -> dict[str, Any]:
        return {**super().node_values(), "grp": self.group}

    def links(self) -> Iterator[Link]:
        yield Link("OBSERVER", "Observation", self.id, "Person", self.observer)
        yield Link("OBSERVED", "Observation", self.id, "Person", self.observed)
        for p in self.practices:
            yield Link("OF_PRACTICE", "Observation", self.id, "Practice", p)


class Participant(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    person: Id
    role: Literal["mentor", "mentee", "peer", "broker", "facilitator"] = "peer"


class Exchange(_Visible):
    """A mentoring or peer pairing over one or more rounds."""

    type: Literal["exchange"]
    id: Id
    kind: Literal["mentoring", "peer-pairing", "triad", "joint-planning", "coaching", "research-pod"]
    participants: tuple[Participant, ...] = Field(min_length=2, max_length=30)
    started: dt.date | None = None
    ended: dt.date | None = None
    rounds: int | None = Field(default=None, ge=0, le=1000, strict=True)
    focus: LongText | None = None
    discussed: tuple[Id, ...] = ()
    led_to: tuple[Id, ...] = ()
    reflection: LongText | None = None
    visibility: Visibility = Visibility.pair
    reflection_visibility: Visibility = Visibility.pair

    node_label: ClassVar[str | None] = "Exchange"
    node_columns: ClassVar[tuple[Column, ...]] = columns(
        "id", "kind", "started:DATE", "ended:DATE", "rounds:INT64", "focus", "reflection",
        "reflection_visibility") + VISIBILITY_COLUMNS + VECTOR_COLUMNS
    rel_types: ClassVar[tuple[RelType, ...]] = (PARTICIPANT, DISCUSSED, LED_TO)
    reference_fields: ClassVar[dict[str, tuple[str, ...]]] = {
        **_Visible.reference_fields, "participants.*.person": ("person",), "discussed.*": ("practice",),
        "led_to.*": ("practice",)}
    fulltext_fields: ClassVar[tuple[str, ...]] = ("focus",)

    @model_validator(mode="after")
    def _distinct(self):
        people = [p.person for p in self.participants]
        if len(set(people)) != len(people):
            raise ValueError("a person appears twice among participants")
        if self.started and self.ended and self.ended < self.started:
            raise ValueError("ended is before started")
        return self

    def text(self) -> str:
        return self.focus or ""

    def embedding_text(self) -> str | None:
        return self.text() or None

    def record_author(self) -> str | None:
        return self.participants[0].person

    def named_people(self) -> list[str]:
        return [p.person for p in self.participants]

    def links(self) -> Iterator[Link]:
        for p in self.participants:
            yield Link("PARTICIPANT", "Exchange", self.id, "Person", p.person, {"role": p.role})
        for p in self.discussed:
            yield Link("DISCUSSED", "Exchange", self.id, "Practice", p)
        for p in self.led_to:
            yield Link("LED_TO", "Exchange", self.id, "Practice", p)


class AgendaItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
    text: ShortText = Field(min_length=1)
    tag: Literal["content", "admin"]


class Meeting(_Record):
    type: Literal["meeting"]
    id: Id
    cluster: Id
    date: dt.date
    venue: Id | None = None
    attendees: tuple[Id, ...] = Field(default=(), max_length=500)
    agenda: tuple[AgendaItem, ...] = Field(default=(), max_length=100)

    node_label: ClassVar[str | None] = "Meeting"
    node_columns: ClassVar[tuple[Column, ...]] = columns(
        "id", "date:DATE", "agenda_text:STRING[]", "agenda_tags:STRING[]")
    rel_types: ClassVar[tuple[RelType, ...]] = (OF_CLUSTER, HELD_AT, ATTENDED)
    reference_fields: ClassVar[dict[str, tuple[str, ...]]] = {
        "cluster": ("cluster",), "venue": ("organisation",), "attendees.*": ("person",)}
    natural_key: ClassVar[tuple[str, ...]] = ("cluster", "date")

    def node_values(self) -> dict[str, Any]:
        return {"id": self.id, "date": self.date, "agenda_text": [a.text for a in self.agenda],
                "agenda_tags": [a.tag for a in self.agenda]}

    def links(self) -> Iterator[Link]:
        yield Link("OF_CLUSTER", "Meeting", self.id, "Cluster", self.cluster)
        if self.venue:
            yield Link("HELD_AT", "Meeting", self.id, "Organisation", self.venue)
        for p in self.attendees:
            yield Link("ATTENDED", "Person", p, "Meeting", self.id)


class Attendance(_Record):
    """Who came to a meeting, recorded apart from the meeting itself: a learning-record
    store sends one `attended` statement per attendee, often on different days, and a late
    register adds names; each is its own record, so the meeting's record never changes."""

    type: Literal["attendance"]
    id: Id
    meeting: Id
    attendees: tuple[Id, ...] = Field(min_length=1, max_length=500)

    rel_types: ClassVar[tuple[RelType, ...]] = (ATTENDED,)
    reference_fields: ClassVar[dict[str, tuple[str, ...]]] = {"meeting": ("meeting",), "attendees.*": ("person",)}
    natural_key: ClassVar[tuple[str, ...]] = ("meeting", "attendees")

    def links(self) -> Iterator[Link]:
        for p in dict.fromkeys(self.attendees):
            yield Link("ATTENDED", "Person", p, "Meeting", self.meeting)
