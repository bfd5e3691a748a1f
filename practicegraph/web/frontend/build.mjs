// Builds the web app's scripts and styles into ../static (served from the Python package).
import { build } from "esbuild";
import { copyFileSync } from "node:fs";

const out = new URL("../static/", import.meta.url).pathname;
const common = { bundle: true, minify: true, target: ["es2019"], logLevel: "info", legalComments: "none" };
await build({ ...common, entryPoints: ["src/app.js"], outfile: out + "app.js", format: "iife" });
await build({ ...common, entryPoints: ["src/research.js"], outfile: out + "research.js", format: "iife" });
await build({ ...common, entryPoints: ["src/sw.js"], outfile: out + "sw.js", format: "iife" });
await build({ ...common, entryPoints: ["src/app.css"], outfile: out + "app.css" });
for (const f of ["manifest.webmanifest", "icon.svg"]) copyFileSync("src/" + f, out + f);
