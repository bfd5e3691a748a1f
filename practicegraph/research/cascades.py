"""How practice travels in the practice graph: adaptation cascades and their measures.

A cascade is everything adapted, directly or through others, from a root practice (one
with no visible source). A practice is where it was recorded (organisation, cluster), or
else where its originator worked on its date. Generations are hops from the root (breadth-first); where a
practice was adapted from two sources in the cascade, the tree keeps the link on the
shortest path (the earliest-dated one on ties), so every cascade is measured as a tree.

- size, depth, breadth per generation;
- structural virality (Goel, Anderson, Hofman & Watts 2015): the mean distance between
  all pairs of nodes of the cascade tree. Computed exactly in linear time, with no
  sampling: in a tree, a pair's path crosses an edge iff the edge separates them, so the
  sum of all pair distances is sum over edges of s * (n - s), s = the size of the subtree
  below the edge (the Wiener index); divided by n(n-1)/2;
- hops that cross a school, a cluster, a region, a country (places.py);
- days between a practice and its adaptation, per generation;
- the share of adaptations by mode (replication / adaptive / exchange);
- brokers: organisations by betweenness in the graph of schools linked by adaptations
  (undirected, networkx; exact up to 500 schools, above that estimated from 500 sampled
  sources with a fixed seed). People are not ranked: development data never becomes a
  league table of individuals;
- clusters that export practice (their practices adapted in another cluster) and import it.

Only what the viewer may see is read (the port's research reads), so hidden practices and
links neither appear nor change a measure.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from statistics import median
from typing import Any

import networkx as nx

from practicegraph.errors import NotFound
from practicegraph.graph.port import GraphStore
from practicegraph.graph.research_types import MembershipRecord, PracticeRecord
from practicegraph.graph.types import Viewer
from practicegraph.research.places import Gazetteer

MODES = ("replication", "adaptive", "exchange")
EXACT_BETWEENNESS_UP_TO = 500


@dataclass
class PracticeGraphData:
    graph: nx.DiGraph  # source -> adaptation, edge attrs: mode, date, how_learned, round
    practices: dict[str, PracticeRecord]
    gazetteer: Gazetteer


def _placed(practices: list[PracticeRecord], memberships: list[MembershipRecord]) -> dict[str, PracticeRecord]:
    """Where each practice is: its recorded organisation and cluster, else those its
    originator (or first developer) belonged to on its date (memberships are time-bounded,
    so a teacher who moved is placed at the school of the time)."""
    held: dict[tuple[str, str], list[MembershipRecord]] = defaultdict(list)
    for m in memberships:
        held[(m.person, m.label)].append(m)

    def at(person: str, label: str, day) -> str | None:
        for m in held.get((person, label), ()):
            if day is None or ((m.since is None or m.since <= day) and (m.until is None or day <= m.until)):
                return m.target
        return None

    out = {}
    for p in practices:
        lead = next((d for d, role in p.developers if role == "originator"), p.developers[0][0] if p.developers else None)
        out[p.id] = replace(p, organisation=p.organisation or (lead and at(lead, "Organisation", p.date)),
                            cluster=p.cluster or (lead and at(lead, "Cluster", p.date)))
    return out


def load(store: GraphStore, viewer: Viewer) -> PracticeGraphData:
    practices = _placed(store.practice_records(viewer), store.membership_history())
    g = nx.DiGraph()
    for link in store.practice_links(viewer):
        if link.kind == "ADAPTED_FROM":
            g.add_edge(link.parent, link.child, mode=link.mode, date=link.date or practices[link.child].date,
                       how_learned=link.how_learned, round=link.round)
    return PracticeGraphData(g, practices, Gazetteer(store.places()))


def roots(g: nx.DiGraph) -> list[str]:
    return sorted(n for n in g if g.in_degree(n) == 0 and g.out_degree(n) > 0)


def cascade_tree(g: nx.DiGraph, root: str, practices: dict[str, PracticeRecord]) -> nx.DiGraph:
    """The breadth-first tree of everything reachable from root; nodes carry `generation`."""
    tree = nx.DiGraph()
    tree.add_node(root, generation=0)
    frontier = [root]
    while frontier:
        nxt: dict[str, tuple] = {}
        for parent in frontier:
            for child in g.successors(parent):
                if child in tree:
                    continue
                when = g.edges[parent, child]["date"]
                key = (str(when) if when else "9999", parent)
                if child not in nxt or key < nxt[child][0]:
                    nxt[child] = (key, parent)
        for child, (_, parent) in sorted(nxt.items()):
            tree.add_node(child, generation=tree.nodes[parent]["generation"] + 1)
            tree.add_edge(parent, child, **g.edges[parent, child])
        frontier = sorted(nxt)
    return tree


def structural_virality(tree: nx.DiGraph, root: str) -> float:
    """Mean pairwise distance in the tree, exactly, in O(n) (see the module docstring)."""
    n = tree.number_of_nodes()
    if n < 2:
        return 0.0
    below: dict[str, int] = {}
    for node in reversed(list(nx.dfs_preorder_nodes(tree, root))):  # children before parents
        below[node] = 1 + sum(below[c] for c in tree.successors(node))
    wiener = sum(below[child] * (n - below[child]) for _, child in tree.edges())
    return wiener / (n * (n - 1) / 2)


def _hops(data: PracticeGraphData, edges) -> dict[str, int]:
    out = Counter()
    for parent, child in edges:
        a, b = (data.practices[parent], data.practices[child])
        wa = data.gazetteer.where(a.organisation, a.cluster)
        wb = data.gazetteer.where(b.organisation, b.cluster)
        out["adaptations"] += 1
        for key, x, y in (("school", wa.organisation, wb.organisation), ("cluster", wa.cluster, wb.cluster),
                          ("region", wa.region, wb.region), ("country", wa.country, wb.country)):
            if x and y:
                out[f"known_{key}"] += 1
                out[f"cross_{key}"] += x != y
    return {k: int(out[k]) for k in ("adaptations", "cross_school", "cross_cluster", "cross_region",
                                     "cross_country", "known_school", "known_cluster", "known_region",
                                     "known_country")}


def _days(data: PracticeGraphData, g: nx.DiGraph, parent: str, child: str) -> int | None:
    start, end = data.practices[parent].date, g.edges[parent, child]["date"]
    return (end - start).days if start and end else None


def _modes(g: nx.DiGraph, edges) -> dict[str, Any]:
    counts = Counter(g.edges[e]["mode"] or "unknown" for e in edges)
    total = sum(counts.values())
    return {m: {"count": int(counts.get(m, 0)), "share": counts.get(m, 0) / total if total else None}
            for m in (*MODES, *(k for k in sorted(counts) if k not in MODES))}


def measure_cascade(data: PracticeGraphData, root: str) -> dict[str, Any]:
    tree = cascade_tree(data.graph, root, data.practices)
    generation = nx.get_node_attributes(tree, "generation")
    breadth = Counter(generation.values())
    gaps: dict[int, list[int]] = {}
    for parent, child in tree.edges():
        days = _days(data, tree, parent, child)
        if days is not None:
            gaps.setdefault(generation[child], []).append(days)
    places = [data.practices[n] for n in tree]
    return {
        "root": root, "title": data.practices[root].title, "size": tree.number_of_nodes(),
        "depth": max(generation.values()), "max_breadth": max(breadth.values()),
        "breadth_by_generation": [int(breadth[g]) for g in range(max(generation.values()) + 1)],
        "structural_virality": structural_virality(tree, root),
        "hops": _hops(data, tree.edges()), "modes": _modes(tree, tree.edges()),
        "days_to_generation": [{"generation": g, "adaptations": len(v), "median_days": median(v),
                                "min_days": min(v), "max_days": max(v)} for g, v in sorted(gaps.items())],
        "schools_reached": len({p.organisation for p in places if p.organisation}),
        "clusters_reached": len({p.cluster for p in places if p.cluster}),
        "tree": [{"practice": child, "source": parent, "generation": generation[child],
                  "mode": tree.edges[parent, child]["mode"], "date": tree.edges[parent, child]["date"],
                  "organisation": data.practices[child].organisation, "cluster": data.practices[child].cluster}
                 for parent, child in sorted(tree.edges(), key=lambda e: (generation[e[1]], e[1]))],
    }


def cascade_report(store: GraphStore, practice_id: str, viewer: Viewer) -> dict[str, Any]:
    """The cascade a practice belongs to, measured from its root."""
    data = load(store, viewer)
    if practice_id not in data.practices:
        raise NotFound(f"no practice '{practice_id}' that you may see")
    if practice_id not in data.graph:
        root = practice_id
        tree = {"root": practice_id, "title": data.practices[practice_id].title, "size": 1, "depth": 0,
                "max_breadth": 1, "breadth_by_generation": [1], "structural_virality": 0.0,
                "hops": _hops(data, []), "modes": _modes(data.graph, []), "days_to_generation": [],
                "schools_reached": int(bool(data.practices[practice_id].organisation)),
                "clusters_reached": int(bool(data.practices[practice_id].cluster)), "tree": []}
        return {"practice": practice_id, **tree}
    ancestors = nx.ancestors(data.graph, practice_id) | {practice_id}
    candidates = sorted(a for a in ancestors if data.graph.in_degree(a) == 0)
    root = min(candidates, key=lambda r: (str(data.practices[r].date or "9999"), r))
    return {"practice": practice_id, **measure_cascade(data, root)}


def brokers(data: PracticeGraphData, limit: int = 10) -> list[dict[str, Any]]:
    schools = nx.Graph()
    for parent, child in data.graph.edges():
        a, b = data.practices[parent].organisation, data.practices[child].organisation
        if a and b and a != b:
            weight = schools.get_edge_data(a, b, {"weight": 0})["weight"]
            schools.add_edge(a, b, weight=weight + 1)
    if schools.number_of_nodes() < 3:
        return []
    k = None if schools.number_of_nodes() <= EXACT_BETWEENNESS_UP_TO else EXACT_BETWEENNESS_UP_TO
    scores = nx.betweenness_centrality(schools, k=k, seed=0 if k else None, normalized=True)
    top = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [{"organisation": o, "name": data.gazetteer.name(o), "betweenness": s,
             "schools_linked": schools.degree(o)} for o, s in top if s > 0]


def cluster_flows(data: PracticeGraphData) -> list[dict[str, Any]]:
    """Per cluster: adaptations of its practices made in other clusters (exports) and
    adaptations made in it from other clusters' practices (imports)."""
    exports, imports, within = Counter(), Counter(), Counter()
    for parent, child in data.graph.edges():
        a, b = data.practices[parent].cluster, data.practices[child].cluster
        if a and b and a != b:
            exports[a] += 1
            imports[b] += 1
        elif a and a == b:
            within[a] += 1
    out = []
    for c in sorted(set(exports) | set(imports) | set(within)):
        out.append({"cluster": c, "name": data.gazetteer.name(c), "kind": data.gazetteer.cluster_kind(c),
                    "exports": exports[c], "imports": imports[c], "within": within[c],
                    "net": exports[c] - imports[c],
                    "role": "exporter" if exports[c] > imports[c] else "importer" if imports[c] > exports[c]
                    else "balanced"})
    return out


def overview(store: GraphStore, viewer: Viewer) -> dict[str, Any]:
    """Every visible cascade, summarised, with brokers and cluster flows."""
    data = load(store, viewer)
    cascades = [measure_cascade(data, r) for r in roots(data.graph)]
    for c in cascades:
        c.pop("tree")
    gaps = [d for e in data.graph.edges() if (d := _days(data, data.graph, *e)) is not None]
    sizes = [c["size"] for c in cascades]
    return {
        "practices": len(data.practices), "adaptations": data.graph.number_of_edges(),
        "cascades": len(cascades), "largest": max(sizes, default=0),
        "mean_size": sum(sizes) / len(sizes) if sizes else None,
        "deepest": max((c["depth"] for c in cascades), default=0),
        "hops": _hops(data, data.graph.edges()), "modes": _modes(data.graph, data.graph.edges()),
        "median_days_to_adaptation": median(gaps) if gaps else None,
        "brokers": brokers(data), "cluster_flows": cluster_flows(data),
        "by_cascade": sorted(cascades, key=lambda c: (-c["size"], c["root"])),
    }
