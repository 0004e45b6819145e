// Reads {"payload": "<path of indeks.json>", "queries": [...]} on stdin; loads
// the index's head with lunr.js (node_modules) through engine.js, which reads the
// parts each query needs from beside it, and prints, per query, the ranked
// results [{ref, score}], the planned terms and the parts read as JSON; with
// "head": true, the head's terms and roots (positions) as engine.js decodes them.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { loadIndex, query } from "../../../theme/static/js/search/engine.js";

const require = createRequire(import.meta.url);
const lunr = require("lunr");
const input = JSON.parse(readFileSync(0, "utf-8"));
const folder = dirname(input.payload);
const read = [];
const engine = loadIndex(lunr, JSON.parse(readFileSync(input.payload, "utf-8")), async (path) => {
  read.push(path);
  return JSON.parse(readFileSync(join(folder, path), "utf-8"));
});
if (input.head) { // the head as the browser reads it
  process.stdout.write(JSON.stringify({ terms: engine.head.terms, roots: engine.head.roots }));
  process.exit(0);
}
const answers = [];
for (const text of input.queries ?? []) {
  read.length = 0;
  const { terms, results } = await query(engine, text);
  answers.push({ terms, results: results.map(({ ref, score }) => ({ ref, score })), read: [...read] });
}
process.stdout.write(JSON.stringify(answers));
