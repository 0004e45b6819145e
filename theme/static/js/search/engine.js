// Search logic, without the DOM: load the index's head, fetch the parts a query
// needs, turn a query into lunr term clauses, rank, filter, and split snippets
// into highlighted segments. Runs in the browser and in Node (tests);
// plugins/search/engine.py mirrors plan() and query() for the Python side of the
// parity and relevance checks.
//
// The index comes in parts (plugins/search/search.py, payload_files): the head
// holds the sorted terms, where each shard of postings starts, and each
// document's type, formats and local mark; a query fetches the shards of its
// terms and lunr.js loads an index of only their postings, numbered in sorted
// order as the build numbers them. lunr scores a document by the dot product of
// its field vectors with the query's divided by the query's length only, so the
// terms a query does not name add nothing: the ranking is the whole index's.
// Result texts come in chunks, fetched for the results shown.
import { isStopWord, registerIndonesian, stemWord } from "./pipeline.js";
import { normalise } from "./stemmer.js";

export const TYPES = ["buku", "ulasan", "acara", "program", "halaman"];
export const FORMATS = ["braille", "audio", "ebook", "large-print"];
export const TYPO_MIN_LENGTH = 5; // a word this long that finds little…
export const TYPO_FEW_DOCUMENTS = 3; // …(fewer documents than this) also tries edit distance 1
export const TYPO_BOOST = 0.2;
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

export const HEAD_VERSION = 3;

// The head's terms, front-coded (search.py encode_terms): each term is one character
// saying how many characters it shares with the one before (48 + n), then the rest;
// terms are joined by spaces.
export function decodeTerms(text) {
  const terms = [];
  let previous = "";
  for (const coded of text ? text.split(" ") : []) {
    previous = previous.slice(0, coded.charCodeAt(0) - 48) + coded.slice(1);
    terms.push(previous);
  }
  return terms;
}

// head: the parsed indeks.json; fetchPart(path relative to it) → Promise of the parsed part.
// engine.head is the head with `terms` as a list and `roots` as positions in it.
export function loadIndex(lunr, encoded, fetchPart) {
  if (encoded.version !== HEAD_VERSION) throw new Error(`search index version ${encoded.version}, not ${HEAD_VERSION}`);
  const terms = decodeTerms(encoded.terms);
  let position = 0;
  const roots = encoded.roots.map((gap) => (position += gap)); // the first position, then gaps
  const head = { ...encoded, terms, roots };
  // The stemmer's roots that are terms of the index, and the stop words.
  registerIndonesian(lunr, { roots: roots.map((at) => terms[at]), stopWords: head.stopWords });
  const positions = new Map(terms.map((term, at) => [term, at]));
  return { lunr, head, positions, fetchPart, parts: new Map() };
}

function part(engine, name) {
  let loading = engine.parts.get(name);
  if (!loading) {
    loading = Promise.resolve().then(() => engine.fetchPart(engine.head.parts + name));
    loading.catch(() => engine.parts.delete(name)); // tried again by the next query
    engine.parts.set(name, loading);
  }
  return loading;
}

function shardOf(engine, term) {
  const starts = engine.head.shards;
  const position = engine.positions.get(term);
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}

// term → its postings [field number, ref, score, …], for the terms of `terms` the index has.
export async function postings(engine, terms) {
  const known = [...new Set(terms)].filter((term) => engine.positions.has(term));
  const numbers = [...new Set(known.map((term) => shardOf(engine, term)))];
  const shards = await Promise.all(numbers.map((number) => part(engine, `istilah-${number}.json`)));
  const byNumber = new Map(numbers.map((number, i) => [number, shards[i]]));
  return new Map(known.map((term) => [term, byNumber.get(shardOf(engine, term))[term] || []]));
}

// A document's type, formats and local mark, from the head (filters and counts).
export function info(engine, ref) {
  const { meta, types, formats } = engine.head;
  const code = meta[ref];
  return { y: types[code & 7], l: Boolean(code & 8), f: formats.filter((_, i) => code & (16 << i)) };
}

// What the results at `refs` show (title, URL, snippet, …), from their chunks.
export async function documents(engine, refs) {
  const size = engine.head.chunk;
  const numbers = [...new Set(refs.map((ref) => Math.floor(Number(ref) / size)))];
  const chunks = await Promise.all(numbers.map((number) => part(engine, `hasil-${number}.json`)));
  const byNumber = new Map(numbers.map((number, i) => [number, chunks[i]]));
  return refs.map((ref) => byNumber.get(Math.floor(Number(ref) / size))[Number(ref) % size]);
}

export function queryWords(text) {
  const words = String(text ?? "")
    .toLowerCase()
    .split(/[\s\-]+/)
    .map((word) => normalise(word).replace(/-/g, ""))
    .filter(Boolean);
  return [...new Set(words)];
}

function documentFrequency(flat = []) {
  const refs = new Set();
  for (let i = 1; i < flat.length; i += 3) refs.add(flat[i]);
  return refs.size;
}

export function edits1(word) {
  const variants = new Set();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) variants.add(head + tail.slice(1));
    if (tail.length > 1) variants.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const letter of LETTERS) {
      if (tail) variants.add(head + letter + tail.slice(1));
      variants.add(head + letter + tail);
    }
  }
  variants.delete(word);
  return variants;
}

// Query text → [{term, boost, typo}] sorted by term; stems of the typed words first.
export async function plan(engine, text) {
  const words = queryWords(text).filter((word) => !isStopWord(word));
  const terms = new Map();
  for (const word of words) {
    const stem = stemWord(word);
    terms.set(stem, { term: stem, boost: 1, typo: false });
  }
  const long = words.filter((word) => word.length >= TYPO_MIN_LENGTH);
  const found = await postings(engine, long.map((word) => stemWord(word)));
  for (const word of long) {
    if (documentFrequency(found.get(stemWord(word))) >= TYPO_FEW_DOCUMENTS) continue;
    for (const variant of edits1(word)) {
      const stem = stemWord(variant);
      if (terms.has(stem) || isStopWord(variant) || !engine.positions.has(stem)) continue;
      terms.set(stem, { term: stem, boost: TYPO_BOOST, typo: true });
    }
  }
  return [...terms.values()].sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
}

// The lunr index of only these postings (term → [field, ref, score, …]).
function partialIndex(engine, found) {
  const { fields, pipeline } = engine.head;
  const vectors = new Map();
  const inverted = [];
  [...found.keys()].sort().forEach((term, number) => {
    const posting = Object.fromEntries(fields.map((field) => [field, {}]));
    const flat = found.get(term);
    for (let i = 0; i < flat.length; i += 3) {
      const field = fields[flat[i]];
      const key = `${field}/${flat[i + 1]}`;
      posting[field][flat[i + 1]] = {};
      if (!vectors.has(key)) vectors.set(key, []);
      vectors.get(key).push(number, flat[i + 2]);
    }
    posting._index = number;
    inverted.push([term, posting]);
  });
  return engine.lunr.Index.load({
    version: engine.lunr.version, fields, pipeline, fieldVectors: [...vectors], invertedIndex: inverted,
  });
}

// Ranked results [{ref, score, info}]; ties in document order.
export async function query(engine, text) {
  const terms = await plan(engine, text);
  if (terms.length === 0) return { terms, results: [] };
  const found = await postings(engine, terms.map(({ term }) => term));
  if (found.size === 0) return { terms, results: [] };
  const hits = partialIndex(engine, found).query((q) => {
    for (const { term, boost } of terms) q.term(term, { usePipeline: false, boost });
  });
  const results = hits
    .map(({ ref, score }) => ({ ref, score, info: info(engine, Number(ref)) }))
    .sort((a, b) => b.score - a.score || Number(a.ref) - Number(b.ref));
  return { terms, results };
}

// filters: {types: [...], formats: [...], local: bool}; empty lists keep all.
export function filterResults(results, { types = [], formats = [], local = false } = {}) {
  return results.filter(({ info: doc }) => {
    if (types.length && !types.includes(doc.y)) return false;
    if (formats.length && !(doc.f || []).some((f) => formats.includes(f))) return false;
    if (local && !doc.l) return false;
    return true;
  });
}

export function countByType(results) {
  const counts = Object.fromEntries(TYPES.map((type) => [type, 0]));
  for (const { info: doc } of results) counts[doc.y] = (counts[doc.y] || 0) + 1;
  return counts;
}

// Text → [{text, mark}]: words whose stem is one of `stems` are marked.
export function highlightSegments(text, stems) {
  const wanted = stems instanceof Set ? stems : new Set(stems);
  const segments = [];
  const pattern = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;
  let last = 0;
  for (const match of String(text).matchAll(pattern)) {
    const parts = match[0].split("-").map((part) => stemWord(normalise(part)));
    if (!parts.some((part) => wanted.has(part))) continue;
    if (match.index > last) segments.push({ text: text.slice(last, match.index), mark: false });
    segments.push({ text: match[0], mark: true });
    last = match.index + match[0].length;
  }
  if (last < String(text).length) segments.push({ text: String(text).slice(last), mark: false });
  return segments;
}
