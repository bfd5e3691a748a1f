// The lineage drawn as a tree, top-down so it fits a phone: sources above the practice,
// adaptations below;
// each edge labelled with its mode and what changed. Layout by d3-hierarchy.
import { hierarchy, tree } from "d3-hierarchy";

const SVG = "http://www.w3.org/2000/svg";
const MODE = { replication: "used as it was", adaptive: "adapted", exchange: "worked out together" };
const WIDE = 220; // px between siblings
const TALL = 96; // px between generations

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
  tree().nodeSize([WIDE, TALL])(root);
  return root.descendants().map((n) => ({ n, x: n.x, y: side * n.y }));
}

export function drawLineage(container, data) {
  const parts = [];
  if (data.ancestors) parts.push(...layout(data.ancestors, "sources", -1));
  if (data.descendants) parts.push(...layout(data.descendants, "adaptations", 1).filter((p) => p.n.depth > 0));
  if (parts.length <= 1) return;
  const xs = parts.map((p) => p.x), ys = parts.map((p) => p.y);
  const minX = Math.min(...xs) - 105, maxX = Math.max(...xs) + 105;
  const minY = Math.min(...ys) - 20, maxY = Math.max(...ys) + 20;
  const svg = el("svg", { viewBox: `${minX} ${minY} ${maxX - minX} ${maxY - minY}`, role: "img",
    width: maxX - minX, height: maxY - minY,
    class: "lineage-svg", "aria-label": "Lineage tree" }, container);
  const place = new Map(parts.map((p) => [p.n, p]));
  for (const p of parts) {
    const parent = p.n.parent ? place.get(p.n.parent) || parts[0] : null;
    if (!parent) continue;
    const midY = (parent.y + p.y) / 2;
    el("path", { d: `M${parent.x},${parent.y} C${parent.x},${midY} ${p.x},${midY} ${p.x},${p.y}`,
      class: `edge mode-${p.n.data.edge ? p.n.data.edge.mode || p.n.data.edge.kind : ""}` }, svg);
    const label = el("text", { x: (parent.x + p.x) / 2, y: midY + 4, class: "edge-label",
      "text-anchor": "middle" }, svg);
    label.textContent = short(edgeLabel(p.n.data.edge), 34);
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
