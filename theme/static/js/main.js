// Progressive enhancement: every page works without this file. Loaded as an async
// module, so it never blocks rendering. First it applies the reader's saved display
// settings as classes on <html> (the stylesheet holds the first paint while both
// load, so they usually apply before anything is drawn; without JavaScript the CSS
// media preferences do the same job). Then, once the document is parsed, each
// element with data-module="NAME" (space-separated for several) gets
// components/NAME.js's init(element), once. Interface strings reach components as
// data-i18n-* attributes rendered by gettext.

// Display settings, kept in localStorage as the list of classes set on <html>:
// "teks-besar" (larger text), "kontras-tinggi" (high contrast).
export const SETTINGS = ["teks-besar", "kontras-tinggi"];
const SETTINGS_KEY = "portal-literasi:tampilan";

export function savedSettings() {
  try {
    const value = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? "[]");
    return Array.isArray(value) ? value.filter((name) => SETTINGS.includes(name)) : [];
  } catch {
    return []; // storage blocked or corrupt: the defaults
  }
}

export function saveSettings(root = document.documentElement) {
  const active = SETTINGS.filter((name) => root.classList.contains(name));
  try {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(active));
  } catch {
    // storage blocked: the setting lasts for this page only
  }
}

document.documentElement.classList.add(...savedSettings());

const started = new WeakMap();

function startComponents() {
  for (const element of document.querySelectorAll("[data-module]")) {
    const names = started.get(element) ?? new Set();
    started.set(element, names);
    for (const name of element.dataset.module.split(/\s+/).filter(Boolean)) {
      if (names.has(name) || !/^[a-z][a-z0-9-]*$/.test(name)) continue;
      names.add(name);
      import(`./components/${name}.js`)
        .then((component) => component.init(element))
        .catch((error) => console.error(`module ${name}:`, error));
    }
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", startComponents, { once: true });
} else {
  startComponents();
}
