"""GET /api/v1/facets and /api/v1/people/{id}, rendered from queries.facets and
queries.people."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from practicegraph.api.responses.base import ApiModel
from practicegraph.api.responses.experts import ClusterItem, OrganisationItem, PersonCard, PracticeRef
from practicegraph.queries.facets import Choice, Facets
from practicegraph.queries.people import PersonView


class FacetChoice(ApiModel):
    id: str = Field(description="What the filter takes (its name works too, case-insensitive, or a prefix)")
    name: str
    count: int = Field(description="Subjects and phases: practices you may see; regions, clusters and "
                                   "schools: people who belong there now")

    @classmethod
    def of(cls, c: Choice) -> "FacetChoice":
        return cls(id=c.id, name=c.name, count=c.count)


class FacetsResponse(ApiModel):
    """The values each /experts filter accepts, with counts over what you may see."""

    subjects: list[FacetChoice]
    phases: list[FacetChoice]
    regions: list[FacetChoice]
    clusters: list[FacetChoice]
    schools: list[FacetChoice] = Field(description="Schools and colleges: the `organisation` filter")

    @classmethod
    def of(cls, f: Facets) -> "FacetsResponse":
        return cls(**{name: [FacetChoice.of(c) for c in getattr(f, name)]
                      for name in ("subjects", "phases", "regions", "clusters", "schools")})


class PersonPractice(ApiModel):
    id: str
    title: str
    subject: str | None
    phase: str | None
    kind: str = Field(description="developed | co-developed | adapted (from a practice you may see)")
    date: dt.date | None


class PersonAdaptation(ApiModel):
    practice: PracticeRef = Field(description="The person's adaptation")
    source: PracticeRef = Field(description="The practice it adapts")
    mode: str | None = Field(description="replication | adaptive | exchange")
    what_changed: str | None


class PersonActivityItem(ApiModel):
    """Counts over records you may see; developmental observations only, never evaluative."""

    observed: int = Field(description="Observations of their teaching")
    model_lessons: int = Field(description="Model lessons they gave")
    exchanges: int = Field(description="Exchanges (mentoring, coaching, visits) they took part in")
    mentored: int = Field(description="Of those, the ones in which they mentored, facilitated or brokered")


class PersonResponse(ApiModel):
    person: PersonCard = Field(description="Who, and where to reach them now")
    practices: list[PersonPractice] = Field(description="Newest first")
    adaptations: list[PersonAdaptation]
    activity: PersonActivityItem

    @classmethod
    def of(cls, view: PersonView) -> "PersonResponse":
        p, prof = view.person, view.profile
        titles = {x.id: x.title for x in prof.practices}
        card = PersonCard(id=p.id, name=p.name,
                          organisations=[OrganisationItem(id=i, name=n, region=r) for i, n, r in p.organisations],
                          clusters=[ClusterItem(id=i, name=n) for i, n in p.clusters])
        a = prof.activity
        return cls(person=card,
                   practices=[PersonPractice(id=x.id, title=x.title, subject=x.subject, phase=x.phase,
                                             kind=x.kind, date=x.date) for x in prof.practices],
                   adaptations=[PersonAdaptation(practice=PracticeRef(id=x.practice_id, title=titles.get(x.practice_id)),
                                                 source=PracticeRef(id=x.source_id, title=x.source_title),
                                                 mode=x.mode, what_changed=x.what_changed)
                                for x in prof.adaptations],
                   activity=PersonActivityItem(observed=a.observed, model_lessons=a.model_lessons,
                                               exchanges=a.exchanges, mentored=a.mentored))
