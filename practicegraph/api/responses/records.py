"""POST /api/v1/records, rendered from ingest's IngestReport."""

from __future__ import annotations

from typing import Literal

from practicegraph.api.responses.base import ApiModel
from practicegraph.ingest.pipeline import IngestReport


class RecordOutcome(ApiModel):
    """What happened to one record of the batch (an exact repeat within the batch is
    listed once, at its first index)."""

    index: int
    id: str
    type: str
    outcome: Literal["written", "unchanged"]


class IngestResponse(ApiModel):
    """What a load did. 201 when something was written, 200 when all was unchanged."""

    written: int
    unchanged: int
    embedded: int
    similar_links: int
    records: list[RecordOutcome]

    @classmethod
    def of(cls, report: IngestReport) -> "IngestResponse":
        return cls(written=report.written, unchanged=report.unchanged, embedded=report.embedded,
                   similar_links=report.similar_links,
                   records=[RecordOutcome(index=i, id=rid, type=t, outcome=o) for i, rid, t, o in report.outcomes])
