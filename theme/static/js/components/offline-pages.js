// The offline page's list: every page the service worker has kept ("pages" cache), newest
// first, by its title. Without JavaScript the page's text says what to do instead.
const SUFFIX = / · [^·]*$/;

export async function init(element) {
  const list = element.querySelector("ul");
  if (!list || !("caches" in window)) return;
  const shown = new Set([...list.querySelectorAll("a")].map((link) => link.href));
  const cache = await caches.open("pages");
  const parser = new DOMParser();
  for (const request of (await cache.keys()).reverse()) {
    if (shown.has(request.url)) continue;
    shown.add(request.url);
    const response = await cache.match(request);
    const title = parser.parseFromString(await response.text(), "text/html").title.replace(SUFFIX, "");
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = request.url;
    link.textContent = title || request.url;
    item.append(link);
    list.append(item);
  }
  if (list.children.length <= 1 && element.dataset.i18nEmpty) {
    const note = document.createElement("p");
    note.textContent = element.dataset.i18nEmpty;
    element.append(note);
  }
}
