// Indonesian stemmer with a root-word dictionary (Nazief–Adriani / ECS style):
// the same algorithm, line for line, as plugins/search/stemmer.py (read its
// docstring). tests/fixtures/stems_id.json and a parity test over thousands of
// words keep the two identical. `roots` is anything with has(word): in the
// browser, a Set of the roots that occur in the index.
const VOWELS = new Set(["a", "i", "u", "e", "o"]);
const PARTICLES = ["lah", "kah", "tah", "pun"];
const POSSESSIVES = ["nya", "ku", "mu"];
const MAX_PREFIXES = 3;

export function normalise(word) {
  const decomposed = String(word).toLowerCase().normalize("NFD");
  return decomposed.replace(/[^a-z0-9-]/g, "").replace(/^-+|-+$/g, "");
}

export function stem(word, roots) {
  word = normalise(word);
  if (word.includes("-")) {
    const parts = word.split("-").filter(Boolean);
    if (parts.length === 0) return "";
    const stems = parts.map((part) => stemSingle(part, roots));
    if (stems.length === 2 && stems[0] === stems[1]) return stems[0];
    if (stems.length === 2 && parts[1] === stems[0]) return stems[0];
    return stems.join("-");
  }
  return stemSingle(word, roots);
}

export function stemSingle(word, roots) {
  if (word.length <= 3 || roots.has(word)) return word;
  if (hasPrecedence(word)) {
    const found = stripPrefixes(word, roots, MAX_PREFIXES, true);
    if (found) return found;
  }
  const forms = suffixForms(word);
  for (const form of forms.slice(1)) {
    if (roots.has(form)) return form;
  }
  for (const form of forms.slice().reverse()) {
    const found = stripPrefixes(form, roots, MAX_PREFIXES);
    if (found) return found;
  }
  return word;
}

export function suffixForms(word) {
  const forms = [word];
  let current = word;
  for (const suffix of PARTICLES) {
    if (current.endsWith(suffix) && current.length - suffix.length >= 3) {
      current = current.slice(0, -suffix.length);
      forms.push(current);
      break;
    }
  }
  for (const suffix of POSSESSIVES) {
    if (current.endsWith(suffix) && current.length - suffix.length >= 3) {
      current = current.slice(0, -suffix.length);
      forms.push(current);
      break;
    }
  }
  if (current.endsWith("an") && current.length >= 5) {
    forms.push(current.slice(0, -2));
    if (current.endsWith("kan") && current.length >= 6) forms.push(current.slice(0, -3));
  } else if (current.endsWith("i") && current.length >= 4) {
    forms.push(current.slice(0, -1));
  }
  return forms;
}

export function hasPrecedence(word) {
  if (word.startsWith("be") && (word.endsWith("lah") || word.endsWith("an"))) return true;
  return ["di", "me", "pe", "te"].some((p) => word.startsWith(p)) && word.endsWith("i");
}

function stripPrefixes(word, roots, depth, suffixes = false) {
  if (depth === 0) return "";
  for (const candidate of prefixCandidates(word)) {
    if (candidate.length < 2) continue;
    if (roots.has(candidate)) return candidate;
    if (suffixes) {
      for (const form of suffixForms(candidate).slice(1)) {
        if (roots.has(form)) return form;
      }
    }
    const found = stripPrefixes(candidate, roots, depth - 1, suffixes);
    if (found) return found;
  }
  return "";
}

const startsWithAny = (word, prefixes) => prefixes.some((p) => word.startsWith(p));

export function prefixCandidates(w) {
  const at = (i) => (i < w.length ? w[i] : "");
  if (startsWithAny(w, ["di", "ke", "se"])) return [w.slice(2)];
  if (startsWithAny(w, ["be", "te", "pe"]) && at(2) === "r") {
    if (VOWELS.has(at(3))) return [w.slice(3), w.slice(2)];
    return [w.slice(3)];
  }
  if (w.startsWith("belajar") || w.startsWith("pelajar")) return [w.slice(3)];
  if (startsWithAny(w, ["be", "te"])) return [w.slice(2)];
  if (startsWithAny(w, ["me", "pe"])) return nasalCandidates(w);
  return [];
}

function nasalCandidates(w) {
  const at = (i) => (i < w.length ? w[i] : "");
  const c2 = at(2);
  const c3 = at(3);
  const c4 = at(4);
  if (w.slice(2, 4) === "ng") {
    if (VOWELS.has(c4)) return [w.slice(4), "k" + w.slice(4)];
    return [w.slice(4)];
  }
  if (w.slice(2, 4) === "ny") {
    if (VOWELS.has(c4)) return ["s" + w.slice(4), w.slice(2)];
    return [w.slice(2)];
  }
  if (c2 === "m") {
    if (VOWELS.has(c3)) return [w.slice(2), "p" + w.slice(3)];
    if (["b", "f", "v", "p"].includes(c3)) return [w.slice(3)];
    return [w.slice(2)];
  }
  if (c2 === "n") {
    if (VOWELS.has(c3)) return [w.slice(2), "t" + w.slice(3)];
    if (["c", "d", "j", "s", "t", "z"].includes(c3)) return [w.slice(3)];
    return [w.slice(2)];
  }
  return [w.slice(2)];
}
