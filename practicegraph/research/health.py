"""Cluster health (seed papers 000 and 001): does a cluster keep meeting, who comes, and is
its time spent on teaching or on administration?

Per cluster, from its meetings and memberships (the port's research reads):
- regularity: gaps between meetings (median, longest, coefficient of variation), the
  longest run of consecutive calendar months with a meeting and the run at the end;
- attendance: share of the members on the day (cluster memberships current then) who
  attended, its trend (change per year, least squares), and the rate of members whose
  school is the venue against the others (001: venue-school teachers attended more);
- agenda: share of items tagged content rather than admin, at the first meeting, after
  it, and its drift per year (000: agendas drift to admin after the first meeting);
- churn: members who joined or left while the cluster met, per member-year;
- leadership changes: leader memberships (a role naming a leader or focal person) that
  began after the first meeting.

Only aggregates leave this module: no attendance of a named person is ever shown.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from statistics import median
from typing import Any

import numpy as np

from practicegraph.errors import NotFound
from practicegraph.graph.port import GraphStore
from practicegraph.graph.research_types import MeetingRecord, MembershipRecord
from practicegraph.graph.types import Viewer
from practicegraph.research.places import Gazetteer

LEADER_WORDS = ("leader", "focal", "chair", "coordinator")


def _is_leader(role: str | None) -> bool:
    return bool(role) and any(w in role.lower() for w in LEADER_WORDS)


def _current(m: MembershipRecord, day: date) -> bool:
    return (m.since is None or m.since <= day) and (m.until is None or day <= m.until)


def _slope_per_year(days: list[date], values: list[float]) -> float | None:
    pairs = [(d, v) for d, v in zip(days, values) if v is not None]
    if len(pairs) < 3 or len({d for d, _ in pairs}) < 2:
        return None
    x = np.array([(d - pairs[0][0]).days / 365.25 for d, _ in pairs])
    y = np.array([v for _, v in pairs])
    return float(np.polyfit(x, y, 1)[0])


def _months(d: date) -> int:
    return d.year * 12 + d.month - 1


def _streaks(dates: list[date]) -> tuple[int, int]:
    """(longest run of consecutive months with a meeting, the run ending in the last month)."""
    months = sorted({_months(d) for d in dates})
    longest = run = 0
    for i, m in enumerate(months):
        run = run + 1 if i and m == months[i - 1] + 1 else 1
        longest = max(longest, run)
    return longest, run


class _Members:
    """Memberships indexed for on-the-day questions."""

    def __init__(self, memberships: list[MembershipRecord]):
        self.of_cluster: dict[str, list[MembershipRecord]] = defaultdict(list)
        self.schools: dict[str, list[MembershipRecord]] = defaultdict(list)
        for m in memberships:
            (self.of_cluster[m.target] if m.label == "Cluster" else self.schools[m.person]).append(m)

    def members_on(self, cluster: str, day: date) -> set[str]:
        return {m.person for m in self.of_cluster.get(cluster, ()) if _current(m, day)}

    def school_on(self, person: str, day: date) -> str | None:
        return next((m.target for m in self.schools.get(person, ()) if _current(m, day)), None)


def timeline(meetings: list[MeetingRecord], members: _Members) -> list[dict[str, Any]]:
    """One row per meeting: attendance and agenda, the numbers behind the health figures."""
    rows = []
    for mt in meetings:
        on_roll = members.members_on(mt.cluster, mt.date)
        came = set(mt.attendees)
        venue_roll = {p for p in on_roll if mt.venue and members.school_on(p, mt.date) == mt.venue}
        other_roll = on_roll - venue_roll
        content = sum(t == "content" for t in mt.agenda_tags)
        admin = sum(t == "admin" for t in mt.agenda_tags)
        rows.append({"date": mt.date, "attendees": len(came), "members": len(on_roll),
                     "attendance_rate": len(came & on_roll) / len(on_roll) if on_roll else None,
                     "venue_school_rate": len(came & venue_roll) / len(venue_roll) if venue_roll else None,
                     "other_schools_rate": len(came & other_roll) / len(other_roll) if other_roll else None,
                     "content_items": content, "admin_items": admin,
                     "content_share": content / (content + admin) if content + admin else None})
    return rows


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return float(np.mean(values)) if values else None


def _health(cluster_id: str, meetings: list[MeetingRecord], members: _Members, gaz: Gazetteer,
            until: date | None = None) -> dict[str, Any]:
    meetings = [m for m in meetings if until is None or m.date <= until]
    rows = timeline(meetings, members)
    dates = [r["date"] for r in rows]
    gaps = [(b - a).days for a, b in zip(dates, dates[1:])]
    longest, current = _streaks(dates) if dates else (0, 0)
    first, last = (dates[0], dates[-1]) if dates else (None, None)
    roll = members.of_cluster.get(cluster_id, [])
    joined = sum(1 for m in roll if first and m.since and first < m.since <= last)
    left = sum(1 for m in roll if first and m.until and first <= m.until < last)
    years = ((last - first).days / 365.25) if first and last and last > first else None
    mean_members = _mean([r["members"] for r in rows])
    leaders = [m for m in roll if _is_leader(m.role)]
    shares = [r["content_share"] for r in rows]
    return {
        "cluster": cluster_id, "name": gaz.name(cluster_id), "kind": gaz.cluster_kind(cluster_id),
        "meetings": len(rows), "first_meeting": first, "last_meeting": last,
        "regularity": {"median_gap_days": median(gaps) if gaps else None, "longest_gap_days": max(gaps, default=None),
                       "gap_cv": float(np.std(gaps) / np.mean(gaps)) if len(gaps) > 1 and np.mean(gaps) else None,
                       "longest_monthly_streak": longest, "streak_at_end": current},
        "attendance": {"mean_rate": _mean(r["attendance_rate"] for r in rows),
                       "trend_per_year": _slope_per_year(dates, [r["attendance_rate"] for r in rows]),
                       "venue_school_rate": _mean(r["venue_school_rate"] for r in rows),
                       "other_schools_rate": _mean(r["other_schools_rate"] for r in rows),
                       "mean_attendees": _mean(r["attendees"] for r in rows)},
        "agenda": {"content_share": _mean(shares), "first_meeting_content_share": shares[0] if shares else None,
                   "later_content_share": _mean(shares[1:]),
                   "drift_per_year": _slope_per_year(dates, shares)},
        "churn": {"joined": joined, "left": left, "mean_members": mean_members,
                  "leavers_per_member_year": left / (mean_members * years) if mean_members and years else None},
        "leadership": {"leaders": len({m.person for m in leaders}),
                       "changes": sum(1 for m in leaders if first and m.since and m.since > first)},
    }


def _inputs(store: GraphStore, cluster_id: str | None):
    gaz = Gazetteer(store.places())
    if cluster_id is not None and cluster_id not in gaz.clusters:
        raise NotFound(f"no cluster '{cluster_id}'")
    meetings = store.cluster_meetings(cluster_id)
    by_cluster: dict[str, list[MeetingRecord]] = defaultdict(list)
    for m in meetings:
        by_cluster[m.cluster].append(m)
    return gaz, by_cluster, _Members(store.membership_history())


def cluster_health(store: GraphStore, cluster_id: str, viewer: Viewer) -> dict[str, Any]:
    """Health of one cluster, with its meeting timeline (aggregates only)."""
    gaz, by_cluster, members = _inputs(store, cluster_id)
    meetings = by_cluster.get(cluster_id, [])
    out = _health(cluster_id, meetings, members, gaz)
    out["timeline"] = timeline(meetings, members)
    return out


def all_health(store: GraphStore) -> tuple[list[dict[str, Any]], dict[str, list[MeetingRecord]], _Members, Gazetteer]:
    gaz, by_cluster, members = _inputs(store, None)
    rows = [_health(c, by_cluster.get(c, []), members, gaz) for c in sorted(gaz.clusters)]
    return rows, by_cluster, members, gaz


COMPARED = [("meetings", ("meetings",)), ("median_gap_days", ("regularity", "median_gap_days")),
            ("longest_gap_days", ("regularity", "longest_gap_days")),
            ("attendance_rate", ("attendance", "mean_rate")), ("attendance_trend_per_year", ("attendance", "trend_per_year")),
            ("venue_school_rate", ("attendance", "venue_school_rate")),
            ("other_schools_rate", ("attendance", "other_schools_rate")),
            ("content_share", ("agenda", "content_share")),
            ("first_meeting_content_share", ("agenda", "first_meeting_content_share")),
            ("later_content_share", ("agenda", "later_content_share")),
            ("content_drift_per_year", ("agenda", "drift_per_year")),
            ("leavers_per_member_year", ("churn", "leavers_per_member_year")),
            ("leadership_changes", ("leadership", "changes"))]


def _get(row: dict[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        row = row[key]
    return row


def comparison(store: GraphStore, viewer: Viewer) -> dict[str, Any]:
    """Official against voluntary clusters: the median of each measure, side by side, and
    which measures predict a cluster still meeting a year later."""
    from practicegraph.research.persistence import persistence

    rows, by_cluster, members, gaz = all_health(store)
    kinds: dict[str, Any] = {}
    for kind in sorted({r["kind"] or "unknown" for r in rows}):
        group = [r for r in rows if (r["kind"] or "unknown") == kind]
        kinds[kind] = {"clusters": len(group), **{
            name: (float(median(v)) if (v := [x for r in group if (x := _get(r, path)) is not None]) else None)
            for name, path in COMPARED}}
    return {"measures": [name for name, _ in COMPARED], "by_kind": kinds,
            "clusters": [{"cluster": r["cluster"], "name": r["name"], "kind": r["kind"],
                          **{name: _get(r, path) for name, path in COMPARED}} for r in rows],
            "persistence": persistence(by_cluster, members, gaz)}
