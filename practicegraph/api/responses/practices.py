"""GET /api/v1/practices/{id} and .../lineage, rendered from queries.practices and
queries.lineage."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from practicegraph.api.responses.base import Absent, ApiModel
from practicegraph.graph.types import PracticeSummary
from practicegraph.queries.lineage import Lineage, LineageLink, LineageTree
from practicegraph.queries.practices import LinkedPractice, PracticeView


class PracticeDeveloper(ApiModel):
    id: str
    name: str
    role: str


class PracticeCard(ApiModel):
    """A practice with all its developers (an adaptation is co-authored, never a copy)."""

    id: str
    title: str
    subject: str | None
    phase: str | None
    version: int
    organisation: str | None
    cluster: str | None
    date: dt.date | None
    developers: list[PracticeDeveloper]

    @classmethod
    def fields_of(cls, p: PracticeSummary) -> dict:
        return dict(id=p.id, title=p.title, subject=p.subject, phase=p.phase, version=p.version,
                    organisation=p.organisation, cluster=p.cluster, date=p.date,
                    developers=[PracticeDeveloper(id=i, name=n, role=r) for i, n, r in p.developers])

    @classmethod
    def of(cls, p: PracticeSummary) -> "PracticeCard":
        return cls(**cls.fields_of(p))


class LineageEdgeItem(ApiModel):
    """child (`from`) -> parent (`to`); the other keys appear when they were recorded."""

    kind: str = Field(description="adapted_from | version_of | revised_after")
    from_: str = Field(alias="from", description="The newer practice")
    to: str = Field(description="The practice it came from (or was revised after)")
    mode: str = Absent("replication | adaptive | exchange")
    what_changed: str = Absent()
    why: str = Absent()
    new_context: str = Absent()
    how_learned: str = Absent()
    round: int = Absent()
    date: dt.date = Absent()

    @classmethod
    def fields_of(cls, link: LineageLink) -> dict:
        recorded = {k: getattr(link, k) for k in
                    ("mode", "what_changed", "why", "new_context", "how_learned", "round", "date")}
        return {"kind": link.kind, "from_": link.child, "to": link.parent,
                **{k: v for k, v in recorded.items() if v is not None}}

    @classmethod
    def of(cls, link: LineageLink) -> "LineageEdgeItem":
        return cls(**cls.fields_of(link))


class LinkedPracticeItem(LineageEdgeItem):
    title: str | None = Field(description="The practice at the other end (null if you may not see it)")

    @classmethod
    def of_linked(cls, linked: LinkedPractice) -> "LinkedPracticeItem":
        return cls(**cls.fields_of(linked.link), title=linked.title)


class SimilarPracticeItem(ApiModel):
    id: str
    title: str | None
    score: float


class PracticeResponse(PracticeCard):
    organisation_name: str | None = Field(description="The name of the school or college `organisation` names")
    cluster_name: str | None = Field(description="The name of the cluster `cluster` names")
    description: str
    context: str | None
    tags: list[str]
    visibility: str
    adapted_from: list[LinkedPracticeItem]
    adapted_by: list[LinkedPracticeItem]
    similar: list[SimilarPracticeItem]

    @classmethod
    def of_view(cls, v: PracticeView) -> "PracticeResponse":
        names = v.place_names
        return cls(**PracticeCard.fields_of(v.summary), organisation_name=names.get(v.summary.organisation or ""),
                   cluster_name=names.get(v.summary.cluster or ""), description=v.description, context=v.context,
                   tags=list(v.tags), visibility=v.summary.visibility,
                   adapted_from=[LinkedPracticeItem.of_linked(x) for x in v.adapted_from],
                   adapted_by=[LinkedPracticeItem.of_linked(x) for x in v.adapted_by],
                   similar=[SimilarPracticeItem(id=s.id, title=s.title, score=round(s.score, 3))
                            for s in v.similar])


class _TreeNode(ApiModel):
    practice: PracticeCard
    edge: LineageEdgeItem = Absent("The link that led here (absent at the root)")
    seen_above: Literal[True] = Absent("Shown once already (another path, or a cycle); present only then")

    @classmethod
    def base_fields(cls, node: LineageTree) -> dict:
        out: dict = {"practice": PracticeCard.of(node.practice)}
        if node.via is not None:
            out["edge"] = LineageEdgeItem.of(node.via)
        if node.seen_above:
            out["seen_above"] = True
        return out


class SourceTree(_TreeNode):
    """An ancestor tree: each practice with the practices it came from."""

    sources: list["SourceTree"] = Absent("Absent at the depth cap and for a practice seen above")

    @classmethod
    def of(cls, node: LineageTree) -> "SourceTree":
        out = cls.base_fields(node)
        if node.branches is not None:
            out["sources"] = [cls.of(b) for b in node.branches]
        return cls(**out)


class AdaptationTree(_TreeNode):
    """A descendant tree: each practice with the adaptations made from it."""

    adaptations: list["AdaptationTree"] = Absent("Absent at the depth cap and for a practice seen above")

    @classmethod
    def of(cls, node: LineageTree) -> "AdaptationTree":
        out = cls.base_fields(node)
        if node.branches is not None:
            out["adaptations"] = [cls.of(b) for b in node.branches]
        return cls(**out)


class LineageResponse(ApiModel):
    root: str
    direction: Literal["ancestors", "descendants", "both"]
    depth: int
    truncated: bool = Field(description="More generations exist beyond the depth")
    nodes: list[PracticeCard]
    edges: list[LineageEdgeItem]
    ancestors: SourceTree = Absent("With direction ancestors or both")
    descendants: AdaptationTree = Absent("With direction descendants or both")

    @classmethod
    def of(cls, result: Lineage) -> "LineageResponse":
        out: dict = dict(root=result.root, direction=result.direction, depth=result.depth,
                         truncated=result.truncated, nodes=[PracticeCard.of(n) for n in result.nodes.values()],
                         edges=[LineageEdgeItem.of(e) for e in result.edges])
        if result.ancestors is not None:
            out["ancestors"] = SourceTree.of(result.ancestors)
        if result.descendants is not None:
            out["descendants"] = AdaptationTree.of(result.descendants)
        return cls(**out)
