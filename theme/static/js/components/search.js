// The search page (data-module="search" on /cari/): loads lunr.js and the index's
// head only when the reader goes to the search field, then only the parts of the index a
// query needs and the texts of the results shown; keeps the query and filters in the URL
// (?q=…&jenis=…&format=…&lokal=1; the back button restores them), renders
// results from text nodes and <mark> elements only (never HTML from the index),
// announces the count in an aria-live region, and works from the keyboard.
// Nothing painted moves when it starts or when results arrive (cari.html, search.css).
// The search logic itself is ../search/engine.js (tested in Node).
import {
  countByType, documents, filterResults, highlightSegments, loadIndex, query,
} from "../search/engine.js";

const PAGE_SIZE = 20;
const DEBOUNCE_MS = 250;
const LOADING_MS = 300; // parts slower than this (a slow connection): the status says it is loading

function loadScript(src) {
  return new Promise((resolve, reject) => {
    if (window.lunr) return resolve(window.lunr);
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => (window.lunr ? resolve(window.lunr) : reject(new Error("lunr missing")));
    script.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.append(script);
  });
}

function format(template, values) {
  return String(template ?? "").replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));
}

// Only our own relative site URLs become links.
function safeHref(siteUrl, url) {
  return /^[a-z0-9][a-z0-9/._-]*$/i.test(url) ? siteUrl + url : siteUrl;
}

function appendHighlighted(parent, text, stems) {
  for (const { text: part, mark } of highlightSegments(text, stems)) {
    if (mark) {
      const element = document.createElement("mark");
      element.textContent = part;
      parent.append(element);
    } else {
      parent.append(document.createTextNode(part));
    }
  }
}

export function init(root) {
  if (root.dataset.searchStarted) return;
  root.dataset.searchStarted = "true";
  const form = root.querySelector("form");
  const input = form.querySelector('input[name="q"]');
  const filters = form.querySelector(".search-filters");
  const status = root.querySelector(".search-status");
  const list = root.querySelector(".search-results");
  const more = root.querySelector(".search-more");
  // The catalogue lists: results take their place while there are any.
  const fallback = root.querySelector(".search-fallback");
  const text = (key) => root.dataset[`i18n${key.replace(/(^|-)([a-z])/g, (m, d, c) => c.toUpperCase())}`] ?? "";
  const siteUrl = root.dataset.siteUrl || "/";
  let engine = null;
  let loading = null;
  let shown = PAGE_SIZE;
  let timer = 0;
  let current = null;

  filters.hidden = false;
  more.textContent = text("more");

  // The head and lunr.js start loading when the reader goes to the field (focus) or types,
  // so that they arrive while the first word is typed (0.8 s for a big catalogue's head on
  // slow 4G); the status says "loading" only when a query has to wait for them.
  function ensureEngine() {
    loading ??= (async () => {
      const indexUrl = new URL(root.dataset.indexUrl, window.location.href);
      const fetchJson = (url, options) => fetch(url, options).then((response) => {
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        return response.json();
      });
      // The head is checked with the server even where a host lets browsers keep it a
      // while (GitHub Pages: 10 minutes): it names the parts of the build now online.
      const [lunr, head] = await Promise.all([
        loadScript(root.dataset.lunrUrl), fetchJson(indexUrl, { cache: "no-cache" }),
      ]);
      engine = loadIndex(lunr, head, (path) => fetchJson(new URL(path, indexUrl)));
      return engine;
    })();
    loading.catch(() => {
      loading = null; // the next search tries again (the network may be back)
    });
    return loading;
  }

  function readForm() {
    const data = new FormData(form);
    return {
      q: String(data.get("q") || "").trim(),
      types: data.getAll("jenis").map(String),
      formats: data.getAll("format").map(String),
      local: data.get("lokal") === "1",
    };
  }

  function writeForm(state) {
    input.value = state.q;
    for (const box of form.querySelectorAll('input[type="checkbox"]')) {
      if (box.name === "jenis") box.checked = state.types.includes(box.value);
      if (box.name === "format") box.checked = state.formats.includes(box.value);
      if (box.name === "lokal") box.checked = state.local;
    }
  }

  function stateFromUrl() {
    const params = new URLSearchParams(window.location.search);
    return {
      q: (params.get("q") || "").trim(),
      types: params.getAll("jenis"),
      formats: params.getAll("format"),
      local: params.get("lokal") === "1",
    };
  }

  function urlFor(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const type of state.types) params.append("jenis", type);
    for (const value of state.formats) params.append("format", value);
    if (state.local) params.set("lokal", "1");
    const search = params.toString();
    return `${window.location.pathname}${search ? `?${search}` : ""}`;
  }

  function remember(state, push) {
    const url = urlFor(state);
    if (url === `${window.location.pathname}${window.location.search}`) return;
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }

  function resultItem(doc, stems) {
    const item = document.createElement("li");
    item.className = `search-result search-result-${doc.y}`;
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = safeHref(siteUrl, doc.u);
    appendHighlighted(link, doc.t, stems);
    heading.append(link);
    const meta = document.createElement("p");
    meta.className = "search-result-meta";
    const badge = document.createElement("span");
    badge.className = "badge search-type";
    badge.textContent = text(`type-${doc.y}`) || doc.y;
    meta.append(badge);
    const details = [];
    if (doc.by) details.push(doc.by);
    if (doc.f && doc.f.length) details.push(doc.f.map((f) => text(`format-${f}`) || f).join(", "));
    if (doc.l) details.push(text("local"));
    if (doc.a) {
      const [available, total] = doc.a;
      details.push(available > 0 ? format(text("available"), { available, total }) : text("unavailable"));
    }
    if (details.length) meta.append(document.createTextNode(` ${details.join(" · ")}`));
    item.append(heading, meta);
    if (doc.s) {
      const snippet = document.createElement("p");
      snippet.className = "search-snippet";
      appendHighlighted(snippet, doc.s, stems);
      item.append(snippet);
    }
    return item;
  }

  let rendering = 0; // the newest render; an older one that finishes later does nothing

  async function render() {
    const state = readForm();
    if (!engine) return;
    const turn = ++rendering;
    if (!state.q) {
      list.replaceChildren();
      list.hidden = true;
      more.hidden = true;
      fallback.hidden = false;
      status.textContent = text("empty");
      return;
    }
    // The parts this query needs may take a while on a slow connection: say so instead of
    // leaving the last query's results announced as if they were this one's.
    const slow = window.setTimeout(() => {
      if (turn === rendering) status.textContent = text("loading");
    }, LOADING_MS);
    let filtered;
    let texts;
    try {
      if (!current || current.q !== state.q) {
        const answer = { q: state.q, ...(await query(engine, state.q)) };
        if (turn !== rendering) return;
        current = answer;
      }
      filtered = filterResults(current.results, state);
      texts = await documents(engine, filtered.slice(0, shown).map(({ ref }) => ref));
    } finally {
      window.clearTimeout(slow);
    }
    if (turn !== rendering) return;
    const { results, terms } = current;
    const counts = countByType(results);
    for (const badge of form.querySelectorAll("[data-count]")) {
      badge.textContent = `(${counts[badge.dataset.count] || 0})`;
    }
    const stems = new Set(terms.map((t) => t.term));
    list.replaceChildren(...texts.map((doc) => resultItem(doc, stems)));
    list.hidden = filtered.length === 0;
    fallback.hidden = filtered.length > 0;
    more.hidden = filtered.length <= shown;
    const values = { count: filtered.length, total: results.length, query: state.q };
    let message;
    if (filtered.length === 0) message = format(text("none"), values);
    else if (filtered.length !== results.length) message = format(text("results-filtered"), values);
    else if (filtered.length === 1) message = format(text("results-one"), values);
    else message = format(text("results"), values);
    if (terms.some((t) => t.typo) && results.length) message += ` ${text("typo")}`;
    status.textContent = message;
  }

  async function run() {
    try {
      if (!engine) status.textContent = text("loading");
      await ensureEngine();
      await render();
    } catch (error) {
      console.error("search:", error);
      status.textContent = text("error");
      // The next search starts again from the index's head: a part may be missing because
      // a new build replaced the parts this head named, or the network may be back.
      engine = null;
      loading = null;
      current = null;
    }
  }

  const preload = () => ensureEngine().catch(() => {}); // a failure shows when a query runs
  input.addEventListener("focus", preload, { once: true });
  input.addEventListener("input", () => {
    if (!engine) preload();
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      shown = PAGE_SIZE;
      remember(readForm(), false);
      run();
    }, DEBOUNCE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    shown = PAGE_SIZE;
    remember(readForm(), true);
    run();
  });
  form.addEventListener("change", (event) => {
    if (event.target.type !== "checkbox") return;
    shown = PAGE_SIZE;
    remember(readForm(), false);
    if (readForm().q) run();
  });
  more.addEventListener("click", async () => {
    const first = shown;
    shown += PAGE_SIZE;
    await run();
    list.children[first]?.querySelector("a")?.focus();
  });
  window.addEventListener("popstate", () => {
    writeForm(stateFromUrl());
    shown = PAGE_SIZE;
    if (input.value || engine) run();
  });

  // Arrow keys: from the field down through the result links and back up.
  root.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = [...list.querySelectorAll(".search-result h2 a")];
    if (links.length === 0) return;
    const position = event.target === input ? -1 : links.indexOf(event.target);
    if (event.target !== input && position === -1) return;
    const next = position + (event.key === "ArrowDown" ? 1 : -1);
    event.preventDefault();
    if (next < 0) input.focus();
    else links[Math.min(next, links.length - 1)].focus();
  });

  // A query typed before this module started is kept; else the URL's is shown.
  const initial = stateFromUrl();
  if (!input.value) writeForm(initial);
  if (input.value) run();
}
