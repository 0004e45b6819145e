// Reads {"roots": [...], "words": [...]} on stdin; prints the JavaScript
// stemmer's stems (same order) as JSON. Used by the parity and fixture tests.
import { readFileSync } from "node:fs";
import { stem } from "../../../theme/static/js/search/stemmer.js";

const input = JSON.parse(readFileSync(0, "utf-8"));
const roots = new Set(input.roots);
process.stdout.write(JSON.stringify(input.words.map((word) => stem(word, roots))));
