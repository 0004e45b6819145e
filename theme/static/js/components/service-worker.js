// Registers the service worker (/sw.js, built by plugins/offline) so that visited pages,
// the app shell and the search index stay readable offline. Without it the site works as usual.
export function init(element) {
  if (!("serviceWorker" in navigator) || !element.dataset.swUrl) return;
  navigator.serviceWorker
    .register(element.dataset.swUrl, { updateViaCache: "none" })
    .catch((error) => console.warn("service worker:", error));
}
