"""A practice's cascade as a survey-style diffusion network, so the survey measures
(adoption curve, hazard, exposure, thresholds, categories) and the netdiffuseR panel
apply to the practice graph too.

- people: everyone who developed a practice of the cascade, and everyone who took part in
  a visible developmental observation or exchange with one of them;
- group: their school at the cascade's start (membership current then), else none;
- time of adoption: the month (1 = the root's month) in which they first developed a
  practice of the cascade; the others never adopted (within the window);
- ties (directed, as nominations: exposure flows from the named to the one naming):
  `watched` observer -> observed; `mentored_by` mentee -> mentor (also facilitator or
  broker); `peer` both ways between peers of one exchange.

People are pseudonymised later, by the exporter; ids here are the graph's own.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from practicegraph.errors import NotFound
from practicegraph.graph.port import GraphStore
from practicegraph.graph.types import Viewer
from practicegraph.research.cascades import cascade_tree, load
from practicegraph.research.survey import SurveyNetwork

GUIDES = ("mentor", "facilitator", "broker")


def _month(d: date, start: date) -> int:
    return (d.year - start.year) * 12 + d.month - start.month + 1


def _ties(activities, people: set[str]) -> list[tuple[str, str, str]]:
    out = []
    for act in activities:
        roles = {p: r for p, r in act.people if p in people}
        if act.label == "Observation":
            watcher = next((p for p, r in act.people if r == "observer"), None)
            watched = next((p for p, r in act.people if r == "observed"), None)
            if watcher in roles and watched in roles and watcher != watched:
                out.append((watcher, watched, "watched"))
            continue
        guides = [p for p, r in roles.items() if r in GUIDES]
        for p, r in roles.items():
            if r == "mentee":
                out += [(p, g, "mentored_by") for g in guides if g != p]
            elif r == "peer":
                out += [(p, q, "peer") for q, rq in roles.items() if rq == "peer" and q != p]
    return out


def cascade_network(store: GraphStore, practice_id: str, viewer: Viewer) -> SurveyNetwork:
    data = load(store, viewer)
    if practice_id not in data.practices:
        raise NotFound(f"no practice '{practice_id}' that you may see")
    if practice_id in data.graph:
        import networkx as nx

        ancestors = nx.ancestors(data.graph, practice_id) | {practice_id}
        root = min((a for a in ancestors if data.graph.in_degree(a) == 0),
                   key=lambda r: (str(data.practices[r].date or "9999"), r))
        members = set(cascade_tree(data.graph, root, data.practices))
    else:
        root, members = practice_id, {practice_id}
    dated = [data.practices[p].date for p in members if data.practices[p].date]
    start = data.practices[root].date or (min(dated) if dated else date.today())
    first: dict[str, int] = {}
    for pid in members:
        when = data.practices[pid].date
        for person, _ in data.practices[pid].developers:
            month = _month(when, start) if when else None
            if month is not None and (person not in first or month < first[person]):
                first[person] = max(month, 1)
    activities = store.activities(viewer)
    people = set(first) | {p for act in activities if any(q in first for q, _ in act.people) for p, _ in act.people}
    schools = {m.person: m.target for m in store.membership_history()
               if m.label == "Organisation" and (m.since is None or m.since <= start)
               and (m.until is None or start <= m.until)}
    ids = sorted(people)
    frame = pd.DataFrame({"id": ids, "group": [schools.get(p) or "" for p in ids],
                          "time": [float(first[p]) if p in first else float("nan") for p in ids]})
    frame["adopted"] = frame["time"].notna()
    ties = pd.DataFrame(_ties(activities, people), columns=["from", "to", "relation"])
    ties["rank"] = pd.array([pd.NA] * len(ties), dtype="Int64")
    ties["wave"] = ""
    last = max(first.values(), default=1)
    return SurveyNetwork(f"cascade-{root}", frame, ties.drop_duplicates(["from", "to", "relation"]).reset_index(drop=True),
                         innovation=data.practices[root].title, time_unit="month", group_kind="school",
                         first_period=1, last_period=last, first_period_label=start.strftime("%Y-%m"))
