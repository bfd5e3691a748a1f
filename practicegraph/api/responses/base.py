"""The base of every response model, the error envelope and health.

A response model is built from a query's dataclasses with explicit keyword arguments and
rendered with `exclude_unset`: a field that may be absent from the JSON is declared
`Absent()` and is simply not passed, so "absent" and "null" stay distinct, as clients see
them (and as the schema says).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_serializer


class RenderError(RuntimeError):
    """A response model could not be built from the server's own data: a bug (HTTP 500),
    never the client's fault, so never the 422 a pydantic ValidationError would give."""


class ApiModel(BaseModel):
    # extra="forbid" also puts additionalProperties: false in the schema, so a key the
    # server adds without declaring it fails the schema checks
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise RenderError(f"cannot render {type(self).__name__}: {exc}") from exc

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


def _drop_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def Absent(description: str | None = None) -> Any:
    """A field left out of the JSON when it does not apply; never null when present.

    Annotate it with its present type (`edge: LineageEdgeItem = Absent()`): the schema then
    rejects null, and the renderer simply does not pass it."""
    return Field(default=None, description=description, json_schema_extra=_drop_default)


class ErrorDetail(BaseModel):
    """One problem: which record (index) or parameter (field), and why."""

    # other keys may be added by new kinds of error; these are the ones known today
    model_config = ConfigDict(extra="allow")

    index: int | None = Field(default=None, description="Position of the record in the request body")
    field: str | None = Field(default=None, description="The field or parameter at fault")
    reason: str | None = None
    id: str | None = Field(default=None, description="The record's id, when it has one")
    type: str | None = Field(default=None, description="The record's type")
    _order: tuple[str, ...] = PrivateAttr(default=())

    @classmethod
    def of(cls, detail: dict[str, Any]) -> "ErrorDetail":
        made = cls(**detail)
        made._order = tuple(detail)
        return made

    @model_serializer(mode="wrap")
    def _in_given_order(self, handler):
        # keys in the order the error handler gave them, as the envelope always had them
        data = handler(self)
        rank = {k: i for i, k in enumerate(self._order)}
        return dict(sorted(data.items(), key=lambda kv: rank.get(kv[0], len(rank))))


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
                                   details=[ErrorDetail.of(d) for d in details or []]))


class HealthResponse(ApiModel):
    status: Literal["ok"]


class ReadyResponse(ApiModel):
    status: Literal["ready"]
