"""GET /api/v1/facets and /api/v1/people/{id}, rendered from queries.facets and
queries.people."""

from __future__ import annotations

from pydantic import Field

from practicegraph.api.responses.base import ApiModel
from practicegraph.queries.facets import Choice, Facets


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
