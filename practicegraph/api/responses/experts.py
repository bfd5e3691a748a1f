"""GET /api/v1/experts: peers ranked by evidence, rendered from queries.expertise.Expert."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from practicegraph.api.responses.base import Absent, ApiModel
from practicegraph.queries.expertise import Expert, ScoredEvidence

MAX_EVIDENCE_SHOWN = 5  # per person; evidence_count says how many there are in all


class PracticeRef(ApiModel):
    id: str
    title: str | None


class MatchScores(ApiModel):
    meaning: float = Field(description="Cosine similarity of the question and the text (0 when below the cut-off)")
    words: float = Field(description="Full-text score scaled to the best hit (0..1)")


class EvidenceItem(ApiModel):
    kind: str = Field(description="developed | co-developed | adapted | model-lesson | observed | mentored")
    date: dt.date | None
    practice: PracticeRef | None
    source: str | None = Field(description="The observation or exchange behind it")
    summary: str | None = Field(description="Its visible summary (focus, what worked)")
    matched: MatchScores
    contribution: float
    why: str = Field(description="In words: what the person did and how it matches the question")

    @classmethod
    def of(cls, ev: ScoredEvidence) -> "EvidenceItem":
        r = ev.row
        return cls(kind=r.kind, date=r.date,
                   practice=PracticeRef(id=r.practice_id, title=r.practice_title) if r.practice_id else None,
                   source=r.source_id, summary=r.source_text,
                   matched=MatchScores(meaning=round(ev.match.meaning, 3), words=round(ev.match.words, 3)),
                   contribution=round(ev.contribution, 4), why=ev.why)


class OrganisationItem(ApiModel):
    id: str
    name: str
    region: str | None


class ClusterItem(ApiModel):
    id: str
    name: str


class PersonCard(ApiModel):
    """Who, and where to reach them: current schools or colleges and clusters."""

    id: str
    name: str
    organisations: list[OrganisationItem]
    clusters: list[ClusterItem]


class PersonRef(ApiModel):
    id: str
    name: str


class RecordRef(ApiModel):
    id: str
    name: str | None


class IntroductionStep(ApiModel):
    from_: str = Field(alias="from", description="The person this step starts from")
    to: PersonRef
    kind: Literal["cluster", "co-developed", "mentoring", "brokered", "paired"]
    via: RecordRef = Field(description="The cluster, practice or exchange that links them")
    says: str


class Introduction(ApiModel):
    """The shortest trusted path from the signed-in asker to this person, built only from
    relations the asker may see."""

    hops: int = Field(ge=0, le=3)
    path: list[IntroductionStep]


def _nullable_when_present(schema: dict) -> None:
    schema.pop("default", None)


class ExpertItem(ApiModel):
    person: PersonCard
    score: float
    evidence_count: int
    evidence: list[EvidenceItem] = Field(description=f"The best {MAX_EVIDENCE_SHOWN} pieces, best first")
    introduction: Introduction | None = Field(
        default=None, json_schema_extra=_nullable_when_present,
        description="Who can introduce you (signed-in askers only): null when no trusted path "
                    "of at most three hops exists")

    @classmethod
    def of(cls, e: Expert) -> "ExpertItem":
        person = PersonCard(id=e.person_id, name=e.name,
                            organisations=[OrganisationItem(id=o.id, name=o.name, region=o.region)
                                           for o in e.organisations],
                            clusters=[ClusterItem(id=c.id, name=c.name) for c in e.clusters])
        return cls(person=person, score=round(e.score, 4), evidence_count=len(e.evidence),
                   evidence=[EvidenceItem.of(ev) for ev in e.evidence[:MAX_EVIDENCE_SHOWN]])


class ExpertFilters(ApiModel):
    """The filters given (absent ones are left out)."""

    subject: str = Absent()
    phase: Literal["early-years", "primary", "secondary", "fe", "all"] = Absent()
    organisation: str = Absent()
    cluster: str = Absent()
    region: str = Absent()


class ExpertsResponse(ApiModel):
    query: str
    filters: ExpertFilters
    count: int
    results: list[ExpertItem]

    @classmethod
    def of(cls, question: str, filters: dict[str, str], found: list[Expert]) -> "ExpertsResponse":
        return cls(query=question, filters=ExpertFilters(**filters), count=len(found),
                   results=[ExpertItem.of(e) for e in found])
