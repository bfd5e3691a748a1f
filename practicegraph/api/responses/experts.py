"""GET /api/v1/experts: peers ranked by evidence, rendered from queries.expertise.Expert."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from practicegraph.api.responses.base import Absent, ApiModel
from practicegraph.queries.evidence_lines import EvidenceLine, strengths
from practicegraph.queries.expertise import Expert

MAX_EVIDENCE_SHOWN = 5  # lines per person; evidence_count says how many there are in all


class PracticeRef(ApiModel):
    id: str
    title: str | None


class MatchScores(ApiModel):
    meaning: float = Field(description="Cosine similarity of the question and the text (0 when below the cut-off)")
    words: float = Field(description="Full-text score scaled to the best hit (0..1)")


class EvidenceItem(ApiModel):
    """Everything the person did with one practice, in one line."""

    kind: str = Field(description="The strongest kind of evidence: developed | co-developed | adapted | "
                                  "model-lesson | observed | mentored")
    kinds: list[str] = Field(description="Every kind of evidence for this practice, strongest first")
    what: str = Field(description="In words, with years and counts: 'developed 2022; demonstrated in a model "
                                  "lesson 2024; observed twice 2023–2024'")
    date: dt.date | None = Field(description="The latest dated piece")
    practice: PracticeRef | None = Field(description="null only for an observation that names no practice you may "
                                                     "see; `summary` then says what was observed")
    source: str | None = Field(description="The best observation or exchange behind it")
    sources: list[str] = Field(description="Every observation or exchange behind it")
    summary: str | None = Field(description="Its visible summary (focus, what worked)")
    matched: MatchScores
    contribution: float = Field(description="What this line adds to the person's score")
    why: str = Field(description="In words: what the person did and how it matches the question")

    @classmethod
    def of(cls, line: EvidenceLine) -> "EvidenceItem":
        m = line.match
        return cls(kind=line.kinds[0], kinds=line.kinds, what=line.what, date=line.date,
                   practice=PracticeRef(id=line.practice_id, title=line.practice_title) if line.practice_id else None,
                   source=line.sources[0] if line.sources else None, sources=line.sources, summary=line.note,
                   matched=MatchScores(meaning=round(m.meaning, 3), words=round(m.words, 3)),
                   contribution=round(line.contribution, 4), why=line.why())


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
    strength: int = Field(ge=0, le=100, description=(
        "How strong this person's evidence is, 0-100, relative to the best answer to this question (100). "
        "Evidence counts by kind (developed > co-developed > adapted > model lesson > observed > mentored), "
        "by how closely it matches the question and by age (half the weight after four years); several "
        "practices add up with diminishing returns. Compare people within one answer, not across questions."))
    score: float = Field(description="The raw evidence score strength is scaled from (comparable within one answer only)")
    evidence_count: int = Field(description="Practices (lines) with evidence in all")
    evidence: list[EvidenceItem] = Field(description=f"One line per practice, the best {MAX_EVIDENCE_SHOWN}, best first")
    introduction: Introduction | None = Field(
        default=None, json_schema_extra=_nullable_when_present,
        description="Who can introduce you (signed-in askers only): null when no trusted path "
                    "of at most three hops exists")

    @classmethod
    def of(cls, e: Expert, strength: int) -> "ExpertItem":
        person = PersonCard(id=e.person_id, name=e.name,
                            organisations=[OrganisationItem(id=o.id, name=o.name, region=o.region)
                                           for o in e.organisations],
                            clusters=[ClusterItem(id=c.id, name=c.name) for c in e.clusters])
        lines = e.lines
        return cls(person=person, strength=strength, score=round(e.score, 4), evidence_count=len(lines),
                   evidence=[EvidenceItem.of(line) for line in lines[:MAX_EVIDENCE_SHOWN]])


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
                   results=[ExpertItem.of(e, s) for e, s in zip(found, strengths([e.score for e in found]))])
