"""Cluster health on hand-built clusters whose answers are counted here."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from practicegraph.graph.memory import InMemoryStore
from practicegraph.graph.types import Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from practicegraph.research import persistence as pers
from practicegraph.research.health import cluster_health, comparison
from tests.fakes import HashingEmbedder

ANON = Viewer.anonymous()


def _cluster(cid: str, kind: str, start: date, n_meetings: int, every_days: int, came: list[int],
             tags: list[list[str]], members: int = 4, leader_change: date | None = None) -> list[dict]:
    """Members m0..m{members-1}: m0 and m1 at the venue school, the others elsewhere."""
    venue, other = f"{cid}-venue", f"{cid}-other"
    recs = [{"type": "organisation", "id": venue, "name": venue}, {"type": "organisation", "id": other, "name": other},
            {"type": "cluster", "id": cid, "name": cid, "kind": kind, "venue": venue}]
    people = [f"{cid}-m{i}" for i in range(members)]
    for i, p in enumerate(people):
        recs += [{"type": "person", "id": p, "name": p},
                 {"type": "membership", "id": f"{p}-c", "person": p, "cluster": cid, "since": "2020-01-01",
                  "role": "cluster-leader" if i == 0 else "teacher", "until": str(leader_change) if i == 0 and leader_change else None},
                 {"type": "membership", "id": f"{p}-s", "person": p, "organisation": venue if i < 2 else other,
                  "since": "2020-01-01"}]
    if leader_change:
        recs.append({"type": "membership", "id": f"{cid}-lead2", "person": people[1], "cluster": cid,
                     "role": "cluster-leader", "since": str(leader_change + timedelta(days=1))})
    for k in range(n_meetings):
        d = start + timedelta(days=every_days * k)
        recs.append({"type": "meeting", "id": f"{cid}-mt{k}", "cluster": cid, "date": str(d), "venue": venue,
                     "attendees": people[:came[k % len(came)]],
                     "agenda": [{"text": f"item {j}", "tag": t} for j, t in enumerate(tags[k % len(tags)])]})
    return [{k: v for k, v in r.items() if v is not None} for r in recs]


def _store(records) -> InMemoryStore:
    s = InMemoryStore(dimension=HashingEmbedder.dimension)
    ingest(s, HashingEmbedder(), [Item(r, i + 1) for i, r in enumerate(records)])
    return s


def test_one_cluster_by_hand():
    # four meetings 30 days apart (Jan 10, Feb 9, Mar 11, Apr 10); the first 4, 3, 2, 1 people of
    # m0..m3 came; m0, the leader, left the cluster on Feb 20 and m1 took over
    recs = _cluster("k", "official", date(2025, 1, 10), 4, 30, [4, 3, 2, 1],
                    [["content", "content"], ["content", "admin"], ["admin", "admin"], ["admin", "admin"]],
                    leader_change=date(2025, 2, 20))
    h = cluster_health(_store(recs), "k", ANON)
    assert h["meetings"] == 4 and h["regularity"]["median_gap_days"] == 30
    assert h["regularity"]["longest_monthly_streak"] == 4 and h["regularity"]["streak_at_end"] == 4
    # members on the day: 4, 4, then 3 (m1..m3); of them came 4, 3, 1 (m1), 0
    assert h["attendance"]["mean_rate"] == pytest.approx((1 + 0.75 + 1 / 3 + 0) / 4)
    # venue school (m0, m1, then m1 alone): 2/2, 2/2, 1/1, 0/1; others m2, m3: 2/2, 1/2, 0, 0
    assert h["attendance"]["venue_school_rate"] == pytest.approx(3 / 4)
    assert h["attendance"]["other_schools_rate"] == pytest.approx(3 / 8)
    assert h["attendance"]["trend_per_year"] < 0
    assert h["agenda"]["first_meeting_content_share"] == 1.0
    assert h["agenda"]["later_content_share"] == pytest.approx(0.5 / 3)
    assert h["agenda"]["drift_per_year"] < 0
    assert h["leadership"] == {"leaders": 2, "changes": 1}
    assert h["churn"]["left"] == 1 and h["churn"]["joined"] == 1
    assert [r["attendees"] for r in h["timeline"]] == [4, 3, 2, 1]
    assert all("attendee" not in k or isinstance(v, int) for r in h["timeline"] for k, v in r.items())


def test_unknown_cluster_is_not_found():
    with pytest.raises(Exception, match="no cluster"):
        cluster_health(_store(_cluster("k", "official", date(2025, 1, 10), 2, 30, [2], [["content"]])), "zz", ANON)


def test_official_against_voluntary_and_persistence():
    recs = []
    start = date(2023, 1, 5)
    for i in range(4):  # voluntary: full attendance, content, keep meeting to the end (3 years)
        recs += _cluster(f"v{i}", "voluntary", start, 36, 30, [4], [["content", "content"]])
    for i in range(4):  # official: falling attendance, admin; two stop after a year
        n = 14 if i < 2 else 36
        recs += _cluster(f"o{i}", "official", start, n, 30, [4, 2, 1], [["content"], ["admin", "admin"], ["admin"]])
    out = comparison(_store(recs), ANON)
    off, vol = out["by_kind"]["official"], out["by_kind"]["voluntary"]
    assert (off["clusters"], vol["clusters"]) == (4, 4)
    assert vol["attendance_rate"] == 1.0 and off["attendance_rate"] < 1.0
    assert vol["content_share"] == 1.0 and off["content_share"] < 0.5
    p = out["persistence"]
    assert (p["clusters"], p["still_meeting"], p["stopped"]) == (8, 6, 2)
    assert p["auc"]["voluntary"] == pytest.approx(4 / 6 * 1 + 2 / 6 * 0.5)  # voluntary only among survivors
    assert "caveat" in p and 0 <= p["leave_one_out_accuracy"] <= 1


def test_auc_and_ridge_logistic_against_hand_values():
    assert pers.auc(np.array([3.0, 4.0, 1.0]), np.array([1, 1, 0])) == 1.0
    assert pers.auc(np.array([1.0, 2.0, 1.0, 2.0]), np.array([1, 0, 0, 1])) == 0.5
    x = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    w = pers.ridge_logistic(x, np.array([0.0, 0.0, 1.0, 1.0]), ridge=1.0)
    assert w[1] > 0 and abs(w[0]) < 1e-9  # symmetric data: no intercept, positive slope
    # the penalised optimum: the gradient (with the penalty) is zero there
    p = 1 / (1 + np.exp(-(w[0] + x[:, 0] * w[1])))
    assert np.allclose([np.sum(p - [0, 0, 1, 1]), x[:, 0] @ (p - [0, 0, 1, 1]) + w[1]], 0, atol=1e-8)
