"""Exports for the tools researchers use: GraphML and GEXF (Gephi, igraph, networkx), CSV
node and edge tables, a person x period adoption panel (netdiffuseR's survey_to_diffnet)
and PROV-JSON (prov_export.py). Pseudonymised by default (pseudonyms.py).

CSV and the panel are written row by row as they are produced; GraphML, GEXF and PROV are
built as one networkx graph / prov document first, because those libraries write whole
documents. The practice graph is exported as the anonymous viewer sees it (public
records), with people as pseudonyms and without names, only the people in `keep` (those
with research consent, when accounts exist); evaluative observations are never exported.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import networkx as nx
import numpy as np
import pandas as pd

from practicegraph.errors import PracticeGraphError
from practicegraph.graph.port import GraphStore
from practicegraph.graph.types import Viewer
from practicegraph.research.pseudonyms import Pseudonymiser, identity
from practicegraph.research.survey import SurveyNetwork

FORMATS = ("graphml", "gexf", "csv", "prov-json", "panel")


@dataclass
class ExportGraph:
    """Nodes (id, attributes incl. `label`) and edges (source, target, attributes incl. `type`)."""

    nodes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    edges: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)


def _scalar(v: Any) -> Any:
    """A value GraphML/GEXF can type: str, int, float, bool; None and NaN are left out."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return None
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return None if np.isnan(v) else float(v)
    if isinstance(v, date):
        return v.isoformat()
    return v


def _clean(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: s for k, v in attrs.items() if (s := _scalar(v)) is not None}


def to_networkx(g: ExportGraph) -> nx.MultiDiGraph:
    out = nx.MultiDiGraph()
    for nid, attrs in g.nodes:
        out.add_node(nid, **_clean(attrs))
    for a, b, attrs in g.edges:
        out.add_edge(a, b, **_clean(attrs))
    return out


# survey networks ---------------------------------------------------------------------
def _typed_attributes(people: pd.DataFrame) -> pd.DataFrame:
    """attr_* columns as numbers where every non-empty value is a number, else text."""
    out = pd.DataFrame(index=people.index)
    for col in (c for c in people.columns if c.startswith("attr_")):
        raw = people[col].astype(str).str.strip()
        num = pd.to_numeric(raw.where(raw != ""), errors="coerce")
        numeric = num.notna().sum() == (raw != "").sum()
        out[col[5:]] = num if numeric else raw.where(raw != "")
    return out


def survey_graph(net: SurveyNetwork, pseudo: Callable[[str], str]) -> ExportGraph:
    attrs = _typed_attributes(net.people).to_dict("records")
    p = net.people
    g = ExportGraph()
    for pid, group, toa, adopted, extra in zip(p["id"].tolist(), p["group"].tolist(), p["time"].tolist(),
                                               p["adopted"].tolist(), attrs):
        g.nodes.append((pseudo(pid), {"label": "Person", "group": group, "toa": toa, "adopted": bool(adopted),
                                      **extra}))
    t = net.ties
    for a, b, relation, rank, wave in zip(t["from"].tolist(), t["to"].tolist(), t["relation"].tolist(),
                                          t["rank"].tolist(), t["wave"].tolist()):
        g.edges.append((pseudo(a), pseudo(b), {"type": relation, "relation": relation, "rank": rank,
                                               "wave": wave or None}))
    return g


def panel_chunks(net: SurveyNetwork, pseudo: Callable[[str], str], chunk: int = 5000) -> Iterator[pd.DataFrame]:
    """Long panel for survey_to_diffnet(dat, idvar="id", netvars=<relation columns>,
    toavar="toa", groupvar="group", timevar="per"): one row per person and period, toa
    empty for never-adopters, `adopted` = had adopted by that period, and each relation's
    nominees (pseudonymised the same way) in columns <relation>_1..k, in rank order.
    Produced `chunk` people at a time, so the panel is never whole in memory."""
    alias = {pid: pseudo(pid) for pid in net.people["id"]}
    ties = net.ties.sort_values(["from", "relation", "rank"], na_position="last")
    named: dict[tuple[str, str], list[str]] = {}
    for a, b, r in zip(ties["from"].tolist(), ties["to"].tolist(), ties["relation"].tolist()):
        named.setdefault((a, r), []).append(alias[b])
    relations = net.relations()
    width = {r: max((len(v) for (_, rr), v in named.items() if rr == r), default=0) for r in relations}
    periods = np.asarray(net.periods)
    for start in range(0, len(net.people), chunk):
        part = net.people.iloc[start:start + chunk]
        ids = part["id"].tolist()
        toa = part["time"].to_numpy(dtype=float)
        frame = pd.DataFrame({"id": np.repeat([alias[i] for i in ids], len(periods)),
                              "group": np.repeat(part["group"].to_numpy(), len(periods)),
                              "per": np.tile(periods, len(ids)),
                              "toa": pd.array(np.repeat(toa, len(periods)), dtype="Float64").astype("Int64"),
                              "adopted": (np.repeat(toa, len(periods)) <= np.tile(periods, len(ids))).astype(int)})
        for r in relations:
            for k in range(width[r]):
                col = [(named.get((pid, r)) or [])[k] if k < len(named.get((pid, r)) or []) else "" for pid in ids]
                frame[f"{r}_{k + 1}"] = np.repeat(col, len(periods))
        yield frame


def _write_panel(net: SurveyNetwork, pseudo: Callable[[str], str], out: Path) -> None:
    """Chunk by chunk through Arrow's CSV writer (C++: ~10x pandas' to_csv here)."""
    import pyarrow as pa
    from pyarrow import csv as pacsv

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    writer, schema = None, None
    try:
        for frame in panel_chunks(net, pseudo):
            table = pa.Table.from_pandas(frame, preserve_index=False)
            if writer is None:
                schema = table.schema
                writer = pacsv.CSVWriter(str(tmp), schema, write_options=pacsv.WriteOptions(quoting_style="needed"))
            writer.write_table(table.cast(schema))
    finally:
        if writer is not None:
            writer.close()
    if writer is None:  # nobody in the network: a header-only file
        tmp.write_text("id,group,per,toa,adopted\n", encoding="utf-8")
    tmp.replace(out)


# the practice graph ------------------------------------------------------------------
def people_named(store: GraphStore, viewer: Viewer) -> set[str]:
    """Every person a practice-graph export could name (to ask whose consent holds)."""
    named = {pid for p in store.practice_records(viewer) for pid, _ in p.developers}
    named |= {pid for act in store.activities(viewer) for pid, _ in act.people}
    return named


def practice_graph(store: GraphStore, viewer: Viewer, pseudo: Callable[[str], str],
                   keep: set[str] | None = None) -> ExportGraph:
    """`keep`: the people who may appear (research consent); None = everyone. A person
    left out takes their edges with them; practices and activities stay."""
    g = ExportGraph()
    people: set[str] = set()
    ok = (lambda pid: True) if keep is None else keep.__contains__
    for p in store.practice_records(viewer):
        g.nodes.append((p.id, {"label": "Practice", "title": p.title, "subject": p.subject, "phase": p.phase,
                               "version": p.version, "date": p.date, "organisation": p.organisation,
                               "cluster": p.cluster}))
        for person, role in filter(lambda d: ok(d[0]), p.developers):
            people.add(person)
            g.edges.append((pseudo(person), p.id, {"type": "DEVELOPED", "role": role}))
    for link in store.practice_links(viewer):
        g.edges.append((link.child, link.parent, {"type": link.kind, "mode": link.mode, "how_learned": link.how_learned,
                                                  "round": link.round, "date": link.date}))
    for place in store.places():
        g.nodes.append((place.id, {"label": place.label, "name": place.name, "kind": place.kind,
                                   "region": place.region}))
    for act in store.activities(viewer):
        g.nodes.append((act.id, {"label": act.label, "kind": act.kind, "started": act.started, "ended": act.ended}))
        for person, role in filter(lambda d: ok(d[0]), act.people):
            people.add(person)
            g.edges.append((act.id, pseudo(person), {"type": "PARTICIPANT", "role": role}))
        for p in act.practices:
            g.edges.append((act.id, p, {"type": "OF_PRACTICE" if act.label == "Observation" else "DISCUSSED"}))
        for p in act.led_to:
            g.edges.append((act.id, p, {"type": "LED_TO"}))
    for m in store.membership_history():
        if m.person in people:  # only people who appear in an exported record
            g.edges.append((pseudo(m.person), m.target, {"type": "MEMBER_OF", "role": m.role, "since": m.since,
                                                         "until": m.until}))
    g.nodes.extend((pseudo(p), {"label": "Person"}) for p in sorted(people))
    return g


# writers -----------------------------------------------------------------------------
def write_csv_tables(g: ExportGraph, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    node_keys = sorted({k for _, a in g.nodes for k in a} - {"label"})
    edge_keys = sorted({k for _, _, a in g.edges for k in a} - {"type"})
    nodes, edges = folder / "nodes.csv", folder / "edges.csv"
    _write_rows(nodes, [["id", "label", *node_keys]] + [[i, a.get("label"), *(_cell(a.get(k)) for k in node_keys)]
                                                        for i, a in g.nodes])
    _write_rows(edges, [["source", "target", "type", *edge_keys]] +
                [[s, t, a.get("type"), *(_cell(a.get(k)) for k in edge_keys)] for s, t, a in g.edges])
    return [nodes, edges]


def _cell(v: Any) -> Any:
    s = _scalar(v)
    return "" if s is None else s


def _write_rows(path: Path, rows: Iterable[list[Any]]) -> None:
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        for row in rows:
            writer.writerow(row)
    tmp.replace(path)  # nothing half-written under the real name


def _write_graph(g: ExportGraph, fmt: str, out: Path) -> list[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    graph = to_networkx(g)
    if fmt == "graphml":
        nx.write_graphml(graph, tmp, infer_numeric_types=True)
    else:
        nx.write_gexf(graph, tmp)
    tmp.replace(out)
    return [out]


def restrict(net: SurveyNetwork, keep: set[str]) -> SurveyNetwork:
    """The network without the people not in `keep` (and their ties)."""
    from dataclasses import replace

    ties = net.ties[net.ties["from"].isin(keep) & net.ties["to"].isin(keep)].reset_index(drop=True)
    return replace(net, people=net.people[net.people["id"].isin(keep)].reset_index(drop=True), ties=ties)


def export_survey(net: SurveyNetwork, fmt: str, out: str | Path, pseudonymise: bool = True,
                  pseudonymiser: Callable[[str], str] | None = None) -> list[Path]:
    out = Path(out)
    pseudo = pseudonymiser or (Pseudonymiser.from_env() if pseudonymise else identity)
    if fmt == "panel":
        _write_panel(net, pseudo, out)
        return [out]
    if fmt == "csv":
        return write_csv_tables(survey_graph(net, pseudo), out)
    if fmt in ("graphml", "gexf"):
        return _write_graph(survey_graph(net, pseudo), fmt, out)
    raise PracticeGraphError(f"a survey network exports as graphml, gexf, csv or panel, not {fmt}")


def export_graph(store: GraphStore, viewer: Viewer, fmt: str, out: str | Path,
                 pseudonymiser: Callable[[str], str] | None = None, keep: set[str] | None = None) -> list[Path]:
    out = Path(out)
    pseudo = pseudonymiser or Pseudonymiser.from_env()
    if fmt == "prov-json":
        from practicegraph.research.prov_export import write_prov

        return write_prov(store, viewer, out, pseudo, keep)
    if fmt == "panel":
        raise PracticeGraphError("the adoption panel is made from a survey network or a practice's cascade: "
                                 "pass --network NAME or --practice ID")
    g = practice_graph(store, viewer, pseudo, keep)
    return write_csv_tables(g, out) if fmt == "csv" else _write_graph(g, fmt, out)
