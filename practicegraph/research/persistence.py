"""Which health measures predict a cluster still meeting a year later?

Set-up: the reference day R is one year before the last meeting recorded anywhere. Each
cluster that had met at least three times by R is measured on its meetings up to R only
(health._health with until=R); the outcome is whether it met at all in the year after R.

The model is deliberately simple and reported with its own yardstick:
- per measure, the AUC of the measure alone (the chance that a cluster still meeting scores
  higher than one that stopped; 0.5 = no information, below 0.5 = lower is better);
- a ridge-penalised logistic regression on the standardised measures (numpy, Newton steps),
  with leave-one-out accuracy against always guessing the commoner outcome.

Caveat, always returned with the numbers: a few dozen clusters, observational records,
measures that move together, and (in the demo corpus) generated data — these are
associations to look at, not causes, and not a score for any cluster or its leader.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np

FEATURES = [("meetings", ("meetings",)), ("median_gap_days", ("regularity", "median_gap_days")),
            ("attendance_rate", ("attendance", "mean_rate")),
            ("attendance_trend_per_year", ("attendance", "trend_per_year")),
            ("content_share", ("agenda", "content_share")),
            ("content_drift_per_year", ("agenda", "drift_per_year")),
            ("leavers_per_member_year", ("churn", "leavers_per_member_year")),
            ("leadership_changes", ("leadership", "changes")), ("voluntary", None)]
CAVEAT = ("Associations in a few clusters' observational records, with measures that move together; "
          "not causes, and not a score for any cluster or its leader.")
RIDGE = 1.0


def _value(row: dict[str, Any], name: str, path) -> float:
    if path is None:
        return 1.0 if row["kind"] == "voluntary" else 0.0
    for key in path:
        row = row[key]
    return np.nan if row is None else float(row)


def auc(x: np.ndarray, y: np.ndarray) -> float | None:
    """Mann-Whitney AUC of x for y = 1 against y = 0, ties counted half (from mid-ranks,
    n log n rather than comparing every pair)."""
    from scipy.stats import rankdata

    n_pos, n_neg = int((y == 1).sum()), int((y == 0).sum())
    if not n_pos or not n_neg:
        return None
    ranks = rankdata(x)  # ties get their average rank
    return float((ranks[y == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def ridge_logistic(x: np.ndarray, y: np.ndarray, ridge: float = RIDGE, steps: int = 50) -> np.ndarray:
    """Weights (intercept first) of an L2-penalised logistic regression, by Newton steps."""
    a = np.column_stack([np.ones(len(x)), x])
    w = np.zeros(a.shape[1])
    penalty = np.diag([0.0] + [ridge] * x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-a @ w))
        grad = a.T @ (p - y) + penalty @ w
        hess = a.T @ (a * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def _standardise(x: np.ndarray) -> np.ndarray:
    x = np.where(np.isnan(x), np.nanmean(x, axis=0), x)  # a missing measure counts as average
    x = np.nan_to_num(x)
    sd = x.std(axis=0)
    return (x - x.mean(axis=0)) / np.where(sd > 0, sd, 1)


def persistence(by_cluster, members, gaz) -> dict[str, Any]:
    from practicegraph.research.health import _health

    every = [m.date for ms in by_cluster.values() for m in ms]
    if not every:
        return {"clusters": 0, "note": "no meetings recorded", "caveat": CAVEAT}
    reference = max(every) - timedelta(days=365)
    rows, outcome = [], []
    for cid, meetings in sorted(by_cluster.items()):
        if sum(m.date <= reference for m in meetings) < 3:
            continue
        rows.append(_health(cid, meetings, members, gaz, until=reference))
        outcome.append(int(any(reference < m.date for m in meetings)))
    y = np.array(outcome, dtype=float)
    out: dict[str, Any] = {"reference_day": reference, "clusters": len(rows),
                           "still_meeting": int(y.sum()), "stopped": int(len(y) - y.sum()), "caveat": CAVEAT}
    if len(rows) < 4 or y.min() == y.max():
        out["note"] = ("cannot be estimated: " + ("fewer than four clusters" if len(rows) < 4 else
                       "every cluster had the same outcome"))
        return out
    x = np.array([[_value(r, n, p) for n, p in FEATURES] for r in rows])
    out["auc"] = {n: auc(x[:, j][~np.isnan(x[:, j])], y[~np.isnan(x[:, j])]) for j, (n, _) in enumerate(FEATURES)}
    z = _standardise(x)
    w = ridge_logistic(z, y)
    out["coefficients"] = {n: float(w[j + 1]) for j, (n, _) in enumerate(FEATURES)}
    hits = 0
    for i in range(len(y)):  # leave-one-out
        keep = np.arange(len(y)) != i
        wi = ridge_logistic(z[keep], y[keep])
        hits += int((1 / (1 + np.exp(-(wi[0] + z[i] @ wi[1:]))) >= 0.5) == y[i])
    out["leave_one_out_accuracy"] = hits / len(y)
    out["base_rate_accuracy"] = float(max(y.mean(), 1 - y.mean()))
    return out
