"""POST /api/v1/records, rendered from ingest's IngestReport."""

from __future__ import annotations

from typing import Literal

from practicegraph.api.responses.base import ApiModel
from practicegraph.ingest.pipeline import IngestReport


class RecordOutcomeItem(ApiModel):
    """One record of the request: written, or unchanged (already stored as sent)."""

    index: int | None
    id: str
    type: str
    outcome: Literal["written", "unchanged"]


class IngestResponse(ApiModel):
    """What a load did. 201 when something was written, 200 when all was unchanged.
    (A refused record is in the 409/422 error's details with its index and reason, and
    then nothing is written.) `visible_to` counts the records by who may see them."""

    written: int
    unchanged: int
    embedded: int
    similar_links: int
    records: list[RecordOutcomeItem]
    visible_to: dict[Literal["public", "cluster", "org", "pair", "private"], int]

    @classmethod
    def of(cls, report: IngestReport) -> "IngestResponse":
        return cls(written=report.written, unchanged=report.unchanged, embedded=report.embedded,
                   similar_links=report.similar_links,
                   records=[RecordOutcomeItem(index=o.line, id=o.id, type=o.type, outcome=o.outcome)
                            for o in report.outcomes],
                   visible_to=report.visibility)


class RetractResponse(ApiModel):
    """A retracted record: gone from search, vectors and full text; its id stays."""

    id: str
    retracted: bool
