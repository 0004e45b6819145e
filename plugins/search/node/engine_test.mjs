// Unit tests of the browser's search logic (theme/static/js/search/engine.js),
// run by plugins/search/test_engine.py through `node --test`.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import {
  countByType, edits1, filterResults, highlightSegments, loadIndex, plan, query, queryWords,
} from "../../../theme/static/js/search/engine.js";
import { registerIndonesian } from "../../../theme/static/js/search/pipeline.js";

const lunr = createRequire(import.meta.url)("lunr");
const roots = ["tulis", "baca", "pinjam", "buku", "anak", "pelangi", "laskar"];
const stopWords = ["yang", "di", "dan"];

function smallEngine() {
  registerIndonesian(lunr, { roots, stopWords });
  const index = lunr(function () {
    this.pipeline.reset();
    this.searchPipeline.reset();
    for (const label of ["trimmer-id", "stopWordFilter-id", "stemmer-id"]) {
      this.pipeline.add(lunr.Pipeline.registeredFunctions[label]);
      this.searchPipeline.add(lunr.Pipeline.registeredFunctions[label]);
    }
    this.ref("id");
    this.field("title", { boost: 10 });
    this.add({ id: "0", title: "Penulis dan pembaca" });
    this.add({ id: "1", title: "Laskar Pelangi" });
    this.add({ id: "2", title: "Peminjaman buku anak-anak" });
  });
  const payload = {
    index: index.toJSON(),
    roots,
    stopWords,
    docs: [
      { t: "Penulis dan pembaca", u: "program/a/", y: "program", s: "" },
      { t: "Laskar Pelangi", u: "katalog/lp/", y: "buku", f: ["print", "braille"], l: true, a: [1, 2] },
      { t: "Peminjaman", u: "layanan/", y: "halaman", s: "" },
    ],
  };
  return loadIndex(lunr, JSON.parse(JSON.stringify(payload)));
}

test("query words are normalised, split on hyphens, unique", () => {
  assert.deepEqual(queryWords("  Anak-anak  KAFÉ, buku!"), ["anak", "kafe", "buku"]);
});

test("inflected queries find their roots", () => {
  const engine = smallEngine();
  assert.deepEqual(query(engine, "menulis").results.map((r) => r.ref), ["0"]);
  assert.deepEqual(query(engine, "meminjam").results.map((r) => r.ref), ["2"]);
  assert.deepEqual(query(engine, "yang dan").results, []);
});

test("a long word that finds little also tries edit distance 1", () => {
  const engine = smallEngine();
  const terms = plan(engine.index, "pelangj");
  assert.ok(terms.some((t) => t.term === "pelangi" && t.typo));
  assert.deepEqual(query(engine, "pelangj").results.map((r) => r.ref), ["1"]);
  assert.ok(!plan(engine.index, "bcaa").some((t) => t.typo)); // under five letters
  assert.ok(edits1("baca").has("bca") && !edits1("baca").has("baca"));
});

test("filters by type, format and local content", () => {
  const engine = smallEngine();
  const all = query(engine, "pelangi penulis pinjam").results;
  assert.equal(all.length, 3);
  assert.deepEqual(filterResults(all, { types: ["buku"] }).map((r) => r.ref), ["1"]);
  assert.deepEqual(filterResults(all, { formats: ["braille"] }).map((r) => r.ref), ["1"]);
  assert.deepEqual(filterResults(all, { local: true }).map((r) => r.ref), ["1"]);
  assert.equal(countByType(all).program, 1);
});

test("highlight marks words sharing a query stem, and keeps all text", () => {
  smallEngine();
  const text = "Para penulis <b>menulis</b> tulisan; pembaca membaca.";
  const segments = highlightSegments(text, new Set(["tulis"]));
  assert.equal(segments.map((s) => s.text).join(""), text);
  assert.deepEqual(segments.filter((s) => s.mark).map((s) => s.text), ["penulis", "menulis", "tulisan"]);
});
