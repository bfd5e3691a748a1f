// The lineage drawn as a tree: sources to the left of the practice, adaptations to the right;
// each edge labelled with its mode and what changed. Layout by d3-hierarchy.
import { hierarchy, tree } from "d3-hierarchy";

const SVG = "http://www.w3.org/2000/svg";
const MODE = { replication: "used as it was", adaptive: "adapted", exchange: "worked out together" };
const COL = 230; // px between generations
const ROW = 64; // px between siblings

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function short(text, n) {
  return text && text.length > n ? text.slice(0, n - 1) + "…" : text || "";
}

function edgeLabel(edge) {
  if (!edge) return "";
  const how = edge.kind === "adapted_from" ? MODE[edge.mode] || edge.mode
    : edge.kind === "version_of" ? "new version" : "revised after feedback";
  return edge.what_changed ? `${how}: ${edge.what_changed}` : how;
}

function layout(rootData, key, side) {
  const root = hierarchy(rootData, (d) => d[key] || []);
  tree().nodeSize([ROW, COL])(root);
  return root.descendants().map((n) => ({ n, x: side * n.y, y: n.x }));
}

export function drawLineage(container, data) {
  const parts = [];
  if (data.ancestors) parts.push(...layout(data.ancestors, "sources", -1));
  if (data.descendants) parts.push(...layout(data.descendants, "adaptations", 1).filter((p) => p.n.depth > 0));
  if (parts.length <= 1) return;
  const xs = parts.map((p) => p.x), ys = parts.map((p) => p.y);
  const pad = 110;
  const minX = Math.min(...xs) - pad, maxX = Math.max(...xs) + pad;
  const minY = Math.min(...ys) - 40, maxY = Math.max(...ys) + 40;
  const svg = el("svg", { viewBox: `${minX} ${minY} ${maxX - minX} ${maxY - minY}`, role: "img",
    class: "lineage-svg", "aria-label": "Lineage tree" }, container);
  const place = new Map(parts.map((p) => [p.n, p]));
  for (const p of parts) {
    const parent = p.n.parent ? place.get(p.n.parent) || parts[0] : null;
    if (!parent) continue;
    el("path", { d: `M${parent.x},${parent.y} C${(parent.x + p.x) / 2},${parent.y} ${(parent.x + p.x) / 2},${p.y} ${p.x},${p.y}`,
      class: `edge mode-${p.n.data.edge ? p.n.data.edge.mode || p.n.data.edge.kind : ""}` }, svg);
    const label = el("text", { x: (parent.x + p.x) / 2, y: (parent.y + p.y) / 2 - 6, class: "edge-label",
      "text-anchor": "middle" }, svg);
    label.textContent = short(edgeLabel(p.n.data.edge), 38);
    el("title", {}, label).textContent = edgeLabel(p.n.data.edge);
  }
  for (const p of parts) {
    const g = el("a", { href: `/practices/${encodeURIComponent(p.n.data.practice.id)}`,
      class: p.n.depth === 0 ? "node root" : "node" }, svg);
    el("rect", { x: p.x - 100, y: p.y - 16, width: 200, height: 32, rx: 6 }, g);
    const t = el("text", { x: p.x, y: p.y + 5, "text-anchor": "middle" }, g);
    t.textContent = short(p.n.data.practice.title, 30);
    el("title", {}, g).textContent = p.n.data.practice.title;
  }
}
