"""Figures for reports: matplotlib (Agg, no display) drawn from data frames, returned as
PNG bytes. Deterministic: fixed size, dpi, fonts and colours, no timestamp in the file."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd

PALETTE = ["#1b6ca8", "#e07a1f", "#2f9e44", "#c92a2a", "#7048e8", "#0c8599", "#a61e4d", "#5c940d",
           "#862e9c", "#d9480f", "#364fc7"]
MODE_STYLE = {"replication": ("#868e96", "dotted"), "adaptive": ("#1b6ca8", "solid"), "exchange": ("#e07a1f", "dashed")}


def _figure(width: float = 7.0, height: float = 3.6):
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import pyplot as plt

    plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9, "axes.spines.top": False,
                         "axes.spines.right": False, "svg.hashsalt": "practicegraph"})
    return plt.subplots(figsize=(width, height), dpi=110)


def _whole_periods(ax) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _png(fig) -> bytes:
    from matplotlib import pyplot as plt

    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def adoption_curve(curve: pd.DataFrame, title: str, unit: str) -> bytes:
    """Cumulative share (line) and new adopters per period (bars)."""
    fig, ax = _figure()
    ax.bar(curve["period"], curve["new_adopters"], color="#c5d8ea", label="new adopters")
    ax.set_xlabel(unit)
    ax.set_ylabel("new adopters")
    right = ax.twinx()
    right.plot(curve["period"], curve["cumulative_share"], color=PALETTE[0], marker="o", ms=3, label="cumulative share")
    right.set_ylim(0, 1)
    right.set_ylabel("cumulative share adopted")
    right.spines["top"].set_visible(False)
    _whole_periods(ax)
    ax.set_title(title)
    return _png(fig)


def hazard(curve: pd.DataFrame, unit: str) -> bytes:
    fig, ax = _figure(7, 2.8)
    ax.plot(curve["period"], curve["hazard"], color=PALETTE[2], marker="o", ms=3)
    ax.set_xlabel(unit)
    ax.set_ylabel("hazard")
    _whole_periods(ax)
    ax.set_title("Hazard: adopters in a period / not yet adopted at its start")
    return _png(fig)


def bars(labels: list[str], values: list[float], title: str, ylabel: str, color: str = PALETTE[0]) -> bytes:
    fig, ax = _figure(7, 3)
    ax.bar(range(len(labels)), values, color=color)
    ax.set_xticks(range(len(labels)), labels, rotation=20 if max(map(len, labels), default=0) > 10 else 0, ha="right"
                  if max(map(len, labels), default=0) > 10 else "center")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if all(float(v).is_integer() for v in values):
        from matplotlib.ticker import MaxNLocator

        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    for i, v in enumerate(values):
        ax.annotate(f"{v:.2f}" if isinstance(v, float) and v < 10 else f"{v:g}", (i, v), ha="center", va="bottom",
                    fontsize=8)
    return _png(fig)


def group_curves(people: pd.DataFrame, periods: list[int], unit: str, group_kind: str) -> tuple[bytes, pd.DataFrame]:
    """Cumulative share adopted per group; also the table behind it."""
    fig, ax = _figure()
    rows = []
    for i, (group, members) in enumerate(sorted(people.groupby("group"), key=lambda kv: str(kv[0]))):
        shares = [float((members["time"] <= p).sum() / len(members)) for p in periods]
        rows += [{"group": group, "period": p, "cumulative_share": s} for p, s in zip(periods, shares)]
        ax.plot(periods, shares, color=PALETTE[i % len(PALETTE)], lw=1.2, label=str(group))
    ax.set_ylim(0, 1)
    ax.set_xlabel(unit)
    ax.set_ylabel("cumulative share adopted")
    _whole_periods(ax)
    ax.set_title(f"Adoption by {group_kind}")
    ax.legend(ncol=6, fontsize=7, frameon=False, loc="upper left")
    return _png(fig), pd.DataFrame(rows)


def cascade_tree(tree_rows: list[dict[str, Any]], root: str, cluster_names: dict[str, str],
                 root_cluster: str | None = None) -> tuple[bytes, pd.DataFrame]:
    """The adaptation tree: generation down the page, siblings spread across, colour =
    cluster, line style = mode. Leaves are placed in order and parents centred above them."""
    children: dict[str, list[str]] = {}
    for r in tree_rows:
        children.setdefault(r["source"], []).append(r["practice"])
    x: dict[str, float] = {}
    depth = {root: 0, **{r["practice"]: r["generation"] for r in tree_rows}}
    next_leaf = [0.0]

    def place(node: str) -> float:
        kids = sorted(children.get(node, []))
        if not kids:
            x[node] = next_leaf[0]
            next_leaf[0] += 1
        else:
            x[node] = sum(place(k) for k in kids) / len(kids)
        return x[node]

    place(root)
    cluster_of = {root: root_cluster, **{r["practice"]: r["cluster"] for r in tree_rows}}
    clusters = sorted({c for c in cluster_of.values() if c})
    colour = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(clusters)}
    fig, ax = _figure(7.5, max(2.5, 1.1 * (max(depth.values()) + 1)))
    for r in tree_rows:
        col, style = MODE_STYLE.get(r["mode"] or "", ("#495057", "solid"))
        ax.plot([x[r["source"]], x[r["practice"]]], [-depth[r["source"]], -depth[r["practice"]]], color=col,
                linestyle=style, lw=1.3, zorder=1)
    for node in sorted(x):
        ax.scatter(x[node], -depth[node], s=90 if node == root else 45, zorder=2,
                   color=colour.get(cluster_of[node], "#212529"), edgecolor="white")
    for c in clusters:
        ax.scatter([], [], color=colour[c], label=cluster_names.get(c, c)[:40])
    for mode, (col, style) in MODE_STYLE.items():
        ax.plot([], [], color=col, linestyle=style, label=mode)
    ax.set_yticks([-g for g in range(max(depth.values()) + 1)], [f"gen {g}" for g in range(max(depth.values()) + 1)])
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.legend(fontsize=7, frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
    ax.set_title("Cascade tree (large dot = root; colour = cluster; line = mode)")
    table = pd.DataFrame([{"practice": n, "generation": depth[n], "x": x[n], "cluster": cluster_of[n]} for n in sorted(x)])
    return _png(fig), table


def over_time(frame: pd.DataFrame, columns: list[tuple[str, str]], title: str, ylabel: str,
              ylim: tuple[float, float] | None = (0, 1), steps: bool = False) -> bytes:
    """Values per date; `steps` for cumulative counts (a count holds until the next event)."""
    fig, ax = _figure()
    for i, (col, label) in enumerate(columns):
        data = frame[["date", col]].dropna()
        ax.plot(pd.to_datetime(data["date"]), data[col], marker="o", ms=2.5, lw=1.2, color=PALETTE[i], label=label,
                drawstyle="steps-post" if steps else "default")
    if ylim:
        ax.set_ylim(*ylim)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False)
    fig.autofmt_xdate()
    return _png(fig)
