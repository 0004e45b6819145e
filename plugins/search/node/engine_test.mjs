// Unit tests of the browser's search logic (theme/static/js/search/engine.js),
// run by plugins/search/test_engine.py through `node --test`.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import {
  countByType, decodeTerms, documents, edits1, filterResults, highlightSegments, loadIndex, plan, query, queryWords,
} from "../../../theme/static/js/search/engine.js";
import { registerIndonesian } from "../../../theme/static/js/search/pipeline.js";

const lunr = createRequire(import.meta.url)("lunr");
const roots = ["tulis", "baca", "pinjam", "buku", "anak", "pelangi", "laskar"];
const stopWords = ["yang", "di", "dan"];
const DOCS = [
  { t: "Penulis dan pembaca", u: "program/a/", y: "program", s: "" },
  { t: "Laskar Pelangi", u: "katalog/lp/", y: "buku", f: ["print", "braille"], l: true, a: [1, 2] },
  { t: "Peminjaman", u: "layanan/", y: "halaman", s: "" },
];

// An index as the build splits it (plugins/search/search.py payload_files): a head,
// shards of postings [field, ref, score, …] by sorted terms (one term each here), and
// result texts in chunks (two documents each); `read` lists the parts fetched.
function smallEngine(read = []) {
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
  }).toJSON();
  const termOf = Object.fromEntries(index.invertedIndex.map(([term, posting]) => [posting._index, term]));
  const postings = {};
  for (const [fieldRef, elements] of index.fieldVectors) {
    const [field, ref] = fieldRef.split("/");
    for (let i = 0; i < elements.length; i += 2) {
      (postings[termOf[elements[i]]] ??= []).push(index.fields.indexOf(field), Number(ref), elements[i + 1]);
    }
  }
  const terms = Object.keys(postings).sort();
  const formats = ["braille", "print"];
  const rootPositions = roots.map((root) => terms.indexOf(root)).filter((position) => position >= 0).sort((a, b) => a - b);
  const head = {
    version: 3, parts: "bagian/", fields: index.fields, pipeline: index.pipeline,
    terms: terms.map((term) => `0${term}`).join(" "), // front-coded, sharing nothing
    shards: terms.map((_, i) => i),
    chunk: 2, count: DOCS.length, types: ["buku", "ulasan", "acara", "program", "halaman"], formats,
    meta: DOCS.map((d) => ["buku", "ulasan", "acara", "program", "halaman"].indexOf(d.y) | (d.l ? 8 : 0)
      | (d.f || []).reduce((bits, f) => bits | (16 << formats.indexOf(f)), 0)),
    roots: rootPositions.map((position, i) => position - (rootPositions[i - 1] ?? 0)), stopWords, // gaps
  };
  const parts = {};
  terms.forEach((term, i) => { parts[`bagian/istilah-${i}.json`] = { [term]: postings[term] }; });
  parts["bagian/hasil-0.json"] = DOCS.slice(0, 2);
  parts["bagian/hasil-1.json"] = DOCS.slice(2);
  return loadIndex(lunr, JSON.parse(JSON.stringify(head)), async (path) => {
    read.push(path);
    if (!(path in parts)) throw new Error(`no part ${path}`);
    return JSON.parse(JSON.stringify(parts[path]));
  });
}

test("the head's front-coded terms decode; a head of another version is refused", () => {
  assert.deepEqual(decodeTerms("0baca 4an 0buku 2kan 0😀a 0😀b"), ["baca", "bacaan", "buku", "bukan", "😀a", "😀b"]);
  assert.deepEqual(decodeTerms(""), []);
  assert.throws(() => loadIndex(lunr, { version: 2, terms: [], roots: [] }, async () => ({})), /version 2/);
});

test("query words are normalised, split on hyphens, unique", () => {
  assert.deepEqual(queryWords("  Anak-anak  KAFÉ, buku!"), ["anak", "kafe", "buku"]);
});

test("inflected queries find their roots", async () => {
  const engine = smallEngine();
  assert.deepEqual((await query(engine, "menulis")).results.map((r) => r.ref), ["0"]);
  assert.deepEqual((await query(engine, "meminjam")).results.map((r) => r.ref), ["2"]);
  assert.deepEqual((await query(engine, "yang dan")).results, []);
  assert.deepEqual((await query(engine, "zebra")).results, []);
});

test("a query fetches only the shards of its terms, once", async () => {
  const read = [];
  const engine = smallEngine(read);
  await query(engine, "menulis");
  assert.deepEqual(read, [`bagian/istilah-${engine.head.terms.indexOf("tulis")}.json`]);
  await query(engine, "penulis");
  assert.equal(read.length, 1); // kept from the first query
});

test("a long word that finds little also tries edit distance 1", async () => {
  const engine = smallEngine();
  const terms = await plan(engine, "pelangj");
  assert.ok(terms.some((t) => t.term === "pelangi" && t.typo));
  assert.deepEqual((await query(engine, "pelangj")).results.map((r) => r.ref), ["1"]);
  assert.ok(!(await plan(engine, "bcaa")).some((t) => t.typo)); // under five letters
  assert.ok(edits1("baca").has("bca") && !edits1("baca").has("baca"));
});

test("filters by type, format and local content, from the head", async () => {
  const engine = smallEngine();
  const all = (await query(engine, "pelangi penulis pinjam")).results;
  assert.equal(all.length, 3);
  assert.deepEqual(filterResults(all, { types: ["buku"] }).map((r) => r.ref), ["1"]);
  assert.deepEqual(filterResults(all, { formats: ["braille"] }).map((r) => r.ref), ["1"]);
  assert.deepEqual(filterResults(all, { local: true }).map((r) => r.ref), ["1"]);
  assert.equal(countByType(all).program, 1);
});

test("result texts come from their chunks, in the order asked", async () => {
  const read = [];
  const engine = smallEngine(read);
  assert.deepEqual((await documents(engine, ["2", "0"])).map((d) => d.t), ["Peminjaman", "Penulis dan pembaca"]);
  assert.deepEqual(read, ["bagian/hasil-1.json", "bagian/hasil-0.json"]);
});

test("a part that cannot be fetched fails the query, and is fetched again next time", async () => {
  const read = [];
  const engine = smallEngine(read);
  let fail = true;
  const fetchPart = engine.fetchPart;
  engine.fetchPart = (path) => (fail ? Promise.reject(new Error("offline")) : fetchPart(path));
  await assert.rejects(query(engine, "menulis"), /offline/);
  fail = false;
  assert.deepEqual((await query(engine, "menulis")).results.map((r) => r.ref), ["0"]);
});

test("highlight marks words sharing a query stem, and keeps all text", () => {
  smallEngine();
  const text = "Para penulis <b>menulis</b> tulisan; pembaca membaca.";
  const segments = highlightSegments(text, new Set(["tulis"]));
  assert.equal(segments.map((s) => s.text).join(""), text);
  assert.deepEqual(segments.filter((s) => s.mark).map((s) => s.text), ["penulis", "menulis", "tulisan"]);
});
