"""The base of every response model, the error envelope and health.

A response model is built from a query's dataclasses with explicit keyword arguments and
rendered with `exclude_unset`: a field that may be absent from the JSON has a default and
is simply not passed, so "absent" and "null" stay distinct, as clients see them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ApiModel(BaseModel):
    # extra="forbid" also puts additionalProperties: false in the schema, so a key the
    # server adds without declaring it fails the schema checks
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


class ErrorDetail(BaseModel):
    """One problem: which record (index) or parameter (field), and why."""

    # other keys may be added by new kinds of error; these are the ones known today
    model_config = ConfigDict(extra="allow")

    index: int | None = Field(default=None, description="Position of the record in the request body")
    field: str | None = Field(default=None, description="The field or parameter at fault")
    reason: str | None = None
    id: str | None = Field(default=None, description="The record's id, when it has one")
    type: str | None = Field(default=None, description="The record's type")


class ErrorBody(ApiModel):
    code: str = Field(description="Stable, machine-readable: not_found, invalid_parameters, conflict, ...")
    message: str = Field(description="For people")
    details: list[ErrorDetail]


class ErrorEnvelope(ApiModel):
    """Every 4xx and 5xx: {"error": {"code", "message", "details"}}."""

    error: ErrorBody

    @classmethod
    def of(cls, code: str, message: str, details: list[dict[str, Any]] | None = None) -> "ErrorEnvelope":
        return cls(error=ErrorBody(code=code, message=message,
                                   details=[ErrorDetail(**d) for d in details or []]))


class HealthResponse(ApiModel):
    status: Literal["ok"]
