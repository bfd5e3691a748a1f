"""The domain records: what a client may send, validated with pydantic v2.

Every record has a ``type`` (the discriminator) and an ``id``. Ids are either supplied
by the client or derived deterministically from the record's natural key, so re-sending
the same record is always recognised as the same record. Each record class also says,
once, how it sits in the graph (model/base.py); the schema and the rows derive from that.

The union below lists the types parents first: that order is also the write order, so
every relationship finds both of its ends already written.
"""

from __future__ import annotations

from typing import Annotated, Union, get_args

from pydantic import Field, TypeAdapter

from practicegraph.model.activity import AgendaItem, Attendance, Exchange, Meeting, Observation, Participant
from practicegraph.model.base import (
    AdaptationMode, Id, LongText, Phase, Purpose, ShortText, Subject, Visibility, _Record, _Visible,
)
from practicegraph.model.people import Cluster, Membership, Organisation, Person
from practicegraph.model.practice import Adaptation, Developer, Practice, Resource, RevisedAfter
from practicegraph.model.shape import Reference

Record = Annotated[
    Union[Person, Organisation, Cluster, Membership, Practice, Adaptation, Resource, Observation, Exchange, Meeting,
          Attendance],
    Field(discriminator="type"),
]
RECORD_CLASSES: tuple[type[_Record], ...] = get_args(get_args(Record)[0])
RECORD_TYPES: tuple[str, ...] = tuple(get_args(c.model_fields["type"].annotation)[0] for c in RECORD_CLASSES)
RECORD_CLASS_BY_TYPE: dict[str, type[_Record]] = dict(zip(RECORD_TYPES, RECORD_CLASSES))
_record_adapter: TypeAdapter = TypeAdapter(Record)


def parse_record(data: object) -> _Record:
    """Validate one record (raises pydantic.ValidationError)."""
    return _record_adapter.validate_python(data)


def references(record: _Record) -> list[tuple[str, str, tuple[str, ...]]]:
    """(field, id, allowed types) for every id this record points at."""
    return [(r.field, r.id, r.types) for r in record.references()]


__all__ = [
    "AdaptationMode", "Adaptation", "AgendaItem", "Attendance", "Cluster", "Developer", "Exchange", "Id", "LongText",
    "Meeting", "Membership", "Observation", "Organisation", "Participant", "Person", "Phase", "Practice",
    "Purpose", "RECORD_CLASSES", "RECORD_CLASS_BY_TYPE", "RECORD_TYPES", "Record", "Reference", "Resource",
    "RevisedAfter", "ShortText", "Subject", "Visibility", "_Record", "_Visible", "parse_record",
    "references",
]
