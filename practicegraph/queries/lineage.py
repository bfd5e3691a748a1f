"""How a practice travelled: ancestors and descendants, depth-capped and cycle-safe.

Breadth-first over the store's one-hop lineage edges (ADAPTED_FROM, VERSION_OF,
REVISED_AFTER), so both stores share one traversal. Every node keeps all its developers:
an adaptation is a co-authored version, never a mere copy, and a source revised after its
adopters' feedback points back at them.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt

from practicegraph.errors import NotFound
from practicegraph.graph.port import GraphStore
from practicegraph.graph.types import Direction, LineageEdge, PracticeSummary, Viewer

MAX_DEPTH = 10

_EDGE_NAMES = {"ADAPTED_FROM": "adapted_from", "VERSION_OF": "version_of", "REVISED_AFTER": "revised_after"}


@dataclass(frozen=True)
class LineageLink:
    """child -> parent, with what the adaptation (or revision) says; None: not recorded."""

    kind: str  # adapted_from | version_of | revised_after
    child: str
    parent: str
    mode: str | None = None
    what_changed: str | None = None
    why: str | None = None
    new_context: str | None = None
    how_learned: str | None = None
    round: int | None = None
    date: dt.date | None = None

    @classmethod
    def of(cls, edge: LineageEdge) -> "LineageLink":
        return cls(_EDGE_NAMES.get(edge.kind, edge.kind.lower()), edge.child, edge.parent,
                   **{k: v for k, v in edge.props.items() if v is not None})


@dataclass
class LineageTree:
    """One practice in a nested lineage view; `via` is the link that led to it.

    `branches` (sources upwards, adaptations downwards) is None at the depth cap and for a
    practice already shown above (reached again by another path or a cycle).
    """

    practice: PracticeSummary
    via: LineageLink | None = None
    seen_above: bool = False
    branches: list["LineageTree"] | None = None


@dataclass
class Lineage:
    root: str
    direction: str
    depth: int
    nodes: dict[str, PracticeSummary]
    edges: list[LineageLink]
    truncated: bool  # more generations exist beyond the depth cap
    ancestors: LineageTree | None = None
    descendants: LineageTree | None = None


def _tree(root: str, nodes: dict[str, PracticeSummary], edges: list[LineageLink], depth: int,
          up: bool) -> LineageTree:
    links: dict[str, list[LineageLink]] = {}
    for e in edges:
        # a revision is a new version of its source, not an adaptation of the practice it learnt
        # from: downwards it hangs under its earlier version only (the edge stays in `edges`)
        if up or e.kind != "revised_after":
            links.setdefault(e.child if up else e.parent, []).append(e)
    placed: set[str] = set()

    def build(pid: str, via: LineageLink | None, level: int) -> LineageTree:
        node = LineageTree(nodes[pid], via)
        if pid in placed:
            node.seen_above = True
            return node
        placed.add(pid)
        if level < depth:
            node.branches = [build(e.parent if up else e.child, e, level + 1)
                             for e in sorted(links.get(pid, []), key=lambda e: (e.kind, e.child, e.parent))]
        return node

    return build(root, None, 0)


def lineage(store: GraphStore, practice_id: str, *, direction: Direction = "both", depth: int = 3,
            viewer: Viewer = Viewer()) -> Lineage:
    depth = max(1, min(int(depth), MAX_DEPTH))
    root = store.practices([practice_id], viewer)
    if not root:
        raise NotFound(f"no practice '{practice_id}'")
    edges: dict[tuple[str, str, str], LineageEdge] = {}
    truncated = False
    for step, way in _directions(direction):
        seen = {practice_id}
        frontier = {practice_id}
        for level in range(depth + 1):
            if not frontier:
                break
            hop = [e for e in store.lineage_edges(sorted(frontier), way, viewer)
                   if (e.child in frontier if step == "up" else e.parent in frontier)]
            if level == depth:
                truncated = truncated or any((e.parent if step == "up" else e.child) not in seen for e in hop)
                break
            nxt = set()
            for e in hop:
                edges[(e.kind, e.child, e.parent)] = e
                other = e.parent if step == "up" else e.child
                if other not in seen:  # cycle-safe: each practice is expanded once
                    seen.add(other)
                    nxt.add(other)
            frontier = nxt
    ids = {practice_id} | {e.child for e in edges.values()} | {e.parent for e in edges.values()}
    nodes = {p.id: p for p in store.practices(sorted(ids), viewer)}
    if practice_id not in nodes:  # gone between the two reads: the same answer as absent
        raise NotFound(f"no practice '{practice_id}'")
    kept = [e for e in edges.values() if e.child in nodes and e.parent in nodes]
    kept.sort(key=lambda e: (e.kind, e.child, e.parent))
    links = [LineageLink.of(e) for e in kept]
    up = _tree(practice_id, nodes, links, depth, up=True) if direction in ("ancestors", "both") else None
    down = _tree(practice_id, nodes, links, depth, up=False) if direction in ("descendants", "both") else None
    return Lineage(practice_id, direction, depth, nodes, links, truncated, up, down)


def _directions(direction: Direction):
    if direction in ("ancestors", "both"):
        yield "up", "ancestors"
    if direction in ("descendants", "both"):
        yield "down", "descendants"
