import { drawLineage } from "./lineage.js";
import { startOutbox } from "./outbox.js";

document.addEventListener("DOMContentLoaded", () => {
  const drawing = document.getElementById("lineage-drawing");
  const data = document.getElementById("lineage-data");
  if (drawing && data) drawLineage(drawing, JSON.parse(data.textContent));
  const form = document.querySelector("form[data-offline-form]");
  if (form) startOutbox(form);
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  }
});
