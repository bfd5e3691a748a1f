"""Request models (pydantic v2): query parameters and bodies; also the source of their
OpenAPI schemas."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints

from practicegraph.graph.types import SearchFilters
from practicegraph.model import Record
from practicegraph.queries.lineage import MAX_DEPTH



class ExpertQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # q is checked as sent: stripping first would refuse a q its schema (2..500 characters) allows
    q: Annotated[str, StringConstraints(strip_whitespace=False, min_length=2, max_length=500)] = Field(
        description="What you want to learn about, in your words")
    subject: str | None = Field(default=None, max_length=200,
                                description="Subject: its name, a prefix or a common synonym (maths, math, "
                                            "numeracy = mathematics); see GET /api/v1/facets")
    phase: Literal["early-years", "primary", "secondary", "fe", "all"] | None = None
    organisation: str | None = Field(default=None, max_length=200,
                                     description="School or college: id or name, case-insensitive, or a prefix")
    cluster: str | None = Field(default=None, max_length=200,
                                description="Cluster: id or name, case-insensitive, or a prefix")
    region: str | None = Field(default=None, max_length=200,
                               description="Region: its name, case-insensitive, or a prefix (Empangeni)")
    limit: int = Field(default=10, ge=1, le=50)

    def filters(self) -> SearchFilters:
        return SearchFilters(subject=self.subject, phase=self.phase, organisation=self.organisation,
                             cluster=self.cluster, region=self.region)


class LineageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    direction: Literal["ancestors", "descendants", "both"] = "both"
    depth: int = Field(default=3, ge=1, le=MAX_DEPTH)


class RecordsEnvelope(BaseModel):
    model_config = ConfigDict(extra="forbid")

    records: list[Record]


class RecordsBody(RootModel[Union[Record, list[Record], RecordsEnvelope]]):
    """A record, a list of records, or {"records": [...]}

    All or nothing, idempotent. This model documents the body: the records route validates
    record by record itself, so that each error names its index (422 invalid_records)."""

    model_config = ConfigDict(json_schema_extra={"examples": [[
        {"type": "person", "id": "t-amina", "name": "Amina Khan"},
        {"type": "practice", "id": "pr-talk-partners", "title": "Talk partners in multigrade maths",
         "description": "Older learners pair with younger ones to explain their working.",
         "subject": "mathematics", "phase": "primary", "visibility": "public",
         "developers": [{"person": "t-amina", "role": "originator", "date": "2024-03-01"}]},
    ]]})
