"""Self-contained HTML reports with figures, and the numbers behind each figure as CSV
beside it (same name). Deterministic: the same data gives byte-identical files (no
timestamps; figures drawn with fixed settings, see figures.py).

    <out>/report.html        one page, figures inline (base64 PNG), styles inline
    <out>/<figure>.csv       the table each figure was drawn from
"""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

import pandas as pd

from practicegraph.graph.port import GraphStore
from practicegraph.graph.types import Viewer
from practicegraph.research import figures as fg

STYLE = """body{font-family:DejaVu Sans,Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#212529}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #dee2e6}
table{border-collapse:collapse;font-size:.85rem}td,th{padding:.2rem .6rem;border-bottom:1px solid #eee;text-align:left}
figure{margin:1rem 0}figcaption{font-size:.8rem;color:#495057}img{max-width:100%}.note{color:#495057;font-size:.85rem}"""


class Report:
    def __init__(self, title: str, out: str | Path):
        self.title, self.out = title, Path(out)
        self.parts: list[str] = []
        self.out.mkdir(parents=True, exist_ok=True)

    def heading(self, text: str) -> None:
        self.parts.append(f"<h2>{html.escape(text)}</h2>")

    def text(self, text: str, cls: str = "") -> None:
        self.parts.append(f"<p{' class=' + cls if cls else ''}>{html.escape(text)}</p>")

    def facts(self, rows: list[tuple[str, Any]]) -> None:
        body = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(_fmt(v))}</td></tr>" for k, v in rows)
        self.parts.append(f"<table>{body}</table>")

    def table(self, frame: pd.DataFrame, limit: int = 30) -> None:
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(_fmt(v))}</td>" for v in row) + "</tr>"
                       for row in frame.head(limit).itertuples(index=False))
        self.parts.append(f"<table><tr>{head}</tr>{body}</table>")

    def figure(self, name: str, png: bytes, data: pd.DataFrame, caption: str) -> None:
        data.to_csv(self.out / f"{name}.csv", index=False, lineterminator="\n")
        src = "data:image/png;base64," + base64.b64encode(png).decode()
        self.parts.append(f'<figure id="{name}"><img alt="{html.escape(caption)}" src="{src}">'
                          f'<figcaption>{html.escape(caption)} — numbers: <a href="{name}.csv">{name}.csv</a>'
                          "</figcaption></figure>")

    def write(self) -> Path:
        page = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                f"<title>{html.escape(self.title)}</title><style>{STYLE}</style></head><body>"
                f"<h1>{html.escape(self.title)}</h1>" + "\n".join(self.parts) + "</body></html>\n")
        path = self.out / "report.html"
        path.write_text(page, encoding="utf-8")
        return path


def _fmt(v: Any) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "—"
    if isinstance(v, float):
        return f"{v:.3f}" if abs(v) < 100 else f"{v:,.0f}"
    return str(v)


def network_report(net, out: str | Path) -> Path:
    from practicegraph.research import diffusion as d

    s = d.summary(net)
    r = Report(f"Diffusion of {net.innovation} in '{net.name}'", out)
    unit = f"{net.time_unit} (period 1 = {net.first_period_label})" if net.first_period_label else net.time_unit
    r.facts([("people", s["people"]), ("adopters", s["adopters"]), (f"groups ({net.group_kind})", s["groups"]),
             ("ties", s["ties"]), ("distinct directed pairs", s["distinct_pairs"]), ("density", s["density"]),
             ("left out on import", ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in s["left_out"].items()))])
    curve = d.adoption_curve(net)
    r.heading("Adoption curve and hazard")
    r.figure("adoption_curve", fg.adoption_curve(curve, "Adoption over time", unit), curve,
             "New adopters per period (bars) and cumulative share of all respondents (line)")
    r.figure("hazard", fg.hazard(curve, unit), curve[["period", "at_risk", "new_adopters", "hazard"]],
             "Hazard rate per period")
    r.heading(f"Adoption by {net.group_kind}")
    png, table = fg.group_curves(net.people, net.periods, unit, net.group_kind)
    r.figure("adoption_by_group", png, table, f"Cumulative share adopted in each {net.group_kind}")
    expo = pd.DataFrame(s["exposure_at_adoption"])
    r.heading("Exposure at adoption (cohesion) and thresholds")
    r.figure("thresholds", fg.bars(list(expo["relation"]), [v or 0.0 for v in expo["mean_threshold"]],
                                   "Mean threshold: share of one's nominees who had adopted", "mean exposure"),
             expo, "Mean exposure in the period of adoption, by relation (all = any relation)")
    cats = s["adopter_categories"]
    table = pd.DataFrame({"category": list(cats["valente"]), "people": list(cats["valente"].values())})
    r.heading("Adopter categories")
    r.text(f"Adopters' mean time {_fmt(cats['mean_time'])}, sd {_fmt(cats['sd_time'])}; categories by mean ± sd "
           "as netdiffuseR's classify_adopters.", "note")
    r.figure("adopter_categories", fg.bars(list(table["category"]), list(table["people"]), "Adopter categories",
                                           "people", fg.PALETTE[1]), table, "People per adopter category")
    return r.write()


def practice_report(store: GraphStore, practice_id: str, viewer: Viewer, out: str | Path) -> Path:
    from practicegraph.research.cascades import cascade_report
    from practicegraph.research.places import Gazetteer

    c = cascade_report(store, practice_id, viewer)
    names = {p.id: p.name for p in Gazetteer(store.places()).clusters.values()}
    r = Report(f"How '{c['title']}' travelled", out)
    r.facts([("practice asked about", practice_id), ("cascade root", c["root"]), ("size", c["size"]),
             ("depth (generations)", c["depth"]), ("structural virality", c["structural_virality"]),
             ("schools reached", c["schools_reached"]), ("clusters reached", c["clusters_reached"]),
             *((f"hops across {k}", f"{c['hops'][f'cross_{k}']} of {c['hops'][f'known_{k}']}")
               for k in ("school", "cluster", "region", "country"))])
    if not c["tree"]:
        r.text("No visible adaptation of this practice yet.", "note")
        return r.write()
    records = {p.id: p for p in store.practice_records(viewer)}
    tree_png, _ = fg.cascade_tree(c["tree"], c["root"], names, records[c["root"]].cluster)
    r.heading("Cascade tree")
    r.figure("cascade_tree", tree_png, pd.DataFrame(c["tree"]), "Each adaptation, by generation")
    gens = pd.DataFrame({"generation": range(len(c["breadth_by_generation"])), "practices": c["breadth_by_generation"]})
    r.heading("Generations")
    r.figure("generations", fg.bars([str(g) for g in gens["generation"]], list(gens["practices"]),
                                    "Practices per generation", "practices"), gens, "Breadth per generation")
    reach = _reach(store, viewer, c)
    r.heading("Adaptations and schools reached over time")
    r.figure("reach", fg.over_time(reach, [("adaptations", "adaptations (cumulative)"),
                                           ("schools", "schools reached (cumulative)")],
                                   "Adoption curve of the cascade", "count", ylim=None, steps=True), reach,
             "Cumulative adaptations and distinct schools, by date")
    modes = pd.DataFrame([{"mode": m, **v} for m, v in c["modes"].items()])
    r.heading("Modes and time between generations")
    r.table(modes)
    r.table(pd.DataFrame(c["days_to_generation"]))
    return r.write()


def _reach(store: GraphStore, viewer: Viewer, c: dict[str, Any]) -> pd.DataFrame:
    records = {p.id: p for p in store.practice_records(viewer)}
    root = records[c["root"]]
    events = [(root.date, root.organisation, 0)] + [(t["date"], t["organisation"], 1) for t in c["tree"]]
    events = sorted((e for e in events if e[0]), key=lambda e: (e[0], e[1] or ""))
    rows, schools, adaptations = [], set(), 0
    for when, org, is_adaptation in events:
        adaptations += is_adaptation
        if org:
            schools.add(org)
        rows.append({"date": when, "adaptations": adaptations, "schools": len(schools)})
    return pd.DataFrame(rows).drop_duplicates("date", keep="last")


def cluster_report(store: GraphStore, cluster_id: str, viewer: Viewer, out: str | Path) -> Path:
    from practicegraph.research.health import cluster_health

    h = cluster_health(store, cluster_id, viewer)
    r = Report(f"Cluster health: {h['name']} ({h['kind'] or 'kind not recorded'})", out)
    r.text("Aggregates only: no one's attendance is shown by name.", "note")
    r.facts([("meetings", h["meetings"]), ("first meeting", h["first_meeting"]), ("last meeting", h["last_meeting"]),
             *((k.replace("_", " "), v) for k, v in h["regularity"].items()),
             *((f"attendance: {k.replace('_', ' ')}", v) for k, v in h["attendance"].items()),
             *((f"agenda: {k.replace('_', ' ')}", v) for k, v in h["agenda"].items()),
             *((f"churn: {k.replace('_', ' ')}", v) for k, v in h["churn"].items()),
             ("leaders", h["leadership"]["leaders"]), ("leadership changes", h["leadership"]["changes"])])
    timeline = pd.DataFrame(h["timeline"])
    if timeline.empty:
        r.text("No meetings recorded.", "note")
        return r.write()
    r.heading("Attendance")
    r.figure("attendance", fg.over_time(timeline, [("attendance_rate", "members attending"),
                                                   ("venue_school_rate", "members from the venue school"),
                                                   ("other_schools_rate", "members from other schools")],
                                        "Attendance rate per meeting", "share of members"),
             timeline[["date", "members", "attendees", "attendance_rate", "venue_school_rate", "other_schools_rate"]],
             "Share of the members on the day who attended")
    r.heading("Teaching content against administration")
    r.figure("agenda", fg.over_time(timeline, [("content_share", "content share of agenda items")],
                                    "Content share of the agenda per meeting", "share"),
             timeline[["date", "content_items", "admin_items", "content_share"]],
             "Agenda items tagged content / (content + admin)")
    return r.write()
