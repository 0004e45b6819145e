// The Indonesian lunr pipeline, registered with lunr.js under the labels the
// index was built with (plugins/search/pipeline.py): trimmer-id,
// stopWordFilter-id, stemmer-id. The root dictionary and stop words come with
// the index (only the roots that occur in it), so both sides use one list.
import { normalise, stem } from "./stemmer.js";

const state = { roots: new Set(), stopWords: new Set(), cache: new Map() };

export function trimmer(token) {
  token.update((s) => normalise(s).replace(/-/g, ""));
  return token.toString() ? token : undefined;
}

export function stopWordFilter(token) {
  const s = token.toString();
  return s && !state.stopWords.has(s) ? token : undefined;
}

export function stemWord(word) {
  let result = state.cache.get(word);
  if (result === undefined) {
    result = stem(word, state.roots);
    state.cache.set(word, result);
  }
  return result;
}

export function stemmer(token) {
  return token.update((s) => stemWord(s));
}

export function isStopWord(word) {
  return state.stopWords.has(word);
}

// Register once per lunr instance; later calls only replace the dictionary.
export function registerIndonesian(lunr, { roots = [], stopWords = [] } = {}) {
  state.roots = roots instanceof Set ? roots : new Set(roots);
  state.stopWords = new Set(stopWords);
  state.cache = new Map();
  const functions = { "trimmer-id": trimmer, "stopWordFilter-id": stopWordFilter, "stemmer-id": stemmer };
  for (const [label, fn] of Object.entries(functions)) {
    if (lunr.Pipeline.registeredFunctions[label] !== fn) lunr.Pipeline.registerFunction(fn, label);
  }
  return state;
}
