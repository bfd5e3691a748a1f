"""The domain records: what a client may send, validated with pydantic v2.

Every record has a ``type`` (the discriminator) and an ``id``. Ids are either supplied
by the client or derived deterministically from the record's natural key, so re-sending
the same record is always recognised as the same record.
"""

from __future__ import annotations

import hashlib
import json
import datetime as dt
from enum import Enum
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, model_validator

Id = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\s\x00-\x1f]+$")]
ShortText = Annotated[str, Field(max_length=300)]
LongText = Annotated[str, Field(max_length=8000)]
# subjects compare case-insensitively ("Maths" and "maths" are one subject to a filter)
Subject = Annotated[str, Field(max_length=300), AfterValidator(str.lower)]


class Visibility(str, Enum):
    public = "public"
    cluster = "cluster"  # members of the record's cluster
    org = "org"  # members of the record's organisation
    pair = "pair"  # the people named on the record
    private = "private"  # its author only


class Purpose(str, Enum):
    developmental = "developmental"
    evaluative = "evaluative"


class AdaptationMode(str, Enum):
    replication = "replication"
    adaptive = "adaptive"
    exchange = "exchange"


class Phase(str, Enum):
    early_years = "early-years"
    primary = "primary"
    secondary = "secondary"
    fe = "fe"
    all_phases = "all"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    def natural_key(self) -> tuple | None:
        """Fields that identify the record when the client gives no id."""
        return None

    @model_validator(mode="before")
    @classmethod
    def _derive_id(cls, data):
        if isinstance(data, dict) and not data.get("id"):
            key = cls._key_fields()
            if key and all(data.get(f) not in (None, "") for f in key):
                raw = json.dumps([data.get("type")] + [data.get(f) for f in key], default=str)
                data = {**data, "id": f"{data.get('type')}-{hashlib.sha1(raw.encode()).hexdigest()[:16]}"}
        return data

    @classmethod
    def _key_fields(cls) -> tuple[str, ...]:
        return ()

    def content_hash(self) -> str:
        """Hash of the record's content: same id + same hash is the same record."""
        body = self.model_dump(mode="json", exclude_none=True)
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


class Person(_Record):
    type: Literal["person"]
    id: Id
    name: ShortText = Field(min_length=1)
    pseudonym: ShortText | None = None


class Organisation(_Record):
    type: Literal["organisation"]
    id: Id
    name: ShortText = Field(min_length=1)
    kind: Literal["school", "college", "university", "ngo", "district-office"] = "school"
    phase: Phase | None = None
    region: ShortText | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)


class Cluster(_Record):
    type: Literal["cluster"]
    id: Id
    name: ShortText = Field(min_length=1)
    kind: Literal["official", "voluntary"]
    venue: Id | None = None  # the organisation that hosts its meetings
    region: ShortText | None = None
    partner: ShortText | None = None  # e.g. the university or NGO behind a voluntary cluster


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


class Developer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    person: Id
    role: Literal["originator", "co-developer"] = "originator"
    share: float | None = Field(default=None, gt=0, le=1, description="their part of the work, if the team says")
    date: dt.date | None = None


class RevisedAfter(BaseModel):
    """Reverse influence: this version was revised after feedback from an adaptation."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    practice: Id  # the adopter's adapted practice whose feedback changed this one
    what_changed: LongText | None = None
    date: dt.date | None = None


class _Visible(_Record):
    visibility: Visibility
    organisation: Id | None = None  # where it happened: scopes `org` visibility and filters
    cluster: Id | None = None  # scopes `cluster` visibility and filters

    @model_validator(mode="after")
    def _scope_named(self):
        # a cluster- or org-wide record must say which one, or nobody could ever see it
        if self.visibility is Visibility.cluster and not self.cluster:
            raise ValueError("visibility 'cluster' needs the cluster it is shared with (cluster), "
                             "or choose public, org, pair or private")
        if self.visibility is Visibility.org and not self.organisation:
            raise ValueError("visibility 'org' needs the organisation it is shared with (organisation), "
                             "or choose public, cluster, pair or private")
        return self


class Practice(_Visible):
    type: Literal["practice"]
    id: Id
    title: ShortText = Field(min_length=1)
    description: LongText = Field(min_length=1)
    subject: Subject | None = None
    phase: Phase | None = None
    context: LongText | None = None
    tags: tuple[ShortText, ...] = ()
    version: int = Field(default=1, ge=1)
    version_of: Id | None = None  # the previous version of the same practice
    revised_after: tuple[RevisedAfter, ...] = ()
    developers: tuple[Developer, ...] = Field(default=(), max_length=50)
    visibility: Visibility = Visibility.cluster

    @model_validator(mode="after")
    def _version_link(self):
        if self.version_of == self.id:
            raise ValueError("version_of cannot be the practice itself")
        if self.revised_after and not self.version_of:
            raise ValueError("revised_after needs version_of (the version it revises)")
        return self

    def text(self) -> str:
        return " ".join(p for p in (self.title + ".", self.description, self.context or "") if p)


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
    round: int | None = Field(default=None, ge=0, le=1000)
    date: dt.date | None = None

    @classmethod
    def _key_fields(cls):
        return ("practice", "source")

    @model_validator(mode="after")
    def _not_self(self):
        if self.practice == self.source:
            raise ValueError("a practice cannot be adapted from itself")
        return self


class Resource(_Visible):
    type: Literal["resource"]
    id: Id
    title: ShortText = Field(min_length=1)
    kind: ShortText = "document"
    url: Annotated[str, Field(max_length=2000)] | None = None
    embodies: tuple[Id, ...] = ()
    author: Id | None = None
    visibility: Visibility = Visibility.cluster


class Observation(_Visible):
    """One teacher watches another teach (003's peer-visit record)."""

    type: Literal["observation"]
    id: Id
    observer: Id
    observed: Id
    date: dt.date
    kind: Literal["peer-visit", "model-lesson", "coaching-round", "learning-walk", "lesson-study"] = "peer-visit"
    practices: tuple[Id, ...] = ()
    round: int | None = Field(default=None, ge=0, le=1000)
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

    @classmethod
    def _key_fields(cls):
        return ("observer", "observed", "date")

    @model_validator(mode="after")
    def _two_people(self):
        if self.observer == self.observed:
            raise ValueError("observer and observed must be different people")
        return self

    def text(self) -> str:
        return " ".join(p for p in (self.focus, self.what_worked, self.adapt_further) if p)


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
    rounds: int | None = Field(default=None, ge=0, le=1000)
    focus: LongText | None = None
    discussed: tuple[Id, ...] = ()
    led_to: tuple[Id, ...] = ()
    reflection: LongText | None = None
    visibility: Visibility = Visibility.pair
    reflection_visibility: Visibility = Visibility.pair

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

    @classmethod
    def _key_fields(cls):
        return ("cluster", "date")


Record = Annotated[
    Union[Person, Organisation, Cluster, Membership, Practice, Adaptation, Resource, Observation, Exchange, Meeting],
    Field(discriminator="type"),
]
RECORD_TYPES = ("person", "organisation", "cluster", "membership", "practice", "adaptation",
                "resource", "observation", "exchange", "meeting")
_record_adapter: TypeAdapter = TypeAdapter(Record)


def parse_record(data: object) -> _Record:
    """Validate one record (raises pydantic.ValidationError)."""
    return _record_adapter.validate_python(data)


def references(record: _Record) -> list[tuple[str, str, tuple[str, ...]]]:
    """(field, id, allowed types) for every id this record points at."""
    refs: list[tuple[str, str, tuple[str, ...]]] = []

    def add(field: str, value: str | None, *types: str) -> None:
        if value:
            refs.append((field, value, types))

    if isinstance(record, _Visible):
        add("organisation", record.organisation, "organisation")
        add("cluster", record.cluster, "cluster")
    if isinstance(record, Cluster):
        add("venue", record.venue, "organisation")
    elif isinstance(record, Membership):
        add("person", record.person, "person")
        add("organisation", record.organisation, "organisation")
        add("cluster", record.cluster, "cluster")
    elif isinstance(record, Practice):
        add("version_of", record.version_of, "practice")
        for i, d in enumerate(record.developers):
            add(f"developers.{i}.person", d.person, "person")
        for i, r in enumerate(record.revised_after):
            add(f"revised_after.{i}.practice", r.practice, "practice")
    elif isinstance(record, Adaptation):
        add("practice", record.practice, "practice")
        add("source", record.source, "practice")
    elif isinstance(record, Resource):
        add("author", record.author, "person")
        for i, p in enumerate(record.embodies):
            add(f"embodies.{i}", p, "practice")
    elif isinstance(record, Observation):
        add("observer", record.observer, "person")
        add("observed", record.observed, "person")
        for i, p in enumerate(record.practices):
            add(f"practices.{i}", p, "practice")
    elif isinstance(record, Exchange):
        for i, p in enumerate(record.participants):
            add(f"participants.{i}.person", p.person, "person")
        for i, p in enumerate(record.discussed):
            add(f"discussed.{i}", p, "practice")
        for i, p in enumerate(record.led_to):
            add(f"led_to.{i}", p, "practice")
    elif isinstance(record, Meeting):
        add("cluster", record.cluster, "cluster")
        add("venue", record.venue, "organisation")
        for i, p in enumerate(record.attendees):
            add(f"attendees.{i}", p, "person")
    return refs
