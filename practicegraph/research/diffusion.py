"""Diffusion measures on a survey network, with netdiffuseR's conventions.

- Adoption curve: new and cumulative adopters per period; the cumulative share is of all
  respondents (never-adopters stay in the denominator).
- Hazard: adopters in period t over those still at risk at its start, n - cum(t-1).
  (netdiffuseR's hazard_rate gives the same for t > first and reports 0 for the first.)
- Exposure (cohesion): E[i, t] = share of the people i nominated who had adopted by t
  (netdiffuseR's exposure(): outgoing ties, normalised, lags = 0). Ties are 0/1 (a repeated
  nomination counts once); per relation or over the union of relations. Someone who named
  nobody has no exposure (NaN), not zero.
- Threshold: exposure in one's own period of adoption (netdiffuseR's threshold()).
- Adopter categories: netdiffuseR's classify_adopters on time of adoption: with m, s the
  mean and sample sd of adopters' times, Early Adopters t < m - s, Early Majority
  m - s <= t < m, Late Majority m <= t < m + s, Laggards t >= m + s; Rogers' five splits
  the first into Innovators (t < m - 2s) and Early Adopters.

Everything is linear in people + ties per period (one sparse product).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from practicegraph.research.survey import SurveyNetwork

VALENTE = ("Early Adopters", "Early Majority", "Late Majority", "Laggards")
ROGERS = ("Innovators", "Early Adopters", "Early Majority", "Late Majority", "Laggards")
NON_ADOPTERS = "Non-Adopters"


def adoption_curve(net: SurveyNetwork) -> pd.DataFrame:
    n = len(net.people)
    periods = net.periods
    times = net.people["time"].dropna().astype(int)
    new = times.value_counts().reindex(periods, fill_value=0).to_numpy()
    cum = np.cumsum(new)
    at_risk = n - np.concatenate([[0], cum[:-1]])
    with np.errstate(divide="ignore", invalid="ignore"):
        hazard = np.where(at_risk > 0, new / at_risk, np.nan)
    return pd.DataFrame({"period": periods, "new_adopters": new, "cumulative": cum,
                         "cumulative_share": cum / n if n else np.nan, "at_risk": at_risk, "hazard": hazard})


def _positions(net: SurveyNetwork) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row and column of every tie in people order, and its relation (computed once per
    network: looking ids up is the costly part of building an adjacency matrix)."""
    cached = net.__dict__.get("_positions")
    if cached is None:
        index = pd.Index(net.people["id"])
        cached = (index.get_indexer(net.ties["from"]), index.get_indexer(net.ties["to"]),
                  net.ties["relation"].to_numpy(dtype=object))
        net.__dict__["_positions"] = cached
    return cached


def adjacency(net: SurveyNetwork, relation: str | None = None) -> sparse.csr_matrix:
    """0/1 directed adjacency (row = nominator) in people order; one relation or all."""
    rows, cols, relations = _positions(net)
    if relation is not None:
        keep = relations == relation
        rows, cols = rows[keep], cols[keep]
    n = len(net.people)
    a = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    a.data[:] = 1.0  # duplicates were summed; a tie is a tie
    return a


def cumulative_adoption(net: SurveyNetwork, lag: int = 0) -> np.ndarray:
    """n x T: 1 where the person had adopted by period t - lag."""
    t = net.people["time"].to_numpy(dtype=float)
    periods = np.asarray(net.periods, dtype=float)
    with np.errstate(invalid="ignore"):
        return (t[:, None] <= (periods[None, :] - lag)).astype(float)


def exposure(net: SurveyNetwork, relation: str | None = None, lag: int = 0) -> np.ndarray:
    """n x T exposure matrix (NaN for people who nominated nobody in this relation)."""
    a = adjacency(net, relation)
    degree = np.asarray(a.sum(axis=1)).ravel()
    exposed = a @ cumulative_adoption(net, lag)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(degree[:, None] > 0, exposed / degree[:, None], np.nan)


def thresholds(net: SurveyNetwork, relation: str | None = None) -> pd.Series:
    """Exposure in each adopter's own period; NaN for non-adopters and isolates."""
    expo = exposure(net, relation)
    t = net.people["time"].to_numpy(dtype=float)
    first = net.periods[0]
    out = np.full(len(t), np.nan)
    adopted = ~np.isnan(t)
    out[adopted] = expo[np.flatnonzero(adopted), (t[adopted] - first).astype(int)]
    return pd.Series(out, index=net.people["id"].to_numpy(), name="threshold")


def exposure_at_adoption(net: SurveyNetwork) -> pd.DataFrame:
    """Per relation (and all): mean exposure of adopters in their period of adoption
    (threshold) and in the period before it, and how many adopters had any tie."""
    rows = []
    first = net.periods[0]
    t = net.people["time"].to_numpy(dtype=float)
    adopted = np.flatnonzero(~np.isnan(t))
    col = (t[adopted] - first).astype(int)
    for relation in [None, *net.relations()]:
        now, before = exposure(net, relation), exposure(net, relation, lag=1)
        thr, prev = now[adopted, col], before[adopted, col]
        rows.append({"relation": relation or "all", "adopters_with_ties": int(np.sum(~np.isnan(thr))),
                     "mean_threshold": float(np.nanmean(thr)) if np.any(~np.isnan(thr)) else None,
                     "median_threshold": float(np.nanmedian(thr)) if np.any(~np.isnan(thr)) else None,
                     "mean_exposure_before": float(np.nanmean(prev)) if np.any(~np.isnan(prev)) else None,
                     "share_adopting_with_no_adopter_alter": float(np.nanmean(prev == 0)) if np.any(~np.isnan(prev)) else None})
    return pd.DataFrame(rows)


def adopter_categories(times: pd.Series) -> pd.DataFrame:
    """Per person: Valente's four categories (as netdiffuseR) and Rogers' five."""
    t = times.to_numpy(dtype=float)
    adopted = t[~np.isnan(t)]
    m, s = (float(adopted.mean()), float(adopted.std(ddof=1))) if len(adopted) > 1 else (np.nan, np.nan)
    valente = np.digitize(t, [m - s, m, m + s])  # like R's findInterval: left-closed bins
    rogers = np.digitize(t, [m - 2 * s, m - s, m, m + s])
    never = np.isnan(t)
    return pd.DataFrame({
        "time": t,
        "valente": np.where(never, NON_ADOPTERS, np.array(VALENTE, dtype=object)[np.minimum(valente, 3)]),
        "rogers": np.where(never, NON_ADOPTERS, np.array(ROGERS, dtype=object)[np.minimum(rogers, 4)]),
    }, index=times.index).assign(mean=m, sd=s)


def category_counts(categories: pd.DataFrame, scheme: str = "valente") -> dict[str, int]:
    names = (VALENTE if scheme == "valente" else ROGERS) + (NON_ADOPTERS,)
    counts = categories[scheme].value_counts()
    return {name: int(counts.get(name, 0)) for name in names}


def by_group(net: SurveyNetwork) -> pd.DataFrame:
    p = net.people
    g = p.groupby("group", sort=True)
    return pd.DataFrame({"people": g.size(), "adopters": g["adopted"].sum().astype(int),
                         "mean_time": g["time"].mean(), "first": g["time"].min(), "last": g["time"].max()}
                        ).reset_index()


def density(net: SurveyNetwork, relation: str | None = None) -> float:
    n = len(net.people)
    a = adjacency(net, relation)
    return float(a.nnz / (n * (n - 1))) if n > 1 else 0.0


def summary(net: SurveyNetwork) -> dict[str, Any]:
    """Every measure of one survey network, as plain JSON-able values."""
    curve = adoption_curve(net)
    cats = adopter_categories(net.people.set_index("id")["time"])
    thr = exposure_at_adoption(net)
    return {
        "name": net.name, "innovation": net.innovation, "time_unit": net.time_unit,
        "first_period_label": net.first_period_label, "group_kind": net.group_kind,
        "people": int(len(net.people)), "adopters": int(net.people["adopted"].sum()),
        "groups": int(net.people["group"].nunique()), "ties": int(len(net.ties)),
        "distinct_pairs": int(adjacency(net).nnz), "density": density(net),
        "relations": {r: int(c) for r, c in net.ties["relation"].value_counts().sort_index().items()},
        "left_out": net.left_out,
        "adoption_curve": _records(curve),
        "exposure_at_adoption": _records(thr),
        "adopter_categories": {"mean_time": _num(cats["mean"].iat[0]) if len(cats) else None,
                               "sd_time": _num(cats["sd"].iat[0]) if len(cats) else None,
                               "valente": category_counts(cats, "valente"),
                               "rogers": category_counts(cats, "rogers")},
        "by_group": _records(by_group(net)),
    }


def _num(x: Any) -> Any:
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return None if np.isnan(x) else float(x)
    return x


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _num(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
