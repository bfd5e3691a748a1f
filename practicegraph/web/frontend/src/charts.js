// Research views drawn from the research endpoints' JSON: small SVG charts (d3-scale,
// d3-shape) with the same figures in a table beside them for screen readers.
import { scaleBand, scaleLinear, scaleTime } from "d3-scale";
import { line } from "d3-shape";

const SVG = "http://www.w3.org/2000/svg";
const W = 360, H = 200, M = { top: 10, right: 10, bottom: 26, left: 38 };

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function frame(container, label) {
  return el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": label, class: "chart-svg" }, container);
}

function axisY(svg, y, ticks, fmt) {
  for (const t of ticks) {
    el("line", { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t), class: "grid" }, svg);
    el("text", { x: M.left - 6, y: y(t) + 4, "text-anchor": "end", class: "tick" }, svg).textContent = fmt(t);
  }
}

function axisX(svg, labels) {
  for (const [x, text] of labels) el("text", { x, y: H - 8, "text-anchor": "middle", class: "tick" }, svg).textContent = text;
}

function row(tbody, cells) {
  const tr = document.createElement("tr");
  for (const c of cells) { const td = document.createElement("td"); td.textContent = c; tr.appendChild(td); }
  tbody.appendChild(tr);
}

function item(list, text) { const li = document.createElement("li"); li.textContent = text; list.appendChild(li); }
const n = (count, one, many) => `${count} ${count === 1 ? one : many}`;
const pct = (v) => (v === null || v === undefined ? "–" : `${Math.round(v * 100)}%`);

export function lineChart(container, points, label, fmt, whole = false) {
  const svg = frame(container, label);
  const x = scaleTime().domain([points[0].x, points[points.length - 1].x]).range([M.left, W - M.right]);
  const max = Math.max(1, ...points.map((p) => p.y));
  const y = scaleLinear().domain([0, max]).nice().range([H - M.bottom, M.top]);
  axisY(svg, y, y.ticks(4).filter((t) => !whole || Number.isInteger(t)), fmt);
  axisX(svg, x.ticks(4).map((d) => [x(d), d.toISOString().slice(0, 7)]));
  el("path", { d: line().x((p) => x(p.x)).y((p) => y(p.y))(points), class: "series" }, svg);
  for (const p of points) el("circle", { cx: x(p.x), cy: y(p.y), r: 3, class: "dot" }, svg);
}

export function stackedBars(container, rows, label) {
  const svg = frame(container, label);
  const x = scaleBand().domain(rows.map((r) => r.label)).range([M.left, W - M.right]).padding(0.2);
  const y = scaleLinear().domain([0, Math.max(1, ...rows.map((r) => r.a + r.b))]).nice().range([H - M.bottom, M.top]);
  axisY(svg, y, y.ticks(4), (t) => String(t));
  for (const r of rows) {
    el("rect", { x: x(r.label), width: x.bandwidth(), y: y(r.a), height: y(0) - y(r.a), class: "bar content" }, svg);
    el("rect", { x: x(r.label), width: x.bandwidth(), y: y(r.a + r.b), height: y(r.a) - y(r.a + r.b), class: "bar admin" }, svg);
  }
  const every = Math.ceil(rows.length / 6);
  axisX(svg, rows.filter((_, i) => i % every === 0).map((r) => [x(r.label) + x.bandwidth() / 2, r.label.slice(0, 7)]));
}

function showCluster(data) {
  document.getElementById("cluster-name").textContent = data.name;
  const list = document.getElementById("summary-list");
  item(list, `${data.meetings} meetings${data.first_meeting ? `, ${data.first_meeting} to ${data.last_meeting}` : ""}`);
  item(list, `Typical gap between meetings: ${data.regularity.median_gap_days ?? "–"} days`);
  item(list, `Mean attendance: ${pct(data.attendance.mean_rate)} of members`);
  item(list, `Agenda: ${pct(data.agenda.content_share)} about teaching content, the rest admin`);
  document.getElementById("summary").hidden = false;
  const t = data.timeline;
  if (!t.length) return;
  lineChart(document.getElementById("attendance-chart"),
    t.map((m) => ({ x: new Date(m.date), y: m.attendance_rate ?? 0 })), "Attendance rate at each meeting", pct);
  stackedBars(document.getElementById("agenda-chart"),
    t.map((m) => ({ label: m.date, a: m.content_items, b: m.admin_items })), "Content and admin agenda items per meeting");
  const tbody = document.querySelector("#meetings-table tbody");
  for (const m of t) row(tbody, [m.date, m.attendees, pct(m.attendance_rate), m.content_items, m.admin_items]);
  document.getElementById("attendance").hidden = false;
  document.getElementById("agenda").hidden = false;
}

function showDiffusion(data) {
  const reach = document.getElementById("reach-list");
  item(reach, `${n(data.size, "practice", "practices")} in this family, ${n(data.depth, "generation", "generations")} deep`);
  item(reach, `${n(data.schools_reached, "school", "schools")} and ${n(data.clusters_reached, "cluster", "clusters")} reached`);
  document.getElementById("reach").hidden = false;
  const dated = data.tree.filter((e) => e.date).sort((a, b) => a.date.localeCompare(b.date));
  if (dated.length) {
    const points = dated.map((e, i) => ({ x: new Date(e.date), y: i + 1 }));
    lineChart(document.getElementById("adoption-chart"), points, "Adaptations so far, by date", (t) => String(t), true);
    const tbody = document.querySelector("#adoption-table tbody");
    dated.forEach((e, i) => row(tbody, [e.date, i + 1]));
    document.getElementById("adoption").hidden = false;
  }
  const modes = document.getElementById("modes-list");
  for (const [mode, share] of Object.entries(data.modes)) item(modes, `${mode}: ${share.count} (${pct(share.share)})`);
  document.getElementById("modes").hidden = false;
}

export async function startResearchView(root) {
  const status = document.getElementById("research-status");
  try {
    const res = await fetch(root.dataset.source, { credentials: "same-origin", headers: { Accept: "application/json" } });
    const body = await res.json();
    if (!res.ok) { status.textContent = body.error ? body.error.message : `The server answered ${res.status}.`; return; }
    (root.dataset.kind === "cluster" ? showCluster : showDiffusion)(body);
    status.textContent = "";
  } catch (e) {
    status.textContent = "The figures could not be loaded: check the connection and reload.";
  }
}
