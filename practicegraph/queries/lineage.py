"""How a practice travelled: ancestors and descendants, depth-capped and cycle-safe.

Breadth-first over the store's one-hop lineage edges (ADAPTED_FROM, VERSION_OF,
REVISED_AFTER), so both stores share one traversal. Every node keeps all its developers:
an adaptation is a co-authored version, never a mere copy, and a source revised after its
adopters' feedback points back at them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from practicegraph.errors import NotFound
from practicegraph.graph.port import GraphStore
from practicegraph.graph.types import Direction, LineageEdge, PracticeSummary, Viewer

MAX_DEPTH = 10

_EDGE_NAMES = {"ADAPTED_FROM": "adapted_from", "VERSION_OF": "version_of", "REVISED_AFTER": "revised_after"}


@dataclass
class Lineage:
    root: str
    direction: str
    depth: int
    nodes: dict[str, PracticeSummary]
    edges: list[LineageEdge]
    truncated: bool  # more generations exist beyond the depth cap

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "root": self.root, "direction": self.direction, "depth": self.depth,
            "truncated": self.truncated,
            "nodes": [practice_dict(n) for n in self.nodes.values()],
            "edges": [edge_dict(e) for e in self.edges],
        }
        if self.direction in ("ancestors", "both"):
            out["ancestors"] = self._tree(up=True)
        if self.direction in ("descendants", "both"):
            out["descendants"] = self._tree(up=False)
        return out

    def _tree(self, up: bool) -> dict[str, Any]:
        links: dict[str, list[LineageEdge]] = {}
        for e in self.edges:
            links.setdefault(e.child if up else e.parent, []).append(e)
        placed: set[str] = set()

        def build(pid: str, via: LineageEdge | None, level: int) -> dict[str, Any]:
            node = {"practice": practice_dict(self.nodes[pid]) if pid in self.nodes else {"id": pid}}
            if via is not None:
                node["edge"] = edge_dict(via)
            if pid in placed:  # reached again by another path (or a cycle): shown once
                node["seen_above"] = True
                return node
            placed.add(pid)
            branch = "sources" if up else "adaptations"
            if level < self.depth:
                node[branch] = [build(e.parent if up else e.child, e, level + 1)
                                for e in sorted(links.get(pid, []), key=lambda e: (e.kind, e.child, e.parent))]
            return node

        return build(self.root, None, 0)


def practice_dict(p: PracticeSummary) -> dict[str, Any]:
    return {"id": p.id, "title": p.title, "subject": p.subject, "phase": p.phase,
            "version": p.version, "organisation": p.organisation, "cluster": p.cluster,
            "date": p.date.isoformat() if p.date else None,
            "developers": [{"id": i, "name": n, "role": r} for i, n, r in p.developers]}


def edge_dict(e: LineageEdge) -> dict[str, Any]:
    props = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in e.props.items()}
    return {"kind": _EDGE_NAMES.get(e.kind, e.kind.lower()), "from": e.child, "to": e.parent, **props}


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
    kept = [e for e in edges.values() if e.child in nodes and e.parent in nodes]
    kept.sort(key=lambda e: (e.kind, e.child, e.parent))
    return Lineage(practice_id, direction, depth, nodes, kept, truncated)


def _directions(direction: Direction):
    if direction in ("ancestors", "both"):
        yield "up", "ancestors"
    if direction in ("descendants", "both"):
        yield "down", "descendants"
