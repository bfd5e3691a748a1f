// Loaded only on the research pages: the chart code stays out of the phone's form pages.
import { startResearchView } from "./charts.js";

document.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("research-view");
  if (root) startResearchView(root);
});
