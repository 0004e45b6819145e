// Search logic, without the DOM: load the index, turn a query into lunr term
// clauses, rank, filter, and split snippets into highlighted segments. Runs in
// the browser and in Node (tests); plugins/search/engine.py mirrors query()
// for the Python side of the parity and relevance checks.
import { isStopWord, registerIndonesian, stemWord } from "./pipeline.js";
import { normalise } from "./stemmer.js";

export const TYPES = ["buku", "ulasan", "acara", "program", "halaman"];
export const FORMATS = ["braille", "audio", "ebook", "large-print"];
export const TYPO_MIN_LENGTH = 5; // a word this long that finds little…
export const TYPO_FEW_DOCUMENTS = 3; // …(fewer documents than this) also tries edit distance 1
export const TYPO_BOOST = 0.2;
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

export function loadIndex(lunr, payload) {
  registerIndonesian(lunr, payload);
  return { lunr, index: lunr.Index.load(payload.index), docs: payload.docs };
}

export function queryWords(text) {
  const words = String(text ?? "")
    .toLowerCase()
    .split(/[\s\-]+/)
    .map((word) => normalise(word).replace(/-/g, ""))
    .filter(Boolean);
  return [...new Set(words)];
}

export function documentFrequency(index, term) {
  const posting = index.invertedIndex[term];
  if (!posting) return 0;
  const refs = new Set();
  for (const [field, documents] of Object.entries(posting)) {
    if (field !== "_index") for (const ref of Object.keys(documents)) refs.add(ref);
  }
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
export function plan(index, text) {
  const terms = new Map();
  for (const word of queryWords(text)) {
    if (isStopWord(word)) continue;
    const stem = stemWord(word);
    terms.set(stem, { term: stem, boost: 1, typo: false });
  }
  for (const word of queryWords(text)) {
    if (isStopWord(word) || word.length < TYPO_MIN_LENGTH) continue;
    if (documentFrequency(index, stemWord(word)) >= TYPO_FEW_DOCUMENTS) continue;
    for (const variant of edits1(word)) {
      const stem = stemWord(variant);
      if (terms.has(stem) || isStopWord(variant) || !index.invertedIndex[stem]) continue;
      terms.set(stem, { term: stem, boost: TYPO_BOOST, typo: true });
    }
  }
  return [...terms.values()].sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
}

// Ranked results [{ref, score, doc}]; ties in document order.
export function query(engine, text) {
  const terms = plan(engine.index, text);
  if (terms.length === 0) return { terms, results: [] };
  const found = engine.index.query((q) => {
    for (const { term, boost } of terms) q.term(term, { usePipeline: false, boost });
  });
  const results = found
    .map(({ ref, score }) => ({ ref, score, doc: engine.docs[Number(ref)] }))
    .sort((a, b) => b.score - a.score || Number(a.ref) - Number(b.ref));
  return { terms, results };
}

// filters: {types: [...], formats: [...], local: bool}; empty lists keep all.
export function filterResults(results, { types = [], formats = [], local = false } = {}) {
  return results.filter(({ doc }) => {
    if (types.length && !types.includes(doc.y)) return false;
    if (formats.length && !(doc.f || []).some((f) => formats.includes(f))) return false;
    if (local && !doc.l) return false;
    return true;
  });
}

export function countByType(results) {
  const counts = Object.fromEntries(TYPES.map((type) => [type, 0]));
  for (const { doc } of results) counts[doc.y] = (counts[doc.y] || 0) + 1;
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
