"""Response models (pydantic v2): they render the queries' dataclasses as JSON and are the
source of every response schema in /openapi.json. One module per area."""

from practicegraph.api.responses.base import ApiModel, ErrorEnvelope, HealthResponse, ReadyResponse
from practicegraph.api.responses.experts import ExpertsResponse
from practicegraph.api.responses.practices import LineageResponse, PracticeResponse
from practicegraph.api.responses.records import IngestResponse

__all__ = ["ApiModel", "ErrorEnvelope", "ExpertsResponse", "HealthResponse", "ReadyResponse", "IngestResponse",
           "LineageResponse", "PracticeResponse"]
