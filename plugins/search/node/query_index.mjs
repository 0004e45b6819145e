// Reads {"payload": "<path of indeks.json>", "queries": [...]} on stdin; loads
// the index with lunr.js (node_modules) through engine.js and prints, per
// query, the ranked results [{ref, score}] and the planned terms as JSON.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadIndex, query } from "../../../theme/static/js/search/engine.js";

const require = createRequire(import.meta.url);
const lunr = require("lunr");
const input = JSON.parse(readFileSync(0, "utf-8"));
const engine = loadIndex(lunr, JSON.parse(readFileSync(input.payload, "utf-8")));
const answers = input.queries.map((text) => {
  const { terms, results } = query(engine, text);
  return { terms, results: results.map(({ ref, score }) => ({ ref, score })) };
});
process.stdout.write(JSON.stringify(answers));
