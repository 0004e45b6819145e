// Portal Literasi service worker: our own, small, no library (see README, "Offline").
// The build writes the constants above. Strategies:
// - app shell (PRECACHE: theme CSS/JS, search code, offline and search pages): cached at
//   install, one cache per VERSION; an activated new version deletes the old caches;
// - pages: network first (the newest when online), kept for offline reading and for
//   a network too slow to answer within PAGE_TIMEOUT ms, else the offline page;
// - theme files (content-hashed, immutable): cache first;
// - the search index: its head network first (it names the current build's parts; the
//   copy kept from the last search answers offline, or when the network has not within
//   PAGE_TIMEOUT ms), its parts cache first (named by their content, they never change),
//   kept per build (search-parts-<version>): a new head drops the parts of other
//   builds. A small index is kept whole after a first search; offline, a search of a
//   bigger one finds what the parts fetched before hold.
const SHELL = `shell-${VERSION}`;
const PAGES = "pages";
const HEAD = "search-head"; // the search index's head; "data" held the one-file index before
const scope = self.registration.scope;
const at = (path) => new URL(path, scope).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL)
      .then((cache) => cache.addAll(PRECACHE.map((path) => new Request(at(path), { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if ((key.startsWith("shell-") && key !== SHELL) || key === "data") await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

async function trim(cache) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - MAX_PAGES))) await cache.delete(key);
}

// The network first. The copy `kept` (a promise: looked up while the request goes out)
// answers when the network fails, or has not answered within PAGE_TIMEOUT ms (patchy
// data); the answer, when it comes, goes to `keep` all the same (a copy of it). Without
// a kept copy: the network's answer, or its failure.
async function networkFirst(event, kept, keep) {
  const network = fetch(event.request).then((response) => {
    if (response.ok) event.waitUntil(Promise.resolve(keep(response.clone())).catch(() => {}));
    return response;
  });
  event.waitUntil(network.catch(() => {}));
  const copy = await kept;
  if (!copy) return network;
  const late = new Promise((resolve) => { setTimeout(resolve, PAGE_TIMEOUT, copy); });
  return Promise.race([network.catch(() => copy), late]);
}

// Pages: kept from earlier visits; with no copy and no network, the offline page.
async function page(event) {
  const key = event.request.url.split(/[?#]/)[0];
  const keep = async (response) => {
    if (response.type !== "basic") return;
    // put() replaces the kept copy only once the new one has fully arrived, and moves
    // the entry to the end (the newest visits are kept by trim); no delete first, which
    // left no copy while a slow answer was still arriving.
    const cache = await caches.open(PAGES);
    await cache.put(key, response);
    await trim(cache);
  };
  return networkFirst(event, caches.match(key), keep)
    .catch(async () => (await caches.match(at(OFFLINE_URL))) || Response.error());
}

async function themeFile(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  try {
    return await fetch(request);
  } catch (error) {
    // A page kept from an older build links the theme under its old hash folder:
    // answer with the same file of the current version.
    const path = request.url.slice(scope.length);
    const rest = path.slice(STATIC_PREFIX.length).split("/").slice(1).join("/");
    return (await caches.match(at(STATIC_DIR + rest))) || Response.error();
  }
}

// One cache per build's parts: "search-parts-<version>" (the head's "parts" is "indeks/<version>/").
const partsCache = (version) => `search-parts-${version}`;

// The search index's head: kept from the last search; a new one drops the parts of other
// builds, and a small index is then kept whole.
async function searchHead(event) {
  const key = event.request.url.split(/[?#]/)[0];
  const keep = async (response) => {
    const index = await response.clone().json();
    await (await caches.open(HEAD)).put(key, response);
    const current = partsCache(index.parts.split("/").filter(Boolean).pop());
    for (const name of await caches.keys()) {
      if (name.startsWith("search-parts-") && name !== current) await caches.delete(name);
    }
    if (index.whole) await keepWhole(key, index, await caches.open(current));
  };
  return networkFirst(event, caches.match(key, { cacheName: HEAD }), keep);
}

// A small index (the head says "whole") is kept whole once a reader has searched: any
// word can then be searched offline. The parts not kept yet are fetched one by one.
async function keepWhole(headUrl, index, cache) {
  const names = [
    ...index.shards.map((_, n) => `istilah-${n}.json`),
    ...Array.from({ length: Math.ceil(index.count / index.chunk) }, (_, n) => `hasil-${n}.json`),
  ];
  for (const name of names) {
    const url = new URL(index.parts + name, headUrl).href;
    if (!(await cache.match(url))) {
      const response = await fetch(url);
      if (response.ok) await cache.put(url, response);
    }
  }
}

async function searchPart(request, path) {
  const cache = await caches.open(partsCache(path.slice(SEARCH_PARTS.length).split("/")[0]));
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request.url.split(/[?#]/)[0], response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || !request.url.startsWith(scope)) return;
  const path = request.url.slice(scope.length).split(/[?#]/)[0];
  if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (path === SEARCH_INDEX) {
    event.respondWith(searchHead(event));
  } else if (path.startsWith(SEARCH_PARTS)) {
    event.respondWith(searchPart(request, path));
  } else if (path.startsWith(STATIC_PREFIX)) {
    event.respondWith(themeFile(request));
  }
});
