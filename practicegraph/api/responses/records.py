"""POST /api/v1/records, rendered from ingest's IngestReport."""

from __future__ import annotations

from practicegraph.api.responses.base import ApiModel
from practicegraph.ingest.pipeline import IngestReport


class IngestResponse(ApiModel):
    """What a load did. 201 when something was written, 200 when all was unchanged."""

    written: int
    unchanged: int
    embedded: int
    similar_links: int

    @classmethod
    def of(cls, report: IngestReport) -> "IngestResponse":
        return cls(written=report.written, unchanged=report.unchanged, embedded=report.embedded,
                   similar_links=report.similar_links)
