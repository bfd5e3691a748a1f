"""Response models of the research endpoints (api/research.py): the contract that
/openapi.json documents. Built with model_validate from the research layer's plain dicts;
extra="forbid" (ApiModel) makes an undeclared key a server error, not a silent change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field

from practicegraph.api.responses.base import ApiModel

Number = float | None


# survey networks -------------------------------------------------------------------
class NetworkItem(ApiModel):
    name: str
    innovation: str
    time_unit: str
    people: int
    adopters: int
    groups: int
    ties: int
    ties_by_relation: dict[str, int]


class NetworksResponse(ApiModel):
    count: int
    networks: list[NetworkItem]


class CurvePoint(ApiModel):
    period: int
    new_adopters: int
    cumulative: int
    cumulative_share: float
    at_risk: int
    hazard: Number = Field(description="new adopters / not yet adopted at the start of the period")


class ExposureRow(ApiModel):
    relation: str = Field(description="a relation, or 'all' for any relation")
    adopters_with_ties: int
    mean_threshold: Number = Field(description="mean exposure in the period of adoption")
    median_threshold: Number
    mean_exposure_before: Number = Field(description="mean exposure in the period before adoption")
    share_adopting_with_no_adopter_alter: Number


class AdopterCategories(ApiModel):
    mean_time: Number
    sd_time: Number
    valente: dict[str, int] = Field(description="netdiffuseR's classify_adopters: by mean ± sd")
    rogers: dict[str, int] = Field(description="Rogers' five: innovators below mean - 2 sd")


class GroupRow(ApiModel):
    group: str
    people: int
    adopters: int
    mean_time: Number
    first: Number
    last: Number


class NetworkDiffusionResponse(ApiModel):
    name: str
    innovation: str
    time_unit: str
    first_period_label: str | None
    group_kind: str
    people: int
    adopters: int
    groups: int
    ties: int
    distinct_pairs: int
    density: float
    relations: dict[str, int]
    left_out: dict[str, int] = Field(description="nominations left out on import, by reason")
    adoption_curve: list[CurvePoint]
    exposure_at_adoption: list[ExposureRow]
    adopter_categories: AdopterCategories
    by_group: list[GroupRow]


# cascades ---------------------------------------------------------------------------
class ModeShare(ApiModel):
    count: int
    share: Number


class GenerationGap(ApiModel):
    generation: int
    adaptations: int
    median_days: float
    min_days: int
    max_days: int


class TreeEdge(ApiModel):
    practice: str
    source: str
    generation: int
    mode: str | None
    date: dt.date | None
    organisation: str | None
    cluster: str | None


class CascadeSummary(ApiModel):
    root: str
    title: str
    size: int
    depth: int
    max_breadth: int
    breadth_by_generation: list[int]
    structural_virality: float = Field(description="mean pairwise distance in the cascade tree (exact)")
    hops: dict[str, int] = Field(description="cross_school/cluster/region/country and known_* counts")
    modes: dict[str, ModeShare]
    days_to_generation: list[GenerationGap]
    schools_reached: int
    clusters_reached: int


class CascadeResponse(CascadeSummary):
    practice: str
    tree: list[TreeEdge]


class Broker(ApiModel):
    organisation: str
    name: str
    betweenness: float
    schools_linked: int


class ClusterFlow(ApiModel):
    cluster: str
    name: str
    kind: str | None
    exports: int
    imports: int
    within: int
    net: int
    role: str


class CascadesResponse(ApiModel):
    practices: int
    adaptations: int
    cascades: int
    largest: int
    mean_size: Number
    deepest: int
    hops: dict[str, int]
    modes: dict[str, ModeShare]
    median_days_to_adaptation: Number
    brokers: list[Broker] = Field(description="schools by betweenness; people are never ranked")
    cluster_flows: list[ClusterFlow]
    by_cascade: list[CascadeSummary]


# cluster health ---------------------------------------------------------------------
class Regularity(ApiModel):
    median_gap_days: Number
    longest_gap_days: int | None
    gap_cv: Number
    longest_monthly_streak: int
    streak_at_end: int


class Attendance(ApiModel):
    mean_rate: Number
    trend_per_year: Number
    venue_school_rate: Number
    other_schools_rate: Number
    mean_attendees: Number


class Agenda(ApiModel):
    content_share: Number
    first_meeting_content_share: Number
    later_content_share: Number
    drift_per_year: Number


class Churn(ApiModel):
    joined: int
    left: int
    mean_members: Number
    leavers_per_member_year: Number


class Leadership(ApiModel):
    leaders: int
    changes: int


class MeetingPoint(ApiModel):
    date: dt.date
    attendees: int
    members: int
    attendance_rate: Number
    venue_school_rate: Number
    other_schools_rate: Number
    content_items: int
    admin_items: int
    content_share: Number


class ClusterHealthResponse(ApiModel):
    cluster: str
    name: str
    kind: str | None
    meetings: int
    first_meeting: dt.date | None
    last_meeting: dt.date | None
    regularity: Regularity
    attendance: Attendance
    agenda: Agenda
    churn: Churn
    leadership: Leadership
    timeline: list[MeetingPoint] = Field(description="one row per meeting; aggregates, no names")


class Persistence(ApiModel):
    clusters: int
    caveat: str
    reference_day: dt.date | None = None
    still_meeting: int | None = None
    stopped: int | None = None
    note: str | None = None
    auc: dict[str, Number] | None = None
    coefficients: dict[str, float] | None = None
    leave_one_out_accuracy: Number = None
    base_rate_accuracy: Number = None


class ComparisonResponse(ApiModel):
    measures: list[str]
    by_kind: dict[str, dict[str, Number]] = Field(description="kind -> clusters and the median of each measure")
    clusters: list[dict[str, Any]]
    persistence: Persistence
