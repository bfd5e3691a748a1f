""""Who can introduce me?": the shortest trusted path from the asker to each expert.

A directory of good practice fails when nobody can act on it (004). Each expert result
carries the shortest chain of at most three relations the asker may see — a shared
cluster, a co-developed practice, a mentoring or brokered exchange — from the asker to
that person. Breadth-first, one port read per hop; the links come sorted, so the first
path found is the same on every store.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from practicegraph.graph.port import GraphStore
from practicegraph.graph.types import TrustLink, Viewer

MAX_HOPS = 3

_SAYS = {"cluster": "both in the cluster", "co-developed": "co-developed",
         "mentoring": "mentoring exchange", "brokered": "exchange set up by a broker",
         "paired": "paired exchange"}


def introductions(store: GraphStore, asker: str, targets: Sequence[str], viewer: Viewer,
                  today: date, max_hops: int = MAX_HOPS) -> dict[str, dict[str, Any] | None]:
    """target -> {"hops", "path": [step, ...]} or None when no trusted path of at most
    `max_hops` exists. A target who is the asker has a path of no hops."""
    wanted = set(targets)
    came_by: dict[str, TrustLink | None] = {asker: None}
    frontier = [asker]
    for _ in range(max_hops):
        if not frontier or wanted <= came_by.keys():
            break
        reached = []
        for link in store.trusted_links(frontier, viewer, today):
            if link.target not in came_by:
                came_by[link.target] = link
                reached.append(link.target)
        frontier = reached
    return {t: _path(came_by, t) if t in came_by else None for t in targets}


def _path(came_by: dict[str, TrustLink | None], target: str) -> dict[str, Any]:
    steps = []
    at = target
    while came_by[at] is not None:
        link = came_by[at]
        steps.append({"from": link.source, "to": {"id": link.target, "name": link.target_name},
                      "kind": link.kind, "via": {"id": link.via_id, "name": link.via_name},
                      "says": _SAYS.get(link.kind, link.kind)})
        at = link.source
    steps.reverse()
    return {"hops": len(steps), "path": steps}
